"""What a call page shows, built from a stored JSON report and the coach state.

:func:`call_view` is pure: the ``--json`` report (``report_dict``) plus a
:class:`~analyzer.review.actions.ReviewState` in, a :class:`CallView` out.
The single-file HTML report and the review app's call page both render it,
so they show the same scores, evidence and highlighted transcript.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from analyzer.model import LABEL_ROLE, LABELS
from analyzer.report.terminal import clock
from analyzer.review.actions import (
    CoachAction,
    FindingKey,
    FindingStatus,
    ReviewState,
    coach_only_keys,
    finding_status,
    machine_keys,
    turn_labels,
)
from analyzer.review.highlight import Span, turn_html


@dataclass(frozen=True, slots=True)
class FindingView:
    """One finding row: the machine's proof, or the coach who added it, and its status."""

    fid: str
    key: FindingKey
    quote: str
    speaker: str
    time: str
    score: float | None
    origin: str
    detail: str
    status: FindingStatus
    by: CoachAction | None

    @property
    def label(self) -> str:
        """The finding's label."""
        return self.key.label


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """A pointer from a score to the turn (or finding) that supports it."""

    href: str
    turn: int
    speaker: str
    time: str
    quote: str
    reason: str


@dataclass(frozen=True, slots=True)
class ComponentView:
    """One ingredient of the led_by score."""

    name: str
    points: float
    detail: str
    evidence: tuple[EvidenceView, ...]

    @property
    def href(self) -> str:
        """Where clicking the component jumps: its first evidence, if it has one."""
        return self.evidence[0].href if self.evidence else ""


@dataclass(frozen=True, slots=True)
class TurnView:
    """One turn with its highlighted text and labels."""

    index: int
    speaker: str
    role: str
    time: str
    html: Markup
    machine_labels: tuple[str, ...]
    labels: tuple[str, ...]
    allowed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CallView:
    """Everything a call page shows."""

    source: str
    format: str
    date: str | None
    speakers: tuple[Mapping[str, Any], ...]
    turns: tuple[TurnView, ...]
    findings: tuple[FindingView, ...]
    decision: Mapping[str, Any]
    decision_evidence: tuple[EvidenceView, ...]
    led_by: Mapping[str, Any]
    components: tuple[ComponentView, ...]
    next_step: Mapping[str, Any] | None
    metrics: Mapping[str, Any]
    warnings: tuple[str, ...]
    state: ReviewState

    @property
    def decision_value(self) -> str:
        """The decision after review: the coach's correction, else the machine's."""
        coach = self.state.decision
        return coach.value if coach and coach.value else str(self.decision["value"])

    @property
    def led_by_value(self) -> str:
        """Who led after review: the coach's correction, else the machine's."""
        coach = self.state.led_by
        return coach.value if coach and coach.value else str(self.led_by["value"])

    @property
    def decision_href(self) -> str:
        """Where clicking the decision jumps: its first evidence."""
        return self.decision_evidence[0].href if self.decision_evidence else ""

    @property
    def counts(self) -> dict[str, int]:
        """Findings per label after review (rejected ones left out)."""
        out: dict[str, int] = dict.fromkeys(LABELS, 0)
        for f in self.findings:
            if f.status != "rejected":
                out[f.key.label] += 1
        return out


def _evidence(
    items: list[Mapping[str, Any]], anchors: Mapping[tuple[int, str], str]
) -> tuple[EvidenceView, ...]:
    out = []
    for e in items:
        turn = int(e["turn"])
        quote = str(e.get("quote") or "")
        out.append(
            EvidenceView(
                href=f"#{anchors.get((turn, quote), f'turn-{turn}')}",
                turn=turn,
                speaker=str(e.get("speaker") or ""),
                time=clock(e.get("time")),
                quote=quote,
                reason=str(e.get("reason") or ""),
            )
        )
    return tuple(out)


def _machine_detail(f: Mapping[str, Any]) -> str:
    ev = f.get("evidence") or {}
    origin = ev.get("rule") or ev.get("model") or ev.get("source") or "machine"
    bits = [str(origin)]
    if ev.get("cue"):
        bits.append(f"cue \u201c{ev['cue']}\u201d")
    for adj in ev.get("adjustments") or []:
        bits.append(f"{adj.get('reason')} (\u00d7{adj.get('factor')})")
    return "; ".join(bits)


def _findings(report: Mapping[str, Any], state: ReviewState) -> list[FindingView]:
    turns = report.get("turns", [])
    views = []
    for i, (f, key) in enumerate(
        zip(report.get("findings", []), machine_keys(report), strict=True)
    ):
        ev = f.get("evidence") or {}
        views.append(
            FindingView(
                fid=f"m{i}",
                key=key,
                quote=str(f.get("quote", "")),
                speaker=str(ev.get("speaker") or turns[key.turn]["speaker"]),
                time=clock(ev.get("time")),
                score=float(f["score"]) if f.get("score") is not None else None,
                origin="machine",
                detail=_machine_detail(f),
                status=finding_status(key, state, machine=True),
                by=state.findings.get(key),
            )
        )
    for n, key in enumerate(coach_only_keys(report, state)):
        turn = turns[key.turn]
        views.append(
            FindingView(
                fid=f"c{n}",
                key=key,
                quote=str(turn["text"])[key.start_char : key.end_char],
                speaker=str(turn["speaker"]),
                time=clock(turn.get("start")),
                score=None,
                origin="coach",
                detail="added by a coach",
                status=finding_status(key, state, machine=False),
                by=state.findings.get(key),
            )
        )
    return views


def _turns(
    report: Mapping[str, Any], state: ReviewState, findings: list[FindingView]
) -> tuple[TurnView, ...]:
    by_turn: dict[int, list[Span]] = {}
    for f in findings:
        title = f"{f.label}: {f.detail}" + (f" ({f.status})" if f.status != "machine" else "")
        by_turn.setdefault(f.key.turn, []).append(
            Span(f.fid, f.label, f.key.start_char, f.key.end_char, f.status, title)
        )
    effective = turn_labels(report, state)
    out = []
    for t in report.get("turns", []):
        index = int(t["index"])
        role = str(t.get("role") or "unknown")
        out.append(
            TurnView(
                index=index,
                speaker=str(t["speaker"]),
                role=role,
                time=clock(t.get("start")),
                html=turn_html(str(t["text"]), by_turn.get(index, [])),
                machine_labels=tuple(t.get("labels") or ()),
                labels=effective.get(index, ()),
                allowed=tuple(label for label in LABELS if LABEL_ROLE[label] == role),
            )
        )
    return tuple(out)


def call_view(report: Mapping[str, Any], state: ReviewState | None = None) -> CallView:
    """The view of one call: the machine's report with the coach state laid over it."""
    state = state or ReviewState()
    findings = _findings(report, state)
    # Evidence that quotes a finding jumps to that finding; other evidence to its turn.
    anchors = {(f.key.turn, f.quote): f"f-{f.fid}" for f in reversed(findings)}
    decision = report.get("decision") or {}
    led_by = report.get("led_by") or {}
    components = tuple(
        ComponentView(
            name=str(name),
            points=float(c.get("points") or 0.0),
            detail=str(c.get("detail") or ""),
            evidence=_evidence(c.get("evidence") or [], anchors),
        )
        for name, c in (led_by.get("components") or {}).items()
    )
    return CallView(
        source=str(report.get("source", "")),
        format=str(report.get("format", "")),
        date=report.get("date"),
        speakers=tuple(report.get("speakers") or ()),
        turns=_turns(report, state, findings),
        findings=tuple(findings),
        decision=decision,
        decision_evidence=_evidence(decision.get("evidence") or [], anchors),
        led_by=led_by,
        components=components,
        next_step=report.get("next_step"),
        metrics=report.get("metrics") or {},
        warnings=tuple(report.get("warnings") or ()),
        state=state,
    )
