"""callscore: find commitments, stalls, declines and giveaways in sales calls."""

__version__ = "0.1.0"
