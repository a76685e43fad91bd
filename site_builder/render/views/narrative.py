"""Narrative pages, and the pages with no content of their own (404, search)."""
from __future__ import annotations

from typing import TypedDict

from markupsafe import Markup

from ...i18n import gettext, ngettext
from ..context import Backlinks, PageContext, PageSpec


class NarrativeView(TypedDict):
    title: str
    description: str
    body: Markup
    editorial: bool


def view_page(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> tuple[str, NarrativeView]:
    page = ctx.site.content.pages[spec.key]
    ctx.title = page.title
    return "page.html", {"title": page.title, "description": page.description,
                         "body": ctx.text(page.body, link_mentions=True), "editorial": page.editorial}


def view_not_found(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> tuple[str, dict]:
    ctx.title = gettext("Page not found")
    return "404.html", {}


def view_search(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> tuple[str, dict]:
    ctx.title = gettext("Search")
    # the search script's words, carried by the page as JSON (static/search.js reads them): the
    # script stays one static file for every language; {query} and {count} are filled in there
    messages = {
        "searching": gettext("Searching…"),
        "none": gettext("No results for “{query}”."),
        "one": ngettext("{count} result for “{query}”.", "{count} results for “{query}”.", 1),
        "many": ngettext("{count} result for “{query}”.", "{count} results for “{query}”.", 2),
        "best": gettext("{count} results for “{query}”, the best 20 shown."),
        "failed": gettext("Search could not load. Browse the site from the menu instead."),
        "disk": gettext("Search works when the site is served over the web. Opened from disk, browse it from the menu."),
        "stale": gettext("The preview is still indexing the latest edits: results may miss them for a moment."),
    }
    return "search.html", {"search_messages": messages}
