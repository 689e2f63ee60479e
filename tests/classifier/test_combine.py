"""Rules + model fusion: pure, with hand-built findings and probabilities."""

from __future__ import annotations

import pytest

from analyzer.classifier.combine import FusionPolicy, fuse, on_rule_scale
from analyzer.detectors.base import CallContext
from analyzer.model import Finding, Transcript, Turn
from analyzer.nlp import Sentence, TurnDoc

TEXTS = [
    ("seller", "What would you like to do next?"),
    ("prospect", "Honestly I need to chew on it. Also the weather is nice."),
    ("seller", "Sure thing."),
]


def call() -> CallContext:
    turns = tuple(Turn(i, f"S{i % 2}", text, role) for i, (role, text) in enumerate(TEXTS))  # type: ignore[arg-type]
    docs = []
    for _, text in TEXTS:
        first = text.find(". ") + 1 if ". " in text else len(text)
        sents = [Sentence(0, first, 0, 1)]
        if first < len(text):
            sents.append(Sentence(first + 1, len(text), 1, 2))
        docs.append(TurnDoc(text, (), tuple(sents), ()))
    return CallContext(Transcript("t", "text", turns), tuple(docs))


def rule(turn: int, label: str, score: float) -> Finding:
    text = TEXTS[turn][1]
    return Finding(
        label,
        turn,
        0,
        len(text),
        text,
        f"S{turn % 2}",
        TEXTS[turn][0],
        score,  # type: ignore[arg-type]
        score,
        "rules",
        rule=f"{label}.x@1",
    )


THRESHOLDS = {"commitment": 0.5, "stall": 0.4, "decline": 0.5, "giveaway": 0.6}


def never(*_: object) -> list[int]:
    raise AssertionError("the sentence picker should not be called")


@pytest.mark.parametrize(
    ("p", "tau", "expected"), [(0.0, 0.4, 0.0), (0.4, 0.4, 0.5), (1.0, 0.4, 1.0), (0.2, 0.4, 0.25)]
)
def test_probability_maps_threshold_to_half(p: float, tau: float, expected: float) -> None:
    assert on_rule_scale(p, tau) == pytest.approx(expected)


def test_model_confirms_a_rule_finding_and_is_cited() -> None:
    kept, suppressed = fuse(
        call(), [rule(1, "stall", 0.8)], {1: {"stall": 0.9}}, THRESHOLDS, "model.t@1", never
    )
    assert suppressed == [] and len(kept) == 1
    f = kept[0]
    assert f.source == "rules+model" and f.model == "model.t@1" and f.rule == "stall.x@1"
    assert f.adjustments[-1].rule == "model.t@1" and "0.90" in f.adjustments[-1].reason


def test_model_overrules_a_weak_rule_finding_but_keeps_it_as_suppressed() -> None:
    kept, suppressed = fuse(
        call(), [rule(2, "giveaway", 0.6)], {2: {"giveaway": 0.05}}, THRESHOLDS, "m@1", never
    )
    assert kept == [] and [f.label for f in suppressed] == ["giveaway"]
    assert suppressed[0].score < 0.5


def test_rule_weight_zero_lets_the_model_decide_alone() -> None:
    kept, _ = fuse(
        call(),
        [rule(2, "giveaway", 0.95)],
        {2: {"giveaway": 0.1}},
        THRESHOLDS,
        "m@1",
        never,
        FusionPolicy(rule_weight=0.0),
    )
    assert kept == []


def test_model_adds_what_rules_missed_quoting_the_best_sentence() -> None:
    picked: list[tuple[int, str]] = []

    def pick(requests: list[tuple[int, str, object]]) -> list[int]:
        picked.extend((turn, label) for turn, label, _ in requests)
        return [0 for _ in requests]

    kept, _ = fuse(call(), [], {1: {"stall": 0.7, "decline": 0.1}}, THRESHOLDS, "m@1", pick)
    assert [(f.label, f.source) for f in kept] == [("stall", "model")]
    f = kept[0]
    assert f.quote == "Honestly I need to chew on it." == TEXTS[1][1][f.start_char : f.end_char]
    assert picked == [(1, "stall")]


def test_turns_the_model_did_not_see_keep_their_rule_findings() -> None:
    kept, _ = fuse(call(), [rule(1, "stall", 0.7)], {}, THRESHOLDS, "m@1", never)
    assert [(f.label, f.source) for f in kept] == [("stall", "rules")]
