"""find_next_step(): what, owner, due date and due text, on real spaCy docs."""

from __future__ import annotations

import datetime as dt

import pytest

from analyzer.model import Label
from analyzer.nlp import NLP
from analyzer.scoring import find_next_step

from .builders import PROSPECT, SELLER, Row, finding, make_call, prospect, seller

pytestmark = pytest.mark.slow

WED = dt.date(2026, 3, 4)
BOTH = f"{SELLER} and {PROSPECT}"


@pytest.mark.parametrize(
    ("proposal", "reply", "commits", "text_from", "owner", "due", "due_text"),
    [
        pytest.param(
            "Could you get us the security questionnaire?",
            "I'll get you the security questionnaire by Friday.",
            True,
            "reply",
            PROSPECT,
            dt.date(2026, 3, 6),
            "by Friday",
            id="prospect-owns-own-action",
        ),
        pytest.param(
            "Does Tuesday at two work for the demo?",
            "Tuesday at two works, send the invite.",
            True,
            "reply",
            SELLER,
            dt.date(2026, 3, 10),
            "Tuesday",
            id="imperative-makes-seller-owner",
        ),
        pytest.param(
            "How about we book the demo for the 14th?",
            "Yes, let's do that.",
            True,
            "proposal",
            BOTH,
            dt.date(2026, 3, 14),
            "for the 14th",
            id="bare-yes-takes-the-proposal",
        ),
        pytest.param(
            "Where do we go from here?",
            "Send over the contract, I'll sign it this week.",
            True,
            "reply",
            PROSPECT,
            dt.date(2026, 3, 6),
            "this week",
            id="dated-clause-decides-owner",
        ),
        pytest.param(
            "Should we get your CFO involved?",
            "I'll bring our CFO to Thursday's call.",
            True,
            "reply",
            PROSPECT,
            dt.date(2026, 3, 5),
            "Thursday",
            id="undated-proposal-own-date",
        ),
        pytest.param(
            "Would next Tuesday at 2pm work? I'll send you an invite.",
            "Yes, that works.",
            False,
            "proposal",
            None,
            dt.date(2026, 3, 10),
            "next Tuesday",
            id="acceptance-without-finding",
        ),
        pytest.param(
            "Can you send me the signed order form by the end of the month?",
            "Sure, will do.",
            False,
            "proposal",
            PROSPECT,
            dt.date(2026, 3, 31),
            "by the end of the month",
            id="request-makes-prospect-owner",
        ),
        pytest.param(
            "What would you like to do next?",
            "We'll go ahead with the annual plan.",
            True,
            "reply",
            PROSPECT,
            None,
            None,
            id="undated-commitment",
        ),
    ],
)
def test_next_step(
    nlp: NLP,
    proposal: str,
    reply: str,
    commits: bool,
    text_from: str,
    owner: str | None,
    due: dt.date | None,
    due_text: str | None,
) -> None:
    call = make_call(
        nlp, [seller("Great call so far."), seller(proposal), prospect(reply)], date=WED
    )
    findings = [finding(call, 2, "commitment")] if commits else []
    step = find_next_step(call, findings)
    assert step is not None
    assert step.turn == 2
    source = call.turns[1].text if text_from == "proposal" else call.turns[2].text
    assert step.text and step.text in source
    assert (step.owner, step.due, step.due_text) == (owner, due, due_text)
    if step.due_text is not None:
        assert step.due_text in call.turns[1].text + call.turns[2].text


def test_unknown_call_date_keeps_the_words(nlp: NLP) -> None:
    rows = [seller("Would next Tuesday work for the demo?"), prospect("Yes, that works.")]
    step = find_next_step(make_call(nlp, rows, date=None), [])
    assert step is not None
    assert (step.due, step.due_text) == (None, "next Tuesday")


def test_vague_due_is_quoted_not_resolved(nlp: NLP) -> None:
    rows = [
        seller("What happens next?"),
        prospect("I'll send the signed order after the holidays."),
    ]
    call = make_call(nlp, rows, date=WED)
    step = find_next_step(call, [finding(call, 1, "commitment")])
    assert step is not None
    assert (step.owner, step.due, step.due_text) == (PROSPECT, None, "after the holidays")


def test_the_last_agreement_counts(nlp: NLP) -> None:
    rows = [
        seller("Could we do a call on the 10th?"),
        prospect("Yes, the 10th works."),
        seller("And could you loop in legal by the 20th?"),
        prospect("I'll loop in legal by the 20th."),
    ]
    call = make_call(nlp, rows, date=WED)
    step = find_next_step(call, [finding(call, 3, "commitment")])
    assert step is not None
    assert (step.turn, step.due) == (3, dt.date(2026, 3, 20))


@pytest.mark.parametrize(
    ("rows", "marks"),
    [
        pytest.param(
            [seller("Would Tuesday work?"), prospect("Let me think it over and get back to you.")],
            [(1, "stall")],
            id="stall-is-not-a-step",
        ),
        pytest.param(
            [seller("Would Tuesday work?"), prospect("Not sure Tuesday works.")],
            [],
            id="negated-acceptance",
        ),
        pytest.param(
            [
                seller("Does the 14th work for the pilot kickoff?"),
                prospect("Yes, the 14th works."),
                seller("Great."),
                prospect("Actually, we need to put the pilot on hold."),
            ],
            [],
            id="withdrawn-later",
        ),
        pytest.param(
            [
                seller("Would Tuesday work for a demo?"),
                prospect("Tuesday works."),
                seller("Great."),
                prospect("On reflection this isn't a fit for us."),
            ],
            [(3, "decline")],
            id="declined-later",
        ),
        pytest.param(
            [seller("Any questions?"), prospect("No, thanks.")],
            [],
            id="nothing-agreed",
        ),
        pytest.param(
            [seller("Should I release the 29th, or hold it?"), prospect("Yeah, release it.")],
            [],
            id="yes-to-giving-the-date-up",
        ),
    ],
)
def test_no_next_step(nlp: NLP, rows: list[Row], marks: list[tuple[int, Label]]) -> None:
    call = make_call(nlp, rows, date=WED)
    findings = [finding(call, turn, label) for turn, label in marks]
    assert find_next_step(call, findings) is None


def test_a_pushed_out_decision_keeps_the_agreed_step(nlp: NLP) -> None:
    rows = [
        seller("Does Friday work for the workshop?"),
        prospect("Friday works."),
        seller("Great."),
        prospect("The board decision moves from March to June, though."),
    ]
    step = find_next_step(make_call(nlp, rows, date=WED), [])
    assert step is not None and step.due == dt.date(2026, 3, 6)


def test_a_regress_call_keeps_the_step_that_serves_the_reopened_stage(nlp: NLP) -> None:
    """labeling.md 7: the exception to "no next step on a regress call"."""
    rows = [
        prospect("The board decision moves from March to June."),
        seller("Could we put a working session on the calendar for the 22nd?"),
        prospect("Yes, the 22nd works."),
    ]
    step = find_next_step(make_call(nlp, rows, date=WED), [])
    assert step is not None and (step.turn, step.due) == (2, dt.date(2026, 3, 22))
