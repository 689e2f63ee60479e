"""Gong transcripts, built here from the vendor's documented schema.

No real Gong export is openly licensed (FORMATS.md §2.5), so every file below
is hand-built from the documented shapes: ``POST /v2/calls/transcript``
(``callTranscripts[].transcript[].sentences[]`` with times in ms) and the
parties of ``POST /v2/calls/extensive`` (``speakerId``, ``name``,
``emailAddress``, ``affiliation``, ``userId``).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from _vendor_helpers import json_source, read_one

from analyzer.errors import ParseError
from analyzer.ingest.registry import get_reader
from analyzer.ingest.vendors.gong import AFFILIATION_SOURCE, USER_ID_SOURCE
from analyzer.model import RoleHint

REP, BUYER, SILENT = "6432345678555530067", "1111111111111111111", "2222222222222222222"


def party(speaker_id: str | None, name: str, affiliation: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"p{speaker_id}",
        "emailAddress": extra.pop("email", ""),
        "name": name,
        "title": "",
        "speakerId": speaker_id,
        "context": [],
        "affiliation": affiliation,
        "methods": ["Invitee"],
        **extra,
    }


def monologue(speaker_id: str | None, *sentences: tuple[int, int, str]) -> dict[str, Any]:
    return {
        "speakerId": speaker_id,
        "topic": None,
        "sentences": [{"start": s, "end": e, "text": t} for s, e, t in sentences],
    }


TRANSCRIPT = [
    monologue(REP, (460230, 462343, "Thanks for making time."), (462400, 465000, "Shall we?")),
    monologue(BUYER, (466000, 468500, "Tuesday at two works, send the invite.")),
    monologue(REP, (469000, 470000, "Great.")),
]

PARTIES = [
    party(REP, "Dana Ruiz", "Internal", email="dana@acme.com", userId="234599484848423"),
    party(BUYER, "Sam Okafor", "External", email="sam@globex.com"),
    party(None, "Invited Only", "External"),
]


def transcript_doc(**extra: Any) -> dict[str, Any]:
    return {
        "requestId": "4al018gzaztcr8nbukw",
        "records": {"totalRecords": 1, "currentPageSize": 1, "currentPageNumber": 0},
        # a copy: a test that appends to its document must not change the others'
        "callTranscripts": [{"callId": "7782342274025937895", "transcript": list(TRANSCRIPT)}],
        **extra,
    }


EXTENSIVE_CALLS = [
    {
        "metaData": {
            "id": "7782342274025937895",
            "started": "2026-03-02T10:30:00-08:00",
            "scope": "External",
        },
        "parties": PARTIES,
    }
]


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(transcript_doc(calls=EXTENSIVE_CALLS), id="calls-from-extensive"),
        pytest.param(transcript_doc(parties=PARTIES), id="top-level-parties"),
        pytest.param({"payload": transcript_doc(calls=EXTENSIVE_CALLS)}, id="payload-wrapped"),
    ],
)
def test_parties_name_speakers_and_give_roles(document: dict[str, Any]) -> None:
    call = read_one("gong", json_source(document))
    assert [c.speaker for c in call.cues] == ["Dana Ruiz", "Dana Ruiz", "Sam Okafor", "Dana Ruiz"]
    assert [c.line for c in call.cues] == [1, 2, 3, 4]
    assert call.cues[0].start == pytest.approx(460.23)  # ms -> s
    assert call.cues[2].end == pytest.approx(468.5)
    assert call.call_id == "7782342274025937895"
    assert set(call.role_hints) == {
        RoleHint("Dana Ruiz", "seller", AFFILIATION_SOURCE, 80),
        RoleHint("Sam Okafor", "prospect", AFFILIATION_SOURCE, 80),
    }
    assert call.warnings == ()


def test_call_date_comes_from_extensive_metadata() -> None:
    call = read_one("gong", json_source(transcript_doc(calls=EXTENSIVE_CALLS)))
    assert call.date == dt.date(2026, 3, 2)  # the call's local date, not UTC's


@pytest.mark.parametrize(
    ("affiliation", "extra", "expected"),
    [
        ("Internal", {}, RoleHint("Lee", "seller", AFFILIATION_SOURCE, 80)),
        ("External", {}, RoleHint("Lee", "prospect", AFFILIATION_SOURCE, 80)),
        ("external", {}, RoleHint("Lee", "prospect", AFFILIATION_SOURCE, 80)),
        ("Unknown", {"userId": "99"}, RoleHint("Lee", "seller", USER_ID_SOURCE, 70)),
        # near misses: no side stated, no Gong user id
        ("Unknown", {}, None),
        ("", {}, None),
        ("Partner", {}, None),
    ],
)
def test_affiliation_table(
    affiliation: str, extra: dict[str, Any], expected: RoleHint | None
) -> None:
    doc = transcript_doc(parties=[party(REP, "Lee", affiliation, **extra)])
    hints = read_one("gong", json_source(doc)).role_hints
    assert hints == (() if expected is None else (expected,))


def test_without_parties_speakers_are_ids_and_a_warning_says_why() -> None:
    call = read_one("gong", json_source(transcript_doc()))
    assert {c.speaker for c in call.cues} == {f"Speaker {REP}", f"Speaker {BUYER}"}
    assert call.role_hints == ()
    assert any("no parties" in w.message for w in call.warnings)


def test_party_without_name_falls_back_to_email() -> None:
    doc = transcript_doc(parties=[party(REP, "", "Internal", email="dana@acme.com")])
    call = read_one("gong", json_source(doc))
    assert call.cues[0].speaker == "dana@acme.com"


def test_each_call_transcript_is_one_call() -> None:
    doc = transcript_doc(parties=PARTIES)
    doc["callTranscripts"].append(
        {"callId": "2", "transcript": [monologue(BUYER, (0, 900, "Hi."))]}
    )
    calls = get_reader("gong").read(json_source(doc))
    assert [c.call_id for c in calls] == ["7782342274025937895", "2"]
    assert [len(c.cues) for c in calls] == [4, 1]


def test_sentence_without_speaker_is_unknown_with_warning() -> None:
    doc = transcript_doc(parties=PARTIES)
    doc["callTranscripts"][0]["transcript"].append(monologue(None, (471000, 472000, "Hello?")))
    call = read_one("gong", json_source(doc))
    assert call.cues[-1].speaker == "unknown"
    assert any("1 of 5 sentences" in w.message for w in call.warnings)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"callTranscripts": []}, "'callTranscripts' is empty"),
        (
            {"callTranscripts": [{"callId": "1"}]},
            "$.callTranscripts[0]: missing field 'transcript'",
        ),
        (
            {
                "callTranscripts": [{"callId": "1", "transcript": [monologue(REP, (0, 1, "x"))]}],
                "parties": "Dana",
            },
            "$.parties: expected an array",
        ),
        (
            {
                "callTranscripts": [
                    {"transcript": [{"speakerId": REP, "sentences": [{"start": 0}]}]}
                ]
            },
            "$.callTranscripts[0].transcript[0].sentences[0]: missing field 'text'",
        ),
    ],
)
def test_malformed_gong_names_the_json_path(document: dict[str, Any], message: str) -> None:
    with pytest.raises(ParseError) as caught:
        get_reader("gong").read(json_source(document, "gong.json"))
    assert caught.value.path == "gong.json"
    assert message in str(caught.value)


def test_emails_let_seller_domain_place_a_party_without_affiliation(tmp_path: Any) -> None:
    """An ``Unknown`` affiliation and no Gong user id: only the address tells the side."""
    from analyzer.ingest import read_path
    from analyzer.roles import RoleOptions, assign_roles

    parties = [
        party(REP, "Dana Ruiz", "Unknown", email="dana@acme.com"),
        party(BUYER, "Sam Okafor", "Unknown", email="sam@globex.com"),
    ]
    path = tmp_path / "call.json"
    doc = transcript_doc(parties=parties)
    doc["callTranscripts"][0]["transcript"] = [
        monologue(REP, (1000, 2000, "Thanks for making time.")),
        monologue(BUYER, (2500, 4000, "Sure, go ahead.")),
    ]
    path.write_text(json.dumps(doc), encoding="utf-8")
    (call,) = read_path(path, format="gong")
    assert call.speaker_emails == (("Dana Ruiz", "dana@acme.com"), ("Sam Okafor", "sam@globex.com"))
    roles = assign_roles(call, RoleOptions(seller_domains=("acme.com",))).speaker_roles
    assert {r.speaker: (r.role, r.source) for r in roles} == {
        "Dana Ruiz": ("seller", "--seller-domain acme.com"),
        "Sam Okafor": ("prospect", "email sam@globex.com outside --seller-domain"),
    }
