"""Line-oriented formats and VTT/SRT details, as small tables of inputs and outcomes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analyzer.ingest import read_bytes, read_path
from analyzer.model import RoleHint, Transcript

FIXTURES = Path(__file__).parent / "fixtures"


def read_one(text: str, source: str = "call.txt", fmt: str | None = None) -> Transcript:
    (transcript,) = read_bytes(text.encode("utf-8"), source, format=fmt)
    return transcript


def said(transcript: Transcript) -> list[tuple[str, str]]:
    return [(t.speaker, t.text) for t in transcript.turns]


# --- plain text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "speaker", "text", "start"),
    [
        ("Dana Ruiz: Hello.", "Dana Ruiz", "Hello.", None),
        ("[00:01:02] Dana Ruiz: Hello.", "Dana Ruiz", "Hello.", 62.0),
        ("[01:02] Dana Ruiz: Hello.", "Dana Ruiz", "Hello.", 62.0),
        ("(01:02) Dana Ruiz: Hello.", "Dana Ruiz", "Hello.", 62.0),
        ("00:01:02 Dana Ruiz: Hello.", "Dana Ruiz", "Hello.", 62.0),
        ("00:01:02 - Dana Ruiz: Hello.", "Dana Ruiz", "Hello.", 62.0),
        ("Dana Ruiz [00:01:02]: Hello.", "Dana Ruiz", "Hello.", 62.0),
        ("Dana Ruiz (01:02): Hello.", "Dana Ruiz", "Hello.", 62.0),
        ("Dana Ruiz 01:02: Hello.", "Dana Ruiz", "Hello.", 62.0),
        ("**Dana Ruiz:** Hello.", "Dana Ruiz", "Hello.", None),
        ("**Dana Ruiz**: Hello.", "Dana Ruiz", "Hello.", None),
        (
            "Dana Ruiz: The meeting is at 12:30: fine.",
            "Dana Ruiz",
            "The meeting is at 12:30: fine.",
            None,
        ),
    ],
)
def test_plain_text_turn_lines(line: str, speaker: str, text: str, start: float | None) -> None:
    transcript = read_one(f"{line}\nSam Okafor: Ok.\n", fmt="text")
    first = transcript.turns[0]
    assert (first.speaker, first.text, first.start) == (speaker, text, start)
    assert transcript.speakers == (speaker, "Sam Okafor")


def test_plain_text_continuation_lines_belong_to_the_turn_above() -> None:
    transcript = read_one(
        "Dana Ruiz: First line\nsecond line\n\nthird, after a blank.\n"
        "Sam Okafor: Note: this is not a speaker.\nExample: neither is this.\n"
    )
    assert said(transcript) == [
        ("Dana Ruiz", "First line second line third, after a blank."),
        ("Sam Okafor", "Note: this is not a speaker. Example: neither is this."),
    ]
    assert [t.line for t in transcript.turns] == [1, 5]


def test_plain_text_header_convention() -> None:
    transcript = read_one(
        "# exported by hand\n"
        "TITLE: Acme renewal\n"
        "date: 2026-03-02\n"
        "Call ID: acme-017\n"
        "Sellers: Dana Ruiz, Lee Park\n"
        "Prospect: Sam Okafor\n"
        "\n"
        "Dana Ruiz: Shall we start?\n"
        "Sam Okafor: Yes.\n"
        "Date: this line is a turn now, not the header.\n"
        "Date: and again.\n"
    )
    assert transcript.date == dt.date(2026, 3, 2)
    assert transcript.call_id == "acme-017"
    assert transcript.role_hints == (
        RoleHint("Dana Ruiz", "seller", "file header", 85),
        RoleHint("Lee Park", "seller", "file header", 85),
        RoleHint("Sam Okafor", "prospect", "file header", 85),
    )
    assert transcript.speakers == ("Dana Ruiz", "Sam Okafor", "Date")


@pytest.mark.parametrize(
    ("header", "date"),
    [
        ("Date: 2026-03-02", dt.date(2026, 3, 2)),
        ("Date: March 2, 2026", dt.date(2026, 3, 2)),
        ("Date: 2 March 2026", dt.date(2026, 3, 2)),
        ("# Call with Acme 2026-03-02", dt.date(2026, 3, 2)),
        ("Title: Acme sync, Mar 2 2026", dt.date(2026, 3, 2)),
        # Near misses: no usable date.
        ("Date: 02/03/2026", None),
        ("Date: 2026-02-30", None),
        ("# Call with Acme", None),
    ],
)
def test_plain_text_header_dates(header: str, date: dt.date | None) -> None:
    transcript = read_one(f"{header}\nDana Ruiz: Hi.\nSam Okafor: Hello.\n", source="<stdin>")
    assert transcript.date == date


def test_unreadable_header_date_is_a_warning_with_its_line() -> None:
    transcript = read_one("Title: x\nDate: next Tuesday\nDana Ruiz: Hi.\nSam Okafor: Hey.\n")
    assert transcript.warnings == ("line 2: cannot read the date 'next Tuesday'",)


def test_text_before_the_first_speaker_is_unknown_with_a_warning() -> None:
    transcript = read_one("Weekly sync\nDana Ruiz: Hi.\nSam Okafor: Hey.\n", fmt="text")
    assert said(transcript)[0] == ("unknown", "Weekly sync")
    assert transcript.warnings[0].startswith("line 1: text before the first 'Name: text' line")


def test_text_without_any_speaker_is_one_unknown_turn() -> None:
    transcript = read_one("just some prose\nmore prose\n", fmt="text")
    assert said(transcript) == [("unknown", "just some prose more prose")]
    assert "no 'Name: text' lines" in transcript.warnings[-1]


def test_time_only_line_stamps_the_next_turn() -> None:
    transcript = read_one("Dana Ruiz: Hi.\n[00:05:00]\nSam Okafor: Hello.\n", fmt="text")
    assert [t.start for t in transcript.turns] == [None, 300.0]


# --- Google Meet ----------------------------------------------------------------------------


def test_meet_export_skips_boilerplate_and_dates_from_the_title() -> None:
    (transcript,) = read_path(FIXTURES / "meet_export.txt")
    assert transcript.format == "google-meet"
    assert transcript.date == dt.date(2026, 3, 4)
    assert said(transcript) == [
        ("Dana Ruiz", "Thanks for joining. Today I'd like to cover pricing\u2026"),
        ("Sam Okafor", "Sounds good. Note: we have a hard stop at three."),
        ("Dana Ruiz", "Great. So the annual plan is 20 seats. Any questions?"),
    ]
    assert transcript.turns[2].start == 300.0
    assert transcript.warnings == ()


def test_meet_markdown_variant() -> None:
    (transcript,) = read_path(FIXTURES / "meet_export.md")
    assert transcript.format == "google-meet"
    assert transcript.date == dt.date(2026, 3, 4)
    assert said(transcript) == [
        ("Dana Ruiz", "Thanks for joining."),
        ("Sam Okafor", "Happy to."),
        ("Dana Ruiz", "Let's look at the numbers."),
    ]
    assert transcript.turns[2].start == 300.0


def test_fenced_transcript_in_notes_is_found() -> None:
    notes = (
        "# Acme call notes\n## March 9, 2026\n\nSome notes: not a transcript.\n\n"
        "```\nNone\n```\n\n### Transcript\n\n```\n"
        "Dana Ruiz: Hi Sam.\nSam Okafor: Hi Dana.\n00:05:00\nDana Ruiz: Bye.\n```\n"
        "More notes after it.\n"
    )
    transcript = read_one(notes, source="notes.md")
    assert transcript.format == "google-meet"
    assert transcript.date == dt.date(2026, 3, 9)
    assert said(transcript) == [
        ("Dana Ruiz", "Hi Sam."),
        ("Sam Okafor", "Hi Dana."),
        ("Dana Ruiz", "Bye."),
    ]
    assert transcript.turns[0].line == 13
    assert transcript.warnings[0].startswith("line 12: read the transcript inside the ``` block")


# --- Otter ----------------------------------------------------------------------------------


def test_otter_export() -> None:
    (transcript,) = read_path(FIXTURES / "otter_unknown.txt")
    assert transcript.format == "otter"
    assert [(t.speaker, t.text, t.start) for t in transcript.turns] == [
        ("Dana Ruiz", "Thanks for joining, everyone.", 0.0),
        ("unknown", "Hello?", 4.0),
        ("Sam Okafor", "Sorry, I was on mute.", 3723.0),
    ]


# --- Zoom chat ------------------------------------------------------------------------------


def test_zoom_chat_older_from_to_shape_with_a_multi_line_message() -> None:
    (transcript,) = read_path(FIXTURES / "zoom_chat_old.txt")
    assert transcript.format == "zoom-chat"
    assert said(transcript) == [
        ("Dana Ruiz", "Here is the deck: https://example.com/deck"),
        (
            "Sam Okafor",
            "Thanks! Can you send the pricing too? It should include the annual option.",
        ),
    ]
    assert transcript.turns[0].start == 10 * 3600 + 2 * 60 + 11


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ('00:12:02\tDr. Melissa Ko:\tReacted to "Lots of engagement c..." with \U0001f44d', False),
        ('00:12:02\tDr. Melissa Ko:\tRemoved a \U0001f44d reaction from "Lots of..."', False),
        ("00:12:02\tDr. Melissa Ko:\tI reacted to the news badly", True),
    ],
)
def test_zoom_chat_reactions_are_not_speech(line: str, kept: bool) -> None:
    transcript = read_one(f"00:12:00\tRyan Sloan:\tHello\n{line}\n", fmt="zoom-chat")
    assert (len(transcript.turns) == 2) is kept


# --- VTT / SRT details ----------------------------------------------------------------------


def test_teams_parts_of_one_utterance_keep_the_speaker() -> None:
    (transcript,) = read_path(FIXTURES / "entities_teams.vtt")
    dana = transcript.turns[0]
    assert dana.text.endswith("and the third part")
    assert (dana.start, dana.end) == (0.0, 3.0)


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("<v Dana Ruiz>Hello</v>", [("Dana Ruiz", "Hello")]),
        ("<v.loud.x Dana Ruiz>Hello", [("Dana Ruiz", "Hello")]),
        ("<v Dana Ruiz><i>Hello</i> &amp; bye</v>", [("Dana Ruiz", "Hello & bye")]),
        ("<v Dana>Hi</v><v Sam>Yo</v>", [("Dana", "Hi"), ("Sam", "Yo")]),
        ("<c.yellow>Dana Ruiz: Hi</c>", [("Dana Ruiz", "Hi")]),
        ("Dana Ruiz: <00:00:01.500>Hi", [("Dana Ruiz", "Hi")]),
        ("Dana Ruiz: 5 &lt; 6", [("Dana Ruiz", "5 < 6")]),
    ],
)
def test_vtt_payload_markup(payload: str, expected: list[tuple[str, str]]) -> None:
    text = f"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n{payload}\n"
    assert said(read_one(text, source="x.vtt")) == expected


def test_vtt_without_header_reads_with_a_warning() -> None:
    text = (
        "00:00:00.000 --> 00:00:01.000\nDana Ruiz: Hi\n\n"
        "00:00:01.000 --> 00:00:02.000\nSam Okafor: Yo\n"
    )
    transcript = read_one(text, source="x.vtt")
    assert transcript.format == "zoom-vtt"
    assert transcript.warnings == ("line 1: missing the WEBVTT header line",)


def test_vtt_bad_timing_keeps_the_text_and_warns() -> None:
    text = "WEBVTT\n\n1\n00:00:xx --> 00:00:01.000\nDana Ruiz: Hi\n"
    transcript = read_one(text, source="x.vtt", fmt="zoom-vtt")
    assert said(transcript) == [("Dana Ruiz", "Hi")]
    assert transcript.turns[0].start is None
    assert transcript.warnings[0].startswith("line 4: cannot read the cue timing")


@pytest.mark.parametrize(
    "text",
    [
        "1\n00:00:01,000 --> 00:00:02,000\nDana Ruiz: Hi\n\n"
        "2\n00:00:02,500 --> 00:00:03,000\nSam Okafor: Yo",
        "1\r\n00:00:01.000 --> 00:00:02.000\r\nDana Ruiz: Hi\r\n\r\n\r\n"
        "00:00:02.500 --> 00:00:03.000\r\nSam Okafor: Yo\r\n",
        "1\n00:00:01,000 --> 00:00:02,000\n<i>Dana Ruiz: Hi</i>\n\n"
        "2\n00:00:02,500 --> 00:00:03,000\n{\\an8}Sam Okafor: Yo\n",
    ],
    ids=["no-trailing-newline", "dot-millis-crlf-missing-index", "tags"],
)
def test_srt_variants(text: str) -> None:
    transcript = read_one(text, source="x.srt")
    assert transcript.format == "srt"
    assert said(transcript) == [("Dana Ruiz", "Hi"), ("Sam Okafor", "Yo")]
    assert [(t.start, t.end) for t in transcript.turns] == [(1.0, 2.0), (2.5, 3.0)]


def test_srt_dialogue_dashes_are_separate_unattributed_cues() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\n- Are you coming?\n- Yes.\n"
    transcript = read_one(text, source="x.srt")
    assert said(transcript) == [("unknown", "Are you coming?"), ("unknown", "Yes.")]
