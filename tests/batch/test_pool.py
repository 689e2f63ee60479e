"""The recycling worker pool, with tiny task functions (no models): limits, crashes, results."""

from __future__ import annotations

import os
from typing import Any

import pytest

from analyzer.batch.pool import MB, Recycling, RecyclingPool, resident_bytes

_HELD: list[bytes] = []


def pid_of(value: str) -> tuple[str, int]:
    """A task: the value and the worker's pid."""
    return value, os.getpid()


def hold(value: str, megabytes: int) -> tuple[str, int]:
    """A task that keeps ``megabytes`` of touched memory alive in the worker."""
    _HELD.append(b"x" * (megabytes * MB))
    return value, os.getpid()


def die_on(value: str) -> tuple[str, int]:
    """A task whose worker process dies abruptly on the value ``die``."""
    if value == "die":
        os._exit(3)
    return value, os.getpid()


def crashed(args: tuple[Any, ...], reason: str) -> tuple[str, int]:
    return f"crashed:{args[0]}", -1


def run_all(pool: RecyclingPool[tuple[str, int]], tasks: list[tuple[Any, ...]]) -> list[Any]:
    try:
        results = [r for args in tasks for r in pool.submit(*args)]
        return results + list(pool.drain())
    finally:
        pool.close()


@pytest.mark.parametrize(
    ("policy", "calls", "resident_mb", "due"),
    [
        (Recycling(max_calls=3, max_memory_mb=0), 3, 10_000, True),
        (Recycling(max_calls=3, max_memory_mb=0), 2, 10_000, False),  # one call short
        (Recycling(max_calls=0, max_memory_mb=500), 1, 501, True),
        (Recycling(max_calls=0, max_memory_mb=500), 1, 500, False),  # at the limit, not over
        (Recycling(max_calls=0, max_memory_mb=0), 10_000, 100_000, False),  # both limits off
        (Recycling(max_calls=100, max_memory_mb=500), 1, 900, True),  # either limit suffices
    ],
)
def test_recycling_is_due_past_either_limit(
    policy: Recycling, calls: int, resident_mb: int, due: bool
) -> None:
    assert policy.due(calls, resident_mb * MB) is due


def test_resident_bytes_reads_this_process() -> None:
    before = resident_bytes()
    block = b"y" * (64 * MB)
    assert resident_bytes() >= before + 60 * MB
    del block


@pytest.mark.parametrize(("max_calls", "tasks", "workers"), [(2, 6, 1), (3, 7, 2)])
def test_a_worker_is_replaced_after_max_calls(max_calls: int, tasks: int, workers: int) -> None:
    pool = RecyclingPool(
        pid_of, workers, on_crash=crashed, recycling=Recycling(max_calls, max_memory_mb=0)
    )
    results = run_all(pool, [(str(i),) for i in range(tasks)])
    assert sorted(v for v, _ in results) == sorted(str(i) for i in range(tasks))
    per_pid: dict[int, int] = {}
    for _, pid in results:
        per_pid[pid] = per_pid.get(pid, 0) + 1
    assert max(per_pid.values()) <= max_calls
    assert len(per_pid) >= -(-tasks // max_calls)
    # Every process beyond the first `workers` is a replacement (a first worker that got no task
    # before the others finished the work leaves no pid here, so this is a lower bound), and a
    # replacement needs a worker that ran `max_calls` tasks.
    assert len(per_pid) - workers <= pool.replaced <= tasks // max_calls
    assert pool.replaced >= 1


def test_without_limits_one_worker_runs_everything() -> None:
    """Near miss: the same run with both limits off never restarts its worker."""
    pool = RecyclingPool(pid_of, 1, on_crash=crashed, recycling=Recycling(0, 0))
    results = run_all(pool, [(str(i),) for i in range(6)])
    assert len({pid for _, pid in results}) == 1 and pool.replaced == 0


@pytest.mark.parametrize(("megabytes", "restarts"), [(40, True), (2, False)])
def test_a_worker_over_its_memory_limit_is_replaced(megabytes: int, restarts: bool) -> None:
    probe = RecyclingPool(pid_of, 1, on_crash=crashed)
    try:
        (base,) = probe.warm(resident_bytes)
    finally:
        probe.close()
    # Over the limit after the second 40 MB task; 2 MB tasks never get there.
    limit_mb = base // MB + 60
    pool = RecyclingPool(
        hold, 1, on_crash=crashed, recycling=Recycling(max_memory_mb=limit_mb), in_flight=1
    )
    results = run_all(pool, [(str(i), megabytes) for i in range(4)])
    pids = [pid for _, pid in results]
    if restarts:
        assert pids[0] == pids[1] != pids[2] == pids[3] and pool.replaced == 1
    else:
        assert len(set(pids)) == 1 and pool.replaced == 0


def test_a_crashing_task_is_retried_once_then_recorded_and_others_survive() -> None:
    pool = RecyclingPool(die_on, 1, on_crash=crashed, recycling=Recycling(0, 0))
    results = run_all(pool, [("a",), ("die",), ("b",), ("c",)])
    assert sorted(v for v, _ in results) == ["a", "b", "c", "crashed:die"]
    assert pool.crashed == 2  # the first try and the retry
    assert pool.replaced == 0  # crashes are not limit restarts
