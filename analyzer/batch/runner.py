"""Run the analyzer over many transcripts into a results store.

The coordinating process enumerates sources, skips those already stored under
the same content hash and configuration, and hands the rest to workers: local
worker processes (:mod:`analyzer.batch.pool`, each loads the models once and
is replaced when it grows past its memory limit), a Dask cluster, or, with
``workers=0``, this process itself.  Workers return plain rows; only the
coordinator writes to the store, one source per transaction.  At most a few
sources per worker are in flight, so memory stays flat however large the
archive is.

The coordinator stays light: it never loads spaCy or torch.  Even the
versions that key the resume check come from a worker, which is also the only
place that knows them for sure (``--precision auto`` depends on the worker's
CPU).
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from analyzer.batch.pool import DEFAULT_RECYCLING, Recycling, RecyclingPool
from analyzer.batch.sources import Limits, SourceItem, SourceProblem, iter_sources
from analyzer.batch.store import Store, StoredCall, report_row
from analyzer.errors import CallscoreError, InputError
from analyzer.pipeline import Analyzer, AnalyzerConfig
from analyzer.roles import RoleOptions

IN_FLIGHT_PER_WORKER = 2


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """Everything that shapes a batch run's results (part of the resume key)."""

    analyzer: AnalyzerConfig = field(default_factory=AnalyzerConfig)
    roles: RoleOptions = field(default_factory=RoleOptions)
    format: str | None = None
    strict: bool = False


@dataclass(frozen=True, slots=True)
class WorkResult:
    """A worker's answer for one source: stored calls, or the reason it failed."""

    source: str
    content_hash: str
    calls: tuple[StoredCall, ...] = ()
    error: str | None = None


@dataclass
class BatchSummary:
    """Counts for the end-of-run summary."""

    sources: int = 0
    calls_written: int = 0
    skipped: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    workers_replaced: int = 0
    """Worker processes replaced by fresh ones at their memory or call limit."""


def content_hash(data: bytes) -> str:
    """sha256 of a source's bytes."""
    return hashlib.sha256(data).hexdigest()


#: AnalyzerConfig fields that change how fast a report is made, never what it says: left
#: out of the resume key, so a rerun with another thread count resumes instead of redoing.
RESULT_NEUTRAL = frozenset({"threads"})


def config_key(versions: dict[str, str], options: BatchOptions) -> str:
    """A short hash of the analyzer versions and every option that changes results."""
    shaping = asdict(options)
    shaping["analyzer"] = {
        name: value for name, value in shaping["analyzer"].items() if name not in RESULT_NEUTRAL
    }
    payload = json.dumps({"versions": versions, "options": shaping}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


# --- worker side -----------------------------------------------------------------------------
_WORKER: Analyzer | None = None

#: Set in each worker process before torch loads (a value already in the environment wins).
#: Each worker runs the classifier in one thread beside spaCy (``AnalyzerConfig.threads``);
#: this keeps OpenMP from starting a thread per core on top of that.
WORKER_ENVIRONMENT = {"OMP_NUM_THREADS": "1"}


def _worker_analyzer(config: AnalyzerConfig) -> Analyzer:
    global _WORKER
    if _WORKER is None or _WORKER.config != config:
        _WORKER = Analyzer(config)
    return _WORKER


def init_worker(config: AnalyzerConfig) -> None:
    """Worker process start-up: its environment, a watch on its parent, models loaded once."""
    for name, value in WORKER_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    # Ctrl-C reaches the whole process group: the coordinator alone handles it (it stops
    # handing out work and lets the workers finish the file in hand), so no worker dies
    # mid-file with a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    # A model that cannot load is reported by worker_versions, the coordinator's first
    # question; raising here would only break the pool with a traceback.
    worker_versions(config)


def _exit_with_parent() -> None:
    """End this worker when the coordinator dies (even by ``kill -9``).

    A pool worker waits on a queue whose write end it holds itself, so the
    coordinator's death alone never wakes it: without this, every worker of a
    killed run would sit in memory, models loaded, forever.
    """
    import multiprocessing
    from multiprocessing.connection import wait as wait_for

    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        wait_for([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


@dataclass(frozen=True, slots=True)
class WorkerReady:
    """A worker's answer to "what do you analyze with?": its versions, or why it cannot start.

    Plain values, not an exception, so the answer crosses process (and Dask) boundaries
    intact; :meth:`versions_or_raise` turns it back into a :class:`CallscoreError` here.
    """

    versions: dict[str, str] | None = None
    error: str | None = None
    exit_code: int = 1

    def versions_or_raise(self) -> dict[str, str]:
        """The versions; a worker's start-up error raised as this process's own."""
        if self.versions is None:
            error = CallscoreError(self.error or "a worker could not start")
            error.exit_code = self.exit_code
            raise error
        return self.versions


_READY: tuple[AnalyzerConfig, WorkerReady] | None = None

#: A two-turn call analyzed once at start-up: it loads spaCy, the rules and the model (the
#: Analyzer loads them lazily), so a model that is missing stops the run before any file is
#: tried, instead of failing every file and recording each failure as done.
_WARM_UP_CALL = b"Dana Ruiz: Shall we book the pilot for Monday?\nSam Okafor: Yes, Monday works.\n"


def worker_versions(config: AnalyzerConfig) -> WorkerReady:
    """The versions a worker analyzes with, after loading everything; or why it cannot."""
    global _READY
    if _READY is None or _READY[0] != config:
        _READY = (config, _start(config))
    return _READY[1]


def _start(config: AnalyzerConfig) -> WorkerReady:
    from analyzer.ingest import read_bytes

    try:
        analyzer = _worker_analyzer(config)
        for transcript in read_bytes(_WARM_UP_CALL, "warm-up.txt"):
            analyzer.analyze(transcript)
        return WorkerReady(analyzer.versions())
    except CallscoreError as err:
        return WorkerReady(error=err.one_line(), exit_code=err.exit_code)


def analyze_source(name: str, data: bytes, options: BatchOptions) -> WorkResult:
    """Read and analyze one source; errors become a recorded failure, never an exception."""
    from analyzer.ingest import read_bytes
    from analyzer.report.json_report import report_dict

    digest = content_hash(data)
    try:
        transcripts = read_bytes(data, name, format=options.format, strict=options.strict)
        analyzer = _worker_analyzer(options.analyzer)
        calls = []
        for i, transcript in enumerate(transcripts):
            rendered = report_dict(analyzer.analyze(transcript, options.roles))
            row, findings = report_row(rendered)
            key = transcript.call_id or str(i)
            calls.append(StoredCall(name, key, digest, row, findings))
        return WorkResult(name, digest, tuple(calls))
    except CallscoreError as err:
        return WorkResult(name, digest, error=_reason(err))
    except Exception as err:
        return WorkResult(name, digest, error=f"internal error: {type(err).__name__}: {err}")


def _reason(err: CallscoreError) -> str:
    """The error without the file name (the store and the summary name the source already)."""
    if isinstance(err, InputError):
        where = f"line {err.line}: " if err.line is not None else ""
        fix = f" ({err.fix})" if err.fix else ""
        return f"{where}{err.reason}{fix}"
    return err.one_line()


# --- executors -------------------------------------------------------------------------------
class Executor(Protocol):
    """Where sources are analyzed; results come back to the coordinator as they finish."""

    def versions(self) -> dict[str, str]:
        """The versions the workers analyze with (they key the resume check)."""
        ...

    def submit(self, name: str, data: bytes) -> list[WorkResult]:
        """Queue one source; the results finished meanwhile (blocks while the queue is full)."""
        ...

    def drain(self) -> Iterator[WorkResult]:
        """Every remaining result."""
        ...

    def close(self) -> None:
        """Release the workers."""
        ...

    @property
    def workers_replaced(self) -> int:
        """Worker processes replaced at their limits so far."""
        ...


class _InProcess:
    """Runs each source right away in this process (``workers=0``: profiling, debugging)."""

    workers_replaced = 0

    def __init__(self, options: BatchOptions) -> None:
        self.options = options

    def versions(self) -> dict[str, str]:
        return worker_versions(self.options.analyzer).versions_or_raise()

    def submit(self, name: str, data: bytes) -> list[WorkResult]:
        return [analyze_source(name, data, self.options)]

    def drain(self) -> Iterator[WorkResult]:
        return iter(())

    def close(self) -> None:
        """Nothing to release."""


def _crash_result(args: tuple[Any, ...], reason: str) -> WorkResult:
    name, data = args[0], args[1]
    return WorkResult(name, content_hash(data), error=reason)


class _Local:
    """Local worker processes, replaced when they outgrow ``recycling``'s limits."""

    def __init__(self, options: BatchOptions, workers: int, recycling: Recycling) -> None:
        self.options = options
        self.pool: RecyclingPool[WorkResult] = RecyclingPool(
            analyze_source,
            workers,
            on_crash=_crash_result,
            initializer=init_worker,
            initargs=(options.analyzer,),
            recycling=recycling,
            in_flight=IN_FLIGHT_PER_WORKER,
        )

    @property
    def workers_replaced(self) -> int:
        return self.pool.replaced

    def versions(self) -> dict[str, str]:
        # Asking every worker starts them all now, so they load their models side by side.
        try:
            answers: list[WorkerReady] = self.pool.warm(worker_versions, self.options.analyzer)
        except BrokenProcessPool as exc:
            raise CallscoreError(
                "a worker process died while starting",
                fix="run with --workers 0 to see the error in this process",
            ) from exc
        return answers[0].versions_or_raise()

    def submit(self, name: str, data: bytes) -> list[WorkResult]:
        return self.pool.submit(name, data, self.options)

    def drain(self) -> Iterator[WorkResult]:
        return self.pool.drain()

    def close(self) -> None:
        self.pool.close()


class _Dask:
    """A Dask distributed cluster; results come back here to the one store."""

    workers_replaced = 0  # Dask restarts its own workers (its memory limits), unseen here

    def __init__(self, options: BatchOptions, address: str, window: int) -> None:
        try:
            import distributed
        except ImportError as exc:
            raise CallscoreError(
                "--scheduler needs Dask", fix="pip install 'callscore[dask]'"
            ) from exc
        self.options = options
        self.window = window
        self.pending: set[Future[WorkResult]] = set()
        client_class: Any = distributed.Client  # distributed is only partly typed
        self.client: Any = client_class(address)

    def versions(self) -> dict[str, str]:
        answer: WorkerReady = self.client.submit(
            worker_versions, self.options.analyzer, pure=False
        ).result()
        return answer.versions_or_raise()

    def submit(self, name: str, data: bytes) -> list[WorkResult]:
        # Dask futures are not concurrent.futures ones: bridge them.
        bridge: Future[WorkResult] = Future()
        dask_future = self.client.submit(analyze_source, name, data, self.options, pure=False)

        def done(f: Any) -> None:
            try:
                bridge.set_result(f.result())
            except Exception as exc:
                bridge.set_result(WorkResult(name, content_hash(data), error=f"dask: {exc}"))

        dask_future.add_done_callback(done)
        self.pending.add(bridge)
        finished: list[WorkResult] = []
        while len(self.pending) >= self.window:
            finished += self._wait()
        return finished

    def drain(self) -> Iterator[WorkResult]:
        while self.pending:
            yield from self._wait()

    def _wait(self) -> list[WorkResult]:
        done, self.pending = wait(self.pending, return_when=FIRST_COMPLETED)
        return [future.result() for future in done]

    def close(self) -> None:
        self.client.close()


def _executor(
    options: BatchOptions, workers: int, scheduler: str | None, recycling: Recycling
) -> Executor:
    if scheduler:
        return _Dask(options, scheduler, window=max(1, workers) * IN_FLIGHT_PER_WORKER)
    if workers <= 0:
        return _InProcess(options)
    return _Local(options, workers, recycling)


def run_batch(
    paths: Iterable[str],
    store: Store,
    options: BatchOptions,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    force: bool = False,
    limits: Limits = Limits(),
    recycling: Recycling = DEFAULT_RECYCLING,
    on_progress: Callable[[str, str], None] | None = None,
) -> BatchSummary:
    """Analyze every source under ``paths`` into ``store``; resumable and idempotent.

    ``workers`` local processes do the analysis (``0``: this process does);
    ``recycling`` says when one is replaced by a fresh process.
    ``on_progress(source, outcome)`` is called once per source with outcome
    ``"stored"``, ``"skipped"`` or ``"failed"``.
    """
    summary = BatchSummary()

    def report(source: str, outcome: str) -> None:
        if on_progress is not None:
            on_progress(source, outcome)

    def failed(source: str, digest: str, reason: str) -> None:
        store.put_failure(source, digest, key, reason)
        summary.failed += 1
        summary.failures.append((source, reason))
        report(source, "failed")

    def collect(results: Iterable[WorkResult]) -> None:
        for result in results:
            if result.error is not None:
                failed(result.source, result.content_hash, result.error)
            else:
                summary.calls_written += store.put_calls(list(result.calls), key, force)
                report(result.source, "stored")

    executor = _executor(options, workers, scheduler, recycling)
    try:
        key = config_key(executor.versions(), options)
        for item in iter_sources(list(paths), limits):
            summary.sources += 1
            if isinstance(item, SourceProblem):
                failed(item.name, "", item.reason)
                continue
            assert isinstance(item, SourceItem)
            if not force and store.is_done(content_hash(item.data), key):
                summary.skipped += 1
                report(item.name, "skipped")
                continue
            collect(executor.submit(item.name, item.data))
        collect(executor.drain())
    finally:
        summary.workers_replaced = executor.workers_replaced
        executor.close()
    return summary


def count_sources(paths: Iterable[str], limits: Limits = Limits()) -> int:
    """How many sources a run will see (reads archives once more; for progress totals)."""
    return sum(1 for _ in _names(paths, limits))


def _names(paths: Iterable[str], limits: Limits) -> Iterator[str]:
    for item in iter_sources(list(paths), limits):
        yield item.name
