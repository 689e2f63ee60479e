"""Batch runs end to end: real analyzer, real SQLite store, real processes and Dask."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analyzer.batch.runner import BatchOptions, run_batch
from analyzer.batch.store import Store
from analyzer.pipeline import AnalyzerConfig

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = [p for p in sorted((ROOT / "samples").iterdir()) if p.suffix in (".txt", ".vtt")]
OPTIONS = BatchOptions(analyzer=AnalyzerConfig(use_model=False))

pytestmark = pytest.mark.slow


def make_archive_dir(root: Path, copies: int) -> Path:
    """``copies`` distinct transcripts (sample text with a distinct trailing line each)."""
    folder = root / "calls"
    folder.mkdir()
    for i in range(copies):
        sample = SAMPLES[i % len(SAMPLES)]
        # A comment (text) or NOTE block (VTT) makes each copy's content, and hash, distinct.
        extra = f"\n# copy {i}\n" if sample.suffix == ".txt" else f"\nNOTE copy {i}\n"
        (folder / f"{i:03d}-{sample.name}").write_text(
            sample.read_text(encoding="utf-8") + extra, encoding="utf-8"
        )
    (folder / "broken.vtt").write_bytes(b"\x00\x01 not a transcript")
    return folder


def store_contents(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    db = sqlite3.connect(path)
    calls = db.execute(
        "SELECT source, call_key, content_hash, decision, led_by, led_by_score, turns, "
        "commitments, stalls, declines, giveaways FROM calls ORDER BY source, call_key"
    ).fetchall()
    findings = db.execute(
        "SELECT c.source, f.label, f.turn, f.start_char, f.end_char, f.quote FROM findings f "
        "JOIN calls c ON c.id = f.call_id ORDER BY 1, 2, 3, 4"
    ).fetchall()
    db.close()
    return calls, findings


def test_batch_stores_every_call_records_failures_and_resumes(tmp_path: Path) -> None:
    folder = make_archive_dir(tmp_path, 4)
    store = Store(tmp_path / "r.db")
    summary = run_batch([str(folder)], store, OPTIONS)
    assert (summary.sources, summary.calls_written, summary.failed) == (5, 4, 1)
    assert "broken.vtt" in summary.failures[0][0]
    again = run_batch([str(folder)], store, OPTIONS)
    assert (again.calls_written, again.skipped) == (0, 5)  # resumed: nothing redone
    assert store.count_calls() == 4
    forced = run_batch([str(folder)], store, OPTIONS, force=True)
    assert forced.calls_written == 4 and store.count_calls() == 4
    store.close()


def test_local_process_pool_matches_in_process(tmp_path: Path) -> None:
    folder = make_archive_dir(tmp_path, 4)
    one, two = Store(tmp_path / "one.db"), Store(tmp_path / "two.db")
    run_batch([str(folder)], one, OPTIONS, workers=1)
    run_batch([str(folder)], two, OPTIONS, workers=2)
    one.close()
    two.close()
    assert store_contents(tmp_path / "one.db") == store_contents(tmp_path / "two.db")


def test_sigkill_mid_run_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    folder = make_archive_dir(tmp_path, 10)
    reference = tmp_path / "reference.db"
    cmd = [sys.executable, "-m", "analyzer", "batch", str(folder), "--workers", "1", "--no-model"]
    subprocess.run([*cmd, "--store", str(reference)], check=False, capture_output=True)

    crashed = tmp_path / "crashed.db"
    proc = subprocess.Popen([*cmd, "--store", str(crashed)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if crashed.exists():
            try:
                db = sqlite3.connect(crashed, timeout=1)
                stored = db.execute("SELECT COUNT(*) FROM calls").fetchone()[0]
                db.close()
            except sqlite3.Error:
                continue
            if stored >= 3:
                break
    assert proc.poll() is None, "the run finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 3 <= stored < 10

    rerun = subprocess.run([*cmd, "--store", str(crashed)], check=False, capture_output=True)
    assert rerun.returncode == 1  # the broken file is recorded as failed
    assert store_contents(crashed) == store_contents(reference)
    db = sqlite3.connect(crashed)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    dupes = db.execute(
        "SELECT COUNT(*) FROM (SELECT content_hash, call_key FROM calls "
        "GROUP BY content_hash, call_key HAVING COUNT(*) > 1)"
    ).fetchone()[0]
    assert dupes == 0
    db.close()


def test_dask_cluster_produces_the_same_store(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    folder = make_archive_dir(tmp_path, 3)
    local = Store(tmp_path / "local.db")
    run_batch([str(folder)], local, OPTIONS)
    local.close()
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
    ):
        remote = Store(tmp_path / "dask.db")
        summary = run_batch([str(folder)], remote, OPTIONS, scheduler=cluster.scheduler_address)
        remote.close()
    assert summary.calls_written == 3 and summary.failed == 1
    assert store_contents(tmp_path / "dask.db") == store_contents(tmp_path / "local.db")
