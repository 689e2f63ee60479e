"""Aggregates over a results store (``callscore summary``) and table exports.

:func:`aggregate` is pure: rows in, one :class:`GroupStats` per rep, team or
month out.  A call with two sellers counts once for each of them in the
per-rep view.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from analyzer.batch.store import Store
from analyzer.errors import UsageError

GROUPINGS = ("rep", "team", "month")

#: Columns of ``calls`` that summaries and exports read (never the big report_json).
SUMMARY_COLUMNS = (
    "id", "source", "call_key", "format", "call_date", "sellers", "prospects", "decision",
    "reached", "led_by", "led_by_score", "next_step", "next_step_due", "turns",
    "duration_seconds", "talk_ratio_seller", "commitments", "stalls", "declines", "giveaways",
    "accepted_stalls", "analyzed_at",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class GroupStats:
    """Figures for one rep, team or month."""

    group: str
    calls: int
    decision_rate: float
    advance_rate: float
    led_by_seller_share: float
    giveaways_per_call: float
    accepted_stalls_per_call: float
    seller_talk_ratio: float | None


def _keys(row: Mapping[str, Any], by: str, teams: Mapping[str, str]) -> list[str]:
    if by == "month":
        date = row.get("call_date")
        return [date[:7] if date else "no date"]
    sellers = [s.strip() for s in (row.get("sellers") or "").split(",") if s.strip()]
    sellers = sellers or ["(no seller identified)"]
    if by == "rep":
        return sellers
    return sorted({teams.get(s, "(no team)") for s in sellers})


def aggregate(
    rows: Iterable[Mapping[str, Any]], by: str, teams: Mapping[str, str] | None = None
) -> list[GroupStats]:
    """Per-group figures, largest groups first."""
    if by not in GROUPINGS:
        raise UsageError(f"cannot group by {by!r}", fix=f"use one of: {', '.join(GROUPINGS)}")
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        for key in _keys(row, by, teams or {}):
            groups.setdefault(key, []).append(row)
    out = []
    for key, members in groups.items():
        n = len(members)
        ratios = [r["talk_ratio_seller"] for r in members if r.get("talk_ratio_seller") is not None]
        out.append(
            GroupStats(
                group=key,
                calls=n,
                decision_rate=sum(bool(r["reached"]) for r in members) / n,
                advance_rate=sum(r["decision"] == "advance" for r in members) / n,
                led_by_seller_share=sum(r["led_by"] == "seller" for r in members) / n,
                giveaways_per_call=sum(int(r["giveaways"]) for r in members) / n,
                accepted_stalls_per_call=sum(int(r["accepted_stalls"]) for r in members) / n,
                seller_talk_ratio=sum(ratios) / len(ratios) if ratios else None,
            )
        )
    out.sort(key=lambda g: (-g.calls, g.group))
    return out


def read_teams(path: Path) -> dict[str, str]:
    """A ``rep,team`` CSV (header optional) as a mapping."""
    teams: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read teams file ({exc})") from exc
    for n, cells in enumerate(csv.reader(io.StringIO(text)), 1):
        if not cells or (n == 1 and [c.strip().lower() for c in cells[:2]] == ["rep", "team"]):
            continue
        if len(cells) < 2:
            raise UsageError(f"{path}:{n}: expected 'rep,team'", fix="one rep and team per line")
        teams[cells[0].strip()] = cells[1].strip()
    return teams


def call_rows(store: Store) -> list[dict[str, Any]]:
    """The summary columns of every stored call."""
    cols = ", ".join(SUMMARY_COLUMNS)
    return [dict(r) for r in store.db.execute(f"SELECT {cols} FROM calls ORDER BY id")]


def stats_csv(stats: Sequence[GroupStats]) -> str:
    """Group figures as CSV text."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(GroupStats.__dataclass_fields__))
    writer.writeheader()
    for s in stats:
        writer.writerow(asdict(s))
    return buf.getvalue()


def export_calls(store: Store, target: Path) -> int:
    """Write the calls table to ``.csv``, ``.jsonl`` or ``.parquet``; returns the row count."""
    rows = call_rows(store)
    suffix = target.suffix.lower()
    if suffix == ".csv":
        with target.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(SUMMARY_COLUMNS))
            writer.writeheader()
            writer.writerows(rows)
    elif suffix == ".jsonl":
        with target.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif suffix == ".parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise UsageError(
                "writing .parquet needs pyarrow", fix="pip install 'callscore[parquet]'"
            ) from exc
        table = pa.Table.from_pylist(rows) if rows else pa.table({c: [] for c in SUMMARY_COLUMNS})
        pq.write_table(table, target)
    else:
        raise UsageError(
            f"cannot export to {target.name!r}", fix="name a .csv, .jsonl or .parquet file"
        )
    return len(rows)
