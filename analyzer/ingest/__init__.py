"""Reading transcripts: the only code that opens transcript files.

>>> from analyzer.ingest import read_path
>>> calls = read_path("calls/acme-2026-03-02.vtt")        # doctest: +SKIP

:func:`read_path` and :func:`read_bytes` detect the format (or take the one
named), let its reader parse the source into cues, and turn every parsed
call into a :class:`~analyzer.model.Transcript`:

* cue speakers are cleaned, and an ``(External)``/``(Guest)`` tag is removed
  from a name and kept as a weak prospect :class:`~analyzer.model.RoleHint`;
* cues become turns (:func:`analyzer.ingest.turns.cues_to_turns`);
  labelled data keeps its turns as they are;
* roles written in the input (gold ``role``, a vendor's ``Cue.role``) become
  role hints (``"gold role"``, strength 95; ``"<format> role"``, 80), never
  turn roles: :mod:`analyzer.roles` decides roles for every format the same way;
* a call without a date takes one written in the file name
  (``acme-2026-03-02.vtt``, Zoom's ``GMT20240124-...``);
* survivable oddities are kept as ``"line N: message"`` warnings, or, with
  ``strict=True``, the first one raises :class:`~analyzer.errors.ParseError`.

Empty, header-only, binary and oversized inputs are refused with a one-line
error that says how to fix it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from analyzer.errors import InputError, ParseError, UsageError
from analyzer.ingest.base import IngestWarning, ParsedCall, SourceFile
from analyzer.ingest.decode import normalise_text
from analyzer.ingest.detect import date_in_name, detect_format
from analyzer.ingest.registry import READERS, get_reader
from analyzer.ingest.turns import cues_to_turns, split_name_suffix
from analyzer.model import Cue, RoleHint, Transcript

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMAT_NAMES",
    "GOLD_ROLE_STRENGTH",
    "NAME_SUFFIX_STRENGTH",
    "SOURCE_ROLE_STRENGTH",
    "detect_format",
    "read_bytes",
    "read_path",
    "to_transcripts",
]

#: Every format name ``--format`` accepts, in registry order.
FORMAT_NAMES: tuple[str, ...] = tuple(READERS)

#: Files above this size are refused unless the caller raises the limit (``--max-bytes``).
DEFAULT_MAX_BYTES = 50_000_000

#: Strength of a role written in labelled data: above everything but the user's ``--seller``.
GOLD_ROLE_STRENGTH = 95
#: Strength of a role another format writes on its cues (vendor metadata such as AWS Call
#: Analytics' AGENT/CUSTOMER): below a roster file and a transcript header.
SOURCE_ROLE_STRENGTH = 80
#: Strength of an ``(External)``/``(Guest)`` name tag: a weak hint.
NAME_SUFFIX_STRENGTH = 30

# Formats whose records are turns already (labelled data): never merge them, or turn
# indices would drift from the annotation.
_UNMERGED_FORMATS = frozenset({"gold-jsonl"})


def read_path(
    path: str | Path,
    *,
    format: str | None = None,
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Transcript]:
    """Read the transcript file at ``path`` (one transcript, or several for labelled JSONL).

    The size is checked before anything is read, so a huge file costs nothing.

    Raises:
        InputError: the file is missing, a folder, unreadable or over ``max_bytes``.
        ParseError: the content is empty, binary, of no known format, or invalid
            (or, with ``strict``, odd).
        UsageError: ``format`` is not one of :data:`FORMAT_NAMES`.
    """
    name = str(path)
    file = Path(path)
    try:
        size = file.stat().st_size
    except FileNotFoundError:
        raise InputError(name, "no such file", fix="check the path") from None
    except OSError as exc:
        raise InputError(name, f"cannot read it ({exc.strerror})", fix="check the path") from None
    if file.is_dir():
        raise InputError(name, "is a folder", fix="give transcript files, or use `callscore batch`")
    _check_size(name, size, max_bytes)
    try:
        with file.open("rb") as handle:
            # Read one byte past the limit: a file that grew after stat() is still caught.
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(
            name, f"cannot read it ({exc.strerror})", fix="check the file's permissions"
        ) from None
    _check_size(name, len(data), max_bytes)
    return read_bytes(data, name, format=format, strict=strict, max_bytes=max_bytes)


def read_bytes(
    data: bytes,
    source: str,
    *,
    format: str | None = None,
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Transcript]:
    """Read a transcript held in memory; ``source`` names it in messages (``"<stdin>"``).

    The extension of ``source`` helps detection; archive members can pass
    ``"calls.zip:acme.vtt"``.  Raises the same errors as :func:`read_path`.
    """
    _check_size(source, len(data), max_bytes)
    file = SourceFile(source, data, suffix=Path(source.split(":")[-1]).suffix.lower())
    if _is_blank(file):
        raise ParseError(
            source, "the file is empty", fix="export the transcript again; the file has no text"
        )
    if format is None:
        fmt = detect_format(file)
    elif format in READERS:
        fmt = format
    else:
        raise UsageError(f"unknown format {format!r}", fix=f"use one of: {', '.join(FORMAT_NAMES)}")
    try:
        reader = get_reader(fmt)
    except ModuleNotFoundError:
        raise UsageError(
            f"format {fmt!r} is not available in this installation",
            fix="leave out --format to detect the format, or update callscore",
        ) from None
    calls = reader.read(file)
    return to_transcripts(calls, source=source, format=fmt, strict=strict)


def _is_blank(file: SourceFile) -> bool:
    """No bytes, or text that is only whitespace (after any byte-order mark)."""
    if not file.data.strip():
        return True
    try:
        return not file.text.strip()
    except ParseError:
        return False  # binary: detection decides whether a binary format claims it


def _check_size(name: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputError(
            name,
            f"the file is {size:,} bytes, over the {max_bytes:,}-byte limit",
            fix="raise the limit with --max-bytes if this really is one transcript",
        )


def to_transcripts(
    calls: list[ParsedCall], *, source: str, format: str, strict: bool = False
) -> list[Transcript]:
    """Turn a reader's parsed calls into transcripts (see the module docstring).

    Exposed so that code holding parsed calls (tests, archive readers) builds
    transcripts exactly as :func:`read_bytes` does.
    """
    single = len(calls) == 1 and format not in _UNMERGED_FORMATS
    return [
        _transcript(call, source=source, format=format, strict=strict, name_date=single)
        for call in calls
    ]


def _clean_cues(call: ParsedCall, format: str) -> tuple[list[Cue], list[RoleHint]]:
    """Cues with clean speaker names, plus the hints their names and roles carry."""
    cues: list[Cue] = []
    hints: dict[tuple[str, str, str], RoleHint] = {}
    gold = format in _UNMERGED_FORMATS
    role_source = "gold role" if gold else f"{format} role"
    role_strength = GOLD_ROLE_STRENGTH if gold else SOURCE_ROLE_STRENGTH
    for cue in call.cues:
        speaker = normalise_text(cue.speaker) if cue.speaker else ""
        if speaker:
            speaker, tag = split_name_suffix(speaker)
            if tag is not None:
                source = f"name suffix ({tag})"
                hints.setdefault(
                    (speaker, "prospect", source),
                    RoleHint(speaker, "prospect", source, NAME_SUFFIX_STRENGTH),
                )
        if speaker and cue.role is not None and cue.role != "unknown":
            hints.setdefault(
                (speaker, cue.role, role_source),
                RoleHint(speaker, cue.role, role_source, role_strength),
            )
        cues.append(dataclasses.replace(cue, speaker=speaker or None))
    return cues, list(hints.values())


def _conflicting_roles(hints: list[RoleHint]) -> list[IngestWarning]:
    """One speaker given two roles by the input itself (an annotation slip)."""
    roles: dict[str, set[str]] = {}
    for hint in hints:
        if hint.source.endswith(" role"):
            roles.setdefault(hint.speaker, set()).add(hint.role)
    return [
        IngestWarning(f"speaker {speaker!r} has the roles {' and '.join(sorted(found))}")
        for speaker, found in roles.items()
        if len(found) > 1
    ]


def _transcript(
    call: ParsedCall, *, source: str, format: str, strict: bool, name_date: bool
) -> Transcript:
    cues, hints = _clean_cues(call, format)
    built = cues_to_turns(cues, merge=format not in _UNMERGED_FORMATS)
    first_line = next((c.line for c in call.cues if c.line is not None), None)
    warnings = [*call.warnings, *_conflicting_roles(hints), *built.warnings]
    if strict and warnings:
        first = warnings[0]
        raise ParseError(
            source,
            first.message,
            line=first.line,
            fix=first.fix or "fix the file, or read it without --strict",
        )
    if not built.turns:
        raise ParseError(
            source,
            "no speech found: the file has no transcript turns"
            + (f" (call {call.call_id})" if call.call_id else ""),
            line=first_line,
            fix="check that the export finished and is a transcript, not just a header",
        )
    date = call.date
    if date is None and name_date:
        date = date_in_name(source)
    return Transcript(
        source=source,
        format=format,
        turns=built.turns,
        date=date,
        call_id=call.call_id,
        role_hints=(*call.role_hints, *hints),
        warnings=tuple(_warning_text(w) for w in warnings),
        gold=call.gold,
        speaker_emails=call.speaker_emails,
    )


def _warning_text(warning: IngestWarning) -> str:
    return f"line {warning.line}: {warning.message}" if warning.line else warning.message
