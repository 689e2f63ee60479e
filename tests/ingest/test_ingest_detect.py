"""Content probes: dates, Markdown fences, and format detection across readers."""

from __future__ import annotations

import datetime as dt

import pytest

from analyzer.errors import ParseError
from analyzer.ingest.base import SourceFile
from analyzer.ingest.detect import date_in_name, detect_format, fenced_blocks, find_date


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2026-03-02", dt.date(2026, 3, 2)),
        ("on 2026/3/2 at noon", dt.date(2026, 3, 2)),
        ("## Mar 19, 2024 11:00 a.m. Eastern", dt.date(2024, 3, 19)),
        ("Tuesday, March 19th, 2024", dt.date(2024, 3, 19)),
        ("19 March 2024", dt.date(2024, 3, 19)),
        ("Sept. 3, 2025", dt.date(2025, 9, 3)),
        ("sync (2024-03-14 14:12 GMT+1) - Transcript", dt.date(2024, 3, 14)),
        ("first March 2, 2026 then 2026-04-01", dt.date(2026, 3, 2)),
        # Near misses.
        ("2026-02-30", None),
        ("02/03/2026", None),
        ("Podman 6.0 in May", None),
        ("version 12026-03-021", None),
        ("", None),
    ],
)
def test_find_date(text: str, date: dt.date | None) -> None:
    assert find_date(text) == date


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("GMT20240124-202901_Recording.cc.vtt", dt.date(2024, 1, 24)),
        ("/calls/2026/acme-2026-03-02.vtt", dt.date(2026, 3, 2)),
        ("calls/2026-03-02/notes.txt", None),  # only the file name counts
        ("20241399.vtt", None),
    ],
)
def test_date_in_name(name: str, date: dt.date | None) -> None:
    assert date_in_name(name) == date


def test_fenced_blocks() -> None:
    text = "intro\n```\na\nb\n```\nmiddle\n ~~~md\nc\n~~~\n```\nunclosed\n"
    blocks = fenced_blocks(text)
    assert [(b.fence_line, b.first_line, b.lines) for b in blocks] == [
        (2, 3, ("a", "b")),
        (7, 8, ("c",)),
        (10, 11, ("unclosed", "")),
    ]


def test_fence_closers_must_match_the_opener() -> None:
    (block,) = fenced_blocks("````\n```\ninner\n```\n````\n")
    assert block.lines == ("```", "inner", "```")


SAMPLES = {
    "zoom-vtt": ("a.vtt", "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nDana Ruiz: Hi\n"),
    "teams-vtt": ("a.vtt", "WEBVTT\n\n0:0:1.0 --> 0:0:2.0\n<v Dana Ruiz>Hi</v>\n"),
    "vtt": ("a.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nsome caption\n"),
    "srt": ("a.txt", "1\n00:00:01,000 --> 00:00:02,000\nhello\n"),
    "otter": ("a.txt", "Dana Ruiz  0:00  \nHi.\n\nSam Okafor  0:04  \nHello.\n"),
    "google-meet": (
        "a.txt",
        "Sync (2026-03-02 10:00 GMT) - Transcript\nAttendees\nDana, Sam\nTranscript\n"
        "Dana: Hi\nSam: Yo\n",
    ),
    "zoom-chat": ("a.txt", "00:00:01\tDana Ruiz:\tHi\n00:00:02\tSam Okafor:\tYo\n"),
    "text": ("a.txt", "Dana Ruiz: Hi\nSam Okafor: Yo\n"),
    "gold-jsonl": ("a.jsonl", '{"id": "x", "turns": [{"speaker": "S", "text": "t"}]}\n'),
}


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
def test_detect_format_by_content(fmt: str) -> None:
    name, text = SAMPLES[fmt]
    source = SourceFile(name, text.encode("utf-8"), suffix=name[name.rfind(".") :])
    assert detect_format(source) == fmt


def test_plain_text_starting_with_a_bracketed_stamp_is_detected() -> None:
    data = b"[00:00:05] Dana Ruiz: Hi.\n[00:00:09] Sam Okafor: Hello.\n"
    assert detect_format(SourceFile("<stdin>", data)) == "text"


@pytest.mark.parametrize("fmt", ["zoom-vtt", "text", "zoom-chat", "otter"])
def test_detection_does_not_depend_on_the_extension(fmt: str) -> None:
    _, text = SAMPLES[fmt]
    assert detect_format(SourceFile("<stdin>", text.encode("utf-8"))) == fmt


def test_nothing_fits_lists_the_choices() -> None:
    with pytest.raises(ParseError) as info:
        detect_format(SourceFile("x.log", b"2026-03-02 INFO started\n2026-03-02 INFO done\n"))
    message = info.value.one_line()
    assert message.startswith("x.log: could not tell which transcript format this is")
    assert "--format" in message and "google-meet" in message
