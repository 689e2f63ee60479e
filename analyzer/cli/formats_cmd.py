"""``callscore formats``: the transcript formats callscore reads."""

from __future__ import annotations

import typer


def formats_command() -> None:
    """List the transcript formats callscore reads (names for --format)."""
    from analyzer.ingest.registry import READERS, get_reader

    width = max(len(name) for name in READERS)
    for name in READERS:
        typer.echo(f"{name:<{width}}  {get_reader(name).description}")
