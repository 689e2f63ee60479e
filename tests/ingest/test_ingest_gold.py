"""Labelled calls (gold-format.md): what is read, and what is refused with file:line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from analyzer.errors import ParseError
from analyzer.ingest import read_bytes, read_path
from analyzer.model import GoldCall, RoleHint

FIXTURES = Path(__file__).parent / "fixtures"


def call(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "c1",
        "turns": [
            {"speaker": "Dana", "role": "seller", "text": "Hi.", "labels": []},
            {"speaker": "Sam", "role": "prospect", "text": "Send info.", "labels": ["stall"]},
        ],
    }
    base.update(overrides)
    return base


def jsonl(*calls: dict[str, Any]) -> bytes:
    return "\n".join(json.dumps(c) for c in calls).encode("utf-8") + b"\n"


def test_gold_file_reads_every_call() -> None:
    first, second = read_path(FIXTURES / "gold_calls.jsonl")
    assert (first.format, first.call_id, first.date) == (
        "gold-jsonl",
        "call-017",
        dt.date(2026, 3, 2),
    )
    assert first.gold == GoldCall("no_decision", "prospect")
    # Gold turns are turns already: Sam's two turns stay two turns.
    assert [(t.speaker, t.gold_labels) for t in first.turns] == [
        ("Dana Ruiz", ()),
        ("Sam Okafor", ("stall",)),
        ("Sam Okafor", None),
        ("Dana Ruiz", ("giveaway",)),
    ]
    assert (first.turns[3].start, first.turns[3].end) == (12.5, 14.0)
    assert {t.role for t in first.turns} == {"unknown"}  # roles come back as hints
    assert set(first.role_hints) == {
        RoleHint("Dana Ruiz", "seller", "gold role", 95),
        RoleHint("Sam Okafor", "prospect", "gold role", 95),
    }
    assert (second.call_id, second.date, second.gold) == ("call-018", None, GoldCall("advance"))
    assert [t.line for t in first.turns] == [1, 1, 1, 1]
    assert second.turns[0].line == 3


def test_gold_calls_take_no_date_from_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "gold-2026-01-01.jsonl"
    path.write_bytes(jsonl(call()))
    (transcript,) = read_path(path)
    assert transcript.date is None


def test_single_call_json_file() -> None:
    (transcript,) = read_path(FIXTURES / "single_call.json")
    assert transcript.format == "gold-jsonl"
    assert transcript.call_id == "call-100"
    assert transcript.speakers == ("Dana Ruiz", "Sam Okafor")
    assert transcript.gold == GoldCall(None, "seller")


def test_json_array_of_calls() -> None:
    data = json.dumps([call(id="a"), call(id="b")]).encode()
    assert [t.call_id for t in read_bytes(data, "calls.json")] == ["a", "b"]


def test_extra_fields_are_ignored() -> None:
    data = jsonl(call(notes="remark", source={"tool": "zoom"}))
    (transcript,) = read_bytes(data, "g.jsonl")
    assert transcript.call_id == "c1"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (
            call(turns=[{"speaker": "Dana", "role": "buyer", "text": "Hi."}]),
            "turns[0].role must be seller, prospect or unknown, not 'buyer'",
        ),
        (
            call(turns=[{"speaker": "Sam", "text": "x", "labels": ["stall", "maybe", "later"]}]),
            "turns[0].labels has unknown label(s) 'maybe', 'later'",
        ),
        (
            call(turns=[{"speaker": "Sam", "text": "x", "labels": "stall"}]),
            "turns[0].labels must be a list of label names",
        ),
        (call(turns=[{"text": "x"}]), "turns[0].speaker is required"),
        (call(turns=[{"speaker": "Sam", "text": "  "}]), "turns[0].text is required"),
        (
            call(turns=[{"speaker": "Sam", "text": "x", "start": "1.5"}]),
            "turns[0].start must be a number of seconds",
        ),
        (
            call(turns=[{"speaker": "Sam", "text": "x", "end": -1}]),
            "turns[0].end must be a number of seconds",
        ),
        (call(turns=["Sam: hi"]), "turns[0] must be an object"),
        (call(turns=[]), "turns is required"),
        (call(id=None), "id is required"),
        (call(date="03/02/2026"), "date must be an ISO date"),
        (call(decision="maybe"), "decision must be advance, decline, no_decision or regress"),
        (call(led_by="both"), "led_by must be seller or prospect"),
    ],
)
def test_invalid_call_is_an_error_naming_file_line_and_field(
    record: dict[str, Any], message: str
) -> None:
    data = jsonl(call(id="ok")) + b"\n" + jsonl(record)
    with pytest.raises(ParseError) as info:
        read_bytes(data, "gold.jsonl")
    assert info.value.line == 3
    assert info.value.one_line().startswith(f"gold.jsonl:3: {message}")


def test_unknown_label_error_lists_the_valid_labels() -> None:
    data = jsonl(call(turns=[{"speaker": "Sam", "text": "x", "labels": ["stal"]}]))
    with pytest.raises(ParseError) as info:
        read_bytes(data, "g.jsonl")
    assert "commitment, stall, decline or giveaway" in info.value.one_line()


@pytest.mark.parametrize(
    ("data", "line", "fragment"),
    [
        (jsonl(call(id="a"), call(id="a")), 2, "id 'a' is used again (first on line 1)"),
        (jsonl(call()) + b'{"id": "b", "turns": [', 2, "not valid JSON"),
        (b"[1, 2]\n", 1, "expected a JSON object"),
        (
            b'{"id": "x", "turns": [{"speaker": "S", "text": "t"}]}\n[]\n',
            2,
            "expected a JSON object",
        ),
    ],
)
def test_file_level_errors(data: bytes, line: int, fragment: str) -> None:
    with pytest.raises(ParseError) as info:
        read_bytes(data, "g.jsonl", format="gold-jsonl")
    assert info.value.line == line
    assert fragment in info.value.one_line()


def test_label_on_the_wrong_side_is_a_warning() -> None:
    record = call(
        turns=[{"speaker": "Dana", "role": "seller", "text": "Later.", "labels": ["stall"]}]
    )
    (transcript,) = read_bytes(jsonl(record), "g.jsonl")
    assert transcript.warnings == (
        "line 1: turns[0] is a seller turn labelled stall (stall is prospect only)",
    )
    with pytest.raises(ParseError, match="stall is prospect only"):
        read_bytes(jsonl(record), "g.jsonl", strict=True)


def test_one_speaker_with_two_gold_roles_is_a_warning() -> None:
    record = call(
        turns=[
            {"speaker": "Dana", "role": "seller", "text": "a"},
            {"speaker": "Dana", "role": "prospect", "text": "b"},
        ]
    )
    (transcript,) = read_bytes(jsonl(record), "g.jsonl")
    assert transcript.warnings == ("speaker 'Dana' has the roles prospect and seller",)


def test_repeated_labels_count_once() -> None:
    record = call(turns=[{"speaker": "Sam", "text": "x", "labels": ["stall", "stall"]}])
    (transcript,) = read_bytes(jsonl(record), "g.jsonl")
    assert transcript.turns[0].gold_labels == ("stall",)
