"""Helpers the views share: how dates, values and names are shown."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

from ... import model as m
from ...resolve.comparisons import ComparedStatement
from ...resolve.mentions import Mention
from ...resolve.references import sort_name  # noqa: F401 - the views' name order
from ...resolve.timeline import TimelineEntry
from ..ranges import Range
from ..vocabulary import DERIVED

KIND_LABELS = {"company": "Companies", "ai-lab": "AI labs", "research-lab": "Research labs",
               "government": "Government", "news-outlet": "News outlets", "university": "Universities",
               "investor": "Investors", "product": "Products and teams", "other": "Other"}


class EventDate(TypedDict):
    date: str
    iso: str
    precision: str
    inferred: bool
    date_reason: str


def explanation(statement: ComparedStatement) -> str:
    """The site's reading of a value, shown beside the article's words when it says more."""
    value = statement.value
    if value is None:
        return ""
    normalized = value.normalized
    if value.derived:           # a date the article gives without its year, or relative to its own date
        return f"{normalized}: {DERIVED[value.derived]}"
    return "" if normalized.casefold() == value.text.casefold() else normalized


def event_date(entry: TimelineEntry) -> EventDate:
    """How an event's date is shown: its label, machine-readable form, precision, and whether
    the articles state it."""
    event = entry.event
    return {"date": entry.label, "iso": event.date.iso if event.date else "",
            "precision": event.date.precision if event.date else "relative",
            "inferred": event.inferred, "date_reason": event.date_reason}


def crosses(mention: Mention, ranges: Iterable[Range]) -> bool:
    """A link may sit inside a highlight or contain one, but never half-overlap it."""
    for r in ranges:
        if r.start < mention.end and mention.start < r.end:
            inside = r.start <= mention.start and mention.end <= r.end
            contains = mention.start <= r.start and r.end <= mention.end
            if not (inside or contains):
                return True
    return False


def source_meta(source: m.Source) -> list[tuple[str, str]]:
    unknown = "not stated in the article"
    return [("Title", source.title or unknown), ("Outlet", source.outlet or unknown),
            ("Author", source.author or unknown), ("Date", source.date.label if source.date else unknown),
            ("Address", source.url or unknown)]
