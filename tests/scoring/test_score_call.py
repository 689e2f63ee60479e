"""score_call(): composes the pure pieces; every quote is verbatim."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from analyzer.detectors.base import CallContext
from analyzer.model import CallScore, EvidenceRef
from analyzer.nlp import NLP
from analyzer.scoring import compute_metrics, decide, find_next_step, lead, score_call
from analyzer.scoring.cues import load_cues, parse_cues
from analyzer.scoring.spans import check_call

from .builders import PROSPECT, finding, make_call, prospect, seller

pytestmark = pytest.mark.slow

WED = dt.date(2026, 3, 4)

ROWS = [
    seller("Thanks for joining. The goal for today is to agree on a pilot plan.", 0.0, 8.0),
    prospect("Sounds good. We're definitely interested.", 9.0, 12.0),
    seller("What would success look like for your team, and who signs off?", 13.0, 18.0),
    prospect("Fewer manual reconciliations. Our CFO signs off.", 19.0, 24.0),
    seller("Could you get us your security questionnaire by Friday?", 25.0, 29.0),
    prospect("I'll get you the security questionnaire by Friday.", 30.0, 34.0),
]


def _all_evidence(score: CallScore) -> list[EvidenceRef]:
    refs = list(score.decision.evidence)
    for component in score.led_by.components:
        refs.extend(component.evidence)
    return refs


def test_score_call_composes_the_parts(nlp: NLP) -> None:
    call = make_call(nlp, ROWS, date=WED)
    findings = [finding(call, 5, "commitment")]
    score = score_call(call, findings)
    assert score == CallScore(
        decision=decide(call, findings),
        led_by=lead(call, findings),
        next_step=find_next_step(call, findings),
        metrics=compute_metrics(call.transcript),
    )
    assert (score.decision.value, score.decision.reached, score.led_by.value) == (
        "advance",
        True,
        "seller",
    )
    assert score.next_step is not None
    assert (score.next_step.owner, score.next_step.due) == (PROSPECT, dt.date(2026, 3, 6))
    assert score.metrics.basis == "time"


def test_every_quote_is_verbatim_with_speaker_and_time(nlp: NLP) -> None:
    call = make_call(nlp, ROWS, date=WED)
    score = score_call(call, [finding(call, 5, "commitment"), finding(call, 1, "stall")])
    refs = _all_evidence(score)
    assert refs
    for ref in refs:
        turn = call.turns[ref.turn]
        assert ref.quote and ref.quote in turn.text
        assert ref.quote == ref.quote.strip()
        assert (ref.speaker, ref.time) == (turn.speaker, turn.start)
        assert ref.reason


def test_custom_cues_replace_the_shipped_ones(nlp: NLP) -> None:
    shipped = load_cues()
    rows = [seller("Where are we?"), prospect("We'll park the initiative for a while.")]
    call = make_call(nlp, rows, date=WED)
    assert score_call(call, []).decision.value == "no_decision"
    groups = "\n".join(f"  {name}: []" for name, _ in shipped.groups if name != "regress")
    text = (
        "version: 1\nnegation:\n  window: 3\n  negators: [not]\n  hypothetical: [if]\n"
        "  clause_break: ','\ngroups:\n  regress:\n"
        "    - {id: park, kind: withdraw, pattern: '\\bpark the initiative\\b'}\n" + groups
    )
    cues = parse_cues(text, "tuned.yaml")
    assert score_call(call, [], cues).decision.value == "regress"


@pytest.mark.parametrize("problem", ["missing-doc", "other-text"])
def test_mismatched_annotations_are_refused(nlp: NLP, problem: str) -> None:
    call = make_call(nlp, ROWS, date=WED)
    if problem == "missing-doc":
        broken = CallContext(call.transcript, call.docs[:-1])
    else:
        docs = (dataclasses.replace(call.docs[0], text="something else"), *call.docs[1:])
        broken = CallContext(call.transcript, docs)
    with pytest.raises(ValueError):
        check_call(broken)
    with pytest.raises(ValueError):
        score_call(broken, [])
