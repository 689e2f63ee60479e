"""Amazon Transcribe: batch job JSON and Call Analytics JSON.

Batch output (``results.items``) is a flat word list with times written as
strings (``"1.61"``); punctuation items have no time and belong to the word
before them.  Who spoke comes from one of:

* ``results.speaker_labels.segments`` (speaker diarization): one cue per segment;
* ``results.channel_labels.channels`` (channel identification, one party per
  channel on stereo call recordings): words of all channels merged by time,
  one cue per run of one channel;
* ``items[].speaker_label`` (newer outputs): one cue per run of one label;
* nothing: one cue per sentence, speaker unknown, with a warning.

Call Analytics output lives in :mod:`analyzer.ingest.vendors.aws_analytics`;
its reader is re-exported here, where the registry looks for both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import groupby

from analyzer.ingest.base import IngestWarning, ParsedCall, SourceFile
from analyzer.ingest.vendors._common import (
    UNKNOWN_SPEAKER,
    join_tokens,
    speaker_name,
    unattributed_warning,
)
from analyzer.ingest.vendors._json import Node, json_shape, load_json
from analyzer.ingest.vendors.aws_analytics import (
    CALL_ANALYTICS,
    CALL_ANALYTICS_SOURCE,
    CALL_ANALYTICS_STRENGTH,
    CallAnalyticsReader,
)
from analyzer.model import Cue

_SENTENCE_END = frozenset(".?!")


@dataclass(frozen=True, slots=True)
class _Word:
    """One pronunciation item with the punctuation that follows it."""

    text: str
    start: float | None
    end: float | None
    label: str | None


class TranscribeReader:
    """Reader for Amazon Transcribe batch job output."""

    name = "aws-transcribe"
    description = "Amazon Transcribe batch JSON (speaker_labels, channel_labels or items)"

    def sniff(self, source: SourceFile) -> float:
        """Confident when ``results`` holds ``transcripts`` / ``items`` / label blocks."""
        shape = json_shape(source)
        if shape is None or shape.root != "object" or not shape.has("results"):
            return 0.0
        if shape.has_any(
            "results.transcripts",
            "results.items",
            "results.speaker_labels",
            "results.channel_labels",
        ):
            return 0.95
        return 0.5 if shape.has_any("jobName", "accountId") else 0.0

    def read(self, source: SourceFile) -> list[ParsedCall]:
        """One call; cues per speaker segment, channel run, label run or sentence."""
        root = load_json(source)
        results = root.req("results")
        warnings: list[IngestWarning] = []
        speaker_labels = results.get("speaker_labels")
        channel_labels = results.get("channel_labels")
        if speaker_labels is not None and speaker_labels.list_of("segments"):
            words = _words(results.list_of("items"), labels=False)
            cues = _cues_by_segments(words, speaker_labels.list_of("segments"))
        elif channel_labels is not None and channel_labels.list_of("channels"):
            cues = _cues_by_channels(channel_labels.list_of("channels"))
        else:
            words = _words(results.list_of("items"), labels=True)
            # Without any speaker information, sentences are the most readable unit.
            by_label = any(w.label for w in words)
            cues = _cues_by_runs(words) if by_label else _cues_by_sentence(words)
            missing = [c.line or 0 for c in cues if c.speaker == UNKNOWN_SPEAKER]
            warning = unattributed_warning(missing, len(cues), "cues")
            if warning is not None:
                warnings.append(warning)
        if not cues and not results.list_of("items"):
            raise results.error(
                "no transcribed words (results.items is empty)",
                fix="check the job finished (status COMPLETED) and had speech",
            )
        return [
            ParsedCall(
                cues=tuple(cues),
                call_id=root.opt_text("jobName"),
                warnings=tuple(warnings),
            )
        ]


def _words(items: Sequence[Node], *, labels: bool) -> list[_Word]:
    """Pronunciation items, each with the punctuation items that follow it appended."""
    words: list[_Word] = []
    for item in items:
        content = _content(item)
        if (item.opt_text("type") or "pronunciation") == "punctuation":
            if words:  # punctuation before any word has nowhere to go
                words[-1] = replace(words[-1], text=words[-1].text + content)
            continue
        label = item.opt_label("speaker_label") or item.opt_label("channel_label")
        words.append(
            _Word(
                content,
                item.opt_number("start_time"),
                item.opt_number("end_time"),
                label if labels else None,
            )
        )
    return words


def _content(item: Node) -> str:
    alternatives = item.req("alternatives").items()
    if not alternatives:
        raise item.error("'alternatives' is empty", fix="the item has no recognised content")
    return alternatives[0].req("content").text()


def _time_key(start: float | None, end: float | None) -> tuple[float, float] | None:
    if start is None or end is None:
        return None
    return round(start, 3), round(end, 3)


def _cues_by_segments(words: Sequence[_Word], segments: Sequence[Node]) -> list[Cue]:
    # Segment items point at words by their (start, end) times; words not listed fall
    # back to the segment whose span holds their start, else stay with the previous word.
    owner: dict[tuple[float, float], int] = {}
    spans: list[tuple[float, float]] = []
    for k, segment in enumerate(segments):
        spans.append((segment.req("start_time").number(), segment.req("end_time").number()))
        for item in segment.list_of("items"):
            key = _time_key(item.opt_number("start_time"), item.opt_number("end_time"))
            if key is not None:
                owner.setdefault(key, k)
    assigned: list[tuple[int, _Word]] = []
    previous = 0
    for word in words:
        owner_k = owner.get(_time_key(word.start, word.end) or (-1.0, -1.0))
        if owner_k is None and word.start is not None:
            owner_k = _span_holding(spans, word.start)
        previous = previous if owner_k is None else owner_k
        assigned.append((previous, word))
    cues: list[Cue] = []
    for k, group in groupby(assigned, key=lambda pair: pair[0]):
        segment = segments[k]
        label = segment.req("speaker_label").label()
        cue_words = [w for _, w in group]
        cues.append(
            Cue(
                speaker=speaker_name(label),
                text=_text_of(cue_words),
                start=spans[k][0],
                end=spans[k][1],
                line=k + 1,
            )
        )
    return cues


def _span_holding(spans: Sequence[tuple[float, float]], time: float) -> int | None:
    for index, (start, end) in enumerate(spans):
        if start - 0.001 <= time <= end + 0.001:
            return index
    return None


def _cues_by_channels(channels: Sequence[Node]) -> list[Cue]:
    labelled: list[tuple[float, int, str, _Word]] = []
    for order, channel in enumerate(channels):
        label = channel.opt_label("channel_label") or f"ch_{order}"
        for word in _words(channel.list_of("items"), labels=False):
            start = word.start if word.start is not None else float("inf")
            labelled.append((start, order, label, word))
    # Sort by time so the parties' words interleave as spoken (stable: ties keep channel order).
    labelled.sort(key=lambda entry: (entry[0], entry[1]))
    return [
        _cue(label, [w for *_, w in group], line)
        for line, (label, group) in enumerate(
            groupby(labelled, key=lambda entry: entry[2]), start=1
        )
    ]


def _cues_by_runs(words: Sequence[_Word]) -> list[Cue]:
    return [
        _cue(label or UNKNOWN_SPEAKER, list(group), line)
        for line, (label, group) in enumerate(groupby(words, key=lambda w: w.label), start=1)
    ]


def _cues_by_sentence(words: Sequence[_Word]) -> list[Cue]:
    return [
        _cue(UNKNOWN_SPEAKER, sentence, line)
        for line, sentence in enumerate(_sentences(words), start=1)
    ]


def _sentences(words: Iterable[_Word]) -> Iterator[list[_Word]]:
    sentence: list[_Word] = []
    for word in words:
        sentence.append(word)
        if word.text and word.text[-1] in _SENTENCE_END:
            yield sentence
            sentence = []
    if sentence:
        yield sentence


def _cue(label: str, words: Sequence[_Word], line: int) -> Cue:
    speaker = speaker_name(label)
    starts = [w.start for w in words if w.start is not None]
    ends = [w.end for w in words if w.end is not None]
    return Cue(
        speaker=speaker,
        text=_text_of(words),
        start=min(starts) if starts else None,
        end=max(ends) if ends else None,
        line=line,
    )


def _text_of(words: Iterable[_Word]) -> str:
    return join_tokens((w.text, False) for w in words)


TRANSCRIBE = TranscribeReader()

__all__ = [
    "CALL_ANALYTICS",
    "CALL_ANALYTICS_SOURCE",
    "CALL_ANALYTICS_STRENGTH",
    "TRANSCRIBE",
    "CallAnalyticsReader",
    "TranscribeReader",
]
