"""AssemblyAI transcript JSON.

With ``speaker_labels: true`` the transcript has ``utterances`` whose
``speaker`` is a letter (``"A"``, ``"B"``...; named ``Speaker A``); times are
milliseconds.  ``utterances`` can be ``null`` even then, so the reader falls
back to grouping ``words`` by their ``speaker``, then to the bare ``text``.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from analyzer.ingest.base import ParsedCall, SourceFile
from analyzer.ingest.decode import normalise_text
from analyzer.ingest.vendors._common import (
    UNKNOWN_SPEAKER,
    join_tokens,
    speaker_name,
    unattributed_warning,
)
from analyzer.ingest.vendors._json import Node, json_shape, load_json
from analyzer.model import Cue

_TRANSCRIPT_KEYS = (
    "audio_url",
    "audio_duration",
    "acoustic_model",
    "language_model",
    "speaker_labels",
    "status",
)


class AssemblyAIReader:
    """Reader for AssemblyAI ``/v2/transcript`` results."""

    name = "assemblyai"
    description = "AssemblyAI transcript JSON (utterances or words; milliseconds)"

    def sniff(self, source: SourceFile) -> float:
        """Confident when top-level ``utterances``/``words`` sit beside AssemblyAI's job keys."""
        shape = json_shape(source)
        if shape is None or shape.root != "object":
            return 0.0
        if not shape.has_any("utterances", "words"):
            return 0.0
        if shape.has_any(*_TRANSCRIPT_KEYS):
            return 0.95
        return 0.6 if shape.has("utterances[].speaker") else 0.2

    def read(self, source: SourceFile) -> list[ParsedCall]:
        """One call; one cue per utterance (or run of one speaker's words)."""
        root = load_json(source)
        root.obj()
        if (root.opt_text("status") or "").lower() == "error":
            raise root.error(
                f"the transcription job failed: {root.opt_text('error') or 'no reason given'}",
                fix="re-run the transcription; this file holds no transcript",
            )
        utterances = root.list_of("utterances")
        if utterances:
            cues = [c for c in (_cue(u, i + 1) for i, u in enumerate(utterances)) if c.text]
            total = len(utterances)
            what = "utterances"
        else:
            cues = _from_words(root.list_of("words"))
            if not cues:
                text = normalise_text(root.req("text").text())
                cues = [Cue(UNKNOWN_SPEAKER, text, line=1)] if text else []
            total = len(cues)
            what = "cues"
        unattributed = [c.line or 0 for c in cues if c.speaker == UNKNOWN_SPEAKER]
        warning = unattributed_warning(unattributed, total, what)
        return [
            ParsedCall(
                cues=tuple(cues),
                call_id=root.opt_label("id"),
                warnings=() if warning is None else (warning,),
            )
        ]


def _ms(node: Node, key: str) -> float | None:
    value = node.opt_number(key)
    return None if value is None else value / 1000


def _speaker(node: Node) -> str:
    label = node.opt_label("speaker")
    return UNKNOWN_SPEAKER if label is None else speaker_name(label)


def _cue(utterance: Node, line: int) -> Cue:
    return Cue(
        speaker=_speaker(utterance),
        text=normalise_text(utterance.req("text").text()),
        start=_ms(utterance, "start"),
        end=_ms(utterance, "end"),
        line=line,
    )


def _from_words(words: Sequence[Node]) -> list[Cue]:
    cues: list[Cue] = []
    for line, (speaker, group) in enumerate(groupby(words, key=_speaker), start=1):
        members = list(group)
        cues.append(
            Cue(
                speaker=speaker,
                text=join_tokens((w.req("text").text(), False) for w in members),
                start=_ms(members[0], "start"),
                end=_ms(members[-1], "end"),
                line=line,
            )
        )
    return cues


READER = AssemblyAIReader()
