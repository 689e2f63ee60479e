"""Shared builders for the vendor reader tests (not a test module)."""

from __future__ import annotations

import json
from pathlib import Path

from analyzer.ingest.base import ParsedCall, SourceFile
from analyzer.ingest.registry import READERS, get_reader

REPO = Path(__file__).resolve().parents[3]
#: The real exports, kept byte-exact outside the repo (see SOURCES.md there).
FIXTURES = REPO.parent / "shared" / "fixtures" / "transcripts"

#: Every format this package reads, by registry name.
VENDOR_FORMATS: tuple[str, ...] = tuple(
    name for name, target in READERS.items() if target.startswith("analyzer.ingest.vendors.")
)


def fixture_source(relative: str) -> SourceFile:
    """A real fixture file as a :class:`SourceFile` (fails loudly if the folder moved)."""
    path = FIXTURES / relative
    assert path.is_file(), f"missing fixture {path}"
    return SourceFile(str(path), path.read_bytes(), path.suffix)


def text_source(text: str, name: str = "call.json") -> SourceFile:
    """A source built in a test from text."""
    return SourceFile(name, text.encode("utf-8"), Path(name).suffix)


def json_source(document: object, name: str = "call.json", *, indent: int | None = 2) -> SourceFile:
    """A source holding ``document`` serialised as JSON."""
    return text_source(json.dumps(document, indent=indent), name)


def read_one(format_name: str, source: SourceFile) -> ParsedCall:
    """Read a source that holds exactly one call."""
    calls = get_reader(format_name).read(source)
    assert len(calls) == 1
    return calls[0]


def scores(source: SourceFile) -> dict[str, float]:
    """Every vendor reader's sniff score for ``source``."""
    return {name: get_reader(name).sniff(source) for name in VENDOR_FORMATS}
