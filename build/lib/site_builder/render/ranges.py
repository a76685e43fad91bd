"""Render plain text with overlapping inline ranges as always-valid nested HTML.

Highlights, entity links, bold and language spans may overlap in any way. Ranges are
opened outermost-first; when one ends while an inner one continues, the inner one is
closed and re-opened, so the output nests correctly (ids only on the first piece).
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Range:
    start: int
    end: int
    open_first: str      # opening tag, with the id if any
    close: str
    open_again: str = ""  # opening tag for a re-opened piece (no id); defaults to open_first
    after: str = ""      # HTML placed right after the range closes for good

    @property
    def reopen(self) -> str:
        return self.open_again or self.open_first


def render_ranges(text: str, ranges: list[Range]) -> Markup:
    ranges = [r for r in ranges if 0 <= r.start < r.end <= len(text)]
    points = sorted({0, len(text)} | {r.start for r in ranges} | {r.end for r in ranges})
    order = sorted(range(len(ranges)), key=lambda i: (ranges[i].start, -ranges[i].end, i))
    out: list[str] = []
    stack: list[int] = []
    started: set[int] = set()
    for k, point in enumerate(points):
        # close everything down to the deepest range that ends here, re-open the rest
        ending = [i for i in stack if ranges[i].end == point]
        if ending:
            depth = min(stack.index(i) for i in ending)
            reopen = [i for i in stack[depth:] if ranges[i].end != point]
            for i in reversed(stack[depth:]):
                out.append(ranges[i].close)
                if ranges[i].end == point:
                    out.append(ranges[i].after)
            stack = stack[:depth]
            for i in sorted(reopen, key=lambda i: -ranges[i].end):
                out.append(ranges[i].reopen)
                stack.append(i)
        for i in order:
            if ranges[i].start == point and i not in started:
                started.add(i)
                out.append(ranges[i].open_first)
                stack.append(i)
        if k + 1 < len(points):
            out.append(str(escape(text[point:points[k + 1]])))
    return Markup("".join(out))
