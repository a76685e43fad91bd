"""Quantities as the articles state them: finding them in text, normalizing, comparing.

One finder (`find_values`) serves every reader of numbers: a claim's statement (what
value does this quote give?), an explicit `value:` (is it in the quote?), and the
`figures` author tool. A value keeps the article's own words (`text`, e.g. "before
turning 28") beside the normalized form used to compare it.

Tolerances, the documented contract of "agree" and "approximate":
- money, count: two exact values are equal within 1 %. A hedged value is a range:
  "about/around/roughly/some N" is N ± 10 %; "nearly/almost/close to/under/up to N" is
  90-100 % of N; "over/more than/at least/past N" and "N+" are 100-125 % of N; "tens of
  thousands" is 10,000-99,999. Two values whose ranges overlap are *approximate*; a limit
  ("more than", "up to", "N+", not an estimate such as "nearly") that the other value
  satisfies, but far from it ("100+" and "190"), is *compatible*; anything else is *different*.
  A strict hedge excludes its own number: "before turning 28" and "nearly $15 billion" are
  below it, "more than $7 billion" above; "up to", "at least" and "N+" include it. Two identically hedged values
  ("about $420 million" twice) are equal.
- percent: equal within 0.5 points; hedges widen a value by 2 points the same ways.
- date: equal when equal at the same precision; a less precise date that contains the
  other ("June 2025" and "13 June 2025") is *approximate*, never different. A qualifier
  narrows a year: early = January-April, mid = May-August, late = September-December.
- role, text, yes/no: compared by the positions the editors define (see comparisons.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import PartialDate

EQUAL, APPROX, COMPATIBLE, DIFFERENT = "equal", "approximate", "compatible", "different"
NUMBER_KINDS = ("money", "percent", "count")
VALUE_KINDS = (*NUMBER_KINDS, "date")       # kinds whose positions are values, not editors' labels

EXACT_TOLERANCE = 0.01       # relative, money and counts
HEDGE_SLACK = 0.10           # relative width of "about", "nearly"
ABOVE_SLACK = 0.25           # how far above its bound "more than N" plausibly reaches
PERCENT_TOLERANCE = 0.5      # points
PERCENT_SLACK = 2.0          # points

# hedge phrase -> which way the true value lies from the stated number
HEDGES = {
    "nearly": "below", "almost": "below", "close to": "below", "just under": "below", "under": "below",
    "less than": "below", "up to": "below", "no more than": "below", "before turning": "below",
    "about": "around", "around": "around", "approximately": "around", "roughly": "around", "some": "around",
    "an estimated": "around", "estimated": "around", "circa": "around", "~": "around",
    "over": "above", "more than": "above", "at least": "above", "past": "above", "above": "above",
    "in excess of": "above", "upwards of": "above", "north of": "above", "just over": "above",
    "surpassing": "above",
}
# hedges that set a limit rather than an estimate: "more than N" is satisfied by any larger value
OPEN_BOUNDS = frozenset({"under", "less than", "up to", "no more than", "before turning", "over", "more than",
                         "at least", "past", "above", "in excess of", "upwards of", "north of", "+"})
# hedges that exclude the number itself: "nearly 15" is not 15, "more than 7" is not 7 ("up to", "at least"
# and "N+" include it)
STRICT = frozenset({"nearly", "almost", "just under", "under", "less than", "before turning", "over", "more than",
                    "past", "above", "in excess of", "north of", "just over", "surpassing"})
_HEDGE = "(?:(?P<hedge>" + "|".join(re.escape(h) for h in sorted(HEDGES, key=len, reverse=True)) + r")\s*)?"
_NUM = r"\d[\d,]*(?:\.\d+)?"
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
           "b": 1e9, "trillion": 1e12, "tn": 1e12}
_SCALE = r"(?:\s?(?P<scale>trillion|billion|million|thousand|bn|tn|mn|[kmb])\b)?"
_RANGE_TAIL = r"(?:\s?(?:-|–|—|to)\s?\$?(?P<high>" + _NUM + r"))?"
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
                 "forty": 40, "fifty": 50, "hundred": 100, "a hundred": 100, "a dozen": 12, "a thousand": 1000,
                 "half a million": 5e5, "a million": 1e6, "a billion": 1e9}
_VAGUE = {"tens": (10, 99), "hundreds": (100, 999), "dozens": (24, 99)}
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december")
_MONTH = "(?P<month>" + "|".join(m.capitalize() for m in _MONTH_NAMES) + ")"
QUALIFIER_MONTHS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}

_PATTERNS = {
    "money": re.compile(_HEDGE + r"(?:US)?\$\s?(?P<num>" + _NUM + r")" + _RANGE_TAIL + _SCALE + r"(?P<plus>\+)?", re.I),
    "percent": re.compile(_HEDGE + r"(?P<num>" + _NUM + r")" + _RANGE_TAIL + r"\s?(?:%|percent\b|per cent\b)", re.I),
    "count": re.compile(
        _HEDGE + r"(?:(?P<vague>tens|hundreds|dozens) of (?P<unit>thousands|millions|billions)"
        r"|(?P<word>half a million|a hundred|a dozen|a thousand|a million|a billion|one|two|three|four|five|six|seven"
        r"|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty)\b(?:\s(?P<wscale>thousand|million|billion)\b)?"
        r"|(?<![\w.,$-])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?!\s?%|\s?percent|[\d.,]*\d)"
        r"(?:\s(?P<scale>thousand|million|billion)\b)?(?P<plus>\+)?)", re.I),
    "date": re.compile(
        r"(?P<iso>\b(?:19|20)\d{2}-\d{2}(?:-\d{2})?\b)"
        r"|\((?P<ryear>(?:19|20)\d{2}),\s+(?P<rmonth>" + "|".join(m.capitalize() for m in _MONTH_NAMES)
        + r")(?:\s+(?P<rday>\d{1,2}))?\)"
        r"|(?:(?P<qualifier>early|mid|late)[\s-]+)?(?:(?P<day1>\d{1,2})\s+)?(?:" + _MONTH + r"\s+(?:(?P<day2>\d{1,2}),?\s+)?)?"
        r"(?P<year>(?:19|20)\d{2})\b", re.I),
}


@dataclass(frozen=True)
class Value:
    """A value as a statement gives it: the article's words, and their normalized reading."""

    kind: str
    text: str                      # the words that state it (the article's own, or the editor's `value:`)
    number: float | None = None    # money in USD, counts, percentages (49.0)
    low: float | None = None       # a range or a vague quantity ("tens of thousands", "$14-15 billion")
    high: float | None = None
    hedge: str = ""                # "", "below", "around", "above"
    open_bound: bool = False       # the hedge sets a limit ("more than", "up to", "N+"), not an estimate ("nearly")
    strict: bool = False           # the hedge excludes the number itself ("nearly 15" is not 15)
    date: PartialDate | None = None
    phrase: str = ""
    parts: tuple[Value, ...] = ()    # a sum of the article's parts ("$400 million + $20 million")

    @property
    def exact(self) -> bool:
        return not self.hedge and self.low is None and not (self.date and self.date.qualifier)

    @property
    def normalized(self) -> str:
        """The reading used to compare, in the site's own words: '$2.1 billion', 'under 28',
        '10,000–99,999', 'June 2025'. Shown beside the article's words, never instead of them."""
        if self.kind == "date" and self.date is not None:
            return self.date.label
        if self.kind not in NUMBER_KINDS:
            return self.phrase or self.text
        if self.low is not None and self.high is not None and self.number is None:
            return f"{_format(self.kind, self.low)}–{_format(self.kind, self.high)}"
        text = _format(self.kind, self.number or 0)
        if self.low is not None and self.high is not None:
            text = f"{_format(self.kind, self.low)}–{_format(self.kind, self.high)}"
        if self.parts:
            text += " (" + " + ".join(part.normalized for part in self.parts) + ")"
        return {"below": "under ", "around": "about ", "above": "more than "}.get(self.hedge, "") + text


def _format(kind: str, amount: float) -> str:
    if kind == "percent":
        return f"{amount:g}%"
    if kind == "count":
        return f"{amount:,.0f}" if amount >= 1000 or amount == int(amount) else f"{amount:g}"
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if amount >= scale:
            return f"${amount / scale:g} {word}"
    return f"${amount:,.0f}"


class UnreadableValue(ValueError):
    pass


@dataclass(frozen=True)
class Found:
    """A value stated in a text, at [start, end)."""

    value: Value
    start: int
    end: int


def find_values(kind: str, text: str) -> list[Found]:
    """Every value of `kind` stated in `text`, in order, with the hedge words in front of it."""
    if kind not in _PATTERNS:
        return []
    found = []
    for match in _PATTERNS[kind].finditer(text):
        value = _read(kind, match)
        if value is not None:
            found.append(Found(value, match.start(), match.end()))
    return found


def _read(kind: str, match: re.Match) -> Value | None:
    text = match.group(0).strip()
    if kind == "date":
        return _read_date(match, text)
    groups = match.groupdict()
    phrase = (groups.get("hedge") or "").lower()
    hedge = HEDGES.get(phrase, "")
    bound, strict = phrase in OPEN_BOUNDS, phrase in STRICT
    if kind == "count" and groups.get("vague"):
        unit = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}[groups["unit"].lower()]
        low, high = _VAGUE[groups["vague"].lower()]
        return Value(kind, text, None, low * unit, high * unit + (unit - 1), "around")
    if kind == "count" and groups.get("word"):
        words = _WORD_NUMBERS[groups["word"].lower()] * _SCALES.get((groups.get("wscale") or "").lower(), 1)
        return Value(kind, text, float(words), hedge=hedge, open_bound=bound, strict=strict)
    number = float(groups["num"].replace(",", ""))
    scale: float = _SCALES.get((groups.get("scale") or "").lower(), 1)
    if kind == "count" and not groups.get("scale") and re.fullmatch(r"(?:19|20)\d{2}", groups["num"]):
        return None         # a year, not a count
    if groups.get("plus"):
        hedge, bound, strict = "above", True, False
    if groups.get("high"):
        lo, hi = number * scale, float(groups["high"].replace(",", "")) * scale
        if hi <= lo:
            return None
        return Value(kind, text, (lo + hi) / 2, lo, hi, hedge or "around")
    return Value(kind, text, number * scale, hedge=hedge, open_bound=bound, strict=strict)


def _read_date(match: re.Match, text: str) -> Value | None:
    g = match.groupdict()
    if g.get("iso"):
        date = PartialDate.parse(g["iso"])
    elif g.get("ryear"):              # a reference list's "(2024, May 7)"
        month = _MONTH_NAMES.index(g["rmonth"].lower()) + 1
        date = PartialDate(int(g["ryear"]), month, int(g["rday"] or 0))
    else:
        month = _MONTH_NAMES.index(g["month"].lower()) + 1 if g.get("month") else 0
        day = int(g.get("day1") or g.get("day2") or 0) if month else 0
        if day > 31:
            return None
        date = PartialDate(int(g["year"]), month, day, (g.get("qualifier") or "").lower() if not month else "")
    return Value("date", text, date=date) if date else None


def normalize_value(kind: str, text: str) -> Value:
    """Read an editor's `value:` as a value of `kind`; raises UnreadableValue with a reason.

    Numbers may be a sum of parts ("$400 million + $20 million"); a text holding several
    values is refused rather than read as its first."""
    text = " ".join(text.split())
    if kind in NUMBER_KINDS:
        pieces = re.split(r"\s\+\s", text)
        if len(pieces) > 1:
            parts = tuple(normalize_value(kind, piece) for piece in pieces)
            if any(not part.exact for part in parts):
                raise UnreadableValue(f"the parts of a sum must be exact amounts, not '{text}'")
            return Value(kind, text, sum(part.number or 0 for part in parts), parts=parts)
        return _single(kind, text)
    if kind == "date":
        iso = PartialDate.parse(text)
        if iso:
            return Value(kind, text, date=iso)
        return _single(kind, text)
    if kind == "yesno":
        lowered = text.lower()
        if lowered not in ("yes", "no"):
            raise UnreadableValue(f"a yes/no value must be 'yes' or 'no', not '{text}'")
        return Value(kind, text, phrase=lowered)
    return Value(kind, text, phrase=text)


def _single(kind: str, text: str) -> Value:
    found = find_values(kind, text)
    if not found:
        raise UnreadableValue(f"no {kind} in '{text}'")
    if len(found) > 1:
        raise UnreadableValue(f"'{text}' holds {len(found)} values")
    return found[0].value


def parse_date(text: str) -> PartialDate | None:
    """An ISO or prose date ("2025-06-13", "June 13, 2025", "late 2023"), or None."""
    try:
        return normalize_value("date", text).date
    except UnreadableValue:
        return None


# --- comparing -------------------------------------------------------------------------

def compare(a: Value, b: Value) -> str:
    """How two values of one kind relate: equal, approximate, compatible or different."""
    if a.kind in NUMBER_KINDS:
        return _compare_numbers(a, b)
    if a.kind == "date":
        return compare_dates(a.date, b.date)
    return EQUAL if a.phrase.casefold() == b.phrase.casefold() else DIFFERENT


def bounds(v: Value) -> tuple[float, float]:
    """The range a value allows, by the tolerances above (an exact value: itself)."""
    if v.low is not None and v.high is not None:
        return v.low, v.high
    n = v.number or 0.0
    if v.kind == "percent":
        return {"below": (n - PERCENT_SLACK, n), "above": (n, n + PERCENT_SLACK),
                "around": (n - PERCENT_SLACK, n + PERCENT_SLACK)}.get(v.hedge, (n, n))
    return {"below": (n * (1 - HEDGE_SLACK), n), "above": (n, n * (1 + ABOVE_SLACK)),
            "around": (n * (1 - HEDGE_SLACK), n * (1 + HEDGE_SLACK))}.get(v.hedge, (n, n))


def _close(x: float, y: float, kind: str) -> bool:
    if kind == "percent":
        return abs(x - y) <= PERCENT_TOLERANCE
    return abs(x - y) <= EXACT_TOLERANCE * max(abs(x), abs(y))


def _below(x: float, y: float, strict: bool) -> bool:
    return x < y if strict else x <= y


def _compare_numbers(a: Value, b: Value) -> str:
    same_shape = a.hedge == b.hedge and (a.low is None) == (b.low is None)
    if same_shape and a.low is None and _close(a.number or 0, b.number or 0, a.kind):
        return EQUAL           # the same value, or the same hedge on the same value, within rounding
    if same_shape and a.low is not None and _close(a.low, b.low or 0, a.kind) and _close(a.high or 0, b.high or 0, a.kind):
        return EQUAL
    if a.exact and b.exact:
        return DIFFERENT
    # ranges meet: the same quantity, rounded or hedged. A strict hedge's own number is not in
    # its range ("before turning 28" is not 28); lower bounds of "above" and upper of "below"
    (lo_a, hi_a), (lo_b, hi_b) = bounds(a), bounds(b)
    a_lo_open, a_hi_open = a.strict and a.hedge == "above", a.strict and a.hedge == "below"
    b_lo_open, b_hi_open = b.strict and b.hedge == "above", b.strict and b.hedge == "below"
    if _below(lo_a, hi_b, a_lo_open or b_hi_open) and _below(lo_b, hi_a, b_lo_open or a_hi_open):
        return APPROX
    # a limit that the other value satisfies, far from it: not contradictory
    for bound, other in ((a, b), (b, a)):
        lo_o, hi_o = bounds(other)
        if not bound.open_bound or bound.low is not None:
            continue
        if bound.hedge == "above" and _below(bound.number or 0, lo_o, bound.strict):
            return COMPATIBLE
        if bound.hedge == "below" and _below(hi_o, bound.number or 0, bound.strict):
            return COMPATIBLE
    return DIFFERENT


def _months(date: PartialDate) -> tuple[int, int]:
    """The months of its year a date can fall in."""
    if date.month:
        return date.month, date.month
    return QUALIFIER_MONTHS.get(date.qualifier, (1, 12))


def compare_dates(a: PartialDate | None, b: PartialDate | None) -> str:
    """Equal at the same precision; a coarser date that contains the finer one is approximate."""
    if a is None or b is None or a.year != b.year:
        return DIFFERENT
    (a_lo, a_hi), (b_lo, b_hi) = _months(a), _months(b)
    if a_hi < b_lo or b_hi < a_lo:
        return DIFFERENT
    if a.month and b.month and a.day and b.day and a.day != b.day:
        return DIFFERENT
    if (a.month, a.day, a.qualifier) == (b.month, b.day, b.qualifier):
        return EQUAL
    return APPROX
