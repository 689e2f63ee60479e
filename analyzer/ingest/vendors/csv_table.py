"""Transcripts kept as a table: one row per utterance, columns named in the header.

There is no standard layout, so columns are found by name, case-insensitively
and ignoring units in parentheses (``Start (s)``), through common synonyms:

=========  ==========================================================
speaker    speaker, speaker_name, name, participant, participant_name
text       text, transcript, utterance, content, sentence, message
start      start, start_time, timestamp, begin, begin_time
end        end, end_time, stop
role       role, side, speaker_role
=========  ==========================================================

A ``text`` column is required; ``speaker`` is expected (rows without one are
"unknown", with a warning).  Times are seconds (``12.5``), clock times
(``1:02:03.5``) or ISO date-times, the latter turned into seconds from the
first one.  A ``role`` column (seller/prospect and everyday synonyms) becomes
a strength-80 role hint.  Zoom's participants report and recordings list are
CSVs too, but have no text column, so this reader never claims them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from analyzer.errors import ParseError
from analyzer.ingest.base import IngestWarning, ParsedCall, SourceFile
from analyzer.ingest.decode import normalise_text
from analyzer.ingest.turns import parse_clock
from analyzer.ingest.vendors._common import UNKNOWN_SPEAKER, unattributed_warning
from analyzer.ingest.vendors._csv import guess_delimiter, is_blank, numbered_rows, trim
from analyzer.ingest.vendors._json import head_text
from analyzer.model import Cue, Role, RoleHint

ROLE_SOURCE = "CSV role column"
ROLE_STRENGTH = 80

SYNONYMS: dict[str, tuple[str, ...]] = {
    "speaker": ("speaker", "speaker_name", "name", "participant", "participant_name"),
    "text": ("text", "transcript", "utterance", "content", "sentence", "message"),
    "start": ("start", "start_time", "timestamp", "begin", "begin_time"),
    "end": ("end", "end_time", "stop"),
    "role": ("role", "side", "speaker_role"),
}

_ROLE_WORDS: dict[str, Role] = {
    "seller": "seller",
    "sales": "seller",
    "rep": "seller",
    "agent": "seller",
    "internal": "seller",
    "prospect": "prospect",
    "buyer": "prospect",
    "customer": "prospect",
    "client": "prospect",
    "lead": "prospect",
    "external": "prospect",
}
_NOT_A_ROLE = frozenset({"", "unknown", "n/a", "na", "none", "-"})
_UNITS = re.compile(r"\([^)]*\)")
_SECONDS = re.compile(r"\d+(?:[.,]\d+)?")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def column_key(header: str) -> str:
    """A header cell as compared with :data:`SYNONYMS`: ``"Start Time (s)"`` -> ``"start_time"``."""
    text = _UNITS.sub("", header.replace("\ufeff", "").casefold())
    return _NON_WORD.sub("_", text).strip("_")


def map_columns(header: Sequence[str]) -> dict[str, int]:
    """Which column holds each field (first match wins), by :data:`SYNONYMS`."""
    keys = [column_key(cell) for cell in header]
    found: dict[str, int] = {}
    for field, names in SYNONYMS.items():
        for index, key in enumerate(keys):
            if key in names:
                found[field] = index
                break
    return found


@dataclass(frozen=True, slots=True)
class _Header:
    line: int
    cells: list[str]
    delimiter: str


class CsvTableReader:
    """Reader for speaker/text/time tables (CSV, TSV, semicolon-separated)."""

    name = "csv"
    description = "CSV/TSV table with speaker, text, start, end and role columns"

    def sniff(self, source: SourceFile) -> float:
        """Confident only when the first row names a speaker and a text column."""
        head = head_text(source)
        if head is None:
            return 0.0
        header = _header(head, source.suffix)
        if header is None or len(header.cells) < 2:
            return 0.0
        columns = map_columns(header.cells)
        if "text" not in columns:
            return 0.0
        if "speaker" in columns:
            return 0.95 if "start" in columns or "role" in columns else 0.85
        return 0.4 if source.suffix.lower() in {".csv", ".tsv"} else 0.0

    def read(self, source: SourceFile) -> list[ParsedCall]:
        """One call; one cue per row (``line`` = the row's line in the file)."""
        header = _header(source.text, source.suffix)
        if header is None:
            raise ParseError(source.path, "the file is empty", fix="export the transcript again")
        columns = map_columns(header.cells)
        if "text" not in columns:
            found = ", ".join(repr(c) for c in header.cells) or "none"
            raise ParseError(
                source.path,
                f"no text column in the header (columns: {found})",
                line=header.line,
                fix="name the columns, e.g. speaker,text,start,end,role",
            )
        return [_Table(source.path, header, columns).read(source.text)]


def _header(text: str, suffix: str) -> _Header | None:
    for line, raw in enumerate(text.split("\n"), start=1):
        if raw.strip():
            delimiter = "\t" if suffix.lower() == ".tsv" else guess_delimiter(raw)
            cells = next((trim(row) for _, row in numbered_rows(raw, delimiter)), [])
            return _Header(line, cells, delimiter)
    return None


class _Table:
    """The row-by-row state of one read: times' origin, roles seen, warnings."""

    def __init__(self, path: str, header: _Header, columns: dict[str, int]) -> None:
        self.path = path
        self.header = header
        self.columns = columns
        self.origin: dt.datetime | None = None
        self.roles: dict[str, tuple[Role, int]] = {}
        self.warnings: list[IngestWarning] = []

    def read(self, text: str) -> ParsedCall:
        cues: list[Cue] = []
        unattributed: list[int] = []
        rows = 0
        for line, row in numbered_rows(text, self.header.delimiter):
            if line <= self.header.line or is_blank(row):
                continue
            rows += 1
            speaker = normalise_text(self._cell(row, "speaker"))
            if not speaker:
                unattributed.append(line)
                speaker = UNKNOWN_SPEAKER
            else:
                self._note_role(speaker, self._cell(row, "role"), line)
            content = normalise_text(self._cell(row, "text"))
            if content:
                cues.append(
                    Cue(
                        speaker=speaker,
                        text=content,
                        start=self._time(row, "start", line),
                        end=self._time(row, "end", line),
                        line=line,
                    )
                )
        warning = unattributed_warning(unattributed, rows, "rows")
        if warning is not None:
            self.warnings.append(warning)
        hints = tuple(
            RoleHint(speaker, role, ROLE_SOURCE, ROLE_STRENGTH)
            for speaker, (role, _) in self.roles.items()
        )
        return ParsedCall(cues=tuple(cues), role_hints=hints, warnings=tuple(self.warnings))

    def _cell(self, row: Sequence[str], field: str) -> str:
        index = self.columns.get(field)
        return row[index] if index is not None and index < len(row) else ""

    def _time(self, row: Sequence[str], field: str, line: int) -> float | None:
        value = self._cell(row, field).strip()
        if not value:
            return None
        if _SECONDS.fullmatch(value):
            return float(value.replace(",", "."))
        seconds = parse_clock(value)
        if seconds is not None:
            return seconds
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            column = self.header.cells[self.columns[field]]
            raise ParseError(
                self.path,
                f"column {column!r}: cannot read {value!r} as a time",
                line=line,
                fix="write seconds (12.5), a clock time (1:02:03) or an ISO date-time",
            ) from None
        if self.origin is None:
            self.origin = moment
        try:
            return (moment - self.origin).total_seconds()
        except TypeError:  # mixing zoned and naive date-times
            raise ParseError(
                self.path,
                f"{value!r} mixes time zones with the earlier rows",
                line=line,
                fix="write every timestamp with the same time zone",
            ) from None

    def _note_role(self, speaker: str, value: str, line: int) -> None:
        word = value.strip().casefold()
        if word in _NOT_A_ROLE:
            return
        role = _ROLE_WORDS.get(word)
        if role is None:
            self.warnings.append(
                IngestWarning(
                    f"role {value.strip()!r} for {speaker!r} is neither seller nor prospect; "
                    "ignored",
                    line=line,
                    fix="write seller or prospect in the role column",
                )
            )
            return
        earlier = self.roles.get(speaker)
        if earlier is None:
            self.roles[speaker] = (role, line)
        elif earlier[0] != role:
            self.warnings.append(
                IngestWarning(
                    f"{speaker!r} is {role} here but {earlier[0]} on line {earlier[1]}; "
                    "the first is kept",
                    line=line,
                    fix="give each speaker one role",
                )
            )


READER = CsvTableReader()
