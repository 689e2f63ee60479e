"""OpenAI Whisper JSON, and the whisper-timestamped and WhisperX variants.

All three share ``{"segments": [{"start", "end", "text", ...}]}`` with times in
seconds.  Plain Whisper never names speakers; WhisperX (``--diarize``) puts
``SPEAKER_00``-style labels on segments and words, but leaves the key out where
no diarization turn overlaps.  A segment without a speaker takes the majority
speaker of its words, else :data:`UNKNOWN_SPEAKER` with a warning.
"""

from __future__ import annotations

from analyzer.ingest.base import IngestWarning, ParsedCall, SourceFile
from analyzer.ingest.decode import normalise_text
from analyzer.ingest.vendors._common import (
    UNKNOWN_SPEAKER,
    majority_label,
    speaker_name,
    unattributed_warning,
)
from analyzer.ingest.vendors._json import Node, json_shape, load_json
from analyzer.model import Cue

_NO_DIARIZATION = IngestWarning(
    "Whisper output has no speakers; every cue is attributed to 'unknown' and no turn is labelled",
    fix="diarize it: run WhisperX with --diarize, or pair it with a pyannote RTTM file",
)


class WhisperReader:
    """Reader for Whisper-family ``segments`` JSON."""

    name = "whisper"
    description = "OpenAI Whisper / whisper-timestamped / WhisperX JSON (segments, seconds)"

    def sniff(self, source: SourceFile) -> float:
        """Confident when the top level has ``segments`` of ``{start, text}``."""
        shape = json_shape(source)
        if shape is None or shape.root != "object" or not shape.has("segments"):
            return 0.0
        if not shape.has_any("segments[].start", "segments[].text"):
            return 0.3
        rich = shape.has_any(
            "language",
            "text",
            "word_segments",
            "segments[].speaker",
            "segments[].no_speech_prob",
            "segments[].words",
        )
        return 0.95 if rich else 0.8

    def read(self, source: SourceFile) -> list[ParsedCall]:
        """One call; one cue per segment (``line`` = segment number)."""
        root = load_json(source)
        root.obj()
        segments = root.get("segments")
        if segments is None:
            return [_text_only(root)]
        cues: list[Cue] = []
        unattributed: list[int] = []
        any_speaker = False
        nodes = segments.items()
        for index, segment in enumerate(nodes):
            line = index + 1
            speaker = _segment_speaker(segment)
            if speaker is None:
                unattributed.append(line)
                speaker = UNKNOWN_SPEAKER
            else:
                any_speaker = True
            text = normalise_text(segment.req("text").text())
            if not text:
                continue
            cues.append(
                Cue(
                    speaker=speaker,
                    text=text,
                    start=segment.opt_number("start"),
                    end=segment.opt_number("end"),
                    line=line,
                )
            )
        warnings: list[IngestWarning] = []
        if unattributed and not any_speaker:
            warnings.append(_NO_DIARIZATION)
        else:
            warning = unattributed_warning(unattributed, len(nodes), "segments")
            if warning is not None:
                warnings.append(warning)
        return [ParsedCall(cues=tuple(cues), warnings=tuple(warnings))]


def _segment_speaker(segment: Node) -> str | None:
    label = segment.opt_label("speaker")
    if label is None:
        # WhisperX can label words but not their segment (partial overlap with a turn).
        label = majority_label(w.opt_label("speaker") for w in segment.list_of("words"))
    return None if label is None else speaker_name(label)


def _text_only(root: Node) -> ParsedCall:
    text = root.opt_text("text")
    if text is None:
        root.req("segments")  # raises: neither segments nor text
    cue = Cue(speaker=UNKNOWN_SPEAKER, text=normalise_text(text or ""), line=1)
    return ParsedCall(cues=(cue,) if cue.text else (), warnings=(_NO_DIARIZATION,))


READER = WhisperReader()
