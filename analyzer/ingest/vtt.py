"""WebVTT transcripts: Zoom, Microsoft Teams and plain captions.

One parser serves three registered readers; they differ only in name and in
how sure they are that a file is theirs:

* ``zoom-vtt`` (:data:`ZOOM_VTT`): the speaker is a ``Name: `` prefix of the
  cue text (Zoom cloud-recording transcripts).
* ``teams-vtt`` (:data:`TEAMS_VTT`): the speaker is a ``<v Name>`` voice span
  (also ``<v.class Name>``); old exports use unpadded ``0:0:0.0`` times, cue
  ids are ``GUID/N-M`` (parts of one utterance), a payload may span lines
  and hold several voice spans (each becomes its own cue).
* ``vtt`` (:data:`GENERIC_VTT`): captions without speakers (Zoom CC files,
  subtitles); every cue is attributed to ``"unknown"``, with one warning.

Whatever the reader, the parser takes a speaker from a voice span when there
is one and from an accepted ``Name:`` prefix otherwise, so a file read with
the "wrong" VTT reader still keeps its speakers.  It survives a BOM, CRLF,
``NOTE``/``STYLE``/``REGION`` blocks, cue settings after the timing, markup
tags and HTML entities, and a transcript embedded in a Markdown ``` fence
(meeting notes), which it finds and reads with a warning.

The block grammar (blank-line separated blocks, an optional id line, a
``start --> end`` timing line, payload lines) is shared with SubRip:
:func:`cue_blocks` and :func:`parse_timing` are used by :mod:`analyzer.ingest.srt`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from analyzer.errors import ParseError
from analyzer.ingest.base import IngestWarning, ParsedCall, Reader, SourceFile
from analyzer.ingest.decode import normalise_text
from analyzer.ingest.detect import fenced_blocks, markdown_heading_date
from analyzer.ingest.turns import SpeakerPrefixes, parse_clock
from analyzer.model import Cue

__all__ = [
    "GENERIC_VTT",
    "TEAMS_VTT",
    "ZOOM_VTT",
    "CueBlock",
    "VttReader",
    "cue_blocks",
    "parse_timing",
    "strip_markup",
]

# --- block grammar shared with SRT -------------------------------------------------------------

_TIMING = re.compile(r"^\s*(\S+)\s+-->\s+(\S+)(?:\s+.*)?$")


def parse_timing(line: str) -> tuple[float | None, float | None] | None:
    """``(start, end)`` of a ``start --> end [settings]`` line; ``None`` if it is not one.

    A timing line whose stamps cannot be read gives ``(None, None)`` so the
    caller can keep the cue's text and warn.
    """
    match = _TIMING.match(line)
    if match is None:
        return None
    return parse_clock(match.group(1)), parse_clock(match.group(2))


@dataclass(frozen=True, slots=True)
class CueBlock:
    """One blank-line separated block of a VTT or SRT file.

    ``timing`` is ``None`` for a block with no ``-->`` line in its first two
    lines (header, NOTE, stray text).  Line numbers are 1-based file lines.
    """

    line: int
    identifier: str | None
    timing: tuple[float | None, float | None] | None
    timing_text: str
    payload: tuple[str, ...]
    payload_line: int
    lines: tuple[str, ...]


def cue_blocks(lines: Sequence[str], first_line: int = 1) -> Iterator[CueBlock]:
    """Split ``lines`` into blocks at blank lines and find each block's timing line."""
    block: list[str] = []
    start = first_line
    for offset, raw in enumerate([*lines, ""]):
        line = raw.rstrip()
        if line.strip():
            if not block:
                start = first_line + offset
            block.append(line)
            continue
        if block:
            yield _make_block(start, block)
            block = []


def _make_block(start: int, block: list[str]) -> CueBlock:
    for index in (0, 1):
        if index < len(block) and "-->" in block[index]:
            timing = parse_timing(block[index])
            if timing is None:
                timing = (None, None)
            identifier = block[0].strip() if index == 1 else None
            return CueBlock(
                start,
                identifier,
                timing,
                block[index].strip(),
                tuple(block[index + 1 :]),
                start + index + 1,
                tuple(block),
            )
    return CueBlock(start, None, None, "", tuple(block), start, tuple(block))


_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<\d[\d:.]*>")


def strip_markup(text: str) -> str:
    """Remove WebVTT/HTML-ish tags (``<i>``, ``<c.x>``, ``<00:01.000>``) and clean the text.

    Entities are unescaped *after* the tags are gone, so ``&lt;b&gt;`` stays
    the literal text ``<b>``.
    """
    return normalise_text(_TAG.sub("", text))


# --- VTT specifics -----------------------------------------------------------------------------

_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>", re.IGNORECASE)
_TEAMS_ID = re.compile(r"^(.+/\d+)-\d+$")
_SKIPPED_BLOCKS = ("NOTE", "STYLE", "REGION")


@dataclass(frozen=True, slots=True)
class _RawCue:
    speaker: str | None
    text: str
    start: float | None
    end: float | None
    line: int
    identifier: str | None
    voiced: bool


def _split_voices(payload: str) -> list[tuple[str | None, str]]:
    """Split a payload into ``(voice, text)`` parts, one per ``<v>`` span."""
    spans = list(_VOICE.finditer(payload))
    if not spans:
        return [(None, strip_markup(payload))]
    parts: list[tuple[str | None, str]] = []
    before = strip_markup(payload[: spans[0].start()])
    if before:
        parts.append((None, before))
    for index, span in enumerate(spans):
        end = spans[index + 1].start() if index + 1 < len(spans) else len(payload)
        name = normalise_text(span.group(1) or "") or None
        parts.append((name, strip_markup(payload[span.end() : end])))
    return parts


@dataclass(frozen=True, slots=True)
class _Body:
    """Where the cues are: the whole file, or one fenced block of a Markdown file."""

    lines: tuple[str, ...]
    first_line: int
    has_header: bool
    fence_line: int | None
    date: dt.date | None


def _timing_count(lines: Sequence[str]) -> int:
    """How many lines are readable ``start --> end`` timings (prose arrows do not count)."""
    count = 0
    for line in lines:
        timing = parse_timing(line) if "-->" in line else None
        if timing is not None and None not in timing:
            count += 1
    return count


def _find_body(text: str) -> _Body | None:
    lines = text.lstrip("\ufeff").split("\n")
    if lines and lines[0].strip().startswith("WEBVTT"):
        return _Body(tuple(lines), 1, True, None, None)
    blocks = [b for b in fenced_blocks(text) if _timing_count(b.lines) >= 1]
    if blocks:
        best = max(blocks, key=lambda b: _timing_count(b.lines))
        notes = lines[: best.fence_line - 1]
        header = bool(best.lines) and best.lines[0].strip().startswith("WEBVTT")
        return _Body(
            best.lines, best.first_line, header, best.fence_line, markdown_heading_date(notes)
        )
    if _timing_count(lines) >= 1:
        return _Body(tuple(lines), 1, False, None, None)
    return None


@dataclass(frozen=True, slots=True)
class _Parsed:
    body: _Body
    raw: tuple[_RawCue, ...]
    cues: tuple[Cue, ...]
    any_speaker: bool
    warnings: tuple[IngestWarning, ...]


@lru_cache(maxsize=2)
def _parse(text: str) -> _Parsed | None:
    """Parse once per text; the three VTT readers' sniffs and the read share it."""
    body = _find_body(text)
    if body is None:
        return None
    warnings: list[IngestWarning] = []
    cues: list[_RawCue] = []
    seen_cue = False
    for block in cue_blocks(body.lines, body.first_line):
        first = block.lines[0].strip()
        if block.timing is None:
            if not seen_cue and first.startswith("WEBVTT"):
                continue
            if first.split(" ", 1)[0].split("\t", 1)[0] in _SKIPPED_BLOCKS:
                continue
            if seen_cue:
                # A blank line inside a payload: keep the words with the cue above.
                last = cues[-1]
                extra = strip_markup("\n".join(block.lines))
                cues[-1] = _RawCue(
                    last.speaker,
                    f"{last.text} {extra}".strip(),
                    last.start,
                    last.end,
                    last.line,
                    last.identifier,
                    last.voiced,
                )
                warnings.append(
                    IngestWarning(
                        "text after a blank line inside a cue; joined to the cue above",
                        block.line,
                        "a blank line ends a WebVTT cue; remove it",
                    )
                )
            else:
                warnings.append(
                    IngestWarning(
                        "text before the first cue ignored", block.line, "check the export"
                    )
                )
            continue
        seen_cue = True
        start, end = block.timing
        if start is None or end is None:
            warnings.append(
                IngestWarning(
                    f"cannot read the cue timing {block.timing_text!r}; times left empty",
                    block.line + (1 if block.identifier else 0),
                    "times look like 00:01:02.500 --> 00:01:04.000",
                )
            )
        elif end < start:
            warnings.append(
                IngestWarning(
                    "cue ends before it starts",
                    block.line + (1 if block.identifier else 0),
                    "check the export",
                )
            )
        for voice, text in _split_voices("\n".join(block.payload)):
            cues.append(
                _RawCue(
                    voice,
                    text,
                    start,
                    end,
                    block.payload_line,
                    block.identifier,
                    voice is not None,
                )
            )
    attributed, any_speaker = _attribute(cues)
    return _Parsed(body, tuple(cues), tuple(attributed), any_speaker, tuple(warnings))


def _attribute(raw_cues: Sequence[_RawCue]) -> tuple[list[Cue], bool]:
    """Cues with speakers from voices, ``Name:`` prefixes or Teams part ids."""
    prefixes = SpeakerPrefixes.from_texts(c.text for c in raw_cues if not c.voiced)
    out: list[Cue] = []
    previous: _RawCue | None = None
    previous_speaker: str | None = None
    any_speaker = False
    for raw in raw_cues:
        speaker, text = raw.speaker, raw.text
        if speaker is None:
            speaker, text = prefixes.split(text)
        if speaker is None and previous is not None and raw.identifier and previous.identifier:
            # Teams splits one utterance into GUID/N-0, GUID/N-1...: same person throughout.
            this, last = _TEAMS_ID.match(raw.identifier), _TEAMS_ID.match(previous.identifier)
            if this and last and this.group(1) == last.group(1):
                speaker = previous_speaker
        any_speaker = any_speaker or speaker is not None
        out.append(Cue(speaker, text.strip(), raw.start, raw.end, raw.line))
        previous, previous_speaker = raw, speaker
    return out, any_speaker


class VttReader:
    """A WebVTT reader; ``kind`` (zoom, teams or generic) is the flavour it sniffs for."""

    def __init__(self, name: str, description: str, kind: str) -> None:
        self.name = name
        self.description = description
        self.kind = kind

    def sniff(self, source: SourceFile) -> float:
        """High for a file (or fenced block) of WebVTT cues of this reader's flavour."""
        parsed = _parse(source.text)
        if parsed is None:
            return 0.0
        body = parsed.body
        if not parsed.cues:
            # A WEBVTT header with no cues is still WebVTT: let the read report "no speech".
            return (0.5 if self.kind == "generic" else 0.1) if body.has_header else 0.0
        if body.has_header and body.fence_line is None:
            weight = 1.0
        elif body.fence_line is not None:
            weight = 0.85
        elif _looks_like_srt(body.lines):
            return 0.0
        else:
            weight = 0.8 if source.suffix == ".vtt" else 0.5
        voiced = sum(1 for c in parsed.raw if c.voiced)
        cues = parsed.cues
        named = sum(1 for c in cues if c.speaker is not None)
        if self.kind == "teams":
            score = 0.95 if voiced else 0.3
        elif self.kind == "zoom":
            score = 0.95 if not voiced and named >= 0.5 * len(cues) else 0.4
        else:
            score = 0.9
        return score * weight

    def read(self, source: SourceFile) -> list[ParsedCall]:
        """Parse the WebVTT cues of ``source`` into one call."""
        parsed = _parse(source.text)
        if parsed is None:
            raise ParseError(
                source.path,
                "no WebVTT cues found (no 'start --> end' timing lines)",
                line=1,
                fix="check this is a .vtt export, or name the format with --format",
            )
        body = parsed.body
        warnings = list(parsed.warnings)
        if body.fence_line is not None:
            warnings.insert(
                0,
                IngestWarning(
                    "read the transcript inside the ``` block that starts here; "
                    "the Markdown notes around it were ignored",
                    body.fence_line,
                ),
            )
        elif not body.has_header:
            warnings.insert(
                0, IngestWarning("missing the WEBVTT header line", 1, "start the file with WEBVTT")
            )
        cues, any_speaker = parsed.cues, parsed.any_speaker
        if cues and not any_speaker:
            warnings.append(
                IngestWarning(
                    "no speaker names in this file; every cue is attributed to 'unknown'",
                    body.first_line,
                    "use an export with speakers (Zoom audio transcript, Teams VTT)",
                )
            )
        elif any_speaker:
            warnings.extend(
                IngestWarning("cue has no speaker; attributed to 'unknown'", cue.line)
                for cue in cues
                if cue.speaker is None and cue.text
            )
        return [ParsedCall(cues, date=body.date, warnings=tuple(warnings))]


def _looks_like_srt(lines: Sequence[str]) -> bool:
    """A headerless file whose timings use SRT's comma is SubRip, not WebVTT."""
    for line in lines:
        match = _TIMING.match(line)
        if match and "-->" in line:
            return "," in match.group(1)
    return False


ZOOM_VTT: Reader = VttReader(
    "zoom-vtt", "Zoom cloud-recording transcript (.vtt, 'Name: text')", "zoom"
)
TEAMS_VTT: Reader = VttReader(
    "teams-vtt", "Microsoft Teams transcript (.vtt, <v Name> voices)", "teams"
)
GENERIC_VTT: Reader = VttReader(
    "vtt", "WebVTT captions without speakers (Zoom CC, subtitles)", "generic"
)
