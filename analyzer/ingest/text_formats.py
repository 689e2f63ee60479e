"""Line-oriented text transcripts: plain ``Name: text``, Google Meet, Otter, Zoom chat.

Plain text (``text``, :data:`PLAIN_TEXT`)
=========================================
One turn starts on each ``Name: text`` line; lines without a name continue
the turn above.  A start time may come before the name (``[00:01:02]``,
``[01:02]``, ``(01:02)`` or ``00:01:02``) or after it (``Name [01:02]: text``,
``Name (01:02): text``); a line holding only a time stamps the next turn.
Markdown ``**Name:** text`` works too.  Whether a prefix is a speaker is
decided for the whole file: a prefix that starts two or more lines, or reads
as a proper name, is one, so ``Note: ...`` inside a turn is not.

**Header convention.**  Optional key lines at the very top, before the first
turn; keys are case-insensitive:

=====================  ========================================================
``Title: ...``         the call's title (a date written in it is the call date)
``Date: 2026-03-02``   the call date (ISO; ``March 2, 2026`` also works)
``Call: acme-017``     the call id (``Call ID:`` works too)
``Seller: A, B``       speakers on the selling side  -> role hints
``Prospect: C``        speakers on the buying side   -> role hints
``# anything``         a comment; a date in it is used when there is no ``Date:``
=====================  ========================================================

Seller/Prospect names (comma or semicolon separated) become
``RoleHint(source="file header", strength=85)``.  These keys are only
special in the header block: later, ``Date: ...`` is an ordinary line.
``#`` lines are skipped anywhere (comments, Markdown headings), except that
a heading holding only a time (``### 00:05:00``) is a time marker.

Google Meet (``google-meet``, :data:`GOOGLE_MEET`)
==================================================
The transcript Google Doc saved as text or Markdown: a title line ending in
``- Transcript`` (its date is the call date), ``Attendees`` and its name
list, ``Transcript``, the "This editable transcript..." notice, then
``Name: text`` lines with a bare ``00:05:00`` marker line every few minutes
(the marker stamps the turn after it; other turns have no time), and a
``Transcription ended after ...`` footer.  Boilerplate is skipped.  Plain
text and Meet share one line parser; they differ in how they are detected.

Both find a transcript embedded in Markdown meeting notes: when the file
has ``` fences, the fenced block with the most speaker lines is read (with a
warning) and the date comes from the first Markdown heading that has one.

Otter (``otter``, :data:`OTTER`)
================================
``Name  m:ss  `` header lines (two or more spaces before the time), the
speech on the lines below.  ``Unknown Speaker`` means unattributed.  The
``Transcribed by https://otter.ai`` footer is skipped.

Zoom chat (``zoom-chat``, :data:`ZOOM_CHAT`)
============================================
``hh:mm:ss<TAB>Name:<TAB>message`` lines (current Zoom), or the older
``hh:mm:ss From Name to Everyone: message``.  Lines without a stamp continue
the message above.  Emoji reactions (``Reacted to "..." with 👍``) are not
speech and are skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from analyzer.ingest.base import IngestWarning, ParsedCall, Reader, SourceFile
from analyzer.ingest.decode import normalise_text
from analyzer.ingest.detect import fenced_blocks, find_date, markdown_heading_date
from analyzer.ingest.turns import (
    SpeakerPrefixes,
    could_be_name,
    parse_clock,
    split_speaker_prefix,
)
from analyzer.model import Cue, Role, RoleHint

__all__ = ["GOOGLE_MEET", "HEADER_HINT_STRENGTH", "OTTER", "PLAIN_TEXT", "ZOOM_CHAT"]

#: Strength of the role hints a plain-text header gives (below a roster, above vendor data).
HEADER_HINT_STRENGTH = 85

_STAMP = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_HMS = r"\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?"
_LEAD_STAMP = re.compile(rf"^(?:\[({_STAMP})\]|\(({_STAMP})\)|({_HMS}))\s*(?:[-\u2013\u2014|]\s+)?")
_MARKER = re.compile(rf"^(?:\[({_STAMP})\]|\(({_STAMP})\)|({_STAMP}))$")
_NAME_THEN_STAMP = re.compile(
    rf"^(?P<name>[^:\[\]()]+?)\s*(?:\[(?P<a>{_STAMP})\]|\((?P<b>{_STAMP})\)|(?P<c>{_STAMP}))"
    r"\s*:(?:\s+|$)(?P<text>.*)$"
)
_BOLD_NAME = re.compile(r"^\*\*(?P<name>[^*:]+?)(?::\*\*|\*\*\s*:)(?:\s+|$)(?P<text>.*)$")

_HEADER_KEY = re.compile(
    r"^(?P<key>title|date|call id|call|sellers?|prospects?)\s*:\s*(?P<value>.*)$", re.I
)

# Google Meet and Otter boilerplate.
_MEET_TITLE = re.compile(r"^(?:#+\s*)?\S.*\s[-\u2013\u2014]\s*Transcript\s*$")
_MEET_ATTENDEES = re.compile(r"^(?:#+\s*)?Attendees\s*:?\s*$", re.I)
_MEET_TRANSCRIPT = re.compile(r"^(?:#+\s*)?Transcript\s*$", re.I)
_MEET_NOTICE = re.compile(r"^This editable transcript was computer generated", re.I)
_FOOTERS = re.compile(
    r"^(?:#+\s*)?(?:Transcription ended after\b|Meeting ended after\b|"
    r"Transcribed by https?://otter\.ai)",
    re.I,
)


def _first_stamp(*groups: str | None) -> float | None:
    return next((parse_clock(g) for g in groups if g), None)


@dataclass(frozen=True, slots=True)
class _Candidate:
    name: str
    text: str
    start: float | None


def _speaker_line(line: str) -> _Candidate | None:
    """The ``(name, text, start)`` a line would give if its prefix is a speaker."""
    text = line.strip()
    start = None
    lead = _LEAD_STAMP.match(text)
    if lead:
        start = _first_stamp(*lead.groups())
        text = text[lead.end() :]
    bold = _BOLD_NAME.match(text)
    if bold:
        name = normalise_text(bold.group("name"))
        return _Candidate(name, bold.group("text"), start) if could_be_name(name) else None
    trailing = _NAME_THEN_STAMP.match(text)
    if trailing:
        name = normalise_text(trailing.group("name"))
        if could_be_name(name):
            own = _first_stamp(trailing.group("a"), trailing.group("b"), trailing.group("c"))
            return _Candidate(name, trailing.group("text"), start if start is not None else own)
    name_or_none, rest = split_speaker_prefix(text)
    if name_or_none is None:
        return None
    return _Candidate(normalise_text(name_or_none), rest, start)


@dataclass(slots=True)
class _Header:
    date: dt.date | None = None
    weak_date: dt.date | None = None
    call_id: str | None = None
    hints: list[RoleHint] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)
    keys: int = 0


def _read_header_line(line: str, number: int, header: _Header) -> bool:
    """Apply one header line; ``False`` when the line is not a header line."""
    stripped = line.strip()
    if stripped.startswith("#"):
        header.weak_date = header.weak_date or find_date(stripped)
        return True
    match = _HEADER_KEY.match(stripped)
    if match is None:
        return False
    key, value = match.group("key").lower(), normalise_text(match.group("value"))
    header.keys += 1
    if key == "date":
        date = find_date(value)
        if date is None:
            header.warnings.append(
                IngestWarning(
                    f"cannot read the date {value!r}", number, "write it as Date: 2026-03-02"
                )
            )
        header.date = header.date or date
    elif key == "title":
        header.weak_date = header.weak_date or find_date(value)
    elif key in ("call", "call id"):
        header.call_id = value or None
    else:
        role: Role = "seller" if key.startswith("seller") else "prospect"
        for name in re.split(r"[,;]", value):
            if name.strip():
                header.hints.append(
                    RoleHint(normalise_text(name), role, "file header", HEADER_HINT_STRENGTH)
                )
    return True


@dataclass(frozen=True, slots=True)
class _Region:
    """The lines to read: the whole file, or the best fenced block of Markdown notes."""

    lines: tuple[str, ...]
    first_line: int
    fence_line: int | None
    notes_date: dt.date | None


def _region(text: str) -> _Region:
    lines = tuple(text.lstrip("\ufeff").split("\n"))
    best = None
    best_count = 1  # a fenced block needs two speaker lines to count as a transcript
    for block in fenced_blocks(text):
        count = sum(1 for line in block.lines if _speaker_line(line))
        if count > best_count:
            best, best_count = block, count
    if best is None:
        return _Region(lines, 1, None, None)
    notes_date = markdown_heading_date(lines[: best.fence_line - 1])
    return _Region(best.lines, best.first_line, best.fence_line, notes_date)


def _is_other_markup(text: str) -> bool:
    """WebVTT or a JSON object: never plain text, so not worth a line-by-line parse.

    (Not ``[``: a plain-text turn may start with a ``[00:00:05]`` stamp.)
    """
    return text.lstrip("\ufeff \n\t").startswith(("WEBVTT", "{"))


@dataclass(frozen=True, slots=True)
class _Speech:
    """What the shared plain-text / Meet parser found."""

    cues: tuple[Cue, ...]
    date: dt.date | None
    call_id: str | None
    hints: tuple[RoleHint, ...]
    warnings: tuple[IngestWarning, ...]
    body_lines: int
    speaker_lines: int
    markers: int
    header_keys: int
    meet_boilerplate: bool
    fence_line: int | None


def _skip_boilerplate(lines: Sequence[str], first_line: int) -> tuple[set[int], dt.date | None]:
    """File line numbers of Meet/Otter boilerplate, and the date in a Meet title line."""
    skipped: set[int] = set()
    date = None
    skip_next_text = False
    for offset, line in enumerate(lines):
        number, stripped = first_line + offset, line.strip()
        if not stripped:
            continue
        if skip_next_text:
            skipped.add(number)
            skip_next_text = False
        elif _FOOTERS.match(stripped) or _MEET_NOTICE.match(stripped):
            skipped.add(number)
        elif _MEET_ATTENDEES.match(stripped):
            skipped.add(number)
            skip_next_text = True
        elif _MEET_TRANSCRIPT.match(stripped) or (
            _MEET_TITLE.match(stripped) and not _speaker_line(stripped)
        ):
            skipped.add(number)
            date = date or find_date(stripped)
    return skipped, date


@lru_cache(maxsize=2)
def _parse_speech(text: str) -> _Speech:
    region = _region(text)
    lines, first = region.lines, region.first_line
    skipped, meet_date = _skip_boilerplate(lines, first)
    meet_boilerplate = bool(skipped)

    header = _Header()
    body_start = 0
    for offset, line in enumerate(lines):
        if first + offset in skipped or not line.strip():
            continue
        if not _read_header_line(line, first + offset, header):
            body_start = offset
            break
    else:
        body_start = len(lines)

    numbered = [
        (first + offset, line)
        for offset, line in enumerate(lines)
        if offset >= body_start and line.strip() and first + offset not in skipped
    ]
    candidates = {number: _speaker_line(line) for number, line in numbered}
    prefixes = SpeakerPrefixes.from_names(
        (c.name for c in candidates.values() if c), (h.speaker for h in header.hints)
    )

    warnings = list(header.warnings)
    cues: list[Cue] = []
    parts: list[str] = []
    current: _Candidate | None = None
    current_line = 0
    pending_start: float | None = None
    markers = speaker_lines = 0
    orphan_line: int | None = None

    def flush() -> None:
        if parts:
            speaker = current.name if current else None
            start = current.start if current else None
            cues.append(Cue(speaker, normalise_text(" ".join(parts)), start, None, current_line))

    for number, line in numbered:
        stripped = line.strip()
        marker = _MARKER.match(stripped.lstrip("#").strip())
        if marker:
            markers += 1
            pending_start = _first_stamp(*marker.groups())
            continue
        if stripped.startswith("#"):
            continue  # a comment, or a Markdown heading around the speech
        candidate = candidates[number]
        if candidate is not None and candidate.name in prefixes.names:
            flush()
            speaker_lines += 1
            start = candidate.start if candidate.start is not None else pending_start
            current, current_line, parts = _Candidate(candidate.name, "", start), number, []
            pending_start = None
            if candidate.text.strip():
                parts.append(candidate.text)
            continue
        if current is None and not parts:
            orphan_line, current_line = number, number
        parts.append(line)
    flush()

    if orphan_line is not None and speaker_lines:
        warnings.append(
            IngestWarning(
                "text before the first 'Name: text' line; attributed to 'unknown'",
                orphan_line,
                "start each turn with the speaker's name and a colon",
            )
        )
    if cues and not speaker_lines:
        warnings.append(
            IngestWarning(
                "no 'Name: text' lines; the whole text is attributed to 'unknown'",
                numbered[0][0] if numbered else first,
                "start each turn with the speaker's name and a colon",
            )
        )
    if region.fence_line is not None:
        warnings.insert(
            0,
            IngestWarning(
                "read the transcript inside the ``` block that starts here; "
                "the Markdown notes around it were ignored",
                region.fence_line,
            ),
        )
    return _Speech(
        cues=tuple(cues),
        date=header.date or header.weak_date or meet_date or region.notes_date,
        call_id=header.call_id,
        hints=tuple(header.hints),
        warnings=tuple(warnings),
        body_lines=len(numbered) - markers,
        speaker_lines=speaker_lines,
        markers=markers,
        header_keys=header.keys,
        meet_boilerplate=meet_boilerplate,
        fence_line=region.fence_line,
    )


def _speech_call(speech: _Speech) -> list[ParsedCall]:
    return [
        ParsedCall(
            speech.cues,
            date=speech.date,
            call_id=speech.call_id,
            role_hints=speech.hints,
            warnings=speech.warnings,
        )
    ]


class PlainTextReader:
    """``Name: text`` transcripts with the header convention of this module."""

    name = "text"
    description = "plain text, one 'Name: text' line per turn (optional header)"

    def sniff(self, source: SourceFile) -> float:
        """Likely when most lines start with a speaker; a fallback for other ``.txt`` files."""
        if _is_other_markup(source.text):
            return 0.0
        speech = _parse_speech(source.text)
        if not speech.speaker_lines:
            return 0.25 if source.suffix == ".txt" and speech.cues else 0.0
        share = speech.speaker_lines / max(1, speech.body_lines)
        if share < 0.3:
            return 0.15
        score = 0.55 + 0.15 * min(1.0, share) + (0.1 if speech.header_keys else 0.0)
        return score * (0.9 if speech.fence_line is not None else 1.0)

    def read(self, source: SourceFile) -> list[ParsedCall]:
        """Parse ``source`` into one call."""
        return _speech_call(_parse_speech(source.text))


class GoogleMeetReader:
    """Google Meet transcript documents saved as text or Markdown."""

    name = "google-meet"
    description = "Google Meet transcript (Doc saved as .txt/.md; 'Name: text', markers)"

    def sniff(self, source: SourceFile) -> float:
        """Sure on Meet boilerplate; likely on speaker lines with bare time markers."""
        if _is_other_markup(source.text):
            return 0.0
        speech = _parse_speech(source.text)
        if not speech.speaker_lines:
            return 0.0
        if speech.meet_boilerplate:
            return 0.9
        share = speech.speaker_lines / max(1, speech.body_lines)
        if speech.markers and share >= 0.3:
            return 0.85 if "google meet" in source.text.lower() else 0.75
        return 0.0

    def read(self, source: SourceFile) -> list[ParsedCall]:
        """Parse ``source`` into one call."""
        return _speech_call(_parse_speech(source.text))


# --- Otter ---------------------------------------------------------------------------------------

_OTTER_HEAD = re.compile(r"^(?P<name>\S.*?)\s{2,}(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s*$")
_OTTER_UNKNOWN = "unknown speaker"


class OtterReader:
    """Otter.ai text exports."""

    name = "otter"
    description = "Otter.ai text export ('Name  m:ss' line, then the speech)"

    def sniff(self, source: SourceFile) -> float:
        """Sure when ``Name  m:ss`` header lines make up a good share of the file."""
        lines = [line for line in source.text.split("\n") if line.strip()]
        heads = sum(1 for line in lines if _OTTER_HEAD.match(line))
        if heads >= 2 and heads >= 0.2 * len(lines):
            return 0.9
        return 0.3 if heads == 1 and len(lines) <= 3 else 0.0

    def read(self, source: SourceFile) -> list[ParsedCall]:
        """Parse ``source`` into one call."""
        cues: list[Cue] = []
        warnings: list[IngestWarning] = []
        speaker: str | None = None
        start: float | None = None
        line_no = 0
        parts: list[str] = []
        heads = 0

        def flush() -> None:
            if parts or line_no:
                cues.append(Cue(speaker, normalise_text(" ".join(parts)), start, None, line_no))

        for number, line in enumerate(source.text.lstrip("\ufeff").split("\n"), start=1):
            stripped = line.strip()
            if not stripped or _FOOTERS.match(stripped):
                continue
            head = _OTTER_HEAD.match(line.rstrip())
            if head:
                flush()
                heads += 1
                name = normalise_text(head.group("name"))
                speaker = None if name.lower() == _OTTER_UNKNOWN else name
                start, line_no, parts = parse_clock(head.group("time")), number, []
                continue
            if not heads and not parts:
                line_no = number
                warnings.append(
                    IngestWarning(
                        "text before the first 'Name  m:ss' line; attributed to 'unknown'",
                        number,
                        "check the export",
                    )
                )
            parts.append(stripped)
        flush()
        if not heads and cues:
            warnings.append(
                IngestWarning(
                    "no Otter 'Name  m:ss' speaker lines found",
                    1,
                    "check the export, or name the format with --format",
                )
            )
        return [ParsedCall(tuple(cues), warnings=tuple(warnings))]


# --- Zoom chat -----------------------------------------------------------------------------------

_CHAT_TAB = re.compile(r"^(?P<time>\d{1,2}:\d{2}:\d{2})\t(?P<name>[^\t]+?)\s*:\t(?P<text>.*)$")
_CHAT_FROM = re.compile(
    r"^(?P<time>\d{1,2}:\d{2}:\d{2})\s+From\s+(?P<name>.+?)"
    r"(?:\s+to\s+(?P<to>.+?))?\s*:\s?(?P<text>.*)$"
)
_REACTION = re.compile(r"^(?:Reacted to \".*\" with |Removed a .* reaction from )")


def _chat_line(line: str) -> re.Match[str] | None:
    return _CHAT_TAB.match(line) or _CHAT_FROM.match(line)


class ZoomChatReader:
    """Zoom in-meeting chat saved as text."""

    name = "zoom-chat"
    description = "Zoom meeting chat (.txt, 'hh:mm:ss<TAB>Name:<TAB>message')"

    def sniff(self, source: SourceFile) -> float:
        """Sure when most lines are Zoom chat messages."""
        lines = [line for line in source.text.split("\n") if line.strip()]
        if not lines:
            return 0.0
        hits = sum(1 for line in lines if _chat_line(line.rstrip()))
        return 0.95 if hits and hits >= 0.5 * len(lines) else 0.0

    def read(self, source: SourceFile) -> list[ParsedCall]:
        """Parse every chat message of ``source`` into one call (reactions skipped)."""
        cues: list[Cue] = []
        warnings: list[IngestWarning] = []
        for number, line in enumerate(source.text.lstrip("\ufeff").split("\n"), start=1):
            if not line.strip():
                continue
            match = _chat_line(line.rstrip())
            if match is None:
                if cues:
                    last = cues[-1]
                    text = normalise_text(f"{last.text} {line}")
                    cues[-1] = Cue(last.speaker, text, last.start, last.end, last.line)
                else:
                    warnings.append(
                        IngestWarning("text before the first chat message ignored", number)
                    )
                continue
            text = normalise_text(match.group("text"))
            if _REACTION.match(text):
                continue
            name = normalise_text(match.group("name"))
            cues.append(Cue(name or None, text, parse_clock(match.group("time")), None, number))
        return [ParsedCall(tuple(cues), warnings=tuple(warnings))]


PLAIN_TEXT: Reader = PlainTextReader()
GOOGLE_MEET: Reader = GoogleMeetReader()
OTTER: Reader = OtterReader()
ZOOM_CHAT: Reader = ZoomChatReader()
