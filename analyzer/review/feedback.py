"""Coach-reviewed calls as labelled data (``gold-format.md``), for ``train --extra``.

Every call a coach acted on becomes one gold record: its turns as the
analyzer read them, each turn's ``labels`` the machine's adjusted by the
coach (rejected findings dropped, added ones kept), and ``decision`` and
``led_by`` the coach's correction or else the machine's value.  All turns of a
reviewed call count as labelled: the coach saw the whole call.  Provenance
(``"source": "coach-feedback"``, reviewers, store ids) rides along in fields
the gold reader ignores.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from analyzer.errors import UsageError
from analyzer.review.actions import (
    CallRef,
    ReviewState,
    coach_only_keys,
    finding_status,
    machine_keys,
    review_state,
    turn_labels,
)
from analyzer.review.db import load_actions, load_call, reviewed_calls

FEEDBACK_SOURCE = "coach-feedback"


def _turn(turn: Mapping[str, Any], labels: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "speaker": turn["speaker"],
        "role": turn.get("role") or "unknown",
        "text": turn["text"],
    }
    for name in ("start", "end"):
        if turn.get(name) is not None:
            out[name] = turn[name]
    # An unknown-role turn is never labelled (labels.md), whatever the findings say.
    out["labels"] = list(labels) if out["role"] != "unknown" else []
    return out


def _corrections(report: Mapping[str, Any], state: ReviewState) -> dict[str, int]:
    statuses = [finding_status(k, state, machine=True) for k in machine_keys(report)]
    added = [finding_status(k, state, machine=False) for k in coach_only_keys(report, state)]
    return {
        "confirmed": statuses.count("confirmed"),
        "rejected": statuses.count("rejected"),
        "added": added.count("added"),
    }


def feedback_record(
    report: Mapping[str, Any], state: ReviewState, ref: CallRef, record_id: str
) -> dict[str, Any]:
    """One reviewed call as a gold-format record (pure)."""
    labels = turn_labels(report, state)
    decision = report["decision"]["value"]
    led_by = report["led_by"]["value"]
    record: dict[str, Any] = {"id": record_id}
    if report.get("date"):
        record["date"] = report["date"]
    record["turns"] = [_turn(t, labels.get(int(t["index"]), ())) for t in report["turns"]]
    record["decision"] = state.decision.value if state.decision else decision
    record["led_by"] = state.led_by.value if state.led_by else led_by
    record.update(
        {
            "source": FEEDBACK_SOURCE,
            "reviewers": list(state.reviewers),
            "reviewed_at": state.last_at,
            "call_source": ref.source,
            "call_key": ref.call_key,
            "store_call_id": ref.call_id,
            "content_hash": ref.content_hash,
            "machine": {"decision": decision, "led_by": led_by},
            "corrections": _corrections(report, state),
            "notes": [
                {"reviewer": n.reviewer, "at": n.created_at, "text": n.value} for n in state.notes
            ],
        }
    )
    return record


def _record_id(ref: CallRef, report: Mapping[str, Any], seen: set[str]) -> str:
    base = str(report.get("call_id") or f"{ref.source}#{ref.call_key}")
    record_id = base if base not in seen else f"{base}@{ref.content_hash[:12]}"
    n = 2
    while record_id in seen:  # the same id and content twice: keep ids unique anyway
        record_id = f"{base}@{ref.content_hash[:12]}-{n}"
        n += 1
    seen.add(record_id)
    return record_id


def feedback_records(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """A gold record for every call a coach acted on, in order of first review."""
    seen: set[str] = set()
    for ref in reviewed_calls(conn):
        loaded = load_call(conn, ref.call_id)
        if loaded is None:  # pragma: no cover - reviewed_calls only yields stored calls
            continue
        _, report = loaded
        state = review_state(load_actions(conn, ref))
        yield feedback_record(report, state, ref, _record_id(ref, report, seen))


def write_feedback(
    records: Sequence[Mapping[str, Any]] | Iterator[dict[str, Any]], target: Path
) -> int:
    """Write records as JSON Lines, atomically (a temporary file renamed into place)."""
    if target.suffix.lower() not in (".jsonl", ".ndjson"):
        raise UsageError(
            f"cannot write feedback to {target.name!r}",
            fix="name a .jsonl file (the gold format is JSON Lines)",
        )
    tmp = target.with_name(f".{target.name}.tmp")
    n = 0
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(
            f"{target}: cannot write ({exc})", fix="check the folder exists and is writable"
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)  # e.g. the store failed mid-way: leave nothing half-written
        raise
    return n
