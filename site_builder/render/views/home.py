"""The home page: the lead, the key figures, the way in to everything else."""
from __future__ import annotations

from typing import Any, TypedDict

from markupsafe import Markup

from ... import urls
from ...kinds import HOME_PAGE_ID
from ...resolve.comparisons import CONFLICT, Comparison
from ..charts import MiniChart
from ..context import Backlinks, PageContext, PageSpec
from ..vocabulary import badge
from .chartdata import mini_chart_for
from .common import explanation


class KeyFigure(TypedDict):
    label: str | None
    status: str
    main: dict[str, Any] | None      # the majority's answer: its words and markers (None: no majority)
    accounts: list[dict[str, Any]]   # every other article's answer
    total: int                       # statements
    positions: int                   # distinct answers
    href: str
    chart: MiniChart | None          # a small chart of every answer (amounts, counts, dates)


class HomeView(TypedDict):
    lead: Markup
    lead_title: str
    lead_description: str
    deal_summary: Markup
    key_figures: list[KeyFigure]
    guide: list[dict[str, str]]
    counts: dict[str, int]
    links: dict[str, str]


def view_home(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> tuple[str, HomeView]:
    site = ctx.site
    c = site.content
    ctx.title = c.site.title
    lead = c.pages.get(HOME_PAGE_ID)
    key_figures = []
    for comparison in sorted(site.comparisons.values(), key=lambda x: x.claim.id):
        if comparison.claim.key_figure:
            key_figures.append(figure_view(ctx, comparison))
    guide = [{"title": p.nav_title or p.title, "description": p.description,
              "href": ctx.rel(urls.record("page", p.id))}
             for p in sorted(c.pages.values(), key=lambda p: (p.nav, p.id)) if p.nav and p.id != HOME_PAGE_ID]
    return "home.html", {
        "lead": ctx.text(lead.body, link_mentions=True) if lead else Markup(""),
        "lead_title": lead.title if lead else c.site.title,
        "lead_description": lead.description if lead else "",
        "deal_summary": ctx.text(c.site.deal_summary),
        "key_figures": key_figures, "guide": guide,
        "counts": {"sources": len(c.sources), "people": len(c.people),
                   "organizations": len(c.organizations), "events": len(c.events),
                   "claims": len(c.claims),
                   "conflicts": sum(1 for x in site.comparisons.values() if x.status == CONFLICT)},
        "links": {"timeline": ctx.rel(urls.TIMELINE), "claims": ctx.rel(urls.CLAIMS),
                  "matrix": ctx.rel(urls.MATRIX), "people": ctx.rel(urls.PEOPLE),
                  "organizations": ctx.rel(urls.ORGANIZATIONS), "sources": ctx.rel(urls.SOURCES)},
    }


def figure_view(ctx: PageContext, comparison: Comparison) -> KeyFigure:
    """A key figure: the majority's answer with its markers, then every other account.
    With no majority, every account is listed alike: none is shown as the answer."""
    labels = ctx.renderer.source_labels
    majority = [s for s in comparison.statements if s.position in comparison.bloc]
    others = [s for s in comparison.statements if s.position not in comparison.bloc]
    # the card shows the majority first: number the markers in that order
    main = None
    if majority:
        parts: dict[str, list] = {}
        for s in majority:                       # each wording with the markers of the articles using it
            parts.setdefault(s.wording, []).append(ctx.notes.marker(s.anchor))
        main = {"value": " / ".join(parts), "parts": list(parts.items()), "count": len(majority),
                "exact": comparison.majority is not None}
    accounts = [{"source": s.source, "label": labels[s.source], "value": s.wording,
                 "lang": ctx.renderer.source_langs[s.source],
                 "normalized": explanation(s), "cell": s.cell, "badge": badge(comparison, s),
                 "marker": ctx.notes.marker(s.anchor)} for s in others]
    return {"label": comparison.claim.key_figure, "status": comparison.status, "main": main,
            "accounts": accounts, "total": len(comparison.statements), "positions": len(comparison.positions),
            "href": ctx.rel(urls.record("claim", comparison.claim.id)), "chart": mini_chart_for(ctx, comparison)}
