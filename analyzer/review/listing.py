"""The call list: filters and sorting from a query string, and one page of calls.

Parsing is pure (:func:`parse_list_query`); :func:`fetch_page` runs two small
queries.  The first picks the page's ids from a covering index alone (every
filter and sort column is in the ``calls_review_*`` indexes of the store's
review migration), so neither filtering nor ``OFFSET`` reads the big
``report_json`` rows; the second reads just the rows on the page.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from analyzer.model import DECISIONS, LED_BY_VALUES

PAGE_SIZE = 50

#: Sort names the list accepts, with their ORDER BY; a leading ``-`` means descending.
SORTS: dict[str, str] = {
    "date": "call_date {d}, id {d}",
    "score": "led_by_score {d}, call_date {d}, id {d}",
    "giveaways": "giveaways {d}, call_date {d}, id {d}",
}
#: The covering index each sort walks (named so the plan cannot drift to a row scan).
_SORT_INDEX = {
    "date": "calls_review_date",
    "score": "calls_review_score",
    "giveaways": "calls_review_giveaways",
}
DEFAULT_SORT = "-date"
YES_NO = ("yes", "no")

_LIST_COLUMNS = (
    "id, source, call_key, call_date, sellers, prospects, decision, led_by, led_by_score, "
    "commitments, stalls, declines, giveaways, turns, duration_seconds"
)


@dataclass(frozen=True, slots=True)
class ListQuery:
    """What the coach asked the list for."""

    rep: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    decision: str | None = None
    led_by: str | None = None
    giveaways: str | None = None
    reviewed: str | None = None
    sort: str = DEFAULT_SORT
    page: int = 1

    def params(self, **changes: Any) -> str:
        """The query string for this list, with some fields changed (for links)."""
        q = replace(self, **changes)
        pairs = [
            (name, value)
            for name, value in (
                ("rep", q.rep),
                ("date_from", q.date_from),
                ("date_to", q.date_to),
                ("decision", q.decision),
                ("led_by", q.led_by),
                ("giveaways", q.giveaways),
                ("reviewed", q.reviewed),
                ("sort", q.sort if q.sort != DEFAULT_SORT else None),
                ("page", str(q.page) if q.page != 1 else None),
            )
            if value
        ]
        return urlencode(pairs)

    @property
    def filtered(self) -> bool:
        """Whether any filter is set."""
        return any(
            (self.rep, self.date_from, self.date_to, self.decision, self.led_by,
             self.giveaways, self.reviewed)
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ListPage:
    """One page of the list."""

    query: ListQuery
    rows: tuple[dict[str, Any], ...]
    total: int
    pages: int
    page_size: int

    @property
    def first(self) -> int:
        """1-based position of the first row on this page (0 when empty)."""
        return (self.query.page - 1) * self.page_size + 1 if self.rows else 0

    @property
    def last(self) -> int:
        """1-based position of the last row on this page."""
        return self.first + len(self.rows) - 1 if self.rows else 0


def _iso_date(value: str, name: str, problems: list[str]) -> str | None:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        problems.append(f"{name} must be a date like 2026-03-02, not {value!r}: ignored")
        return None


def _choice(value: str, allowed: Sequence[str], name: str, problems: list[str]) -> str | None:
    if value in allowed:
        return value
    problems.append(f"{name} must be one of {', '.join(allowed)}, not {value!r}: ignored")
    return None


def parse_list_query(args: Mapping[str, str]) -> tuple[ListQuery, list[str]]:
    """A :class:`ListQuery` from request arguments, and a message per value ignored."""
    problems: list[str] = []

    def arg(name: str) -> str:
        return (args.get(name) or "").strip()

    rep = arg("rep") or None
    date_from = _iso_date(arg("date_from"), "from", problems) if arg("date_from") else None
    date_to = _iso_date(arg("date_to"), "to", problems) if arg("date_to") else None
    decision = (
        _choice(arg("decision"), DECISIONS, "decision", problems) if arg("decision") else None
    )
    led_by = _choice(arg("led_by"), LED_BY_VALUES, "led by", problems) if arg("led_by") else None
    giveaways = (
        _choice(arg("giveaways"), YES_NO, "giveaways", problems) if arg("giveaways") else None
    )
    reviewed = _choice(arg("reviewed"), YES_NO, "reviewed", problems) if arg("reviewed") else None
    sort = arg("sort") or DEFAULT_SORT
    if sort.lstrip("-") not in SORTS:
        problems.append(f"cannot sort by {sort!r}: sorted by date instead")
        sort = DEFAULT_SORT
    page = 1
    if arg("page"):
        try:
            page = max(1, int(arg("page")))
        except ValueError:
            problems.append(f"page must be a number, not {arg('page')!r}: showing page 1")
    return (
        ListQuery(rep, date_from, date_to, decision, led_by, giveaways, reviewed, sort, page),
        problems,
    )


_REVIEWED_IDS = (
    "SELECT c2.id FROM (SELECT DISTINCT content_hash, call_key FROM coach_actions) a "
    "JOIN calls c2 ON c2.content_hash = a.content_hash AND c2.call_key = a.call_key"
)


def where_clause(query: ListQuery) -> tuple[str, list[Any]]:
    """The SQL condition (on indexed columns only) and its parameters."""
    terms: list[str] = []
    params: list[Any] = []
    if query.rep:
        # sellers is "A, B": match one whole name, exactly.
        terms.append("instr(', ' || sellers || ', ', ?) > 0")
        params.append(f", {query.rep}, ")
    if query.date_from:
        terms.append("call_date >= ?")
        params.append(query.date_from)
    if query.date_to:
        terms.append("call_date <= ?")
        params.append(query.date_to)
    if query.decision:
        terms.append("decision = ?")
        params.append(query.decision)
    if query.led_by:
        terms.append("led_by = ?")
        params.append(query.led_by)
    if query.giveaways == "yes":
        terms.append("giveaways > 0")
    elif query.giveaways == "no":
        terms.append("giveaways = 0")
    if query.reviewed == "yes":
        terms.append(f"id IN ({_REVIEWED_IDS})")
    elif query.reviewed == "no":
        terms.append(f"id NOT IN ({_REVIEWED_IDS})")
    return (" AND ".join(terms) or "1"), params


def order_clause(sort: str) -> tuple[str, str]:
    """``(index name, ORDER BY text)`` for a sort name such as ``-date``."""
    name = sort.lstrip("-")
    direction = "DESC" if sort.startswith("-") else "ASC"
    return _SORT_INDEX[name], SORTS[name].format(d=direction)


def count_calls(conn: sqlite3.Connection, query: ListQuery) -> int:
    """How many calls match the filters."""
    where, params = where_clause(query)
    return int(conn.execute(f"SELECT COUNT(*) FROM calls WHERE {where}", params).fetchone()[0])


def fetch_page(conn: sqlite3.Connection, query: ListQuery, page_size: int = PAGE_SIZE) -> ListPage:
    """One page of calls matching ``query``, with their coach status."""
    total = count_calls(conn, query)
    pages = max(1, math.ceil(total / page_size))
    query = replace(query, page=min(query.page, pages))
    where, params = where_clause(query)
    index, order = order_clause(query.sort)
    ids = [
        int(r[0])
        for r in conn.execute(
            f"SELECT id FROM calls INDEXED BY {index} WHERE {where} ORDER BY {order} "
            "LIMIT ? OFFSET ?",
            [*params, page_size, (query.page - 1) * page_size],
        )
    ]
    rows = _rows(conn, ids)
    return ListPage(query, tuple(rows), total, pages, page_size)


def _rows(conn: sqlite3.Connection, ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    marks = ",".join("?" for _ in ids)
    by_id = {
        int(r["id"]): dict(r)
        for r in conn.execute(f"SELECT {_LIST_COLUMNS} FROM calls WHERE id IN ({marks})", ids)
    }
    coach: dict[int, dict[str, Any]] = {}
    for r in conn.execute(
        "SELECT c.id, a.action, a.value, a.reviewer FROM calls c JOIN coach_actions a "
        "ON a.content_hash = c.content_hash AND a.call_key = c.call_key "
        f"WHERE c.id IN ({marks}) ORDER BY a.id",
        ids,
    ):
        info = coach.setdefault(int(r["id"]), {"actions": 0, "reviewers": []})
        info["actions"] += 1
        if r["reviewer"] not in info["reviewers"]:
            info["reviewers"].append(r["reviewer"])
        if r["action"] == "set_decision":
            info["decision"] = r["value"]
        elif r["action"] == "set_led_by":
            info["led_by"] = r["value"]
    out = []
    for call_id in ids:
        row = by_id[call_id]
        row["coach"] = coach.get(call_id)
        out.append(row)
    return out


def rep_names(conn: sqlite3.Connection) -> list[str]:
    """Every seller named in the store, for the rep filter's suggestions."""
    names: set[str] = set()
    for (sellers,) in conn.execute(
        "SELECT DISTINCT sellers FROM calls INDEXED BY calls_review_date"
    ):
        names.update(s.strip() for s in (sellers or "").split(",") if s.strip())
    return sorted(names, key=str.casefold)
