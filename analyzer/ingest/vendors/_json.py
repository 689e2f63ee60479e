"""JSON plumbing shared by the vendor readers: sniffing, loading and typed access.

Two jobs, kept apart:

* :func:`json_shape` looks at the first 64 KB of a source and lists the key
  paths it contains (``results.utterances[].speaker``), without needing the
  document to be complete.  Vendor exports are easy to tell apart by their key
  layout, and a sniff must stay cheap and survive a file cut off mid-way.
* :func:`load_json` parses a whole source and wraps it in a :class:`Node`, whose
  accessors raise :class:`~analyzer.errors.ParseError` naming the file and the
  JSON path of the offending value (``$.segments[3].start``), so a malformed
  export is reported where it is broken instead of as a ``KeyError``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from analyzer.errors import CallscoreError, ParseError
from analyzer.ingest.base import SourceFile

#: How much of a source a sniff may look at.
SNIFF_BYTES = 64 * 1024

_SPECIAL = re.compile(r'["{}\[\],:]')
_STRING_BODY = re.compile(r'(?:[^"\\]|\\.)*"', re.DOTALL)


@dataclass(frozen=True, slots=True)
class JsonShape:
    """The key layout of (the start of) a JSON document.

    ``root`` is the kind of the top-level value; ``paths`` holds every key path
    seen, dotted, with ``[]`` for "any element of an array":
    ``{"a": [{"b": 1}]}`` gives ``{"a", "a[].b"}``.
    """

    root: Literal["object", "array"]
    paths: frozenset[str]

    def has(self, *paths: str) -> bool:
        """Whether every one of ``paths`` was seen."""
        return all(p in self.paths for p in paths)

    def has_any(self, *paths: str) -> bool:
        """Whether at least one of ``paths`` was seen."""
        return any(p in self.paths for p in paths)


def head_text(source: SourceFile) -> str | None:
    """The first :data:`SNIFF_BYTES` characters of a text source, or ``None``.

    ``None`` for binary sources (a ``.docx`` is a zip) and for anything the
    decoder rejects: a sniff must never raise, it just declines.
    """
    if source.data.startswith(b"PK\x03\x04"):
        return None
    try:
        return source.text[:SNIFF_BYTES]
    except (CallscoreError, UnicodeError, ValueError):
        return None


def json_shape(source: SourceFile) -> JsonShape | None:
    """The key layout of a source that starts like JSON, else ``None``."""
    head = head_text(source)
    if head is None:
        return None
    return shape_of_text(head)


@lru_cache(maxsize=16)
def shape_of_text(text: str) -> JsonShape | None:
    """Scan JSON text (possibly truncated) and collect its key paths.

    Cached because the detector asks every JSON reader to sniff the same head.
    """
    stripped = text.lstrip()
    if not stripped or stripped[0] not in "{[":
        return None
    root: Literal["object", "array"] = "object" if stripped[0] == "{" else "array"
    return JsonShape(root, frozenset(_scan_paths(stripped)))


def _scan_paths(text: str) -> Iterator[str]:
    # A tolerant scanner: it only tracks nesting and which strings are keys, so it
    # keeps going however the document ends (a cut-off file still shows its layout).
    stack: list[tuple[str, str]] = []  # (container kind, its path)
    expect_key = False
    last_key = ""
    pos = 0
    while True:
        match = _SPECIAL.search(text, pos)
        if match is None:
            return
        char = match.group()
        pos = match.end()
        if char == '"':
            body = _STRING_BODY.match(text, pos)
            if body is None:  # truncated inside a string
                return
            pos = body.end()
            if stack and stack[-1][0] == "{" and expect_key:
                last_key = _unescape(text[match.end() : pos - 1])
                parent = stack[-1][1]
                yield f"{parent}.{last_key}" if parent else last_key
                expect_key = False
        elif char in "{[":
            if not stack:
                path = ""
            elif stack[-1][0] == "{":
                parent = stack[-1][1]
                path = f"{parent}.{last_key}" if parent else last_key
            else:
                path = f"{stack[-1][1]}[]"
            stack.append((char, path))
            expect_key = char == "{"
        elif char in "}]":
            if stack:
                stack.pop()
            expect_key = False
        elif char == ",":
            expect_key = bool(stack) and stack[-1][0] == "{"


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw
    try:
        value = json.loads(f'"{raw}"')
    except ValueError:
        return raw
    return value if isinstance(value, str) else raw


def load_json(source: SourceFile) -> Node:
    """Parse a whole source as JSON; a syntax error names its line and column."""
    try:
        text = source.text
    except UnicodeError as exc:
        raise ParseError(source.path, f"cannot decode the file: {exc}") from exc
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        # Cut mid-string, JSON only notices at the end of the text but reports the string's start.
        truncated = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
        fix = (
            "the file ends mid-document; download or export it again"
            if truncated
            else "check the file is the vendor's JSON export and was not edited by hand"
        )
        raise ParseError(
            source.path,
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            line=exc.lineno,
            fix=fix,
        ) from exc
    return Node(value, "$", source.path)


_KIND_NAMES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    bool: "a boolean",
    int: "a number",
    float: "a number",
    type(None): "null",
}


def kind_of(value: object) -> str:
    """How a JSON value's type reads in an error message."""
    return _KIND_NAMES.get(type(value), type(value).__name__)


@dataclass(frozen=True, slots=True)
class Node:
    """A JSON value plus where it sits, so every complaint can say where.

    ``where`` is a JSON path (``$.results.items[3]``); ``file`` the source path.
    """

    value: object
    where: str
    file: str

    def error(self, message: str, *, fix: str | None = None) -> ParseError:
        """A :class:`ParseError` about this value, naming file and JSON path."""
        return ParseError(self.file, f"at {self.where}: {message}", fix=fix)

    def child(self, key: str | int, value: object) -> Node:
        """A node for a value found under ``key`` of this one."""
        where = f"{self.where}[{key}]" if isinstance(key, int) else f"{self.where}.{key}"
        return Node(value, where, self.file)

    def obj(self) -> dict[str, object]:
        """This value as an object, or a :class:`ParseError`."""
        if not isinstance(self.value, dict):
            raise self.error(f"expected an object, found {kind_of(self.value)}")
        return self.value

    def get(self, key: str) -> Node | None:
        """The member ``key`` of this object; ``None`` when absent or null."""
        value = self.obj().get(key)
        return None if value is None else self.child(key, value)

    def req(self, key: str) -> Node:
        """The member ``key`` of this object; a :class:`ParseError` when absent or null."""
        node = self.get(key)
        if node is None:
            raise self.error(
                f"missing field {key!r}",
                fix="the file does not look like a complete export of this format",
            )
        return node

    def items(self) -> list[Node]:
        """This value as an array of nodes, or a :class:`ParseError`."""
        if not isinstance(self.value, list):
            raise self.error(f"expected an array, found {kind_of(self.value)}")
        return [self.child(i, v) for i, v in enumerate(self.value)]

    def list_of(self, key: str) -> list[Node]:
        """The array member ``key`` (empty when absent or null)."""
        node = self.get(key)
        return [] if node is None else node.items()

    def text(self) -> str:
        """This value as a string, or a :class:`ParseError`."""
        if not isinstance(self.value, str):
            raise self.error(f"expected a string, found {kind_of(self.value)}")
        return self.value

    def label(self) -> str:
        """A string or integer id (speakers, channels) as a string."""
        if isinstance(self.value, bool) or not isinstance(self.value, str | int):
            raise self.error(f"expected a string or integer id, found {kind_of(self.value)}")
        return str(self.value)

    def number(self) -> float:
        """A number, also written as a string (``"1.61"``, as AWS does)."""
        value = self.value
        if isinstance(value, bool):
            raise self.error("expected a number, found a boolean")
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
        raise self.error(f"expected a number, found {kind_of(value)} {value!r:.40}")

    def opt_text(self, key: str) -> str | None:
        """A string member, or ``None`` when absent or null."""
        node = self.get(key)
        return None if node is None else node.text()

    def opt_label(self, key: str) -> str | None:
        """A string-or-integer id member, or ``None`` when absent, null or empty."""
        node = self.get(key)
        if node is None:
            return None
        label = node.label().strip()
        return label or None

    def opt_number(self, key: str) -> float | None:
        """A numeric member, or ``None`` when absent or null."""
        node = self.get(key)
        return None if node is None else node.number()
