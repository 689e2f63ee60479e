"""Transcript tables (CSV/TSV), hand-built: there is no standard layout to sample.

Column names follow what tools commonly write (FORMATS.md §2.8): speaker / name /
participant, text / transcript / utterance / content, start / start_time /
timestamp, end, role.
"""

from __future__ import annotations

import pytest
from _vendor_helpers import fixture_source, read_one, text_source

from analyzer.errors import ParseError
from analyzer.ingest.registry import get_reader
from analyzer.ingest.vendors.csv_table import ROLE_SOURCE, column_key, map_columns
from analyzer.model import RoleHint

BASIC = (
    "speaker,text,start,end,role\r\n"
    "Dana Ruiz,Thanks for making time.,0,2.5,seller\r\n"
    'Sam Okafor,"Sure, send it over.",3.0,4.25,prospect\r\n'
    "\r\n"
    "Dana Ruiz,Will do.,5,6,\r\n"
)


def test_basic_table() -> None:
    call = read_one("csv", text_source(BASIC, "call.csv"))
    assert [(c.speaker, c.text, c.start, c.end, c.line) for c in call.cues] == [
        ("Dana Ruiz", "Thanks for making time.", 0.0, 2.5, 2),
        ("Sam Okafor", "Sure, send it over.", 3.0, 4.25, 3),
        ("Dana Ruiz", "Will do.", 5.0, 6.0, 5),  # line 5: the blank line counts
    ]
    assert call.role_hints == (
        RoleHint("Dana Ruiz", "seller", ROLE_SOURCE, 80),
        RoleHint("Sam Okafor", "prospect", ROLE_SOURCE, 80),
    )
    assert call.warnings == ()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["speaker", "text"], {"speaker": 0, "text": 1}),
        (["Name", "Utterance", "Timestamp"], {"speaker": 0, "text": 1, "start": 2}),
        (
            ["Participant", "Content", "Start Time (s)", "End Time", "Side"],
            {"speaker": 0, "text": 1, "start": 2, "end": 3, "role": 4},
        ),
        (["\ufeffSPEAKER", "Transcript"], {"speaker": 0, "text": 1}),
        (["start_time", "speaker-name", "message"], {"start": 0, "speaker": 1, "text": 2}),
        # near misses: Zoom's participants and recordings headers have no text column
        (
            ["Name (Original Name)", "User Email", "Total Duration (Minutes)", "Guest"],
            {"speaker": 0},
        ),
        (["Topic", "ID", "Start Time", "File Size (MB)"], {"start": 2}),
        (["speakers", "texts"], {}),
    ],
)
def test_column_synonyms(header: list[str], expected: dict[str, int]) -> None:
    assert map_columns(header) == expected


@pytest.mark.parametrize(
    ("raw", "key"),
    [("Start Time (s)", "start_time"), ("  Speaker-Name ", "speaker_name"), ("TEXT", "text")],
)
def test_column_key(raw: str, key: str) -> None:
    assert column_key(raw) == key


@pytest.mark.parametrize(
    ("text", "name", "starts"),
    [
        ("Name;Utterance;Timestamp\nA;Hi;0:01:02.5\nB;Yo;1:03\n", "t.csv", [62.5, 63.0]),
        ("speaker\ttext\tstart\nA\tHi\t00:00:01,250\nB\tYo\t2\n", "t.tsv", [1.25, 2.0]),
        (
            "speaker,text,timestamp\nA,Hi,2026-03-02T10:00:00Z\nB,Yo,2026-03-02T10:00:07.5Z\n",
            "t.csv",
            [0.0, 7.5],  # ISO date-times count from the first row
        ),
        ("speaker|text|start\nA|Hi|\nB|Yo|4\n", "t.csv", [None, 4.0]),
    ],
)
def test_delimiters_and_time_notations(text: str, name: str, starts: list[float | None]) -> None:
    call = read_one("csv", text_source(text, name))
    assert [c.speaker for c in call.cues] == ["A", "B"]
    assert [c.start for c in call.cues] == starts


def test_rows_without_speaker_are_unknown_with_warning() -> None:
    call = read_one("csv", text_source("speaker,text\n,Hello?\nDana,Hi.\n", "t.csv"))
    assert [c.speaker for c in call.cues] == ["unknown", "Dana"]
    assert call.warnings[0].line == 2


@pytest.mark.parametrize(
    ("rows", "hints", "warning"),
    [
        ("A,x,Rep\nB,y,Customer\n", {"A": "seller", "B": "prospect"}, None),
        ("A,x,seller\nA,y,prospect\n", {"A": "seller"}, "the first is kept"),
        ("A,x,boss\n", {}, "neither seller nor prospect"),
        ("A,x,unknown\nB,y,\n", {}, None),
    ],
)
def test_role_column(rows: str, hints: dict[str, str], warning: str | None) -> None:
    call = read_one("csv", text_source("speaker,text,role\n" + rows, "t.csv"))
    assert {h.speaker: h.role for h in call.role_hints} == hints
    if warning is None:
        assert call.warnings == ()
    else:
        assert warning in call.warnings[0].message and call.warnings[0].line is not None


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("speaker,text,start\nA,Hi,soon\n", "column 'start': cannot read 'soon' as a time", 2),
        ("speaker,text,start\nA,Hi,1:75\n", "cannot read '1:75' as a time", 2),
        ("\n\nspeaker,words\nA,Hi\n", "no text column in the header", 3),
        ("", "the file is empty", None),
        (
            "speaker,text,timestamp\nA,Hi,2026-03-02T10:00:00Z\nB,Yo,2026-03-02T10:00:01\n",
            "mixes time zones",
            3,
        ),
    ],
)
def test_malformed_tables_name_file_and_line(text: str, message: str, line: int | None) -> None:
    with pytest.raises(ParseError) as caught:
        get_reader("csv").read(text_source(text, "bad.csv"))
    assert message in str(caught.value)
    assert caught.value.path == "bad.csv" and caught.value.line == line


@pytest.mark.parametrize(
    ("text", "name", "claimed"),
    [
        (BASIC, "call.csv", True),
        ("speaker,text\nA,Hi\n", "call.txt", True),
        ("text,start\nHi,1\n", "call.csv", True),  # weak claim: a table without speakers
        # near misses
        ("text,start\nHi,1\n", "call.txt", False),
        ("name,role\nDana,seller\n", "roster.csv", False),
        ("Dana Ruiz: speaker, text and more\n", "call.txt", False),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nspeaker,text\n", "x.vtt", False),
    ],
)
def test_sniff(text: str, name: str, claimed: bool) -> None:
    score = get_reader("csv").sniff(text_source(text, name))
    assert (score >= 0.2) is claimed


@pytest.mark.parametrize(
    "relative", ["zoom/meeting001_participants.csv", "zoom/zoomus_recordings__20240124.csv"]
)
def test_never_claims_zoom_reports(relative: str) -> None:
    assert get_reader("csv").sniff(fixture_source(relative)) == 0.0
