"""Gong call transcripts (``POST /v2/calls/transcript``), optionally with parties.

The transcript response is ``{"callTranscripts": [{"callId", "transcript":
[{"speakerId", "topic", "sentences": [{"start", "end", "text"}]}]}]}`` with
sentence times in milliseconds from the call start.  Speakers are bare
``speakerId`` numbers; names and sides live in the parties of
``POST /v2/calls/extensive`` (``calls[].parties[]`` with ``speakerId``,
``name``, ``emailAddress``, ``affiliation``, ``userId``), which the reader
accepts in the same file: as ``calls`` beside ``callTranscripts``, as a
top-level ``parties`` list, or inside each ``callTranscripts`` entry.  Gong's
migration exports wrap the document in ``{"payload": {...}}``; both forms read.

Role hints: ``affiliation`` ``Internal`` -> seller, ``External`` -> prospect
(strength 80); when the affiliation is missing or ``Unknown``, a party with a
Gong ``userId`` is a Gong user, hence on the selling side (strength 70).  Each
speaking party's ``emailAddress`` goes with the call, so ``--seller-domain``
can place a party the file leaves without a side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from analyzer.ingest.base import IngestWarning, ParsedCall, SourceFile
from analyzer.ingest.decode import normalise_text
from analyzer.ingest.vendors._common import UNKNOWN_SPEAKER, parse_date, unattributed_warning
from analyzer.ingest.vendors._json import Node, json_shape, load_json
from analyzer.model import Cue, Role, RoleHint

AFFILIATION_SOURCE = "Gong affiliation"
AFFILIATION_STRENGTH = 80
USER_ID_SOURCE = "Gong user id"
USER_ID_STRENGTH = 70

_AFFILIATION_ROLE: dict[str, Role] = {"internal": "seller", "external": "prospect"}


@dataclass(frozen=True, slots=True)
class _Party:
    speaker_id: str
    name: str
    affiliation: str | None
    is_gong_user: bool
    email: str = ""


class GongReader:
    """Reader for Gong transcript JSON (bare or ``payload``-wrapped)."""

    name = "gong"
    description = "Gong /v2/calls/transcript JSON, with parties from /v2/calls/extensive"

    def sniff(self, source: SourceFile) -> float:
        """Confident when ``callTranscripts`` is at the top level or under ``payload``."""
        shape = json_shape(source)
        if shape is None or shape.root != "object":
            return 0.0
        if shape.has_any("callTranscripts", "payload.callTranscripts"):
            return 0.95
        return 0.0

    def read(self, source: SourceFile) -> list[ParsedCall]:
        """One :class:`ParsedCall` per entry of ``callTranscripts``."""
        root = load_json(source)
        root.obj()
        payload = root.get("payload")
        if payload is not None and payload.get("callTranscripts") is not None:
            root = payload
        transcripts = root.req("callTranscripts").items()
        if not transcripts:
            raise root.error(
                "'callTranscripts' is empty", fix="check the call ids or date range requested"
            )
        shared = _parties(root.list_of("parties"))
        calls = {_call_id(call): call for call in root.list_of("calls")}
        return [_read_call(entry, shared, calls) for entry in transcripts]


def _call_id(call: Node) -> str | None:
    meta = call.get("metaData")
    return (meta.opt_label("id") if meta is not None else None) or call.opt_label("id")


def _parties(nodes: list[Node]) -> dict[str, _Party]:
    parties: dict[str, _Party] = {}
    for node in nodes:
        speaker_id = node.opt_label("speakerId")
        if speaker_id is None:
            continue  # invited but silent: never appears in the transcript
        name = normalise_text(node.opt_text("name") or "") or normalise_text(
            node.opt_text("emailAddress") or ""
        )
        parties[speaker_id] = _Party(
            speaker_id=speaker_id,
            name=name or f"Speaker {speaker_id}",
            affiliation=node.opt_text("affiliation"),
            is_gong_user=node.opt_label("userId") is not None,
            email=(node.opt_text("emailAddress") or "").strip(),
        )
    return parties


def _read_call(entry: Node, shared: dict[str, _Party], calls: dict[str | None, Node]) -> ParsedCall:
    call_id = entry.opt_label("callId")
    call = calls.get(call_id) if call_id is not None else None
    parties = dict(shared)
    if call is not None:
        parties.update(_parties(call.list_of("parties")))
    parties.update(_parties(entry.list_of("parties")))

    cues: list[Cue] = []
    unattributed: list[int] = []
    speakers_seen: dict[str, None] = {}
    line = 0
    for monologue in entry.req("transcript").items():
        speaker_id = monologue.opt_label("speakerId")
        party = parties.get(speaker_id) if speaker_id is not None else None
        if party is not None:
            speaker = party.name
            speakers_seen.setdefault(party.speaker_id, None)
        elif speaker_id is not None:
            speaker = f"Speaker {speaker_id}"
        else:
            speaker = UNKNOWN_SPEAKER
        for sentence in monologue.list_of("sentences"):
            line += 1
            if speaker == UNKNOWN_SPEAKER:
                unattributed.append(line)
            text = normalise_text(sentence.req("text").text())
            if text:
                cues.append(
                    Cue(
                        speaker=speaker,
                        text=text,
                        start=_seconds(sentence.opt_number("start")),
                        end=_seconds(sentence.opt_number("end")),
                        line=line,
                    )
                )
    warnings: list[IngestWarning] = []
    warning = unattributed_warning(unattributed, line, "sentences")
    if warning is not None:
        warnings.append(warning)
    if not parties:
        warnings.append(
            IngestWarning(
                "no parties in the file: speakers are bare Gong speaker ids and carry no side",
                fix="add 'parties' from /v2/calls/extensive to the file, or pass --roster",
            )
        )
    hints = tuple(h for sid in speakers_seen if (h := _hint(parties[sid])) is not None)
    return ParsedCall(
        cues=tuple(cues),
        date=_call_date(call),
        call_id=call_id,
        role_hints=hints,
        warnings=tuple(warnings),
        speaker_emails=tuple(
            (parties[sid].name, parties[sid].email) for sid in speakers_seen if parties[sid].email
        ),
    )


def _seconds(millis: float | None) -> float | None:
    return None if millis is None else millis / 1000


def _hint(party: _Party) -> RoleHint | None:
    role = _AFFILIATION_ROLE.get((party.affiliation or "").strip().casefold())
    if role is not None:
        return RoleHint(party.name, role, AFFILIATION_SOURCE, AFFILIATION_STRENGTH)
    if party.is_gong_user:
        return RoleHint(party.name, "seller", USER_ID_SOURCE, USER_ID_STRENGTH)
    return None


def _call_date(call: Node | None) -> dt.date | None:
    if call is None:
        return None
    meta = call.get("metaData")
    holder = meta if meta is not None else call
    for key in ("started", "scheduled"):
        node = holder.get(key)
        if node is not None and (date := parse_date(node.value)) is not None:
            return date
    return None


READER = GongReader()
