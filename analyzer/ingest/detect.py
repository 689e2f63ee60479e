"""Which format is this file? Plus the small content probes readers share.

:func:`detect_format` asks every registered reader how sure it is (its
``sniff`` looks at the extension and the content) and picks the best score;
ties go to the reader listed first in :mod:`analyzer.ingest.registry`.

The probes are pure functions over text: :func:`fenced_blocks` finds
Markdown code fences (meeting notes often embed a raw transcript in one), and
:func:`find_date` / :func:`date_in_name` read the call date from a title line
or a file name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from analyzer.calendar_words import MONTHS
from analyzer.errors import ParseError
from analyzer.ingest.base import Reader, SourceFile
from analyzer.ingest.registry import READERS, get_reader

__all__ = [
    "MIN_SCORE",
    "FencedBlock",
    "date_in_name",
    "detect_format",
    "fenced_blocks",
    "find_date",
    "markdown_heading_date",
]

#: Below this score no reader is trusted to read the file.
MIN_SCORE = 0.2


def _reader_or_none(name: str) -> Reader | None:
    """The reader, or ``None`` when its module is not part of this installation yet."""
    module_name = READERS[name].partition(":")[0]
    try:
        return get_reader(name)
    except ModuleNotFoundError as exc:
        # Only a missing reader module is skipped; a reader that fails to import for
        # another reason is a bug and must surface.
        if exc.name is not None and module_name.startswith(exc.name):
            return None
        raise


def detect_format(source: SourceFile) -> str:
    """The name of the registered format that best fits ``source``.

    Raises:
        ParseError: no reader recognises the file (the message lists the
            ``--format`` choices), or the file is binary and no binary format
            claims it.
    """
    best_name, best_score = "", 0.0
    decode_error: ParseError | None = None
    for name in READERS:
        reader = _reader_or_none(name)
        if reader is None:
            continue
        try:
            score = float(reader.sniff(source))
        except ParseError as exc:
            # Text readers cannot even decode a binary file; remember why for the message.
            decode_error = decode_error or exc
            continue
        if score > best_score:
            best_name, best_score = name, score
    if best_score >= MIN_SCORE:
        return best_name
    if decode_error is not None:
        raise decode_error
    if _looks_like_participants_report(source):
        raise ParseError(
            source.path,
            "this is a Zoom participants report, not a transcript",
            fix="pass it with --participants next to the transcript it describes",
        )
    raise ParseError(
        source.path,
        "could not tell which transcript format this is",
        fix=f"name it with --format, one of: {', '.join(READERS)}",
    )


def _looks_like_participants_report(source: SourceFile) -> bool:
    """Zoom's participants CSV: a user-email column beside name and duration columns."""
    head = source.data[:4096].decode("utf-8", "replace").lower()
    return "user email" in head and "duration" in head


# --- Markdown fences ---------------------------------------------------------------------------

_FENCE = re.compile(r"^\s{0,3}(```+|~~~+)")


@dataclass(frozen=True, slots=True)
class FencedBlock:
    """The lines inside one Markdown code fence.

    ``first_line`` is the 1-based line number of the first line *inside* the
    fence, so ``first_line + i`` is the file line of ``lines[i]``.
    """

    first_line: int
    lines: tuple[str, ...]
    fence_line: int


def fenced_blocks(text: str) -> list[FencedBlock]:
    """Every fenced block in ``text``, in order.

    An unclosed fence runs to the end of the text (notes are often cut
    short).  Fences may be indented by up to three spaces, as Markdown allows.
    """
    blocks: list[FencedBlock] = []
    lines = text.split("\n")
    opener: str | None = None
    start = 0
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if opener is None:
            if match:
                opener, start = match.group(1), index + 1
        elif match and match.group(1)[0] == opener[0] and len(match.group(1)) >= len(opener):
            blocks.append(FencedBlock(start + 1, tuple(lines[start:index]), start))
            opener = None
    if opener is not None:
        blocks.append(FencedBlock(start + 1, tuple(lines[start:]), start))
    return blocks


# --- dates -------------------------------------------------------------------------------------

_MONTHS = MONTHS
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ISO = re.compile(r"(?<!\d)(\d{4})([-/._])(\d{1,2})\2(\d{1,2})(?!\d)")
_MDY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.I)
_COMPACT = re.compile(r"(?<!\d)(20\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")


def _date(year: str, month: int | str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def find_date(text: str) -> dt.date | None:
    """The first calendar date written in ``text``, or ``None``.

    Reads ``2026-03-02`` (also with ``/``, ``.`` or ``_``), ``March 2, 2026``, ``Mar 2 2026``
    and ``2 March 2026``; an impossible date (``2026-02-30``) is no date.
    Numeric day-first forms (``02/03/2026``) are ambiguous and never read.
    """
    found: list[tuple[int, dt.date]] = []
    for match in _ISO.finditer(text):
        date = _date(match.group(1), match.group(3), match.group(4))
        if date:
            found.append((match.start(), date))
            break
    for match in _MDY.finditer(text):
        date = _date(match.group(3), _MONTHS[match.group(1).lower()], match.group(2))
        if date:
            found.append((match.start(), date))
            break
    for match in _DMY.finditer(text):
        date = _date(match.group(3), _MONTHS[match.group(2).lower()], match.group(1))
        if date:
            found.append((match.start(), date))
            break
    return min(found)[1] if found else None


def date_in_name(path: str) -> dt.date | None:
    """A date in a file name: ``acme-2026-03-02.vtt`` or Zoom's ``GMT20240124-202901_...``."""
    name = re.split(r"[\\/]", path)[-1]
    date = find_date(name)
    if date is not None:
        return date
    match = _COMPACT.search(name)
    return _date(match.group(1), match.group(2), match.group(3)) if match else None


def markdown_heading_date(lines: list[str] | tuple[str, ...]) -> dt.date | None:
    """The date in the first Markdown heading (``# ...``) that has one."""
    for line in lines:
        if line.lstrip().startswith("#"):
            date = find_date(line)
            if date is not None:
                return date
    return None
