"""Rules propose and explain; the model decides, or adds what the rules missed.

For every (turn, label) the model scores, its probability is first put on the
rules' scale (its tuned threshold maps to 0.5, the pipeline's keep line), then:

* a rule candidate (kept or suppressed by context) gets the weighted mean of
  its own score and the model's, with the model's view recorded as an
  adjustment, and cites both (source ``"rules+model"``);
* with no rule candidate, a confident model adds a finding (source
  ``"model"``) quoting the sentence of the turn that scores highest on its own.

The weight and the keep line are pure parameters (:class:`FusionPolicy`), so
this step is tested without loading any model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from analyzer.detectors.base import CallContext
from analyzer.model import Adjustment, Finding, Label


@dataclass(frozen=True, slots=True)
class FusionPolicy:
    """How much the rules' score counts against the model's, and the keep line."""

    rule_weight: float = 0.4
    threshold: float = 0.5


def on_rule_scale(p: float, tau: float) -> float:
    """Map a probability so the model's threshold ``tau`` lands on 0.5 (monotone, 0->0, 1->1)."""
    tau = min(max(tau, 1e-6), 1 - 1e-6)
    return 0.5 * p / tau if p < tau else 0.5 + 0.5 * (p - tau) / (1 - tau)


SentencePicker = Callable[[int, Label, Sequence[tuple[int, int]]], int]
"""(turn, label, sentence spans) -> index of the sentence that drove the label."""


def fuse(
    call: CallContext,
    candidates: Sequence[Finding],
    probabilities: Mapping[int, Mapping[str, float]],
    thresholds: Mapping[str, float],
    model_name: str,
    pick_sentence: SentencePicker,
    policy: FusionPolicy = FusionPolicy(),
) -> tuple[list[Finding], list[Finding]]:
    """Merge rule candidates with model probabilities into (kept, suppressed)."""
    best: dict[tuple[int, str], Finding] = {}
    for f in candidates:
        key = (f.turn, f.label)
        if key not in best or f.score > best[key].score:
            best[key] = f

    merged: list[Finding] = []
    for rule in best.values():
        probs = probabilities.get(rule.turn)
        if probs is None or rule.label not in probs:
            merged.append(rule)  # the model did not look at this turn: the rule stands alone
            continue
        p = probs[rule.label]
        q = on_rule_scale(p, thresholds[rule.label])
        score = policy.rule_weight * rule.score + (1 - policy.rule_weight) * q
        note = Adjustment(
            rule=model_name,
            factor=round(score / rule.score, 4) if rule.score else 0.0,
            reason=f"model probability {p:.2f} (its threshold {thresholds[rule.label]:.2f})",
        )
        merged.append(
            replace(
                rule,
                score=score,
                source="rules+model",
                model=model_name,
                adjustments=(*rule.adjustments, note),
            )
        )

    for turn_index, probs in probabilities.items():
        for label, p in probs.items():
            if (turn_index, label) in best:
                continue
            q = on_rule_scale(p, thresholds[label])
            if q < policy.threshold:
                continue
            merged.append(_model_finding(call, turn_index, label, p, q, model_name, pick_sentence))

    merged.sort(key=lambda f: (f.turn, f.start_char, f.label))
    kept = [f for f in merged if f.score >= policy.threshold]
    suppressed = [f for f in merged if f.score < policy.threshold]
    return kept, suppressed


def _model_finding(
    call: CallContext,
    turn_index: int,
    label: str,
    p: float,
    q: float,
    model_name: str,
    pick_sentence: SentencePicker,
) -> Finding:
    turn = call.turns[turn_index]
    doc = call.docs[turn_index]
    spans = [(s.start_char, s.end_char) for s in doc.sentences] or [(0, len(turn.text))]
    lab: Label = label  # type: ignore[assignment]
    start, end = spans[pick_sentence(turn_index, lab, spans) if len(spans) > 1 else 0]
    # Trim whitespace so the quote reads cleanly and still equals the slice.
    while start < end and turn.text[start].isspace():
        start += 1
    while end > start and turn.text[end - 1].isspace():
        end -= 1
    return Finding(
        label=lab,
        turn=turn_index,
        start_char=start,
        end_char=end,
        quote=turn.text[start:end],
        speaker=turn.speaker,
        role=turn.role,
        score=q,
        raw_score=p,
        source="model",
        model=model_name,
        time=turn.start,
    )
