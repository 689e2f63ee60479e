"""Each vendor format is claimed by its own reader, above every other vendor reader.

The hand-built documents here are minimal instances of the documented schemas
(see the per-vendor test modules for the sources).
"""

from __future__ import annotations

import json

import pytest
from _vendor_helpers import VENDOR_FORMATS, fixture_source, json_source, scores, text_source

from analyzer.ingest.base import SourceFile
from analyzer.ingest.detect import MIN_SCORE
from analyzer.ingest.registry import get_reader

REAL = [
    ("aws_transcribe/sample_multiple.json", "aws-transcribe"),
    ("aws_transcribe/sample_2channels.json", "aws-transcribe"),
    ("deepgram/dg_utterances.json", "deepgram"),
    ("assemblyai/assemblyai_utterances.json", "assemblyai"),
    ("revai/transcript.json", "revai"),
    ("whisper/whisper_timestamped.json", "whisper"),
    ("rttm/sample.rttm", "rttm"),
]

NOT_OURS = [
    "zoom/GMT20240124-202901_Recording.transcript.vtt",
    "zoom/GMT20240124-202901_Recording.cc.vtt",
    "zoom/GMT20240124-202901_RecordingnewChat.txt",
    "zoom/meeting001_chat.txt",
    "zoom/meeting001_participants.csv",
    "zoom/zoomus_recordings__20240124.csv",
    "zoom/podman-cabal-2026-05-05.md",
    "teams/teams_timeframe.vtt",
    "google_meet/podman-cabal-2024-03-19.md",
    "otter/67-cryptography.md",
    "srt/sample.srt",
    "webvtt/captions_with_bom.vtt",
]

HAND_BUILT: list[tuple[str, SourceFile]] = [
    (
        "gong",
        json_source(
            {
                "requestId": "r",
                "callTranscripts": [
                    {"callId": "1", "transcript": [{"speakerId": "9", "sentences": []}]}
                ],
            }
        ),
    ),
    ("gong", json_source({"payload": {"callTranscripts": []}})),
    (
        "whisper",
        json_source(
            {"segments": [{"start": 0.0, "end": 1.0, "text": " Hi", "speaker": "SPEAKER_00"}]}
        ),
    ),
    (
        "aws-call-analytics",
        json_source(
            {
                "JobName": "j",
                "Participants": [{"ParticipantRole": "AGENT"}],
                "Transcript": [
                    {"ParticipantRole": "AGENT", "Content": "Hi", "BeginOffsetMillis": 0}
                ],
            }
        ),
    ),
    (
        "fireflies",
        json_source(
            {"data": {"transcript": {"sentences": [{"speaker_name": "Dana", "text": "Hi"}]}}}
        ),
    ),
    (
        "fireflies",
        json_source({"title": "t", "sentences": [{"speaker_name": "Dana", "text": "Hi"}]}),
    ),
    (
        "deepgram",
        json_source({"metadata": {"request_id": "r"}, "results": {"utterances": [{"speaker": 0}]}}),
    ),
    (
        "assemblyai",
        json_source({"id": "t", "status": "completed", "utterances": None, "words": []}),
    ),
    ("csv", text_source("Speaker,Text,Start\nDana,Hi,0\n", "call.csv")),
    ("rttm", text_source("SPEAKER c 1 0.0 1.0 <NA> <NA> s <NA> <NA>\n", "c.rttm")),
]


def assert_claimed_by(source: SourceFile, owner: str, floor: float) -> None:
    all_scores = scores(source)
    own = all_scores.pop(owner)
    assert own >= floor, f"{owner} scored {own}"
    assert own > max(all_scores.values()), all_scores


@pytest.mark.parametrize(("relative", "owner"), REAL)
def test_real_exports_are_claimed_by_their_reader(relative: str, owner: str) -> None:
    assert_claimed_by(fixture_source(relative), owner, 0.9)


@pytest.mark.parametrize(("relative", "owner"), [r for r in REAL if r[0].endswith(".json")])
def test_truncated_exports_are_still_claimed(relative: str, owner: str) -> None:
    real = fixture_source(relative)
    cut = SourceFile("cut.json", real.data[: len(real.data) // 3], ".json")
    assert_claimed_by(cut, owner, 0.5)


@pytest.mark.parametrize(
    ("owner", "source"), HAND_BUILT, ids=[f"{o}-{i}" for i, (o, _) in enumerate(HAND_BUILT)]
)
def test_hand_built_documents_are_claimed_by_their_reader(owner: str, source: SourceFile) -> None:
    assert_claimed_by(source, owner, 0.9)


@pytest.mark.parametrize("relative", NOT_OURS)
def test_other_formats_are_left_alone(relative: str) -> None:
    assert max(scores(fixture_source(relative)).values()) < MIN_SCORE


@pytest.mark.parametrize(
    "text",
    [
        # gold JSONL (read by analyzer.ingest.gold)
        json.dumps({"id": "c1", "turns": [{"speaker": "Dana", "text": "Hi", "labels": []}]})
        + "\n"
        + json.dumps({"id": "c2", "turns": []}),
        '{"text": "just some JSON"}',
        "[1, 2, 3]",
        "Dana Ruiz: Hello there.\nSam Okafor: Hi.\n",
        "",
    ],
)
def test_other_text_is_left_alone(text: str) -> None:
    assert max(scores(text_source(text, "x.json")).values()) < MIN_SCORE


def test_sniff_reads_only_the_head_of_a_large_file() -> None:
    segments = [
        {"start": i, "end": i + 1, "text": "word " * 20, "speaker": "SPEAKER_00"}
        for i in range(2000)
    ]
    data = json.dumps({"segments": segments, "language": "en"}).encode()
    assert len(data) > 128 * 1024
    assert_claimed_by(SourceFile("big.json", data, ".json"), "whisper", 0.9)


@pytest.mark.parametrize("name", VENDOR_FORMATS)
@pytest.mark.parametrize(
    "data", [b"\x00\x01\x02" * 100, b"PK\x03\x04garbage", b"\xff\xfe\x00", b"\xef\xbb\xbf"]
)
def test_sniff_never_raises(name: str, data: bytes) -> None:
    score = get_reader(name).sniff(SourceFile("blob", data, ""))
    assert 0.0 <= score < MIN_SCORE
