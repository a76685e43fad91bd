"""The timeline's order, and the check that every date is one an article states.

Part of `resolve`. Within a year, events are listed by the first day their date can be, and
of two that can begin the same day the narrower first: "1 June" before "early June" before
"June", and "June" or "early June" before "13 June" (the articles may place it anywhere in the
month, so it opens the month rather than closing it: read as a chronology, an "early April" event
listed after the 10th reads as later). "mid-2025" opens May, "late 2023" September. An event known
only to its year is listed after every dated event of that year, under its own label ("no exact
date in the articles") - unless the editors place it with `after: <event id>`. An event the articles date only
relative to another has `after:` and no date; it is listed after that event and after every
other event of the same date (day, or month) as that one, which it may well follow too.
Ties between events the articles do not order are broken by id, which the page says.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

from .. import model as m
from ..errors import Problem, suggestion
from ..markup import Parsed
from .anchoring import Anchor
from .cleaning import CleanedSource
from .values import DIFFERENT, MONTHS, QUALIFIER_MONTHS, compare_dates, day_span, find_values


@dataclass(frozen=True)
class TimelineEntry:
    event: m.Event
    year: int                      # the year it is listed under
    year_only: bool                # known only to its year: listed after that year's dated events
    date: m.PartialDate            # its own date, or (for an `after:` event) that of the event it follows
    relative_to: str | None = None # the event it follows, when the articles date it only relative to it
    dates_differ: bool = False     # an alternative account gives a date that cannot be this one

    @property
    def label(self) -> str:
        """How its date reads: '13 June 2025', 'late 2023', 'after 13 June 2025'."""
        if self.event.date is None:
            return f"after {self.date.label}"
        return self.event.date.label


def _key(date: m.PartialDate) -> tuple[int, int, int]:
    """Position within its year: the first day the date can be, then the last (the narrower
    first); a year-only date after them all."""
    if _year_only(date):
        return 1, 0, 0
    first, last = day_span(date)
    return 0, first.toordinal(), last.toordinal()


def _year_only(date: m.PartialDate) -> bool:
    return not date.month and date.qualifier not in QUALIFIER_MONTHS


def order_timeline(content: m.Content) -> tuple[tuple[TimelineEntry, ...], list[Problem]]:
    """Every event in reading order; problems for a missing date, a bad `after:` or an
    inferred date without its reason."""
    problems: list[Problem] = []
    events = content.events
    follows: dict[str, list[str]] = {}
    anchored: dict[str, m.Event] = {}              # events placed by their own date
    unloaded = content.unloaded_ids()
    for event in sorted(events.values(), key=lambda e: e.id):
        _check_basis(event, problems)
        if event.after is not None:
            if event.after.id in unloaded:
                continue            # that event's file did not load: its error says it all
            if event.after.id not in events:
                problems.append(Problem(event.after.position, f"unknown event id '{event.after.id}' in 'after'",
                                        suggestion(event.after.id, events, "event id")))
            elif event.after.id == event.id:
                problems.append(Problem(event.after.position, "an event cannot follow itself", ""))
            else:
                follows.setdefault(event.after.id, []).append(event.id)
                continue
        if event.date is None:
            problems.append(Problem(event.position, "an event needs 'date:' or 'after:'",
                                    'give its date at its true precision ("2025", "2025-06", "2025-06-13"), '
                                    "or the event it follows"))
            continue
        anchored[event.id] = event
    entries: list[TimelineEntry] = []
    placed: set[str] = set()

    def place(event_id: str, base: m.PartialDate, year_only: bool) -> None:
        place_alone(event_id, base, year_only)
        place_followers(event_id, year_only)

    def place_alone(event_id: str, base: m.PartialDate, year_only: bool) -> None:
        event = events[event_id]
        if event_id in placed:
            return
        placed.add(event_id)
        own = event.date
        if own is not None and own.year != base.year:
            problems.append(Problem(event.date_position or event.position,
                                    f"this event is dated {own.year} but follows '{event.after.id}' "  # type: ignore[union-attr]
                                    f"of {base.label}", "move 'after:' to an event of the same year, or fix the date"))
        date = own or base
        differ = any(compare_dates(alt.date, date) == DIFFERENT for alt in event.alternatives)
        entries.append(TimelineEntry(event, base.year, year_only, date,
                                     None if own is not None else event.after.id, differ))  # type: ignore[union-attr]

    def place_followers(event_id: str, year_only: bool) -> None:
        date = next(e.date for e in reversed(entries) if e.event.id == event_id)
        for follower in sorted(follows.get(event_id, ()), key=lambda f: (_key(events[f].date or date), f)):
            if follower not in placed:
                place(follower, date, year_only)

    # the events of one date (a day, or a month, at its precision) first, then what follows each:
    # an event known only to come after one of them comes after them all
    ordered = sorted(anchored.values(), key=lambda e: (e.date.year, _key(e.date), e.id))  # type: ignore[union-attr,arg-type]
    for _, same_date in groupby(ordered, key=lambda e: (e.date.year, _key(e.date))):  # type: ignore[union-attr,arg-type]
        group = list(same_date)
        for event in group:
            place_alone(event.id, event.date, _year_only(event.date))  # type: ignore[arg-type]
        for event in group:
            place_followers(event.id, _year_only(event.date))  # type: ignore[arg-type]
    for event_id in sorted(set(events) - placed):
        if events[event_id].after is not None and events[event_id].after.id in events:  # type: ignore[union-attr]
            problems.append(Problem(events[event_id].after.position,  # type: ignore[union-attr]
                                    "the events' 'after:' form a loop", "one of them needs a date of its own"))
    return tuple(entries), problems


def _check_basis(event: m.Event, problems: list[Problem]) -> None:
    if event.inferred and not event.date_reason.strip():
        problems.append(Problem(event.date_position or event.position, "an inferred date needs its reason",
                                "add 'date_reason:' in one line: how the date was worked out"))
    if event.inferred and event.date is None:
        problems.append(Problem(event.position, "'date_basis: inferred' marks a date, and this event has none",
                                "give the inferred date, or drop 'date_basis'"))
    if event.date_reason and not event.inferred:
        problems.append(Problem(event.position, "'date_reason' explains an inferred date",
                                "add 'date_basis: inferred', or drop 'date_reason'"))


def unstated_dates(event: m.Event, cleaned: Mapping[str, CleanedSource], anchors: Mapping[tuple[str, str], Anchor],
                   parsed: Mapping[m.Text, Parsed], sources: Mapping[str, m.Source]) -> list[Problem]:
    """Warnings for an event (and its alternative accounts) whose year, and month when given, appears
    near none of the passages its own summary cites, unless the date is marked inferred."""
    problems = []
    dated = [] if event.date is None or event.inferred else [(event.date, event.summary,
                                                               event.date_position or event.position)]
    dated += [(alt.date, alt.summary, alt.position) for alt in event.alternatives]
    for date, summary, where in dated:
        cited = _cited(parsed[summary], anchors)
        if not cited:
            continue        # nothing cited yet (a new skeleton): there is no passage to hold the date to
        near = [(_paragraphs(cleaned[a.source], a.start, a.end), _source_date(sources, a.source))
                for a in cited if a.source in cleaned]
        missing = _missing(date, near)
        if missing:
            problems.append(Problem(where, f"no passage this event cites states its date ({missing})",
                                    "cite the passage that dates it, or mark it 'date_basis: inferred' with a "
                                    "'date_reason:'", severity="warning"))
    return problems


def _cited(text: Parsed, anchors: Mapping[tuple[str, str], Anchor]) -> list[Anchor]:
    return [anchors[key] for key in ((mk.source, mk.quote) for mk in text.markers) if key in anchors]


def _paragraphs(source: CleanedSource, start: int, end: int) -> str:
    """The cleaned paragraphs a passage touches."""
    return " ".join(b.text for b in source.blocks if b.start <= end and start <= b.end)


def _source_date(sources: Mapping[str, m.Source], source_id: str) -> m.PartialDate | None:
    source = sources.get(source_id)
    return source.date if source is not None else None


@lru_cache(maxsize=4096)
def _dates_in(text: str, reference: m.PartialDate | None) -> tuple[m.PartialDate, ...]:
    """The dates a cited paragraph states, read once per text (the check runs on every update of
    the preview, over passages that rarely change; reading dates is the costly part)."""
    return tuple(found.value.date for found in find_values("date", text, reference)
                 if found.value is not None and found.value.date is not None)


def _missing(date: m.PartialDate, texts: list[tuple[str, m.PartialDate | None]]) -> str:
    """'' when one of the passages states the date's year (and month, when it has one), else what
    none of them states. A date without a year ("Nov. 4") states the year of its article's date."""
    wanted = {"year"} | ({"month"} if date.month else set())

    def parts(text: str, reference: m.PartialDate | None) -> set[str]:
        found = set()
        if re.search(rf"\b{date.year}\b", text):
            found.add("year")
        if date.month:
            name = MONTHS[date.month - 1]
            if re.search(rf"\b(?:{name}|{name[:3]}\.?)\b|\b{date.year}-{date.month:02d}\b", text):
                found.add("month")
        if found >= wanted:
            return found         # the words say it plainly: no need to read the dates
        for read in _dates_in(text, reference):
            if read.year == date.year:
                found.add("year")
                if date.month and read.month == date.month:
                    found.add("month")
        return found

    stated = [parts(text, reference) for text, reference in texts]
    if any(wanted <= found for found in stated):
        return ""
    words = {"year": f"'{date.year}'", "month": f"'{MONTHS[date.month - 1]}'" if date.month else ""}
    absent = [words[p] for p in ("year", "month") if p in wanted and not any(p in found for found in stated)]
    if not absent:
        return f"{words['month']} and {words['year']} are not found together in any of them"
    return f"{' and '.join(absent)} not found near any of them"
