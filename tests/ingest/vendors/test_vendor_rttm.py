"""RTTM edge cases beyond the pyannote fixture, and pairing RTTM with Whisper."""

from __future__ import annotations

import pytest
from _vendor_helpers import fixture_source, read_one, text_source

from analyzer.errors import ParseError
from analyzer.ingest.registry import get_reader
from analyzer.ingest.vendors.rttm import NO_WORDS_TEXT, label_by_overlap
from analyzer.model import Cue


def test_records_other_than_speaker_and_comments_are_skipped() -> None:
    text = (
        ";; made by hand\n"
        "SPKR-INFO call1 1 <NA> <NA> <NA> unknown alice <NA> <NA>\n"
        "SPEAKER call1 1 2.5 1.25 <NA> <NA> alice <NA> <NA>\n"
        "SPEAKER call1 1 0.5 1.0 <NA> <NA> bob <NA> <NA>\n"
    )
    call = read_one("rttm", text_source(text, "x.rttm"))
    # sorted by onset, lines kept from the file
    assert [(c.speaker, c.start, c.end, c.line) for c in call.cues] == [
        ("bob", 0.5, 1.5, 4),
        ("alice", 2.5, 3.75, 3),
    ]
    assert all(c.text == NO_WORDS_TEXT for c in call.cues)


def test_one_call_per_recording_id() -> None:
    text = (
        "SPEAKER a 1 0 1 <NA> <NA> s1 <NA> <NA>\n"
        "SPEAKER b 1 0 1 <NA> <NA> s2 <NA> <NA>\n"
        "SPEAKER a 1 2 1 <NA> <NA> s2 <NA> <NA>\n"
    )
    calls = get_reader("rttm").read(text_source(text, "x.rttm"))
    assert [(c.call_id, len(c.cues)) for c in calls] == [("a", 2), ("b", 1)]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("SPEAKER a 1 0.5 1.0 <NA> <NA>\n", "needs at least 8 fields, found 7", 1),
        (
            "SPEAKER a 1 0 1 <NA> <NA> s <NA> <NA>\nSPEAKER a 1 x 1 <NA> <NA> s\n",
            "field 4 (onset)",
            2,
        ),
        ("SPEAKER a 1 0 -1 <NA> <NA> s <NA> <NA>\n", "must not be negative", 1),
        (";; only a comment\n", "no SPEAKER records", None),
    ],
)
def test_malformed_rttm(text: str, message: str, line: int | None) -> None:
    with pytest.raises(ParseError) as caught:
        get_reader("rttm").read(text_source(text, "bad.rttm"))
    assert message in str(caught.value)
    assert (caught.value.path, caught.value.line) == ("bad.rttm", line)


@pytest.mark.parametrize(
    ("text", "claimed"),
    [
        ("SPEAKER a 1 0.5 1.0 <NA> <NA> s1 <NA> <NA>\n", True),
        (";; comment\nSPEAKER a 1 0.5 1.0 <NA> <NA> s1 <NA> <NA>\n", True),
        # near misses
        ("SPEAKER 1: hello there, how are you doing today\n", False),
        ("SPEAKER a 1 soon 1.0 <NA> <NA> s1 <NA> <NA>\n", False),
        ("Speaker a 1 0.5 1.0 <NA> <NA> s1 <NA> <NA>\n", False),
    ],
)
def test_sniff(text: str, claimed: bool) -> None:
    score = get_reader("rttm").sniff(text_source(text, "x.txt"))
    assert (score >= 0.2) is claimed


def test_label_by_overlap_pairs_whisper_with_rttm() -> None:
    whisper = read_one("whisper", fixture_source("whisper/whisper_timestamped.json")).cues
    diarization = [
        Cue("A", NO_WORDS_TEXT, 0.0, 8.0),
        Cue("B", NO_WORDS_TEXT, 8.0, 13.0),
        Cue("A", NO_WORDS_TEXT, 12.5, 30.0),
    ]
    labelled = label_by_overlap(whisper, diarization)
    assert [c.speaker for c in labelled] == ["A", "B", "A", "A"]
    assert [c.text for c in labelled] == [c.text for c in whisper]


@pytest.mark.parametrize(
    ("cue", "speaker"),
    [
        (Cue("Dana", "kept", 0.0, 1.0), "Dana"),  # already has a speaker
        (Cue("unknown", "no times"), "unknown"),
        (Cue(None, "outside every segment", 50.0, 51.0), None),
        (Cue(None, "mostly B", 0.5, 3.0), "B"),
    ],
)
def test_label_by_overlap_table(cue: Cue, speaker: str | None) -> None:
    segments = [Cue("A", NO_WORDS_TEXT, 0.0, 1.0), Cue("B", NO_WORDS_TEXT, 1.0, 3.0)]
    assert label_by_overlap([cue], segments)[0].speaker == speaker
