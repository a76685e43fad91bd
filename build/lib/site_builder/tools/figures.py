"""`site-builder figures`: every amount, percentage, count and date in the cleaned sources.

Figures are grouped by kind and by value (within 10%), so the same quantity stated
differently across sources lands in one group: an author sees "$14.3 billion" next to
"$14.8 billion" and "nearly $15 billion", and whether a claim already covers them.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..pipeline import load_and_resolve
from ..resolve.quantities import Value, find_values

KINDS = ("money", "percent", "date", "count")   # an overlap goes to the earlier kind: "$5 billion" is money

@dataclass(frozen=True)
class Figure:
    source: str
    kind: str
    text: str
    value: Value
    start: int            # offset in the cleaned text
    sentence: str


def find_figures(source_id: str, text: str) -> list[Figure]:
    """Every value in `text`, found by the same finder that reads claims' quotes."""
    taken: list[tuple[int, int]] = []
    found: list[Figure] = []
    for kind in KINDS:
        for hit in find_values(kind, text):
            if any(a < hit.end and hit.start < b for a, b in taken):
                continue
            if kind == "count" and not _counts_something(hit, text):
                continue
            taken.append((hit.start, hit.end))
            found.append(Figure(source_id, kind, hit.value.text, hit.value, hit.start, _sentence(text, hit.start)))
    return sorted(found, key=lambda f: f.start)


_COUNTED = re.compile(r"\s(?:[a-z-]+\s)?(?:[a-z]+s|people|staff|workforce)\b")


def _counts_something(hit, text: str) -> bool:
    """A count worth listing: hedged, scaled, large, or counting something ("40 employees").
    A bare "4" (GPT-4, Llama 4) or an age is noise here; a claim can still cite it."""
    value = hit.value
    if value.hedge or value.low is not None or (value.number or 0) >= 1000 or not hit.value.text[:1].isdigit():
        return True
    return bool(_COUNTED.match(text, hit.end))


def _sentence(text: str, at: int) -> str:
    start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at)) + 1
    end_candidates = [i for i in (text.find(". ", at), text.find("\n", at)) if i != -1]
    end = min(end_candidates) + 1 if end_candidates else len(text)
    sentence = " ".join(text[start:end].split())
    return sentence if len(sentence) <= 220 else sentence[:217] + "…"


def _magnitude(value: Value) -> float:
    if value.date is not None:
        return value.date.year * 12 + (value.date.month or 6)
    return value.number if value.number is not None else ((value.low or 0) + (value.high or 0)) / 2


def group_figures(figures: list[Figure]) -> list[list[Figure]]:
    """Cluster figures of one kind whose values lie within 10% (dates: within the same year)."""
    groups: list[list[Figure]] = []
    for kind in ("money", "percent", "count", "date"):
        ordered = sorted((f for f in figures if f.kind == kind), key=lambda f: (_magnitude(f.value), f.source))
        for figure in ordered:
            if groups and groups[-1][0].kind == kind and _close(groups[-1][-1].value, figure.value):
                groups[-1].append(figure)
            else:
                groups.append([figure])
    return groups


def _close(a: Value, b: Value) -> bool:
    if a.date is not None and b.date is not None:
        return a.date.year == b.date.year
    x, y = _magnitude(a), _magnitude(b)
    return abs(x - y) <= 0.10 * max(abs(x), abs(y), 1e-9)


def print_figures(root: Path, out=sys.stdout) -> int:
    site = load_and_resolve(root)
    if site is None:
        return 1
    covered: dict[tuple[str, int], set[str]] = {}
    for claim in site.content.claims.values():
        for statement in claim.statements:
            anchor = site.anchors.get((statement.source.id, statement.quote))
            if anchor:
                for offset in range(anchor.start, anchor.end):
                    covered.setdefault((anchor.source, offset), set()).add(claim.id)
    figures = [f for sid, cleaned in sorted(site.cleaned.items()) for f in find_figures(sid, cleaned.text)]
    groups = group_figures(figures)
    flagged = 0
    for group in groups:
        sources = sorted({f.source for f in group})
        shown = sorted({f.text for f in group}, key=str.casefold)
        claims = sorted(set().union(*(covered.get((f.source, f.start), set()) for f in group)))
        differs = len(sources) > 1 and len({f.value.normalized for f in group}) > 1
        mark = "≠" if differs else "="
        note = f"claims: {', '.join(claims)}" if claims else ("NOT COVERED BY A CLAIM" if differs else "no claim")
        flagged += differs and not claims
        print(f"{mark} {group[0].kind}: {' / '.join(shown)}  [{', '.join(sources)}]  {note}", file=out)
        for figure in group:
            print(f"    {figure.source} {figure.text!r:28} {figure.sentence}", file=out)
    print(f"\n{len(figures)} figures in {len(groups)} groups; {flagged} groups state a quantity differently "
          f"across sources with no claim covering them.", file=out)
    return 0
