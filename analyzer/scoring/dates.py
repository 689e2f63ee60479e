"""Resolve the date expressions people say on sales calls to calendar dates.

Pure and deterministic: a text and the call's date in, dates out.  Nothing
here reads the clock; every relative expression is resolved against the call
date, so an expression that needs one resolves to ``None`` when the call date
is unknown.  Only an explicit year ("March 14, 2026", "2026-03-14", "Q3 2026")
resolves without a call date.

Conventions (each is a choice; they are here so a coach can check them):

* Weeks run Monday to Sunday, but the *working* week a period refers to is
  Monday to Friday, so "end of the week" is the Friday.
* A bare weekday ("Friday", "by Friday") is its next occurrence strictly
  after the call date: said on a Friday it means a week later ("today" says
  today).  "this Friday" is the next occurrence on or after the call date.
  "next Tuesday" is the Tuesday of next week (the calendar week after the
  call's), even when a Tuesday comes sooner: said on Monday 2 March it is
  10 March, not 3 March.  "Tuesday next week" means the same.  "last Friday"
  is the latest Friday before the call.
* A day without a month ("the 14th") is its next occurrence on or after the
  call date, skipping months too short for it.  A month and day without a
  year ("March 14", "14 March", "3/14") is the next occurrence on or after
  the call date, so it rolls into next year when it has passed.
* Numeric dates are US month/day ("3/14"); when the first number cannot be a
  month ("14/3") they are read day/month.
* Periods (a week, month, quarter, year, "first week of April") resolve to
  one of their days: the last day after "by", "before", "until", "end of",
  "late" or "later"; the first day after "start of", "beginning of" or
  "early"; the middle after "mid" or "middle of" (the 15th of a month).
  Otherwise ("in Q3", "next week", "in April") a period resolves to its first
  day, unless it has already begun at the call, when its start has passed
  and what is left is "before it ends": its last day ("this week", "in March"
  said on March 2).  Quarters are calendar quarters; a quarter or month
  without a year is the next one that has not ended at the call date.
* "in N days/weeks/months" adds to the call date ("in two weeks" is 14 days
  later; "a couple" is two); business days skip weekends.
* Vague expressions ("after the holidays", "sometime", "soon", "in a few
  weeks") are recognised, so a caller can quote them, but resolve to ``None``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from analyzer.calendar_words import MONTHS

__all__ = ["DateMatch", "find_date", "find_dates", "resolve_date"]


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One date expression in a text.

    ``text`` is ``source[start:end]`` verbatim; ``date`` is ``None`` when the
    expression is vague or needs a call date that is unknown; ``rule`` names
    the pattern that matched (for explanations and tests).
    """

    start: int
    end: int
    text: str
    date: dt.date | None
    rule: str
    vague: bool = False


# --------------------------------------------------------------------------- vocabulary

_MONTHS = MONTHS

_WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}

_UNIT_ORDINALS = (
    *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"),
    *("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth"),
    *("seventeenth", "eighteenth", "nineteenth"),
)
_ORDINAL_WORDS: dict[str, int] = {word: n for n, word in enumerate(_UNIT_ORDINALS, start=1)}
_ORDINAL_WORDS["twentieth"] = 20
_ORDINAL_WORDS["thirtieth"] = 30
for _n, _word in enumerate(_UNIT_ORDINALS[:9], start=1):
    _ORDINAL_WORDS[f"twenty-{_word}"] = 20 + _n
    _ORDINAL_WORDS[f"twenty {_word}"] = 20 + _n
_ORDINAL_WORDS["thirty-first"] = 31
_ORDINAL_WORDS["thirty first"] = 31

_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "couple": 2,
}

_NTH = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation, longest first so "sept" wins over "sep"."""
    items = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


_MONTH = rf"(?:{_alternation(_MONTHS)})\.?"
_FULL_MONTH = _alternation(n for n in _MONTHS if len(n) > 3 or n == "may")
_WEEKDAY = _alternation(_WEEKDAYS)
_DAY = rf"(?:(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?|{_alternation(_ORDINAL_WORDS)})"
_NUM = (
    r"(?:\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|(?:a\s+)?couple(?:\s+of)?)"
)

# Every pattern may start with a deadline word (which picks a period's end)
# or a neutral preposition, so "by March 14" is one match and not "by March".
_LEAD = (
    r"(?:(?:(?P<by>by|before|until|till|no\s+later\s+than|ahead\s+of|prior\s+to)"
    r"|on|for|in|during|at|around|from)\s+(?:the\s+)?)?"
)
_POS = (
    r"(?:(?:the\s+)?(?P<pos>end|start|beginning|middle|close)\s+of\s+(?:the\s+)?"
    r"|(?P<adj>early|mid|late|later)[\s-]+(?:in\s+)?)?"
)
_EOD = r"(?:eod|cob|end\s+of\s+(?:the\s+)?day|end\s+of\s+business|close\s+of\s+business)"


# --------------------------------------------------------------------------- periods


@dataclass(frozen=True, slots=True)
class _Period:
    first: dt.date
    last: dt.date

    @property
    def middle(self) -> dt.date:
        return self.first + (self.last - self.first) / 2


def _month_period(year: int, month: int) -> _Period:
    last_day = calendar.monthrange(year, month)[1]
    return _Period(dt.date(year, month, 1), dt.date(year, month, last_day))


def _quarter_period(year: int, quarter: int) -> _Period:
    first_month = 3 * (quarter - 1) + 1
    return _Period(dt.date(year, first_month, 1), _month_period(year, first_month + 2).last)


def _week_period(call: dt.date, offset: int) -> _Period:
    monday = call - dt.timedelta(days=call.weekday()) + dt.timedelta(weeks=offset)
    return _Period(monday, monday + dt.timedelta(days=4))


def _relative_period(unit: str, call: dt.date, offset: int) -> _Period:
    if unit == "week":
        return _week_period(call, offset)
    if unit == "month":
        first = call.replace(day=1) + relativedelta(months=offset)
        return _month_period(first.year, first.month)
    if unit == "quarter":
        index = (call.month - 1) // 3 + offset
        return _quarter_period(call.year + index // 4, index % 4 + 1)
    return _Period(dt.date(call.year + offset, 1, 1), dt.date(call.year + offset, 12, 31))


def _anchor(match: re.Match[str]) -> str | None:
    """Which day of a period the wording asks for (None: the default rule)."""
    groups = match.groupdict()
    pos = (groups.get("pos") or groups.get("adj") or "").lower()
    if pos in ("end", "close", "late", "later"):
        return "end"
    if pos in ("start", "beginning", "early"):
        return "start"
    if pos in ("middle", "mid"):
        return "middle"
    if groups.get("by"):
        return "end"
    return None


def _pick(
    period: _Period, anchor: str | None, call: dt.date | None, *, month: bool = False
) -> dt.date:
    if anchor == "end":
        return period.last
    if anchor == "start":
        return period.first
    if anchor == "middle":
        return period.first.replace(day=15) if month else period.middle
    if call is not None and period.first < call <= period.last:
        return period.last
    return period.first


# --------------------------------------------------------------------------- handlers


class _Skip:
    """Returned by a handler when the text only looked like a date."""


_SKIP = _Skip()

_Handler = Callable[[re.Match[str], dt.date | None], dt.date | _Skip | None]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year_of(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) + 2000 if len(text) == 2 else int(text)


def _month_day(month: int, day: int, year: int | None, call: dt.date | None) -> dt.date | None:
    if year is not None:
        return _safe_date(year, month, day)
    if call is None:
        return None
    # Up to four years ahead so February 29 finds its leap year.
    for candidate_year in range(call.year, call.year + 5):
        candidate = _safe_date(candidate_year, month, day)
        if candidate is not None and candidate >= call:
            return candidate
    return None


def _day_number(text: str) -> int:
    text = re.sub(r"\s+", " ", text.lower())
    if text in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[text]
    return int(re.sub(r"\D", "", text))


def _count(text: str) -> int:
    text = re.sub(r"\s+", " ", text.lower()).removeprefix("a ").removesuffix(" of")
    return int(text) if text.isdigit() else _NUMBER_WORDS[text]


def _weekday_after(call: dt.date, weekday: int, *, inclusive: bool) -> dt.date:
    ahead = (weekday - call.weekday()) % 7
    if ahead == 0 and not inclusive:
        ahead = 7
    return call + dt.timedelta(days=ahead)


def _iso(m: re.Match[str], call: dt.date | None) -> dt.date | _Skip | None:
    return _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))


def _numeric(m: re.Match[str], call: dt.date | None) -> dt.date | _Skip | None:
    first, second = int(m["a"]), int(m["b"])
    if (first, second) == (24, 7):
        return _SKIP  # "24/7" is a schedule, not July 24th
    if 1 <= first <= 12 and 1 <= second <= 31:
        month, day = first, second
    elif 1 <= second <= 12 and 1 <= first <= 31:
        month, day = second, first
    else:
        return _SKIP
    return _month_day(month, day, _year_of(m["y"]), call)


def _month_name_day(m: re.Match[str], call: dt.date | None) -> dt.date | _Skip | None:
    month = _MONTHS[m["month"].lower().rstrip(".")]
    return _month_day(month, _day_number(m["day"]), _year_of(m["year"]), call)


def _ordinal_day(m: re.Match[str], call: dt.date | None) -> dt.date | _Skip | None:
    day = int(m["day"])
    if call is None or not 1 <= day <= 31:
        return None
    first = call.replace(day=1)
    for offset in range(0, 13):
        month_start = first + relativedelta(months=offset)
        candidate = _safe_date(month_start.year, month_start.month, day)
        if candidate is not None and candidate >= call:
            return candidate
    return None


def _relative_day(m: re.Match[str], call: dt.date | None) -> dt.date | _Skip | None:
    if call is None:
        return None
    words = re.sub(r"\s+", " ", m["rd"].lower())
    if "day after tomorrow" in words:
        return call + dt.timedelta(days=2)
    if "tomorrow" in words:
        return call + dt.timedelta(days=1)
    if "yesterday" in words:
        return call - dt.timedelta(days=1)
    return call


def _weekday(m: re.Match[str], call: dt.date | None) -> dt.date | _Skip | None:
    if call is None:
        return None
    weekday = _WEEKDAYS[m["wd"].lower()]
    qual = re.sub(r"\s+", " ", (m["qual"] or "").lower())
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower()).removeprefix("of ")
    if qual in ("last", "previous", "past"):
        return _weekday_after(call, weekday, inclusive=False) - dt.timedelta(days=7)
    if qual == "next" or rel == "next week":
        return _week_period(call, 1).first + dt.timedelta(days=weekday)
    if rel == "this week":
        return _week_period(call, 0).first + dt.timedelta(days=weekday)
    if rel == "after next":
        return _weekday_after(call, weekday, inclusive=False) + dt.timedelta(days=7)
    return _weekday_after(call, weekday, inclusive=qual == "this")


def _next_week_weekday(m: re.Match[str], call: dt.date | None) -> dt.date | _Skip | None:
    if call is None:
        return None
    return _week_period(call, 1).first + dt.timedelta(days=_WEEKDAYS[m["wd"].lower()])


def _reference_day(ref: str, call: dt.date) -> dt.date:
    ref = ref.lower()
    if ref == "tomorrow":
        return call + dt.timedelta(days=1)
    if ref in _WEEKDAYS:
        return _weekday_after(call, _WEEKDAYS[ref], inclusive=False)
    return call


def _add(start: dt.date, count: int, unit: str) -> dt.date:
    unit = re.sub(r"\s+", " ", unit.lower()).rstrip("s")
    if unit in ("business day", "working day"):
        day = start
        while count > 0:
            day += dt.timedelta(days=1)
            if day.weekday() < 5:
                count -= 1
        return day
    if unit == "day":
        return start + dt.timedelta(days=count)
    if unit == "week":
        return start + dt.timedelta(weeks=count)
    if unit == "fortnight":
        return start + dt.timedelta(weeks=2 * count)
    if unit == "month":
        return start + relativedelta(months=count)
    return start + relativedelta(years=count)


def _in_n(m: re.Match[str], call: dt.date | None) -> dt.date | _Skip | None:
    if call is None:
        return None
    if m["unit_f"]:
        return _add(call, 1, "fortnight")
    return _add(call, _count(m["n"]), m["unit"])


def _n_from(m: re.Match[str], call: dt.date | None) -> dt.date | _Skip | None:
    if call is None:
        return None
    return _add(_reference_day(m["ref"], call), _count(m["n"]), m["unit"])


def _period(m: re.Match[str], call: dt.date | None) -> dt.date | _Skip | None:
    det = re.sub(r"\s+", " ", (m["det"] or "").lower())
    has_pos = bool(m["pos"] or m["adj"])
    if not det and not has_pos and not m["after"]:
        return _SKIP  # a bare "week" or "month" is a length, not a date
    if det == "the" and not has_pos and not m["after"]:
        return _SKIP
    if call is None:
        return None
    offset = 1 if det in ("next", "following", "the following", "coming", "this coming") else 0
    if m["after"]:
        offset = 2
    unit = m["unit"].lower()
    return _pick(_relative_period(unit, call, offset), _anchor(m), call, month=unit == "month")


def _period_end(m: re.Match[str], call: dt.date | None) -> dt.date | _Skip | None:
    if call is None:
        return None
    return _relative_period(m["unit"].lower(), call, 0).last


def _explicit_year(text: str | None, call: dt.date | None) -> tuple[bool, int | None]:
    """(given, year): whether the wording names a year, and which one."""
    if not text:
        return False, None
    text = re.sub(r"\s+", " ", text.lower())
    if text.isdigit():
        return True, int(text)
    if call is None:
        return True, None
    return True, call.year + (1 if text == "next year" else 0)


def _quarter(m: re.Match[str], call: dt.date | None) -> dt.date | _Skip | None:
    if m["q"]:
        quarter = int(m["q"])
    else:
        word = m["qw"].lower()
        quarter = 4 if word == "last" else _NTH[word]
    given, year = _explicit_year(m["year"], call)
    if given:
        if year is None:
            return None
        return _pick(_quarter_period(year, quarter), _anchor(m), call)
    if call is None:
        return None
    period = _quarter_period(call.year, quarter)
    if period.last < call:
        period = _quarter_period(call.year + 1, quarter)
    return _pick(period, _anchor(m), call)


def _month_alone(m: re.Match[str], call: dt.date | None) -> dt.date | _Skip | None:
    name = m["month"].lower()
    det = (m["det"] or "").lower()
    introduced = m.start("month") > m.start() or m["year"]
    if name == "may" and not introduced:
        return _SKIP  # a bare "may" is the modal verb ("we may..."), not the month
    month = _MONTHS[name]
    if m["year"]:
        return _pick(_month_period(int(m["year"]), month), _anchor(m), call, month=True)
    if call is None:
        return None
    if det == "last":
        year = call.year if month < call.month else call.year - 1
        return _pick(_month_period(year, month), _anchor(m), call, month=True)
    period = _month_period(call.year, month)
    if period.last < call:
        period = _month_period(call.year + 1, month)
    return _pick(period, _anchor(m), call, month=True)


def _nth_week(m: re.Match[str], call: dt.date | None) -> dt.date | _Skip | None:
    nth = m["nth"].lower()
    if m["month"]:
        month = _MONTHS[m["month"].lower().rstrip(".")]
        if m["year"]:
            year = int(m["year"])
        elif call is None:
            return None
        else:
            year = call.year
            if _month_period(year, month).last < call:
                year += 1
    else:
        if call is None:
            return None
        offset = 1 if (m["rel"] or "").lower() == "next" else 0
        first = call.replace(day=1) + relativedelta(months=offset)
        year, month = first.year, first.month
    whole = _month_period(year, month)
    if nth == "last":
        period = _Period(whole.last - dt.timedelta(days=6), whole.last)
    else:
        start = whole.first + dt.timedelta(weeks=_NTH[nth] - 1)
        period = _Period(start, start + dt.timedelta(days=6))
    return _pick(period, _anchor(m), call)


def _vague(m: re.Match[str], call: dt.date | None) -> dt.date | _Skip | None:
    return None


# --------------------------------------------------------------------------- patterns


@dataclass(frozen=True, slots=True)
class _Pattern:
    rule: str
    regex: re.Pattern[str]
    handler: _Handler
    vague: bool = False


def _compile(body: str) -> re.Pattern[str]:
    return re.compile(rf"\b{body}(?![\w-])", re.IGNORECASE)


_WEEKDAY_PREFIX = rf"(?:(?:{_WEEKDAY}),?\s+)?"

_PATTERNS: tuple[_Pattern, ...] = (
    _Pattern("iso", _compile(rf"{_LEAD}(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})"), _iso),
    _Pattern(
        "numeric",
        _compile(
            rf"{_LEAD}{_WEEKDAY_PREFIX}(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})(?:/(?P<y>\d{{4}}|\d{{2}}))?"
        ),
        _numeric,
    ),
    _Pattern(
        "month_day",
        _compile(
            rf"{_LEAD}{_WEEKDAY_PREFIX}(?:the\s+)?(?P<month>{_MONTH})\s+(?:the\s+)?(?P<day>{_DAY})"
            rf"(?:,?\s+(?P<year>\d{{4}}))?"
        ),
        _month_name_day,
    ),
    _Pattern(
        "day_month",
        _compile(
            rf"{_LEAD}{_WEEKDAY_PREFIX}(?:the\s+)?(?P<day>{_DAY})\s+(?:of\s+)?(?P<month>{_MONTH})"
            rf"(?:,?\s+(?P<year>\d{{4}}))?"
        ),
        _month_name_day,
    ),
    _Pattern(
        "ordinal_day",
        _compile(rf"{_LEAD}{_WEEKDAY_PREFIX}the\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)"),
        _ordinal_day,
    ),
    _Pattern(
        "relative_day",
        _compile(
            rf"{_LEAD}(?P<rd>(?:the\s+)?day\s+after\s+tomorrow|tomorrow|today|tonight|yesterday"
            rf"|later\s+today|this\s+(?:morning|afternoon|evening)"
            rf"|{_EOD}(?:\s+(?:today|tomorrow))?)"
        ),
        _relative_day,
    ),
    _Pattern(
        "weekday",
        _compile(
            rf"{_LEAD}(?:{_EOD}\s+(?:on\s+)?)?"
            rf"(?:(?P<qual>this\s+coming|this|next|coming|last|previous|past)\s+)?(?P<wd>{_WEEKDAY})"
            rf"(?:\s+(?P<rel>(?:of\s+)?next\s+week|(?:of\s+)?this\s+week|after\s+next))?"
        ),
        _weekday,
    ),
    _Pattern(
        "next_week_weekday",
        _compile(rf"{_LEAD}next\s+week,?\s+(?:on\s+)?(?P<wd>{_WEEKDAY})"),
        _next_week_weekday,
    ),
    _Pattern(
        "in_n",
        _compile(
            rf"(?:in|within|inside\s+of|after)\s+(?:about\s+|another\s+|roughly\s+|around\s+|just\s+"
            rf"|the\s+next\s+)?(?:(?P<n>{_NUM})\s+(?P<unit>business\s+days?|working\s+days?|days?"
            rf"|weeks?|months?|years?|fortnights?)|a\s+(?P<unit_f>fortnight))(?!\s+ago)"
        ),
        _in_n,
    ),
    _Pattern(
        "n_from",
        _compile(
            rf"(?P<n>{_NUM})\s+(?P<unit>business\s+days?|working\s+days?|days?|weeks?|months?)"
            rf"\s+from\s+(?P<ref>now|today|tomorrow|{_WEEKDAY})"
        ),
        _n_from,
    ),
    _Pattern(
        "period",
        _compile(
            rf"{_LEAD}{_POS}(?:(?P<det>this\s+coming|this|next|the\s+following|following|coming"
            rf"|current|the)\s+)?(?P<unit>week|month|quarter|year)(?P<after>\s+after\s+next)?"
        ),
        _period,
    ),
    _Pattern(
        "period_end",
        _compile(rf"{_LEAD}(?:(?:the|this)\s+)?(?P<unit>week|month|quarter|year)[\s-]end"),
        _period_end,
    ),
    _Pattern(
        "quarter",
        _compile(
            rf"{_LEAD}{_POS}(?:(?:this|the)\s+)?(?:q(?P<q>[1-4])|(?P<qw>first|second|third|fourth"
            rf"|1st|2nd|3rd|4th|last)\s+quarter)(?:\s+(?:of\s+)?(?P<year>\d{{4}}|next\s+year"
            rf"|this\s+year))?"
        ),
        _quarter,
    ),
    _Pattern(
        "nth_week",
        _compile(
            rf"{_LEAD}(?:the\s+)?(?P<nth>first|second|third|fourth|last|1st|2nd|3rd|4th)\s+week\s+"
            rf"(?:of|in)\s+(?:(?P<month>{_MONTH})(?:\s+(?P<year>\d{{4}}))?|(?P<rel>next|this|the)"
            rf"\s+month)"
        ),
        _nth_week,
    ),
    _Pattern(
        "month",
        _compile(
            rf"{_LEAD}{_POS}(?:(?P<det>this|next|last)\s+)?(?P<month>{_FULL_MONTH})"
            rf"(?:\s+(?P<year>\d{{4}}))?"
        ),
        _month_alone,
    ),
    _Pattern(
        "vague",
        _compile(
            r"(?:after\s+the\s+(?:holidays?|new\s+year|summer|break|busy\s+season)"
            r"|sometime(?:\s+soon)?|some\s+time|at\s+some\s+point|soon|down\s+the\s+road"
            r"|in\s+the\s+(?:near\s+)?future|in\s+a\s+few\s+(?:days|weeks|months)|in\s+a\s+while"
            r"|one\s+of\s+these\s+days|at\s+a\s+later\s+date|later\s+on)"
        ),
        _vague,
        vague=True,
    ),
)


# --------------------------------------------------------------------------- public API


def _candidates(text: str, call_date: dt.date | None) -> Iterator[DateMatch]:
    for pattern in _PATTERNS:
        for m in pattern.regex.finditer(text):
            result = pattern.handler(m, call_date)
            if isinstance(result, _Skip):
                continue
            yield DateMatch(m.start(), m.end(), m.group(0), result, pattern.rule, pattern.vague)


# Scoring asks about the same sentences several times per call (proposals, agreements,
# the next step); the answer is a pure function of the arguments and immutable.
@lru_cache(maxsize=4096)
def find_dates(text: str, call_date: dt.date | None) -> tuple[DateMatch, ...]:
    """Every date expression in ``text``, in order, without overlaps.

    Where patterns overlap, the earliest start wins and then the longest
    match, so "next Tuesday" is one expression and not "Tuesday".
    """
    ordered = sorted(_candidates(text, call_date), key=lambda d: (d.start, d.start - d.end))
    chosen: list[DateMatch] = []
    for match in ordered:
        if chosen and match.start < chosen[-1].end:
            continue
        chosen.append(match)
    return tuple(chosen)


def find_date(text: str, call_date: dt.date | None) -> DateMatch | None:
    """The first expression in ``text`` that resolves, else the first one found.

    A caller that needs the words even when they cannot be resolved (a vague
    "after the holidays", or "Friday" when the call date is unknown) gets the
    match with ``date=None``.
    """
    matches = find_dates(text, call_date)
    for match in matches:
        if match.date is not None:
            return match
    return matches[0] if matches else None


def resolve_date(text: str, call_date: dt.date | None) -> dt.date | None:
    """The date that ``text`` names, resolved against the call date.

    ``None`` when the text names no date, only a vague one ("after the
    holidays"), or a relative one while ``call_date`` is unknown.  See the
    module docstring for the conventions ("next Tuesday" is the Tuesday of
    next week; "by Q3" is the end of Q3, "in Q3" its start).
    """
    match = find_date(text, call_date)
    return match.date if match is not None else None
