"""Batch runs end to end: real analyzer, real SQLite store, real processes and Dask."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analyzer.batch.pool import Recycling
from analyzer.batch.runner import BatchOptions, run_batch
from analyzer.batch.store import Store
from analyzer.errors import CallscoreError, ModelError
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


@pytest.mark.parametrize(
    ("workers", "recycling", "restarts"),
    [
        (2, Recycling(), 0),
        (1, Recycling(max_calls=2, max_memory_mb=0), 2),  # 5 sources, 2 per worker: 3 workers
    ],
)
def test_worker_processes_match_in_process(
    tmp_path: Path, workers: int, recycling: Recycling, restarts: int
) -> None:
    folder = make_archive_dir(tmp_path, 4)
    here, pooled = Store(tmp_path / "here.db"), Store(tmp_path / "pooled.db")
    run_batch([str(folder)], here, OPTIONS, workers=0)
    summary = run_batch([str(folder)], pooled, OPTIONS, workers=workers, recycling=recycling)
    here.close()
    pooled.close()
    assert summary.workers_replaced == restarts
    assert (summary.calls_written, summary.failed) == (4, 1)
    assert store_contents(tmp_path / "here.db") == store_contents(tmp_path / "pooled.db")


_COORDINATOR = """
import sys
from analyzer.batch.pool import Recycling
from analyzer.batch.runner import BatchOptions, run_batch
from analyzer.batch.store import Store
from analyzer.errors import CallscoreError, ModelError
store = Store(sys.argv[2])
summary = run_batch([sys.argv[1]], store, BatchOptions(), workers=1)
print(summary.calls_written, 'torch' in sys.modules, 'spacy' in sys.modules)
"""


def test_the_coordinator_loads_neither_spacy_nor_torch(tmp_path: Path) -> None:
    """The models live in the workers; the process writing the store stays small."""
    folder = make_archive_dir(tmp_path, 1)
    out = subprocess.run(
        [sys.executable, "-c", _COORDINATOR, str(folder), str(tmp_path / "r.db")],
        check=True,
        capture_output=True,
        text=True,
    )
    assert out.stdout.split() == ["1", "False", "False"]
    # Near miss: the workers did load them; the stored versions name the model that ran.
    db = sqlite3.connect(tmp_path / "r.db")
    (versions,) = db.execute("SELECT versions FROM calls").fetchone()
    db.close()
    shipped = (ROOT / "models" / "turn-classifier" / "config.json").exists()
    assert json.loads(versions)["model"].startswith("none") is not shipped


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (from /proc/PID/task/*/children)."""
    found: set[int] = set()
    queue = [pid]
    while queue:
        current = queue.pop()
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as handle:
                    children = [int(c) for c in handle.read().split()]
            except OSError:
                continue
            found.update(children)
            queue += children
    return found


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            state = handle.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


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
    workers = descendants(proc.pid)
    assert workers, "the run has no worker process"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 3 <= stored < 10
    # The workers notice their coordinator is gone and exit: nothing stays behind in memory.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.2)
    assert not any(alive(pid) for pid in workers)

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


@pytest.mark.parametrize("workers", [0, 1])
@pytest.mark.parametrize(
    ("missing", "message", "fix"),
    [
        ("classifier", r"no model at .*no-such-model", "callscore train"),
        ("spacy", r"'en_no_such_spacy' is not installed", "pip install"),
    ],
)
def test_a_model_that_cannot_load_stops_the_run_before_any_file(
    tmp_path: Path, workers: int, missing: str, message: str, fix: str
) -> None:
    """In a worker process or here: the model's own error, no file tried or recorded failed.

    (Recorded failures count as done: a run that failed every file would be skipped
    on the rerun after the model is installed.)
    """
    folder = make_archive_dir(tmp_path, 2)
    config = (
        AnalyzerConfig(model_dir=tmp_path / "no-such-model")
        if missing == "classifier"
        else AnalyzerConfig(nlp_model="en_no_such_spacy")
    )
    options = BatchOptions(analyzer=config)
    store = Store(tmp_path / "r.db")
    with pytest.raises(CallscoreError, match=message) as caught:
        run_batch([str(folder)], store, options, workers=workers)
    assert caught.value.exit_code == ModelError.exit_code
    assert fix in caught.value.one_line()  # the fix travels too
    assert store.count_calls() == 0 and store.failures() == []
    store.close()
