"""Interaction metrics in the style of Gong and Chorus, from the transcript alone.

Definitions (each figure is per side; unknown-role turns count to neither
side, though they still count in the call's turns and duration):

* **basis**: ``"time"`` when every turn has a start and an end, else
  ``"words"``; talk ratio and interactivity use it.
* **talk ratio**: a side's share of the talk of the two sides (seconds or
  words), so the two ratios add up to 1 when anyone spoke.
* **longest monologue**: the longest stretch one speaker of the side talks
  without anyone else speaking in between (consecutive turns by the same
  speaker merge, since diarizers often split one person's speech).  Seconds
  are the stretch's summed turn durations, and ``None`` on a words basis.
* **interactivity**: speaker switches between the sides per minute of call
  (time basis) or per 100 words spoken (words basis).
  :func:`interactivity_score` maps it to Gong's familiar 0-10 scale.
* **patience**: the average pause, in seconds, between the end of a prospect
  turn and the start of the seller turn that immediately follows it
  (overlaps count as 0); ``None`` when no such pair has times.
* **questions**: sentences ending in ``?``, or, for unpunctuated text,
  sentences opening like a question (:mod:`analyzer.scoring.questions`).
* **duration**: from the earliest start to the latest end of any timed turn;
  ``None`` without times.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from analyzer.model import Metrics, Role, SideMetrics, Transcript, Turn
from analyzer.scoring.questions import count_questions

__all__ = [
    "FULL_SCALE_SWITCHES_PER_MINUTE",
    "WORDS_PER_MINUTE",
    "compute_metrics",
    "interactivity_score",
    "word_count",
]

#: Switches per minute that score 10 on the 0-10 interactivity scale.  Gong
#: reports healthy discovery calls around 5-6 on its scale; a back-and-forth
#: of about five hand-overs a minute is already a lively conversation.
FULL_SCALE_SWITCHES_PER_MINUTE = 5.0

#: Conversational speaking rate used to put a words-basis rate on the same scale.
WORDS_PER_MINUTE = 150.0

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def word_count(text: str) -> int:
    """Words in a text ("don't" is one word)."""
    return len(_WORD.findall(text))


def _is_timed(turn: Turn) -> bool:
    return turn.start is not None and turn.end is not None


def _monologues(turns: Sequence[Turn]) -> list[tuple[Role, int, float]]:
    """(role, words, seconds) per run of consecutive turns by one speaker."""
    runs: list[tuple[Role, int, float]] = []
    previous: Turn | None = None
    for turn in turns:
        words, seconds = word_count(turn.text), float(turn.duration or 0.0)
        if previous is not None and previous.speaker == turn.speaker and runs:
            role, run_words, run_seconds = runs[-1]
            runs[-1] = (role, run_words + words, run_seconds + seconds)
        else:
            runs.append((turn.role, words, seconds))
        previous = turn
    return runs


def _side(
    turns: Sequence[Turn],
    role: Role,
    runs: Sequence[tuple[Role, int, float]],
    *,
    timed: bool,
    share: float,
) -> SideMetrics:
    mine = [t for t in turns if t.role == role]
    my_runs = [r for r in runs if r[0] == role]
    return SideMetrics(
        talk_seconds=float(sum(t.duration or 0.0 for t in mine)) if timed else None,
        words=sum(word_count(t.text) for t in mine),
        talk_ratio=share,
        turns=len(mine),
        questions=sum(count_questions(t.text) for t in mine),
        longest_monologue_seconds=max((r[2] for r in my_runs), default=0.0) if timed else None,
        longest_monologue_words=max((r[1] for r in my_runs), default=0),
    )


def _switches(turns: Sequence[Turn]) -> int:
    sides = [t.role for t in turns if t.role in ("seller", "prospect")]
    return sum(1 for a, b in pairwise(sides) if a != b)


def _patience(turns: Sequence[Turn]) -> float | None:
    pauses = [
        max(0.0, nxt.start - cur.end)
        for cur, nxt in pairwise(turns)
        if cur.role == "prospect" and nxt.role == "seller"
        if cur.end is not None and nxt.start is not None
    ]
    return float(sum(pauses)) / len(pauses) if pauses else None


def _duration(turns: Sequence[Turn]) -> float | None:
    timed = [t for t in turns if _is_timed(t)]
    if not timed:
        return None
    return float(max(0.0, max(t.end or 0.0 for t in timed) - min(t.start or 0.0 for t in timed)))


def compute_metrics(transcript: Transcript) -> Metrics:
    """Interaction metrics for a call (definitions in the module docstring)."""
    turns = transcript.turns
    timed = bool(turns) and all(_is_timed(t) for t in turns)

    def amount(role: Role) -> float:
        mine = [t for t in turns if t.role == role]
        if timed:
            return float(sum(t.duration or 0.0 for t in mine))
        return float(sum(word_count(t.text) for t in mine))

    seller_amount, prospect_amount = amount("seller"), amount("prospect")
    total = seller_amount + prospect_amount
    seller_share = seller_amount / total if total else 0.0
    prospect_share = prospect_amount / total if total else 0.0

    runs = _monologues(turns)
    duration = _duration(turns)
    switches = _switches(turns)
    if timed:
        minutes = (duration or 0.0) / 60.0
        interactivity = switches / minutes if minutes else 0.0
    else:
        words = sum(word_count(t.text) for t in turns)
        interactivity = switches * 100.0 / words if words else 0.0

    metrics = Metrics(
        basis="time" if timed else "words",
        seller=_side(turns, "seller", runs, timed=timed, share=seller_share),
        prospect=_side(turns, "prospect", runs, timed=timed, share=prospect_share),
        interactivity=interactivity,
        patience_seconds=_patience(turns),
        duration_seconds=duration,
        turns=len(turns),
    )
    return replace(metrics, interactivity_score=interactivity_score(metrics))


def interactivity_score(metrics: Metrics) -> float:
    """Interactivity on a 0-10 scale, one decimal.

    Switches per minute scale linearly to 10 at
    :data:`FULL_SCALE_SWITCHES_PER_MINUTE`; a words-basis rate (per 100
    words) is first turned into a per-minute rate at :data:`WORDS_PER_MINUTE`.
    """
    per_minute = metrics.interactivity
    if metrics.basis == "words":
        per_minute = metrics.interactivity * WORDS_PER_MINUTE / 100.0
    return round(min(10.0, 10.0 * per_minute / FULL_SCALE_SWITCHES_PER_MINUTE), 1)
