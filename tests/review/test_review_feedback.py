"""Coach feedback as gold-format JSONL: record contents, export, and reading it back."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from review_builders import SALES_CALL, SALES_HITS, put, report

from analyzer.batch.store import Store
from analyzer.errors import UsageError
from analyzer.ingest import read_path
from analyzer.review.actions import CallRef, FindingKey, NewAction, machine_keys, review_state
from analyzer.review.db import insert_action, load_actions
from analyzer.review.feedback import (
    FEEDBACK_SOURCE,
    feedback_record,
    feedback_records,
    write_feedback,
)

REPORT = report(SALES_CALL, SALES_HITS, call_id=None)
GIVEAWAY = machine_keys(REPORT)[1]
ADDED = FindingKey(3, 22, 43, "stall")


def ref_of(store: Store, call_id: int) -> CallRef:
    row = store.db.execute(
        "SELECT content_hash, call_key, source FROM calls WHERE id=?", (call_id,)
    ).fetchone()
    return CallRef(call_id, row[0], row[1], row[2])


def review(store: Store, call_id: int, *actions: NewAction, who: str = "coach-a") -> None:
    for a in actions:
        insert_action(store.db, ref_of(store, call_id), a, who)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "fb.db")
    put(s, REPORT)  # id 1: reviewed below
    put(s, report(SALES_CALL[:2], source="calls/untouched.txt"), content="other")  # id 2
    return s


def test_record_applies_corrections_and_keeps_provenance(store: Store) -> None:
    review(
        store,
        1,
        NewAction("reject", GIVEAWAY),
        NewAction("add", ADDED),
        NewAction("set_decision", value="decline"),
        NewAction("note", value="good call"),
    )
    review(store, 1, NewAction("confirm", machine_keys(REPORT)[0]), who="coach-b")
    ref = ref_of(store, 1)
    record = feedback_record(REPORT, review_state(load_actions(store.db, ref)), ref, "r1")
    assert [t["labels"] for t in record["turns"]] == [[], ["stall"], [], ["stall"], []]
    assert [t["role"] for t in record["turns"]] == [r for _, r, _ in SALES_CALL]
    assert [t["text"] for t in record["turns"]] == [t for _, _, t in SALES_CALL]
    assert record["decision"] == "decline"  # corrected
    assert record["led_by"] == REPORT["led_by"]["value"]  # not corrected: the machine's
    assert record["machine"] == {"decision": "no_decision", "led_by": "prospect"}
    assert record["source"] == FEEDBACK_SOURCE and record["reviewers"] == ["coach-a", "coach-b"]
    assert record["corrections"] == {"confirmed": 1, "rejected": 1, "added": 1}
    assert record["notes"][0]["text"] == "good call" and record["store_call_id"] == 1
    assert record["date"] == REPORT["date"] and record["id"] == "r1"


def test_export_holds_only_reviewed_calls_and_reads_back_as_gold(
    store: Store, tmp_path: Path
) -> None:
    review(
        store,
        1,
        NewAction("reject", GIVEAWAY),
        NewAction("add", ADDED),
        NewAction("set_led_by", value="seller"),
    )
    target = tmp_path / "gold.jsonl"
    assert write_feedback(feedback_records(store.db), target) == 1
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["call_source"] == "calls/a.txt"
    (call,) = read_path(target, format="gold-jsonl")
    assert [t.gold_labels for t in call.turns] == [(), ("stall",), (), ("stall",), ()]
    assert (
        call.gold is not None
        and call.gold.led_by == "seller"
        and call.gold.decision == "no_decision"
    )
    assert call.call_id == "calls/a.txt#0"


def test_no_reviews_means_an_empty_file(store: Store, tmp_path: Path) -> None:
    assert write_feedback(feedback_records(store.db), tmp_path / "none.jsonl") == 0
    assert (tmp_path / "none.jsonl").read_text() == ""


def test_ids_stay_unique_when_two_contents_share_a_source(store: Store, tmp_path: Path) -> None:
    second = put(store, report(SALES_CALL, SALES_HITS), content="edited transcript")
    review(store, 1, NewAction("note", value="a"))
    review(store, second, NewAction("note", value="b"))
    records = list(feedback_records(store.db))
    ids = [r["id"] for r in records]
    assert len(ids) == 2 and len(set(ids)) == 2 and ids[0] == "calls/a.txt#0"
    write_feedback(records, tmp_path / "two.jsonl")
    assert len(read_path(tmp_path / "two.jsonl", format="gold-jsonl")) == 2


def test_feedback_follows_a_forced_reanalysis(store: Store) -> None:
    review(store, 1, NewAction("set_decision", value="advance"))
    new_id = put(store, REPORT, force=True)
    (record,) = feedback_records(store.db)
    assert record["store_call_id"] == new_id != 1 and record["decision"] == "advance"


def test_actions_on_a_call_no_longer_stored_are_skipped(store: Store) -> None:
    review(store, 1, NewAction("note", value="x"))
    store.db.execute("DELETE FROM calls WHERE id = 1")
    assert list(feedback_records(store.db)) == []


@pytest.mark.parametrize("name", ["gold.csv", "gold.json", "gold"])
def test_feedback_must_be_jsonl(tmp_path: Path, name: str) -> None:
    with pytest.raises(UsageError) as info:
        write_feedback([], tmp_path / name)
    assert ".jsonl" in info.value.one_line()
    assert not (tmp_path / name).exists()


def test_a_failed_write_leaves_no_file(tmp_path: Path) -> None:
    def broken() -> object:
        yield {"id": "x"}
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(sqlite3.OperationalError):
        write_feedback(broken(), tmp_path / "gold.jsonl")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []  # neither the target nor the temporary file
