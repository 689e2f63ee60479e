"""Scoring's speed-ups give the answers of the plain formulations they replaced."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzer.scoring.dates import find_dates
from analyzer.scoring.questions import count_questions

# How punctuated questions used to be counted; it retries from every position of a long
# stretch without "?", which made metrics quadratic in the length of a turn.
PLAIN_QUESTIONS = re.compile(r"[^.?!]*\w[^.?!]*\?+")


@pytest.mark.parametrize(
    ("text", "questions"),
    [
        ("What's your timeline? And who signs?", 2),
        ("Really?? Yes.", 1),  # a run of marks ends one question
        ("So. ? Right?", 1),  # near miss: a "?" with no word before it asks nothing
        ("Budget is set. We'll see!", 0),  # near miss: punctuated, no question
        ("?", 0),
        ("Is it — ¿qué? — done?", 2),
        ("line one\nline two?", 1),
    ],
)
def test_punctuated_questions_are_counted_as_before(text: str, questions: int) -> None:
    assert count_questions(text) == questions == len(PLAIN_QUESTIONS.findall(text))


@given(st.text(alphabet=st.sampled_from(list("ab 1_.?!,\n\u00e9")), max_size=60))
def test_any_punctuated_text_counts_as_before(text: str) -> None:
    if re.search(r"[.?!]", text):
        assert count_questions(text) == len(PLAIN_QUESTIONS.findall(text))


CALL_DATE = dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    ("text", "call_date"),
    [
        ("Let's do next Tuesday at two.", CALL_DATE),
        ("Let's do next Tuesday at two.", None),  # same text, no call date: not resolved
        ("Let's do next Tuesday at two.", dt.date(2026, 3, 9)),  # another call date
        ("Sometime after the holidays.", CALL_DATE),
        ("No date here.", CALL_DATE),
    ],
)
def test_remembered_dates_are_the_dates_of_that_text_and_call_date(
    text: str, call_date: dt.date | None
) -> None:
    first = find_dates(text, call_date)
    assert find_dates(text, call_date) == first
    assert find_dates.__wrapped__(text, call_date) == first


def test_the_call_date_is_part_of_what_is_remembered() -> None:
    text = "Send it by Friday."
    (on_monday,) = find_dates(text, CALL_DATE)
    (a_week_on,) = find_dates(text, CALL_DATE + dt.timedelta(days=7))
    (unknown,) = find_dates(text, None)
    assert on_monday.date == dt.date(2026, 3, 6)
    assert a_week_on.date == dt.date(2026, 3, 13)
    assert unknown.date is None
