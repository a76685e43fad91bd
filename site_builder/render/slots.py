"""Backlinks sections: rendered as placeholders with their page, filled once every page is known.

Who cites a passage and who links to an entity is known only when every page has rendered (the
views alone decide what a page cites and links). Each page is rendered once all the same: a view
puts a `slot` where a section shows the backlinks; when the tables are complete its page kind's
`Backfill` computes that section's data and a block of its small template (templates/backlinks/)
renders it into the page's bytes. A later build whose change leaves a page alone but alters the
backlinks it showed fills its slots again from the page as first rendered: its view does not run.

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
    return Markup(f"\x00{name}:{key}\x00" if key else f"\x00{name}\x00")


def has_slots(body: bytes) -> bool:
    return b"\x00" in body


def render_block(env: jinja2.Environment, template: str, name: str, data: Mapping[str, object]) -> str:
    """One block of a template, alone, with `data`."""
    found = env.get_template(template)
    return "".join(found.blocks[name](found.new_context(dict(data))))


def fill_slots(body: bytes, sections: Mapping[str, str], page: str) -> bytes:
    """The page with every slot replaced by its section's HTML; raises jinja2.TemplateError for a
    slot no section fills (a template placing a slot its page kind does not fill)."""
    def section(found: re.Match[bytes]) -> bytes:
        name = found.group(1).decode("utf-8")
        if name not in sections:
            raise jinja2.TemplateRuntimeError(f"{page}: the backlinks section '{name}' is placed but never filled")
        return sections[name].encode("utf-8")
    return _SLOT.sub(section, body)
