"""The cue file: shipped rules load; bad files fail with file and line; negation."""

from __future__ import annotations

import pytest

from analyzer.errors import ConfigError
from analyzer.scoring.cues import GROUPS, load_cues, parse_cues


def _file(regress: str = "", negation: str | None = None, extra_group: str = "") -> str:
    groups = "\n".join(f"  {g}: []" for g in GROUPS if g != "regress")
    negation = negation or (
        "negation:\n  window: 4\n  negators: [not, never]\n  hypothetical: [if]\n"
        "  clause_break: '[,;]'\n"
    )
    return (
        f"version: 1\n{negation}groups:\n  regress:\n{regress or '    []'}\n{groups}\n{extra_group}"
    )


def test_shipped_rules_load_and_cover_every_group() -> None:
    cues = load_cues()
    assert [name for name, _ in cues.groups] == list(GROUPS)
    assert all(cues.rules(group) for group in GROUPS)
    assert all(rule.kind for rule in cues.rules("regress"))


def test_a_minimal_valid_file() -> None:
    cues = parse_cues(_file("    - {id: hold, kind: withdraw, pattern: 'on hold'}"), "mine.yaml")
    assert cues.first("regress", "Put it on hold.") is not None


def _line_of(text: str, marker: str) -> int:
    """1-based line of the last line containing ``marker``."""
    return max(i for i, line in enumerate(text.splitlines(), start=1) if marker in line)


@pytest.mark.parametrize(
    ("text", "marker", "message"),
    [
        (
            _file("    - {id: hold, kind: withdraw, pattern: '(on hold'}"),
            "(on hold",
            "invalid regular",
        ),
        (_file("    - {id: hold, pattern: 'on hold'}"), "id: hold", "needs `kind"),
        (_file("    - {id: hold, kind: sideways, pattern: 'x'}"), "sideways", "kind"),
        (_file("    - {id: hold, kind: withdraw, patern: 'x'}"), "patern", "patern"),
        (
            _file(
                "    - {id: hold, kind: withdraw, pattern: 'a'}\n"
                "    - {id: hold, kind: withdraw, pattern: 'b'}"
            ),
            "pattern: 'b'",
            "duplicate id",
        ),
        (_file(extra_group="  mystery: []\n"), "version", "unknown cue group"),
        (_file(negation="negation:\n  window: many\n"), "window: many", "window"),
    ],
)
def test_bad_files_name_file_and_line(text: str, marker: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_cues(text, "mine.yaml")
    assert info.value.path == "mine.yaml"
    assert info.value.line == _line_of(text, marker)
    assert message in str(info.value)
    assert str(info.value).startswith(f"mine.yaml:{info.value.line}: ")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("version: 1\nnegation: [\n", 3, "not valid YAML"),
        ("- just a list\n", None, "expected a mapping"),
    ],
)
def test_unreadable_files(text: str, line: int | None, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        parse_cues(text, "mine.yaml")
    assert info.value.line == line


def test_missing_group_is_reported() -> None:
    text = _file().replace("  chasing: []\n", "")
    with pytest.raises(ConfigError, match="missing cue group"):
        parse_cues(text, "mine.yaml")


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("We need to put the pilot on hold.", "withdraw"),
        ("Let's cancel Thursday's session.", "withdraw"),
        ("We want to revisit the requirements from scratch.", "reopen"),
        ("The board decision moves from March to June.", "push_out"),
        ("We're pushing the go-live back to Q3.", "push_out"),
        ("We can't make a decision until the board meets in June.", "push_out"),
        ("No, let's put it on hold.", "withdraw"),  # "no," ends its own clause
        # near misses: negated, hypothetical, or not about the deal
        ("We don't need to put the pilot on hold.", None),
        ("We won't push the decision out.", None),
        ("If we have to push the decision out, I'll tell you.", None),
        ("There's never a reason to cancel the pilot.", None),
        ("Let's move to the next slide.", None),
        ("The decision is still March.", None),
    ],
)
def test_regress_cues_with_negation(sentence: str, found: str | None) -> None:
    match = load_cues().first("regress", sentence)
    assert (match.rule.kind if match else None) == found


def test_negation_can_be_switched_off() -> None:
    cues = load_cues()
    sentence = "We don't need to put the pilot on hold."
    assert cues.first("regress", sentence) is None
    assert cues.first("regress", sentence, negation_aware=False) is not None


def test_curly_apostrophes_match_like_straight_ones() -> None:
    match = load_cues().first("regress", "Let\u2019s cancel Thursday\u2019s session.")
    assert match is not None and match.text == "cancel Thursday\u2019s session"
