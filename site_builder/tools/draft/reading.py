"""The one door through which `draft` reads values: amounts, counts, percentages and dates.

`draft` has no value reader of its own. It reads what the builder reads, through this
module only: the finder and comparisons of `resolve.values`, the `figures` groups of
`tools.figures` (the same code, not a copy), and the comparison the build runs on a claim
(`resolve.comparisons.compare_claim`) for the status a proposed claim would get. Every
function takes the articles' own dates (`reference`, `dates`: source id -> the article's
date), against which dates without a year ("on April 25") and relative ones ("on Thursday")
are read, as the build reads them.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ... import model as m
from ...errors import Position, Problem
from ...resolve.anchoring import Anchor, SourceIndex
from ...resolve.comparisons import compare_claim
from ...resolve.values import (
    DIFFERENT,
    EQUAL,
    VALUE_KINDS,
    UnreadableValue,
    Value,
    compare,
    day_span,
    normalize_value,
)
from ..figures import Figure, find_figures, group_figures

__all__ = ["DIFFERENT", "EQUAL", "VALUE_KINDS", "Figure", "UnreadableValue", "Value", "claim_status",
           "compare", "days_covered", "differing_groups", "figures_of", "normalize_value", "value_words"]

Dates = Mapping[str, m.PartialDate | None]      # source id -> the article's date, if its source states one


def figures_of(cleaned: Mapping[str, str], dates: Dates | None = None) -> list[Figure]:
    """Every figure of every source (source id -> cleaned text), as `site-builder figures` lists them
    (but a value the reader could not read whole: it has a `problem`, and `figures` lists it apart)."""
    return [f for sid, text in sorted(cleaned.items()) for f in find_figures(sid, text, (dates or {}).get(sid))
            if not f.problem]


def differing_groups(figures: Sequence[Figure]) -> list[list[Figure]]:
    """The `figures` groups in which two sources state the quantity differently (not all
    equal): what a claim should compare."""
    out = []
    for group in group_figures(list(figures)):
        if len({f.source for f in group}) < 2:
            continue
        verdicts = {compare(a.value, b.value) for i, a in enumerate(group) for b in group[i + 1:]
                    if a.source != b.source}
        if verdicts - {EQUAL}:
            out.append(group)
    return out


_WHERE = Position("(draft)")


def claim_status(kind: str, statements: Sequence[tuple[str, str, str]], indexes: Mapping[str, SourceIndex],
                 dates: Dates | None = None) -> str:
    """The status the build would compute for a claim of `kind` whose statements are
    (source, quote, value): the build's own comparison, on the quotes anchored as it anchors
    them. "" if a quote does not anchor or a value does not read (a proposal never holds one)."""
    anchors: dict[tuple[str, str], Anchor] = {}
    built = []
    for source, quote, value in statements:
        found = indexes[source].anchor(quote)
        if not isinstance(found, Anchor):
            return ""
        anchors[(source, quote)] = found
        built.append(m.Statement(m.Ref(source, _WHERE), _WHERE, (m.Quote(quote, _WHERE),), value=value or None))
    claim = m.Claim("draft", _WHERE, "?", kind, tuple(built))
    problems: list[Problem] = []
    comparison = compare_claim(claim, anchors, problems, dates=dates)
    if comparison is None or any(p.severity == "error" for p in problems):
        return ""
    return comparison.status


def days_covered(value: Value) -> int:
    """How many days a date may be (1 for a day, 7 for "last week", 30 for "April"); 0 for a
    value that is not a date."""
    if value.date is None:
        return 0
    first, last = day_span(value.date)
    return (last - first).days + 1


def value_words(text: str) -> str:
    """A value's words on one line (the YAML and the report show them so)."""
    return re.sub(r"\s+", " ", text).strip()
