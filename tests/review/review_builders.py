"""Builders for stored calls: JSON reports shaped like ``report_dict``, no analyzer run."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from analyzer.batch.store import Store, StoredCall, report_row

Turn = tuple[str, str, str]  # speaker, role, text
Hit = tuple[str, int, str]  # label, turn, quote (must occur in the turn's text)


def finding(
    label: str, turn: int, text: str, quote: str, speaker: str, role: str
) -> dict[str, Any]:
    start = text.index(quote)
    return {
        "label": label,
        "turn": turn,
        "start_char": start,
        "end_char": start + len(quote),
        "quote": quote,
        "score": 0.8,
        "evidence": {
            "speaker": speaker,
            "role": role,
            "time": None,
            "source": "rules",
            "rule": f"{label}.test@1",
            "model": None,
            "cue": quote[:10],
            "raw_score": 0.8,
            "adjustments": [],
        },
    }


def report(
    turns: Sequence[Turn],
    hits: Sequence[Hit] = (),
    *,
    decision: str = "no_decision",
    led_by: str = "prospect",
    date: str | None = "2026-03-02",
    source: str = "calls/a.txt",
    call_id: str | None = None,
) -> dict[str, Any]:
    """A JSON report with the given turns and findings (every quote must be in its turn)."""
    findings = [
        finding(label, t, turns[t][2], quote, turns[t][0], turns[t][1]) for label, t, quote in hits
    ]
    labels: dict[int, list[str]] = {}
    for f in findings:
        labels.setdefault(f["turn"], []).append(f["label"])
    speakers = {s: r for s, r, _ in turns}
    first = findings[0] if findings else None
    evidence = (
        [
            {
                "turn": first["turn"],
                "label": first["label"],
                "speaker": first["evidence"]["speaker"],
                "time": None,
                "quote": first["quote"],
                "reason": f"{first['label']} found",
            }
        ]
        if first
        else []
    )
    side = {
        "talk_seconds": None,
        "words": 10,
        "talk_ratio": 0.5,
        "turns": 1,
        "questions": 1,
        "longest_monologue_seconds": None,
        "longest_monologue_words": 5,
    }
    return {
        "schema_version": "1",
        "source": source,
        "format": "text",
        "date": date,
        "call_id": call_id,
        "speakers": [
            {"speaker": s, "role": r, "source": "test", "confidence": 1.0, "reasons": []}
            for s, r in speakers.items()
        ],
        "turns": [
            {
                "index": i,
                "speaker": s,
                "role": r,
                "start": None,
                "end": None,
                "text": text,
                "labels": sorted(set(labels.get(i, []))),
            }
            for i, (s, r, text) in enumerate(turns)
        ],
        "findings": findings,
        "decision": {
            "value": decision,
            "reached": decision in ("advance", "decline"),
            "rationale": f"test rationale for {decision}",
            "evidence": evidence,
        },
        "led_by": {
            "value": led_by,
            "score": 70 if led_by == "seller" else 20,
            "components": {
                "steering": {"points": -5.0, "detail": "test detail", "evidence": evidence},
                "agenda": {"points": 0.0, "detail": "nobody framed it", "evidence": []},
            },
        },
        "next_step": None,
        "metrics": {
            "basis": "words",
            "talk_ratio": {"seller": 0.5, "prospect": 0.5},
            "longest_monologue": {
                "seller": {"seconds": None, "words": 5},
                "prospect": {"seconds": None, "words": 5},
            },
            "questions": {"seller": 1, "prospect": 1},
            "interactivity": 2.0,
            "patience_seconds": None,
            "duration_seconds": None,
            "turns": len(turns),
            "sides": {"seller": side, "prospect": side},
        },
        "suppressed_findings": [],
        "warnings": [],
        "versions": {"callscore": "test"},
    }


SALES_CALL: tuple[Turn, ...] = (
    ("Dana Ruiz", "seller", "Thanks for making time today. Shall we look at the demo?"),
    ("Sam Okafor", "prospect", "Just send me some info and I'll look at it."),
    ("Dana Ruiz", "seller", "Sure, I'll send you some information tonight."),
    ("Sam Okafor", "prospect", "Let me think it over. Call me next quarter."),
    ("Narrator", "unknown", "[crosstalk]"),
)
SALES_HITS: tuple[Hit, ...] = (
    ("stall", 1, "Just send me some info"),
    ("giveaway", 2, "I'll send you some information tonight."),
    ("stall", 3, "Let me think it over."),
)


def put(
    store: Store,
    rep: dict[str, Any],
    *,
    key: str = "0",
    content: str | None = None,
    force: bool = False,
) -> int:
    """Store one report as `callscore batch` would; returns the call's row id."""
    row, findings = report_row(rep)
    digest = hashlib.sha256((content or json.dumps(rep["turns"])).encode()).hexdigest()
    store.put_calls([StoredCall(rep["source"], key, digest, row, findings)], "cfg", force=force)
    found = store.db.execute(
        "SELECT MAX(id) FROM calls WHERE content_hash = ? AND call_key = ?", (digest, key)
    ).fetchone()
    return int(found[0])
