"""Microsoft Teams transcripts downloaded as Word documents.

Two layouts are known (no openly licensed sample exists; both come from
third-party parsers and match what Teams shows on screen):

* current Teams: a paragraph ``Full Name   0:03`` (name, two or more spaces or
  a tab, then ``m:ss`` or ``h:mm:ss``), the utterance in the same paragraph
  after a line break or in the following paragraphs;
* Stream era: a line ``0:0:5.100 --> 0:0:8.250``, then the speaker's name,
  then the utterance (a single line after the times is taken as text with no
  speaker).

Text before the first entry (meeting title, date, duration) is skipped, except
that a ``Month D, YYYY`` date there becomes the call date; "X started/stopped
transcription" notices are dropped.  The document is read from
``source.data`` with python-docx, imported only when a ``.docx`` is read.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from analyzer.errors import ParseError
from analyzer.ingest.base import IngestWarning, ParsedCall, SourceFile
from analyzer.ingest.decode import normalise_text
from analyzer.ingest.turns import parse_clock
from analyzer.ingest.vendors._common import UNKNOWN_SPEAKER, unattributed_warning
from analyzer.model import Cue

_ZIP_MAGIC = b"PK\x03\x04"
_HEADER = re.compile(r"^(?P<name>\S.*?)(?:[ \u00a0]{2,}|\t+)(?P<time>\d{1,2}(?::\d{2}){1,2})$")
_ARROW = re.compile(
    r"^(?P<start>\d+:\d{1,2}:\d{1,2}(?:[.,]\d+)?)\s*-->\s*(?P<end>\d+:\d{1,2}:\d{1,2}(?:[.,]\d+)?)$"
)
_NOTICE = re.compile(r"^.{1,120}\b(?:started|stopped) transcription$", re.IGNORECASE)
_DATE = re.compile(
    r"\b(?P<month>January|February|March|April|May|June|July|August|September|October|"
    r"November|December) (?P<day>\d{1,2}), (?P<year>\d{4})\b"
)
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


@dataclass(frozen=True, slots=True)
class _Line:
    """One non-empty line of the document and the paragraph (1-based) it sits in."""

    text: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class _Entry:
    speaker: str | None
    start: float | None
    end: float | None
    paragraph: int
    body: tuple[str, ...]


class TeamsDocxReader:
    """Reader for Teams ``.docx`` transcripts."""

    name = "teams-docx"
    description = "Microsoft Teams transcript .docx (Name  0:03 / Stream-era --> layouts)"

    def sniff(self, source: SourceFile) -> float:
        """Confident for a zip holding ``word/document.xml`` (a Word document)."""
        if not source.data.startswith(_ZIP_MAGIC):
            return 0.0
        try:
            with zipfile.ZipFile(io.BytesIO(source.data)) as archive:
                is_word = "word/document.xml" in archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            # A .docx cut short still announces itself by its name.
            return 0.5 if source.suffix.lower() == ".docx" else 0.0
        if not is_word:
            return 0.0
        return 0.95 if source.suffix.lower() == ".docx" else 0.85

    def read(self, source: SourceFile) -> list[ParsedCall]:
        """One call; one cue per transcript entry (``line`` = its paragraph number)."""
        lines = _document_lines(source)
        entries, preamble = _entries(lines)
        if not entries:
            raise ParseError(
                source.path,
                "no transcript entries found: expected paragraphs like 'Name   0:03' "
                "or '0:0:5.100 --> 0:0:8.250'",
                fix="download the transcript from Teams as .docx, or use the .vtt download",
            )
        cues = [
            Cue(
                speaker=e.speaker or UNKNOWN_SPEAKER,
                text=normalise_text(" ".join(e.body)),
                start=e.start,
                end=e.end,
                line=e.paragraph,
            )
            for e in entries
        ]
        warnings: list[IngestWarning] = []
        missing = [e.paragraph for e in entries if e.speaker is None]
        warning = unattributed_warning(missing, len(entries), "entries")
        if warning is not None:
            warnings.append(warning)
        return [
            ParsedCall(
                cues=tuple(c for c in cues if c.text),
                date=_preamble_date(preamble),
                warnings=tuple(warnings),
            )
        ]


def _document_lines(source: SourceFile) -> list[_Line]:
    import docx  # python-docx: only needed when a .docx is actually read

    try:
        document = docx.Document(io.BytesIO(source.data))
    except Exception as exc:  # python-docx raises zip, XML and KeyError alike
        raise ParseError(
            source.path,
            f"not a readable Word document ({type(exc).__name__}: {exc})",
            fix="open it in Word and save it again as .docx, or download the transcript again",
        ) from exc
    texts: list[str] = [p.text for p in document.paragraphs]
    # Some exports lay the transcript out in a table; its cells come after the body text.
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return [
        _Line(clean, number)
        for number, text in enumerate(texts, start=1)
        for raw in text.splitlines()
        if (clean := raw.strip())
    ]


def _entries(lines: Sequence[_Line]) -> tuple[list[_Entry], list[str]]:
    """Group lines into entries; also return the lines before the first one."""
    entries: list[_Entry] = []
    preamble: list[str] = []
    for group in _groups(lines):
        first = group[0]
        if (match := _HEADER.match(first.text)) is not None:
            body = tuple(line.text for line in group[1:])
            start = parse_clock(match.group("time"))
            entries.append(
                _Entry(normalise_text(match.group("name")), start, None, first.paragraph, body)
            )
        elif (match := _ARROW.match(first.text)) is not None:
            rest = [line.text for line in group[1:]]
            speaker = normalise_text(rest[0]) if len(rest) > 1 else None
            body = tuple(rest[1:] if len(rest) > 1 else rest)
            entries.append(
                _Entry(
                    speaker,
                    parse_clock(match.group("start")),
                    parse_clock(match.group("end")),
                    first.paragraph,
                    body,
                )
            )
        elif not entries:
            preamble.extend(line.text for line in group)
    return entries, preamble


def _groups(lines: Sequence[_Line]) -> Iterator[list[_Line]]:
    """Runs of lines, each starting at an entry header; notices are dropped."""
    group: list[_Line] = []
    for line in lines:
        if _NOTICE.match(line.text):
            continue
        if group and (_HEADER.match(line.text) or _ARROW.match(line.text)):
            yield group
            group = []
        group.append(line)
    if group:
        yield group


def _preamble_date(preamble: Sequence[str]) -> dt.date | None:
    for text in preamble:
        match = _DATE.search(text)
        if match is None:
            continue
        month = _MONTHS.index(match.group("month").lower()) + 1
        try:
            return dt.date(int(match.group("year")), month, int(match.group("day")))
        except ValueError:
            continue
    return None


READER = TeamsDocxReader()
