"""Fireflies GraphQL transcripts, hand-built from the documented query fields.

No openly licensed Fireflies export exists (SOURCES.md); the shape follows the
``transcript(id)`` query of FORMATS.md §2.6: ``sentences { index speaker_name
speaker_id text start_time end_time }``, ``speakers { id name }``,
``meeting_attendees { displayName email name }``, ``organizer_email``,
``host_email`` and ``date`` (epoch ms or ISO).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from _vendor_helpers import json_source, read_one

from analyzer.errors import ParseError
from analyzer.ingest.registry import get_reader
from analyzer.ingest.vendors.fireflies import DOMAIN_SOURCE, HOST_SOURCE, ORGANIZER_SOURCE
from analyzer.model import RoleHint


def sentence(index: int, name: str | None, text: str, start: float, **extra: Any) -> dict[str, Any]:
    return {
        "index": index,
        "speaker_name": name,
        "text": text,
        "raw_text": text,
        "start_time": start,
        "end_time": start + 1.5,
        **extra,
    }


def transcript(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "ff-01",
        "title": "Acme / Globex intro",
        "date": 1772445600000,  # 2026-03-02T10:00:00Z in epoch ms
        "organizer_email": "dana.ruiz@acme.com",
        "host_email": "dana.ruiz@acme.com",
        "speakers": [{"id": 0, "name": "Dana Ruiz"}, {"id": 1, "name": "Sam Okafor"}],
        "meeting_attendees": [
            {"displayName": "Dana Ruiz", "email": "dana.ruiz@acme.com", "name": None},
            {"displayName": "Sam Okafor", "email": "sam@globex.com", "name": None},
            {"displayName": "Lee Park", "email": "lee@acme.com", "name": None},
        ],
        "sentences": [
            sentence(0, "Dana Ruiz", "Thanks for joining.", 0.5),
            sentence(1, None, "Happy to be here.", 2.0, speaker_id=1),
            sentence(2, "Sam Okafor", "Let me think it over.", 4.0),
        ],
    }
    return base | overrides


@pytest.mark.parametrize(
    "document",
    [
        pytest.param({"data": {"transcript": transcript()}}, id="graphql-response"),
        pytest.param(transcript(), id="bare-object"),
        pytest.param({"transcript": transcript()}, id="transcript-key"),
    ],
)
def test_sentences_become_cues(document: dict[str, Any]) -> None:
    call = read_one("fireflies", json_source(document))
    assert [(c.speaker, c.text, c.start, c.line) for c in call.cues] == [
        ("Dana Ruiz", "Thanks for joining.", 0.5, 1),
        ("Sam Okafor", "Happy to be here.", 2.0, 2),  # via speakers[] by speaker_id
        ("Sam Okafor", "Let me think it over.", 4.0, 3),
    ]
    assert call.call_id == "ff-01"
    assert call.date == dt.date(2026, 3, 2)


def test_hints_say_what_the_file_says() -> None:
    hints = set(read_one("fireflies", json_source(transcript())).role_hints)
    assert hints == {
        RoleHint("Dana Ruiz", "seller", ORGANIZER_SOURCE, 40),
        RoleHint("Dana Ruiz", "seller", HOST_SOURCE, 40),
        RoleHint("Dana Ruiz", "seller", DOMAIN_SOURCE, 35),
        RoleHint("Lee Park", "seller", DOMAIN_SOURCE, 35),
        RoleHint("Sam Okafor", "prospect", DOMAIN_SOURCE, 35),
    }


@pytest.mark.parametrize(
    ("overrides", "organizer_hinted"),
    [
        # organizer not among the attendees, but the address spells a speaker's name
        ({"meeting_attendees": [], "host_email": None}, ["Dana Ruiz"]),
        # near miss: the address matches nobody
        ({"meeting_attendees": [], "host_email": None, "organizer_email": "ops@acme.com"}, []),
        ({"organizer_email": None, "host_email": None}, []),
    ],
)
def test_organizer_matching(overrides: dict[str, Any], organizer_hinted: list[str]) -> None:
    hints = read_one("fireflies", json_source(transcript(**overrides))).role_hints
    assert [h.speaker for h in hints if h.source == ORGANIZER_SOURCE] == organizer_hinted


def test_iso_date_and_sentence_without_any_speaker() -> None:
    doc = transcript(date="2026-03-02T18:00:00.000Z")
    doc["sentences"].append(sentence(3, None, "Who is this?", 6.0))
    call = read_one("fireflies", json_source(doc))
    assert call.date == dt.date(2026, 3, 2)
    assert call.cues[-1].speaker == "unknown"
    assert call.warnings[0].line == 4


def test_transcripts_list_gives_one_call_each() -> None:
    doc = {"data": {"transcripts": [transcript(), transcript(id="ff-02")]}}
    calls = get_reader("fireflies").read(json_source(doc))
    assert [c.call_id for c in calls] == ["ff-01", "ff-02"]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"data": {"transcript": None}}, "$.data: missing field 'transcript'"),
        (
            {"data": {"transcript": {"sentences": [{"speaker_name": "A"}]}}},
            "$.data.transcript.sentences[0]: missing field 'text'",
        ),
        ({"title": "no sentences"}, "$: missing field 'sentences'"),
    ],
)
def test_malformed_fireflies(document: dict[str, Any], message: str) -> None:
    with pytest.raises(ParseError) as caught:
        get_reader("fireflies").read(json_source(document, "ff.json"))
    assert message in str(caught.value) and caught.value.path == "ff.json"


def test_seller_domain_outranks_an_organizer_on_the_buying_side(tmp_path: Any) -> None:
    """The prospect booked the call: the file's hints point the wrong way; the domain wins."""
    from analyzer.ingest import read_path
    from analyzer.roles import RoleOptions, assign_roles

    doc = transcript(organizer_email="sam@globex.com", host_email="sam@globex.com")
    path = tmp_path / "call.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    (call,) = read_path(path, format="fireflies")
    assert ("Dana Ruiz", "dana.ruiz@acme.com") in call.speaker_emails
    assert {r.speaker: r.role for r in assign_roles(call).speaker_roles} == {
        "Dana Ruiz": "prospect",
        "Sam Okafor": "seller",
    }
    fixed = assign_roles(call, RoleOptions(seller_domains=("acme.com",))).speaker_roles
    assert {r.speaker: (r.role, r.source) for r in fixed} == {
        "Dana Ruiz": ("seller", "--seller-domain acme.com"),
        "Sam Okafor": ("prospect", "email sam@globex.com outside --seller-domain"),
    }
