"""Month names as people write and say them, shared by ingest (dates in headers and file
names) and scoring (dates in next steps)."""

from __future__ import annotations

_NAMES = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sept", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)

#: Lower-case month name or abbreviation -> month number (1-12).
MONTHS: dict[str, int] = {name: number for number, names in enumerate(_NAMES, 1) for name in names}
