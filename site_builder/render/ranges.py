"""Plain text with overlapping inline ranges, as a sequence the theme draws as always-valid nested HTML.

Highlights, entity links, bold and language spans may overlap in any way. Ranges are
opened outermost-first; when one ends while an inner one continues, the inner one is
closed and re-opened, so the tags nest correctly: a range may be drawn in several pieces
(its id only on the first, what follows it only after the last). Which element a range is
drawn as is the theme's choice (templates/partials/source_block.html), by its `kind`.

The pieces come as a flat sequence of text and tags (each piece's opening, then what is
inside it, then its closing), not as a tree. `draw` writes them as HTML by a table of each
kind's tags that the theme defines once: one call per block, not a template loop with a call
per piece (a source page draws tens of thousands).
"""
from __future__ import annotations

import html
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from markupsafe import Markup, escape

from .links import ID_ATTRIBUTE, LINK_ATTRIBUTES, record_written


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
    # the ranges in the order they open: outermost first, then as given
    order = [0] if len(ranges) == 1 else sorted(range(len(ranges)),
                                                key=lambda i: (ranges[i].start, -ranges[i].end, i))
    if len(ranges) == 1 or all(ranges[i].end <= ranges[j].start for i, j in pairwise(order)):
        # most of the others (links, a highlight) do not touch: each is one piece, as below, in short
        flat: list[Node] = []
        at = 0
        for i in order:
            r = ranges[i]
            if at < r.start:
                flat.append(text[at:r.start])
            flat += (Tag(r, True, True, True), text[r.start:r.end], Tag(r, False, True, True))
            at = r.end
        if at < len(text):
            flat.append(text[at:])
        return tuple(flat)
    points = sorted({0, len(text)} | {r.start for r in ranges} | {r.end for r in ranges})
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


# a placeholder in a tag of the theme's tables: `%(name)s`; as an attribute's whole value
# (`href="%(value)s"`), it is recorded when it is a link or an id
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_ATTRIBUTE = re.compile(r"""(?<=\s)([\w:-]+)=(["'])%\((\w+)\)s\2""")


@dataclass(frozen=True, slots=True)
class Opening:
    """A tag of a theme's table, and what fills it."""

    html: str                          # with %(name)s where each value goes (escaped)
    names: tuple[str, ...]             # the placeholders it has
    links: tuple[str, ...]             # those that are a link's whole value (href, src, cite)
    ids: tuple[str, ...]               # those that are an id

    @staticmethod
    def of(html: str) -> Opening:
        names = tuple(dict.fromkeys(_PLACEHOLDER.findall(html)))
        attributes = [(found.group(3), found.group(1)) for found in _ATTRIBUTE.finditer(html)]
        return Opening(html if names else html % {}, names,
                       tuple(name for name, attribute in attributes if attribute in LINK_ATTRIBUTES),
                       tuple(name for name, attribute in attributes if attribute == ID_ATTRIBUTE))

    def fill(self, values: Mapping[str, object], links: list[str], ids: list[str]) -> str:
        """The tag with `values` escaped into it (as Jinja escapes a value); its links and ids,
        as they mean, added to `links`, `ids`."""
        if not self.names:
            return self.html
        written = {name: _escaped(values[name]) for name in self.names}
        for name in self.links:
            links.append(_meant(values[name], written[name]))
        for name in self.ids:
            ids.append(_meant(values[name], written[name]))
        return self.html % written


# what escaping changes: a value without any (an id, most links) is written as it is, no Markup made
_SPECIAL = re.compile("[&<>'\"]")


def _escaped(value: object) -> str:
    if type(value) is str and _SPECIAL.search(value) is None:
        return value
    return str.__str__(escape(value))


def _meant(value: object, written: str) -> str:
    """A value as the link check reads it from the HTML (references resolved), interned: the
    same link, written on many pages, is kept once."""
    if type(value) is not str:          # HTML already (Markup), or made in Python (links.Href)
        value = html.unescape(written) if "&" in written else written
    return sys.intern(value)


@dataclass(frozen=True, slots=True)
class Drawn:
    """A kind's tags, from a theme's table (see `draw`)."""

    open: Opening
    first: Opening
    close: Opening
    after: Callable[..., Any] | None


def _prepare(tags: Mapping[str, Mapping[str, Any]]) -> dict[str, Drawn]:
    drawn = {}
    for kind, tag in tags.items():
        opening = Opening.of(str(tag["open"]))
        drawn[kind] = Drawn(opening, Opening.of(str(tag["first"])) if "first" in tag else opening,
                            Opening.of(str(tag["close"])), tag.get("after"))
    return drawn


# the tables read, and what each was read as (a page's blocks all pass the same ones; kept with
# the table itself, so that its id is never another's)
_TABLES: dict[int, tuple[object, dict[str, Drawn]]] = {}


def table(tags: Mapping[str, Mapping[str, Any]]) -> dict[str, Drawn]:
    """A theme's table of tags by kind: each kind's "open", "close", and "first" and "after" if
    given (see `draw`), each a format of the values it names as %(name)s (a literal % is written
    %%); one named as an `href`, `src`, `cite` or `id` attribute's whole value is recorded for
    the page (links.py) when the tag is written."""
    found = _TABLES.get(id(tags))
    if found is None or found[0] is not tags:
        if len(_TABLES) > 64:
            _TABLES.clear()
        found = _TABLES[id(tags)] = (tags, _prepare(tags))
    return found[1]


def draw(nodes: tuple[Node, ...], tags: Mapping[str, Mapping[str, Any]],
         links: list[str] | None = None, ids: list[str] | None = None) -> Markup:
    """`nodes` (`nest`) as HTML: the text escaped, each tag as the theme's table `tags` (`table`)
    has it for its range's kind: "open", its opening, "first" (if given) that of a range's first
    piece when the range has an id, "close", its closing, and "after" (if given), called with
    the range after its last piece when it has a note (a macro: what follows it). The tags name
    the range's value and id as %(value)s and %(id)s. A kind the table does not name is drawn as
    its text alone. The links and ids written are recorded, all of the block's at once, or added
    to `links` and `ids` when given (for the caller to record)."""
    if len(nodes) == 1 and nodes[0].__class__ is str:     # most blocks: their text alone
        return escape(nodes[0])
    drawn_by_kind = table(tags)
    # every text piece escaped in one pass: NUL, which no content holds (load refuses it), apart
    pieces = [node for node in nodes if isinstance(node, str)]
    texts = str.__str__(escape("\0".join(pieces))).split("\0")
    if len(texts) != len(pieces):
        texts = [str.__str__(escape(piece)) for piece in pieces]
    out: list[str] = []
    recorded = links is None
    links = [] if links is None else links
    ids = [] if ids is None else ids
    k = 0
    for node in nodes:
        if isinstance(node, str):
            out.append(texts[k])
            k += 1
            continue
        r = node.range
        drawn = drawn_by_kind.get(r.kind)
        if drawn is None:
            continue
        tag = (drawn.first if node.first and r.id else drawn.open) if node.opens else drawn.close
        out.append(tag.fill({"value": r.value, "id": r.id}, links, ids) if tag.names else tag.html)
        if not node.opens and node.last and r.note and drawn.after is not None:
            out.append(str(drawn.after(r)))
    if recorded and (links or ids):
        record_written(links, ids)
    return Markup("".join(out))
