"""decide(): advance, decline, no_decision, regress and last-act-wins, on real spaCy docs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from analyzer.model import Finding, Label
from analyzer.nlp import NLP
from analyzer.scoring import decide
from analyzer.scoring.decision import decisive_acts

from .builders import Row, finding, make_call, prospect, seller

pytestmark = pytest.mark.slow

CALL_DATE = dt.date(2026, 3, 4)

#: (turn, label, quote or None for the whole turn)
Marks = list[tuple[int, Label, str | None]]


def _decide(nlp: NLP, rows: list[Row], marks: Marks) -> tuple[str, bool, list[int], str]:
    call = make_call(nlp, rows, date=CALL_DATE)
    findings = [finding(call, turn, label, quote) for turn, label, quote in marks]
    result = decide(call, findings)
    for ref in result.evidence:
        assert ref.quote and ref.quote in call.turns[ref.turn].text
    return result.value, result.reached, [e.turn for e in result.evidence], result.rationale


DATED_PROPOSAL = seller("Would next Tuesday at 2pm work for a demo with your CFO?")


@pytest.mark.parametrize(
    ("rows", "marks", "value", "first_evidence_turn"),
    [
        pytest.param(
            [DATED_PROPOSAL, prospect("Yes, that works. Send the invite.")],
            [(1, "commitment", None)],
            "advance",
            1,
            id="commitment-to-dated-proposal",
        ),
        pytest.param(
            [DATED_PROPOSAL, prospect("Yes, that works.")],
            [],
            "advance",
            1,
            id="accepted-dated-proposal-without-finding",
        ),
        pytest.param(
            [
                seller("Where do you land?"),
                prospect("We've decided to go with another vendor."),
            ],
            [(1, "decline", None)],
            "decline",
            1,
            id="clear-no",
        ),
        pytest.param(
            [
                seller("Where do you land?"),
                prospect("Just send me some info."),
                seller("Sure, I'll send it over."),
                prospect("We're definitely interested, we'll be in touch."),
            ],
            [(1, "stall", None), (3, "stall", None)],
            "no_decision",
            1,
            id="only-stalls",
        ),
        pytest.param(
            [
                seller("Are we still on track for the March decision?"),
                prospect("Honestly, the board decision moves from March to June."),
            ],
            [],
            "regress",
            1,
            id="pushes-decision-date-out",
        ),
        pytest.param(
            [
                seller("How is the pilot prep going?"),
                prospect("We need to put the pilot on hold for now."),
            ],
            [],
            "regress",
            1,
            id="withdraws-commitment",
        ),
        pytest.param(
            [
                seller("Where are we with the order form?"),
                prospect("We want to revisit the requirements from scratch."),
            ],
            [],
            "regress",
            1,
            id="reopens-settled-stage",
        ),
    ],
)
def test_decision_values(
    nlp: NLP, rows: list[Row], marks: Marks, value: str, first_evidence_turn: int
) -> None:
    got, reached, evidence_turns, rationale = _decide(nlp, rows, marks)
    assert got == value
    assert reached is (value in ("advance", "decline"))
    if value != "no_decision" or marks:
        assert evidence_turns[0] == first_evidence_turn
    unquoted = re.sub(r'"[^"]*"', "", rationale)
    assert unquoted.endswith(".") and unquoted.count(". ") == 0  # one sentence


@pytest.mark.parametrize(
    ("rows", "marks"),
    [
        pytest.param(
            [seller("Any risk to the pilot?"), prospect("We don't need to put the pilot on hold.")],
            [],
            id="negated-regress",
        ),
        pytest.param(
            [seller("Any risk?"), prospect("Do we need to push the decision out?")],
            [],
            id="question-is-not-an-act",
        ),
        pytest.param(
            [seller("Any risk?"), prospect("If we had to push the decision out, I'd tell you.")],
            [],
            id="hypothetical-regress",
        ),
        pytest.param(
            [DATED_PROPOSAL, prospect("Not sure that works for us.")],
            [],
            id="negated-acceptance",
        ),
        pytest.param(
            [DATED_PROPOSAL, prospect("Yes, but Tuesday doesn't work for me.")],
            [],
            id="yes-but-not-then",
        ),
        pytest.param(
            [seller("Should we set up a follow-up?"), prospect("Yes, sounds good.")],
            [],
            id="yes-to-an-undated-proposal",
        ),
        pytest.param(
            [DATED_PROPOSAL, prospect("Sure, but let me run it by my boss first.")],
            [(1, "stall", None)],
            id="yes-but-stall",
        ),
        pytest.param(
            [seller("How did it go?"), prospect("It sounds great, we're definitely interested.")],
            [],
            id="interest-only",
        ),
    ],
)
def test_near_misses_are_no_decision(nlp: NLP, rows: list[Row], marks: Marks) -> None:
    assert _decide(nlp, rows, marks)[0] == "no_decision"


COMMIT = prospect("Let's book the demo for the 14th.")
DECLINE = prospect("This isn't a fit for us.")
STALL = prospect("Let me think it over.")
WITHDRAW = prospect("Actually, let's cancel Thursday's session.")
PUSH = prospect("The signing is pushed back to Q3.")


@pytest.mark.parametrize(
    ("sequence", "value"),
    [
        pytest.param([DECLINE, COMMIT], "advance", id="decline-retracted-by-commitment"),
        pytest.param([COMMIT, DECLINE], "decline", id="commitment-then-no"),
        pytest.param([COMMIT, STALL], "advance", id="stall-does-not-undo-commitment"),
        pytest.param([STALL, COMMIT], "advance", id="stall-then-commitment"),
        pytest.param([COMMIT, WITHDRAW], "regress", id="commitment-withdrawn"),
        pytest.param([PUSH, COMMIT], "advance", id="step-back-then-commitment"),
        pytest.param([DECLINE, PUSH], "regress", id="no-then-step-back"),
        pytest.param([COMMIT, PUSH, DECLINE], "decline", id="three-acts-last-wins"),
    ],
)
def test_last_decisive_act_wins(nlp: NLP, sequence: list[Row], value: str) -> None:
    rows: list[Row] = []
    marks: Marks = []
    labels: dict[str, Label] = {COMMIT[2]: "commitment", DECLINE[2]: "decline", STALL[2]: "stall"}
    for row in sequence:
        rows.append(seller("Okay."))
        if row[2] in labels:
            marks.append((len(rows), labels[row[2]], None))
        rows.append(row)
    got, _, evidence_turns, rationale = _decide(nlp, rows, marks)
    assert got == value
    assert evidence_turns[0] == max(
        i for i, r in enumerate(rows) if r in sequence and r is not STALL
    )
    kinds = {COMMIT: "advance", DECLINE: "decline", WITHDRAW: "regress", PUSH: "regress"}
    overridden = any(kinds.get(row, value) != value for row in sequence)
    assert ("overrides the earlier" in rationale) is overridden


def test_regress_cue_inside_a_decline_keeps_the_decline(nlp: NLP) -> None:
    rows = [seller("Where are we?"), prospect("We've decided to cancel the pilot and stop here.")]
    assert _decide(nlp, rows, [(1, "decline", None)])[0] == "decline"


def test_findings_on_the_wrong_role_are_ignored(nlp: NLP) -> None:
    call = make_call(nlp, [seller("Let's book the demo for the 14th."), prospect("Hmm.")])
    real = finding(call, 1, "stall")
    misplaced = dataclasses.replace(
        real, label="commitment", turn=0, start_char=0, end_char=5, quote="Let's"
    )
    assert decide(call, [misplaced]).value == "no_decision"


def test_findings_outside_the_call_are_a_programming_error(nlp: NLP) -> None:
    call = make_call(nlp, [seller("Hi."), prospect("Hello.")])
    stray: Finding = dataclasses.replace(finding(call, 1, "commitment"), turn=7)
    with pytest.raises(ValueError, match="turn 7"):
        decide(call, [stray])


def test_acts_are_in_call_order(nlp: NLP) -> None:
    rows = [seller("Okay."), COMMIT, seller("Okay."), WITHDRAW, seller("Okay."), DECLINE]
    call = make_call(nlp, rows, date=CALL_DATE)
    findings = [finding(call, 1, "commitment"), finding(call, 5, "decline")]
    acts = decisive_acts(call, findings)
    assert [a.kind for a in acts] == ["advance", "regress", "decline"]
    assert [a.quote.turn for a in acts] == [1, 3, 5]
