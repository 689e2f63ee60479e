"""Builders for scoring tests: hand-written calls with real spaCy annotations.

Scoring is tested in isolation from the detectors: each test writes its turns
as ``(speaker, role, text, start, end)`` rows and its findings by hand with
:func:`finding`, so a change in a detector never changes a scoring test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from analyzer.detectors.base import CallContext
from analyzer.model import LABEL_ROLE, Finding, Label, Role, Transcript, Turn
from analyzer.nlp import NLP

Row = tuple[str, Role, str, float | None, float | None]

SELLER = "Dana Ruiz"
PROSPECT = "Sam Okafor"


def seller(text: str, start: float | None = None, end: float | None = None) -> Row:
    """A seller turn spoken by :data:`SELLER`."""
    return (SELLER, "seller", text, start, end)


def prospect(text: str, start: float | None = None, end: float | None = None) -> Row:
    """A prospect turn spoken by :data:`PROSPECT`."""
    return (PROSPECT, "prospect", text, start, end)


def make_transcript(rows: Sequence[Row], *, date: dt.date | None = None) -> Transcript:
    """A transcript with the rows as turns, in order."""
    turns = tuple(
        Turn(index=i, speaker=speaker, text=text, role=role, start=start, end=end)
        for i, (speaker, role, text, start, end) in enumerate(rows)
    )
    return Transcript(source="test", format="test", turns=turns, date=date)


def make_call(nlp: NLP, rows: Sequence[Row], *, date: dt.date | None = None) -> CallContext:
    """A call context annotated by the real NLP pipeline."""
    transcript = make_transcript(rows, date=date)
    docs = tuple(nlp.annotate([t.text for t in transcript.turns]))
    return CallContext(transcript=transcript, docs=docs)


def finding(call: CallContext, turn: int, label: Label, quote: str | None = None) -> Finding:
    """A finding on ``turn`` quoting ``quote`` (default: the whole turn).

    Fails loudly when the quote is not in the turn, so a typo in a test
    cannot silently produce a finding somewhere else.
    """
    the_turn = call.turns[turn]
    text = the_turn.text
    quote = text.strip() if quote is None else quote
    start = text.find(quote)
    if start < 0:
        raise AssertionError(f"{quote!r} is not in turn {turn}: {text!r}")
    assert the_turn.role == LABEL_ROLE[label], f"{label} on a {the_turn.role} turn"
    return Finding(
        label=label,
        turn=turn,
        start_char=start,
        end_char=start + len(quote),
        quote=quote,
        speaker=the_turn.speaker,
        role=the_turn.role,
        score=0.9,
        raw_score=0.9,
        source="rules",
        rule=f"test.{label}",
        time=the_turn.start,
    )
