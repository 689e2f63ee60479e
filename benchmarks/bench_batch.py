"""Batch throughput and memory benchmark for the README (run with ``make bench-batch``).

    python benchmarks/bench_batch.py [--calls 1000] [--workers 1,2] [--no-model] [--keep DIR]
        [--max-worker-memory MB] [--max-calls-per-worker N]

Generates the reproducible archive of :mod:`gen_archive` (1,000 calls of
30-300 turns in six formats plus ~2 % malformed files), then runs the real
CLI, ``callscore batch ARCHIVE --store DB --workers N``, as a subprocess for
each N, each into a fresh store.  For every run it measures:

* wall time of the whole command, start-up and model loading included (what a
  user waits for);
* calls stored, turns stored (the sum of the store's ``turns`` column) and
  failures recorded, checked against the archive's manifest: every
  well-formed call stored, every malformed file recorded as a failure;
* peak memory of the process tree (the command and all its descendants: the
  coordinator and its worker processes), sampled every 0.2 s, two ways:

  - PSS, summed (``Pss`` in ``/proc/PID/smaps_rollup``): each page counted
    once, split between the processes that share it.  This is the memory the
    run takes from the machine, and the figure the target is judged on.
  - RSS, summed (``VmRSS`` in ``/proc/PID/status``): pages shared between
    processes (torch's and spaCy's libraries, mapped by every worker) count
    once per process, so this errs on the high side; shown beside PSS.

Throughput is reported as calls/s, turns/s, and calls/s normalised to
30-minute calls (turns/s / 250), the unit of the targets: at least 5
250-turn calls/s and a peak under 2.5 GB on a 2-core machine.  The store's
``versions`` column says whether the learned model really ran (a checkout
without ``models/turn-classifier`` silently runs rules only); the table
says so.  Results also go to ``bench-out/batch.json``.

Exit status: 0 when every run stored what the manifest says and at least one
run met both targets; 1 otherwise; 2 when a run crashed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_archive import Manifest, generate  # a script beside this one

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench-out" / "batch.json"

TARGET_CALLS_PER_S_250 = 5.0
TARGET_PEAK_GB = 2.5
TURNS_PER_30_MINUTES = 250
GB = 1e9


# --- memory of a process tree, from /proc ----------------------------------------------------


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="ascii", errors="replace") as handle:
            return handle.read()
    except OSError:  # the process exited between listing and reading: normal
        return None


def rss_bytes(pid: int) -> int:
    """Resident memory of one process (0 once it is gone, or for kernel threads)."""
    status = _read(f"/proc/{pid}/status") or ""
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _children_from_task_files(pid: int) -> list[int] | None:
    """Children listed by ``/proc/PID/task/*/children``; ``None`` where the kernel lacks it."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    found: list[int] = []
    for task in tasks:
        text = _read(f"/proc/{pid}/task/{task}/children")
        if text is None:
            if not os.path.exists(f"/proc/{pid}/task/{task}/children"):
                return None  # CONFIG_PROC_CHILDREN off (or a sandbox): fall back to a scan
            continue
        found += [int(child) for child in text.split()]
    return found


def _parent_map() -> dict[int, list[int]]:
    """parent pid -> child pids, from every ``/proc/PID/stat``."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        stat = _read(f"/proc/{entry}/stat")
        if not stat:
            continue
        # The command name may hold spaces and parentheses: the fields start after the last ")".
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 1:
            children.setdefault(int(fields[1]), []).append(int(entry))
    return children


def process_tree(root: int) -> list[int]:
    """``root`` and all its descendants that are alive now."""
    tree, queue = [root], [root]
    parents: dict[int, list[int]] | None = None
    while queue:
        pid = queue.pop()
        kids = _children_from_task_files(pid) if parents is None else None
        if kids is None:
            parents = parents if parents is not None else _parent_map()
            kids = parents.get(pid, [])
        tree += kids
        queue += kids
    return tree


def tree_rss_bytes(root: int) -> int:
    """Summed RSS of ``root`` and its descendants."""
    return sum(rss_bytes(pid) for pid in process_tree(root))


def pss_bytes(pid: int) -> int | None:
    """Proportional set size of one process; ``None`` where ``smaps_rollup`` cannot be read."""
    rollup = _read(f"/proc/{pid}/smaps_rollup")
    if rollup is None:
        return None if os.path.exists(f"/proc/{pid}") else 0  # gone: nothing to count
    for line in rollup.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return 0  # a kernel thread, or a process exiting right now


def tree_memory(root: int) -> tuple[int, int]:
    """``(summed RSS, summed PSS)`` of ``root`` and its descendants.

    Where a process's PSS cannot be read (an old kernel, no permission), its
    RSS stands in, so the PSS sum never reads low.
    """
    rss_total = pss_total = 0
    for pid in process_tree(root):
        rss = rss_bytes(pid)
        pss = pss_bytes(pid)
        rss_total += rss
        pss_total += rss if pss is None else pss
    return rss_total, pss_total


# --- one run -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoreCounts:
    """What a run left in its store."""

    calls: int
    turns: int
    failures: int
    model: str


def store_counts(db: Path) -> StoreCounts:
    """Calls, summed turns and failures in a results store, and the model its calls used."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        calls, turns = connection.execute(
            "SELECT COUNT(*), COALESCE(SUM(turns), 0) FROM calls"
        ).fetchone()
        (failures,) = connection.execute("SELECT COUNT(*) FROM failures").fetchone()
        row = connection.execute("SELECT versions FROM calls LIMIT 1").fetchone()
    finally:
        connection.close()
    model = str(json.loads(row[0]).get("model", "?")) if row else "?"
    return StoreCounts(int(calls), int(turns), int(failures), model)


@dataclass(frozen=True, slots=True)
class RunResult:
    """One ``callscore batch`` run: what it stored, how fast, how much memory."""

    workers: int
    model_requested: bool
    model: str
    exit_code: int
    seconds: float
    calls: int
    turns: int
    failed: int
    peak_pss_gb: float
    peak_rss_gb: float
    samples: int
    counts_ok: bool
    workers_replaced: int | None
    """Worker restarts at their memory or call limits, from the command's summary line."""

    @property
    def calls_per_s(self) -> float:
        """Calls stored per second of wall time."""
        return self.calls / self.seconds

    @property
    def turns_per_s(self) -> float:
        """Turns stored per second of wall time."""
        return self.turns / self.seconds

    @property
    def calls_per_s_250(self) -> float:
        """Throughput in 30-minute (250-turn) calls per second."""
        return self.turns_per_s / TURNS_PER_30_MINUTES

    @property
    def meets_targets(self) -> bool:
        """Both README targets: 250-turn calls/s and peak memory (PSS, see the module doc)."""
        return self.calls_per_s_250 >= TARGET_CALLS_PER_S_250 and self.peak_pss_gb < TARGET_PEAK_GB

    def to_json(self) -> dict[str, Any]:
        """Fields plus the derived rates, for ``bench-out/batch.json``."""
        return {
            **asdict(self),
            "calls_per_s": round(self.calls_per_s, 3),
            "turns_per_s": round(self.turns_per_s, 1),
            "calls_per_s_250": round(self.calls_per_s_250, 3),
            "meets_targets": self.meets_targets,
        }


class RunFailed(Exception):
    """``callscore batch`` ended with an exit code other than 0 or 1."""


def _callscore() -> list[str]:
    exe = shutil.which("callscore", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "analyzer"]


def batch_command(
    archive: Path, store: Path, workers: int, model: bool, extra: Sequence[str] = ()
) -> list[str]:
    """The CLI command line one run executes (``extra``: more ``callscore batch`` options)."""
    cmd = [*_callscore(), "batch", str(archive), "--store", str(store), "--workers", str(workers)]
    return [*cmd, *extra] if model else [*cmd, "--no-model", *extra]


_REPLACED = re.compile(rb"(\d+) worker restart")


def workers_replaced(log: bytes) -> int | None:
    """Worker restarts the command's summary line reports (0 when it mentions none)."""
    if b"calls stored" not in log:
        return None  # no summary line: the run did not get that far
    match = _REPLACED.search(log)
    return int(match.group(1)) if match else 0


def run_batch(
    archive: Path,
    store: Path,
    workers: int,
    model: bool,
    manifest: Manifest,
    interval: float,
    extra: Sequence[str] = (),
) -> RunResult:
    """Run ``callscore batch`` once into a fresh ``store``, sampling its memory."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    log = store.with_suffix(".log")
    with log.open("wb") as output:
        start = time.perf_counter()
        process = subprocess.Popen(
            batch_command(archive, store, workers, model, extra),
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=ROOT,
        )
        peak_rss = peak_pss = samples = 0
        while process.poll() is None:
            rss, pss = tree_memory(process.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            samples += 1
            time.sleep(interval)
        seconds = time.perf_counter() - start
    # 1 means "some files failed (recorded)": expected, the archive has malformed files.
    if process.returncode not in (0, 1):
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise RunFailed(f"callscore batch exited {process.returncode}:\n{tail}")
    counts = store_counts(store)
    expected_failures = len(manifest.malformed)
    counts_ok = (counts.calls, counts.turns, counts.failures) == (
        manifest.calls,
        manifest.turns,
        expected_failures,
    )
    return RunResult(
        workers=workers,
        model_requested=model,
        model=counts.model,
        exit_code=process.returncode,
        seconds=round(seconds, 2),
        calls=counts.calls,
        turns=counts.turns,
        failed=counts.failures,
        peak_pss_gb=round(peak_pss / GB, 3),
        peak_rss_gb=round(peak_rss / GB, 3),
        samples=samples,
        counts_ok=counts_ok,
        workers_replaced=workers_replaced(log.read_bytes()),
    )


# --- report ------------------------------------------------------------------------------------

_COLUMNS = (
    ("workers", 7),
    ("model", 24),
    ("calls", 6),
    ("failed", 6),
    ("seconds", 8),
    ("calls/s", 8),
    ("turns/s", 8),
    ("250-turn calls/s", 16),
    ("peak PSS GB", 11),
    ("(RSS sum)", 9),
    ("restarts", 8),
    ("targets", 7),
    ("counts", 6),
)


def table(results: Iterable[RunResult]) -> str:
    """The results as a fixed-width text table."""
    lines = [" ".join(f"{name:>{width}}" for name, width in _COLUMNS)]
    for r in results:
        cells = (
            r.workers,
            r.model[:24],
            r.calls,
            r.failed,
            f"{r.seconds:.1f}",
            f"{r.calls_per_s:.2f}",
            f"{r.turns_per_s:.0f}",
            f"{r.calls_per_s_250:.2f}",
            f"{r.peak_pss_gb:.2f}",
            f"{r.peak_rss_gb:.2f}",
            "?" if r.workers_replaced is None else r.workers_replaced,
            "met" if r.meets_targets else "MISSED",
            "ok" if r.counts_ok else "WRONG",
        )
        lines.append(
            " ".join(f"{cell!s:>{width}}" for cell, (_, width) in zip(cells, _COLUMNS, strict=True))
        )
    return "\n".join(lines)


def _workers(text: str) -> list[int]:
    try:
        counts = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        counts = []
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"expected worker counts like 1,2, not {text!r}")
    return counts


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=1000, help="calls in the archive (1000)")
    parser.add_argument("--seed", type=int, default=7, help="archive seed (7)")
    parser.add_argument("--workers", type=_workers, default=[1, 2], help="counts to run (1,2)")
    parser.add_argument("--no-model", action="store_true", help="rules only, to compare")
    parser.add_argument("--keep", type=Path, help="keep the archive, stores and logs here")
    parser.add_argument("--interval", type=float, default=0.2, help="memory sampling period (s)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results JSON")
    parser.add_argument(
        "--max-worker-memory", type=int, metavar="MB", help="passed to callscore batch"
    )
    parser.add_argument(
        "--max-calls-per-worker", type=int, metavar="N", help="passed to callscore batch"
    )
    args = parser.parse_args(argv)
    if args.calls < 1 or args.interval <= 0:
        parser.error("--calls must be >= 1 and --interval > 0")
    return args


def batch_options(args: argparse.Namespace) -> list[str]:
    """The ``callscore batch`` options given on this command line (its defaults otherwise)."""
    extra: list[str] = []
    if args.max_worker_memory is not None:
        extra += ["--max-worker-memory", str(args.max_worker_memory)]
    if args.max_calls_per_worker is not None:
        extra += ["--max-calls-per-worker", str(args.max_calls_per_worker)]
    return extra


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the archive, run every worker count, print and save the results."""
    args = parse_args(argv)
    extra = batch_options(args)
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        manifest = generate(work, calls=args.calls, seed=args.seed)
        print(
            f"machine: {os.cpu_count()} cores, python {platform.python_version()}; archive "
            f"{manifest.archive.name}: {manifest.calls} calls, {manifest.turns} turns "
            f"({manifest.turns / manifest.calls:.0f}/call), {len(manifest.malformed)} malformed"
        )
        results: list[RunResult] = []
        for workers in args.workers:
            store = work / f"store-w{workers}{'-nomodel' if args.no_model else ''}.db"
            cmd = batch_command(manifest.archive, store, workers, not args.no_model, extra)
            print("$ " + " ".join(cmd), flush=True)
            try:
                results.append(
                    run_batch(
                        manifest.archive,
                        store,
                        workers,
                        not args.no_model,
                        manifest,
                        args.interval,
                        extra,
                    )
                )
            except RunFailed as exc:
                print(exc, file=sys.stderr)
                return 2
    print(table(results))
    if not args.no_model and any(r.model.startswith("none") for r in results):
        print(
            "note: no learned model was found (models/turn-classifier); these runs were rules only"
        )
    counts_ok = all(r.counts_ok for r in results)
    if not counts_ok:
        print(
            f"COUNTS WRONG: expected {manifest.calls} calls, {manifest.turns} turns and "
            f"{len(manifest.malformed)} failures in every store"
        )
    met = [r.workers for r in results if r.meets_targets]
    print(
        f"targets (>= {TARGET_CALLS_PER_S_250:g} 250-turn calls/s, "
        f"peak PSS < {TARGET_PEAK_GB:g} GB): "
        + (f"met with {', '.join(map(str, met))} worker(s)" if met else "MISSED")
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                },
                "targets": {
                    "calls_per_s_250": TARGET_CALLS_PER_S_250,
                    "peak_pss_gb": TARGET_PEAK_GB,
                },
                "batch_options": extra,
                "archive": manifest.to_json(),
                "model_requested": not args.no_model,
                "runs": [r.to_json() for r in results],
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {args.out}")
    return 0 if counts_ok and met else 1


if __name__ == "__main__":
    sys.exit(main())
