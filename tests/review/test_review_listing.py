"""The call list: query parsing, every filter and sort, pagination and the index it uses."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from review_builders import put, report

from analyzer.batch.store import Store
from analyzer.review.actions import CallRef, NewAction
from analyzer.review.db import insert_action
from analyzer.review.listing import (
    ListQuery,
    count_calls,
    fetch_page,
    order_clause,
    parse_list_query,
    rep_names,
    where_clause,
)

REPS = ("Dana Ruiz", "Dana", "Lee Chen, Dana Ruiz", "Priya Nair")
DECISIONS = ("advance", "no_decision", "decline", "regress", "no_decision")


def spec(i: int) -> dict[str, Any]:
    """Call ``i`` of the fixture store: attributes cycle so every filter has hits and misses."""
    return {
        "sellers": REPS[i % len(REPS)],
        "date": None if i % 11 == 0 else f"2026-{1 + i % 12:02d}-{1 + i % 27:02d}",
        "decision": DECISIONS[i % len(DECISIONS)],
        "led_by": "seller" if i % 3 == 0 else "prospect",
        "giveaways": i % 4,
    }


N = 60


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    path = tmp_path_factory.mktemp("listing") / "list.db"
    store = Store(path)
    for i in range(N):
        s = spec(i)
        names = s["sellers"].split(", ")
        turns = [(n, "seller", f"Hello from {n}, call {i}. I'll send the deck.") for n in names]
        turns.append(("Pat Buyer", "prospect", "Let me think it over."))
        hits = [("giveaway", 0, "I'll send the deck.")] * s["giveaways"]
        rep = report(
            turns,
            hits,
            decision=s["decision"],
            led_by=s["led_by"],
            date=s["date"],
            source=f"calls/{i:03d}.txt",
        )
        call_id = put(store, rep, content=f"call {i}")
        if i % 7 == 0:  # every 7th call has a coach action
            row = store.db.execute(
                "SELECT content_hash FROM calls WHERE id=?", (call_id,)
            ).fetchone()
            ref = CallRef(call_id, row[0], "0", rep["source"])
            insert_action(store.db, ref, NewAction("set_decision", value="advance"), "coach")
    store.close()
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    yield db
    db.close()


def matching(q: ListQuery) -> list[int]:
    """Ids (1-based insertion order) the query should return, computed from the spec."""
    out = []
    for i in range(N):
        s = spec(i)
        if q.rep and q.rep not in s["sellers"].split(", "):
            continue
        if q.date_from and (s["date"] is None or s["date"] < q.date_from):
            continue
        if q.date_to and (s["date"] is None or s["date"] > q.date_to):
            continue
        if q.decision and s["decision"] != q.decision:
            continue
        if q.led_by and s["led_by"] != q.led_by:
            continue
        if q.giveaways == "yes" and not s["giveaways"]:
            continue
        if q.giveaways == "no" and s["giveaways"]:
            continue
        if q.reviewed == "yes" and i % 7:
            continue
        if q.reviewed == "no" and not i % 7:
            continue
        out.append(i + 1)
    return out


@pytest.mark.parametrize(
    "query",
    [
        ListQuery(),
        ListQuery(rep="Dana Ruiz"),  # also matches the two-seller calls
        ListQuery(rep="Dana"),  # near miss: must not match "Dana Ruiz"
        ListQuery(rep="Ruiz"),  # near miss: part of a name matches nothing
        ListQuery(rep="dana ruiz"),  # names are matched exactly, case included
        ListQuery(date_from="2026-03-01"),
        ListQuery(date_to="2026-03-01"),
        ListQuery(date_from="2026-02-01", date_to="2026-04-30"),
        ListQuery(decision="no_decision"),
        ListQuery(decision="regress", led_by="seller"),
        ListQuery(led_by="prospect"),
        ListQuery(giveaways="yes"),
        ListQuery(giveaways="no"),
        ListQuery(reviewed="yes"),
        ListQuery(reviewed="no"),
        ListQuery(rep="Dana Ruiz", decision="no_decision", giveaways="yes", reviewed="no"),
    ],
)
def test_filters_match_exactly_the_right_calls(conn: sqlite3.Connection, query: ListQuery) -> None:
    expected = matching(query)
    page = fetch_page(conn, query, page_size=1000)
    assert sorted(r["id"] for r in page.rows) == expected
    assert page.total == len(expected) == count_calls(conn, query)


@pytest.mark.parametrize(
    ("sort", "column"),
    [
        ("date", "call_date"),
        ("-date", "call_date"),
        ("score", "led_by_score"),
        ("-score", "led_by_score"),
        ("giveaways", "giveaways"),
        ("-giveaways", "giveaways"),
    ],
)
def test_sorting(conn: sqlite3.Connection, sort: str, column: str) -> None:
    rows = fetch_page(conn, ListQuery(sort=sort), page_size=1000).rows
    # ties are broken by date, then id; an undated call sorts before every dated one
    keys = [
        (r[column] if r[column] is not None else "", r["call_date"] or "", r["id"]) for r in rows
    ]
    assert keys == sorted(keys, reverse=sort.startswith("-"))


def test_pages_cover_every_call_once(conn: sqlite3.Connection) -> None:
    q = ListQuery(decision="no_decision")
    first = fetch_page(conn, q, page_size=7)
    seen = []
    for n in range(1, first.pages + 1):
        page = fetch_page(conn, ListQuery(decision="no_decision", page=n), page_size=7)
        assert len(page.rows) <= 7 and page.first == (n - 1) * 7 + 1
        seen.extend(r["id"] for r in page.rows)
    assert sorted(seen) == matching(q) and len(seen) == len(set(seen))
    # a page past the end shows the last page rather than nothing
    beyond = fetch_page(conn, ListQuery(decision="no_decision", page=999), page_size=7)
    assert beyond.query.page == first.pages and beyond.rows


def test_rows_carry_coach_corrections(conn: sqlite3.Connection) -> None:
    rows = fetch_page(conn, ListQuery(), page_size=1000).rows
    reviewed = {r["id"] for r in rows if r["coach"]}
    assert reviewed == {i + 1 for i in range(N) if i % 7 == 0}
    assert all(r["coach"]["decision"] == "advance" for r in rows if r["coach"])


def test_rep_names_split_multi_seller_calls(conn: sqlite3.Connection) -> None:
    assert rep_names(conn) == ["Dana", "Dana Ruiz", "Lee Chen", "Priya Nair"]


@pytest.mark.parametrize("sort", ["date", "-score", "giveaways"])
@pytest.mark.parametrize(
    "query",
    [ListQuery(), ListQuery(rep="Dana"), ListQuery(decision="advance", giveaways="yes")],
)
def test_page_ids_come_from_a_covering_index(
    conn: sqlite3.Connection, query: ListQuery, sort: str
) -> None:
    where, params = where_clause(query)
    index, order = order_clause(sort)
    plan = " ".join(
        str(r[3])
        for r in conn.execute(
            f"EXPLAIN QUERY PLAN SELECT id FROM calls INDEXED BY {index} WHERE {where} "
            f"ORDER BY {order} LIMIT 50",
            params,
        )
    )
    assert f"COVERING INDEX {index}" in plan and "TEMP B-TREE" not in plan


@pytest.mark.parametrize(
    ("args", "expected", "problems"),
    [
        ({}, ListQuery(), 0),
        (
            {"rep": " Dana Ruiz ", "decision": "advance", "page": "3"},
            ListQuery(rep="Dana Ruiz", decision="advance", page=3),
            0,
        ),
        (
            {"date_from": "2026-03-02", "date_to": "2026-04-01", "sort": "-score"},
            ListQuery(date_from="2026-03-02", date_to="2026-04-01", sort="-score"),
            0,
        ),
        ({"date_from": "03/02/2026"}, ListQuery(), 1),
        ({"decision": "maybe", "led_by": "both"}, ListQuery(), 2),
        ({"giveaways": "yes", "reviewed": "no"}, ListQuery(giveaways="yes", reviewed="no"), 0),
        ({"giveaways": "true"}, ListQuery(), 1),
        ({"sort": "source; DROP TABLE calls"}, ListQuery(), 1),
        ({"page": "-4"}, ListQuery(page=1), 0),
        ({"page": "two"}, ListQuery(), 1),
    ],
)
def test_parse_list_query(args: dict[str, str], expected: ListQuery, problems: int) -> None:
    query, found = parse_list_query(args)
    assert query == expected
    assert len(found) == problems


def test_params_round_trip() -> None:
    q = ListQuery(rep="A & B", date_from="2026-01-01", decision="advance", sort="score", page=2)
    from urllib.parse import parse_qsl

    assert parse_list_query(dict(parse_qsl(q.params())))[0] == q
    assert "page" not in q.params(page=1)
    assert ListQuery().params() == ""


def test_every_combination_of_sort_and_filter_runs(conn: sqlite3.Connection) -> None:
    for sort, decision in itertools.product(
        ["date", "-date", "score", "giveaways"], [None, "advance"]
    ):
        q = ListQuery(sort=sort, decision=decision, reviewed="yes")
        assert fetch_page(conn, q).total == len(matching(q))


def test_empty_store(tmp_path: Path) -> None:
    Store(tmp_path / "e.db").close()
    db = sqlite3.connect(tmp_path / "e.db")
    db.row_factory = sqlite3.Row
    page = fetch_page(db, ListQuery(page=5))
    assert (page.total, page.pages, page.rows, page.first, page.last) == (0, 1, (), 0, 0)
