"""Builders for small hand-written calls, so tests read as (role, text) tables."""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.detectors.base import CallContext
from analyzer.model import Role, Transcript, Turn
from analyzer.nlp import NLP

SPEAKERS: dict[Role, str] = {"seller": "Dana Ruiz", "prospect": "Sam Okafor", "unknown": "Spk 3"}

Line = tuple[Role, str]


def build_transcript(lines: Sequence[Line]) -> Transcript:
    """A transcript whose turns alternate as given, 10 seconds apart."""
    turns = tuple(
        Turn(
            index=i,
            speaker=SPEAKERS[role],
            text=text,
            role=role,
            start=10.0 * i,
            end=10.0 * i + 8.0,
            line=i + 1,
        )
        for i, (role, text) in enumerate(lines)
    )
    return Transcript(source="test-call.txt", format="text", turns=turns)


def build_call(nlp: NLP, lines: Sequence[Line]) -> CallContext:
    """A :class:`CallContext` with real annotations for the given (role, text) lines."""
    transcript = build_transcript(lines)
    docs = tuple(nlp.annotate([turn.text for turn in transcript.turns]))
    return CallContext(transcript, docs)


def exchange(previous: str | None, text: str, role: Role) -> list[Line]:
    """One turn, optionally after a previous turn from the other side."""
    other: Role = "seller" if role == "prospect" else "prospect"
    return ([(other, previous)] if previous else []) + [(role, text)]
