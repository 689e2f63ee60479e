"""``python -m analyzer`` runs the ``callscore`` command."""

from analyzer.cli.main import app

app(prog_name="callscore")
