"""Helpers the views share: how dates, values and names are shown."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

from markupsafe import Markup

from ... import model as m
from ...i18n import N_, format_after, format_date, format_value, gettext
from ...resolve.comparisons import ComparedStatement
from ...resolve.mentions import Mention
from ...resolve.references import sort_name  # noqa: F401 - the views' name order
from ...resolve.timeline import TimelineEntry
from ..ranges import Range
from ..vocabulary import DERIVED

KIND_LABELS = {"company": N_("Companies"), "ai-lab": N_("AI labs"), "research-lab": N_("Research labs"),
               "government": N_("Government"), "news-outlet": N_("News outlets"), "university": N_("Universities"),
               "investor": N_("Investors"), "product": N_("Products and teams"), "other": N_("Other")}


def kind_anchor(kind: str) -> str:
    """An organization kind's anchor on the index ('ai-labs'): from the English label, the same in every language."""
    return KIND_LABELS.get(kind, kind).lower().replace(" ", "-")


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
    # compared in English (the article's words against the builder's reading), shown in the locale's
    if value.derived:           # a date the article gives without its year, or relative to its own date
        return f"{format_value(value)}: {gettext(DERIVED[value.derived])}"
    return "" if normalized.casefold() == value.text.casefold() else format_value(value)


def event_date(entry: TimelineEntry) -> EventDate:
    """How an event's date is shown: its label, machine-readable form, precision, and whether
    the articles state it."""
    event = entry.event
    label = format_date(event.date) if event.date is not None else format_after(entry.date)
    return {"date": label, "iso": event.date.iso if event.date else "",
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


# what an article may leave unstated, as a sentence names it ("The outlet, date are not stated")
UNSTATED = {"title": N_("title"), "outlet": N_("outlet"), "author": N_("author"), "date": N_("date"),
            "address": N_("address")}


def unstated(source: m.Source) -> list[str]:
    return [gettext(UNSTATED[key]) for key, _, value in source_meta(source) if value is None]


def source_meta(source: m.Source) -> list[tuple[str, str, str | None]]:
    """(key, label, value or None where the article does not state it)."""
    return [("title", gettext("Title"), source.title), ("outlet", gettext("Outlet"), source.outlet),
            ("author", gettext("Author"), source.author),
            ("date", gettext("Date"), format_date(source.date) if source.date else None),
            ("address", gettext("Address"), source.url)]


def lang_attr(source: m.Source, site_language: str) -> Markup:
    """' lang="en"' on an article's own words when the article is not in the site's language
    (a source's `language:`, which defaults to the site's: nothing to mark then)."""
    if source.language and source.language.lower() != site_language.lower():
        return Markup(' lang="{}"').format(source.language)
    return Markup("")
