"""Speech-to-text engine outputs the fixtures do not cover, hand-built from documented schemas.

* WhisperX ``--diarize``: ``segments[{start, end, text, speaker?, words[{word, speaker?}]}]``
  (FORMATS.md §2.7: segments overlapping no diarization turn have no ``speaker``).
* AWS Transcribe Call Analytics: ``Transcript[{ParticipantRole, Content,
  BeginOffsetMillis, EndOffsetMillis}]`` and ``Participants[]`` (shape seen in
  aws-samples ``example-call.json``, not copied).
* AWS Transcribe batch with per-item ``speaker_label`` and without any labels.
* Deepgram with ``diarize=true`` / ``multichannel=true``, and without utterances.
* AssemblyAI with ``utterances: null``, and a failed job.
* Rev.ai monologues with ``speaker_name``.
"""

from __future__ import annotations

from typing import Any

import pytest
from _vendor_helpers import json_source, read_one

from analyzer.errors import ParseError
from analyzer.ingest.vendors.aws import CALL_ANALYTICS_SOURCE
from analyzer.model import RoleHint

# --- WhisperX ---------------------------------------------------------------------------------


def whisperx_segment(text: str, speaker: str | None, words: list[str | None]) -> dict[str, Any]:
    segment: dict[str, Any] = {
        "start": 1.0,
        "end": 2.0,
        "text": f" {text}",
        "words": [
            {"word": w, "start": 1.0, "end": 1.5, "score": 0.9}
            | ({"speaker": s} if s is not None else {})
            for w, s in zip(text.split(), words, strict=True)
        ],
    }
    if speaker is not None:
        segment["speaker"] = speaker
    return segment


def test_whisperx_speakers_word_majority_and_unknown() -> None:
    doc = {
        "segments": [
            whisperx_segment("Thanks for joining", "SPEAKER_00", ["SPEAKER_00"] * 3),
            whisperx_segment("Send me info", None, ["SPEAKER_01", "SPEAKER_01", "SPEAKER_00"]),
            whisperx_segment("Mm hmm", None, [None, None]),
        ],
        "word_segments": [],
    }
    call = read_one("whisper", json_source(doc))
    assert [c.speaker for c in call.cues] == ["SPEAKER_00", "SPEAKER_01", "unknown"]
    assert call.cues[0].text == "Thanks for joining"  # Whisper's leading space is gone
    assert [w.message for w in call.warnings] == [
        "1 of 3 segments carry no speaker (first: record 3); they are attributed to 'unknown'"
    ]
    assert call.warnings[0].line == 3


def test_whisper_without_segments_reads_the_text() -> None:
    call = read_one("whisper", json_source({"text": " Hello there. ", "language": "en"}))
    assert [(c.speaker, c.text) for c in call.cues] == [("unknown", "Hello there.")]
    assert "no speakers" in call.warnings[0].message


# --- AWS Call Analytics -----------------------------------------------------------------------


def ca_entry(role: str | None, content: str, begin: int, end: int) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "Content": content,
        "Id": f"id-{begin}",
        "BeginOffsetMillis": begin,
        "EndOffsetMillis": end,
        "Sentiment": "NEUTRAL",
        "LoudnessScores": [70.1],
    }
    if role is not None:
        entry["ParticipantRole"] = role
    return entry


CALL_ANALYTICS_DOC = {
    "JobName": "demo-call",
    "JobStatus": "COMPLETED",
    "LanguageCode": "en-US",
    "Participants": [{"ParticipantRole": "AGENT"}, {"ParticipantRole": "CUSTOMER"}],
    "Transcript": [
        ca_entry("AGENT", "Thank you for calling, how can I help?", 1230, 4470),
        ca_entry("CUSTOMER", "Let me think it over.", 5000, 6250),
        ca_entry("AGENT", "Sure, take your time.", 6500, 7000),
    ],
    "ConversationCharacteristics": {"TotalConversationDurationMillis": 7000},
}


def test_call_analytics_roles_become_speakers_and_hints() -> None:
    call = read_one("aws-call-analytics", json_source(CALL_ANALYTICS_DOC))
    assert [c.speaker for c in call.cues] == ["Agent", "Customer", "Agent"]
    assert call.cues[0].start == pytest.approx(1.23)
    assert call.cues[1].end == pytest.approx(6.25)
    assert call.call_id == "demo-call"
    assert call.role_hints == (
        RoleHint("Agent", "seller", CALL_ANALYTICS_SOURCE, 80),
        RoleHint("Customer", "prospect", CALL_ANALYTICS_SOURCE, 80),
    )


def test_call_analytics_entry_without_role_is_unknown() -> None:
    doc = dict(CALL_ANALYTICS_DOC, Participants=[])
    doc["Transcript"] = [ca_entry(None, "Hello?", 0, 500), ca_entry("AGENT", "Hi.", 600, 900)]
    call = read_one("aws-call-analytics", json_source(doc))
    assert [c.speaker for c in call.cues] == ["unknown", "Agent"]
    assert [h.speaker for h in call.role_hints] == ["Agent"]  # no CUSTOMER seen, no hint
    assert "1 of 2 Transcript entries" in call.warnings[0].message


# --- AWS Transcribe batch variants --------------------------------------------------------------


def aws_item(content: str, start: str | None = None, label: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "alternatives": [{"confidence": "0.99", "content": content}],
        "type": "pronunciation" if start is not None else "punctuation",
    }
    if start is not None:
        item["start_time"] = start
        item["end_time"] = f"{float(start) + 0.3:.2f}"
    if label is not None:
        item["speaker_label"] = label
    return item


def test_aws_items_with_speaker_labels_group_by_run() -> None:
    items = [
        aws_item("Hello", "0.10", "spk_0"),
        aws_item("."),
        aws_item("Hi", "1.00", "spk_1"),
        aws_item("there", "1.40", "spk_1"),
        aws_item("!"),
        aws_item("Ok", "2.50", "spk_0"),
    ]
    doc = {"jobName": "j", "results": {"transcripts": [{"transcript": ""}], "items": items}}
    call = read_one("aws-transcribe", json_source(doc))
    assert [(c.speaker, c.text) for c in call.cues] == [
        ("spk_0", "Hello."),
        ("spk_1", "Hi there!"),
        ("spk_0", "Ok"),
    ]
    assert call.cues[1].start == pytest.approx(1.0) and call.cues[1].end == pytest.approx(1.7)
    assert call.warnings == ()


def test_aws_without_any_labels_splits_sentences_and_warns() -> None:
    items = [
        aws_item("Hello", "0.1"),
        aws_item("."),
        aws_item("Bye", "1.0"),
        aws_item("now", "1.4"),
    ]
    doc = {"results": {"transcripts": [{"transcript": "Hello. Bye now"}], "items": items}}
    call = read_one("aws-transcribe", json_source(doc))
    assert [(c.speaker, c.text) for c in call.cues] == [
        ("unknown", "Hello."),
        ("unknown", "Bye now"),
    ]
    assert "no cues carry a speaker" in call.warnings[0].message


# --- Deepgram ---------------------------------------------------------------------------------


def dg_utterance(text: str, speaker: int | None, channel: int = 0) -> dict[str, Any]:
    utterance: dict[str, Any] = {
        "start": 1.5,
        "end": 2.5,
        "confidence": 0.9,
        "channel": channel,
        "transcript": text,
        "words": [],
        "id": "u",
    }
    if speaker is not None:
        utterance["speaker"] = speaker
    return utterance


@pytest.mark.parametrize(
    ("channels", "utterances", "speakers"),
    [
        (1, [dg_utterance("Hi", 0), dg_utterance("Hello", 1)], ["Speaker 0", "Speaker 1"]),
        (
            2,
            [dg_utterance("Hi", None, 0), dg_utterance("Hello", None, 1)],
            ["Channel 0", "Channel 1"],
        ),
        (2, [dg_utterance("Hi", 0, 1)], ["Channel 1 Speaker 0"]),
        (1, [dg_utterance("Hi", None, 0)], ["unknown"]),  # near miss: one channel, no diarize
    ],
)
def test_deepgram_speaker_naming(
    channels: int, utterances: list[dict[str, Any]], speakers: list[str]
) -> None:
    doc = {
        "metadata": {"request_id": "r1", "channels": channels},
        "results": {
            "channels": [{"alternatives": [{"transcript": "", "words": []}]}] * channels,
            "utterances": utterances,
        },
    }
    call = read_one("deepgram", json_source(doc))
    assert [c.speaker for c in call.cues] == speakers
    assert call.call_id == "r1"


def test_deepgram_without_utterances_uses_paragraphs_then_words() -> None:
    paragraphs = {
        "transcript": "",
        "paragraphs": [
            {
                "speaker": 0,
                "start": 0.1,
                "end": 1.0,
                "sentences": [{"text": "Hi.", "start": 0.1, "end": 1.0}],
            },
            {
                "speaker": 1,
                "start": 1.2,
                "end": 2.0,
                "sentences": [{"text": "Yo.", "start": 1.2, "end": 2.0}],
            },
        ],
    }
    words = [
        {"word": "hi", "punctuated_word": "Hi,", "start": 0.1, "end": 0.3, "speaker": 0},
        {"word": "there", "punctuated_word": "there.", "start": 0.3, "end": 0.6, "speaker": 0},
        {"word": "yo", "start": 0.8, "end": 1.0, "speaker": 1},
    ]
    with_paragraphs = {
        "results": {
            "channels": [
                {"alternatives": [{"transcript": "x", "words": words, "paragraphs": paragraphs}]}
            ]
        }
    }
    with_words = {
        "results": {"channels": [{"alternatives": [{"transcript": "x", "words": words}]}]}
    }

    by_paragraph = read_one("deepgram", json_source(with_paragraphs)).cues
    by_word = read_one("deepgram", json_source(with_words)).cues
    assert [(c.speaker, c.text) for c in by_paragraph] == [
        ("Speaker 0", "Hi."),
        ("Speaker 1", "Yo."),
    ]
    assert [(c.speaker, c.text, c.end) for c in by_word] == [
        ("Speaker 0", "Hi, there.", 0.6),
        ("Speaker 1", "yo", 1.0),
    ]


# --- AssemblyAI -------------------------------------------------------------------------------


def test_assemblyai_null_utterances_fall_back_to_words() -> None:
    doc = {
        "id": "t1",
        "status": "completed",
        "speaker_labels": True,
        "text": "Hi. Send info.",
        "utterances": None,
        "words": [
            {"text": "Hi.", "start": 100, "end": 400, "confidence": 0.9, "speaker": "A"},
            {"text": "Send", "start": 900, "end": 1100, "confidence": 0.9, "speaker": "B"},
            {"text": "info.", "start": 1100, "end": 1500, "confidence": 0.9, "speaker": "B"},
        ],
    }
    call = read_one("assemblyai", json_source(doc))
    assert [(c.speaker, c.text, c.start, c.end) for c in call.cues] == [
        ("Speaker A", "Hi.", 0.1, 0.4),
        ("Speaker B", "Send info.", 0.9, 1.5),
    ]
    assert call.call_id == "t1"


def test_assemblyai_failed_job_is_a_parse_error() -> None:
    doc = {"id": "t1", "status": "error", "error": "Download failed", "audio_url": "x"}
    with pytest.raises(ParseError, match="Download failed"):
        read_one("assemblyai", json_source(doc))


# --- Rev.ai -----------------------------------------------------------------------------------


def test_revai_speaker_name_wins_over_number() -> None:
    elements = [
        {"type": "text", "value": "Hello", "ts": 0.5, "end_ts": 0.9},
        {"type": "punct", "value": "."},
    ]
    doc = {
        "monologues": [
            {"speaker": 0, "speaker_name": "Dana Ruiz", "elements": elements},
            {"speaker": 1, "elements": elements},
            {"elements": elements},
        ]
    }
    call = read_one("revai", json_source(doc))
    assert [c.speaker for c in call.cues] == ["Dana Ruiz", "Speaker 1", "unknown"]
    assert (call.cues[0].text, call.cues[0].start, call.cues[0].end) == ("Hello.", 0.5, 0.9)
    assert call.warnings[0].line == 3
