"""Amazon Transcribe Call Analytics JSON.

``Transcript[{ParticipantRole, Content, BeginOffsetMillis, EndOffsetMillis,
Sentiment, Items}]`` plus ``Participants[{ParticipantRole}]``.  Each utterance
names its ``ParticipantRole``, ``AGENT`` or ``CUSTOMER``: the cleanest
seller/prospect signal any engine gives, so the speakers are called ``Agent``
and ``Customer`` and each becomes a strength-80 role hint.
"""

from __future__ import annotations

from analyzer.ingest.base import ParsedCall, SourceFile
from analyzer.ingest.decode import normalise_text
from analyzer.ingest.vendors._common import UNKNOWN_SPEAKER, unattributed_warning
from analyzer.ingest.vendors._json import json_shape, load_json
from analyzer.model import Cue, Role, RoleHint

CALL_ANALYTICS_SOURCE = "AWS Call Analytics participant role"
CALL_ANALYTICS_STRENGTH = 80


class CallAnalyticsReader:
    """Reader for Amazon Transcribe Call Analytics output."""

    name = "aws-call-analytics"
    description = "Amazon Transcribe Call Analytics JSON (Transcript[], AGENT/CUSTOMER roles)"

    def sniff(self, source: SourceFile) -> float:
        """Confident when the top level has ``Transcript`` entries with participant roles."""
        shape = json_shape(source)
        if shape is None or shape.root != "object" or not shape.has("Transcript"):
            return 0.0
        if shape.has_any(
            "Transcript[].ParticipantRole",
            "Transcript[].BeginOffsetMillis",
            "Participants",
            "ConversationCharacteristics",
        ):
            return 0.95
        return 0.5 if shape.has("Transcript[].Content") else 0.1

    def read(self, source: SourceFile) -> list[ParsedCall]:
        """One call; one cue per ``Transcript`` entry; AGENT/CUSTOMER become role hints."""
        root = load_json(source)
        entries = root.req("Transcript").items()
        cues: list[Cue] = []
        unattributed: list[int] = []
        roles_seen: dict[str, None] = {}
        for index, entry in enumerate(entries):
            line = index + 1
            role = entry.opt_text("ParticipantRole")
            if role:
                roles_seen.setdefault(role.strip().upper(), None)
            else:
                unattributed.append(line)
            text = normalise_text(entry.req("Content").text())
            if not text:
                continue
            begin = entry.opt_number("BeginOffsetMillis")
            end = entry.opt_number("EndOffsetMillis")
            cues.append(
                Cue(
                    speaker=_participant_speaker(role),
                    text=text,
                    start=None if begin is None else begin / 1000,
                    end=None if end is None else end / 1000,
                    line=line,
                )
            )
        for participant in root.list_of("Participants"):
            role = participant.opt_text("ParticipantRole")
            if role:
                roles_seen.setdefault(role.strip().upper(), None)
        hints = tuple(
            RoleHint(
                _participant_speaker(role), side, CALL_ANALYTICS_SOURCE, CALL_ANALYTICS_STRENGTH
            )
            for role in roles_seen
            if (side := _SIDE_OF.get(role)) is not None
        )
        warning = unattributed_warning(unattributed, len(entries), "Transcript entries")
        return [
            ParsedCall(
                cues=tuple(cues),
                call_id=root.opt_text("JobName"),
                role_hints=hints,
                warnings=() if warning is None else (warning,),
            )
        ]


_SIDE_OF: dict[str, Role] = {"AGENT": "seller", "CUSTOMER": "prospect"}


def _participant_speaker(role: str | None) -> str:
    """``AGENT`` -> ``"Agent"``: the role is the only name Call Analytics gives."""
    if not role or not role.strip():
        return UNKNOWN_SPEAKER
    return normalise_text(role).replace("_", " ").title()


CALL_ANALYTICS = CallAnalyticsReader()
