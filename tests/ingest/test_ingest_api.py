"""read_path/read_bytes/detect_format behaviour that is not about one format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analyzer.errors import ParseError, UsageError
from analyzer.ingest import FORMAT_NAMES, detect_format, read_bytes, read_path
from analyzer.ingest.base import SourceFile
from analyzer.ingest.registry import READERS

ZOOM = b"WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nDana Ruiz: Hi.\n"


def test_format_names_are_the_registry() -> None:
    assert tuple(READERS) == FORMAT_NAMES
    for name in (
        "zoom-vtt",
        "teams-vtt",
        "vtt",
        "srt",
        "otter",
        "google-meet",
        "zoom-chat",
        "text",
        "gold-jsonl",
    ):
        assert name in FORMAT_NAMES


def test_named_format_overrides_detection() -> None:
    (auto,) = read_bytes(ZOOM, "a.vtt")
    (forced,) = read_bytes(ZOOM, "a.vtt", format="vtt")
    assert auto.format == "zoom-vtt"
    assert forced.format == "vtt"
    # Whatever VTT flavour reads it, the speaker is kept.
    assert forced.speakers == ("Dana Ruiz",)


def test_unknown_named_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as info:
        read_bytes(ZOOM, "a.vtt", format="zoom")
    assert "use one of: gold-jsonl, zoom-vtt" in info.value.one_line()


def test_wrong_named_format_is_a_parse_error_not_a_crash() -> None:
    with pytest.raises(ParseError):
        read_bytes(ZOOM, "a.vtt", format="gold-jsonl")


@pytest.mark.parametrize(
    ("source", "date"),
    [
        ("calls/acme-2026-03-02.vtt", dt.date(2026, 3, 2)),
        ("GMT20240124-202901_Recording.transcript.vtt", dt.date(2024, 1, 24)),
        ("acme_2026_03_02.vtt", dt.date(2026, 3, 2)),
        ("2026-3-2 acme.vtt", dt.date(2026, 3, 2)),
        # Near misses.
        ("acme-2026-13-02.vtt", None),
        ("build-20261502.vtt", None),
        ("call-17.vtt", None),
        ("<stdin>", None),
    ],
)
def test_date_from_the_file_name(source: str, date: dt.date | None) -> None:
    (transcript,) = read_bytes(ZOOM, source, format="zoom-vtt")
    assert transcript.date == date


def test_a_date_in_the_file_beats_the_file_name() -> None:
    data = b"Date: 2026-03-05\nDana Ruiz: Hi.\nSam Okafor: Hello.\n"
    (transcript,) = read_bytes(data, "acme-2026-03-02.txt")
    assert transcript.date == dt.date(2026, 3, 5)


def test_read_path_gives_the_path_as_source(tmp_path: Path) -> None:
    path = tmp_path / "call.vtt"
    path.write_bytes(ZOOM)
    (transcript,) = read_path(path)
    assert transcript.source == str(path)
    assert transcript.turns[0].line == 5


def test_detect_format_on_a_source_file() -> None:
    assert detect_format(SourceFile("x.vtt", ZOOM, ".vtt")) == "zoom-vtt"
    srt = b"1\n00:00:01,000 --> 00:00:02,000\nDana Ruiz: Hi.\n"
    assert detect_format(SourceFile("x", srt)) == "srt"


def test_warnings_are_line_prefixed_strings() -> None:
    data = (
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nDana Ruiz: a\n\n"
        b"00:00:03.000 --> 00:00:04.000\nHmm.\n"
    )
    (transcript,) = read_bytes(data, "x.vtt")
    assert transcript.warnings == ("line 7: cue has no speaker; attributed to 'unknown'",)


def test_strict_error_carries_line_and_fix() -> None:
    data = (
        b"WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nDana Ruiz: a\n\n"
        b"00:00:01.000 --> 00:00:02.000\nSam Okafor: b\n"
    )
    with pytest.raises(ParseError) as info:
        read_bytes(data, "x.vtt", strict=True)
    assert info.value.line == 7
    assert info.value.fix
    assert read_bytes(data, "x.vtt")[0].warnings  # lenient: the same thing is a warning


def test_cue_roles_become_hints_named_after_their_source() -> None:
    from analyzer.ingest import to_transcripts
    from analyzer.ingest.base import ParsedCall
    from analyzer.model import Cue, RoleHint

    call = ParsedCall(
        (
            Cue("Agent Smith", "Thanks for calling.", role="seller"),
            Cue("Pat Lee (Guest)", "Hi.", role="prospect"),
            Cue("Pat Lee", "Bye.", role="unknown"),
        )
    )
    (transcript,) = to_transcripts([call], source="x.json", format="aws-call-analytics")
    assert transcript.speakers == ("Agent Smith", "Pat Lee")
    assert set(transcript.role_hints) == {
        RoleHint("Agent Smith", "seller", "aws-call-analytics role", 80),
        RoleHint("Pat Lee", "prospect", "aws-call-analytics role", 80),
        RoleHint("Pat Lee", "prospect", "name suffix (Guest)", 30),
    }
    assert {turn.role for turn in transcript.turns} == {"unknown"}
    # A vendor's turns merge like any other format's (only labelled data keeps its turns).
    assert [t.text for t in transcript.turns] == ["Thanks for calling.", "Hi. Bye."]
