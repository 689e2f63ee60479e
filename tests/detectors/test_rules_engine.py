"""Loading and validating rules files, and the pattern language itself."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzer.detectors.patterns import MASK, PatternError, Vocabulary, prepare_text
from analyzer.detectors.registry import default_detectors, run_detectors, shipped_rulebook
from analyzer.detectors.rule_schema import ExampleSpec
from analyzer.detectors.rules_engine import RULES_DIR, load_rulebook
from analyzer.errors import ConfigError
from analyzer.model import LABEL_ROLE, LABELS
from analyzer.nlp import NLP

from .builders import build_call, exchange


def test_shipped_rules_load_with_many_cues_per_label() -> None:
    book = shipped_rulebook()
    assert set(book.rule_sets) == set(LABELS)
    for rule_set in book.rule_sets.values():
        assert len(rule_set.rules) >= 5
        assert sum(len(rule.patterns) for rule in rule_set.rules) >= 20
        for rule in rule_set.rules:
            assert re.fullmatch(rf"{rule_set.label}\.[a-z_]+@\d+", rule.name)
            assert rule.examples, f"{rule.name} documents no example"


# --- broken rules files fail at load, naming file and line ------------------------------------


def _broken(tmp_path: Path, name: str, old: str, new: str, sentinel: str) -> tuple[Path, int]:
    """Copy the shipped rules and edit one file; return the folder and the sentinel's line."""
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    line = text[:at].count("\n") + 1 + new[: new.index(sentinel)].count("\n")
    return folder, line


PATTERNS = "    patterns:\n"

BROKEN = [
    # (file, old text, new text, sentinel on the bad line, expected words in the message)
    (
        "stall.yaml",
        PATTERNS,
        PATTERNS + '      - "(?:unclosed group"\n',
        "unclosed group",
        "invalid regular expression",
    ),
    (
        "stall.yaml",
        PATTERNS,
        PATTERNS + '      - "{NOT_A_PLACEHOLDER} info"\n',
        "NOT_A_PLACEHOLDER",
        "unknown placeholder",
    ),
    (
        "stall.yaml",
        "    ignore_context: [question]\n",
        "    ignore_context: [question]\n    requirez: [date]\n",
        "requirez",
        "Extra inputs are not permitted",
    ),
    ("decline.yaml", "    score: 0.85\n", "    score: 1.5\n", "score: 1.5", "less than or equal"),
    ("decline.yaml", "  - id: not_a_fit", "  - id: other_vendor", "id: other_vendor", "duplicate"),
    ("giveaway.yaml", "requires: [no_date]", "requires: [dated]", "requires: [dated]", "requires"),
    (
        "commitment.yaml",
        "    ignore_context: [question]\n",
        "    ignore_context: [questions]\n",
        "[questions]",
        "ignore_context",
    ),
    ("stall.yaml", "  - id: thinking_time", "  - id: thinking_time\n   oops: [", "oops", "YAML"),
    (
        "context.yaml",
        '  markers: ["{DATED_PROPOSAL}"]',
        '  markers: ["(?<=x+)"]',
        "(?<=x+)",
        "regular",
    ),
    ("vocabulary.yaml", '  I: ["i", "we"]', '  I: ["i", "we", "{ME}"]', '{ME}"]', "loop"),
    ("decline.yaml", "label: decline", "label: stall", "label: stall", "file name"),
    ("stall.yaml", PATTERNS, PATTERNS + '      - "(?:maybe)?"\n', "(?:maybe)?", "empty"),
]


@pytest.mark.parametrize(("name", "old", "new", "sentinel", "words"), BROKEN)
def test_a_broken_rules_file_fails_with_file_and_line(
    tmp_path: Path, name: str, old: str, new: str, sentinel: str, words: str
) -> None:
    folder, line = _broken(tmp_path, name, old, new, sentinel)
    with pytest.raises(ConfigError) as caught:
        load_rulebook(folder)
    error = caught.value
    assert error.path == str(folder / name)
    assert words.lower() in str(error).lower()
    if name != "vocabulary.yaml":  # a loop is reported on the placeholder list
        assert error.line == line
    assert str(error).startswith(f"{folder / name}:{error.line}: ")
    assert error.exit_code == 2


def test_a_missing_rules_file_is_a_config_error(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    (folder / "giveaway.yaml").unlink()
    with pytest.raises(ConfigError, match=r"giveaway\.yaml: cannot read") as caught:
        load_rulebook(folder)
    assert caught.value.fix == "check the path, and save the file as UTF-8"


# --- the pattern language -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary(
        {
            "FIRM_DATE": ["tuesday|tomorrow"],
            "DURATION": ["hours?"],
            "CONTRAST": ["but"],
            "SEND": ["send|email"],
            "THING": ["deck|info"],
            "BOTH": ["{SEND} {THING}"],
        }
    )


@pytest.mark.parametrize(
    ("pattern", "text", "matched"),
    [
        ("send", "please send it", "send"),
        ("send", "the sender", None),  # implicit word boundaries
        ("{SEND} me", "email   me", "email   me"),  # a space is any whitespace
        ("20 ?%", "knock 20% off", "20%"),
        ("{SEND} {W2}{THING}", "send me the deck", "send me the deck"),
        ("{SEND} {W1}{THING}", "send me the deck", None),  # the gap is bounded
        ("{SEND} {W3}{THING}", "send me, the deck", None),  # and never crosses a comma
        ("{BOTH}", "email info", "email info"),  # placeholders nest
        ("call {DATE}", "call tuesday", "call tuesday"),
        ("call {DATE}", f"call {MASK * 9}", f"call {MASK * 9}"),  # a masked spaCy date
        ("call {DATE}", "call next quarter", None),
    ],
)
def test_pattern_language(vocab: Vocabulary, pattern: str, text: str, matched: str | None) -> None:
    found = vocab.compile(pattern).search(text)
    assert (found.group(0) if found else None) == matched


@pytest.mark.parametrize(
    ("pattern", "words"),
    [("{NOPE}", "unknown placeholder"), ("(", "invalid"), ("(?:x)?", "empty")],
)
def test_bad_patterns_are_rejected(vocab: Vocabulary, pattern: str, words: str) -> None:
    with pytest.raises(PatternError, match=words):
        vocab.compile(pattern)


def test_vocabulary_requires_the_date_placeholders() -> None:
    with pytest.raises(PatternError, match="FIRM_DATE"):
        Vocabulary({"DURATION": ["x"], "CONTRAST": ["but"]})


@given(st.text(), st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=3))
def test_prepared_text_keeps_every_offset(text: str, masks: list[tuple[int, int]]) -> None:
    prepared = prepare_text(text, masks)
    assert len(prepared) == len(text)
    for start, end in masks:
        assert set(prepared[start:end]) <= {MASK}


def test_prepared_text_normalises_case_apostrophes_and_space() -> None:
    assert prepare_text("I\u2019LL\tSend", ()) == "i'll send"


# --- every rule's own examples and near misses, through the whole pass --------------------------

CASES = [
    (rule.name, example, want)
    for rule_set in shipped_rulebook().rule_sets.values()
    for rule in rule_set.rules
    for examples, want in ((rule.examples, True), (rule.near_misses, False))
    for example in examples
]


@pytest.mark.slow
@pytest.mark.parametrize(("rule", "example", "fires"), CASES, ids=[c[0] for c in CASES])
def test_rule_examples_and_near_misses(
    nlp: NLP, rule: str, example: ExampleSpec, fires: bool
) -> None:
    label = next(label for label in LABELS if rule.startswith(f"{label}."))
    call = build_call(nlp, exchange(example.previous, example.text, LABEL_ROLE[label]))
    kept, _ = run_detectors(call, default_detectors())
    last = len(call.turns) - 1
    assert any(f.label == label and f.turn == last for f in kept) is fires
