"""Rev.ai transcript JSON.

``{"monologues": [{"speaker": 0, "speaker_name"?: "...", "elements": [...]}]}``:
each monologue is one speaker's stretch, so it becomes one cue.  Its text is
the concatenation of the elements' ``value`` (``punct`` elements carry the
spaces and punctuation); times (seconds) come from the ``text`` elements'
``ts`` / ``end_ts``, as punctuation has none.
"""

from __future__ import annotations

from analyzer.ingest.base import ParsedCall, SourceFile
from analyzer.ingest.decode import normalise_text
from analyzer.ingest.vendors._common import UNKNOWN_SPEAKER, speaker_name, unattributed_warning
from analyzer.ingest.vendors._json import Node, json_shape, load_json
from analyzer.model import Cue


class RevAIReader:
    """Reader for Rev.ai transcript JSON (``Accept: application/vnd.rev.transcript.v1.0+json``)."""

    name = "revai"
    description = "Rev.ai transcript JSON (monologues of elements; seconds)"

    def sniff(self, source: SourceFile) -> float:
        """Confident when the top level has ``monologues`` of ``elements``."""
        shape = json_shape(source)
        if shape is None or shape.root != "object" or not shape.has("monologues"):
            return 0.0
        if shape.has_any("monologues[].elements", "monologues[].speaker"):
            return 0.95
        return 0.6

    def read(self, source: SourceFile) -> list[ParsedCall]:
        """One call; one cue per monologue (``line`` = monologue number)."""
        root = load_json(source)
        monologues = root.req("monologues").items()
        cues: list[Cue] = []
        unattributed: list[int] = []
        for index, monologue in enumerate(monologues):
            line = index + 1
            speaker = _speaker(monologue)
            if speaker is None:
                unattributed.append(line)
            cue = _cue(monologue, speaker or UNKNOWN_SPEAKER, line)
            if cue.text:
                cues.append(cue)
        warning = unattributed_warning(unattributed, len(monologues), "monologues")
        return [ParsedCall(cues=tuple(cues), warnings=() if warning is None else (warning,))]


def _speaker(monologue: Node) -> str | None:
    name = monologue.opt_label("speaker_name")
    if name is not None:
        return normalise_text(name)
    label = monologue.opt_label("speaker")
    return None if label is None else speaker_name(label)


def _cue(monologue: Node, speaker: str, line: int) -> Cue:
    parts: list[str] = []
    starts: list[float] = []
    ends: list[float] = []
    for element in monologue.list_of("elements"):
        parts.append(element.opt_text("value") or "")
        if element.opt_text("type") == "text":
            start, end = element.opt_number("ts"), element.opt_number("end_ts")
            if start is not None:
                starts.append(start)
            if end is not None:
                ends.append(end)
    return Cue(
        speaker=speaker,
        text=normalise_text("".join(parts)),
        start=starts[0] if starts else None,
        end=ends[-1] if ends else None,
        line=line,
    )


READER = RevAIReader()
