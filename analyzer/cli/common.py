"""Helpers every command shares: error reporting and exit codes."""

from __future__ import annotations

import sys
from typing import NoReturn

import typer

from analyzer.errors import CallscoreError


def fail(error: CallscoreError) -> NoReturn:
    """Print a one-line error (never a traceback) and exit with the error's code."""
    typer.echo(f"callscore: error: {error.one_line()}", err=True)
    raise typer.Exit(error.exit_code)


def warn(message: str) -> None:
    """A one-line warning on standard error."""
    print(f"callscore: warning: {message}", file=sys.stderr)
