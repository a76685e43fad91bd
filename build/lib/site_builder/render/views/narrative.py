"""Narrative pages, and the pages with no content of their own (404, search)."""
from __future__ import annotations

from typing import TypedDict

from markupsafe import Markup

from ... import deps
from ..context import Backlinks, PageContext, PageSpec


class NarrativeView(TypedDict):
    title: str
    description: str
    body: Markup
    editorial: bool


def view_page(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> tuple[str, NarrativeView]:
    page = ctx.site.content.pages[spec.key]
    ctx.title = page.title
    ctx.use(deps.record("page", page.id))
    return "page.html", {"title": page.title, "description": page.description,
                         "body": ctx.text(page.body, link_mentions=True), "editorial": page.editorial}


def view_not_found(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> tuple[str, dict]:
    ctx.title = "Page not found"
    return "404.html", {}


def view_search(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> tuple[str, dict]:
    ctx.title = "Search"
    return "search.html", {}
