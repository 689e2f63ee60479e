"""The per-rep view: the batch summary's aggregates, plus how much of each rep is reviewed."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from analyzer.batch.summary import GroupStats, aggregate

#: The columns :func:`analyzer.batch.summary.aggregate` reads; all are in ``calls_review_date``,
#: so the per-rep view never reads the stored reports.
_COLUMNS = (
    "sellers, call_date, reached, decision, led_by, giveaways, accepted_stalls, talk_ratio_seller"
)


@dataclass(frozen=True, slots=True)
class RepDetail:
    """One rep: overall figures, figures per month, and reviewed calls."""

    name: str
    overall: GroupStats
    by_month: tuple[GroupStats, ...]
    reviewed: int


def _rows(conn: sqlite3.Connection, rep: str | None = None) -> list[dict[str, Any]]:
    sql = f"SELECT {_COLUMNS} FROM calls INDEXED BY calls_review_date"
    params: list[str] = []
    if rep is not None:
        sql += " WHERE instr(', ' || sellers || ', ', ?) > 0"
        params.append(f", {rep}, ")
    return [dict(r) for r in conn.execute(sql, params)]


def reviewed_by_rep(conn: sqlite3.Connection) -> dict[str, int]:
    """How many distinct calls of each rep a coach acted on."""
    counts: dict[str, int] = {}
    for (sellers,) in conn.execute(
        "SELECT c.sellers FROM calls c JOIN (SELECT DISTINCT content_hash, call_key "
        "FROM coach_actions) a ON a.content_hash = c.content_hash AND a.call_key = c.call_key"
    ):
        for name in {s.strip() for s in (sellers or "").split(",") if s.strip()}:
            counts[name] = counts.get(name, 0) + 1
    return counts


def rep_table(conn: sqlite3.Connection) -> list[GroupStats]:
    """Figures for every rep, largest first (the ``callscore summary --by rep`` table)."""
    return aggregate(_rows(conn), "rep")


def rep_detail(conn: sqlite3.Connection, name: str) -> RepDetail | None:
    """Figures for one rep, or ``None`` when no stored call names them."""
    rows = _rows(conn, name)
    overall = [g for g in aggregate(rows, "rep") if g.group == name]
    if not overall:
        return None
    months = sorted(aggregate(rows, "month"), key=lambda g: g.group, reverse=True)
    return RepDetail(name, overall[0], tuple(months), reviewed_by_rep(conn).get(name, 0))
