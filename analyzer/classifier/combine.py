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


SentencePicker = Callable[[Sequence[tuple[int, Label, Sequence[tuple[int, int]]]]], list[int]]
"""For each (turn, label, sentence spans): the index of the sentence that drove the label.

Called once per call with every model-only finding that has several sentences,
so the model scores all of them in one batch.
"""


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

    adds: list[tuple[int, Label, float, float, list[tuple[int, int]]]] = []
    for turn_index, probs in probabilities.items():
        for label, p in probs.items():
            if (turn_index, label) in best:
                continue
            q = on_rule_scale(p, thresholds[label])
            if q < policy.threshold:
                continue
            lab: Label = label  # type: ignore[assignment]
            adds.append((turn_index, lab, p, q, _sentence_spans(call, turn_index)))
    several = [a for a in adds if len(a[4]) > 1]
    picked = dict(
        zip(
            [(a[0], a[1]) for a in several],
            pick_sentence([(a[0], a[1], a[4]) for a in several]) if several else [],
            strict=True,
        )
    )
    for turn_index, lab, p, q, spans in adds:
        start, end = spans[picked.get((turn_index, lab), 0)]
        merged.append(_model_finding(call, turn_index, lab, p, q, model_name, start, end))

    merged.sort(key=lambda f: (f.turn, f.start_char, f.label))
    kept = [f for f in merged if f.score >= policy.threshold]
    suppressed = [f for f in merged if f.score < policy.threshold]
    return kept, suppressed


def _sentence_spans(call: CallContext, turn_index: int) -> list[tuple[int, int]]:
    """The turn's sentences as (start, end), whitespace trimmed; the whole turn if none."""
    text = call.turns[turn_index].text
    spans = []
    for sent in call.docs[turn_index].sentences or ():
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans or [(0, len(text))]


def _model_finding(
    call: CallContext,
    turn_index: int,
    label: Label,
    p: float,
    q: float,
    model_name: str,
    start: int,
    end: int,
) -> Finding:
    turn = call.turns[turn_index]
    return Finding(
        label=label,
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
