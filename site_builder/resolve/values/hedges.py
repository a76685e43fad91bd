"""Hedges and the precision a writer states: the range each value allows, and how two relate.

The documented contract of "equal", "approximate", "compatible" and "different" (the method
page states it to readers):

- A number covers what a writer would round to it: the unit of its last stated digit (0.1
  billion in "$2.7 billion", 10 million in "$650 million", 1 billion in "$15 billion"; the
  trailing zeros of a whole number are not stated digits), never more than a fifth of the
  number ("about $1 billion" is $0.9-1.1 billion, not $0.5-1.5 billion), its upper end excluded
  as rounding does ("$43 billion" is $42.5 billion up to, not including, $43.5 billion, so it
  shares no value with "$44 billion"; "9.1%" none with "9.2%"). "$2.7 billion" and "about
  $2.7 billion" both cover $2.65-2.75 billion: a hedge of estimate ("about", "around", "roughly", "some", "an estimated") says the writer rounded,
  which a bare number already does, so the two are one account ("equal"). A count stated to
  the unit ("17", "three") is exact.
- "nearly/almost/just under N" covers one unit below N up to N (N itself excluded: "nearly $15
  billion" is $14-15 billion; "close to" and "approaching" include N); "just over N" one unit
  above it. A limit ("more than", "over", "at least", "N+", "under", "up to", "no more than",
  "before turning") covers
  half a unit beyond N the same way (a whole unit for a count stated to the unit: "before turning
  28" is 27), and any value further on its side is *compatible*: both can be true, neither confirms
  the other ("more than $7 billion", "$14 billion"; "more than 50%", "60%").
- Ranges and vague quantities cover what they say: "$14-15 billion"; "tens of thousands"
  10,000-99,999, "hundreds of millions" 100-999 million, "thousands" 1,000-9,999, "dozens" 24-99.
- A sum covers the sum of its parts' ranges ("roughly $620 million + about $30 million" is
  $642-658 million).
- Two values are *equal* when they state the same number with the same kind of hedge (none
  and an estimate being one kind), *approximate* when their ranges overlap, *compatible* as
  above, else *different*. Amounts in two currencies are never compared.
- Dates: equal at the same precision; one that shares days with the other ("June 2025" and "13
  June 2025", "late 2023" and "November 2023") is *approximate*; without a shared day, different.
"""
from __future__ import annotations

from ...model import PartialDate
from .dates import day_span
from .value import APPROX, COMPATIBLE, DIFFERENT, EQUAL, NUMBER_KINDS, Value

# hedge phrase -> which way the true value lies from the stated number
HEDGES = {
    "nearly": "below", "almost": "below", "close to": "below", "closer to": "below", "approaching": "below",
    "just under": "below", "just below": "below", "just shy of": "below", "a little under": "below",
    "under": "below", "below": "below", "less than": "below", "fewer than": "below", "up to": "below",
    "no more than": "below", "not more than": "below", "at most": "below", "as much as": "below",
    "as many as": "below", "a maximum of": "below", "before turning": "below",
    "about": "around", "around": "around", "approximately": "around", "approx.": "around", "roughly": "around",
    "some": "around", "an estimated": "around", "estimated": "around", "circa": "around", "c.": "around",
    "~": "around", "in the region of": "around", "give or take": "around", "or so": "around",
    "over": "above", "more than": "above", "at least": "above", "past": "above", "above": "above",
    "in excess of": "above", "upwards of": "above", "north of": "above", "just over": "above",
    "just above": "above", "a little over": "above", "slightly more than": "above", "well over": "above",
    "well above": "above", "surpassing": "above", "exceeding": "above", "topping": "above",
    "a minimum of": "above", "no less than": "above", "no fewer than": "above", "or more": "above",
    "+": "above", "-plus": "above",
}
# hedges that set a limit rather than an estimate: "more than N" is satisfied by any larger value
OPEN_BOUNDS = frozenset({
    "under", "below", "less than", "fewer than", "up to", "no more than", "not more than", "at most", "as much as",
    "as many as", "a maximum of", "before turning", "over", "more than", "at least", "past", "above",
    "in excess of", "upwards of", "north of", "well over", "well above", "surpassing", "exceeding", "topping",
    "a minimum of", "no less than", "no fewer than", "or more", "+", "-plus"})
# hedges that exclude the number itself: "nearly 15" is not 15, "more than 7" is not 7 ("up to", "at least"
# and "N+" include it)
STRICT = frozenset({
    "nearly", "almost", "just under", "just below", "just shy of", "a little under", "under", "below", "less than",
    "fewer than", "before turning", "over", "more than", "past", "above", "in excess of", "north of", "just over",
    "just above", "a little over", "slightly more than", "well over", "well above", "surpassing", "exceeding",
    "topping"})
MAX_SHARE = 0.20        # the unit a number covers is never more than this share of it


def _reach(v: Value) -> float:
    """How far from its number a value reaches: its stated unit, at most a fifth of it."""
    n = abs(v.number or 0.0)
    return min(v.step or 1.0, n * MAX_SHARE) if n else (v.step or 1.0)


def interval(v: Value) -> tuple[float, float, bool, bool]:
    """(low, high, low excluded, high excluded): the values `v` covers, by the contract above."""
    if v.parts:
        spans = [interval(p) for p in v.parts]
        return sum(s[0] for s in spans), sum(s[1] for s in spans), False, any(s[3] for s in spans)
    if v.low is not None and v.high is not None:
        return v.low, v.high, False, False
    n = v.number or 0.0
    reach = _reach(v)
    if v.open_bound and not (v.kind == "count" and (v.step or 1.0) <= 1):
        reach /= 2       # a limit reaches as far as the writer's rounding: "more than 50%" is 50-55 %
    if v.hedge == "below":
        return n - reach, n, False, v.strict
    if v.hedge == "above":
        return n, n + reach, v.strict, False
    if v.kind == "count" and not v.hedge and (v.step or 1.0) <= 1:
        return n, n, False, False          # a count to the unit is exact
    # half-open, as rounding is: 43.5 rounds to 44, so "$43 billion" and "$44 billion" share no value
    return n - reach / 2, n + reach / 2, False, True


def bounds(v: Value) -> tuple[float, float]:
    """The range a value covers (for charts): see `interval`."""
    lo, hi, _, _ = interval(v)
    return lo, hi


def _shape(v: Value) -> tuple:
    """What must match for two values to be one account: an estimate is a bare number's hedge."""
    hedge = "" if v.hedge == "around" and v.low is None else v.hedge
    return (hedge, v.open_bound, v.strict, v.low, v.high, v.currency or "USD" if v.kind == "money" else "")


def _same(x: float, y: float) -> bool:
    return abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1.0)


def compare(a: Value, b: Value) -> str:
    """How two values of one kind relate: equal, approximate, compatible or different."""
    if a.kind in NUMBER_KINDS:
        return _compare_numbers(a, b)
    if a.kind == "date":
        return compare_dates(a.date, b.date)
    return EQUAL if a.phrase.casefold() == b.phrase.casefold() else DIFFERENT


def _compare_numbers(a: Value, b: Value) -> str:
    if a.kind == "money" and (a.currency or "USD") != (b.currency or "USD"):
        return DIFFERENT
    if _shape(a) == _shape(b) and _same(a.number or 0, b.number or 0):
        return EQUAL
    lo_a, hi_a, lo_a_open, hi_a_open = interval(a)
    lo_b, hi_b, lo_b_open, hi_b_open = interval(b)
    if _before(lo_a, hi_b, lo_a_open or hi_b_open) and _before(lo_b, hi_a, lo_b_open or hi_a_open):
        return APPROX
    for limit, other in ((a, b), (b, a)):       # a limit the other satisfies, far from it
        if not limit.open_bound or limit.low is not None:
            continue
        lo_o, hi_o, _, _ = interval(other)
        if limit.hedge == "above" and _before(limit.number or 0, lo_o, limit.strict):
            return COMPATIBLE
        if limit.hedge == "below" and _before(hi_o, limit.number or 0, limit.strict):
            return COMPATIBLE
    return DIFFERENT


def _before(x: float, y: float, strict: bool) -> bool:
    # a float's last digits never decide: 9.2 - 0.05 is 9.149999..., the same bound as 9.1 + 0.05
    tolerance = 1e-9 * max(abs(x), abs(y), 1.0)
    return x < y - tolerance if strict else x <= y + tolerance


def compare_dates(a: PartialDate | None, b: PartialDate | None) -> str:
    """Equal at the same precision; dates that share days are approximate; else different."""
    if a is None or b is None:
        return DIFFERENT
    if a == b:
        return EQUAL
    (a_lo, a_hi), (b_lo, b_hi) = day_span(a), day_span(b)
    if a_hi < b_lo or b_hi < a_lo:
        return DIFFERENT
    return APPROX
