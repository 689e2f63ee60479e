"""``callscore batch``, ``summary`` and ``export``: archives of calls into one store."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from analyzer.batch.pool import DEFAULT_MAX_MEMORY_MB, Recycling
from analyzer.cli.common import PRECISION_HELP, fail, precision_value
from analyzer.errors import CallscoreError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from analyzer.batch.runner import BatchOptions, BatchSummary
    from analyzer.batch.sources import Limits
    from analyzer.batch.store import Store

EXIT_SOME_FAILED = 1


def batch_command(
    paths: list[str] = typer.Argument(
        None, metavar="PATH...", help="Folders (recursive), globs, .zip or .tar.gz archives."
    ),
    store: Path = typer.Option(..., "--store", help="SQLite results store (created if new)."),
    workers: int = typer.Option(
        os.cpu_count() or 1,
        "--workers",
        "-w",
        min=0,
        help="Local worker processes (each runs spaCy and the classifier side by side, one "
        "thread each). 0: analyze in this process, without restarts (for profiling).",
    ),
    max_worker_memory: int = typer.Option(
        DEFAULT_MAX_MEMORY_MB,
        "--max-worker-memory",
        min=0,
        metavar="MB",
        help="Replace a worker with a fresh process once it holds more than MB megabytes "
        "after a file (its memory grows with every different call; a restart costs a few "
        "seconds of model loading). 0: never.",
    ),
    max_calls_per_worker: int = typer.Option(
        0,
        "--max-calls-per-worker",
        min=0,
        metavar="N",
        help="Also replace a worker after N files. 0: no limit (the memory limit suffices).",
    ),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        envvar="DASK_SCHEDULER_ADDRESS",
        help="Dask scheduler address (needs callscore[dask]); runs the job on that cluster.",
    ),
    force: bool = typer.Option(False, "--force", help="Re-analyze calls already stored."),
    failed: bool = typer.Option(False, "--failed", help="List the store's failed files and exit."),
    fmt: str | None = typer.Option(None, "--format", "-f", help="Force one input format."),
    seller: list[str] = typer.Option([], "--seller", help="A seller's name (repeatable)."),
    seller_domain: list[str] = typer.Option([], "--seller-domain", help="Seller email domain."),
    strict: bool = typer.Option(False, "--strict", help="Treat input oddities as errors."),
    no_model: bool = typer.Option(False, "--no-model", help="Rules only, without the classifier."),
    precision: str = typer.Option("auto", "--precision", help=PRECISION_HELP),
    max_bytes: int = typer.Option(50_000_000, "--max-bytes", help="Largest transcript to read."),
) -> None:
    """Analyze every transcript under PATH... into a results store; rerunning resumes.

    Exit codes: 0 all ok, 1 some files failed (recorded in the store), 2 bad usage.
    """
    from analyzer.batch.store import Store

    try:
        db = Store(store)
    except CallscoreError as err:
        fail(err)
    if failed:
        rows = db.failures()
        for row in rows:
            typer.echo(f"{row['source']}\t{row['reason']}\t{row['failed_at']}")
        if not rows:
            typer.echo("no failed files recorded", err=True)
        return
    if not paths:
        fail(UsageError("no PATH given", fix="name folders, globs or archives to analyze"))

    from analyzer.batch.runner import BatchOptions, run_batch
    from analyzer.batch.sources import Limits
    from analyzer.pipeline import AnalyzerConfig
    from analyzer.roles import RoleOptions

    # One torch thread per worker: the classifier runs beside spaCy, which keeps another core
    # busy, so more threads would only contend for the same cores (two workers on two cores).
    config = AnalyzerConfig(use_model=not no_model, threads=1, precision=precision_value(precision))
    options = BatchOptions(
        analyzer=config,
        roles=RoleOptions(sellers=tuple(seller), seller_domains=tuple(seller_domain)),
        format=fmt,
        strict=strict,
    )
    limits = Limits(max_member_bytes=max_bytes)
    recycling = Recycling(max_calls=max_calls_per_worker, max_memory_mb=max_worker_memory)
    interactive = sys.stderr.isatty()
    try:
        if interactive:
            summary = _with_progress(
                paths, db, options, workers, scheduler, force, limits, recycling
            )
        else:
            summary = run_batch(
                paths,
                db,
                options,
                workers=workers,
                scheduler=scheduler,
                force=force,
                limits=limits,
                recycling=recycling,
            )
    except CallscoreError as err:
        fail(err)
    finally:
        total = db.count_calls()
        db.close()
    typer.echo(
        f"{summary.sources} sources: {summary.calls_written} calls stored, "
        f"{summary.skipped} already stored, {summary.failed} failed; "
        f"{total} calls in {store}"
        + (
            f"; {summary.workers_replaced} worker restart(s) at their limits"
            if summary.workers_replaced
            else ""
        ),
        err=True,
    )
    for source, reason in summary.failures[:20]:
        typer.echo(f"  failed: {source}: {reason}", err=True)
    if summary.failed > 20:
        typer.echo(
            f"  ... and {summary.failed - 20} more: callscore batch --failed --store {store}",
            err=True,
        )
    if summary.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


def _with_progress(
    paths: list[str],
    db: Store,
    options: BatchOptions,
    workers: int,
    scheduler: str | None,
    force: bool,
    limits: Limits,
    recycling: Recycling,
) -> BatchSummary:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from analyzer.batch.runner import count_sources, run_batch

    total = count_sources(paths, limits)
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} calls/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, transient=False) as progress:
        task = progress.add_task("analyzing", total=total, rate="-")

        def tick(_source: str, _outcome: str) -> None:
            progress.advance(task)
            t = progress.tasks[0]
            if t.elapsed:
                progress.update(task, rate=f"{t.completed / t.elapsed:.1f}")

        return run_batch(
            paths,
            db,
            options,
            workers=workers,
            scheduler=scheduler,
            force=force,
            limits=limits,
            recycling=recycling,
            on_progress=tick,
        )


def summary_command(
    store: Path = typer.Option(..., "--store", help="Results store made by `callscore batch`."),
    by: str = typer.Option("rep", "--by", help="Group by rep, team or month."),
    teams: Path | None = typer.Option(None, "--teams", help="rep,team CSV (for --by team)."),
    csv_out: Path | None = typer.Option(None, "--csv", help="Also write the table as CSV here."),
) -> None:
    """Per-rep, per-team or per-month figures over a results store."""
    from rich.console import Console
    from rich.table import Table

    from analyzer.batch.store import Store
    from analyzer.batch.summary import aggregate, call_rows, read_teams, stats_csv

    try:
        if not store.exists():
            raise UsageError(f"{store}: no such store", fix="run `callscore batch` first")
        if by == "team" and teams is None:
            raise UsageError("--by team needs --teams FILE", fix="give a rep,team CSV")
        db = Store(store)
        stats = aggregate(call_rows(db), by, read_teams(teams) if teams else None)
        db.close()
    except CallscoreError as err:
        fail(err)
    table = Table(title=f"{store} by {by}", title_justify="left")
    for col in (
        "group",
        "calls",
        "decision rate",
        "advance rate",
        "led by seller",
        "giveaways/call",
        "accepted stalls/call",
        "seller talk",
    ):
        table.add_column(col, justify="left" if col == "group" else "right")
    for s in stats:
        talk = f"{s.seller_talk_ratio:.0%}" if s.seller_talk_ratio is not None else "-"
        table.add_row(
            s.group,
            str(s.calls),
            f"{s.decision_rate:.0%}",
            f"{s.advance_rate:.0%}",
            f"{s.led_by_seller_share:.0%}",
            f"{s.giveaways_per_call:.2f}",
            f"{s.accepted_stalls_per_call:.2f}",
            talk,
        )
    Console().print(table)
    if csv_out is not None:
        csv_out.write_text(stats_csv(stats), encoding="utf-8")
        typer.echo(f"wrote {csv_out}", err=True)


def export_command(
    store: Path = typer.Option(..., "--store", help="Results store made by `callscore batch`."),
    to: Path | None = typer.Option(None, "--to", help="calls.csv, calls.jsonl or calls.parquet"),
    feedback: Path | None = typer.Option(
        None,
        "--feedback",
        help="Write coach-reviewed calls as gold JSONL, for `callscore train --extra`.",
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Export the stored calls as a table, and/or coach feedback as labelled calls."""
    from analyzer.batch.store import Store
    from analyzer.batch.summary import export_calls

    if feedback is not None:
        from analyzer.cli.review_cmd import export_feedback_command

        export_feedback_command(store, feedback, force=force)
        if to is None:
            return
    if to is None:
        fail(UsageError("nothing to export", fix="give --to FILE and/or --feedback FILE"))
    try:
        if not store.exists():
            raise UsageError(f"{store}: no such store", fix="run `callscore batch` first")
        if to.exists() and not force:
            raise UsageError(f"{to} exists", fix="pass --force to overwrite it")
        db = Store(store)
        n = export_calls(db, to)
        db.close()
    except CallscoreError as err:
        fail(err)
    typer.echo(f"exported {n} calls to {to}", err=True)
