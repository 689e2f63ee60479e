"""The SQLite results store: schema, atomic writes, idempotency, failures."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from analyzer.batch.store import SCHEMA_VERSION, Store, StoredCall
from analyzer.errors import InputError


def row(decision: str = "advance") -> dict[str, object]:
    return {
        "format": "text", "call_date": "2026-03-02", "sellers": "Dana", "prospects": "Sam",
        "decision": decision, "reached": 1, "led_by": "seller", "led_by_score": 70,
        "next_step": None, "next_step_due": None, "turns": 10, "duration_seconds": None,
        "talk_ratio_seller": 0.5, "commitments": 1, "stalls": 0, "declines": 0, "giveaways": 0,
        "accepted_stalls": 0, "report_json": "{}", "versions": "{}",
    }  # fmt: skip


FINDING = {
    "label": "commitment", "turn": 3, "start_char": 0, "end_char": 5, "quote": "Sure.",
    "speaker": "Sam", "time": None, "score": 0.9, "source": "rules", "rule": "r@1", "model": None,
}  # fmt: skip


def call(key: str = "0", digest: str = "h1") -> StoredCall:
    return StoredCall("a.txt", key, digest, row(), (FINDING,))


def test_new_store_has_current_schema_and_wal(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_put_calls_is_idempotent(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    assert store.put_calls([call("0"), call("1")], "cfg", force=False) == 2
    assert store.put_calls([call("0"), call("1")], "cfg", force=False) == 0
    assert store.count_calls() == 2
    assert store.db.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == 2
    assert store.is_done("h1", "cfg") and not store.is_done("h1", "other-config")


def test_force_replaces_rows_and_their_findings(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    store.put_calls([call()], "cfg", force=False)
    assert store.put_calls([call()], "cfg", force=True) == 1
    assert store.count_calls() == 1
    assert store.db.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == 1


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    broken = StoredCall("a.txt", "1", "h1", {**row(), "no_such_column": 1}, ())
    with pytest.raises(sqlite3.OperationalError):
        store.put_calls([call("0"), broken], "cfg", force=False)
    assert store.count_calls() == 0  # the first call of the source was rolled back too


def test_failures_are_recorded_and_cleared_by_success(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    store.put_failure("a.txt", "h1", "cfg", "bad header")
    store.put_failure("a.txt", "h1", "cfg", "bad header again")
    assert [(r["source"], r["reason"]) for r in store.failures()] == [("a.txt", "bad header again")]
    assert store.is_done("h1", "cfg")
    store.put_calls([call()], "cfg", force=True)
    assert store.failures() == []


def test_store_reopens_and_rejects_foreign_files(tmp_path: Path) -> None:
    Store(tmp_path / "r.db").close()
    assert Store(tmp_path / "r.db").count_calls() == 0
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(InputError, match="not a callscore results store"):
        Store(junk)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "r.db")
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(InputError, match="newer than this callscore"):
        Store(tmp_path / "r.db")
