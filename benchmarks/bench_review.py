"""Speed of the review app's call list over a store of 50,000 calls (target: first page < 300 ms).

Builds a results store of synthetic calls (the list page is measured, not the
analyzer: each row gets a realistic ~16 KB JSON report, reps, dates, decisions
and findings), then times pages of the review app, each the median of several
runs after one warm-up, both through Flask's test client (rendering only) and
over HTTP from the threaded server ``callscore review`` uses.  The very first
request after start-up (cold caches) is printed too.

    python benchmarks/bench_review.py                # build in a temp dir, measure, delete
    python benchmarks/bench_review.py --keep /tmp/bench.db   # reuse (or build once) a store
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from analyzer.batch.store import Store, StoredCall, report_row
from analyzer.review.app import ReviewConfig, create_app
from analyzer.review.server import bind

TARGET_MS = 300.0
LABELS = ("commitment", "stall", "decline", "giveaway")
DECISIONS = ("advance", "no_decision", "no_decision", "decline", "regress")
WORDS = (
    "we", "could", "look", "at", "the", "pricing", "next", "quarter", "team", "demo", "send",
    "over", "proposal", "budget", "really", "think", "about", "it", "trucks", "schedule",
)  # fmt: skip


def _turn_text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _report(rng: random.Random, i: int, reps: list[str], report_kb: int) -> dict[str, Any]:
    sellers = [rng.choice(reps)] + ([rng.choice(reps)] if rng.random() < 0.1 else [])
    sellers = list(dict.fromkeys(sellers))
    prospect = f"Prospect {i % 997}"
    turns = []
    size = 0
    n = 0
    while size < report_kb * 1024 * 0.8:  # the turns are most of a report's bytes
        seller_turn = n % 2 == 0
        text = _turn_text(rng, rng.randint(8, 40))
        turns.append(
            {
                "index": n, "speaker": sellers[0] if seller_turn else prospect,
                "role": "seller" if seller_turn else "prospect", "start": n * 9.5,
                "end": n * 9.5 + 8, "text": text, "labels": [],
            }
        )  # fmt: skip
        size += len(text) + 120
        n += 1
    findings = []
    for _ in range(rng.randint(0, 8)):
        label = rng.choice(LABELS)
        candidates = [t for t in turns if (t["role"] == "seller") == (label == "giveaway")]
        turn = rng.choice(candidates)
        end = min(len(turn["text"]), 30)
        turn["labels"] = sorted({*turn["labels"], label})
        findings.append(
            {
                "label": label, "turn": turn["index"], "start_char": 0, "end_char": end,
                "quote": turn["text"][:end], "score": round(rng.random(), 2),
                "evidence": {"speaker": turn["speaker"], "role": turn["role"],
                             "time": turn["start"], "source": "rules",
                             "rule": f"{label}.bench@1", "model": None, "cue": None,
                             "raw_score": 0.7, "adjustments": []},
            }
        )  # fmt: skip
    decision = rng.choice(DECISIONS)
    day = 1 + (i * 7919) % 730
    date = time.strftime("%Y-%m-%d", time.gmtime(1_735_689_600 + day * 86_400))
    side = {
        "talk_seconds": 100.0, "words": 500, "talk_ratio": 0.5, "turns": n // 2, "questions": 4,
        "longest_monologue_seconds": 30.0, "longest_monologue_words": 80,
    }  # fmt: skip
    return {
        "schema_version": "1", "source": f"archive/{date}/call-{i:06d}.vtt", "format": "zoom-vtt",
        "date": date if rng.random() > 0.05 else None, "call_id": None,
        "speakers": [{"speaker": s, "role": "seller", "source": "bench", "confidence": 1.0,
                      "reasons": []} for s in sellers]
        + [{"speaker": prospect, "role": "prospect", "source": "bench", "confidence": 1.0,
            "reasons": []}],
        "turns": turns, "findings": findings,
        "decision": {"value": decision, "reached": decision in ("advance", "decline"),
                     "rationale": "synthetic", "evidence": []},
        "led_by": {"value": rng.choice(("seller", "prospect")), "score": rng.randint(0, 100),
                   "components": {"accepted_stalls": {"points": -5.0, "detail": "synthetic",
                                                      "evidence": []}}},
        "next_step": None,
        "metrics": {"basis": "time", "talk_ratio": {"seller": 0.5, "prospect": 0.5},
                    "longest_monologue": {"seller": {"seconds": 30.0, "words": 80},
                                          "prospect": {"seconds": 20.0, "words": 50}},
                    "questions": {"seller": 4, "prospect": 2}, "interactivity": 5.0,
                    "patience_seconds": 0.8, "duration_seconds": n * 9.5, "turns": n,
                    "sides": {"seller": side, "prospect": side}},
        "suppressed_findings": [], "warnings": [], "versions": {"callscore": "bench"},
    }  # fmt: skip


def build_store(path: Path, calls: int, report_kb: int, seed: int = 7) -> None:
    """Write ``calls`` synthetic calls into a new store at ``path``."""
    rng = random.Random(seed)
    reps = [f"Rep {chr(65 + i % 26)}{i // 26} Example" for i in range(60)]
    store = Store(path)
    batch: list[StoredCall] = []
    started = time.perf_counter()
    for i in range(calls):
        rep = _report(rng, i, reps, report_kb)
        row, findings = report_row(rep)
        digest = hashlib.sha256(f"bench-{seed}-{i}".encode()).hexdigest()
        batch.append(StoredCall(rep["source"], "0", digest, row, findings))
        if len(batch) == 1000 or i == calls - 1:
            store.put_calls(batch, "bench", force=False)
            batch = []
            print(f"\r  stored {i + 1:,}/{calls:,} calls", end="", file=sys.stderr, flush=True)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    print(f" in {time.perf_counter() - started:.0f}s", file=sys.stderr)


def timed(fetch: Callable[[], bytes], runs: int) -> tuple[float, float]:
    """(median ms, min ms) of ``runs`` calls after one warm-up; each must return a page."""
    assert len(fetch()) > 1000
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fetch()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


PAGES = (
    ("first page", "/calls"),
    ("filter: decision", "/calls?decision=no_decision"),
    ("filter: rep", "/calls?rep=Rep+C1+Example"),
    ("filter: dates, giveaways; by score", "/calls?date_from=2025-06-01&date_to=2025-09-30"
     "&giveaways=yes&sort=-score"),
    ("filter: not reviewed", "/calls?reviewed=no"),
    ("page 900 (deep offset)", "/calls?page=900"),
    ("call page", "/calls/{call}"),
    ("per-rep view", "/reps"),
)  # fmt: skip


def main() -> int:
    """Build (or reuse) the store, time the pages, print a table; exit 1 if over target."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=50_000)
    parser.add_argument("--report-kb", type=int, default=16, help="Size of each JSON report.")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep", type=Path, help="Store to reuse (built there if missing).")
    args = parser.parse_args()

    tmp = None
    if args.keep is not None:
        path = args.keep
    else:
        tmp = tempfile.TemporaryDirectory(prefix="bench-review-")
        path = Path(tmp.name) / "bench.db"
    if not path.exists():
        print(f"building {args.calls:,} calls of ~{args.report_kb} KB in {path}", file=sys.stderr)
        build_store(path, args.calls, args.report_kb)
    size_mb = path.stat().st_size / 1e6

    started = time.perf_counter()
    app = create_app(ReviewConfig(store=path, reviewer="bench"))
    client = app.test_client()
    cold = client.get("/calls")
    cold_ms = (time.perf_counter() - started) * 1000
    assert cold.status_code == 200
    with app.extensions["callscore_review_db"].connection() as conn:
        call, count = conn.execute("SELECT MAX(id), COUNT(*) FROM calls").fetchone()

    server = bind(app, "127.0.0.1", 0, None)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log lines in the table
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.port}"

    def via_client(url: str) -> Callable[[], bytes]:
        return lambda: client.get(url).get_data()

    def via_http(url: str) -> Callable[[], bytes]:
        def fetch() -> bytes:
            with urllib.request.urlopen(base + url) as response:
                return bytes(response.read())

        return fetch

    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}; "
          f"store: {count:,} calls, {size_mb:,.0f} MB; median of {args.runs} runs")  # fmt: skip
    print(f"cold start + first page (app creation, migration check, first query): {cold_ms:.0f} ms")
    print(f"{'page':<40} {'client ms':>10} {'min':>6} {'http ms':>9} {'min':>6} {'target':>7}")
    ok = True
    for name, url in PAGES:
        url = url.format(call=call)
        med_c, min_c = timed(via_client(url), args.runs)
        med_h, min_h = timed(via_http(url), args.runs)
        target = f"{TARGET_MS:.0f}" if name == "first page" else ""
        if name == "first page":
            ok = med_c < TARGET_MS and med_h < TARGET_MS
        print(f"{name:<40} {med_c:>10.1f} {min_c:>6.1f} {med_h:>9.1f} {min_h:>6.1f} {target:>7}")
    server.shutdown()
    server.server_close()
    if tmp is not None:
        tmp.cleanup()
    print("first page under target" if ok else "FIRST PAGE OVER TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
