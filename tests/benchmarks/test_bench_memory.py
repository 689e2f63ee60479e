"""The batch benchmark's memory probe (PSS and RSS of a process tree) and its CLI plumbing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import bench_batch as bench  # benchmarks/ is on the test path (pyproject: pytest pythonpath)
import pytest
from conftest import ProcessPair


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs smaps_rollup")
def test_pss_counts_shared_pages_once_and_rss_once_per_process(process_pair: ProcessPair) -> None:
    # A parent holding 80 MB of its own and a child holding 40 MB.
    with process_pair(parent_mb=80, child_mb=40) as (parent, child):
        rss, pss = bench.tree_memory(parent)
        own = [bench.pss_bytes(pid) for pid in (parent, child)]
        assert all(p is not None and p > 0 for p in own)
        # Both hold their private blocks: 120 MB at least, whichever way it is counted.
        assert pss >= 120 << 20 and rss >= 120 << 20
        # The two interpreters share libpython's pages: RSS counts them twice, PSS once.
        assert pss < rss


def test_a_process_that_is_gone_counts_zero() -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert bench.pss_bytes(gone.pid) == 0
    assert bench.tree_memory(gone.pid) == (0, 0)


@pytest.mark.parametrize(
    ("log", "restarts"),
    [
        (b"64 sources: 60 calls stored, 0 already stored, 4 failed; 60 calls in s.db\n", 0),
        (b"64 sources: 60 calls stored, 0 already stored, 4 failed; 60 calls in s.db; "
         b"3 worker restart(s) at their limits\n", 3),
        (b"callscore: error: no model at m (run `callscore train`)\n", None),  # no summary line
    ],
)  # fmt: skip
def test_restarts_are_read_from_the_summary_line(log: bytes, restarts: int | None) -> None:
    assert bench.workers_replaced(log) == restarts


@pytest.mark.parametrize(
    ("argv", "extra"),
    [
        ([], []),
        (["--max-worker-memory", "800"], ["--max-worker-memory", "800"]),
        (["--max-calls-per-worker", "10"], ["--max-calls-per-worker", "10"]),
        (["--max-worker-memory", "0"], ["--max-worker-memory", "0"]),  # 0 is passed, not dropped
    ],
)
def test_worker_limits_pass_through_to_the_command(argv: list[str], extra: list[str]) -> None:
    args = bench.parse_args(argv)
    assert bench.batch_options(args) == extra
    cmd = bench.batch_command(Path("a.zip"), Path("s.db"), 2, True, bench.batch_options(args))
    assert cmd[-len(extra) :] == extra if extra else cmd[-1] == "2"
    assert "--no-model" not in cmd
