"""SubRip (``.srt``) transcripts.

Blocks of an index line, a ``00:00:01,500 --> 00:00:03,000`` timing line and
text lines, separated by blank lines.  Speakers, when there are any, are a
``Name: `` prefix (the same file-wide rule as Zoom VTT) or, for two-person
dialogue cues, ``- `` dashes (each dashed line becomes its own unattributed
cue).  Survives a missing trailing newline, ``.`` instead of ``,`` before the
milliseconds, missing index lines, extra blank lines, ``<i>``/``<font>`` tags
and ``{\\an8}`` positioning codes.
"""

from __future__ import annotations

import re

from analyzer.errors import ParseError
from analyzer.ingest.base import IngestWarning, ParsedCall, Reader, SourceFile
from analyzer.ingest.turns import SpeakerPrefixes
from analyzer.ingest.vtt import cue_blocks, parse_timing, strip_markup
from analyzer.model import Cue

__all__ = ["READER", "SrtReader"]

_ASS_CODE = re.compile(r"\{\\[^{}]*\}")
_SRT_TIMING = re.compile(r"^\s*\d{1,3}:\d{1,2}:\d{1,2}[,.]\d{1,3}\s+-->\s+\d")


def _payload_parts(lines: tuple[str, ...]) -> list[str]:
    """The cue's text, split at dialogue dashes when two or more lines use them."""
    cleaned = [_ASS_CODE.sub("", line) for line in lines]
    dashed = [line for line in cleaned if line.lstrip().startswith("- ")]
    if len(dashed) >= 2:
        parts: list[str] = []
        for line in cleaned:
            if line.lstrip().startswith("- ") or not parts:
                parts.append(line.lstrip().removeprefix("- "))
            else:
                parts[-1] = f"{parts[-1]}\n{line}"
        return [strip_markup(part) for part in parts]
    return [strip_markup("\n".join(cleaned))]


class SrtReader:
    """The SubRip reader."""

    name = "srt"
    description = "SubRip subtitles (.srt), optionally with 'Name: ' prefixes"

    def sniff(self, source: SourceFile) -> float:
        """Sure for comma-millisecond timings; likely for ``.srt`` files with any timings."""
        text = source.text.lstrip("\ufeff")
        if text.lstrip().startswith("WEBVTT"):
            return 0.0
        head = text[:4000].split("\n")
        timings = [line for line in head if _SRT_TIMING.match(line)]
        if not timings:
            return 0.0
        if source.suffix == ".srt" or "," in timings[0].split("-->")[0]:
            return 0.9
        return 0.4

    def read(self, source: SourceFile) -> list[ParsedCall]:
        """Parse every cue of the SubRip file into one call."""
        lines = source.text.lstrip("\ufeff").split("\n")
        warnings: list[IngestWarning] = []
        raw: list[tuple[str, float | None, float | None, int]] = []
        for block in cue_blocks(lines):
            if block.timing is None:
                if raw:
                    last_text, start, end, line = raw[-1]
                    extra = " ".join(_payload_parts(block.lines))
                    raw[-1] = (f"{last_text} {extra}".strip(), start, end, line)
                    message = "text after a blank line inside a cue; joined to the cue above"
                else:
                    message = "text before the first cue ignored"
                warnings.append(IngestWarning(message, block.line, "check the export"))
                continue
            if block.identifier is not None and not block.identifier.isdigit():
                # An SRT index is a number; anything else is text that lost its cue.
                warnings.append(
                    IngestWarning(
                        f"cue index {block.identifier!r} is not a number; ignored", block.line
                    )
                )
            start, end = block.timing
            if start is None or end is None:
                warnings.append(
                    IngestWarning(
                        f"cannot read the cue timing {block.timing_text!r}; times left empty",
                        block.payload_line - 1,
                        "times look like 00:01:02,500 --> 00:01:04,000",
                    )
                )
            for part in _payload_parts(block.payload):
                raw.append((part, start, end, block.payload_line))
        if not raw and not any(parse_timing(line) for line in lines):
            raise ParseError(
                source.path,
                "no SubRip cues found (no 'start --> end' timing lines)",
                line=1,
                fix="check this is an .srt export, or name the format with --format",
            )
        prefixes = SpeakerPrefixes.from_texts(text for text, *_ in raw)
        cues = []
        for text, start, end, line in raw:
            speaker, rest = prefixes.split(text)
            cues.append(Cue(speaker, rest.strip(), start, end, line))
        if cues and all(cue.speaker is None for cue in cues):
            warnings.append(
                IngestWarning(
                    "no speaker names in this file; every cue is attributed to 'unknown'",
                    1,
                    "prefix each cue with 'Name: ' or use an export with speakers",
                )
            )
        else:
            warnings.extend(
                IngestWarning("cue has no speaker; attributed to 'unknown'", cue.line)
                for cue in cues
                if cue.speaker is None and cue.text
            )
        return [ParsedCall(tuple(cues), warnings=tuple(warnings))]


READER: Reader = SrtReader()
