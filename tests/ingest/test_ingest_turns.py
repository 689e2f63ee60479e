"""Cue-building helpers and cues_to_turns."""

from __future__ import annotations

import pytest

from analyzer.ingest.turns import (
    UNKNOWN_SPEAKER,
    SpeakerPrefixes,
    cues_to_turns,
    looks_like_name,
    parse_clock,
    split_name_suffix,
    split_speaker_prefix,
)
from analyzer.model import Cue


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("00:00:01.500", 1.5),
        ("01:02:03.004", 3723.004),
        ("0:0:0.0", 0.0),
        ("0:0:5.1", 5.1),
        ("0:0:5.01", 5.01),
        ("00:00:01,500", 1.5),
        ("12:34", 754.0),
        ("1:02:03", 3723.0),
        ("02:03.250", 123.25),
        (" 00:00:02.000 ", 2.0),
        ("100:00:00", 360000.0),
        # Near misses.
        ("12:75", None),
        ("00:61:00", None),
        ("1.5", None),
        ("12", None),
        ("00:00:01.", None),
        ("aa:bb", None),
        ("", None),
    ],
)
def test_parse_clock(text: str, seconds: float | None) -> None:
    assert parse_clock(text) == (pytest.approx(seconds) if seconds is not None else None)


@pytest.mark.parametrize(
    ("line", "name", "rest"),
    [
        ("Dana Ruiz: Hello there", "Dana Ruiz", "Hello there"),
        ("Dr. Melissa Ko: and I'll walk through", "Dr. Melissa Ko", "and I'll walk through"),
        ("Tom Sweeney (Red Hat LLC): Alright", "Tom Sweeney (Red Hat LLC)", "Alright"),
        ("Jane Doe (She/Her): Hi", "Jane Doe (She/Her)", "Hi"),
        ("Speaker 1: okay", "Speaker 1", "okay"),
        ("Miloslav Trma\u010d: Yes.", "Miloslav Trma\u010d", "Yes."),
        ("Dana: Note: we stop at 3", "Dana", "Note: we stop at 3"),
        ("Dana:", "Dana", ""),
        # Near misses: colons that do not end a name.
        ("Meet me at 12:30 tomorrow", None, "Meet me at 12:30 tomorrow"),
        ("See https://example.com: it's there", None, "See https://example.com: it's there"),
        ("So, here's the thing: we need it", None, "So, here's the thing: we need it"),
        ("Really? Yes: fine", None, "Really? Yes: fine"),
        ("no colon at all", None, "no colon at all"),
        (": leading colon", None, ": leading colon"),
        ("x" * 61 + ": too long", None, "x" * 61 + ": too long"),
    ],
)
def test_split_speaker_prefix(line: str, name: str | None, rest: str) -> None:
    assert split_speaker_prefix(line) == (name, rest)


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("Dana Ruiz", True),
        ("Ludwig van Beethoven", True),
        ("Speaker 2", True),
        ("Dr. Melissa Ko", True),
        ("Note", False),
        ("Next steps", False),
        ("Example", False),
        ("the plan", False),
        ("One Two Three Four Five", False),
        ("12", False),
    ],
)
def test_looks_like_name(prefix: str, expected: bool) -> None:
    assert looks_like_name(prefix) is expected


def test_speaker_prefixes_accept_repeated_prefixes_and_proper_names() -> None:
    texts = [
        "host: welcome",  # lower-case, but seen twice: a speaker
        "Dana Ruiz: hi",  # once, but reads as a name
        "host: let's start",
        "Note: this was recorded",  # once, and a prose label
        "so basically: it works",  # once, lower-case prose
    ]
    prefixes = SpeakerPrefixes.from_texts(texts, known=["Sam"])
    assert prefixes.names == frozenset({"host", "Dana Ruiz", "Sam"})
    assert prefixes.split("Note: this was recorded") == (None, "Note: this was recorded")
    assert prefixes.split("host: welcome") == ("host", "welcome")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sam Okafor (External)", ("Sam Okafor", "External")),
        ("Sam Okafor (guest)", ("Sam Okafor", "Guest")),
        ("Sam Okafor  (EXTERNAL) ", ("Sam Okafor", "External")),
        # Near misses: other parentheses are part of the name.
        ("Tom Sweeney (Red Hat LLC)", ("Tom Sweeney (Red Hat LLC)", None)),
        ("External Affairs Team", ("External Affairs Team", None)),
        ("(External)", ("(External)", None)),
        ("Sam (External) Okafor", ("Sam (External) Okafor", None)),
    ],
)
def test_split_name_suffix(name: str, expected: tuple[str, str | None]) -> None:
    assert split_name_suffix(name) == expected


def cue(speaker: str | None, text: str, start: float | None = None, **kw: object) -> Cue:
    end = kw.pop("end", None if start is None else start + 1)
    return Cue(speaker, text, start, end, **kw)  # type: ignore[arg-type]


def test_consecutive_cues_of_one_speaker_merge() -> None:
    built = cues_to_turns(
        [
            cue("Dana", "Hello", 0.0, line=3),
            cue("Dana", "there.", 1.5, end=2.0, line=7),
            cue("Sam", "Hi.", 3.0, line=11),
            cue("Dana", "So.", 5.0, line=15),
        ]
    )
    assert [(t.index, t.speaker, t.text) for t in built.turns] == [
        (0, "Dana", "Hello there."),
        (1, "Sam", "Hi."),
        (2, "Dana", "So."),
    ]
    merged = built.turns[0]
    assert (merged.start, merged.end, merged.line) == (0.0, 2.0, 3)
    assert built.warnings == ()


def test_unknown_speakers_are_never_merged_or_guessed() -> None:
    built = cues_to_turns([cue(None, "Hmm."), cue("", "Yes."), cue("  ", "Right.")])
    assert [(t.speaker, t.text) for t in built.turns] == [
        (UNKNOWN_SPEAKER, "Hmm."),
        (UNKNOWN_SPEAKER, "Yes."),
        (UNKNOWN_SPEAKER, "Right."),
    ]


def test_empty_cues_are_dropped_and_do_not_split_a_turn() -> None:
    built = cues_to_turns([cue("Dana", "One"), cue("Sam", "   "), cue("Dana", "two")])
    assert [(t.speaker, t.text) for t in built.turns] == [("Dana", "One two")]


def test_out_of_order_cues_stay_in_file_order_with_a_warning() -> None:
    built = cues_to_turns(
        [cue("Dana", "a", 10.0, line=1), cue("Sam", "b", 5.0, line=5), cue("Dana", "c", 12.0)]
    )
    assert [t.text for t in built.turns] == ["a", "b", "c"]
    (warning,) = built.warnings
    assert warning.line == 5
    assert "before the previous cue" in warning.message


def test_overlapping_cues_are_kept_silently() -> None:
    built = cues_to_turns(
        [cue("Dana", "a", 0.0, end=4.0), cue("Sam", "b", 3.0, end=5.0), cue("Dana", "c", 4.5)]
    )
    assert len(built.turns) == 3
    assert built.warnings == ()


def test_equal_start_times_are_not_out_of_order() -> None:
    built = cues_to_turns([cue("Sam", "Yes.", 3.0), cue("Lee", "No!", 3.0)])
    assert built.warnings == ()


def test_gold_labelled_cues_are_turns_already() -> None:
    built = cues_to_turns(
        [
            cue("Sam", "Just send me some info.", labels=("stall",)),
            cue("Sam", "Thanks.", labels=()),
            cue("Sam", "Bye.", labels=None),
        ]
    )
    assert [(t.text, t.gold_labels) for t in built.turns] == [
        ("Just send me some info.", ("stall",)),
        ("Thanks.", ()),
        ("Bye.", None),
    ]


def test_merge_false_keeps_every_cue() -> None:
    built = cues_to_turns([cue("Dana", "a"), cue("Dana", "b")], merge=False)
    assert [t.text for t in built.turns] == ["a", "b"]


def test_unknown_gold_labels_are_dropped_with_a_warning() -> None:
    built = cues_to_turns([cue("Sam", "Maybe.", labels=("stall", "maybe"), line=4)])
    assert built.turns[0].gold_labels == ("stall",)
    (warning,) = built.warnings
    assert "maybe" in warning.message
    assert warning.line == 4


def test_roles_are_not_assigned_here() -> None:
    built = cues_to_turns([cue("Dana", "Hi.", role="seller")])
    assert built.turns[0].role == "unknown"
