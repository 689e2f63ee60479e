"""decode_text and normalise_text: encodings, newlines, binary data, odd spaces."""

from __future__ import annotations

import codecs

import pytest

from analyzer.errors import ParseError
from analyzer.ingest.decode import decode_text, looks_binary, normalise_text

TEXT = "WEBVTT\n\nDana: caf\u00e9 \u2014 ok\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode("utf-8"), TEXT),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), TEXT),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), TEXT),
        (TEXT.replace("\n", "\r\n").encode("utf-8"), TEXT),
        (TEXT.replace("\n", "\r").encode("utf-8"), TEXT),
        (codecs.BOM_UTF16_LE + TEXT.replace("\n", "\r\n").encode("utf-16-le"), TEXT),
        # Not UTF-8: a Windows editor's cp1252 (curly quotes, e acute).
        (b"Dana: \x93caf\xe9\x94\r\n", "Dana: \u201ccaf\u00e9\u201d\n"),
        # Bytes cp1252 leaves undefined still decode (to U+FFFD), never raise.
        (b"Dana: \x81ok", "Dana: \ufffdok"),
        # Tabs and form feeds are text, not binary.
        (b"10:00:01\tDana:\thi\x0c", "10:00:01\tDana:\thi\x0c"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16le-bom",
        "utf16be-bom",
        "crlf",
        "cr",
        "utf16-crlf",
        "cp1252",
        "cp1252-undefined",
        "tabs",
    ],
)
def test_decode_text(data: bytes, expected: str) -> None:
    assert decode_text(data, "x.vtt") == expected


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"PK\x03\x04\x14\x00\x06\x00",  # a zip/docx
        bytes(range(32)) * 4,
        b"WEBVTT\n\x00\n",  # a single NUL is enough
        codecs.BOM_UTF16_LE + b"\x00\xd8",  # lone surrogate behind a UTF-16 BOM
        codecs.BOM_UTF8 + b"ok \xff\xfe",  # a UTF-8 BOM promising UTF-8, then not
    ],
    ids=["png", "zip", "controls", "nul", "utf16-bad", "utf8-bom-bad"],
)
def test_binary_data_is_a_one_line_parse_error(data: bytes) -> None:
    with pytest.raises(ParseError) as info:
        decode_text(data, "calls/x.vtt")
    message = info.value.one_line()
    assert message.startswith("calls/x.vtt: ")
    assert "\n" not in message
    assert "not a binary file" in message


@pytest.mark.parametrize(
    ("data", "binary"),
    [
        (b"", False),
        (b"plain text\n", False),
        (b"caf\xc3\xa9 \xe2\x80\x94", False),
        (b"a\x00b", True),
        (b"x" * 100 + b"\x01" * 4, False),  # under 5 % control characters
        (b"x" * 50 + b"\x01" * 10, True),
    ],
)
def test_looks_binary(data: bytes, binary: bool) -> None:
    assert looks_binary(data) is binary


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("R&amp;D", "R&D"),
        ("&lt;b&gt; &quot;q&quot; &#39;s", '<b> "q" \'s'),
        ("90\u00a0min", "90 min"),
        ("a\u2009b\u202fc\u3000d", "a b c d"),
        ("zero\u200bwidth", "zerowidth"),
        ("  two\n lines\t\there  ", "two lines here"),
        ("&nbsp;padded&nbsp;", "padded"),
        ("", ""),
        # Near misses: text that only looks like it needs cleaning stays as it is.
        ("AT&T", "AT&T"),
        ("5 < 6 & 7 > 3", "5 < 6 & 7 > 3"),
        ("caf\u00e9 \u2014 ok\u2026", "caf\u00e9 \u2014 ok\u2026"),
    ],
)
def test_normalise_text(raw: str, clean: str) -> None:
    assert normalise_text(raw) == clean
