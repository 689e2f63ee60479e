"""Small helpers the vendor readers share: speaker names, token joining, warnings, dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from analyzer.ingest.base import IngestWarning
from analyzer.ingest.decode import normalise_text

#: The speaker given to cues whose source names nobody (``roles.UNKNOWN_SPEAKER``).
UNKNOWN_SPEAKER = "unknown"

# Ids that already read as a label ("spk_0", "SPEAKER_00", "ch_1") are kept as the vendor
# wrote them; bare numbers and letters ("0", "A") get a prefix so a report reads "Speaker A".
_BARE_ID = re.compile(r"[0-9]+|[A-Za-z]")


def speaker_name(label: str, prefix: str = "Speaker") -> str:
    """A stable, readable speaker name for a vendor's speaker id.

    ``"A"`` -> ``"Speaker A"``, ``"0"`` -> ``"Speaker 0"``; anything longer
    (``"spk_0"``, ``"SPEAKER_00"``, a real name) is kept, normalised.
    """
    label = normalise_text(label)
    if _BARE_ID.fullmatch(label):
        return f"{prefix} {label}"
    return label or UNKNOWN_SPEAKER


def join_tokens(tokens: Iterable[tuple[str, bool]]) -> str:
    """Join word tokens with spaces; punctuation tokens (flag ``True``) attach to the left."""
    parts: list[str] = []
    for text, is_punct in tokens:
        if not text:
            continue
        if is_punct or not parts:
            parts.append(text)
        else:
            parts.append(" " + text)
    return normalise_text("".join(parts))


def unattributed_warning(lines: Sequence[int], total: int, what: str) -> IngestWarning | None:
    """One warning for the cues that had no speaker (``lines``: their 1-based record numbers).

    ``what`` names the records ("segments", "utterances").  ``None`` when every
    record had a speaker.
    """
    if not lines:
        return None
    if len(lines) == total:
        message = f"no {what} carry a speaker; every cue is attributed to {UNKNOWN_SPEAKER!r}"
    else:
        message = (
            f"{len(lines)} of {total} {what} carry no speaker (first: record {lines[0]}); "
            f"they are attributed to {UNKNOWN_SPEAKER!r}"
        )
    return IngestWarning(
        message,
        line=lines[0],
        fix="turn on speaker diarization (or one channel per party) in the engine and export again",
    )


def parse_date(value: object) -> dt.date | None:
    """A call date from an ISO 8601 string or epoch milliseconds; ``None`` if neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        # Epoch milliseconds (Fireflies); anything before 2001 in ms is implausible.
        if value < 1e12:
            return None
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC).date()
    if isinstance(value, str) and value.strip():
        text = value.strip()
        if text.isdigit():
            return parse_date(int(text))
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None


def majority_label(labels: Iterable[str | None]) -> str | None:
    """The most common non-empty label (ties: the first seen); ``None`` if there is none."""
    counts: dict[str, int] = {}
    for label in labels:
        if label:
            counts[label] = counts.get(label, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda k: counts[k])
