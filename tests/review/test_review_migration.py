"""The review migration: a store written before it gains coach tables and keeps its calls."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from review_builders import SALES_CALL, SALES_HITS, report

from analyzer.batch.store import MIGRATIONS, SCHEMA_VERSION, report_row
from analyzer.review.db import ReviewDB
from analyzer.review.listing import ListQuery, fetch_page


def old_store(path: Path) -> None:
    """A store as schema version 1 left it, with one call."""
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute("PRAGMA user_version=1")
    row, _ = report_row(report(SALES_CALL, SALES_HITS))
    row.update(source="a.txt", call_key="0", content_hash="h", config_key="c", analyzed_at="x")
    db.execute(
        f"INSERT INTO calls ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
        tuple(row.values()),
    )
    db.commit()
    db.close()


def test_opening_an_old_store_for_review_migrates_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old_store(path)
    review = ReviewDB(path)
    with review.connection() as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 2
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert {
            "coach_actions",
            "calls_review_date",
            "calls_review_score",
            "calls_review_giveaways",
        } <= names
        page = fetch_page(conn, ListQuery())
    review.close()
    assert [r["source"] for r in page.rows] == ["a.txt"]


def test_coach_actions_accept_only_known_actions(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old_store(path)
    ReviewDB(path).close()
    db = sqlite3.connect(path)
    try:
        db.execute(
            "INSERT INTO coach_actions (call_id, content_hash, call_key, reviewer, created_at, "
            "action) VALUES (1, 'h', '0', 'x', 'now', 'note')"
        )
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(
                "INSERT INTO coach_actions (call_id, content_hash, call_key, reviewer, created_at, "
                "action) VALUES (1, 'h', '0', 'x', 'now', 'delete_everything')"
            )
    finally:
        db.close()
