"""Pure evaluation metrics: values in, values out (tested directly).

Turn metrics follow ``gold-format.md``: per label, a prediction on a labelled
turn whose gold labels contain it is a true positive; precision, recall and F1
per label; macro-F1 over the labels that have support.  Call metrics are
accuracies with confusion matrices.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LabelScore:
    """Precision, recall, F1 and support (gold count) of one label."""

    tp: int
    fp: int
    fn: int

    @property
    def support(self) -> int:
        """How many labelled turns carry the label in gold."""
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        """Share of predictions that are right (0 when nothing was predicted)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Share of gold labels found (0 when there is no support)."""
        return self.tp / self.support if self.support else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class TurnScores:
    """Per-label scores and their macro average."""

    labels: dict[str, LabelScore]

    @property
    def macro_f1(self) -> float:
        """Mean F1 over labels with support (0 when none has support)."""
        supported = [s.f1 for s in self.labels.values() if s.support]
        return sum(supported) / len(supported) if supported else 0.0


def turn_scores(
    pairs: Iterable[tuple[frozenset[str], frozenset[str]]], labels: Sequence[str]
) -> TurnScores:
    """Score (gold, predicted) label sets of labelled turns."""
    tp = dict.fromkeys(labels, 0)
    fp = dict.fromkeys(labels, 0)
    fn = dict.fromkeys(labels, 0)
    for gold, pred in pairs:
        for label in labels:
            if label in pred and label in gold:
                tp[label] += 1
            elif label in pred:
                fp[label] += 1
            elif label in gold:
                fn[label] += 1
    return TurnScores({lab: LabelScore(tp[lab], fp[lab], fn[lab]) for lab in labels})


@dataclass(frozen=True, slots=True)
class Accuracy:
    """Accuracy over ``n`` items, with ``confusion[gold][predicted]`` counts."""

    correct: int
    n: int
    confusion: dict[str, dict[str, int]]

    @property
    def accuracy(self) -> float:
        """Share of items predicted right (0 when there are none)."""
        return self.correct / self.n if self.n else 0.0


def accuracy(pairs: Iterable[tuple[str, str]], classes: Sequence[str]) -> Accuracy:
    """Accuracy and confusion matrix of (gold, predicted) pairs."""
    confusion = {g: dict.fromkeys(classes, 0) for g in classes}
    correct = n = 0
    for gold, pred in pairs:
        n += 1
        correct += gold == pred
        confusion.setdefault(gold, dict.fromkeys(classes, 0))
        confusion[gold][pred] = confusion[gold].get(pred, 0) + 1
    return Accuracy(correct, n, confusion)


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Cohen's kappa of two annotators' judgements on the same items.

    Works for yes/no judgements (one label on or off a turn) and for classes
    (a call's decision).  1 is perfect agreement, 0 is what chance alone gives;
    when chance agreement is 1 (both annotators always say the same single
    thing) kappa is defined as 1.
    """
    if len(a) != len(b):
        raise ValueError("both annotators must judge the same items")
    n = len(a)
    if n == 0:
        return 0.0
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    classes = set(a) | set(b)
    expected = sum((list(a).count(c) / n) * (list(b).count(c) / n) for c in classes)
    if expected == 1.0:
        return 1.0
    return (observed - expected) / (1 - expected)
