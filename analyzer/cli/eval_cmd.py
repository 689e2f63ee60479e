"""``callscore eval``: score the analyzer against a labelled JSONL file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from analyzer.cli.common import PRECISION_HELP, fail, precision_value
from analyzer.errors import CallscoreError, InputError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from analyzer.train.evaluate import EvalResult


def eval_command(
    gold: Path = typer.Argument(..., metavar="FILE.jsonl", help="Labelled calls (gold format)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    infer_roles: bool = typer.Option(
        False, "--infer-roles", help="Ignore the gold roles and attribute roles as in analyze."
    ),
    errors: int = typer.Option(0, "--errors", min=0, help="List the N worst misses in context."),
    baseline: str | None = typer.Option(
        None, "--baseline", help="'rules': evaluate the rules alone, without the classifier."
    ),
    model: Path | None = typer.Option(
        None, "--model", help="Model folder to evaluate (default: the shipped model)."
    ),
    floors: Path | None = typer.Option(
        None, "--floors", help="JSON of minimum figures; exit 1 if any figure is below its floor."
    ),
    precision: str = typer.Option("auto", "--precision", help=PRECISION_HELP),
) -> None:
    """Evaluate turn labels, decision and led_by against labelled calls."""
    from analyzer.ingest import read_path
    from analyzer.pipeline import Analyzer, AnalyzerConfig
    from analyzer.train.evaluate import check_floors, evaluate, result_dict

    if baseline not in (None, "rules"):
        fail(UsageError(f"unknown --baseline {baseline!r}", fix="the only baseline is 'rules'"))
    try:
        transcripts = read_path(gold, format="gold-jsonl")
        floor_values: dict[str, float] = {}
        if floors is not None:
            try:
                floor_values = json.loads(floors.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise InputError(
                    str(floors),
                    f"cannot read floors: {exc}",
                    fix="give a JSON object of figure names to minimum values",
                ) from exc
    except CallscoreError as err:
        fail(err)
    config = AnalyzerConfig(
        use_model=baseline is None, model_dir=model, precision=precision_value(precision)
    )
    analyzer = Analyzer(config)
    result = evaluate(transcripts, analyzer.analyze, infer_roles=infer_roles)
    # What produced the figures (model and its precision), so a number quoted from here can
    # be reproduced.
    versions = analyzer.versions()
    if as_json:
        typer.echo(json.dumps({**result_dict(result, errors), "versions": versions}, indent=2))
    else:
        typer.echo(f"model: {versions['model']}")
        _print(result, errors)
    problems = check_floors(result, floor_values)
    for p in problems:
        typer.echo(f"callscore: floor: {p}", err=True)
    if problems:
        raise typer.Exit(1)


def _print(result: EvalResult, errors: int) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(
        title=f"Turn labels ({result.labelled_turns} labelled turns, {result.calls} calls)",
        title_justify="left",
    )
    for col in ("label", "precision", "recall", "F1", "support"):
        table.add_column(col, justify="left" if col == "label" else "right")
    for label, s in result.turns.labels.items():
        table.add_row(label, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.support))
    table.add_row("macro", "", "", f"{result.turns.macro_f1:.3f}", "")
    console.print(table)
    for name, acc in (
        ("decision", result.decision),
        ("reached decision", result.reached),
        ("led_by", result.led_by),
    ):
        console.print(f"{name} accuracy: {acc.accuracy:.3f} over {acc.n} calls")
        classes = list(acc.confusion)
        cm = Table(title=f"{name} confusion (rows gold, columns predicted)", title_justify="left")
        cm.add_column("gold")
        for c in classes:
            cm.add_column(c, justify="right")
        for g in classes:
            cm.add_row(g, *(str(acc.confusion[g].get(p, 0)) for p in classes))
        console.print(cm)
    for m in result.misses[:errors]:
        console.print(
            f"[bold]{m.kind} {m.label}[/] {m.call_id} turn {m.turn} "
            f"(score {m.score if m.score is not None else '-'})"
        )
        if m.previous:
            console.print(f"   before: {m.previous}", markup=False)
        console.print(f"   {m.speaker} ({m.role}): {m.text}", markup=False)
