"""Run the analyzer over many transcripts into a results store.

The coordinating process enumerates sources, skips those already stored under
the same content hash and configuration, and hands the rest to workers: the
calling process itself (``workers=1``), a local process pool (each worker loads
the models once, in its initializer), or a Dask cluster.  Workers return plain
rows; only the coordinator writes to the store, one source per transaction.
At most a few sources per worker are in flight, so memory stays flat however
large the archive is.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from typing import Any

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


def content_hash(data: bytes) -> str:
    """sha256 of a source's bytes."""
    return hashlib.sha256(data).hexdigest()


def config_key(versions: dict[str, str], options: BatchOptions) -> str:
    """A short hash of the analyzer versions and every option that changes results."""
    payload = json.dumps(
        {"versions": versions, "options": asdict(options)}, sort_keys=True, default=str
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


# --- worker side -----------------------------------------------------------------------------
_WORKER: Analyzer | None = None


def _worker_analyzer(config: AnalyzerConfig) -> Analyzer:
    global _WORKER
    if _WORKER is None or _WORKER.config != config:
        _WORKER = Analyzer(config)
    return _WORKER


def init_worker(config: AnalyzerConfig) -> None:
    """Pool initializer: one torch thread per worker, models loaded once, up front."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    analyzer = _worker_analyzer(config)
    analyzer.versions()


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
Submit = Callable[[str, bytes], "Future[WorkResult]"]


class _InProcess:
    """Runs each source right away in this process (``workers=1``)."""

    def __init__(self, options: BatchOptions) -> None:
        self.options = options

    def submit(self, name: str, data: bytes) -> Future[WorkResult]:
        future: Future[WorkResult] = Future()
        future.set_result(analyze_source(name, data, self.options))
        return future

    def close(self) -> None:
        """Nothing to release."""


class _LocalPool:
    """A process pool; each worker loads the models once in its initializer."""

    def __init__(self, options: BatchOptions, workers: int) -> None:
        import multiprocessing

        self.options = options
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=init_worker,
            initargs=(options.analyzer,),
        )

    def submit(self, name: str, data: bytes) -> Future[WorkResult]:
        return self.pool.submit(analyze_source, name, data, self.options)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class _Dask:
    """A Dask distributed cluster; results come back here to the one store."""

    def __init__(self, options: BatchOptions, address: str) -> None:
        try:
            import distributed
        except ImportError as exc:
            raise CallscoreError(
                "--scheduler needs Dask", fix="pip install 'callscore[dask]'"
            ) from exc
        self.options = options
        client_class: Any = distributed.Client  # distributed is only partly typed
        self.client: Any = client_class(address)

    def submit(self, name: str, data: bytes) -> Future[WorkResult]:
        # Dask futures are not concurrent.futures ones: bridge them.
        bridge: Future[WorkResult] = Future()
        dask_future = self.client.submit(analyze_source, name, data, self.options, pure=False)

        def done(f: Any) -> None:
            try:
                bridge.set_result(f.result())
            except Exception as exc:
                bridge.set_result(WorkResult(name, content_hash(data), error=f"dask: {exc}"))

        dask_future.add_done_callback(done)
        return bridge

    def close(self) -> None:
        self.client.close()


def _executor(options: BatchOptions, workers: int, scheduler: str | None) -> Any:
    if scheduler:
        return _Dask(options, scheduler)
    if workers <= 1:
        return _InProcess(options)
    return _LocalPool(options, workers)


def run_batch(
    paths: Iterable[str],
    store: Store,
    options: BatchOptions,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    force: bool = False,
    limits: Limits = Limits(),
    on_progress: Callable[[str, str], None] | None = None,
) -> BatchSummary:
    """Analyze every source under ``paths`` into ``store``; resumable and idempotent.

    ``on_progress(source, outcome)`` is called once per source with outcome
    ``"stored"``, ``"skipped"`` or ``"failed"``.
    """
    key = config_key(Analyzer(options.analyzer).versions(), options)
    summary = BatchSummary()
    executor = _executor(options, workers, scheduler)
    window = max(1, workers) * IN_FLIGHT_PER_WORKER
    pending: set[Future[WorkResult]] = set()

    def report(source: str, outcome: str) -> None:
        if on_progress is not None:
            on_progress(source, outcome)

    def collect(futures: Iterable[Future[WorkResult]]) -> None:
        for future in futures:
            result = future.result()
            if result.error is not None:
                store.put_failure(result.source, result.content_hash, key, result.error)
                summary.failed += 1
                summary.failures.append((result.source, result.error))
                report(result.source, "failed")
            else:
                summary.calls_written += store.put_calls(list(result.calls), key, force)
                report(result.source, "stored")

    try:
        for item in iter_sources(list(paths), limits):
            summary.sources += 1
            if isinstance(item, SourceProblem):
                store.put_failure(item.name, "", key, item.reason)
                summary.failed += 1
                summary.failures.append((item.name, item.reason))
                report(item.name, "failed")
                continue
            assert isinstance(item, SourceItem)
            if not force and store.is_done(content_hash(item.data), key):
                summary.skipped += 1
                report(item.name, "skipped")
                continue
            pending.add(executor.submit(item.name, item.data))
            while len(pending) >= window:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                collect(done)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            collect(done)
    finally:
        executor.close()
    return summary


def count_sources(paths: Iterable[str], limits: Limits = Limits()) -> int:
    """How many sources a run will see (reads archives once more; for progress totals)."""
    return sum(1 for _ in _names(paths, limits))


def _names(paths: Iterable[str], limits: Limits) -> Iterator[str]:
    for item in iter_sources(list(paths), limits):
        yield item.name
