"""NIST / pyannote RTTM speaker diarization.

``SPEAKER <file> <chan> <onset> <duration> <NA> <NA> <speaker> <NA> <NA>``,
whitespace separated; field 5 is a *duration*.  Other record types
(``SPKR-INFO``, ``LEXEME``...) and ``;;`` comments are skipped.  One call per
``<file>`` id, cues sorted by onset (turns may overlap).

RTTM has speakers and times but **no words**.  Cues with empty text would be
dropped when turns are built, leaving nothing, so each speaker segment becomes
a cue whose text is the placeholder :data:`NO_WORDS_TEXT`, and every call
carries the warning :data:`NO_WORDS_WARNING`: talk time, turn counts,
interruptions and longest monologues by time can be computed, nothing that
needs words can.  To get words, pair the RTTM with a speaker-less transcript
(Whisper JSON) through :func:`label_by_overlap`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from analyzer.errors import ParseError
from analyzer.ingest.base import IngestWarning, ParsedCall, SourceFile
from analyzer.ingest.vendors._common import UNKNOWN_SPEAKER
from analyzer.ingest.vendors._json import head_text
from analyzer.model import Cue

#: Text of every RTTM cue: the file says someone spoke, not what they said.
NO_WORDS_TEXT = "[speech]"

NO_WORDS_WARNING = IngestWarning(
    "RTTM carries no words; only talk-time metrics are possible",
    fix="analyze the transcript itself, or label a Whisper transcript's speakers with this RTTM",
)

# Record types defined by the NIST RTTM spec; a file made only of these is RTTM.
_TYPES = frozenset(
    {
        "SPEAKER",
        "SPKR-INFO",
        "SEGMENT",
        "LEXEME",
        "NON-LEX",
        "NON-SPEECH",
        "NOSCORE",
        "NO_RT_METADATA",
        "FILLER",
        "EDIT",
        "IP",
        "SU",
        "CB",
        "A/P",
    }
)
_MIN_FIELDS = 8
_SNIFF_LINES = 20


class RttmReader:
    """Reader for RTTM diarization files."""

    name = "rttm"
    description = "NIST/pyannote RTTM diarization (speakers and times, no words)"

    def sniff(self, source: SourceFile) -> float:
        """Confident when the first records are RTTM lines with numeric onset and duration."""
        head = head_text(source)
        if head is None:
            return 0.0
        records = [r for r in (line.split() for line in head.split("\n")[:_SNIFF_LINES]) if r]
        records = [r for r in records if not r[0].startswith(";;")]
        if not records or any(r[0] not in _TYPES for r in records[:-1]):
            return 0.0  # the last line may be cut short by the sniff limit
        speaker_lines = [r for r in records[:-1] or records if r[0] == "SPEAKER"]
        if not speaker_lines or not all(_is_speaker_record(r) for r in speaker_lines):
            return 0.0
        return 0.95

    def read(self, source: SourceFile) -> list[ParsedCall]:
        """One call per recording id; one cue per ``SPEAKER`` record (``line`` = file line)."""
        by_file: dict[str, list[Cue]] = {}
        for number, raw in enumerate(source.text.split("\n"), start=1):
            fields = raw.split()
            if not fields or fields[0].startswith(";;") or fields[0] != "SPEAKER":
                continue
            recording, cue = _record(fields, number, source.path)
            by_file.setdefault(recording, []).append(cue)
        if not by_file:
            raise ParseError(
                source.path,
                "no SPEAKER records found",
                fix="pass an RTTM file with lines 'SPEAKER <file> <chan> <onset> <dur> ...'",
            )
        return [
            ParsedCall(
                cues=tuple(sorted(cues, key=lambda c: c.start or 0.0)),
                call_id=recording,
                warnings=(NO_WORDS_WARNING,),
            )
            for recording, cues in by_file.items()
        ]


def _is_speaker_record(fields: Sequence[str]) -> bool:
    if len(fields) < _MIN_FIELDS:
        return False
    try:
        float(fields[3])
        float(fields[4])
    except ValueError:
        return False
    return True


def _record(fields: Sequence[str], line: int, path: str) -> tuple[str, Cue]:
    if len(fields) < _MIN_FIELDS:
        raise ParseError(
            path,
            f"a SPEAKER record needs at least {_MIN_FIELDS} fields, found {len(fields)}",
            line=line,
            fix="write 'SPEAKER <file> <chan> <onset> <duration> <NA> <NA> <speaker> <NA> <NA>'",
        )
    values: list[float] = []
    for index, what in ((3, "onset"), (4, "duration")):
        try:
            values.append(float(fields[index]))
        except ValueError:
            raise ParseError(
                path,
                f"field {index + 1} ({what}) is {fields[index]!r}, not a number of seconds",
                line=line,
            ) from None
    onset, duration = values
    if onset < 0 or duration < 0:
        raise ParseError(path, "onset and duration must not be negative", line=line)
    speaker = fields[7] if fields[7] != "<NA>" else UNKNOWN_SPEAKER
    cue = Cue(
        speaker=speaker, text=NO_WORDS_TEXT, start=onset, end=round(onset + duration, 6), line=line
    )
    return fields[1], cue


def label_by_overlap(cues: Sequence[Cue], segments: Sequence[Cue]) -> tuple[Cue, ...]:
    """Give speaker-less cues the diarization speaker they overlap most.

    ``cues`` come from a transcript without speakers (Whisper); ``segments``
    from :class:`RttmReader`.  A cue keeps its speaker when it already has
    one, when it has no times, or when it overlaps no segment.  Pure.
    """
    labelled: list[Cue] = []
    for cue in cues:
        if (cue.speaker and cue.speaker != UNKNOWN_SPEAKER) or cue.start is None or cue.end is None:
            labelled.append(cue)
            continue
        overlap: dict[str, float] = {}
        for segment in segments:
            if segment.start is None or segment.end is None or not segment.speaker:
                continue
            shared = min(cue.end, segment.end) - max(cue.start, segment.start)
            if shared > 0:
                overlap[segment.speaker] = overlap.get(segment.speaker, 0.0) + shared
        if overlap:
            best = max(overlap, key=lambda s: overlap[s])
            labelled.append(replace(cue, speaker=best))
        else:
            labelled.append(cue)
    return tuple(labelled)


READER = RttmReader()
