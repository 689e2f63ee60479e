"""Speed-ups in the pattern language must not change a single match.

Each test compares a fast path with the plain formulation it replaced, written
out here as the oracle: the shorter expansion of a space in a rule, the ASCII
path of ``prepare_text``, and asking a rule's previous-turn conditions once per
turn.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzer.detectors.patterns import MASK, Vocabulary, prepare_text
from analyzer.detectors.registry import shipped_rulebook
from analyzer.detectors.rules_engine import CompiledRule, PreparedSentence
from analyzer.model import LABELS, Label

# What a space in a rule used to expand to: "some whitespace, or none after whitespace".
PLAIN_SPACE = r"(?:\s+|(?<=\s))"
FAST_SPACE = r"\s*(?<=\s)"


APOSTROPHES: dict[str, str | int | None] = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"}
QUOTES: dict[str, str | int | None] = {"\u201c": '"', "\u201d": '"'}


def _plain_prepare(text: str, masks: list[tuple[int, int]]) -> str:
    """``prepare_text`` as first written, character by character."""
    chars = [ch.lower() if len(ch.lower()) == 1 else ch for ch in text]
    prepared = "".join(" " if ch.isspace() else ch for ch in chars)
    prepared = prepared.translate(str.maketrans(APOSTROPHES)).translate(str.maketrans(QUOTES))
    out = list(prepared)
    for start, end in masks:
        out[max(0, start) : min(len(out), end)] = MASK * (min(len(out), end) - max(0, start))
    return "".join(out)


# --- prepare_text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Send me SOME info.",
        "tabs\tand\nnewlines\r\nand\x0bvertical\x0cfeeds",
        "file\x1cgroup\x1drecord\x1eunit\x1fseparators",  # str.isspace() holds for these
        "it`s a `backtick`",
        "",
        # near misses: not ASCII, so the general path runs
        "I\u2019LL send it",
        "\u0130stanbul office",  # lower-cases to two characters: kept as is
        "\u039f\u0394\u039f\u03a3 plan",  # a final sigma depends on context in str.lower()
        "no\u00a0break\u2003space",
    ],
)
def test_prepare_text_matches_the_character_by_character_definition(text: str) -> None:
    assert prepare_text(text, ()) == _plain_prepare(text, [])


@given(
    st.text(alphabet=st.characters(max_codepoint=127)),
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=3),
)
def test_prepare_text_ascii_path_is_the_plain_one(text: str, masks: list[tuple[int, int]]) -> None:
    assert prepare_text(text, masks) == _plain_prepare(text, masks)


@given(st.text(), st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=3))
def test_prepare_text_any_text_is_the_plain_one(text: str, masks: list[tuple[int, int]]) -> None:
    assert prepare_text(text, masks) == _plain_prepare(text, masks)


# --- the expansion of a space ---------------------------------------------------------------


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary(
        {
            "FIRM_DATE": ["(?:next |this )?tuesday|tomorrow"],
            "DURATION": ["hours?"],
            "CONTRAST": ["but"],
            "SEND": ["send|email|shoot (?:it )?over"],
            "THING": ["(?:the )?deck|(?:some )?info"],
        }
    )


SPACED = [
    "{SEND} me {W2}{THING}",
    "(?:the )? ?deck",
    "(?:i'll |we'll )?{SEND} {W3}{THING}(?: by {DATE})?",
    "let's say {DATE}",
    "(?:a |the )*info",
    "20 ?% off",
    "send (?:it )? over",  # an optional group's trailing space meets the next space
    "(?:the )? (?:deck)?",  # here which of "some space" or "none" is tried first shows
]


def _plain_compile(vocab: Vocabulary, pattern: str) -> re.Pattern[str]:
    expanded = vocab.expand(pattern)
    assert FAST_SPACE in expanded  # the comparison below is about something
    return re.compile(Vocabulary.wrap(expanded.replace(FAST_SPACE, PLAIN_SPACE)))


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


PIECES = [
    *("send", "email", "shoot", "it", "over", "me", "the", "deck", "some", "info", "a"),
    *("let's", "say", "next", "tuesday", "20", "%", "off", "by", "x"),
    *(" ", "  ", "\t", ",", MASK),
]


@pytest.mark.parametrize("pattern", SPACED)
@given(words=st.lists(st.sampled_from(PIECES), max_size=16))
def test_a_space_matches_exactly_as_before(
    vocab: Vocabulary, pattern: str, words: list[str]
) -> None:
    text = "".join(words)
    assert _spans(vocab.compile(pattern), text) == _spans(_plain_compile(vocab, pattern), text)


@pytest.mark.parametrize(
    ("pattern", "text", "matched"),
    [
        ("send (?:it )? over", "send over", "send over"),
        ("send (?:it )? over", "send it  over", "send it  over"),
        ("send (?:it )? over", "sendover", None),
        ("(?:the )? (?:deck)?", "the  deck", "the  deck"),
        ("{SEND} me", "email\t\tme", "email\t\tme"),
        ("{SEND} me", "emailme", None),
    ],
)
def test_a_space_in_context(
    vocab: Vocabulary, pattern: str, text: str, matched: str | None
) -> None:
    for compiled in (vocab.compile(pattern), _plain_compile(vocab, pattern)):
        found = compiled.search(text)
        assert (found.group(0) if found else None) == matched


def _example_texts() -> list[str]:
    texts = []
    for rule_set in shipped_rulebook().rule_sets.values():
        for rule in rule_set.rules:
            for example in (*rule.examples, *rule.near_misses):
                texts.append(prepare_text(example.text, ()))
                if example.previous:
                    texts.append(prepare_text(example.previous, ()))
    return texts


def _shipped_patterns(label: Label) -> list[re.Pattern[str]]:
    book = shipped_rulebook()
    found: list[re.Pattern[str]] = []
    for rule in book.rule_sets[label].rules:
        found += [*rule.patterns, *rule.unless, *rule.requires_previous, *rule.unless_previous]
    return found


def _context_patterns() -> list[re.Pattern[str]]:
    context = shipped_rulebook().context
    return [
        *context.termination_markers,
        *context.termination_leading,
        *context.dated_step_markers,
        *context.question_openers,
        *context.side_item_markers,
        *context.negation_pseudo,
        *context.hedge.markers,
        *context.trade.markers,
        *(marker for group in context.hypothetical for marker in group.markers),
    ]


@pytest.mark.parametrize("group", [*LABELS, "context"])
def test_every_shipped_pattern_matches_the_examples_as_before(group: str) -> None:
    patterns = _context_patterns() if group == "context" else _shipped_patterns(group)  # type: ignore[arg-type]
    texts = _example_texts()
    spaced = 0
    for compiled in patterns:
        plain = re.compile(compiled.pattern.replace(FAST_SPACE, PLAIN_SPACE))
        spaced += plain.pattern != compiled.pattern
        for text in texts:
            assert _spans(compiled, text) == _spans(plain, text), (compiled.pattern[:80], text)
    assert spaced >= 10


# --- previous-turn conditions asked once per turn -------------------------------------------


@pytest.fixture(scope="module")
def answer_rule() -> CompiledRule:
    """A rule that needs the previous turn to ask and not to mention a price."""
    vocab = Vocabulary({"FIRM_DATE": ["tuesday"], "DURATION": ["hours?"], "CONTRAST": ["but"]})
    return CompiledRule(
        label="commitment",
        id="answer",
        version=1,
        score=0.8,
        patterns=(vocab.compile("works for me"),),
        unless=(vocab.compile("not"),),
        requires=frozenset(),
        requires_previous=(vocab.compile("does tuesday work"),),
        unless_previous=(vocab.compile("price"),),
        ignore_context=frozenset(),
        examples=(),
        near_misses=(),
    )


@pytest.mark.parametrize(
    ("previous", "sentence", "fires"),
    [
        ("does tuesday work?", "tuesday works for me.", True),
        (None, "tuesday works for me.", False),  # needs a previous turn
        ("does monday work?", "tuesday works for me.", False),  # near miss: another ask
        ("does tuesday work at that price?", "tuesday works for me.", False),
        ("does tuesday work?", "that does not work for me.", False),
        ("does tuesday work?", "that works for me, not.", False),  # `unless` in the sentence
    ],
)
def test_match_is_previous_conditions_then_sentence(
    answer_rule: CompiledRule, previous: str | None, sentence: str, fires: bool
) -> None:
    vocab = Vocabulary({"FIRM_DATE": ["tuesday"], "DURATION": ["hours?"], "CONTRAST": ["but"]})
    prepared = PreparedSentence(0, len(sentence), sentence, vocab)
    whole = answer_rule.match(prepared, previous)
    split = answer_rule.match_sentence(prepared) if answer_rule.allows_previous(previous) else None
    assert (whole is not None) is fires
    assert (whole.span() if whole else None) == (split.span() if split else None)
