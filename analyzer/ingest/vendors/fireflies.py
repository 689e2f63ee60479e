"""Fireflies.ai transcripts from the GraphQL API.

A saved ``transcript(id)`` query response, ``{"data": {"transcript": {...}}}``,
the bare transcript object, or ``{"data": {"transcripts": [...]}}`` (one call
each).  Cues come from ``sentences[]`` (``speaker_name``, ``text``,
``start_time`` / ``end_time`` in seconds); a sentence without a name falls
back to ``speakers[]`` by ``speaker_id``.

Role hints say only what the file says: the attendee whose email is the
``organizer_email`` (or ``host_email``) booked the call, which on a sales call
is normally the seller (strength 40); attendees sharing the organizer's email
domain lean seller and other company domains lean prospect (strength 35, via
:func:`analyzer.ingest.participants.roles_from_domains`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from analyzer.ingest.base import ParsedCall, SourceFile
from analyzer.ingest.decode import normalise_text
from analyzer.ingest.participants import email_domain, roles_from_domains
from analyzer.ingest.vendors._common import (
    UNKNOWN_SPEAKER,
    parse_date,
    speaker_name,
    unattributed_warning,
)
from analyzer.ingest.vendors._json import JsonShape, Node, json_shape, load_json
from analyzer.model import Cue, RoleHint

ORGANIZER_SOURCE = "Fireflies organizer"
HOST_SOURCE = "Fireflies host"
ORGANIZER_STRENGTH = 40
DOMAIN_SOURCE = "Fireflies attendee email domain"
DOMAIN_STRENGTH = 35

_PREFIXES = ("", "transcript.", "data.transcript.", "data.transcripts[].")
_LOCAL_PART_SPLIT = re.compile(r"[._\-+]+")


class FirefliesReader:
    """Reader for Fireflies GraphQL transcript responses."""

    name = "fireflies"
    description = "Fireflies.ai GraphQL transcript JSON (sentences with speaker_name; seconds)"

    def sniff(self, source: SourceFile) -> float:
        """Confident when some transcript object has ``sentences`` with ``speaker_name``."""
        shape = json_shape(source)
        if shape is None:
            return 0.0
        return max(_score(shape, prefix) for prefix in _PREFIXES)

    def read(self, source: SourceFile) -> list[ParsedCall]:
        """One call per transcript object in the response."""
        root = load_json(source)
        return [_read_transcript(t) for t in _transcripts(root)]


def _score(shape: JsonShape, prefix: str) -> float:
    if not shape.has(f"{prefix}sentences"):
        return 0.0
    if shape.has_any(f"{prefix}sentences[].speaker_name", f"{prefix}sentences[].speaker_id"):
        return 0.95
    if shape.has_any(f"{prefix}organizer_email", f"{prefix}meeting_attendees", f"{prefix}speakers"):
        return 0.8
    return 0.3


def _transcripts(root: Node) -> list[Node]:
    root.obj()
    data = root.get("data")
    if data is not None:
        many = data.get("transcripts")
        if many is not None:
            return many.items()
        return [data.req("transcript")]
    wrapped = root.get("transcript")
    if wrapped is not None and isinstance(wrapped.value, dict):
        return [wrapped]
    root.req("sentences")  # raises a clear "missing field" for anything else
    return [root]


def _read_transcript(transcript: Node) -> ParsedCall:
    transcript.obj()
    names_by_id = {
        label: normalise_text(s.opt_text("name") or "")
        for s in transcript.list_of("speakers")
        if (label := s.opt_label("id")) is not None
    }
    sentences = transcript.req("sentences").items()
    cues: list[Cue] = []
    unattributed: list[int] = []
    for index, sentence in enumerate(sentences):
        line = index + 1
        speaker = _speaker(sentence, names_by_id)
        if speaker is None:
            unattributed.append(line)
        text = normalise_text(sentence.req("text").text())
        if text:
            cues.append(
                Cue(
                    speaker=speaker or UNKNOWN_SPEAKER,
                    text=text,
                    start=sentence.opt_number("start_time"),
                    end=sentence.opt_number("end_time"),
                    line=line,
                )
            )
    speakers = {c.speaker for c in cues if c.speaker and c.speaker != UNKNOWN_SPEAKER}
    warning = unattributed_warning(unattributed, len(sentences), "sentences")
    date_node = transcript.get("date")
    return ParsedCall(
        cues=tuple(cues),
        date=None if date_node is None else parse_date(date_node.value),
        call_id=transcript.opt_label("id"),
        role_hints=_hints(transcript, speakers),
        warnings=() if warning is None else (warning,),
        speaker_emails=tuple((n, e) for n, e in _attendees(transcript) if n and "@" in e),
    )


def _speaker(sentence: Node, names_by_id: dict[str, str]) -> str | None:
    name = normalise_text(sentence.opt_text("speaker_name") or "")
    if name:
        return name
    speaker_id = sentence.opt_label("speaker_id")
    if speaker_id is None:
        return None
    return names_by_id.get(speaker_id) or speaker_name(speaker_id)


def _attendees(transcript: Node) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for attendee in transcript.list_of("meeting_attendees"):
        name = normalise_text(attendee.opt_text("displayName") or attendee.opt_text("name") or "")
        email = (attendee.opt_text("email") or "").strip()
        if name or email:
            pairs.append((name, email))
    return pairs


def _hints(transcript: Node, speakers: set[str]) -> tuple[RoleHint, ...]:
    attendees = _attendees(transcript)
    hints: list[RoleHint] = []
    for key, source in (("organizer_email", ORGANIZER_SOURCE), ("host_email", HOST_SOURCE)):
        email = (transcript.opt_text(key) or "").strip()
        if not email:
            continue
        for name in _names_for(email, attendees, speakers):
            hints.append(RoleHint(name, "seller", source, ORGANIZER_STRENGTH))
    organizer = (transcript.opt_text("organizer_email") or "").strip()
    domain = email_domain(organizer)
    if domain:
        named = [(n, e) for n, e in attendees if n]
        hints.extend(
            roles_from_domains(named, [domain], source=DOMAIN_SOURCE, strength=DOMAIN_STRENGTH)
        )
    return tuple(dict.fromkeys(hints))


def _names_for(email: str, attendees: Iterable[tuple[str, str]], speakers: set[str]) -> list[str]:
    """Who an email belongs to: an attendee with that email, else a speaker whose name
    spells the address's local part (``dana.ruiz@`` -> ``Dana Ruiz``)."""
    wanted = email.casefold()
    names = [n for n, e in attendees if n and e.casefold() == wanted]
    if names:
        return names
    local = " ".join(p for p in _LOCAL_PART_SPLIT.split(wanted.partition("@")[0]) if p)
    return sorted(s for s in speakers if local and s.casefold() == local)


READER = FirefliesReader()
