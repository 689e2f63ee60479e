"""The results store: one SQLite file (WAL mode) with a versioned, migrated schema.

One row per analyzed call with its scores and metadata, its findings as rows,
and the full JSON report; files that failed are recorded with their reason.
Each call is written in one transaction, so a run killed at any moment (even
``kill -9``) leaves every call either fully stored or absent, and a rerun
picks up where it stopped.  Only the coordinating process writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from analyzer.errors import InputError

#: Each entry migrates the schema from version i to i+1; never edit a released entry.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        call_key TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        config_key TEXT NOT NULL,
        format TEXT NOT NULL,
        call_date TEXT,
        sellers TEXT NOT NULL,
        prospects TEXT NOT NULL,
        decision TEXT NOT NULL,
        reached INTEGER NOT NULL,
        led_by TEXT NOT NULL,
        led_by_score INTEGER NOT NULL,
        next_step TEXT,
        next_step_due TEXT,
        turns INTEGER NOT NULL,
        duration_seconds REAL,
        talk_ratio_seller REAL,
        commitments INTEGER NOT NULL,
        stalls INTEGER NOT NULL,
        declines INTEGER NOT NULL,
        giveaways INTEGER NOT NULL,
        accepted_stalls INTEGER NOT NULL,
        report_json TEXT NOT NULL,
        versions TEXT NOT NULL,
        analyzed_at TEXT NOT NULL,
        UNIQUE (content_hash, call_key, config_key)
    );
    CREATE TABLE findings (
        id INTEGER PRIMARY KEY,
        call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        label TEXT NOT NULL,
        turn INTEGER NOT NULL,
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        quote TEXT NOT NULL,
        speaker TEXT NOT NULL,
        time REAL,
        score REAL NOT NULL,
        source TEXT NOT NULL,
        rule TEXT,
        model TEXT
    );
    CREATE INDEX findings_call ON findings(call_id);
    CREATE INDEX calls_date ON calls(call_date);
    CREATE INDEX calls_decision ON calls(decision);
    CREATE TABLE failures (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        config_key TEXT NOT NULL,
        reason TEXT NOT NULL,
        failed_at TEXT NOT NULL,
        UNIQUE (source, content_hash, config_key)
    );
    """,
    # 2: coaches' review (analyzer/review).  Coach actions are append-only and point at a
    # call by its content (content_hash, call_key), so they survive `batch --force`; the
    # covering indexes let the review list filter and sort 50,000 calls without reading rows.
    """
    CREATE TABLE coach_actions (
        id INTEGER PRIMARY KEY,
        call_id INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        call_key TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        created_at TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN
            ('confirm', 'reject', 'add', 'set_decision', 'set_led_by', 'note')),
        label TEXT,
        turn INTEGER,
        start_char INTEGER,
        end_char INTEGER,
        value TEXT
    );
    CREATE INDEX coach_actions_call ON coach_actions(content_hash, call_key, id);
    CREATE INDEX calls_review_date ON calls(call_date, id, decision, led_by, giveaways,
        led_by_score, sellers, reached, accepted_stalls, talk_ratio_seller);
    CREATE INDEX calls_review_score ON calls(led_by_score, call_date, id, decision, led_by,
        giveaways, sellers);
    CREATE INDEX calls_review_giveaways ON calls(giveaways, call_date, id, decision, led_by,
        led_by_score, sellers);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True, slots=True)
class StoredCall:
    """What one analyzed call contributes to the store (built by the worker)."""

    source: str
    call_key: str
    content_hash: str
    row: dict[str, Any]
    findings: tuple[dict[str, Any], ...]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """An open results store."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise InputError(
                str(path),
                f"not a callscore results store ({exc})",
                fix="give a new file name or a store made by `callscore batch`",
            ) from exc

    def _migrate(self) -> None:
        version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise InputError(
                str(self.path),
                f"store schema {version} is newer than this callscore ({SCHEMA_VERSION})",
                fix="upgrade callscore",
            )
        for target in range(version, SCHEMA_VERSION):
            with self.transaction():
                for statement in _statements(MIGRATIONS[target]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={target + 1}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    # --- what is done already ---------------------------------------------------------------
    def is_done(self, content_hash: str, config_key: str) -> bool:
        """Whether a source with this content was stored (or failed) under this config."""
        row = self.db.execute(
            "SELECT 1 FROM calls WHERE content_hash=? AND config_key=? "
            "UNION ALL SELECT 1 FROM failures WHERE content_hash=? AND config_key=? LIMIT 1",
            (content_hash, config_key, content_hash, config_key),
        ).fetchone()
        return row is not None

    # --- writing ------------------------------------------------------------------------------
    def put_calls(self, calls: Sequence[StoredCall], config_key: str, force: bool) -> int:
        """Store every call of one source atomically; returns how many rows were written."""
        with self.transaction() as db:
            if force and calls:
                db.execute(
                    "DELETE FROM calls WHERE content_hash=? AND config_key=?",
                    (calls[0].content_hash, config_key),
                )
            written = 0
            for call in calls:
                row = {
                    **call.row,
                    "source": call.source,
                    "call_key": call.call_key,
                    "content_hash": call.content_hash,
                    "config_key": config_key,
                    "analyzed_at": _now(),
                }
                cols = ", ".join(row)
                marks = ", ".join("?" for _ in row)
                cur = db.execute(
                    f"INSERT OR IGNORE INTO calls ({cols}) VALUES ({marks})", tuple(row.values())
                )
                if cur.rowcount == 0:
                    continue  # stored by an earlier run: idempotent
                written += 1
                call_id = cur.lastrowid
                db.executemany(
                    "INSERT INTO findings (call_id, label, turn, start_char, end_char, quote, "
                    "speaker, time, score, source, rule, model) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    [
                        (
                            call_id,
                            f["label"],
                            f["turn"],
                            f["start_char"],
                            f["end_char"],
                            f["quote"],
                            f["speaker"],
                            f["time"],
                            f["score"],
                            f["source"],
                            f["rule"],
                            f["model"],
                        )
                        for f in call.findings
                    ],
                )
            if calls:
                db.execute(
                    "DELETE FROM failures WHERE content_hash=? AND config_key=?",
                    (calls[0].content_hash, config_key),
                )
        return written

    def put_failure(self, source: str, content_hash: str, config_key: str, reason: str) -> None:
        """Record a source that could not be analyzed (replacing an older record of it)."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO failures (source, content_hash, config_key, reason, "
                "failed_at) VALUES (?,?,?,?,?)",
                (source, content_hash, config_key, reason, _now()),
            )

    # --- reading ------------------------------------------------------------------------------
    def failures(self) -> list[sqlite3.Row]:
        """Recorded failures, newest first."""
        return list(
            self.db.execute(
                "SELECT source, reason, failed_at FROM failures ORDER BY failed_at DESC, source"
            )
        )

    def count_calls(self) -> int:
        """How many calls are stored."""
        return int(self.db.execute("SELECT COUNT(*) FROM calls").fetchone()[0])


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def report_row(report_dict: dict[str, Any]) -> tuple[dict[str, Any], tuple[dict[str, Any], ...]]:
    """The ``calls`` columns and ``findings`` rows of one JSON report."""
    speakers = report_dict.get("speakers", [])
    sellers = [s["speaker"] for s in speakers if s["role"] == "seller"]
    prospects = [s["speaker"] for s in speakers if s["role"] == "prospect"]
    findings = report_dict["findings"]
    labels = [f["label"] for f in findings]
    next_step = report_dict.get("next_step")
    metrics = report_dict["metrics"]
    components = report_dict["led_by"].get("components", {})
    accepted = components.get("accepted_stalls", {}).get("evidence", [])
    row = {
        "format": report_dict["format"],
        "call_date": report_dict.get("date"),
        "sellers": ", ".join(sellers),
        "prospects": ", ".join(prospects),
        "decision": report_dict["decision"]["value"],
        "reached": int(bool(report_dict["decision"]["reached"])),
        "led_by": report_dict["led_by"]["value"],
        "led_by_score": int(report_dict["led_by"]["score"]),
        "next_step": next_step["text"] if next_step else None,
        "next_step_due": next_step["due"] if next_step else None,
        "turns": len(report_dict["turns"]),
        "duration_seconds": metrics.get("duration_seconds"),
        "talk_ratio_seller": metrics["talk_ratio"]["seller"],
        "commitments": labels.count("commitment"),
        "stalls": labels.count("stall"),
        "declines": labels.count("decline"),
        "giveaways": labels.count("giveaway"),
        "accepted_stalls": len(accepted),
        "report_json": json.dumps(report_dict, ensure_ascii=False),
        "versions": json.dumps(report_dict.get("versions", {}), sort_keys=True),
    }
    rows = tuple(
        {
            "label": f["label"],
            "turn": f["turn"],
            "start_char": f["start_char"],
            "end_char": f["end_char"],
            "quote": f["quote"],
            "speaker": f["evidence"]["speaker"],
            "time": f["evidence"]["time"],
            "score": f["score"],
            "source": f["evidence"]["source"],
            "rule": f["evidence"]["rule"],
            "model": f["evidence"]["model"],
        }
        for f in findings
    )
    return row, rows
