"""A small real process tree for the benchmarks' memory probes."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest


@contextlib.contextmanager
def _process_pair(parent_mb: int = 0, child_mb: int = 0) -> Iterator[tuple[int, int]]:
    """A Python process and its child, each holding that many MB of its own; yields their pids.

    Both are ready (their memory allocated) when this yields, and both are killed, by pid,
    on the way out: exactly the two processes started here.
    """
    child_code = (
        f'import time; held = b"c" * ({child_mb} << 20); print(1, flush=True); time.sleep(30)'
    )
    script = (
        "import subprocess, sys, time\n"
        f"own = b'p' * ({parent_mb} << 20)\n"
        f"code = {child_code!r}\n"
        "child = subprocess.Popen([sys.executable, '-c', code], stdout=subprocess.PIPE)\n"
        "child.stdout.readline()\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(30)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    child: int | None = None
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        yield parent.pid, child
    finally:
        if child is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)
        parent.kill()
        parent.wait()


ProcessPair = Callable[..., AbstractContextManager[tuple[int, int]]]


@pytest.fixture
def process_pair() -> ProcessPair:
    """``with process_pair(parent_mb, child_mb) as (parent, child):`` a real two-process tree."""
    return _process_pair
