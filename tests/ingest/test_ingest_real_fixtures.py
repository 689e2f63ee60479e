"""Every text-like real export in shared/fixtures/transcripts reads as its own format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analyzer.ingest import read_path
from analyzer.ingest.base import SourceFile
from analyzer.ingest.detect import detect_format

# (file, format, turns, speakers in order of appearance, first turn starts, last turn ends, date)
CASES = [
    (
        "zoom/GMT20240124-202901_Recording.transcript.vtt",
        "zoom-vtt",
        26,
        (
            "Srijani Ghosh",
            "Conor Healy",
            "Dr. Melissa Ko",
            "Shreeharsh Kelkar",
            "unknown",
            "Ryan Sloan",
        ),
        "Hi!",
        "why don't we just spin into that as a conversation, and I'll I'll go ahead and stop "
        "the Zoom Meeting, and everybody can come join.",
        dt.date(2024, 1, 24),
    ),
    (
        "zoom/GMT20240124-202901_Recording.cc.vtt",
        "vtt",
        100,
        ("unknown",),
        "This doesn't.",
        "everybody can come join.",
        dt.date(2024, 1, 24),
    ),
    (
        "teams/teams_timeframe.vtt",
        "teams-vtt",
        2,
        ("Yuri Bakulin", "Adrian Petrescu"),
        "There you go.",
        "Why hello there, Yuri.",
        None,
    ),
    (
        "webvtt/captions_with_bom.vtt",
        "vtt",
        4,
        ("unknown",),
        "Caption text #1",
        "Caption text #4",
        None,
    ),
    ("srt/sample.srt", "srt", 5, ("unknown",), "Caption text #1", "Caption text #5", None),
    (
        "otter/67-cryptography.md",
        "otter",
        122,
        ("Emma", "Kelly", "Ali", "unknown"),
        "cryptography is the method of protecting information",
        "And with that, hope y'all have a great day.",
        None,
    ),
    (
        "google_meet/podman-cabal-2024-03-19.md",
        "google-meet",
        14,
        ("Tom Sweeney", "Kevin Clevenger", "Matt Heon", "Paul Holzinger", "Lokesh Mandvekar"),
        "Good morning, It's Tuesday, March 19th. 2024.",
        "we'll wrap up meeting. Thanks for coming folks and sorry so quick.",
        dt.date(2024, 3, 19),
    ),
    (
        "zoom/GMT20240124-202901_RecordingnewChat.txt",
        "zoom-chat",
        6,
        ("Ryan Sloan", "Dr. Melissa Ko", "Shreeharsh Kelkar"),
        "Let\u2019s try to stay muted unless speaking up, just to reduce echo",
        "interesting \u2014 voice isn\u2019t being picked up",
        dt.date(2024, 1, 24),
    ),
    (
        "zoom/meeting001_chat.txt",
        "zoom-chat",
        6,
        ("Andrew Knight", "Ringo Starr", "George Harrison", "John Lennon", "Paul McCartney"),
        "Hello Everyone - It\u2019s great to see folks dropping into the session.",
        "Fuselage",
        None,
    ),
    (
        "zoom/podman-cabal-2026-05-05.md",
        "zoom-vtt",
        28,
        (
            "Tom Sweeney (Red Hat LLC)",
            "Matthew Heon (Red Hat LLC)",
            "Miloslav Trma\u010d",
            "Gerry Seidman",
            "Neil Smith",
            "Ashley Cui",
        ),
        "Alright, so with that, I'm gonna start this meeting today.",
        "Bye, folks!",
        dt.date(2026, 5, 5),
    ),
]


@pytest.mark.parametrize(
    ("name", "fmt", "n_turns", "speakers", "first", "last", "date"),
    CASES,
    ids=[case[0] for case in CASES],
)
def test_real_export_reads_as_its_format(
    shared: Path,
    name: str,
    fmt: str,
    n_turns: int,
    speakers: tuple[str, ...],
    first: str,
    last: str,
    date: dt.date | None,
) -> None:
    (transcript,) = read_path(shared / name)
    assert transcript.format == fmt
    assert len(transcript.turns) == n_turns
    assert transcript.speakers == speakers
    assert transcript.turns[0].text.startswith(first)
    assert transcript.turns[-1].text.endswith(last)
    assert transcript.date == date
    assert [turn.index for turn in transcript.turns] == list(range(n_turns))
    # Roles are decided later, by analyzer.roles.
    assert {turn.role for turn in transcript.turns} == {"unknown"}
    # Consecutive turns never share a named speaker: they would have been merged.
    for before, after in zip(transcript.turns, transcript.turns[1:], strict=False):
        assert before.speaker != after.speaker or before.speaker == "unknown"


@pytest.mark.parametrize(("name", "fmt"), [(case[0], case[1]) for case in CASES])
def test_detection_matches_the_reader(shared: Path, name: str, fmt: str) -> None:
    path = shared / name
    source = SourceFile(str(path), path.read_bytes(), suffix=path.suffix)
    assert detect_format(source) == fmt


def test_zoom_transcript_keeps_the_unattributed_cue_and_says_where(shared: Path) -> None:
    (transcript,) = read_path(shared / "zoom/GMT20240124-202901_Recording.transcript.vtt")
    unknown = [turn for turn in transcript.turns if turn.speaker == "unknown"]
    assert [turn.text for turn in unknown] == ["Hmm."]
    assert unknown[0].line == 193
    assert transcript.warnings == ("line 193: cue has no speaker; attributed to 'unknown'",)
    # NBSP in "90 min" is a plain space after normalisation.
    assert not any("\u00a0" in turn.text for turn in transcript.turns)


def test_zoom_transcript_times_come_from_the_cues(shared: Path) -> None:
    (transcript,) = read_path(shared / "zoom/GMT20240124-202901_Recording.transcript.vtt")
    first = transcript.turns[0]
    assert (first.start, first.end, first.line) == (0.05, 1.79, 5)


def test_teams_unpadded_times_and_overlap(shared: Path) -> None:
    (transcript,) = read_path(shared / "teams/teams_timeframe.vtt")
    yuri, adrian = transcript.turns
    assert (yuri.start, yuri.end) == (0.0, 0.57)
    assert (adrian.start, adrian.end) == (0.21, 1.13)
    assert transcript.warnings == ()  # overlapping speech is normal, not odd


def test_otter_unknown_speaker_is_unattributed(shared: Path) -> None:
    (transcript,) = read_path(shared / "otter/67-cryptography.md")
    assert sum(turn.speaker == "unknown" for turn in transcript.turns) == 4
    assert "Unknown Speaker" not in transcript.speakers
    assert transcript.turns[1].start == 22.0


def test_embedded_transcripts_say_they_were_found_in_a_fence(shared: Path) -> None:
    for name in ("google_meet/podman-cabal-2024-03-19.md", "zoom/podman-cabal-2026-05-05.md"):
        (transcript,) = read_path(shared / name)
        assert any("``` block" in warning for warning in transcript.warnings), name


def test_meet_marker_stamps_the_next_turn(shared: Path) -> None:
    (transcript,) = read_path(shared / "google_meet/podman-cabal-2024-03-19.md")
    timed = [turn for turn in transcript.turns if turn.start is not None]
    assert [(turn.speaker, turn.start) for turn in timed] == [("Paul Holzinger", 300.0)]


def test_zoom_chat_skips_reactions(shared: Path) -> None:
    (transcript,) = read_path(shared / "zoom/GMT20240124-202901_RecordingnewChat.txt")
    assert not any("Reacted to" in turn.text for turn in transcript.turns)
    assert transcript.turns[0].start == 5 * 60 + 16
