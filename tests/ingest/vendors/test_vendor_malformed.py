"""Broken vendor files raise ParseError naming the file and where it is broken."""

from __future__ import annotations

from typing import Any

import pytest
from _vendor_helpers import fixture_source, json_source, text_source

from analyzer.errors import ParseError
from analyzer.ingest.base import SourceFile
from analyzer.ingest.registry import get_reader

JSON_FIXTURES = {
    "aws-transcribe": "aws_transcribe/sample_multiple.json",
    "deepgram": "deepgram/dg_utterances.json",
    "assemblyai": "assemblyai/assemblyai_utterances.json",
    "revai": "revai/transcript.json",
    "whisper": "whisper/whisper_timestamped.json",
}
JSON_FORMATS = [
    "gong",
    "whisper",
    "aws-transcribe",
    "aws-call-analytics",
    "deepgram",
    "assemblyai",
    "revai",
    "fireflies",
]


def truncated(relative: str) -> SourceFile:
    real = fixture_source(relative)
    return SourceFile("cut.json", real.data[: len(real.data) // 2], ".json")


@pytest.mark.parametrize(("format_name", "relative"), sorted(JSON_FIXTURES.items()))
def test_truncated_json_names_line_and_column(format_name: str, relative: str) -> None:
    with pytest.raises(ParseError) as caught:
        get_reader(format_name).read(truncated(relative))
    error = caught.value
    assert error.path == "cut.json"
    assert error.line is not None and error.line >= 1
    assert f"line {error.line}, column" in str(error)
    assert error.fix is not None and "ends mid-document" in error.fix


def test_syntax_error_in_the_middle_is_not_called_truncation() -> None:
    with pytest.raises(ParseError) as caught:
        get_reader("whisper").read(text_source('{"segments": [\n  {"start": 1,, "text": "x"}\n]}'))
    assert caught.value.line == 2
    assert caught.value.fix is not None and "mid-document" not in caught.value.fix


@pytest.mark.parametrize("format_name", JSON_FORMATS)
@pytest.mark.parametrize("document", [[], "text", 3, None])
def test_wrong_top_level_type(format_name: str, document: object) -> None:
    with pytest.raises(ParseError) as caught:
        get_reader(format_name).read(json_source(document, "top.json"))
    assert caught.value.path == "top.json"
    assert "at $: expected an object" in str(caught.value)


@pytest.mark.parametrize(
    ("format_name", "document", "where"),
    [
        (
            "whisper",
            {"segments": [{"start": 0, "end": 1}]},
            "at $.segments[0]: missing field 'text'",
        ),
        ("whisper", {"segments": {"start": 0}}, "at $.segments: expected an array"),
        ("whisper", {"language": "en"}, "at $: missing field 'segments'"),
        (
            "whisper",
            {"segments": [{"start": "soon", "text": "x"}]},
            "at $.segments[0].start: expected a number",
        ),
        ("aws-transcribe", {"jobName": "j"}, "at $: missing field 'results'"),
        (
            "aws-transcribe",
            {"results": {"items": [{"type": "pronunciation", "start_time": "1"}]}},
            "at $.results.items[0]: missing field 'alternatives'",
        ),
        (
            "aws-transcribe",
            {"results": {"items": [{"start_time": "one", "alternatives": [{"content": "x"}]}]}},
            "at $.results.items[0].start_time: expected a number",
        ),
        (
            "aws-transcribe",
            {
                "results": {
                    "items": [],
                    "speaker_labels": {"segments": [{"speaker_label": "spk_0"}]},
                }
            },
            "at $.results.speaker_labels.segments[0]: missing field 'start_time'",
        ),
        ("aws-transcribe", {"results": {"items": []}}, "no transcribed words"),
        (
            "aws-call-analytics",
            {"Transcript": [{"ParticipantRole": "AGENT"}]},
            "at $.Transcript[0]: missing field 'Content'",
        ),
        (
            "deepgram",
            {"results": {"utterances": [{"start": 0}]}},
            "at $.results.utterances[0]: missing field 'transcript'",
        ),
        ("deepgram", {"results": {}}, "neither 'utterances' nor 'channels'"),
        (
            "assemblyai",
            {"utterances": [{"speaker": "A"}]},
            "at $.utterances[0]: missing field 'text'",
        ),
        ("assemblyai", {"utterances": None, "words": None}, "at $: missing field 'text'"),
        ("revai", {"monologues": "x"}, "at $.monologues: expected an array"),
        (
            "revai",
            {"monologues": [{"speaker": [1], "elements": []}]},
            "at $.monologues[0].speaker: expected a string or integer id",
        ),
        ("gong", {"records": {}}, "at $: missing field 'callTranscripts'"),
        (
            "fireflies",
            {"data": {"transcript": {"sentences": None}}},
            "at $.data.transcript: missing field 'sentences'",
        ),
    ],
)
def test_missing_or_mistyped_fields_name_the_json_path(
    format_name: str, document: dict[str, Any], where: str
) -> None:
    with pytest.raises(ParseError) as caught:
        get_reader(format_name).read(json_source(document, "bad.json"))
    assert caught.value.path == "bad.json"
    assert where in str(caught.value)
    assert str(caught.value).startswith("bad.json")


@pytest.mark.parametrize("format_name", [*JSON_FORMATS, "csv", "rttm"])
def test_binary_input_is_a_parse_error_not_a_traceback(format_name: str) -> None:
    binary = SourceFile("blob.bin", b"\x00\x01\x02\x03" * 64, ".json")
    with pytest.raises(ParseError) as caught:
        get_reader(format_name).read(binary)
    assert caught.value.path == "blob.bin"
