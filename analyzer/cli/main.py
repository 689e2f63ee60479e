"""The ``callscore`` command: a thin Typer layer over plain functions.

Each command lives in its own module and imports the analyzer (and through it
spaCy and torch) only inside the command function, so ``callscore --help``
answers instantly.
"""

from __future__ import annotations

import typer

from analyzer import __version__
from analyzer.cli.analyze import analyze_command
from analyzer.cli.batch_cmd import batch_command, export_command, summary_command
from analyzer.cli.eval_cmd import eval_command
from analyzer.cli.formats_cmd import formats_command
from analyzer.cli.review_cmd import report_command, review_command
from analyzer.cli.train_cmd import train_command

app = typer.Typer(
    name="callscore",
    help=(
        "Score sales-call transcripts: find prospect commitments, stalls and declines and seller "
        "giveaways (each with its quote), and say who led the call and what was decided."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"callscore {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Score sales-call transcripts."""


app.command("analyze", no_args_is_help=True)(analyze_command)
app.command("eval", no_args_is_help=True)(eval_command)
app.command("train")(train_command)
app.command("batch")(batch_command)
app.command("summary")(summary_command)
app.command("export")(export_command)
app.command("report", no_args_is_help=True)(report_command)
app.command("review")(review_command)
app.command("formats")(formats_command)
