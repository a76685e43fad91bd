"""Dates as news articles write them, read by one hand-written grammar with one month table.

Every form a newsroom uses: "Aug. 2, 2024" (AP), "2 August 2024" (UK), "August 2nd", "Sept.",
"2024-08-02", a dateline ("SAN FRANCISCO, Aug 2 (Reuters) -"), "(2024, August 2)" in a reference
list, early/mid/late month or year, quarters and halves ("the second quarter of 2024", "Q2",
"H1 2024") and the relative dates of a news report ("yesterday", "on Friday", "last week").

Deterministic: nothing here reads the clock, the locale or the time zone. A date that does not
give its year, and every relative date, is read against the article's own `date:` (the
*reference*) and says so (`Value.derived`): a day and month without a year take the article's
year, or the adjacent one where that is more than nine months away ("Dec. 30" in an article of
3 January 2025 is 30 December 2024); "on Friday" (or AP's "said Friday") is the last Friday on or before the article's date (the next
one after "will", "next" or "is due to"); "last week" the Monday-to-Sunday week before the
article's, "the past week" the seven days up to it. Without a
reference such a date is found but not read (`Found.problem` asks for the article's date).
A date the grammar reads only in part ("summer 2024", "8/2/2024", "fiscal 2025") is reported
as such, never cut down to the part it understood.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from ...model import PartialDate
from ...months import MONTH_ABBREVIATIONS, MONTH_NUMBERS, MONTHS, WEEKDAYS  # noqa: F401  (re-exported)

# a qualifier's part of a year, in months (a qualified month is read in days: see day_span)
QUALIFIER_MONTHS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9),
                    "Q4": (10, 12), "H1": (1, 6), "H2": (7, 12)}
QUALIFIER_DAYS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
WEEK = "week of"
FAR_DAYS = 274          # a year-less date further than this (nine months) from the article's is the adjacent year's
AHEAD_DAYS = 92         # ...and one further ahead than this (three months), no word looking forward, last year's        # a qualifier on a day: the seven days from that Monday

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4,
             "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def _month_pattern() -> str:
    """A month as written: capitalized or upper-case (a lower-case "may" or "march" is a word)."""
    forms = set()
    for word in MONTH_NUMBERS:
        forms |= {word.capitalize(), word.upper()}
    alternatives = "|".join(sorted(forms, key=len, reverse=True))
    return rf"(?:{alternatives})(?![a-z])\.?"


_MON = _month_pattern()
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|20)\d{2}"
_WEEKDAY = "|".join(WEEKDAYS) + "|" + "|".join(d[:3] + r"\.?" for d in WEEKDAYS)
_QUAL = r"(?:early|mid|late|the (?:start|beginning|middle|end) of|the (?:first|second|latter) half of)"
_YEAR_GUARD = r"(?<![\d$€£¥/.,-])"
_END = r"(?![\d%/]|,\d|-\d)"

# (name, pattern): a match of an earlier, or a longer, pattern wins an overlap; compiled when a
# text is first searched (`_compiled`), not at import: a command that reads no date compiles none
_PATTERNS: tuple[tuple[str, str], ...] = (
    ("iso", rf"\b(?P<year>{_YEAR})-(?P<month>0[1-9]|1[0-2])(?:-(?P<day>[0-3]\d)(?:T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?)?"
            r"\b(?!-\d)"),
    ("reference", rf"\((?P<year>{_YEAR}),\s+(?P<mon>{_MON})(?:\s+(?P<day>{_DAY}))?\)"),
    ("month_day", rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<week>(?i:the\s+week\s+of)\s+)?\b(?P<mon>{_MON})\s*(?P<day>{_DAY})\b(?:,?\s+(?P<year>{_YEAR})\b)?"),
    ("day_month", rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<week>(?i:the\s+week\s+of)\s+)?(?:the\s+)?\b(?P<day>{_DAY})(?:\s+of)?\s+(?P<mon>{_MON})"
                  rf"(?:,?\s+(?P<year>{_YEAR})\b)?"),
    ("qualified", rf"(?i:\b(?P<qual>{_QUAL}))[\s-]+(?:(?P<mon>{_MON})(?:,?\s+(?P<year>{_YEAR}))?|(?P<year2>{_YEAR}))\b"),
    ("month_year", rf"\b(?P<mon>{_MON}),?\s+(?P<year>{_YEAR})\b"),
    ("quarter", rf"(?i:\b(?:the\s+)?(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[\s-]+quarter)"
                rf"(?:\s+(?:of|in)\s+(?P<year>{_YEAR}))?\b"),
    ("q", rf"\b(?P<q>Q[1-4])(?:\s+|\s*')?(?P<year>{_YEAR}|\d{{2}})?\b"),
    ("half", rf"(?i:\b(?:the\s+)?(?P<ord>first|second)[\s-]+half)(?:\s+of\s+(?P<year>{_YEAR}))?\b"),
    ("h", rf"\b(?P<h>H[12])(?:\s+(?P<year>{_YEAR}))?\b"),
    ("lone_month", rf"(?i:\b(?P<prep>in|since|by|until|till|through|from|during|of|last|this|next|early|mid|late)\s+)"
                   rf"(?P<mon>{_MON})(?![\w-])(?!\s+\d)"),
    ("month_relative", rf"(?:(?i:\b(?P<qual>early|mid|late|the (?:start|beginning|middle|end) of))[\s-]+)?"
                       rf"\b(?P<mon>{_MON})\s+(?i:(?P<rel>last|this|next)\s+year)\b"),
    ("qualified_relative", r"(?i:\b(?P<qual>early|mid|late|the (?:start|beginning|middle|end) of)[\s-]+"
                           r"(?P<rel>last year|this year|next year|the year))\b"),
    ("relative", r"(?i:\b(?P<rel>yesterday|today|tomorrow|(?:earlier |later )?this (?:week|month|year)"
                 r"|(?:last|next|past) (?:week|month|year)|(?:a|one|two|three|a few) (?:days?|weeks?) ago))\b"),
    ("weekday", rf"(?:(?i:\b(?P<when>on|last|next|this|since|by|until|from))\s+)?(?<!Black )(?<!Good )(?<!Cyber )"
                rf"(?<!Super )(?<!Easter )(?<!every )(?<!Every )\b(?P<wd>{'|'.join(WEEKDAYS)})\b"
                r"(?!\s+(?:Times|Telegraph|Express|Mirror|Post|Herald|Independent|Business Post)\b)"),
    ("numeric", r"\b\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b"),
    ("year", rf"{_YEAR_GUARD}\b(?P<year>{_YEAR})\b{_END}"),
)


@functools.cache
def _compiled() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((name, re.compile(pattern)) for name, pattern in _PATTERNS)


# words around a date the grammar cannot read: a date written so is reported, never cut short
_UNREAD_BEFORE = re.compile(r"(?i:\b(?:spring|summer|autumn|fall|winter|fiscal|FY|financial year|academic year"
                            r"|week of|weekend of))[\s-]*$|\d/$|\d\s*[-–]\s*$")
_UNREAD_AFTER = re.compile(rf"^(?:/\d|[-–]\d|\s*[-–]\s*{_DAY}\b|s\b|\s+(?:and|to|-|–)\s+\d{{1,2}}\b(?!,?\s*{_YEAR}))")
_FORWARD_WORDS = (r"\b(?:will|would|next|is due|are due|is expected|are expected|scheduled|set to|plans? to"
                  r"|is to|are to)\b")
_FORWARD = re.compile(rf"(?i:{_FORWARD_WORDS}[^.;]{{0,60}})$")
_FORWARD_AFTER = re.compile(rf"(?i:^[^.;]{{0,60}}?{_FORWARD_WORDS})")      # "On Nov. 20, shareholders will vote"


@dataclass(frozen=True)
class DateReading:
    """One date in a text: [start, end), its date, and how it was read."""

    start: int
    end: int
    date: PartialDate | None      # None: found but not read (see problem)
    derived: str = ""             # "" | "year" (the year from the article's date) | "relative" (counted from it)
    problem: str = ""


def find_dates(text: str, reference: PartialDate | None = None) -> list[DateReading]:
    """Every date stated in `text`, in order; year-less and relative ones read against `reference`."""
    candidates = []
    for rank, (name, pattern) in enumerate(_compiled()):
        for match in pattern.finditer(text):
            if match.end() > match.start():
                candidates.append((match.start(), match.end(), rank, name, match))
    # longest first, then the earlier pattern: never the year of "Aug. 2, 2024" alone
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int]] = []
    out = []
    for start, end, _, name, match in candidates:
        if any(a < end and start < b for a, b in taken):
            continue
        reading = _read(name, match, text, reference)
        if reading is None:
            continue
        taken.append((start, end))
        out.append(reading)
    return sorted(out, key=lambda r: r.start)


def _read(name: str, match: re.Match, text: str, reference: PartialDate | None) -> DateReading | None:
    g = match.groupdict()
    start, end = match.start(), match.end()
    if name == "lone_month" and g["prep"].lower() in ("early", "mid", "late"):
        return None        # the "qualified" pattern reads these
    if name == "lone_month" and g["prep"].lower() in ("in", "since", "by", "until", "till", "through", "from",
                                                     "during", "of"):
        start = match.start("mon")
    if name == "weekday" and (g["when"] or "on").lower() in ("on", "since", "by", "until", "from"):
        start = match.start("wd")
    if name == "numeric":
        return DateReading(start, end, None, problem=f"'{text[start:end]}' is a date in figures, which reads as "
                           "month/day in the US and day/month elsewhere: the site cannot tell which")
    if _UNREAD_BEFORE.search(text[max(0, start - 20):start]) or _UNREAD_AFTER.match(text[end:end + 16]):
        return DateReading(start, end, None, problem=f"'{text[start:end]}' is only part of a date written "
                           f"'{_context(text, start, end)}', which cannot be read as one")
    try:
        date, derived = _date(name, g, reference, text[:start], text[end:end + 80])
    except _NeedsReference as exc:
        return DateReading(start, end, None, problem=str(exc))
    except ValueError:
        return None        # "Feb. 30": no date
    if date is None:
        return None
    return DateReading(start, end, date, derived)


def _context(text: str, start: int, end: int) -> str:
    lo = max(0, start - 12)
    hi = min(len(text), end + 12)
    return " ".join(text[lo:hi].split())


class _NeedsReference(ValueError):
    pass


def _need(reference: PartialDate | None, what: str, precision: str) -> PartialDate:
    ranks = {"year": 1, "month": 2, "day": 3}
    if reference is None or ranks[reference.precision] < ranks[precision]:
        raise _NeedsReference(f"'{what}' gives no year: it is read against the article's date, and the source has "
                              + ("none" if reference is None else f"only {reference.label}")
                              + f" (give its 'date:' to the {precision})")
    return reference


def _date(name: str, g: dict, reference: PartialDate | None, before: str, after: str = ""
          ) -> tuple[PartialDate | None, str]:
    ahead = bool(_FORWARD.search(before[-80:]) or _FORWARD_AFTER.search(after))
    if name == "iso":
        return _checked(int(g["year"]), int(g["month"]), int(g["day"] or 0)), ""
    if name in ("reference", "month_day", "day_month", "month_year"):
        month = MONTH_NUMBERS[g["mon"].rstrip(".").lower()]
        day = int(re.match(r"\d+", g["day"])[0]) if g.get("day") else 0  # type: ignore[index]
        week = WEEK if g.get("week") and day else ""
        if g.get("year"):
            date = _checked(int(g["year"]), month, day)
            return PartialDate(date.year, date.month, date.day, week), ""
        ref = _need(reference, f"{g['mon']} {g.get('day') or ''}".strip(), "month")
        date = _nearest_year(ref, month, day, ahead)
        return PartialDate(date.year, date.month, date.day, week), "year"
    if name == "qualified":
        qualifier = _qualifier(g["qual"])
        if g.get("year2"):
            return PartialDate(int(g["year2"]), 0, 0, qualifier), ""
        month = MONTH_NUMBERS[g["mon"].rstrip(".").lower()]
        if qualifier.startswith("H"):
            return None, ""            # "the first half of August": not a form news uses
        if g.get("year"):
            return PartialDate(int(g["year"]), month, 0, qualifier), ""
        ref = _need(reference, f"{g['qual']} {g['mon']}", "month")
        return PartialDate(_nearest_year(ref, month, 0, ahead).year, month, 0, qualifier), "year"
    if name in ("quarter", "q", "half", "h"):
        if name in ("quarter", "q"):
            qualifier = "Q" + str(_ORDINALS[g["ord"].lower()] if name == "quarter" else g["q"][1])
        else:
            qualifier = "H" + str(_ORDINALS[g["ord"].lower()] if name == "half" else g["h"][1])
        if re.search(r"(?i:\bfiscal|\bFY)\W*$", before):
            raise _NeedsReference("a fiscal quarter or half is not a calendar one: the site cannot place it")
        year = g.get("year")
        if year:
            return PartialDate(int(year) if len(year) == 4 else 2000 + int(year), 0, 0, qualifier), ""
        ref = _need(reference, {"Q": "the quarter", "H": "the half"}[qualifier[0]], "year")
        return PartialDate(ref.year, 0, 0, qualifier), "year"
    if name == "lone_month":
        month = MONTH_NUMBERS[g["mon"].rstrip(".").lower()]
        ref = _need(reference, g["mon"], "month")
        prep = g["prep"].lower()
        if prep == "last":
            year = ref.year - 1 if month >= ref.month else ref.year
        elif prep == "next":
            year = ref.year + 1 if month <= ref.month else ref.year
        elif prep == "this":
            year = ref.year
        else:
            return _nearest_year(ref, month, 0, ahead), "year"
        return PartialDate(year, month), "relative"
    if name == "month_relative":        # "November last year": the month of the year before the article's
        year = _relative(g["rel"].lower() + " year", reference).year
        qualifier = _qualifier(g["qual"]) if g.get("qual") else ""
        return PartialDate(year, MONTH_NUMBERS[g["mon"].rstrip(".").lower()], 0, qualifier), "relative"
    if name == "qualified_relative":
        year = _relative(g["rel"].lower().replace("the year", "this year"), reference).year
        return PartialDate(year, 0, 0, _qualifier(g["qual"])), "relative"
    if name == "relative":
        return _relative(g["rel"].lower(), reference), "relative"
    if name == "weekday":
        ref = _need(reference, g["wd"], "day")
        today = _as_day(ref)
        target = WEEKDAYS.index(g["wd"].capitalize())
        when = (g["when"] or "on").lower()      # AP style drops the "on": "the company said Thursday"
        forward = when == "next" or (when in ("on", "this") and bool(_FORWARD.search(before[-80:])))
        if forward:
            delta = (target - today.weekday()) % 7 or 7
        else:
            delta = -((today.weekday() - target) % 7)
            if when == "last" and delta == 0:
                delta = -7
        return _from_day(today + dt.timedelta(days=delta)), "relative"
    if name == "year":
        return PartialDate(int(g["year"])), ""
    return None, ""


def _qualifier(words: str) -> str:
    words = words.lower()
    if "half" in words:
        return "H1" if "first" in words else "H2"
    return {"the start of": "early", "the beginning of": "early", "the middle of": "mid",
            "the end of": "late"}.get(words, words)


def _checked(year: int, month: int, day: int) -> PartialDate:
    if day and day > calendar.monthrange(year, month)[1]:
        raise ValueError("no such day")
    return PartialDate(year, month, day)


def _nearest_year(reference: PartialDate, month: int, day: int, ahead: bool = False) -> PartialDate:
    """A month (and day) without a year: the article's year, unless that puts it more than nine
    months from the article's date, where the adjacent year is meant ("Dec. 30" in an article of
    3 January 2025 is 30 December 2024; "In January" in one of August 2024 is January 2024). News
    tells of the past: a date more than three months after the article's, in words that do not
    look forward (`ahead`: "will", "is expected", "scheduled"...), is the year before's ("On Oct.
    12 the regulator signed off" in an article of 27 January 2024 is 12 October 2023)."""
    ref = _as_day(reference)

    def signed(year: int) -> int:
        last = calendar.monthrange(year, month)[1]
        return (dt.date(year, month, min(day or 15, last)) - ref).days

    def distance(year: int) -> int:
        return abs(signed(year))

    year = ref.year
    if distance(year) > FAR_DAYS:
        year = min((ref.year - 1, ref.year + 1), key=distance)
    if not ahead and signed(year) > AHEAD_DAYS and distance(year - 1) <= FAR_DAYS:
        year -= 1
    return _checked(year, month, day)


def _as_day(date: PartialDate) -> dt.date:
    return dt.date(date.year, date.month or 7, date.day or (15 if date.month else 1))


def _from_day(day: dt.date, qualifier: str = "") -> PartialDate:
    return PartialDate(day.year, day.month, day.day, qualifier)


def _relative(words: str, reference: PartialDate | None) -> PartialDate:
    unit = next(u for u in ("day", "week", "month", "year") if u in words or (u == "day" and words in (
        "yesterday", "today", "tomorrow")))
    ref = _need(reference, words, unit if unit != "week" else "day")
    if unit == "year":
        step = -1 if words.startswith(("last", "past")) else 1 if words.startswith("next") else 0
        return PartialDate(ref.year + step)
    if unit == "month":
        step = -1 if words.startswith(("last", "past")) else 1 if words.startswith("next") else 0
        index = ref.year * 12 + ref.month - 1 + step
        return PartialDate(index // 12, index % 12 + 1)
    day = _as_day(ref)
    if unit == "day" and words in ("yesterday", "today", "tomorrow"):
        return _from_day(day + dt.timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[words]))
    if words.endswith("ago"):
        count = {"a": 1, "one": 1, "two": 2, "three": 3, "a few": 3}[words.split(" ")[0] if not words.startswith(
            "a few") else "a few"]
        days = count * (7 if "week" in words else 1)
        if words.startswith("a few"):
            raise _NeedsReference(f"'{words}' is too vague to date")
        return _from_day(day - dt.timedelta(days=days)) if "week" not in words else \
            _from_day(day - dt.timedelta(days=days + day.weekday()), WEEK)
    if words.startswith("past"):            # "the past week": the seven days up to the article's date
        return _from_day(day - dt.timedelta(days=6), WEEK)
    monday = day - dt.timedelta(days=day.weekday())
    step = -7 if words.startswith(("last", "past")) else 7 if words.startswith("next") else 0
    return _from_day(monday + dt.timedelta(days=step), WEEK)


def day_span(date: PartialDate) -> tuple[dt.date, dt.date]:
    """The first and last day a date can be: "2 August 2024" one day, "early August 2024" the 1st
    to the 10th, "Q2 2024" April to June, "week of 22 July 2024" seven days, "2024" the year."""
    if date.day:
        day = dt.date(date.year, date.month, date.day)
        return day, day + dt.timedelta(days=6 if date.qualifier == WEEK else 0)
    if date.month:
        last_day = calendar.monthrange(date.year, date.month)[1]
        lo, hi = QUALIFIER_DAYS.get(date.qualifier, (1, last_day))
        return dt.date(date.year, date.month, lo), dt.date(date.year, date.month, min(hi, last_day))
    first, last = QUALIFIER_MONTHS.get(date.qualifier, (1, 12))
    return dt.date(date.year, first, 1), dt.date(date.year, last, calendar.monthrange(date.year, last)[1])


def month_label(date: PartialDate) -> str:
    """A date's words at its precision (PartialDate.label: '2 August 2024', 'early August 2024')."""
    return date.label
