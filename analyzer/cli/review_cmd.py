"""``callscore report`` (single-file HTML), ``callscore review`` (the coaches' web app), and
:func:`export_feedback_command` behind ``callscore export --feedback``."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from analyzer.cli.common import fail
from analyzer.errors import CallscoreError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from analyzer.model import Transcript


def default_reviewer() -> str:
    """The OS user's name, or ``coach`` where there is none (some containers)."""
    try:
        return getpass.getuser() or "coach"
    except (OSError, KeyError):
        return "coach"


def _pick(transcripts: list[Transcript], call: str | None, name: str) -> Transcript:
    if call is not None:
        for t in transcripts:
            if t.call_id == call:
                return t
        raise UsageError(f"{name} has no call with id {call!r}", fix="check --call")
    if len(transcripts) == 1:
        return transcripts[0]
    ids = ", ".join(str(t.call_id) for t in transcripts[:5])
    more = ", ..." if len(transcripts) > 5 else ""
    raise UsageError(
        f"{name} holds {len(transcripts)} calls ({ids}{more})",
        fix="pick one with --call ID",
    )


def _stored_report(store: Path, call: str | None) -> dict[str, Any]:
    from analyzer.batch.store import Store
    from analyzer.review.db import load_call

    if not store.exists():
        raise UsageError(f"{store}: no such store", fix="run `callscore batch` first")
    if call is None or not call.isdigit():
        raise UsageError(
            "--store needs --call N, the call's number in the store",
            fix="find it in `callscore review` or `callscore export --to calls.csv` (column id)",
        )
    db = Store(store)
    try:
        loaded = load_call(db.db, int(call))
    finally:
        db.close()
    if loaded is None:
        raise UsageError(f"{store} has no call {call}", fix="check --call")
    return loaded[1]


def _write(target: Path, text: str, force: bool) -> None:
    if str(target) == "-":
        sys.stdout.write(text)
        return
    if target.exists() and not force:
        raise UsageError(f"{target} exists", fix="pass --force to overwrite it")
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"{target}: cannot write ({exc})", fix="check the folder exists") from exc


def report_command(
    file: str | None = typer.Argument(
        None, metavar="FILE", help="Transcript to analyze; '-' reads standard input."
    ),
    html: Path = typer.Option(
        ..., "--html", help="Write the single-file HTML report here ('-': standard output)."
    ),
    store: Path | None = typer.Option(
        None, "--store", help="Render a call stored by `callscore batch` instead of FILE."
    ),
    call: str | None = typer.Option(
        None, "--call", help="Which call: its id in a multi-call FILE, or its number in --store."
    ),
    fmt: str | None = typer.Option(
        None, "--format", "-f", help="Input format (detected if omitted)."
    ),
    seller: list[str] = typer.Option([], "--seller", help="A seller's name (repeatable)."),
    seller_domain: list[str] = typer.Option([], "--seller-domain", help="Seller email domain."),
    strict: bool = typer.Option(False, "--strict", help="Treat input oddities as errors."),
    max_bytes: int = typer.Option(50_000_000, "--max-bytes", help="Largest transcript to read."),
    threshold: float = typer.Option(
        0.5, "--threshold", min=0.0, max=1.0, help="Keep findings scoring at least this."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write one call's report as a single self-contained HTML file.

    Exit codes: 0 ok, 2 bad usage, 3 unreadable or invalid input.
    """
    from analyzer.report.html import render_html

    try:
        if store is not None:
            if file is not None:
                raise UsageError("give FILE or --store, not both")
            report = _stored_report(store, call)
        else:
            if file is None:
                raise UsageError("no FILE given", fix="name a transcript, or --store DB --call N")
            report = _analyze(file, call, fmt, seller, seller_domain, strict, max_bytes, threshold)
        if str(html) != "-" and html.exists() and not force:
            raise UsageError(f"{html} exists", fix="pass --force to overwrite it")
        _write(html, render_html(report), force)
    except CallscoreError as err:
        fail(err)
    if str(html) != "-":
        typer.echo(f"wrote {html}", err=True)


def _analyze(
    file: str,
    call: str | None,
    fmt: str | None,
    seller: list[str],
    seller_domain: list[str],
    strict: bool,
    max_bytes: int,
    threshold: float,
) -> dict[str, Any]:
    from analyzer.cli.analyze import read_inputs, role_options
    from analyzer.ingest import FORMAT_NAMES

    if fmt is not None and fmt not in FORMAT_NAMES:
        raise UsageError(f"unknown --format {fmt!r}", fix=f"use one of: {', '.join(FORMAT_NAMES)}")
    transcript = _pick(read_inputs(file, fmt, strict, max_bytes), call, file)
    options = role_options(seller, seller_domain, None, None)

    from analyzer.pipeline import Analyzer, AnalyzerConfig
    from analyzer.report.json_report import report_dict

    analyzer = Analyzer(AnalyzerConfig(threshold=threshold))
    return report_dict(analyzer.analyze(transcript, options))


def review_command(
    store: Path = typer.Option(..., "--store", help="Results store made by `callscore batch`."),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to listen on; anything but loopback needs --token."
    ),
    port: int = typer.Option(8765, "--port", min=0, max=65535, help="Port (0: any free port)."),
    token: str | None = typer.Option(
        None,
        "--token",
        envvar="CALLSCORE_REVIEW_TOKEN",
        help="Access token every request must carry (Bearer header, or ?token= once).",
    ),
    reviewer: str | None = typer.Option(
        None, "--reviewer", help="Name recorded with each coach action (default: your user name)."
    ),
) -> None:
    """Open the coaches' review web app over a results store.

    Coaches confirm or reject findings, add missed ones, correct the decision and
    led_by, and leave notes; every action is stored with who and when, next to
    the machine's output.  Export them with `callscore export --feedback`.
    """
    from analyzer.review.app import ReviewConfig, create_app
    from analyzer.review.security import check_bind
    from analyzer.review.server import bind, serve

    who = (reviewer or default_reviewer()).strip() or "coach"
    try:
        check_bind(host, token)
        app = create_app(ReviewConfig(store=store, reviewer=who, token=token))
        server = bind(app, host, port, token)
    except CallscoreError as err:
        fail(err)

    def ready(url: str) -> None:
        link = f"{url}?token={token}" if token else url
        typer.echo(f"callscore review: {store} as {who} on {link} (Ctrl+C to stop)", err=True)

    serve(server, ready)


def export_feedback_command(store: Path, target: Path, *, force: bool = False) -> int:
    """Write every coach-reviewed call in ``store`` to ``target`` in the gold format.

    The file trains the classifier with ``callscore train --extra FILE``.  Prints a
    one-line summary on standard error and returns the number of calls written;
    errors exit through :func:`~analyzer.cli.common.fail`.
    """
    from analyzer.review.db import ReviewDB
    from analyzer.review.feedback import feedback_records, write_feedback

    try:
        if target.exists() and not force:
            raise UsageError(f"{target} exists", fix="pass --force to overwrite it")
        db = ReviewDB(store)
        try:
            with db.connection() as conn:
                n = write_feedback(feedback_records(conn), target)
        finally:
            db.close()
    except CallscoreError as err:
        fail(err)
    typer.echo(f"exported {n} coach-reviewed calls to {target}", err=True)
    if n == 0:
        typer.echo(f"  no call has been reviewed yet: callscore review --store {store}", err=True)
    return n
