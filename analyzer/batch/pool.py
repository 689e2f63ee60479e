"""A local process pool whose workers are replaced when they grow too large.

A batch worker's memory grows with every *different* call it analyzes: torch's
oneDNN kernels are compiled and cached per input shape, and the turn encoder
sees new shapes call after call.  The growth is live, cached memory, so
neither ``malloc_trim`` nor ``MALLOC_ARENA_MAX`` returns it; ending the
process does.  This pool runs each worker as its own one-process executor (a
*slot*); after every task the worker reports its resident memory, and a slot
over its limits takes no more work, finishes what it holds, and is replaced by
a fresh process.

``ProcessPoolExecutor(max_tasks_per_child=...)`` would do the counting part,
but on Python 3.11 it deadlocks once tasks are queued behind a worker that
retires (CPython gh-115634, unfixed in 3.11), and it cannot act on memory.

A worker that dies (the kernel's OOM killer, a crash in native code) breaks
only its own slot: its tasks are retried once on a fresh worker, and a task
that breaks a worker twice is handed to ``on_crash`` to become a recorded
failure instead of ending the run.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")

MB = 1024 * 1024

DEFAULT_MAX_MEMORY_MB = 1000
"""Measured (issue #5): a worker with spaCy, torch and the model loaded holds
about 560-600 MB after its first call and grows 5-10 MB per distinct call
early on; 1000 MB lets it run many dozen calls between restarts while two
workers and the coordinator stay under the 2.5 GB target."""


@dataclass(frozen=True, slots=True)
class Recycling:
    """When a worker process is replaced by a fresh one; 0 turns a limit off."""

    max_calls: int = 0
    """Tasks one worker process runs before it is replaced."""

    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB
    """Resident memory (MiB) after a task above which the worker is replaced."""

    def due(self, calls: int, resident_bytes: int) -> bool:
        """Whether a worker that ran ``calls`` tasks and holds ``resident_bytes`` should go."""
        if self.max_calls and calls >= self.max_calls:
            return True
        return bool(self.max_memory_mb) and resident_bytes > self.max_memory_mb * MB


DEFAULT_RECYCLING = Recycling()


def resident_bytes() -> int:
    """This process's resident set size, from ``/proc/self/statm`` (0 where there is none)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True, slots=True)
class Measured(Generic[T]):
    """A task's value and the worker's resident memory right after it."""

    value: T
    resident: int


def run_measured(fn: Callable[..., T], *args: Any) -> Measured[T]:
    """Worker side: run one task and report the memory it leaves the worker holding."""
    return Measured(fn(*args), resident_bytes())


@dataclass
class _Slot:
    """One worker process and what it is doing."""

    executor: ProcessPoolExecutor
    pending: dict[Future[Any], tuple[tuple[Any, ...], int]] = field(default_factory=dict)
    calls: int = 0
    retiring: bool = False


class RecyclingPool(Generic[T]):
    """``workers`` processes running ``fn``; each is replaced when ``recycling`` says so.

    The caller submits argument tuples and gets back results as they finish;
    at most ``in_flight`` tasks wait on each worker, so memory on this side
    stays flat however many tasks there are.
    """

    def __init__(
        self,
        fn: Callable[..., T],
        workers: int,
        *,
        on_crash: Callable[[tuple[Any, ...], str], T],
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
        recycling: Recycling = DEFAULT_RECYCLING,
        in_flight: int = 2,
    ) -> None:
        self.fn = fn
        self.on_crash = on_crash
        self.initializer = initializer
        self.initargs = initargs
        self.recycling = recycling
        self.in_flight = max(1, in_flight)
        self.replaced = 0
        """Workers replaced so far because they reached a limit (crashes not counted)."""
        self.crashed = 0
        """Workers that died while holding tasks."""
        # spawn, not fork: a worker must not inherit the coordinator's threads or open store.
        self._context = multiprocessing.get_context("spawn")
        self._slots = [self._new_slot() for _ in range(max(1, workers))]
        self._retry: list[tuple[tuple[Any, ...], int]] = []
        self._done: list[T] = []

    def _new_slot(self) -> _Slot:
        executor = ProcessPoolExecutor(
            max_workers=1,
            mp_context=self._context,
            initializer=self.initializer,
            initargs=self.initargs,
        )
        return _Slot(executor)

    # --- running tasks ----------------------------------------------------------------------
    def warm(self, fn: Callable[..., Any], *args: Any) -> list[Any]:
        """Run ``fn(*args)`` once on every worker, so all start (and load) at once; the results."""
        futures = [slot.executor.submit(fn, *args) for slot in self._slots]
        return [future.result() for future in futures]

    def submit(self, *args: Any) -> list[T]:
        """Queue one task; returns the results that finished meanwhile (possibly none).

        Blocks only while every worker already holds ``in_flight`` tasks.
        """
        self._enqueue(args, attempt=1)
        return self._take_done()

    def drain(self) -> Iterator[T]:
        """Every remaining result, as tasks finish."""
        while self._busy():
            self._wait_one()
            yield from self._take_done()
        yield from self._take_done()

    def close(self) -> None:
        """Stop every worker (tasks still queued are cancelled)."""
        for slot in self._slots:
            slot.executor.shutdown(wait=True, cancel_futures=True)

    # --- internals ------------------------------------------------------------------------------
    def _enqueue(self, args: tuple[Any, ...], attempt: int) -> None:
        while True:
            self._harvest()
            # A retried task runs alone, so that if it breaks its worker again it takes no
            # innocent task down with it.
            slot = self._open_slot(alone=attempt > 1)
            if slot is not None:
                future = slot.executor.submit(run_measured, self.fn, *args)
                slot.pending[future] = (args, attempt)
                return
            self._wait_one()

    def _open_slot(self, alone: bool) -> _Slot | None:
        """The least busy worker that takes work, replacing drained retiring ones first."""
        for i, slot in enumerate(self._slots):
            if slot.retiring and not slot.pending:
                slot.executor.shutdown(wait=True)
                self._slots[i] = self._new_slot()
                self.replaced += 1
        open_slots = [s for s in self._slots if self._takes_work(s, alone)]
        return min(open_slots, key=lambda s: len(s.pending), default=None)

    def _takes_work(self, slot: _Slot, alone: bool) -> bool:
        if slot.retiring or len(slot.pending) >= (1 if alone else self.in_flight):
            return False
        if any(attempt > 1 for _, attempt in slot.pending.values()):
            return False  # it is running a retry, which runs alone
        # A task queued now runs before the worker could retire: keep within max_calls.
        limit = self.recycling.max_calls
        return not limit or slot.calls + len(slot.pending) < limit

    def _busy(self) -> bool:
        return any(slot.pending for slot in self._slots) or bool(self._retry)

    def _wait_one(self) -> None:
        """Wait until at least one task finishes, then account for it."""
        futures = [f for slot in self._slots for f in slot.pending]
        if futures:
            wait(futures, return_when=FIRST_COMPLETED)
        self._harvest()

    def _harvest(self) -> None:
        """Move finished tasks into results; retire full workers; resubmit crashed tasks."""
        for i, slot in enumerate(self._slots):
            broken = False
            for future in [f for f in slot.pending if f.done()]:
                args, attempt = slot.pending.pop(future)
                try:
                    measured: Measured[T] = future.result()
                except BrokenProcessPool:
                    broken = True
                    self._crashed(args, attempt)
                    continue
                except Exception as err:  # e.g. a result that cannot be pickled: that task only
                    self._done.append(
                        self.on_crash(args, f"worker error: {type(err).__name__}: {err}")
                    )
                    continue
                slot.calls += 1
                self._done.append(measured.value)
                if self.recycling.due(slot.calls, measured.resident):
                    slot.retiring = True
            if broken:
                # Its other tasks fail with it; they are retried like the one that broke it.
                for future in list(slot.pending):
                    future.cancel()
                    self._crashed(*slot.pending.pop(future))
                slot.executor.shutdown(wait=False, cancel_futures=True)
                self._slots[i] = self._new_slot()
                self.crashed += 1
        retry, self._retry = self._retry, []
        for args, attempt in retry:
            self._enqueue(args, attempt)

    def _crashed(self, args: tuple[Any, ...], attempt: int) -> None:
        if attempt == 1:
            self._retry.append((args, attempt + 1))
        else:
            reason = (
                "the worker process died while analyzing this file, twice "
                "(out of memory, or a crash in native code)"
            )
            self._done.append(self.on_crash(args, reason))

    def _take_done(self) -> list[T]:
        done, self._done = self._done, []
        return done
