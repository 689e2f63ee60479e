"""Bytes to text, and text to clean single-line strings.

Transcript exports arrive in whatever encoding the tool that wrote them
liked: UTF-8 with or without a byte-order mark (Zoom, Otter), UTF-16 with a
BOM (Microsoft Teams downloads), or an old Windows code page (hand-edited
files).  :func:`decode_text` turns any of those into ``str`` with ``\\n``
newlines, and refuses binary data with a one-line :class:`ParseError` so that
nobody ever sees a ``UnicodeDecodeError`` traceback.

:func:`normalise_text` is the one place where cue text is cleaned (entities,
odd spaces, whitespace runs); readers call it on every payload.
"""

from __future__ import annotations

import codecs
import html
import re

from analyzer.errors import ParseError

__all__ = ["decode_text", "looks_binary", "normalise_text"]

# Order matters: the UTF-32 LE BOM starts with the UTF-16 LE BOM.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control characters that never appear in a text transcript (tab, LF, FF and CR
# are allowed).  A handful of them in the first block means the file is binary.
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x20)) | {0x0B, 0x7F}
_SNIFF_BYTES = 8192

_BINARY_FIX = "pass a transcript export (VTT, SRT, text, JSON...), not a binary file"


def looks_binary(data: bytes) -> bool:
    """Whether ``data`` (without a Unicode BOM) looks like a binary file.

    A NUL byte, or more than 5 % control characters in the first 8 KiB, is
    taken as binary.  UTF-16 text without a BOM is full of NULs too; it is
    deliberately treated as binary because no known exporter writes it.
    """
    head = data[:_SNIFF_BYTES]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    return controls / len(head) > 0.05


def _strip_bom(data: bytes) -> tuple[bytes, str | None]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :], encoding
    return data, None


def _binary_error(path: str, what: str) -> ParseError:
    return ParseError(path, f"{what}; this does not look like a text transcript", fix=_BINARY_FIX)


def decode_text(data: bytes, path: str) -> str:
    """Decode a transcript file's bytes to text with ``\\n`` newlines.

    Tries, in order: the encoding named by a byte-order mark (UTF-8, UTF-16
    LE/BE, UTF-32), plain UTF-8, then Windows-1252 (which maps almost every
    byte, so old hand-edited files still read; the few bytes it leaves
    undefined become U+FFFD rather than an error).  CRLF and lone CR become LF.

    Raises:
        ParseError: ``data`` is binary (NUL bytes or many control characters),
            or a BOM promises an encoding the bytes do not follow.
    """
    body, encoding = _strip_bom(data)
    if encoding is not None:
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as exc:
            raise _binary_error(
                path, f"starts with a {encoding} byte-order mark but byte {exc.start} is invalid"
            ) from None
        if "\x00" in text:
            raise _binary_error(path, "contains NUL characters")
    else:
        if looks_binary(body):
            raise _binary_error(path, "contains NUL bytes or control characters")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            # Not UTF-8: the usual culprit is a file saved by a Windows editor.
            text = body.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Every Unicode space separator plus the zero-width characters that editors
# and caption tools sprinkle into names and text.
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060]")
_WHITESPACE_RUN = re.compile(r"\s+")


def normalise_text(s: str) -> str:
    """Clean one piece of cue text or a speaker name.

    Unescapes HTML entities (``&amp;`` -> ``&``, ``&nbsp;`` -> space), turns
    non-breaking and other unusual spaces into plain spaces, drops zero-width
    characters, collapses every whitespace run (newlines included) into one
    space and strips both ends.
    """
    text = html.unescape(s)
    text = _ZERO_WIDTH.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    return _WHITESPACE_RUN.sub(" ", text).strip()
