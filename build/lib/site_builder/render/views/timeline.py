"""The timeline page: every event in reading order, grouped by year."""
from __future__ import annotations

from typing import Any, TypedDict

from ... import deps
from ..context import Backlinks, PageContext, PageSpec
from .common import event_date


class TimelineView(TypedDict):
    years: list[tuple[int, dict[str, list[dict[str, Any]]]]]   # year -> {"dated": [...], "year_only": [...]}
    count: int
    inferred: int


def view_timeline(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> tuple[str, TimelineView]:
    site = ctx.site
    ctx.title = "Timeline"
    years: dict[int, dict[str, list]] = {}
    titles = {e.id: e.title for e in site.content.events.values()}
    for entry in site.timeline:
        event = entry.event
        ctx.use(deps.record("event", event.id))
        if entry.relative_to:
            ctx.use(deps.record("event", entry.relative_to))
        year = years.setdefault(entry.year, {"dated": [], "year_only": []})
        year["year_only" if entry.year_only else "dated"].append({
            **event_date(entry), "id": event.id, "title": event.title, "summary": ctx.text(event.summary),
            "after": {"title": titles[entry.relative_to], "href": f"#{entry.relative_to}"} if entry.relative_to else None,
            "dates_differ": entry.dates_differ,
            "people": [ctx.entity("person", r.id) for r in event.people],
            "organizations": [ctx.entity("organization", r.id) for r in event.organizations],
            "alternatives": [{"date": a.date.label, "iso": a.date.iso, "summary": ctx.text(a.summary)}
                             for a in event.alternatives]})
    inferred = sum(1 for entry in site.timeline if entry.event.inferred)
    return "timeline.html", {"years": sorted(years.items()), "count": len(site.timeline), "inferred": inferred}
