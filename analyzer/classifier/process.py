"""The classifier in a child process, for one-off runs that want both cores at once.

A ``callscore analyze`` run spends its first seconds importing: spaCy in the
main thread, torch for the classifier.  Imports hold the GIL, so a thread does
not overlap them; a process does.  :func:`start_classifier_process` forks a
child right at start-up that imports torch, loads the model and then answers
requests over a pipe, while the parent reads the input and loads spaCy.  The
child answers with exactly what :class:`~analyzer.classifier.infer.TurnClassifier`
would compute in-process (it runs one), so reports do not change.

Batch workers do not use it: they load the model once and analyze many calls,
so the start-up it hides is paid once per worker anyway.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
import threading
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from analyzer.classifier.lean import Precision
from analyzer.classifier.store import ModelMeta, read_meta
from analyzer.errors import CallscoreError, ModelError
from analyzer.model import Turn

_FIX = "run with --no-model for rules alone, or reinstall callscore if the model files changed"


def fork_is_safe() -> bool:
    """Whether this platform forks cheaply and safely (Linux; macOS's fork is unsafe
    once system frameworks are loaded, and Windows has none)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def start_classifier_process(
    directory: Path, threads: int | None = None, precision: Precision = "auto"
) -> ClassifierProcess | None:
    """Start loading the model in a forked child; ``None`` where forking is not safe
    (the caller then loads the model in-process, as before): on a platform without
    a safe fork, or once this process runs other threads or has imported torch.
    """
    if not fork_is_safe() or not _fork_ready():
        return None
    return ClassifierProcess(directory, threads, precision)


def _fork_ready() -> bool:
    """Whether this process is still single-threaded and torch-free.

    A fork copies only the calling thread: a lock that another thread (or torch's
    OpenMP pool, which Python does not count) holds at that moment stays locked
    for ever in the child, which would then hang on its first import or matrix
    product.  Callers start the child first thing; a library user who calls
    :meth:`~analyzer.pipeline.Analyzer.start_model_early` later gets the
    in-process classifier instead of a hang.
    """
    return threading.active_count() == 1 and "torch" not in sys.modules


class ClassifierProcess:
    """A :class:`~analyzer.classifier.infer.TurnClassifier` running in a child process.

    Same interface as the in-process classifier (``meta``, ``resolved_precision``,
    ``predict``); one request at a time travels over the pipe.
    """

    def __init__(self, directory: Path, threads: int | None, precision: Precision) -> None:
        self.directory = directory
        # Read before forking: a missing or broken config.json fails here, in the caller.
        self.meta: ModelMeta = read_meta(directory)
        context = multiprocessing.get_context("fork")
        self._conn, child_end = context.Pipe()
        self._process = context.Process(
            target=_serve,
            args=(child_end, directory, threads, precision),
            name="callscore-classifier",
            daemon=True,  # never outlives the run, even when the parent dies
        )
        self._process.start()
        child_end.close()
        self._lock = threading.Lock()
        self._precision: str | None = None
        self._calls = 0

    def _ask(self, request: tuple[Any, ...]) -> Any:
        with self._lock:
            try:
                self._conn.send(request)
                status, payload = self._conn.recv()
            except (EOFError, OSError, BrokenPipeError):
                code = self._process.exitcode
                raise ModelError(
                    f"the classifier process stopped (exit code {code})", fix=_FIX
                ) from None
        if status == "error":
            message, fix = payload
            raise ModelError(message, fix=fix)
        return payload

    @property
    def resolved_precision(self) -> str:
        """``fp32`` or ``bf16``, as the child resolved it (waits for the model to load)."""
        if self._precision is None:
            self._precision = str(self._ask(("precision",)))
        return self._precision

    def predict(self, turns: Sequence[Turn]) -> RemotePrediction:
        """Score a call's turns in the child; see ``TurnClassifier.predict``."""
        self._calls += 1
        probabilities = self._ask(("predict", self._calls, tuple(turns)))
        return RemotePrediction(self, self._calls, probabilities)

    def sentence_probabilities(
        self, call: int, requests: Sequence[tuple[int, str, Sequence[str]]]
    ) -> list[list[float]]:
        """Sentence scores for call number ``call`` (the child keeps its latest call)."""
        rows: list[list[float]] = self._ask(("sentences", call, tuple(requests)))
        return rows

    def close(self) -> None:
        """Stop the child and wait for it (a no-op once closed)."""
        if self._process.is_alive():
            try:
                with self._lock:
                    self._conn.send(("close",))
            except (OSError, BrokenPipeError):
                pass
            self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.kill()
        self._conn.close()


class RemotePrediction:
    """A call's turn probabilities; its sentences are scored by the child on request."""

    def __init__(
        self, owner: ClassifierProcess, call: int, probabilities: dict[int, dict[str, float]]
    ) -> None:
        self.owner = owner
        self.call = call
        self.probabilities = probabilities

    def sentence_probabilities(
        self, requests: Sequence[tuple[int, str, Sequence[str]]]
    ) -> list[list[float]]:
        """See ``CallPrediction.sentence_probabilities``."""
        if not requests:
            return []
        return self.owner.sentence_probabilities(self.call, requests)


def _serve(conn: Connection, directory: Path, threads: int | None, precision: Precision) -> None:
    """The child: load the model, then answer requests until told to close."""
    from analyzer.classifier.infer import CallPrediction, TurnClassifier

    # Ctrl-C reaches the whole process group: the parent handles it and closes the pipe,
    # which ends this loop; a traceback from here too would only be noise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    classifier = TurnClassifier(directory, threads=threads, precision=precision)
    latest: tuple[int, CallPrediction] | None = None
    try:
        classifier.load()  # before the first request: that is the point of starting early
        loaded: tuple[str, Any] = ("ok", None)
    except Exception as exc:  # reported on the first request, with the cause
        loaded = ("error", _describe(exc))
    while True:
        try:
            request = conn.recv()
        except EOFError:  # the parent is gone
            return
        kind = request[0]
        if kind == "close":
            return
        if loaded[0] == "error":
            conn.send(loaded)
            continue
        try:
            if kind == "precision":
                answer: Any = classifier.resolved_precision
            elif kind == "predict":
                _, call, turns = request
                prediction = classifier.predict(turns)
                latest = (call, prediction)
                answer = prediction.probabilities
            elif kind == "sentences":
                _, call, requests = request
                if latest is None or latest[0] != call:
                    raise ModelError(f"call {call} is no longer held by the classifier process")
                answer = latest[1].sentence_probabilities(requests)
            else:
                raise ModelError(f"unknown request {kind!r}")
            conn.send(("ok", answer))
        except Exception as exc:
            conn.send(("error", _describe(exc)))


def _describe(exc: Exception) -> tuple[str, str | None]:
    if isinstance(exc, CallscoreError):
        return exc.message, exc.fix
    return f"the classifier failed: {type(exc).__name__}: {exc}", _FIX
