"""Shared fixtures: spaCy loaded once per module, and a one-call runner."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pytest

from analyzer.detectors.registry import default_detectors, run_detectors
from analyzer.model import Finding, Label
from analyzer.nlp import NLP, get_nlp

from .builders import Line, build_call


@dataclass(frozen=True)
class Result:
    """What run_detectors returned for a small call."""

    kept: list[Finding]
    suppressed: list[Finding]

    def kept_on(self, turn: int, label: Label) -> Finding | None:
        return next((f for f in self.kept if f.turn == turn and f.label == label), None)

    def suppressed_on(self, turn: int, label: Label) -> Finding | None:
        return next((f for f in self.suppressed if f.turn == turn and f.label == label), None)

    def labels_on(self, turn: int) -> set[str]:
        return {f.label for f in self.kept if f.turn == turn}


Run = Callable[[Sequence[Line]], Result]


@pytest.fixture(scope="module")
def nlp() -> NLP:
    """The real spaCy pipeline, loaded once for the module."""
    shared = get_nlp()
    shared.annotate(["warm up"])
    return shared


@pytest.fixture(scope="module")
def run(nlp: NLP) -> Run:
    """Run the default detectors and context pass over (role, text) lines."""

    def _run(lines: Sequence[Line]) -> Result:
        kept, suppressed = run_detectors(build_call(nlp, lines), default_detectors())
        return Result(kept, suppressed)

    return _run
