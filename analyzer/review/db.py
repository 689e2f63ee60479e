"""The review app's access to a results store: one shared connection, calls and coach actions.

The store is opened once through :class:`~analyzer.batch.store.Store` so that
its migrations (the coach tables among them) run, then the app keeps one
connection of its own that every request thread borrows under a lock: a
local review app has one or two users, and a warm page cache is what keeps a
list of 50,000 calls fast.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from analyzer.batch.store import Store
from analyzer.errors import InputError, UsageError
from analyzer.model import Label
from analyzer.review.actions import (
    ActionKind,
    CallRef,
    CoachAction,
    FindingKey,
    NewAction,
)


def now() -> str:
    """The current UTC time as stored with each action (milliseconds, ISO 8601)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class ReviewDB:
    """A results store opened for review: migrated, with one lock-guarded connection."""

    def __init__(self, path: Path) -> None:
        if not path.exists():
            raise UsageError(f"{path}: no such store", fix="run `callscore batch` first")
        Store(path).close()  # validates the file and applies pending migrations
        self.path = path
        self._lock = threading.Lock()
        # One connection shared by the server's request threads; the lock serialises them.
        self._conn = sqlite3.connect(
            path, timeout=30, isolation_level=None, check_same_thread=False
        )
        self._conn.row_factory = sqlite3.Row

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """Borrow the connection for one request's queries."""
        with self._lock:
            yield self._conn

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()


def load_call(conn: sqlite3.Connection, call_id: int) -> tuple[CallRef, dict[str, Any]] | None:
    """A stored call's identity and its JSON report, or ``None`` when there is no such call."""
    row = conn.execute(
        "SELECT id, content_hash, call_key, source, report_json FROM calls WHERE id = ?",
        (call_id,),
    ).fetchone()
    if row is None:
        return None
    try:
        report = json.loads(row["report_json"])
    except ValueError as exc:
        raise InputError(
            row["source"],
            f"stored report of call {call_id} is not JSON ({exc})",
            fix="re-analyze it with `callscore batch --force`",
        ) from exc
    ref = CallRef(int(row["id"]), row["content_hash"], row["call_key"], row["source"])
    return ref, cast(dict[str, Any], report)


def _action(row: sqlite3.Row) -> CoachAction:
    key = None
    if row["label"] is not None and row["turn"] is not None:
        key = FindingKey(
            int(row["turn"]), int(row["start_char"]), int(row["end_char"]),
            cast(Label, row["label"]),
        )  # fmt: skip
    return CoachAction(
        id=int(row["id"]),
        reviewer=row["reviewer"],
        created_at=row["created_at"],
        action=cast(ActionKind, row["action"]),
        key=key,
        value=row["value"],
        call_id=int(row["call_id"]),
    )


def load_actions(conn: sqlite3.Connection, ref: CallRef) -> list[CoachAction]:
    """Every coach action on a call's content, oldest first."""
    rows = conn.execute(
        "SELECT * FROM coach_actions WHERE content_hash = ? AND call_key = ? ORDER BY id",
        (ref.content_hash, ref.call_key),
    )
    return [_action(r) for r in rows]


def insert_action(
    conn: sqlite3.Connection, ref: CallRef, new: NewAction, reviewer: str, at: str | None = None
) -> CoachAction:
    """Append one action (never updates or deletes: the history is the record)."""
    key = new.key
    cur = conn.execute(
        "INSERT INTO coach_actions (call_id, content_hash, call_key, reviewer, created_at, "
        "action, label, turn, start_char, end_char, value) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            ref.call_id,
            ref.content_hash,
            ref.call_key,
            reviewer,
            at or now(),
            new.action,
            key.label if key else None,
            key.turn if key else None,
            key.start_char if key else None,
            key.end_char if key else None,
            new.value,
        ),
    )
    row = conn.execute("SELECT * FROM coach_actions WHERE id = ?", (cur.lastrowid,)).fetchone()
    return _action(row)


def reviewed_calls(conn: sqlite3.Connection) -> list[CallRef]:
    """The latest stored row of every call a coach acted on, in order of first action.

    A call re-analyzed with ``batch --force`` keeps its actions (they follow its
    content); one whose content is no longer stored is left out.
    """
    rows = conn.execute(
        "SELECT c.id, c.content_hash, c.call_key, c.source FROM ("
        "  SELECT content_hash, call_key, MIN(id) AS first FROM coach_actions"
        "  GROUP BY content_hash, call_key) a "
        "JOIN calls c ON c.id = (SELECT MAX(id) FROM calls c2 "
        "  WHERE c2.content_hash = a.content_hash AND c2.call_key = a.call_key) "
        "ORDER BY a.first"
    )
    return [CallRef(int(r["id"]), r["content_hash"], r["call_key"], r["source"]) for r in rows]
