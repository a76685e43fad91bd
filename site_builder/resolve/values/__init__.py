"""Values as the articles state them: finding them in text, reading, comparing.

One finder (`find_values`) serves every reader of values: a claim's statement (what value does
this quote give?), an explicit `value:` (is it in the quote?), the `figures` author tool and the
`draft` tool. A value keeps the article's own words (`text`) beside the normalized reading used to
compare it. The reading API:

- `find_values(kind, text, reference=None) -> list[Found]`: every money / percent / count / date
  value in a text; `reference` is the article's date, against which dates without a year and
  relative dates ("on Friday") are read (`Value.derived` says so). `Found.problem` is set where
  words that state a value could not be read whole: a caller reports it, never uses the part.
- `normalize_value(kind, text, reference=None) -> Value`: an editor's `value:`; raises
  `UnreadableValue` with the reason. Numbers may be sums of parts, hedged or not.
- `compare(a, b) -> EQUAL | APPROX | COMPATIBLE | DIFFERENT`, `compare_dates`, `interval`/`bounds`
  (the range a value covers): the contract is in `hedges.py`.
- `parse_date(text, reference=None) -> PartialDate | None`; `find_dates`, `day_span`, `MONTHS`
  (the package's one month table) in `dates.py`.
"""
from __future__ import annotations

import re

from ...model import PartialDate
from .dates import MONTHS, QUALIFIER_MONTHS, day_span, find_dates
from .hedges import HEDGES, OPEN_BOUNDS, STRICT, bounds, compare, compare_dates, interval
from .reading import find_numbers
from .value import (
    APPROX,
    COMPATIBLE,
    DIFFERENT,
    EQUAL,
    NUMBER_KINDS,
    VALUE_KINDS,
    Found,
    UnreadableValue,
    Value,
)

__all__ = ["APPROX", "COMPATIBLE", "DIFFERENT", "EQUAL", "HEDGES", "MONTHS", "NUMBER_KINDS", "OPEN_BOUNDS",
           "QUALIFIER_MONTHS", "STRICT", "VALUE_KINDS", "Found", "UnreadableValue", "Value", "bounds", "compare",
           "compare_dates", "day_span", "examples", "find_values", "interval", "normalize_value", "parse_date"]

# what an editor may write as a `value:`, per kind: the hint of an error about one
EXAMPLES = {
    "money": '"$2.1 billion", "about $2.7 billion", "nearly $15 billion", "€500 million", "tens of millions of '
             'dollars", or a sum "roughly $620 million + about $30 million"',
    "percent": '"49%", "49 percent", "nearly half", "about a third", "40-50%"',
    "count": '"40", "about 1,500", "500,000+", "three", "a dozen", "tens of thousands"',
    "date": '"2024-08-02", "Aug. 2, 2024", "2 August 2024", "Aug 2" (the year from the article\'s date), '
            '"early August", "the second quarter of 2024", "late 2023"',
}


def examples(kind: str) -> str:
    return EXAMPLES.get(kind, "")


def find_values(kind: str, text: str, reference: PartialDate | None = None) -> list[Found]:
    """Every value of `kind` stated in `text`, in order, with the hedge words in front of it."""
    if kind == "date":
        return [Found(Value("date", text[r.start:r.end], date=r.date, derived=r.derived), r.start, r.end, r.problem)
                for r in find_dates(text, reference)]
    if kind in NUMBER_KINDS:
        return find_numbers(kind, text)
    return []


def normalize_value(kind: str, text: str, reference: PartialDate | None = None) -> Value:
    """Read an editor's `value:` as a value of `kind`; raises UnreadableValue with a reason.

    Numbers may be a sum of parts ("$400 million + $20 million", "roughly $620 million + about
    $30 million"); a text holding several values is refused rather than read as its first."""
    text = " ".join(text.split())
    if kind in NUMBER_KINDS:
        pieces = re.split(r"\s\+\s", text)
        if len(pieces) > 1:
            parts = tuple(normalize_value(kind, piece, reference) for piece in pieces)
            limits = [part.text for part in parts if part.open_bound]
            if limits:
                raise UnreadableValue(f"a part of a sum is an amount or an estimate, not a limit ('{limits[0]}')")
            if len({part.currency for part in parts}) > 1:
                raise UnreadableValue(f"the parts of '{text}' are in different currencies")
            hedged = any(not part.exact for part in parts)
            return Value(kind, text, sum(part.number or 0 for part in parts), hedge="around" if hedged else "",
                         parts=parts, step=min(part.step or 1.0 for part in parts), currency=parts[0].currency)
        return _single(kind, text, reference)
    if kind == "date":
        iso = PartialDate.parse(text)
        if iso:
            return Value(kind, text, date=iso)
        return _single(kind, text, reference)
    if kind == "yesno":
        lowered = text.lower()
        if lowered not in ("yes", "no"):
            raise UnreadableValue(f"a yes/no value must be 'yes' or 'no', not '{text}'")
        return Value(kind, text, phrase=lowered)
    return Value(kind, text, phrase=text)


def _single(kind: str, text: str, reference: PartialDate | None) -> Value:
    found = find_values(kind, text, reference)
    if not found:
        raise UnreadableValue(f"no {kind} in '{text}'")
    if len(found) > 1:
        raise UnreadableValue(f"'{text}' holds {len(found)} values")
    if found[0].problem:
        raise UnreadableValue(found[0].problem)
    return found[0].value


def parse_date(text: str, reference: PartialDate | None = None) -> PartialDate | None:
    """An ISO or prose date ("2025-06-13", "June 13, 2025", "late 2023", "Aug 2" with a
    reference), or None."""
    try:
        return normalize_value("date", text, reference).date
    except UnreadableValue:
        return None
