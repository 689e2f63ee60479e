"""Labelled calls (``gold-format.md``): JSON Lines, one call per line.

Each line becomes one :class:`ParsedCall` whose cues carry the gold ``role``
and ``labels`` of their turn, with ``call_id`` = ``id``, the ``date`` and a
:class:`~analyzer.model.GoldCall` (``decision``, ``led_by``).  A ``.json``
file holding one such object (or a list of them) is read the same way.

Validation is strict: labelled data that is silently wrong poisons every
evaluation built on it, so a missing field, a wrong type, an unknown label
or role, a duplicate id or a line that is not JSON (a truncated write) stops
the read with ``file:line: turns[3].role must be seller, prospect or
unknown``.  Fields the format does not define are ignored.  Labels on the
wrong side (a seller turn labelled ``stall``) are kept with a warning.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, cast

from analyzer.errors import ParseError
from analyzer.ingest.base import IngestWarning, ParsedCall, Reader, SourceFile
from analyzer.ingest.decode import normalise_text
from analyzer.model import (
    DECISIONS,
    LABEL_ROLE,
    LABELS,
    LED_BY_VALUES,
    ROLES,
    Cue,
    DecisionValue,
    GoldCall,
    Label,
    LedByValue,
    Role,
)

__all__ = ["READER", "GoldReader"]


def _choices(values: Sequence[str]) -> str:
    return ", ".join(values[:-1]) + f" or {values[-1]}" if len(values) > 1 else values[0]


class _Invalid(Exception):
    """One validation problem; turned into a ParseError with the file and line."""

    def __init__(self, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


def _optional_str(obj: dict[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Invalid(f"{where}{key} must be a string, not {type(value).__name__}")
    return value


def _choice(obj: dict[str, Any], key: str, allowed: Sequence[str], where: str = "") -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if value not in allowed:
        raise _Invalid(f"{where}{key} must be {_choices(allowed)}, not {value!r}")
    return cast(str, value)


def _seconds(obj: dict[str, Any], key: str, where: str) -> float | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise _Invalid(f"{where}{key} must be a number of seconds >= 0, not {value!r}")
    return float(value)


def _labels(obj: dict[str, Any], where: str) -> tuple[Label, ...] | None:
    value = obj.get("labels")
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Invalid(f'{where}labels must be a list of label names, like ["stall"]')
    unknown = [v for v in value if v not in LABELS]
    if unknown:
        raise _Invalid(
            f"{where}labels has unknown label(s) {', '.join(map(repr, unknown))}",
            f"use {_choices(LABELS)} (labels.md)",
        )
    # Keep the file's order but drop repeats, so a label is counted once per turn.
    return tuple(dict.fromkeys(cast(list[Label], value)))


def _cue(turn: object, index: int, line: int, warnings: list[IngestWarning]) -> Cue:
    where = f"turns[{index}]."
    if not isinstance(turn, dict):
        raise _Invalid(f"turns[{index}] must be an object with speaker and text")
    speaker = _optional_str(turn, "speaker", where)
    if speaker is None or not normalise_text(speaker):
        raise _Invalid(f"{where}speaker is required (the speaker's name as in the source)")
    text = _optional_str(turn, "text", where)
    if text is None or not text.strip():
        raise _Invalid(f"{where}text is required and must not be empty")
    role = cast(Role | None, _choice(turn, "role", ROLES, where))
    labels = _labels(turn, where)
    start, end = _seconds(turn, "start", where), _seconds(turn, "end", where)
    if start is not None and end is not None and end < start:
        warnings.append(IngestWarning(f"turns[{index}] ends before it starts", line))
    for label in labels or ():
        side = LABEL_ROLE[label]
        if role is not None and role != "unknown" and role != side:
            warnings.append(
                IngestWarning(
                    f"turns[{index}] is a {role} turn labelled {label} ({label} is {side} only)",
                    line,
                    "check the annotation (labels.md)",
                )
            )
    return Cue(normalise_text(speaker), text.strip(), start, end, line, role, labels)


def _call(obj: object, line: int) -> ParsedCall:
    if not isinstance(obj, dict):
        raise _Invalid(f"expected a JSON object for one call, got {type(obj).__name__}")
    raw_id = obj.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int) or str(raw_id) == "":
        raise _Invalid("id is required (a unique call id, a string)")
    date_text = _optional_str(obj, "date", "")
    date = None
    if date_text is not None:
        try:
            date = dt.date.fromisoformat(date_text)
        except ValueError:
            raise _Invalid(f"date must be an ISO date like 2026-03-02, not {date_text!r}") from None
    turns = obj.get("turns")
    if not isinstance(turns, list) or not turns:
        raise _Invalid("turns is required: a non-empty list of {speaker, text} objects")
    warnings: list[IngestWarning] = []
    cues = tuple(_cue(turn, index, line, warnings) for index, turn in enumerate(turns))
    gold = GoldCall(
        decision=cast(DecisionValue | None, _choice(obj, "decision", DECISIONS)),
        led_by=cast(LedByValue | None, _choice(obj, "led_by", LED_BY_VALUES)),
    )
    return ParsedCall(cues, date=date, call_id=str(raw_id), gold=gold, warnings=tuple(warnings))


def _records(source: SourceFile) -> list[tuple[int, object]]:
    """``(line, value)`` for every call in the file; a JSON syntax error stops the read."""
    text = source.text
    if source.suffix == ".json" or text.lstrip().startswith("["):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _syntax_error(source.path, exc, exc.lineno) from None
        if isinstance(value, list):
            # One call per element; point at the file's first line for all of them.
            return [(1, item) for item in value]
        return [(1, value)]
    records: list[tuple[int, object]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            records.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            raise _syntax_error(source.path, exc, number) from None
    return records


def _syntax_error(path: str, exc: json.JSONDecodeError, line: int) -> ParseError:
    return ParseError(
        path,
        f"not valid JSON: {exc.msg} (column {exc.colno}); the line may be truncated",
        line=line,
        fix="each line must be one complete JSON object (gold-format.md)",
    )


class GoldReader:
    """Labelled calls, one JSON object per line (``gold-format.md``)."""

    name = "gold-jsonl"
    description = "labelled calls, JSON Lines (gold-format.md)"

    def sniff(self, source: SourceFile) -> float:
        """Sure for ``.jsonl``/``.json`` whose first record has speaker/text ``turns``."""
        head = source.text.lstrip()[:2000]
        if not head.startswith(("{", "[")) or '"turns"' not in head:
            return 0.0
        if '"speaker"' in head and '"text"' in head:
            return 0.95 if source.suffix in (".jsonl", ".json", ".ndjson") else 0.8
        return 0.5

    def read(self, source: SourceFile) -> list[ParsedCall]:
        """Parse and validate every labelled call in ``source``."""
        calls: list[ParsedCall] = []
        seen: dict[str, int] = {}
        for line, record in _records(source):
            try:
                call = _call(record, line)
            except _Invalid as problem:
                raise ParseError(
                    source.path, problem.message, line=line, fix=problem.fix or _FIX
                ) from None
            assert call.call_id is not None
            if call.call_id in seen:
                raise ParseError(
                    source.path,
                    f"id {call.call_id!r} is used again (first on line {seen[call.call_id]})",
                    line=line,
                    fix="give every call a unique id",
                )
            seen[call.call_id] = line
            calls.append(call)
        if not calls:
            raise ParseError(source.path, "no calls in this file", fix=_FIX)
        return calls


_FIX = "see gold-format.md for the fields of a labelled call"

READER: Reader = GoldReader()
