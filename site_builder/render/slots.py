"""Backlinks sections: rendered as placeholders with their page, filled once every page is known.

Who cites a passage and who links to an entity is known only when every page has rendered (the
views alone decide what a page cites and links). Each page is rendered once all the same: a view
puts a `slot` where a section shows the backlinks; when the tables are complete its page kind's
`Backfill` computes that section's data and a block of its small template (templates/backlinks/)
renders it into the page's bytes. A later build whose change leaves a page alone but alters the
backlinks it showed fills its slots again (in the page's bytes: where each section went is kept),
and its view does not run.

Why not decide the backlinks from the resolved site before rendering: that would state a second
time, per page kind, which texts each view shows and which entities it links (every view, kept
equal to it by a test), and a source page's links hang on its highlights all the same (a mention
crossing a cited passage is not linked). Here the views alone decide, as they render.

A slot is written as NUL, its name, NUL: a NUL byte never comes from content (load refuses it in
every file) nor from a template's own text, so a slot cannot be mistaken for the words around it.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup

if TYPE_CHECKING:
    from .context import Backlinks, PageContext, PageSpec

_SLOT = re.compile(rb"\x00([^\x00]*)\x00")

# a page kind's sections: slot name -> its block's data (the block is the name's part before ':')
Fill = Callable[["PageContext", "PageSpec", "Backlinks"], Mapping[str, Mapping[str, object]]]


@dataclass(frozen=True)
class Backfill:
    """How a page kind shows its backlinks: which table its sections read, how their data is made
    (`fill`, which may link entities but never cites), and the template holding their blocks."""

    reads: str          # "passages" (filled first: they may link entities) or "entities" (filled last)
    fill: Fill
    template: str


def slot(name: str, key: str = "") -> Markup:
    """Where a backlinks section goes (`key`: one of several sections of a page with one block)."""
    return Markup(_token(f"{name}:{key}" if key else name))


def _token(name: str) -> str:
    return f"\x00{name}\x00"


def render_block(env: jinja2.Environment, template: str, name: str, data: Mapping[str, object]) -> str:
    """One block of a template, alone, with `data`."""
    found = env.get_template(template)
    return "".join(found.blocks[name](found.new_context(dict(data))))


Span = tuple[int, int, str]      # where a filled section is in a page's bytes: start, end, slot name


def fill_slots(body: bytes, sections: Mapping[str, str], page: str) -> tuple[bytes, tuple[Span, ...]]:
    """The page with every slot replaced by its section's HTML, and where each section went (to
    fill them again, `unfill`); raises jinja2.TemplateError for a slot no section fills (a
    template placing a slot its page kind does not fill)."""
    out: list[bytes] = []
    spans: list[Span] = []
    size = last = 0
    for found in _SLOT.finditer(body):
        name = found.group(1).decode("utf-8")
        if name not in sections:
            raise jinja2.TemplateRuntimeError(f"{page}: the backlinks section '{name}' is placed but never filled")
        before, html = body[last:found.start()], sections[name].encode("utf-8")
        out += (before, html)
        size += len(before)
        spans.append((size, size + len(html), name))
        size += len(html)
        last = found.end()
    out.append(body[last:])
    return b"".join(out), tuple(spans)


def unfill(body: bytes, spans: tuple[Span, ...]) -> bytes:
    """A filled page as it was rendered: its sections replaced by their slots again."""
    out: list[bytes] = []
    last = 0
    for start, end, name in spans:
        out += (body[last:start], _token(name).encode("utf-8"))
        last = end
    out.append(body[last:])
    return b"".join(out)
