"""Every real vendor export in the shared fixtures parses, and its shape is pinned.

The files are third-party exports copied byte-exact (``SOURCES.md`` beside
them); they are read in place and never modified.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from _vendor_helpers import FIXTURES, fixture_source, read_one

from analyzer.ingest.turns import cues_to_turns
from analyzer.ingest.vendors.rttm import NO_WORDS_TEXT


@dataclass(frozen=True)
class Expected:
    path: str
    format: str
    cues: int
    turns: int
    speakers: tuple[str, ...]
    first_text: str  # the first cue's text starts with this
    last_text: str  # the last cue's text ends with this
    first_start: float
    last_end: float
    warning: str | None  # a substring of the one expected warning, or None for no warning


CASES = [
    Expected(
        "aws_transcribe/sample_multiple.json",
        "aws-transcribe",
        cues=7,
        turns=6,  # segments 3 and 4 are both spk_0
        speakers=("spk_0", "spk_1"),
        first_text="a quick brown fox jumps over the lazy dog",
        last_text="Pack my box with five dozen liquor jugs.",
        first_start=1.61,
        last_end=34.25,
        warning=None,
    ),
    Expected(
        "aws_transcribe/sample_2channels.json",
        "aws-transcribe",
        cues=3,
        turns=3,  # ch_1's "Yeh" interrupts ch_0
        speakers=("ch_0", "ch_1"),
        first_text="Lorem Ipsum is simply dummy text of the",
        last_text="printing and typesetting",
        first_start=0.0,
        last_end=3.51,
        warning=None,
    ),
    Expected(
        "deepgram/dg_utterances.json",
        "deepgram",
        cues=6,
        turns=6,  # no diarization: unknown cues are never merged
        speakers=("unknown",),
        first_text="Yeah. As as much as, it's worth celebrating,",
        last_text="and didn't get the same opportunities that we have today.",
        first_start=0.08,
        last_end=25.439999,
        warning="no utterances carry a speaker",
    ),
    Expected(
        "assemblyai/assemblyai_utterances.json",
        "assemblyai",
        cues=1,
        turns=1,
        speakers=("Speaker A",),
        first_text="Yeah. As much as it's worth celebrating the first spacewalk",
        last_text="didn't get the same opportunities that we have today.",
        first_start=0.17,  # 170 ms
        last_end=25.14,
        warning=None,
    ),
    Expected(
        "revai/transcript.json",
        "revai",
        cues=2,
        turns=1,  # two monologues of speaker 0
        speakers=("Speaker 0",),
        first_text="Hi, my name's Jack resinger. And I'm gonna be talking about",
        last_text="And if you invest that time, then you know, the dividends pay off.",
        first_start=0.3,
        last_end=106.33,
        warning=None,
    ),
    Expected(
        "whisper/whisper_timestamped.json",
        "whisper",
        cues=4,
        turns=4,
        speakers=("unknown",),
        first_text="Yeah, as much as it's worth celebrating the first spacewalk with an all-female",
        last_text="and didn't get the same opportunities that we have today.",
        first_start=0.12,
        last_end=25.32,
        warning="Whisper output has no speakers",
    ),
    Expected(
        "rttm/sample.rttm",
        "rttm",
        cues=10,
        turns=9,  # lines 8 and 9 are both speaker91
        speakers=("speaker90", "speaker91"),
        first_text=NO_WORDS_TEXT,
        last_text=NO_WORDS_TEXT,
        first_start=6.69,
        last_end=30.0,  # 27.850 + 2.150: field 5 is a duration
        warning="RTTM carries no words",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.path)
def test_fixture_shape(case: Expected) -> None:
    call = read_one(case.format, fixture_source(case.path))
    cues = call.cues
    turns = cues_to_turns(cues).turns

    assert len(cues) == case.cues
    assert len(turns) == case.turns
    assert tuple(dict.fromkeys(c.speaker for c in cues)) == case.speakers
    assert cues[0].text.startswith(case.first_text)
    assert cues[-1].text.endswith(case.last_text)
    assert cues[0].start == pytest.approx(case.first_start)
    assert cues[-1].end == pytest.approx(case.last_end)
    assert cues[0].line == 1
    messages = [w.message for w in call.warnings]
    if case.warning is None:
        assert messages == []
    else:
        assert len(messages) == 1 and case.warning in messages[0]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.path)
def test_fixture_cues_are_clean(case: Expected) -> None:
    """Normalised text, float times in order within a cue, increasing record numbers."""
    cues = read_one(case.format, fixture_source(case.path)).cues
    for cue in cues:
        assert cue.text == " ".join(cue.text.split())
        assert isinstance(cue.start, float) and isinstance(cue.end, float)
        assert cue.start <= cue.end
    lines = [c.line or 0 for c in cues]
    if case.format != "rttm":  # RTTM cues are sorted by onset, lines stay the file's
        assert lines == sorted(lines)


def test_aws_punctuation_attaches_to_the_previous_word() -> None:
    cues = read_one("aws-transcribe", fixture_source("aws_transcribe/sample_multiple.json")).cues
    assert cues[1].text == "jived folks. Nim grabs quick worlds."
    assert all(" ." not in c.text and " ," not in c.text for c in cues)


def test_aws_channels_interleave_by_time() -> None:
    cues = read_one("aws-transcribe", fixture_source("aws_transcribe/sample_2channels.json")).cues
    assert [c.speaker for c in cues] == ["ch_0", "ch_1", "ch_0"]
    assert [c.start for c in cues] == sorted(c.start or 0.0 for c in cues)


def test_rttm_keeps_file_ids_and_overlaps() -> None:
    call = read_one("rttm", fixture_source("rttm/sample.rttm"))
    assert call.call_id == "sample"
    spans = [(c.start or 0.0, c.end or 0.0) for c in call.cues]
    overlapping = [(a, b) for a, b in itertools.pairwise(spans) if b[0] < a[1]]
    assert overlapping, "the fixture's crosstalk (18.050+3.440 vs 18.150+0.440) must survive"


def test_fixture_folder_is_the_shared_one() -> None:
    assert (FIXTURES / "SOURCES.md").is_file()
