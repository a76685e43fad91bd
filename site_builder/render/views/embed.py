"""The embeddable cards: a claim's comparison, the key figures, the timeline strip.

Each card is its page's own view data (the claim page's, the home page's key figures, the
timeline's strip), shown by a small template of its own (templates/embed/) with its own
stylesheet, for a frame on another site. What makes it a card is shared here: its canonical
page, its oEmbed document, its stylesheet and script.
"""
from __future__ import annotations

from typing import Any, TypedDict

from ... import urls
from ...i18n import gettext
from ..context import Backlinks, PageContext, PageSpec
from ..embedding import oembed_path
from .claims import view_claim
from .home import figure_view
from .timeline import view_timeline

NOTE_LENGTH = 240       # characters of the editors' note a card shows; the rest is a link away


class CardFrame(TypedDict):
    canonical: str          # the page the card shows (absolute with a base_url, else relative)
    page: str               # the same page, relative: "Full comparison"
    oembed: str             # the card's oEmbed document ("" without a base_url: no correct URL)
    css: str
    js: str


def card_frame(ctx: PageContext, spec: PageSpec) -> CardFrame:
    kind = ctx.renderer.page_kinds[spec.kind]
    page = ctx.renderer.page_kinds[kind.card_of].address(spec.key)
    base = ctx.renderer.base_url
    return {"canonical": base + page if base else ctx.rel(page), "page": ctx.rel(page),
            "oembed": base + oembed_path(spec.path) if base else "",
            "css": ctx.rel("assets/embed.css"), "js": ctx.rel("assets/embed-card.js")}


def view_claim_card(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> tuple[str, dict[str, Any]]:
    _, data = view_claim(ctx, spec, backlinks)
    note = data["claim"].note
    return "embed/claim.html", {**data, "card": card_frame(ctx, spec),
                                "note_text": note.value if note is not None else ""}


def view_figures_card(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> tuple[str, dict[str, Any]]:
    site = ctx.site
    ctx.title = gettext(ctx.renderer.page_kinds[spec.kind].label)
    figures = []
    for comparison in sorted(site.comparisons.values(), key=lambda x: x.claim.id):
        if comparison.claim.key_figure:
            figures.append(figure_view(ctx, comparison))
    return "embed/figures.html", {"key_figures": figures, "card": card_frame(ctx, spec),
                                  "claims_href": ctx.rel(urls.CLAIMS)}


def view_timeline_card(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> tuple[str, dict[str, Any]]:
    timeline = ctx.rel(urls.TIMELINE)
    _, data = view_timeline(ctx, spec, backlinks, strip_page=timeline)
    ctx.title = gettext(ctx.renderer.page_kinds[spec.kind].label)
    events = [{"number": e["number"], "date": e["date"], "title": e["title"], "inferred": e["inferred"],
               "draft": e["draft"], "href": f"{timeline}#{e['id']}"}
              for _, groups in data["years"] for e in (*groups["dated"], *groups["year_only"])]
    return "embed/timeline.html", {"strip": data["strip"], "events": events, "count": data["count"],
                                   "card": card_frame(ctx, spec)}
