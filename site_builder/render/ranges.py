"""Plain text with overlapping inline ranges, as a sequence the theme draws as always-valid nested HTML.

Highlights, entity links, bold and language spans may overlap in any way. Ranges are
opened outermost-first; when one ends while an inner one continues, the inner one is
closed and re-opened, so the tags nest correctly: a range may be drawn in several pieces
(its id only on the first, what follows it only after the last). Which element a range is
drawn as is the theme's choice (templates/partials/source_block.html), by its `kind`.

The pieces come as a flat sequence of text and tags (each piece's opening, then what is
inside it, then its closing), not as a tree: the theme draws them in one loop, without a
call per piece (a source page draws tens of thousands).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Range:
    start: int
    end: int
    kind: str            # what it is: "strong", "em", "lang", "refmark", "cited", "entity"
    value: str = ""      # what its kind needs: a language tag, a link target
    id: str = ""         # an id for its first piece
    note: str = ""       # words shown right after it (an editors' translation after a "lang" range)


@dataclass(frozen=True, slots=True)
class Tag:
    """Where one piece of a range opens (`opens`) or closes; the text between a piece's opening
    and its closing is inside it."""

    range: Range
    opens: bool
    first: bool          # the range's first piece: it carries the id
    last: bool           # its last: what follows the range (`note`) comes after this piece


Node = Tag | str


def nest(text: str, ranges: list[Range]) -> tuple[Node, ...]:
    """`text` with `ranges` (offsets into it; one outside the text is left out) as text and the
    tags of the ranges' pieces, in order, always nesting; the text is plain text, for the theme
    to escape."""
    ranges = [r for r in ranges if 0 <= r.start < r.end <= len(text)]
    if not ranges:                  # most blocks: their text alone
        return (text,) if text else ()
    if len(ranges) == 1:            # most of the others (a link, a highlight): as below, in short
        r = ranges[0]
        one: list[Node] = [text[:r.start]] if r.start else []
        one += (Tag(r, True, True, True), text[r.start:r.end], Tag(r, False, True, True))
        return (*one, text[r.end:]) if r.end < len(text) else tuple(one)
    points = sorted({0, len(text)} | {r.start for r in ranges} | {r.end for r in ranges})
    # the ranges in the order they open: outermost first, then as given
    order = sorted(range(len(ranges)), key=lambda i: (ranges[i].start, -ranges[i].end, i))
    out: list[Node | None] = []
    # the pieces open now, outermost first: (range index, is its first piece, where its opening
    # goes in `out`: made when it closes, once it is known whether it is the range's last)
    stack: list[tuple[int, bool, int]] = []
    opened = 0                      # how many of `order` are open or closed
    for k, point in enumerate(points):
        # close everything down to the outermost range that ends here, re-open the rest
        depth = next((n for n, (i, _, _) in enumerate(stack) if ranges[i].end == point), None)
        if depth is not None:
            reopen = [i for i, _, _ in stack[depth:] if ranges[i].end != point]
            while len(stack) > depth:
                i, first, at = stack.pop()
                last = ranges[i].end == point
                out[at] = Tag(ranges[i], True, first, last)
                out.append(Tag(ranges[i], False, first, last))
            for i in sorted(reopen, key=lambda i: -ranges[i].end):
                stack.append((i, False, len(out)))
                out.append(None)
        while opened < len(order) and ranges[order[opened]].start == point:
            stack.append((order[opened], True, len(out)))
            out.append(None)
            opened += 1
        if k + 1 < len(points):
            out.append(text[point:points[k + 1]])
    return tuple(out)  # type: ignore[arg-type]  # every opening is made when its piece closes
