"""Regression: rule patterns must not backtrack catastrophically on unpunctuated speech.

An unpunctuated speech-to-text turn made one commitment pattern (optional separators
between repeated date/time tokens) run for minutes.  This is a hang guard, not a speed
target: the alarm is generous, and a correct pattern answers in milliseconds.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

from analyzer.detectors.base import CallContext
from analyzer.detectors.registry import default_detectors
from analyzer.model import Transcript, Turn
from analyzer.nlp import get_nlp

pytestmark = pytest.mark.slow

STT_TURNS = [
    ("seller", "so does wednesday the eighteenth work for the on site or should we do thursday"),
    (
        "prospect",
        "wednesday the eighteenth afternoon two o'clock i will book the meeting room in head "
        "office and i bring paul and femi you come in person or video",
    ),
    (
        "prospect",
        "monday tuesday wednesday thursday friday monday tuesday wednesday thursday friday "
        "the first the second the third at nine at ten at eleven works fine then yes please no",
    ),
]


@pytest.fixture()
def alarm() -> Iterator[None]:
    def expired(*_: object) -> None:
        raise TimeoutError("a rule pattern backtracked for more than 20 seconds")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_unpunctuated_turns_do_not_hang_the_rules(alarm: None) -> None:
    turns = tuple(
        Turn(i, "Seller" if role == "seller" else "Prospect", text, role)  # type: ignore[arg-type]
        for i, (role, text) in enumerate(STT_TURNS)
    )
    docs = tuple(get_nlp().annotate([t.text for t in turns]))
    call = CallContext(Transcript("stt", "text", turns), docs)
    for detector in default_detectors():
        detector.detect(call)
