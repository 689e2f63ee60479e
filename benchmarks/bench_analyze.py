"""Speed benchmark for the README's figures (run with ``make bench``).

Measures wall-clock time of whole CLI processes, as a user meets them:
``callscore --help`` (must stay under 1 s: no heavy imports at start) and
``callscore analyze`` on the bundled 250-turn, 30-minute call, model loading
included (target: under 5 s on 2 cores), also without the model and in fp32, so
the model's added time (issue 4: at most 1.5 s) is measured too.  Each figure is
the median of several runs; the machine's core count is printed with it.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LONG_CALL = next(iter(sorted((ROOT / "samples" / "long").glob("*"))), None)


def _callscore() -> list[str]:
    exe = shutil.which("callscore", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "analyzer"]


def timed(cmd: list[str], runs: int) -> list[float]:
    """Wall-clock seconds of ``runs`` runs of ``cmd`` (output discarded; failure aborts)."""
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        out.append(time.perf_counter() - start)
    return out


def main() -> int:
    """Run the benchmarks and print a table."""
    cli = _callscore()
    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}")
    # (name, run times, target seconds or None for an informational row)
    rows: list[tuple[str, list[float], float | None]] = [
        ("callscore --help", timed([*cli, "--help"], 5), 1.0)
    ]
    added: float | None = None
    if LONG_CALL is None:
        print("samples/long/ has no call; skipping the analyze benchmark", file=sys.stderr)
    else:
        rel = str(LONG_CALL.relative_to(ROOT))
        analyze = [*cli, "analyze", rel, "--json"]
        full = timed(analyze, 5)
        rules = timed([*analyze, "--no-model"], 5)
        fp32 = timed([*analyze, "--precision", "fp32"], 5)
        rows += [
            (f"callscore analyze {rel} --json", full, 5.0),
            ("  same, --no-model (rules only)", rules, None),
            ("  same, --precision fp32", fp32, None),
        ]
        added = statistics.median(full) - statistics.median(rules)
    print(f"{'command':<60} {'median s':>9} {'min s':>7} {'target s':>9}")
    ok = True
    for name, times, target in rows:
        med = statistics.median(times)
        ok &= target is None or med < target
        shown = "" if target is None else f"{target:.1f}"
        print(f"{name:<60} {med:>9.2f} {min(times):>7.2f} {shown:>9}")
    if added is not None:
        ok &= added <= 1.5
        label = "the learned model adds (median with - median without)"
        print(f"{label:<60} {added:>9.2f} {'':>7} {1.5:>9.1f}")
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
