"""Sentences of a call as verbatim spans, and evidence that quotes them.

Every quote a call-level score shows a coach is an exact substring of its
turn's text; these helpers are the one place that slices turn text, so that
guarantee holds by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.detectors.base import CallContext
from analyzer.model import EvidenceRef, Role

__all__ = [
    "SentenceSpan",
    "check_call",
    "covering",
    "evidence",
    "sentences",
    "span",
]


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    """A trimmed sentence: ``text == turn.text[start:end]``."""

    turn: int
    start: int
    end: int
    text: str
    role: Role


def check_call(call: CallContext) -> None:
    """Refuse a context whose annotations do not belong to its turns.

    This is a programming error (the pipeline builds contexts), not bad user
    input, so it is a ``ValueError``.
    """
    if len(call.docs) != len(call.turns):
        raise ValueError(
            f"CallContext has {len(call.turns)} turns but {len(call.docs)} TurnDocs; "
            "annotate every turn exactly once"
        )
    for turn, doc in zip(call.turns, call.docs, strict=True):
        if doc.text != turn.text:
            raise ValueError(f"TurnDoc text differs from turn {turn.index}'s text")


def span(call: CallContext, turn: int, start: int, end: int) -> SentenceSpan:
    """The span ``[start, end)`` of a turn, trimmed of surrounding whitespace."""
    text = call.turns[turn].text
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return SentenceSpan(turn, start, end, text[start:end], call.turns[turn].role)


def sentences(call: CallContext, turn: int) -> tuple[SentenceSpan, ...]:
    """The non-empty sentences of one turn, as spaCy split them."""
    doc = call.docs[turn]
    found = tuple(span(call, turn, s.start_char, s.end_char) for s in doc.sentences)
    found = tuple(s for s in found if s.text)
    if not found and call.turns[turn].text.strip():
        return (span(call, turn, 0, len(call.turns[turn].text)),)
    return found


def covering(call: CallContext, turn: int, start: int, end: int) -> SentenceSpan:
    """The whole sentences of a turn that overlap ``[start, end)``, as one span."""
    overlapping = [s for s in sentences(call, turn) if s.start < end and start < s.end]
    if not overlapping:
        return span(call, turn, start, end)
    return span(call, turn, overlapping[0].start, overlapping[-1].end)


def evidence(
    call: CallContext,
    quote: SentenceSpan,
    reason: str,
    label: str | None = None,
) -> EvidenceRef:
    """An :class:`EvidenceRef` quoting a span verbatim, with speaker and time."""
    turn = call.turns[quote.turn]
    return EvidenceRef(
        turn=quote.turn,
        reason=reason,
        quote=quote.text,
        label=label,
        speaker=turn.speaker,
        time=turn.start,
    )
