"""decide(): advance, decline, no_decision, regress and which acts still stand (spaCy docs)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import cast

import pytest

from analyzer.model import Decision, Finding, Label
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
                seller("Last time we agreed you'd sign the order form by Friday. Where are we?"),
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
        pytest.param(
            [
                seller("Where are we with the order form?"),
                prospect("We want to revisit the requirements from scratch."),
            ],
            [],
            id="reopening-with-nothing-settled",
        ),
        pytest.param(
            [
                seller("How's spring looking?"),
                prospect("Budget review is in April, we'll look at it again then."),
            ],
            [],
            id="look-again-later-is-a-stall",
        ),
        pytest.param(
            [
                seller("And the expo?"),
                prospect("The expo got cancelled, so that whole launch is on hold."),
            ],
            [],
            id="own-plans-on-hold",
        ),
        pytest.param(
            [
                seller("I'll hold the twenty-third until Friday. Fair?"),
                prospect("Fair. I'll try to get her before Friday."),
            ],
            [(1, "commitment", "I'll try to get her before Friday.")],
            id="promise-to-try-is-not-a-step",
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
SIGN = prospect("We'll still sign the order form by the 31st.")
SIGN_LATER = prospect("Fine, we'll sign the order form on June 10th.")
HOLD_OFF = prospect("Actually, hold off. We're mid-migration.")
SQUARE_ONE = prospect("Honestly, we're back to square one on this.")


@pytest.mark.parametrize(
    ("sequence", "value"),
    [
        pytest.param([DECLINE, COMMIT], "advance", id="decline-retracted-by-commitment"),
        pytest.param([COMMIT, DECLINE], "decline", id="commitment-then-no"),
        pytest.param([COMMIT, STALL], "advance", id="stall-does-not-undo-commitment"),
        pytest.param([STALL, COMMIT], "advance", id="stall-then-commitment"),
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


def _sequence(nlp: NLP, sequence: list[Row], opening: Row | None = None) -> Decision:
    """A call of the rows, each after a neutral seller turn; commitments are findings."""
    rows: list[Row] = [opening] if opening else []
    marks: Marks = []
    for row in sequence:
        rows.append(seller("Okay."))
        label = {
            COMMIT[2]: "commitment",
            SIGN[2]: "commitment",
            SIGN_LATER[2]: "commitment",
            STALL[2]: "stall",
            DECLINE[2]: "decline",
        }.get(row[2])
        if label is not None:
            marks.append((len(rows), cast(Label, label), None))
        rows.append(row)
    call = make_call(nlp, rows, date=CALL_DATE)
    return decide(call, [finding(call, turn, label, quote) for turn, label, quote in marks])


AGREED_BEFORE = seller("Just confirming the signature for the 31st, like we agreed.")


@pytest.mark.parametrize(
    ("sequence", "opening", "value"),
    [
        # 5.1 rule 4: a commitment made and withdrawn in the same call leaves the deal where
        # it started...
        pytest.param([COMMIT, WITHDRAW], None, "no_decision", id="same-call-withdrawal"),
        # ...but when the call shows a step agreed before it, the withdrawal is a step back.
        pytest.param([COMMIT, WITHDRAW], AGREED_BEFORE, "regress", id="earlier-step-withdrawn"),
        pytest.param([WITHDRAW], None, "regress", id="withdrawal-without-commitment"),
        # E51: "Actually, hold off." takes back this call's commitment; alone it is a stall.
        pytest.param([COMMIT, HOLD_OFF], None, "no_decision", id="e51-hold-off-same-call"),
        pytest.param([COMMIT, HOLD_OFF], AGREED_BEFORE, "regress", id="hold-off-agreed-step"),
        pytest.param([HOLD_OFF], None, "no_decision", id="hold-off-with-nothing-to-withdraw"),
        # 5.1 rule 5: after a push-out, a smaller dated step serves the reopened stage...
        pytest.param([PUSH, COMMIT], None, "regress", id="push-out-then-smaller-step"),
        # ...while the purchase itself puts the deal back on its original track.
        pytest.param([PUSH, SIGN], None, "advance", id="push-out-then-signature"),
        pytest.param([PUSH, SIGN], AGREED_BEFORE, "advance", id="signature-keeps-agreed-date"),
        # A signature on a new, later date is a later decision date: still regress.
        pytest.param([PUSH, SIGN_LATER], AGREED_BEFORE, "regress", id="signature-on-a-new-date"),
        pytest.param([COMMIT, PUSH], None, "regress", id="commitment-then-push-out"),
        # Only a step back that shows what it goes back from outweighs later commitments.
        pytest.param([SQUARE_ONE, COMMIT], None, "advance", id="unanchored-step-back"),
        pytest.param([SQUARE_ONE, COMMIT], AGREED_BEFORE, "regress", id="anchored-by-agreement"),
        pytest.param([PUSH, COMMIT, DECLINE], None, "decline", id="no-after-everything"),
    ],
)
def test_acts_that_still_stand(
    nlp: NLP, sequence: list[Row], opening: Row | None, value: str
) -> None:
    result = _sequence(nlp, sequence, opening)
    assert result.value == value
    if value == "regress" and sequence[-1] in (COMMIT, SIGN_LATER):
        assert "only serves the reopened stage" in result.rationale
        assert "later commitment that only serves the reopened stage" in {
            e.reason for e in result.evidence
        }


@pytest.mark.parametrize(
    ("rows", "marks", "value", "basis_turn"),
    [
        pytest.param(
            [
                seller("I'm calling to confirm Monday's first delivery."),
                prospect("Monday is tricky, let's wait until the patio is open."),
            ],
            [(1, "stall", None)],
            "regress",
            0,
            id="stall-on-a-step-agreed-before",
        ),
        pytest.param(
            [
                seller("Last time we agreed the pilot would start on the 16th."),
                prospect("Let me think it over with the team first."),
            ],
            [(1, "stall", None)],
            "regress",
            0,
            id="stall-after-last-time-we-agreed",
        ),
        pytest.param(
            [
                prospect("I know we said we'd sign by Friday."),
                prospect("Let me run it by the board first."),
            ],
            [(1, "stall", None)],
            "regress",
            0,
            id="prospect-recalls-the-agreement",
        ),
        # near misses: nothing agreed before, or the stall is not about it
        pytest.param(
            [seller("How did the demo land?"), prospect("Let me think it over.")],
            [(1, "stall", None)],
            "no_decision",
            None,
            id="stall-with-nothing-agreed",
        ),
        pytest.param(
            [
                seller("Page two is the scope we agreed."),
                prospect("Let me think it over."),
            ],
            [(1, "stall", None)],
            "no_decision",
            None,
            id="agreed-but-no-step-or-date",
        ),
        pytest.param(
            [
                seller("I'll confirm the 19th with our installer."),
                prospect("Let me think it over."),
            ],
            [(1, "stall", None)],
            "no_decision",
            None,
            id="a-promise-to-confirm-later",
        ),
        pytest.param(
            [
                prospect("Let me think it over."),
                seller("Just confirming the signature for the 31st."),
            ],
            [(0, "stall", None)],
            "no_decision",
            None,
            id="stall-before-the-agreement-comes-up",
        ),
        pytest.param(
            [
                seller("Just confirming the signature for the 31st."),
                prospect("Yes, we'll sign by the 31st."),
                prospect("Let me think about the cameras."),
            ],
            [(1, "commitment", None), (2, "stall", None)],
            "advance",
            None,
            id="stall-on-a-side-item-after-commitment",
        ),
        pytest.param(
            [
                seller("Just confirming the signature for the 31st."),
                prospect("We've decided to go with another vendor."),
                prospect("Let me think about what to tell the team."),
            ],
            [(1, "decline", None), (2, "stall", None)],
            "decline",
            None,
            id="stall-after-a-clear-no",
        ),
    ],
)
def test_stall_on_a_step_agreed_before_the_call(
    nlp: NLP, rows: list[Row], marks: Marks, value: str, basis_turn: int | None
) -> None:
    call = make_call(nlp, rows, date=CALL_DATE)
    result = decide(call, [finding(call, turn, label, quote) for turn, label, quote in marks])
    assert result.value == value
    agreed = [e for e in result.evidence if e.label == "agreed"]
    assert [e.turn for e in agreed] == ([basis_turn] if basis_turn is not None else [])
    if basis_turn is not None:
        assert "put off a step agreed before this call" in result.rationale


@pytest.mark.parametrize(
    ("opening", "reply", "value"),
    [
        # A cue whose words alone do not show a set date needs one agreed before the call.
        pytest.param(
            seller("How is the quote looking?"),
            prospect("He's traveling, so it's not going to happen till he's back."),
            "no_decision",
            id="vague-not-happening",
        ),
        pytest.param(
            seller("Just confirming the signature for the 31st."),
            prospect("He's traveling, so it's not going to happen till he's back."),
            "regress",
            id="not-happening-to-an-agreed-date",
        ),
        pytest.param(
            seller("How is the quote looking?"),
            prospect("I can't sign anything until I know the running costs."),
            "no_decision",
            id="vague-not-until",
        ),
        pytest.param(
            seller("How is the quote looking?"),
            prospect("So the thirty-first isn't happening."),
            "regress",
            id="named-date-not-happening",
        ),
    ],
)
def test_cues_that_need_an_earlier_agreement(
    nlp: NLP, opening: Row, reply: Row, value: str
) -> None:
    assert _decide(nlp, [opening, reply], [])[0] == value


@pytest.mark.parametrize(
    ("reply", "value"),
    [
        pytest.param("Yeah, release it.", "regress", id="yes-to-releasing-the-date"),
        pytest.param("Yes, keep it.", "advance", id="yes-to-keeping-the-date"),
    ],
)
def test_a_yes_that_gives_a_date_up_is_no_acceptance(nlp: NLP, reply: str, value: str) -> None:
    rows = [seller("Should I release the 29th, or keep it on hold?"), prospect(reply)]
    assert _decide(nlp, rows, [])[0] == value


def test_regress_cue_inside_a_decline_keeps_the_decline(nlp: NLP) -> None:
    rows = [seller("Where are we?"), prospect("We've decided to cancel the pilot and stop here.")]
    assert _decide(nlp, rows, [(1, "decline", None)])[0] == "decline"


def _model_only(f: Finding) -> Finding:
    return dataclasses.replace(f, source="model", rule=None, model="turn-classifier@4")


WALK_BACK = [
    seller("And the liners, are we still going to the review on the twenty-ninth?"),
    prospect(
        "Honestly, I'm going to have to walk back the twenty-ninth. "
        "I'm sorry, I know I told you it would go."
    ),
]


@pytest.mark.parametrize(
    ("rows", "source", "value"),
    [
        pytest.param(WALK_BACK, "model", "regress", id="model-decline-on-a-named-walk-back"),
        pytest.param(WALK_BACK, "rules", "decline", id="rule-decline-quotes-the-no"),
        pytest.param(
            [
                seller("Where are we on the review?"),
                prospect("So the thirtieth isn't happening. I don't have a new date for you."),
            ],
            "model",
            "regress",
            id="model-decline-beside-a-named-push-out",
        ),
        pytest.param(
            [
                seller("Where are we?"),
                prospect("It's not happening this year. We're not doing the carports."),
            ],
            "model",
            "decline",
            id="step-back-naming-nothing-leaves-the-no",
        ),
    ],
)
def test_model_decline_on_a_walk_back_is_the_step_back(
    nlp: NLP, rows: list[Row], source: str, value: str
) -> None:
    """R9: walking back an agreed step is a regress; a rule-found no is still a no."""
    call = make_call(nlp, rows, date=CALL_DATE)
    found = finding(call, 1, "decline")
    result = decide(call, [_model_only(found) if source == "model" else found])
    assert result.value == value
    if value == "regress":
        assert result.evidence[0].turn == 1


COMMITTED = [
    seller("Can we get the signature by Thursday the nineteenth?"),
    prospect("Yes. The vice-provost signs on Thursday the nineteenth."),
]


@pytest.mark.parametrize(
    ("rows", "marks", "value"),
    [
        pytest.param(
            [*COMMITTED, prospect("And the on-site hardware option, we don't need that.")],
            [(1, "commitment", None), (2, "decline", None)],
            "advance",
            id="no-to-a-part-after-a-commitment",
        ),
        pytest.param(
            [*COMMITTED, prospect("Actually, we're going with another vendor after all.")],
            [(1, "commitment", None), (2, "decline", None)],
            "decline",
            id="no-to-the-deal-after-a-commitment",
        ),
        pytest.param(
            [seller("What about the add-ons?"), prospect("We don't need the analytics module.")],
            [(1, "decline", None)],
            "decline",
            id="no-to-a-part-with-nothing-committed",
        ),
    ],
)
def test_a_no_to_a_side_item_does_not_decide_the_call(
    nlp: NLP, rows: list[Row], marks: Marks, value: str
) -> None:
    """5.1 rule 6 and E45: turning down one line of a deal that goes on is not a clear no."""
    assert _decide(nlp, rows, marks)[0] == value


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


def test_a_promise_to_try_is_named_in_the_no_decision_rationale(nlp: NLP) -> None:
    rows = [
        seller("Could we put the audit sit-down on Thursday the twenty-third?"),
        prospect("Let me talk to Jen first."),
        seller("When are you seeing her?"),
        prospect("I'll do my best to catch her before Thursday."),
    ]
    marks: Marks = [(1, "stall", None), (3, "commitment", None)]
    value, reached, turns, rationale = _decide(nlp, rows, marks)
    assert (value, reached) == ("no_decision", False)
    assert turns == [1, 3]
    assert "Turn 3 only promises to try" in rationale


def test_per_call_readings_are_remembered_only_for_the_same_arguments(nlp: NLP) -> None:
    from analyzer.scoring.acts import _LastCall
    from analyzer.scoring.cues import load_cues

    rows = [seller("Would Tuesday work?"), prospect("Tuesday works.")]
    call, other = make_call(nlp, rows, date=CALL_DATE), make_call(nlp, rows, date=CALL_DATE)
    cues = load_cues()
    findings = [finding(call, 1, "commitment")]
    memo: _LastCall[str] = _LastCall()
    assert memo.put(call, cues, findings, "read") == "read"
    assert memo.get(call, cues, list(findings)) == "read"  # equal findings, another list
    assert memo.get(other, cues, findings) is None  # an equal call is not the same call
    findings.clear()
    assert memo.get(call, cues, findings) is None  # the list changed since
