"""The contract between transcript readers and the rest of the analyzer.

A reader turns one source file into one or more :class:`ParsedCall` values
(labelled JSONL holds many calls; every other format holds one).  Readers only
parse: turning cues into turns, attributing roles and strict/lenient handling
happen once, centrally, in :mod:`analyzer.ingest`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from analyzer.model import Cue, GoldCall, RoleHint


@dataclass(frozen=True, slots=True)
class IngestWarning:
    """Something odd but survivable in a source file (``--strict`` makes it an error)."""

    message: str
    line: int | None = None
    fix: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedCall:
    """What a reader found in a source: cues plus call metadata."""

    cues: tuple[Cue, ...]
    date: dt.date | None = None
    call_id: str | None = None
    role_hints: tuple[RoleHint, ...] = ()
    gold: GoldCall | None = None
    warnings: tuple[IngestWarning, ...] = ()
    speaker_emails: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SourceFile:
    """A source's bytes and name; ``text`` decodes on first use."""

    path: str
    data: bytes
    suffix: str = ""
    text_override: str | None = field(default=None, repr=False)

    @cached_property
    def text(self) -> str:
        """The decoded text (BOM-aware UTF-8/UTF-16, newlines normalised)."""
        if self.text_override is not None:
            return self.text_override
        from analyzer.ingest.decode import decode_text

        return decode_text(self.data, self.path)


class Reader(Protocol):
    """One transcript format."""

    name: str
    """Stable format name reported in ``--json`` output (``"zoom-vtt"``)."""

    description: str

    def sniff(self, source: SourceFile) -> float:
        """How sure (0-1) this reader is that the source is its format."""
        ...

    def read(self, source: SourceFile) -> list[ParsedCall]:
        """Parse the source; raise :class:`analyzer.errors.ParseError` when it cannot."""
        ...
