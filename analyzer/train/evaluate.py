"""Score the analyzer's predictions against labelled calls (``callscore eval``).

:func:`evaluate` runs the pipeline over gold transcripts and hands (gold,
predicted) pairs to the pure functions of :mod:`analyzer.train.metrics`; it
also keeps the misses, so ``--errors N`` can show a coach-readable list of
what went wrong and in which context.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from analyzer.model import DECISIONS, LABELS, LED_BY_VALUES, CallReport, Transcript
from analyzer.train.metrics import Accuracy, TurnScores, accuracy, turn_scores


@dataclass(frozen=True, slots=True)
class Miss:
    """One turn where prediction and gold disagree on a label."""

    call_id: str
    turn: int
    label: str
    kind: str  # "missed" (false negative) or "spurious" (false positive)
    speaker: str
    role: str
    text: str
    previous: str | None
    score: float | None


@dataclass(frozen=True, slots=True)
class EvalResult:
    """Everything ``callscore eval`` reports."""

    turns: TurnScores
    decision: Accuracy
    reached: Accuracy
    led_by: Accuracy
    calls: int
    labelled_turns: int
    misses: tuple[Miss, ...]


def _turn_misses(t: Transcript, report: CallReport) -> list[Miss]:
    misses: list[Miss] = []
    scores = {(f.turn, f.label): f.score for f in report.findings}
    for turn in t.turns:
        if turn.gold_labels is None:
            continue
        pred = set(report.labels_of(turn.index))
        gold = set(turn.gold_labels)
        # The report's transcript: its turns carry the roles the pipeline assigned.
        prev = report.transcript.turns[turn.index - 1] if turn.index else None
        previous = f"{prev.speaker} ({prev.role}): {prev.text}" if prev else None
        for label in sorted(gold ^ pred):
            misses.append(
                Miss(
                    call_id=t.call_id or t.source,
                    turn=turn.index,
                    label=label,
                    kind="missed" if label in gold else "spurious",
                    speaker=turn.speaker,
                    role=report.transcript.turns[turn.index].role,
                    text=turn.text,
                    previous=previous,
                    score=scores.get((turn.index, label)),
                )
            )
    return misses


def evaluate(
    transcripts: Sequence[Transcript],
    analyze: Callable[[Transcript], CallReport],
    *,
    infer_roles: bool = False,
) -> EvalResult:
    """Run ``analyze`` on each labelled call and score it.

    With ``infer_roles`` the gold roles are dropped first, so role attribution
    is evaluated as part of the pipeline.
    """
    turn_pairs: list[tuple[frozenset[str], frozenset[str]]] = []
    decisions: list[tuple[str, str]] = []
    reached: list[tuple[str, str]] = []
    led: list[tuple[str, str]] = []
    misses: list[Miss] = []
    for t in transcripts:
        source = replace(t, role_hints=()) if infer_roles else t
        report = analyze(source)
        for turn in t.turns:
            if turn.gold_labels is not None:
                turn_pairs.append(
                    (frozenset(turn.gold_labels), frozenset(report.labels_of(turn.index)))
                )
        misses.extend(_turn_misses(t, report))
        gold = t.gold
        if gold is not None and gold.decision is not None:
            pred = report.score.decision
            decisions.append((gold.decision, pred.value))
            gold_reached = gold.decision in ("advance", "decline")
            reached.append((str(gold_reached).lower(), str(pred.reached).lower()))
        if gold is not None and gold.led_by is not None:
            led.append((gold.led_by, report.score.led_by.value))
    # Worst misses first: confident spurious findings, then misses, by call and turn.
    misses.sort(key=lambda m: (-(m.score or 0.0), m.kind, m.call_id, m.turn))
    return EvalResult(
        turns=turn_scores(turn_pairs, LABELS),
        decision=accuracy(decisions, DECISIONS),
        reached=accuracy(reached, ("true", "false")),
        led_by=accuracy(led, LED_BY_VALUES),
        calls=len(transcripts),
        labelled_turns=len(turn_pairs),
        misses=tuple(misses),
    )


def result_dict(result: EvalResult, errors: int = 0) -> dict[str, object]:
    """The ``eval --json`` shape of ``cli-contract.md`` plus confusion matrices."""
    turn: dict[str, object] = {
        label: {
            "precision": round(s.precision, 4),
            "recall": round(s.recall, 4),
            "f1": round(s.f1, 4),
            "support": s.support,
        }
        for label, s in result.turns.labels.items()
    }
    turn["macro_f1"] = round(result.turns.macro_f1, 4)
    turn["n"] = result.labelled_turns
    out: dict[str, object] = {
        "turn": turn,
        "call": {
            "decision_accuracy": round(result.decision.accuracy, 4),
            "reached_decision_accuracy": round(result.reached.accuracy, 4),
            "led_by_accuracy": round(result.led_by.accuracy, 4),
            "n": result.calls,
            "decision_n": result.decision.n,
            "led_by_n": result.led_by.n,
            "decision_confusion": result.decision.confusion,
            "reached_confusion": result.reached.confusion,
            "led_by_confusion": result.led_by.confusion,
        },
    }
    if errors:
        out["errors"] = [
            {
                "call": m.call_id,
                "turn": m.turn,
                "label": m.label,
                "kind": m.kind,
                "speaker": m.speaker,
                "role": m.role,
                "text": m.text,
                "previous": m.previous,
                "score": m.score,
            }
            for m in result.misses[:errors]
        ]
    return out


def check_floors(result: EvalResult, floors: dict[str, float]) -> list[str]:
    """Figures below their recorded floor, as readable lines (empty when all hold)."""
    figures = {
        "macro_f1": result.turns.macro_f1,
        "decision_accuracy": result.decision.accuracy,
        "reached_decision_accuracy": result.reached.accuracy,
        "led_by_accuracy": result.led_by.accuracy,
        **{f"{label}_f1": s.f1 for label, s in result.turns.labels.items()},
    }
    problems = []
    for name, floor in sorted(floors.items()):
        if name not in figures:
            problems.append(f"unknown figure {name!r} in floors file")
        elif figures[name] + 1e-9 < floor:
            problems.append(f"{name} {figures[name]:.4f} is below its floor {floor:.4f}")
    return problems
