"""CSV rows with the source line each one starts on (errors must name the line)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

#: Delimiters a hand-made transcript table may use, in order of preference.
DELIMITERS = (",", ";", "\t", "|")


def numbered_rows(text: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` for every record of ``text``, ``line`` being where it starts.

    A quoted field may span lines; the record is still reported at its first
    line.  Blank lines come through as empty rows so callers can split sections.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous = 0
    for row in reader:
        yield previous + 1, row
        previous = reader.line_num


def is_blank(row: Sequence[str]) -> bool:
    """Whether a row has no content (``""`` or only empty cells, as Zoom writes)."""
    return all(not cell.strip() for cell in row)


def trim(row: Sequence[str]) -> list[str]:
    """The row's cells, stripped, without the trailing empty cells Zoom appends."""
    cells = [cell.strip() for cell in row]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def guess_delimiter(header_line: str) -> str:
    """The delimiter used most in a header line (ties and none: comma)."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","
