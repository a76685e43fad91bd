"""Plain text with overlapping inline ranges, as a tree the theme draws as always-valid nested HTML.

Highlights, entity links, bold and language spans may overlap in any way. Ranges are
opened outermost-first; when one ends while an inner one continues, the inner one is
closed and re-opened, so the tree nests correctly: a range may be drawn in several pieces
(its id only on the first, what follows it only after the last). Which element a range is
drawn as is the theme's choice (templates/partials/source_block.html), by its `kind`.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Range:
    start: int
    end: int
    kind: str            # what it is: "strong", "em", "lang", "refmark", "cited", "entity"
    value: str = ""      # what its kind needs: a language tag, a link target
    id: str = ""         # an id for its first piece
    note: str = ""       # words shown right after it (an editors' translation after a "lang" range)


@dataclass(frozen=True)
class Piece:
    """One piece of a range, holding text and the pieces of the ranges inside it."""

    range: Range
    first: bool          # the range's first piece: it carries the id
    last: bool           # its last: what follows the range (`note`) comes after this piece
    children: tuple[Piece | str, ...]


Node = Piece | str


def nest(text: str, ranges: list[Range]) -> tuple[Node, ...]:
    """`text` with `ranges` (offsets into it; one outside the text is left out) as a tree of
    pieces; the text pieces are plain text, for the theme to escape."""
    ranges = [r for r in ranges if 0 <= r.start < r.end <= len(text)]
    if not ranges:                  # most blocks: their text alone
        return (text,) if text else ()
    points = sorted({0, len(text)} | {r.start for r in ranges} | {r.end for r in ranges})
    # the ranges in the order they open: outermost first, then as given
    order = sorted(range(len(ranges)), key=lambda i: (ranges[i].start, -ranges[i].end, i))
    top: list[Node] = []
    # the pieces open now, outermost first: (range index, is its first piece, the piece's children)
    stack: list[tuple[int, bool, list[Node]]] = []
    opened = 0                      # how many of `order` are open or closed
    for k, point in enumerate(points):
        # close everything down to the outermost range that ends here, re-open the rest
        depth = next((n for n, (i, _, _) in enumerate(stack) if ranges[i].end == point), None)
        if depth is not None:
            reopen = [i for i, _, _ in stack[depth:] if ranges[i].end != point]
            while len(stack) > depth:
                i, first, inside = stack.pop()
                (stack[-1][2] if stack else top).append(Piece(ranges[i], first, ranges[i].end == point, tuple(inside)))
            for i in sorted(reopen, key=lambda i: -ranges[i].end):
                stack.append((i, False, []))
        while opened < len(order) and ranges[order[opened]].start == point:
            stack.append((order[opened], True, []))
            opened += 1
        if k + 1 < len(points):
            (stack[-1][2] if stack else top).append(text[point:points[k + 1]])
    return tuple(top)
