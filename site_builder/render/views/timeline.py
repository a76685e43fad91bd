"""The timeline page: every event in reading order, grouped by year, with a strip of them
all drawn to the precision of their dates."""
from __future__ import annotations

from typing import Any, TypedDict

from ...i18n import format_date, gettext
from ..context import Backlinks, PageContext, PageSpec
from ..strip import Strip, StripEvent, timeline_strip
from ..vocabulary import year_span
from .common import event_date


class TimelineView(TypedDict):
    years: list[tuple[int, dict[str, list[dict[str, Any]]]]]   # year -> {"dated": [...], "year_only": [...]}
    count: int
    span: str                                                  # "in 2022", "from 2021 to 2022" ("" if no event)
    inferred: int
    relative: int
    strip: Strip | None                                        # every event on one strip (templates/charts/strip.html)


def view_timeline(ctx: PageContext, spec: PageSpec, backlinks: Backlinks,
                  strip_page: str = "") -> tuple[str, TimelineView]:
    """`strip_page`: where the strip's marks link to, when it is shown away from the list (a card)."""
    site = ctx.site
    ctx.title = gettext("Timeline")
    years: dict[int, dict[str, list]] = {}
    titles = {e.id: e.title for e in site.content.events.values()}
    entries = {}
    for entry in site.timeline:
        event = entry.event
        entries[event.id] = entry
        year = years.setdefault(entry.year, {"dated": [], "year_only": []})
        year["year_only" if entry.year_only else "dated"].append({
            **event_date(entry), "id": event.id, "title": event.title, "summary": ctx.text(event.summary),
            "after": {"title": titles[entry.relative_to], "href": f"#{entry.relative_to}"} if entry.relative_to else None,
            "dates_differ": entry.dates_differ, "draft": event.draft,
            "people": [ctx.entity("person", r.id) for r in event.people],
            "organizations": [ctx.entity("organization", r.id) for r in event.organizations],
            "alternatives": [{"date": format_date(a.date), "iso": a.date.iso, "summary": ctx.text(a.summary)}
                             for a in event.alternatives]})
    ordered = sorted(years.items())
    strip_events: list[StripEvent] = []
    for _, groups in ordered:          # numbered in the order the page lists them
        for item in (*groups["dated"], *groups["year_only"]):
            item["number"] = len(strip_events) + 1
            entry = entries[item["id"]]
            strip_events.append(StripEvent(item["id"], item["number"], item["title"], item["date"], entry.date,
                                           relative=entry.relative_to is not None,
                                           follows=entry.relative_to or "", inferred=entry.event.inferred))
    inferred = sum(1 for entry in site.timeline if entry.event.inferred)
    relative = sum(1 for entry in site.timeline if entry.relative_to)
    span = year_span(ordered[0][0], ordered[-1][0]) if ordered else ""
    return "timeline.html", {"years": ordered, "count": len(site.timeline), "span": span, "inferred": inferred,
                             "relative": relative, "strip": timeline_strip(strip_events, "strip-title", strip_page)}
