"""Teams .docx transcripts, built here with python-docx.

No openly licensed Teams .docx sample exists (FORMATS.md §2.2), so each
document is made in the test from the two documented layouts: ``Name   0:03``
paragraphs followed by the utterance (same paragraph after a line break, or
the next paragraphs), and the Stream-era ``0:0:5.100 --> 0:0:8.250`` / name /
text triplets.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest
from _vendor_helpers import read_one, scores

from analyzer.errors import ParseError
from analyzer.ingest.base import SourceFile
from analyzer.ingest.registry import get_reader


def build(*paragraphs: str | tuple[str, str]) -> bytes:
    """A .docx; a tuple is one paragraph with a line break between its two parts."""
    document = docx.Document()
    for paragraph in paragraphs:
        if isinstance(paragraph, tuple):
            p = document.add_paragraph()
            p.add_run(paragraph[0]).add_break()
            p.add_run(paragraph[1])
        else:
            document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def source(data: bytes, name: str = "meeting.docx") -> SourceFile:
    return SourceFile(name, data, "." + name.rsplit(".", 1)[-1])


MODERN = build(
    "Acme / Globex intro",
    "March 2, 2026, 10:30AM",
    "12m 4s",
    "Dana Ruiz started transcription",
    "Dana Ruiz   0:03",
    "Thanks for making time.",
    "Shall we start?",
    ("Sam Okafor (External)   1:05", "Just send me some info."),
    "Dana Ruiz\t1:02:07",
    "Sure.",
    "Dana Ruiz stopped transcription",
)

STREAM = build(
    "0:0:5.100 --> 0:0:8.250",
    "Dana Ruiz",
    "Thanks for making time.",
    "0:0:9.0 --> 0:0:12.500",
    "Sam Okafor",
    "Let me think it over.",
    "0:0:13.0 --> 0:0:14.0",
    "Mm-hmm.",
)


def test_modern_layout() -> None:
    call = read_one("teams-docx", source(MODERN))
    assert [(c.speaker, c.text, c.start, c.line) for c in call.cues] == [
        ("Dana Ruiz", "Thanks for making time. Shall we start?", 3.0, 5),
        ("Sam Okafor (External)", "Just send me some info.", 65.0, 8),
        ("Dana Ruiz", "Sure.", 3727.0, 9),
    ]
    assert call.date == dt.date(2026, 3, 2)
    assert call.warnings == ()


def test_stream_era_layout() -> None:
    call = read_one("teams-docx", source(STREAM))
    assert [(c.speaker, c.text, c.start, c.end) for c in call.cues] == [
        ("Dana Ruiz", "Thanks for making time.", 5.1, 8.25),
        ("Sam Okafor", "Let me think it over.", 9.0, 12.5),
        ("unknown", "Mm-hmm.", 13.0, 14.0),  # one line after the times: text, no name
    ]
    assert "1 of 3 entries" in call.warnings[0].message


@pytest.mark.parametrize(
    "paragraph",
    [
        "We met at 10:30 yesterday",  # one space before the time: prose, not a header
        "Dana Ruiz 0:03",
        "0:03",
        "Call ends at   12",  # a number, not a clock time
    ],
)
def test_near_miss_headers_are_not_entries(paragraph: str) -> None:
    with pytest.raises(ParseError, match="no transcript entries found"):
        get_reader("teams-docx").read(source(build("Title", paragraph)))


def test_corrupt_docx_is_a_parse_error() -> None:
    with pytest.raises(ParseError) as caught:
        get_reader("teams-docx").read(source(MODERN[:300]))
    assert caught.value.path == "meeting.docx"
    assert "not a readable Word document" in str(caught.value)


def zip_of(name: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, "x")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "claimed"),
    [
        (MODERN, "meeting.docx", True),
        (MODERN, "meeting.bin", True),  # zip magic + word/document.xml, whatever the name
        (MODERN[:300], "meeting.docx", True),  # truncated: the suffix still says docx
        # near misses
        (zip_of("calls/a.vtt"), "calls.zip", False),  # an archive of transcripts
        (MODERN[:300], "archive.zip", False),
        (b"Dana Ruiz   0:03\nHello\n", "meeting.txt", False),
    ],
)
def test_sniff(data: bytes, name: str, claimed: bool) -> None:
    all_scores = scores(source(data, name))
    docx_score = all_scores.pop("teams-docx")
    assert (docx_score >= 0.2) is claimed
    if claimed:
        assert docx_score > max(all_scores.values())
