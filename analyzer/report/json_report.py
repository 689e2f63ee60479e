"""The ``--json`` rendering of a :class:`~analyzer.model.CallReport`.

The shape is the public contract of ``shared/spec/cli-contract.md``; fields may
be added, never renamed or removed without bumping :data:`SCHEMA_VERSION`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from analyzer.model import (
    CallReport,
    EvidenceRef,
    Finding,
    LedByComponent,
    Metrics,
    NextStep,
    SideMetrics,
    SpeakerRole,
)

SCHEMA_VERSION = "1"

JSON = dict[str, Any]


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def evidence_dict(ref: EvidenceRef) -> JSON:
    """One evidence pointer."""
    return {
        "turn": ref.turn,
        "label": ref.label,
        "speaker": ref.speaker,
        "time": ref.time,
        "quote": ref.quote,
        "reason": ref.reason,
    }


def finding_dict(f: Finding) -> JSON:
    """One finding, with its proof under ``evidence``."""
    return {
        "label": f.label,
        "turn": f.turn,
        "start_char": f.start_char,
        "end_char": f.end_char,
        "quote": f.quote,
        "score": round(f.score, 4),
        "evidence": {
            "speaker": f.speaker,
            "role": f.role,
            "time": f.time,
            "source": f.source,
            "rule": f.rule,
            "model": f.model,
            "cue": f.cue,
            "raw_score": round(f.raw_score, 4),
            "adjustments": [
                {"rule": a.rule, "factor": a.factor, "reason": a.reason} for a in f.adjustments
            ],
        },
    }


def _component(c: LedByComponent) -> JSON:
    return {
        "points": round(c.points, 2),
        "detail": c.detail,
        "evidence": [evidence_dict(e) for e in c.evidence],
    }


def _side(m: SideMetrics) -> JSON:
    return {
        "talk_seconds": m.talk_seconds,
        "words": m.words,
        "talk_ratio": round(m.talk_ratio, 4),
        "turns": m.turns,
        "questions": m.questions,
        "longest_monologue_seconds": m.longest_monologue_seconds,
        "longest_monologue_words": m.longest_monologue_words,
    }


def metrics_dict(m: Metrics) -> JSON:
    """Interaction metrics, grouped the way conversation-intelligence tools report them."""
    return {
        "basis": m.basis,
        "talk_ratio": {
            "seller": round(m.seller.talk_ratio, 4),
            "prospect": round(m.prospect.talk_ratio, 4),
        },
        "longest_monologue": {
            "seller": {
                "seconds": m.seller.longest_monologue_seconds,
                "words": m.seller.longest_monologue_words,
            },
            "prospect": {
                "seconds": m.prospect.longest_monologue_seconds,
                "words": m.prospect.longest_monologue_words,
            },
        },
        "questions": {"seller": m.seller.questions, "prospect": m.prospect.questions},
        "interactivity": m.interactivity_score,
        "interactivity_rate": round(m.interactivity, 3),
        "interactivity_rate_unit": "switches/minute" if m.basis == "time" else "switches/100 words",
        "patience_seconds": m.patience_seconds,
        "duration_seconds": m.duration_seconds,
        "turns": m.turns,
        "sides": {"seller": _side(m.seller), "prospect": _side(m.prospect)},
    }


def _next_step(n: NextStep | None) -> JSON | None:
    if n is None:
        return None
    return {
        "text": n.text,
        "owner": n.owner,
        "due": _date(n.due),
        "due_text": n.due_text,
        "turn": n.turn,
    }


def _speaker(r: SpeakerRole) -> JSON:
    return {
        "speaker": r.speaker,
        "role": r.role,
        "source": r.source,
        "confidence": round(r.confidence, 2),
        "reasons": list(r.reasons),
    }


def report_dict(report: CallReport) -> JSON:
    """The whole report as a JSON-ready dict (``schema_version`` first)."""
    t = report.transcript
    s = report.score
    return {
        "schema_version": SCHEMA_VERSION,
        "source": t.source,
        "format": t.format,
        "date": _date(t.date),
        "call_id": t.call_id,
        "speakers": [_speaker(r) for r in t.speaker_roles],
        "turns": [
            {
                "index": turn.index,
                "speaker": turn.speaker,
                "role": turn.role,
                "start": turn.start,
                "end": turn.end,
                "text": turn.text,
                "labels": list(report.labels_of(turn.index)),
            }
            for turn in t.turns
        ],
        "findings": [finding_dict(f) for f in report.findings],
        "decision": {
            "value": s.decision.value,
            "reached": s.decision.reached,
            "rationale": s.decision.rationale,
            "evidence": [evidence_dict(e) for e in s.decision.evidence],
        },
        "led_by": {
            "value": s.led_by.value,
            "score": s.led_by.score,
            "components": {c.name: _component(c) for c in s.led_by.components},
        },
        "next_step": _next_step(s.next_step),
        "metrics": metrics_dict(s.metrics),
        "suppressed_findings": [finding_dict(f) for f in report.suppressed],
        "warnings": list(t.warnings),
        "versions": dict(report.versions),
    }
