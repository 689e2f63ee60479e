"""compute_metrics: with and without timestamps, unknown roles, questions (no spaCy)."""

from __future__ import annotations

import math

import pytest

from analyzer.model import Metrics
from analyzer.scoring.metrics import (
    FULL_SCALE_SWITCHES_PER_MINUTE,
    WORDS_PER_MINUTE,
    compute_metrics,
    interactivity_score,
    word_count,
)

from .builders import Row, make_transcript, prospect, seller

TIMED: list[Row] = [
    seller("Thanks for joining. What's driving the project?", 0.0, 10.0),
    prospect("Reporting takes us two weeks.", 12.0, 20.0),
    prospect("And the CFO hates it.", 20.0, 26.0),
    ("Bot", "unknown", "Recording started.", 26.0, 27.0),
    seller("How are you handling it today? Who else is involved?", 30.0, 40.0),
    prospect("Spreadsheets.", 40.5, 42.0),
    seller("Got it.", 42.0, 44.0),
    seller("Let me show you how we fix that.", 44.0, 60.0),
]


def test_time_basis_when_every_turn_is_timed() -> None:
    m = compute_metrics(make_transcript(TIMED))
    assert m.basis == "time"
    assert m.seller.talk_seconds == pytest.approx(10 + 10 + 2 + 16)
    assert m.prospect.talk_seconds == pytest.approx(8 + 6 + 1.5)
    total = 38 + 15.5  # the unknown bot turn counts to neither side
    assert m.seller.talk_ratio == pytest.approx(38 / total)
    assert m.seller.talk_ratio + m.prospect.talk_ratio == pytest.approx(1.0)
    assert (m.seller.turns, m.prospect.turns, m.turns) == (4, 3, 8)
    assert m.duration_seconds == pytest.approx(60.0)


def test_monologues_merge_one_speakers_consecutive_turns() -> None:
    m = compute_metrics(make_transcript(TIMED))
    # turns 6 and 7 are one seller stretch: 2 + 16 seconds
    assert m.seller.longest_monologue_seconds == pytest.approx(18.0)
    assert m.seller.longest_monologue_words == word_count("Got it.") + word_count(
        "Let me show you how we fix that."
    )
    assert m.prospect.longest_monologue_seconds == pytest.approx(14.0)


def test_patience_and_interactivity_with_times() -> None:
    m = compute_metrics(make_transcript(TIMED))
    # prospect -> seller hand-overs: 42.0 -> 42.0 only (turn 2 is followed by the bot)
    assert m.patience_seconds == pytest.approx(0.0)
    # side switches, unknown ignored: S P P S P S S -> 4 switches in one minute
    assert m.interactivity == pytest.approx(4.0)
    assert interactivity_score(m) == pytest.approx(10 * 4 / FULL_SCALE_SWITCHES_PER_MINUTE)


def test_patience_averages_gaps_and_ignores_overlaps() -> None:
    rows = [
        prospect("Sounds interesting.", 0, 5),
        seller("Great.", 7, 8),
        prospect("Tell me more.", 9, 12),
        seller("Sure.", 11, 14),  # starts before the prospect finished: 0
        prospect("Okay.", 15, 16),
        seller("So.", 20, 21),
    ]
    assert compute_metrics(make_transcript(rows)).patience_seconds == pytest.approx((2 + 0 + 4) / 3)


def test_words_basis_when_any_turn_lacks_times() -> None:
    rows = [
        seller("What is your timeline for the rollout?", 0.0, 5.0),
        prospect("End of the quarter, probably, if the budget holds up."),
        seller("And who signs off on the budget?"),
        prospect("Our CFO does."),
    ]
    m = compute_metrics(make_transcript(rows))
    assert m.basis == "words"
    seller_words = word_count(rows[0][2]) + word_count(rows[2][2])
    prospect_words = word_count(rows[1][2]) + word_count(rows[3][2])
    assert (m.seller.words, m.prospect.words) == (seller_words, prospect_words)
    assert m.seller.talk_ratio == pytest.approx(seller_words / (seller_words + prospect_words))
    assert m.seller.talk_seconds is None and m.seller.longest_monologue_seconds is None
    assert m.patience_seconds is None
    assert m.duration_seconds == pytest.approx(5.0)  # from the one timed turn
    assert m.interactivity == pytest.approx(3 * 100 / (seller_words + prospect_words))
    per_minute = m.interactivity * WORDS_PER_MINUTE / 100
    assert interactivity_score(m) == pytest.approx(
        round(min(10.0, 10 * per_minute / FULL_SCALE_SWITCHES_PER_MINUTE), 1)
    )


def test_no_times_at_all() -> None:
    m = compute_metrics(make_transcript([seller("Hi there."), prospect("Hello.")]))
    assert (m.basis, m.duration_seconds, m.patience_seconds) == ("words", None, None)


@pytest.mark.parametrize(
    ("rows", "seller_q", "prospect_q"),
    [
        ([seller("What's your budget? We can help."), prospect("Why?")], 1, 1),
        ([seller("What we need is a plan."), prospect("Okay.")], 0, 0),  # near miss
        ([seller("So what's your timeline? And who decides?"), prospect("Q3.")], 2, 0),
        # unpunctuated recognizer output: judged by the opening words
        ([seller("so what is your timeline"), prospect("end of quarter")], 1, 0),
        ([seller("do you have budget for this"), prospect("we do")], 1, 0),
        ([seller("will do thanks"), prospect("what happens next")], 0, 1),
    ],
)
def test_questions_per_side(rows: list[Row], seller_q: int, prospect_q: int) -> None:
    m = compute_metrics(make_transcript(rows))
    assert (m.seller.questions, m.prospect.questions) == (seller_q, prospect_q)


def test_empty_and_unknown_only_calls() -> None:
    empty = compute_metrics(make_transcript([]))
    assert (empty.turns, empty.seller.talk_ratio, empty.interactivity) == (0, 0.0, 0.0)
    unknown = compute_metrics(make_transcript([("A", "unknown", "Hello there.", 0.0, 3.0)]))
    assert unknown.seller.words == unknown.prospect.words == 0
    assert unknown.seller.talk_ratio == unknown.prospect.talk_ratio == 0.0
    assert unknown.duration_seconds == pytest.approx(3.0)


@pytest.mark.parametrize(
    ("basis", "rate", "expected"),
    [
        ("time", 0.0, 0.0),
        ("time", FULL_SCALE_SWITCHES_PER_MINUTE / 2, 5.0),
        ("time", FULL_SCALE_SWITCHES_PER_MINUTE * 3, 10.0),  # capped
        ("words", 100 * FULL_SCALE_SWITCHES_PER_MINUTE / WORDS_PER_MINUTE, 10.0),
    ],
)
def test_interactivity_scale(basis: str, rate: float, expected: float) -> None:
    base = compute_metrics(make_transcript([seller("Hi.", 0, 1)]))
    metrics = Metrics(
        basis="time" if basis == "time" else "words",
        seller=base.seller,
        prospect=base.prospect,
        interactivity=rate,
        patience_seconds=None,
        duration_seconds=None,
        turns=1,
    )
    assert math.isclose(interactivity_score(metrics), expected, abs_tol=0.05)
