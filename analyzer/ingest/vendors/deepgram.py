"""Deepgram pre-recorded transcription JSON.

The best source of cues is ``results.utterances`` (``utterances=true``); when
it is absent the reader falls back to each channel's ``paragraphs``, then to its
``words`` grouped by speaker, then to the bare ``transcript``.  ``speaker``
(an integer) only exists with ``diarize=true``; with ``multichannel=true`` the
channel index separates the parties instead, so a speaker is named
``Speaker 1``, ``Channel 0`` or ``Channel 0 Speaker 1`` depending on which of
the two the file has.  Times are seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from analyzer.ingest.base import ParsedCall, SourceFile
from analyzer.ingest.decode import normalise_text
from analyzer.ingest.vendors._common import UNKNOWN_SPEAKER, join_tokens, unattributed_warning
from analyzer.ingest.vendors._json import Node, json_shape, load_json
from analyzer.model import Cue


class DeepgramReader:
    """Reader for Deepgram ``/v1/listen`` responses."""

    name = "deepgram"
    description = "Deepgram pre-recorded JSON (utterances, paragraphs or words; seconds)"

    def sniff(self, source: SourceFile) -> float:
        """Confident when ``results`` holds ``channels`` or ``utterances``."""
        shape = json_shape(source)
        if shape is None or shape.root != "object" or not shape.has("results"):
            return 0.0
        if shape.has_any("results.channels", "results.utterances"):
            return 0.95
        return 0.6 if shape.has_any("metadata.request_id", "metadata.model_info") else 0.0

    def read(self, source: SourceFile) -> list[ParsedCall]:
        """One call; one cue per utterance (or paragraph, or run of one speaker's words)."""
        root = load_json(source)
        results = root.req("results")
        channels = results.list_of("channels")
        multichannel = len(channels) > 1
        utterances = results.list_of("utterances")
        if utterances:
            cues, unattributed = _from_utterances(utterances, multichannel)
            what = "utterances"
        else:
            cues, unattributed = _from_channels(channels, multichannel)
            what = "cues"
            if not channels:
                raise results.error(
                    "neither 'utterances' nor 'channels' has any content",
                    fix="request the transcript with utterances=true or keep the full response",
                )
        warning = unattributed_warning(unattributed, max(len(utterances), len(cues)), what)
        metadata = root.get("metadata")
        call_id = None if metadata is None else metadata.opt_label("request_id")
        return [
            ParsedCall(
                cues=tuple(cues),
                call_id=call_id,
                warnings=() if warning is None else (warning,),
            )
        ]


def _speaker(speaker: str | None, channel: str | None, multichannel: bool) -> str | None:
    if speaker is not None and multichannel and channel is not None:
        return f"Channel {channel} Speaker {speaker}"
    if speaker is not None:
        return f"Speaker {speaker}"
    if multichannel and channel is not None:
        return f"Channel {channel}"
    return None


def _from_utterances(utterances: Sequence[Node], multichannel: bool) -> tuple[list[Cue], list[int]]:
    cues: list[Cue] = []
    unattributed: list[int] = []
    for index, utterance in enumerate(utterances):
        line = index + 1
        speaker = _speaker(
            utterance.opt_label("speaker"), utterance.opt_label("channel"), multichannel
        )
        if speaker is None:
            unattributed.append(line)
        text = normalise_text(utterance.req("transcript").text())
        if text:
            cues.append(
                Cue(
                    speaker=speaker or UNKNOWN_SPEAKER,
                    text=text,
                    start=utterance.opt_number("start"),
                    end=utterance.opt_number("end"),
                    line=line,
                )
            )
    return cues, unattributed


def _from_channels(channels: Sequence[Node], multichannel: bool) -> tuple[list[Cue], list[int]]:
    pieces: list[Cue] = []
    for number, channel in enumerate(channels):
        alternatives = channel.list_of("alternatives")
        if not alternatives:
            continue
        pieces.extend(_channel_pieces(alternatives[0], str(number), multichannel))
    # Interleave the channels' pieces by time, as spoken.
    pieces.sort(key=lambda c: float("inf") if c.start is None else c.start)
    cues = [Cue(c.speaker, c.text, c.start, c.end, line) for line, c in enumerate(pieces, start=1)]
    unattributed = [c.line or 0 for c in cues if c.speaker == UNKNOWN_SPEAKER]
    return cues, unattributed


def _channel_pieces(alternative: Node, channel: str, multichannel: bool) -> list[Cue]:
    paragraphs_node = alternative.get("paragraphs")
    paragraphs = [] if paragraphs_node is None else paragraphs_node.list_of("paragraphs")
    if paragraphs:
        return [_paragraph_cue(p, channel, multichannel) for p in paragraphs]
    words = alternative.list_of("words")
    if words:
        return _word_runs(words, channel, multichannel)
    text = normalise_text(alternative.req("transcript").text())
    speaker = _speaker(None, channel, multichannel) or UNKNOWN_SPEAKER
    return [Cue(speaker, text)] if text else []


def _paragraph_cue(paragraph: Node, channel: str, multichannel: bool) -> Cue:
    text = join_tokens((s.req("text").text(), False) for s in paragraph.list_of("sentences"))
    speaker = _speaker(paragraph.opt_label("speaker"), channel, multichannel)
    return Cue(
        speaker or UNKNOWN_SPEAKER,
        text,
        paragraph.opt_number("start"),
        paragraph.opt_number("end"),
    )


def _word_runs(words: Sequence[Node], channel: str, multichannel: bool) -> list[Cue]:
    runs: list[Cue] = []
    for label, group in groupby(words, key=lambda w: w.opt_label("speaker")):
        members = list(group)
        text = join_tokens(
            ((w.opt_text("punctuated_word") or w.req("word").text()), False) for w in members
        )
        runs.append(
            Cue(
                _speaker(label, channel, multichannel) or UNKNOWN_SPEAKER,
                text,
                members[0].opt_number("start"),
                members[-1].opt_number("end"),
            )
        )
    return runs


READER = DeepgramReader()
