"""``callscore analyze``: score one or more transcripts."""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from analyzer.cli.common import PRECISION_HELP, fail, precision_value
from analyzer.errors import CallscoreError, InputError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from analyzer.model import CallReport, RoleHint, Transcript
    from analyzer.roles import RoleOptions

EXIT_INPUT = 3


def read_inputs(name: str, fmt: str | None, strict: bool, max_bytes: int) -> list[Transcript]:
    """The calls in one command-line input (a path, or ``-`` for standard input)."""
    from analyzer import ingest

    if name == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError(
                "<stdin>",
                f"input is larger than {max_bytes} bytes",
                fix="raise the limit with --max-bytes",
            )
        return ingest.read_bytes(data, "<stdin>", format=fmt, strict=strict)
    path = Path(name)
    if not path.exists():
        raise InputError(name, "no such file", fix="check the path")
    if path.is_dir():
        raise InputError(name, "is a folder", fix="give transcript files, or use `callscore batch`")
    return ingest.read_path(path, format=fmt, strict=strict, max_bytes=max_bytes)


def role_options(
    sellers: list[str], domains: list[str], roster: Path | None, participants: Path | None
) -> RoleOptions:
    """Role options from ``--seller``, ``--seller-domain``, ``--roster`` and ``--participants``."""
    from analyzer.roles import RoleOptions

    hints: list[RoleHint] = []
    if roster is not None or participants is not None:
        from analyzer.ingest import participants as part

        if roster is not None:
            hints.extend(part.read_roster(roster))
        if participants is not None:
            hints.extend(part.read_participants(participants, seller_domains=tuple(domains)))
    return RoleOptions(sellers=tuple(sellers), seller_domains=tuple(domains), hints=tuple(hints))


def analyze_command(
    files: list[str] = typer.Argument(
        ...,
        metavar="FILE...",
        help="Transcript files; '-' reads standard input.",
        show_default=False,
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print JSON (schema_version 1; an array when several calls)."
    ),
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help="Input format; detected from name and content when omitted. See `callscore formats`.",
    ),
    seller: list[str] = typer.Option(
        [], "--seller", help="A seller's name as it appears in the transcript (repeatable)."
    ),
    seller_domain: list[str] = typer.Option(
        [], "--seller-domain", help="Seller email domain, e.g. acme.com (repeatable)."
    ),
    roster: Path | None = typer.Option(
        None, "--roster", help="CSV of name,role (role: seller or prospect)."
    ),
    participants: Path | None = typer.Option(
        None, "--participants", help="Zoom participants report CSV (email domain, Guest column)."
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Treat survivable oddities in the input as errors."
    ),
    max_bytes: int = typer.Option(
        50_000_000, "--max-bytes", help="Refuse input files larger than this many bytes."
    ),
    threshold: float = typer.Option(
        0.5, "--threshold", min=0.0, max=1.0, help="Keep findings scoring at least this."
    ),
    call_date: str | None = typer.Option(
        None,
        "--date",
        help="The call's date (YYYY-MM-DD), for files that carry none; "
        "relative dates in next steps resolve against it.",
    ),
    no_model: bool = typer.Option(
        False, "--no-model", help="Rules only, without the learned classifier."
    ),
    precision: str = typer.Option("auto", "--precision", help=PRECISION_HELP),
) -> None:
    """Analyze transcripts and print a report (or JSON with --json).

    Exit codes: 0 ok, 2 bad usage, 3 unreadable or invalid input.
    """
    from analyzer.ingest import FORMAT_NAMES

    if fmt is not None and fmt not in FORMAT_NAMES:
        fail(UsageError(f"unknown --format {fmt!r}", fix=f"use one of: {', '.join(FORMAT_NAMES)}"))
    try:
        options = role_options(seller, seller_domain, roster, participants)
    except CallscoreError as err:
        fail(err)

    date = _parse_date(call_date)

    from analyzer.pipeline import Analyzer, AnalyzerConfig

    # One torch thread: the classifier runs beside spaCy, which keeps the other core busy.
    config = AnalyzerConfig(
        threshold=threshold,
        use_model=not no_model,
        threads=1,
        precision=precision_value(precision),
    )
    analyzer = Analyzer(config)
    try:
        # Before anything else is read or loaded: torch then imports on the other core.
        analyzer.start_model_early()
    except CallscoreError as err:
        fail(err)
    reports: list[CallReport] = []
    failed = False
    try:
        for name in files:
            try:
                for transcript in read_inputs(name, fmt, strict, max_bytes):
                    if date is not None:
                        transcript = replace(transcript, date=date)
                    reports.append(analyzer.analyze(transcript, options))
            except CallscoreError as err:
                failed = True
                typer.echo(f"callscore: error: {err.one_line()}", err=True)
    finally:
        analyzer.close()
    # An array whenever several files were given (or a file held several calls), so scripts
    # can rely on the shape from the command line alone.
    _print(reports, as_json, as_array=len(files) > 1 or len(reports) != 1)
    if failed:
        raise typer.Exit(EXIT_INPUT)


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(UsageError(f"--date {value!r} is not a date", fix="write it as YYYY-MM-DD"))


def _print(reports: list[CallReport], as_json: bool, as_array: bool) -> None:
    if as_json:
        from analyzer.report.json_report import report_dict

        dicts = [report_dict(r) for r in reports]
        payload: object = dicts if as_array else dicts[0]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    from rich.console import Console

    from analyzer.report.terminal import render

    console = Console()
    for report in reports:
        render(report, console)
