"""resolve_date / find_dates: table-driven, against fixed call dates (no spaCy)."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import pytest

from analyzer.scoring.dates import find_date, find_dates, resolve_date

D = dt.date
WED = D(2026, 3, 4)  # a Wednesday in Q1
MON_DEC = D(2026, 12, 28)  # a Monday in the last week of the year

assert WED.weekday() == 2 and MON_DEC.weekday() == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # relative days
        ("today", WED),
        ("tomorrow", D(2026, 3, 5)),
        ("the day after tomorrow", D(2026, 3, 6)),
        ("by end of day", WED),
        ("EOD Friday", D(2026, 3, 6)),
        # weekdays: bare = next strictly after; "this" = on/after; "next" = next week's
        ("Friday", D(2026, 3, 6)),
        ("by Friday", D(2026, 3, 6)),
        ("Wednesday", D(2026, 3, 11)),
        ("this Wednesday", WED),
        ("this Thursday", D(2026, 3, 5)),
        ("next Tuesday", D(2026, 3, 10)),
        ("next Thursday", D(2026, 3, 12)),
        ("Thursday next week", D(2026, 3, 12)),
        ("next week Thursday", D(2026, 3, 12)),
        ("Friday after next", D(2026, 3, 13)),
        ("last Friday", D(2026, 2, 27)),
        ("a week from Friday", D(2026, 3, 13)),
        # days of the month
        ("the 14th", D(2026, 3, 14)),
        ("the 4th", WED),
        ("by the 2nd", D(2026, 4, 2)),
        ("Tuesday the 17th", D(2026, 3, 17)),
        ("March 14", D(2026, 3, 14)),
        ("March 14th", D(2026, 3, 14)),
        ("14 March", D(2026, 3, 14)),
        ("the fourteenth of March", D(2026, 3, 14)),
        ("3/14", D(2026, 3, 14)),
        ("14/3", D(2026, 3, 14)),
        ("Tuesday, March 10", D(2026, 3, 10)),
        ("March 1", D(2027, 3, 1)),  # passed this year: next occurrence
        ("May 5", D(2026, 5, 5)),
        # periods
        ("end of the month", D(2026, 3, 31)),
        ("by the end of next month", D(2026, 4, 30)),
        ("end of the week", D(2026, 3, 6)),
        ("end of next week", D(2026, 3, 13)),
        ("next week", D(2026, 3, 9)),
        ("by next week", D(2026, 3, 13)),
        ("this week", D(2026, 3, 6)),  # already begun: its end
        ("later this week", D(2026, 3, 6)),
        ("the week after next", D(2026, 3, 16)),
        ("next month", D(2026, 4, 1)),
        ("in April", D(2026, 4, 1)),
        ("in March", D(2026, 3, 31)),  # already begun: its end
        ("mid-April", D(2026, 4, 15)),
        ("first week of April", D(2026, 4, 1)),
        ("by the first week of April", D(2026, 4, 7)),
        ("last week of April", D(2026, 4, 24)),
        ("year-end", D(2026, 12, 31)),
        ("early next year", D(2027, 1, 1)),
        # quarters: "by"/"end of" -> last day, "in"/bare -> first day
        ("Q3", D(2026, 7, 1)),
        ("in Q3", D(2026, 7, 1)),
        ("by Q3", D(2026, 9, 30)),
        ("end of Q3", D(2026, 9, 30)),
        ("end of Q2", D(2026, 6, 30)),
        ("the third quarter", D(2026, 7, 1)),
        ("next quarter", D(2026, 4, 1)),
        ("end of the quarter", D(2026, 3, 31)),
        ("in Q1", D(2026, 3, 31)),  # already begun: its end
        # counted offsets
        ("in two weeks", D(2026, 3, 18)),
        ("in 2 weeks", D(2026, 3, 18)),
        ("in a couple of weeks", D(2026, 3, 18)),
        ("two weeks from today", D(2026, 3, 18)),
        ("in a fortnight", D(2026, 3, 18)),
        ("in 10 days", D(2026, 3, 14)),
        ("in 3 business days", D(2026, 3, 9)),
        ("in a month", D(2026, 4, 4)),
        # inside a sentence: the first expression that resolves
        ("Tuesday at two works, send the invite.", D(2026, 3, 10)),
        ("I'll get you the security questionnaire by Friday.", D(2026, 3, 6)),
        ("After the holidays, or maybe March 20?", D(2026, 3, 20)),
    ],
)
def test_resolves_against_the_call_date(text: str, expected: dt.date) -> None:
    assert resolve_date(text, WED) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow", D(2026, 12, 29)),
        ("Friday", D(2027, 1, 1)),
        ("next Tuesday", D(2027, 1, 5)),
        ("January 5", D(2027, 1, 5)),
        ("5 January", D(2027, 1, 5)),
        ("1/5", D(2027, 1, 5)),
        ("12/30", D(2026, 12, 30)),
        ("the 3rd", D(2027, 1, 3)),
        ("the 30th", D(2026, 12, 30)),
        ("end of the month", D(2026, 12, 31)),
        ("end of next week", D(2027, 1, 8)),
        ("in two weeks", D(2027, 1, 11)),
        ("first week of January", D(2027, 1, 1)),
        ("in January", D(2027, 1, 1)),
        ("Q1", D(2027, 1, 1)),
        ("end of Q4", D(2026, 12, 31)),
        ("next quarter", D(2027, 1, 1)),
        ("next month", D(2027, 1, 1)),
        ("next year", D(2027, 1, 1)),
    ],
)
def test_year_roll_over(text: str, expected: dt.date) -> None:
    assert resolve_date(text, MON_DEC) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 14, 2027", D(2027, 3, 14)),
        ("14 March 2027", D(2027, 3, 14)),
        ("2026-05-01", D(2026, 5, 1)),
        ("3/14/2026", D(2026, 3, 14)),
        ("3/14/27", D(2027, 3, 14)),
        ("end of Q2 2026", D(2026, 6, 30)),
        ("April 2027", D(2027, 4, 1)),
    ],
)
def test_explicit_year_needs_no_call_date(text: str, expected: dt.date) -> None:
    assert resolve_date(text, None) == expected


@pytest.mark.parametrize(
    "text",
    ["tomorrow", "Friday", "next Tuesday", "the 14th", "March 14", "3/14", "in two weeks", "Q3"],
)
def test_relative_dates_need_the_call_date(text: str) -> None:
    assert resolve_date(text, None) is None
    match = find_date(text, None)
    assert match is not None and match.text == text  # still found, for due_text


@pytest.mark.parametrize(
    "text",
    [
        # vague: found but unresolved
        "after the holidays",
        "sometime soon",
        "in a few weeks",
        "at some point",
        # near misses that are not dates
        "we may do it",
        "Jan said it was fine",
        "we run it 24/7",
        "odds are 50/50",
        "two weeks ago",
        "it takes a week",
        "a month of work",
        "the week was busy",
        "February 30",
        "our 14th floor office",
        "",
    ],
)
def test_no_date(text: str) -> None:
    assert resolve_date(text, WED) is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("after the holidays", "after the holidays"),
        ("Let's circle back sometime.", "sometime"),
    ],
)
def test_vague_expressions_are_quoted_but_unresolved(text: str, found: str) -> None:
    match = find_date(text, WED)
    assert match is not None
    assert (match.text, match.date, match.vague) == (found, None, True)


def test_matches_are_verbatim_and_do_not_overlap() -> None:
    text = "Next Tuesday works, or by the end of the month, or March 14th at the latest."
    matches = find_dates(text, WED)
    assert [m.text for m in matches] == ["Next Tuesday", "by the end of the month", "March 14th"]
    for m in matches:
        assert text[m.start : m.end] == m.text
    assert all(a.end <= b.start for a, b in pairwise(matches))


def test_february_29_finds_the_next_leap_year() -> None:
    assert resolve_date("February 29", D(2026, 3, 4)) == D(2028, 2, 29)
