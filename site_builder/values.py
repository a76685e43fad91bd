"""Normalizing what a source says into comparable values, and deriving agreement.

Tolerances (documented in docs/comparisons.md):
- money, count: equal within 1% relative; a hedged value ("nearly", "about", "over",
  "tens of thousands") that is within 10% of - or, for lower bounds ("over", "+"),
  consistent with - an exact value is *approximate*, not a conflict.
- percent: equal within 0.5 percentage points; hedged within 2 points.
- date: equal when equal at the coarser precision of the two ("June 2025" vs
  "2025-06-13" is *approximate*: consistent but less precise).
- role, text, yesno: equal when the normalized phrases are identical (case-folded).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from .model import PartialDate

_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
           "b": 1e9, "trillion": 1e12, "tn": 1e12}
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
                 "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "half": 0.5,
                 "dozens": 24, "hundreds": 100, "thousands": 1000, "tens": 10}
# hedges that make a value approximate, and which way they lean
_HEDGES = {"nearly": "below", "almost": "below", "under": "below", "less than": "below", "up to": "below",
           "about": "around", "around": "around", "approximately": "around", "roughly": "around",
           "some": "around", "estimated": "around", "reportedly": "", "over": "above", "more than": "above",
           "at least": "above", "above": "above", "in excess of": "above"}
_MONTHS = {name: i + 1 for i, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"])}


@dataclass(frozen=True)
class Value:
    """A normalized value: a number (with hedge), a date, or a phrase."""

    kind: str
    text: str                      # what was normalized, for display
    number: float | None = None    # money in USD, counts, percentages (49.0)
    low: float | None = None       # a range or a vague quantity ("tens of thousands")
    high: float | None = None
    hedge: str = ""                # "", "below", "around", "above"
    date: PartialDate | None = None
    phrase: str = ""

    @property
    def exact(self) -> bool:
        return not self.hedge and self.low is None

    @property
    def display(self) -> str:
        if self.kind == "money" and self.number is not None:
            return _hedge_word(self.hedge) + _money(self.number)
        if self.kind == "percent" and self.number is not None:
            return _hedge_word(self.hedge) + f"{self.number:g}%"
        if self.kind == "count":
            if self.low is not None and self.high is not None and self.number is None:
                return f"{self.low:,.0f}–{self.high:,.0f}"
            if self.number is not None:
                text = f"{self.number:,.0f}"
                return text + "+" if self.hedge == "above" else _hedge_word(self.hedge) + text
        if self.kind == "date" and self.date is not None:
            return self.date.label
        return self.phrase or self.text


def _hedge_word(hedge: str) -> str:
    return {"below": "nearly ", "around": "about ", "above": "over "}.get(hedge, "")


def _money(amount: float) -> str:
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if amount >= scale:
            return f"${amount / scale:g} {word}"
    return f"${amount:,.2f}".replace(".00", "") if amount < 1000 else f"${amount:,.0f}"


class UnreadableValue(ValueError):
    pass


def _find_hedge(text: str) -> str:
    lowered = text.lower()
    for word in sorted(_HEDGES, key=len, reverse=True):
        if re.search(rf"\b{word}\b", lowered) and _HEDGES[word]:
            return _HEDGES[word]
    return ""


_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(trillion|billion|million|thousand|bn|tn|mn|[kmb])?\b", re.I)


def parse_number(text: str) -> tuple[float, float | None, float | None, str]:
    """(value, low, high, hedge) for money and counts in digits or words.

    "$14.3 billion" -> 14.3e9; "nearly $15 billion" -> 15e9 hedged below; "500,000+" -> 5e5 above;
    "tens of thousands" -> vague 10,000..99,999; "$14-15 billion" -> range.
    """
    cleaned = text.replace("–", "-").replace("—", "-")
    hedge = _find_hedge(cleaned)
    lowered = cleaned.lower()
    vague = re.search(r"\b(tens|hundreds|dozens) of (thousands|millions|billions)\b", lowered)
    if vague:
        unit = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}[vague.group(2)]
        low, high = {"tens": (10, 99), "hundreds": (100, 999), "dozens": (24, 99)}[vague.group(1)]
        return None, low * unit, high * unit + (unit - 1), "around"  # type: ignore[return-value]
    rng = re.search(r"(\d[\d,]*(?:\.\d+)?)\s*(?:-|to)\s*\$?(\d[\d,]*(?:\.\d+)?)\s*(trillion|billion|million|thousand)?", lowered)
    if rng and not re.search(r"\d-(month|year|person|level|shot)", lowered):
        scale = _SCALES.get((rng.group(3) or "").lower(), 1)
        low, high = float(rng.group(1).replace(",", "")) * scale, float(rng.group(2).replace(",", "")) * scale
        return (low + high) / 2, low, high, hedge or "around"
    match = _NUMBER.search(cleaned)
    if match:
        number = float(match.group(1).replace(",", ""))
        scale = _SCALES.get((match.group(2) or "").lower(), 1)
        if cleaned[match.end():match.end() + 1] == "+" or cleaned.strip().endswith("+"):
            hedge = "above"
        return number * scale, None, None, hedge
    for word, number in _WORD_NUMBERS.items():
        found = re.search(rf"\b{word}\b\s*(trillion|billion|million|thousand)?", lowered)
        if found:
            scale = _SCALES.get(found.group(1) or "", 1)
            return number * scale, None, None, hedge
    raise UnreadableValue(f"no number in '{text}'")


def normalize_value(kind: str, text: str) -> Value:
    """Read `text` as a value of `kind`; raises UnreadableValue with a reason if it cannot."""
    text = " ".join(text.split())
    if kind in ("money", "count"):
        number, low, high, hedge = parse_number(text)
        return Value(kind, text, number, low, high, hedge)
    if kind == "percent":
        match = re.search(r"(\d+(?:\.\d+)?)\s*(%|percent|per cent)", text, re.I)
        if not match:
            raise UnreadableValue(f"no percentage in '{text}'")
        return Value(kind, text, float(match.group(1)), hedge=_find_hedge(text))
    if kind == "date":
        date = parse_date(text)
        if date is None:
            raise UnreadableValue(f"no date in '{text}'")
        return Value(kind, text, date=date)
    if kind == "yesno":
        lowered = text.strip().lower()
        if lowered not in ("yes", "no"):
            raise UnreadableValue(f"a yes/no value must be 'yes' or 'no', not '{text}'")
        return Value(kind, text, phrase=lowered)
    return Value(kind, text, phrase=text.strip())


def parse_date(text: str) -> PartialDate | None:
    """ISO ("2025-06-13", "2025-06", "2025") or prose ("June 13, 2025", "June 2025", "late 2023")."""
    text = text.strip()
    iso = PartialDate.parse(text)
    if iso:
        return iso
    lowered = text.lower().replace(",", " ")
    qualifier = next((q for q in ("early", "mid", "late") if re.search(rf"\b{q}\b", lowered)), "")
    year = re.search(r"\b(19|20)\d{2}\b", lowered)
    if not year:
        return None
    month = next((n for name, n in _MONTHS.items() if re.search(rf"\b{name}\b", lowered)), 0)
    day = 0
    if month:
        day_match = re.search(r"\b(\d{1,2})\b", re.sub(r"\b(19|20)\d{2}\b", "", lowered))
        day = int(day_match.group(1)) if day_match else 0
    return PartialDate(int(year.group(0)), month, day, qualifier)


# --- comparing -------------------------------------------------------------------------

EQUAL, APPROX, DIFFERENT = "equal", "approximate", "different"


def compare(a: Value, b: Value) -> str:
    """How two normalized values of one kind relate: equal, approximate or different."""
    if a.kind in ("money", "count", "percent"):
        return _compare_numbers(a, b)
    if a.kind == "date":
        return _compare_dates(a.date, b.date)
    return EQUAL if a.phrase.casefold() == b.phrase.casefold() else DIFFERENT


def _bounds(v: Value, slack: float) -> tuple[float, float]:
    if v.low is not None and v.high is not None:
        return v.low, v.high
    assert v.number is not None
    n = v.number
    return {"below": (n * (1 - slack), n), "above": (n, float("inf")),
            "around": (n * (1 - slack), n * (1 + slack))}.get(v.hedge, (n, n))


def _compare_numbers(a: Value, b: Value) -> str:
    if a.kind == "percent":
        tight = abs((a.number or 0) - (b.number or 0)) <= 0.5
        if a.exact and b.exact:
            return EQUAL if tight else DIFFERENT
        return APPROX if abs((a.number or 0) - (b.number or 0)) <= 2 or tight else DIFFERENT
    if a.exact and b.exact:
        x, y = a.number or 0, b.number or 0
        return EQUAL if abs(x - y) <= 0.01 * max(abs(x), abs(y)) else DIFFERENT
    lo_a, hi_a = _bounds(a, 0.10)
    lo_b, hi_b = _bounds(b, 0.10)
    return APPROX if lo_a <= hi_b and lo_b <= hi_a else DIFFERENT


def _compare_dates(a: PartialDate | None, b: PartialDate | None) -> str:
    if a is None or b is None:
        return DIFFERENT
    fields = ["year", "month", "day"]
    common = min(fields.index(a.precision), fields.index(b.precision))
    for name in fields[:common + 1]:
        if getattr(a, name) != getattr(b, name):
            return DIFFERENT
    if a.qualifier or b.qualifier:
        return APPROX
    return EQUAL if a.precision == b.precision else APPROX


# --- status ------------------------------------------------------------------------------

AGREE, CONFLICT, APPROXIMATE, SINGLE = "agree", "conflict", "approximate", "single-source"


@dataclass(frozen=True)
class Verdict:
    status: str
    # per source: "agrees" | "differs" | "approximate" (the cell of the matrix)
    cells: tuple[tuple[str, str], ...]
    groups: tuple[tuple[str, ...], ...]   # sources grouped by equal value, largest group first


def _sort_key(value: Value) -> tuple:
    # a more precise date is the better reference: "13 June 2025" over "June 2025"
    precision = -len(value.date.iso) if value.date else 0
    return (value.number if value.number is not None else value.low or 0, precision,
            value.date.iso if value.date else "", value.phrase.casefold(), value.text)


def claim_status(values: Sequence[tuple[str, Value]]) -> Verdict:
    """Derive agree / conflict / approximate / single source from (source id, value) pairs.

    Sources are grouped by equal value. One group: agree. Several groups that are all
    approximately equal to the largest: approximate. Otherwise: conflict, and every
    source outside the largest group "differs".
    """
    if len(values) <= 1:
        return Verdict(SINGLE, tuple((s, "agrees") for s, _ in values), (tuple(s for s, _ in values),))
    groups: list[list[tuple[str, Value]]] = []
    for source, value in values:
        for group in groups:
            if compare(group[0][1], value) == EQUAL:
                group.append((source, value))
                break
        else:
            groups.append([(source, value)])
    # the reference value: the largest group; ties go to an exact value, then to the lowest
    # value, so the verdict never depends on the order sources are listed in
    groups.sort(key=lambda g: (-len(g), not g[0][1].exact, _sort_key(g[0][1])))
    main = groups[0]
    cells: dict[str, str] = {s: "agrees" for s, _ in main}
    worst = AGREE
    for group in groups[1:]:
        relation = compare(main[0][1], group[0][1])
        mark = "approximate" if relation == APPROX else "differs"
        for source, _ in group:
            cells[source] = mark
        if mark == "differs":
            worst = CONFLICT
        elif worst == AGREE:
            worst = APPROXIMATE
    ordered = tuple((s, cells[s]) for s, _ in values)
    return Verdict(worst, ordered, tuple(tuple(s for s, _ in g) for g in groups))
