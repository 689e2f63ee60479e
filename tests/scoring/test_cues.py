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
    with pytest.raises(ConfigError, match="missing cue group") as info:
        parse_cues(text, "mine.yaml")
    assert info.value.fix is not None and "GROUPS" in info.value.fix
    assert info.value.one_line().endswith(f"({info.value.fix})")


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
        ("So the workshop on Thursday, I have to cancel that.", "withdraw"),
        ("I need to cancel the nineteenth.", "withdraw"),
        ("I think the thirteenth is off for now.", "withdraw"),
        ("The signature tomorrow is off until we've looked at this.", "withdraw"),
        ("so the twelfth is off from my side", "withdraw"),
        ("Release it.", "withdraw"),
        ("A PO on the twentieth is off the table.", "withdraw"),
        ("So let's take the eleventh off the board.", "withdraw"),
        ("I don't think we make the pilot decision in May anymore.", "push_out"),
        ("Practically, the thirtieth is not possible anymore.", "push_out"),
        ("So the twenty-ninth isn't going to happen.", "push_out"),
        ("We'll need to re-run the comparison.", "reopen"),
        ("We'll have to push it to June.", "push_out"),
        # near misses: negated, hypothetical, or not about the deal
        ("We don't need to put the pilot on hold.", None),
        ("We won't push the decision out.", None),
        ("If we have to push the decision out, I'll tell you.", None),
        ("There's never a reason to cancel the pilot.", None),
        ("Let's move to the next slide.", None),
        ("The decision is still March.", None),
        ("My billing team is looking at thousands of entries.", None),
        ("They push it to pack-out, drop it, grab an empty cart.", None),
        ("They're looking at thousands of entries a month.", None),  # not "re-looking"
        ("I'm asking you to revisit that figure.", None),  # a request to the seller
        ("Can you revisit the pricing?", None),
        ("We're off to the trade show next week.", None),
        ("The lights are off for us at night.", None),
        ("We don't need the old spreadsheets anymore.", None),
        ("Let's cancel our current contract with the old vendor.", None),
        ("I'm not signing the first draft.", None),
        ("I'm still not signing in pieces.", None),
        ("That option is off the table for us.", None),  # names no step or date
        ("The twentieth is not off the table.", None),
    ],
)
def test_regress_cues_with_negation(sentence: str, found: str | None) -> None:
    match = load_cues().first("regress", sentence)
    assert (match.rule.kind if match else None) == found


@pytest.mark.parametrize(
    ("sentence", "needs_prior"),
    [
        ("He's away, so it's not going to happen till he's back.", True),
        ("I can't sign anything until I know the running costs.", True),
        ("I'm not signing anything this month.", True),
        ("Howard, we're not signing anything Friday.", True),
        ("I'm not signing anything on the fourth with a hole in it.", True),
        ("So the thirty-first isn't happening.", False),
        ("We need to put the pilot on hold.", False),
        ("So that whole launch is on hold.", True),
        ("We'll look at it again in the spring.", True),
        ("The retention policy is back to the drawing board.", True),
        ("We want to revisit the requirements.", True),
        ("march second isnt gonna work", True),
    ],
)
def test_vague_regress_cues_need_an_earlier_agreement(sentence: str, needs_prior: bool) -> None:
    found = load_cues().find("regress", sentence)
    assert found
    assert all(m.rule.needs_prior for m in found) is needs_prior


@pytest.mark.parametrize(
    ("sentence", "agreed_before"),
    [
        ("I'm just confirming Monday's first drop.", True),
        ("I can't sign the agreement this week like we said.", True),
        ("You were gonna sign it by the first.", True),
        ("And the PO was due today.", True),
        ("Can I confirm we're still on track for the agreement by the thirty-first?", True),
        ("We had the contract lined up for signature on the thirtieth.", True),
        ("Last time we agreed the pilot would go live on the sixteenth.", True),
        ("So we hit the March 31st date we talked about.", True),
        ("When Laura and I spoke, the plan was to sign by the end of the month.", True),
        ("As you know Dave signed off on the pilot starting October twelfth.", True),
        ("When we spoke on the 28th you said the proposal would go to the May review.", True),
        ("Just calling to confirm we're all set for the kickoff on Monday the 26th.", True),
        ("And then the first live payroll on November 13th, like we set up.", True),
        ("The board has approved the pilot for March.", True),
        ("We agreed that after today's demo we'd sit down on February tenth.", True),
        ("The ground mount that we um landed on in January.", True),
        ("So it can be signed before the end of the month, like we talked about.", True),
        ("We've got the thirteenth for signature.", True),
        ("Last time you said if the AP team was happy, you'd sign by the thirty-first.", True),
        ("The kickoff was set for the ninth.", True),
        # near misses: no step or date, this call's own agreement, a promise to confirm later
        ("Page two is the scope we agreed.", False),
        ("I'll send the revised draft with everything we agreed today by Friday.", False),
        ("I'll confirm the nineteenth with our installer.", False),
        (
            "I want to spend five minutes confirming what you told me, then decide on a pilot.",
            False,
        ),
        ("See where you landed on the service piece after the demo.", False),
        ("We applied for the grant, like you said we should.", False),
        ("We never agreed on a start date.", False),
        ("He'll sign off on the pilot on Friday.", False),
        ("Last time, after the demo, you said you wanted to see swap numbers first.", False),
        ("Ravi won't sign off on the trial until he sees the wear.", False),
        # the prospect's own projects, not a step agreed with the seller
        ("First patient in was supposed to be April.", False),
        ("The investigator meeting, which was meant to be July, is postponed.", False),
        ("It was supposed to be March.", False),
    ],
)
def test_prior_agreement_needs_a_marker_and_a_step_or_date(
    sentence: str, agreed_before: bool
) -> None:
    cues = load_cues()
    step = cues.first("agreed_step", sentence, negation_aware=False)
    found = bool(cues.first("prior_agreement", sentence) and step)
    assert found is agreed_before


@pytest.mark.parametrize(
    ("sentence", "part"),
    [
        ("And the on-site hardware option that was in the appendix, we don't need that.", True),
        ("We won't take the wealth screening add-on.", True),
        ("The peer-to-peer module, no.", True),
        ("We're not going ahead with the renewal.", False),
        ("We've decided to go with another vendor.", False),
        ("Options are limited, to be honest.", False),
    ],
)
def test_side_items_are_parts_of_the_offer(sentence: str, part: bool) -> None:
    assert (load_cues().first("side_item", sentence, negation_aware=False) is not None) is part


@pytest.mark.parametrize(
    ("sentence", "restores"),
    [
        ("We'll still sign by the 31st.", True),
        ("Send the contract, I'll sign it Friday.", True),
        ("We can keep the original date.", True),
        ("I'll get you a PO by Friday the thirteenth.", True),
        ("Put July twenty-second on the calendar, ten a.m.", False),
        ("I'll send back the redlines from our lawyer by Friday.", False),
        ("We'll decide by the end of July.", False),
        ("Let's pick a new date once Nadine signs off.", False),
    ],
)
def test_restores_cues(sentence: str, restores: bool) -> None:
    assert (load_cues().first("restores", sentence) is not None) is restores


@pytest.mark.parametrize(
    ("sentence", "effort"),
    [
        ("I'll try to get her before Friday.", True),
        ("We'll try and have it signed by the fifth.", True),
        ("I'll do my best.", True),
        ("Let me see if I can get the PO out Thursday.", True),
        ("Send the contract, I'll sign it Friday.", False),
        ("We'll try it out on the night shift starting Monday.", False),  # a trial is a step
        ("Thursday at ten works, send the invite.", False),
    ],
)
def test_effort_only_promises(sentence: str, effort: bool) -> None:
    assert (load_cues().first("effort_only", sentence) is not None) is effort


def test_needs_prior_is_for_regress_rules_only() -> None:
    text = _file().replace(
        "  proposal: []", "  proposal:\n    - {id: x, pattern: 'x', needs_prior: true}"
    )
    with pytest.raises(ConfigError, match="needs_prior") as info:
        parse_cues(text, "mine.yaml")
    assert info.value.line == _line_of(text, "needs_prior")


def test_negation_can_be_switched_off() -> None:
    cues = load_cues()
    sentence = "We don't need to put the pilot on hold."
    assert cues.first("regress", sentence) is None
    assert cues.first("regress", sentence, negation_aware=False) is not None


def test_curly_apostrophes_match_like_straight_ones() -> None:
    match = load_cues().first("regress", "Let\u2019s cancel Thursday\u2019s session.")
    assert match is not None and match.text == "cancel Thursday\u2019s session"
