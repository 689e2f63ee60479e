"""run_detectors: role gating, one best finding per (turn, label), threshold, exact quotes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from analyzer.detectors.base import CallContext
from analyzer.detectors.registry import (
    DETECTORS,
    best_per_turn_label,
    default_detectors,
    get_detector,
    run_detectors,
)
from analyzer.errors import UsageError
from analyzer.model import LABELS, Finding, Label, Role
from analyzer.nlp import NLP, TurnDoc

from .builders import build_call, build_transcript

SAMPLE_CALL = [
    ("seller", "Thanks for making time today, Sam. Can you walk me through your process?"),
    ("prospect", "Sure. Right now it's all spreadsheets.  It's painful, honestly."),
    ("seller", "Got it. What happens if nothing changes?"),
    ("prospect", "We lose deals. Anyway, this looks really promising. Just send me some info."),
    ("seller", "Sure, I'll send you some information. No rush, take your time."),
    ("prospect", "Great.\nLet me think it over and talk to my team.  Call me next quarter."),
    ("seller", "Will do, I'll call you next quarter."),
    ("unknown", "Let me think it over."),
    ("prospect", "Actually, Tuesday at two works. Send the invite, I'll bring our CFO."),
    ("seller", "If you can sign by Friday, I'll throw in onboarding for free."),
    ("prospect", "We've decided not to renew with our current vendor, so yes, let's move forward."),
]


def _finding(turn: int, label: Label, role: Role, score: float) -> Finding:
    return Finding(
        label=label,
        turn=turn,
        start_char=0,
        end_char=5,
        quote="Hello",
        speaker="x",
        role=role,
        score=score,
        raw_score=score,
        source="model",
        model="fake@1",
    )


class _Fixed:
    """A detector that proposes fixed findings (a stand-in for the learned model)."""

    name = "fake@1"

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = list(findings)

    def detect(self, call: CallContext) -> list[Finding]:
        return self.findings


def _plain_call(roles: Sequence[Role]) -> CallContext:
    transcript = build_transcript([(role, "Hello") for role in roles])
    empty = TurnDoc("Hello", (), (), ())
    return CallContext(transcript, tuple(empty for _ in roles))


def test_registry_names_are_explicit_and_versioned() -> None:
    names = [d.name for d in default_detectors()]
    assert names == [f"rules.{label}@1" for label in LABELS]
    assert set(DETECTORS) == {f"rules.{label}" for label in LABELS}
    assert default_detectors() is default_detectors()


def test_unknown_detector_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"rules\.stall"):
        get_detector("rules.stalls")


@pytest.mark.parametrize(
    ("role", "label", "kept"),
    [
        ("prospect", "stall", True),
        ("seller", "stall", False),
        ("unknown", "stall", False),
        ("seller", "giveaway", True),
        ("prospect", "giveaway", False),
        ("unknown", "commitment", False),
    ],
)
def test_role_gating_drops_findings_on_the_wrong_side(role: Role, label: Label, kept: bool) -> None:
    call = _plain_call([role])
    found, suppressed = run_detectors(call, [_Fixed([_finding(0, label, role, 0.9)])])
    assert (len(found) == 1) is kept
    assert suppressed == []


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.7])
def test_threshold_splits_kept_from_suppressed(threshold: float) -> None:
    call = _plain_call(["prospect", "prospect", "prospect"])
    proposals = [
        _finding(0, "stall", "prospect", 0.4),
        _finding(1, "stall", "prospect", 0.6),
        _finding(2, "stall", "prospect", 0.8),
    ]
    kept, suppressed = run_detectors(call, [_Fixed(proposals)], threshold=threshold)
    assert all(f.score >= threshold for f in kept)
    assert all(f.score < threshold for f in suppressed)
    assert len(kept) + len(suppressed) == 3


def test_best_per_turn_label_keeps_the_highest_score() -> None:
    low, high = _finding(0, "stall", "prospect", 0.6), _finding(0, "stall", "prospect", 0.8)
    other = _finding(0, "decline", "prospect", 0.7)
    assert best_per_turn_label([low, other, high]) == [high, other]


@pytest.mark.slow
def test_every_finding_quotes_its_turn_exactly(nlp: NLP) -> None:
    call = build_call(nlp, SAMPLE_CALL)
    kept, suppressed = run_detectors(call, default_detectors())
    assert kept, "the sample call has labelled turns"
    for finding in kept + suppressed:
        turn = call.turns[finding.turn]
        assert finding.quote == turn.text[finding.start_char : finding.end_char]
        assert finding.quote == finding.quote.strip()
        assert finding.cue and finding.cue in finding.quote
        assert finding.speaker == turn.speaker and finding.time == turn.start
        assert finding.role == turn.role != "unknown"


@pytest.mark.slow
def test_at_most_one_finding_per_turn_and_label(nlp: NLP) -> None:
    kept, suppressed = run_detectors(build_call(nlp, SAMPLE_CALL), default_detectors())
    keys = [(f.turn, f.label) for f in kept + suppressed]
    assert len(keys) == len(set(keys))


@pytest.mark.slow
def test_sample_call_labels(nlp: NLP) -> None:
    kept, _ = run_detectors(build_call(nlp, SAMPLE_CALL), default_detectors())
    labels = {(f.turn, f.label) for f in kept}
    assert {(3, "stall"), (4, "giveaway"), (5, "stall"), (6, "giveaway")} <= labels
    assert (8, "commitment") in labels and (8, "stall") not in labels
    assert (9, "giveaway") not in labels
    assert (10, "commitment") in labels and (10, "decline") not in labels
    assert not any(turn == 7 for turn, _ in labels)


@pytest.mark.slow
def test_findings_are_frozen_and_context_keeps_the_raw_score(nlp: NLP) -> None:
    _, suppressed = run_detectors(build_call(nlp, SAMPLE_CALL), default_detectors())
    assert suppressed
    for finding in suppressed:
        assert finding.raw_score >= 0.5 > finding.score
        assert finding.adjustments
        with pytest.raises(AttributeError):
            finding.score = 1.0  # type: ignore[misc]
        assert replace(finding, score=1.0).score == 1.0
