"""Helpers every command shares: error reporting and exit codes."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

import typer

from analyzer.errors import CallscoreError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from analyzer.classifier.lean import Precision

PRECISION_HELP = (
    "The classifier's arithmetic: fp32, bf16, or auto (bf16 where the CPU multiplies "
    "bfloat16 in hardware, e.g. Intel AMX; about 3x faster, same labels in all but rare "
    "borderline turns). Use fp32 for results that match across machines."
)


def fail(error: CallscoreError) -> NoReturn:
    """Print a one-line error (never a traceback) and exit with the error's code."""
    typer.echo(f"callscore: error: {error.one_line()}", err=True)
    raise typer.Exit(error.exit_code)


def warn(message: str) -> None:
    """A one-line warning on standard error."""
    print(f"callscore: warning: {message}", file=sys.stderr)


def precision_value(value: str) -> Precision:
    """Check a ``--precision`` value (exits with a usage error when it is unknown)."""
    from analyzer.classifier.lean import PRECISIONS

    for known in PRECISIONS:
        if value == known:
            return known
    fail(UsageError(f"unknown --precision {value!r}", fix=f"use one of: {', '.join(PRECISIONS)}"))
