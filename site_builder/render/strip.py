"""The timeline strip laid out at build time: events in, positions out; the theme draws it.

Every event on one strip over the years, a mark as wide as its date is precise; the rows (lanes)
are computed here with the marks, as marks must not overlap and every mark is a 24 px target.
The default theme's templates/charts/strip.html draws the `Strip` (a project's theme overrides
it); every length is in px.
"""
from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass

from ..i18n import month_initial
from ..model import PartialDate
from ..resolve.values import QUALIFIER_MONTHS


@dataclass(frozen=True)
class StripEvent:
    id: str
    number: int                   # its place in the list below, shown on the mark
    title: str
    date_label: str               # how the list gives its date
    date: PartialDate             # its own date, or (relative) the date of the event it follows
    relative: bool = False        # dated only relative to another event: drawn after it
    follows: str = ""             # the id of that event
    inferred: bool = False        # no article states the date


NARROW_YEAR = 56          # px: a year whose events are dated to the year (or part of it) at most
STRIP_WIDTH = 1080        # px the strip aims at (wider years share what is left)
LANE = 24                 # px: one row of marks (every mark is a 24 px target)
MIN_MARK = 3              # px: the narrowest mark (a day)


@dataclass(frozen=True)
class StripMonth:
    x: float                      # px: where the month starts
    initial: str                  # its one-letter name in the reader's language


@dataclass(frozen=True)
class StripYear:
    year: int
    x: float                      # px
    width: float
    months: tuple[StripMonth, ...]  # a year drawn wide (events dated to the month or day): its months; else ()


@dataclass(frozen=True)
class StripMark:
    """One event on the strip, in px: its mark from x0 to x1 (at least MIN_MARK wide) in the row
    starting at y, and a target around it (hit0 to hit1, at least LANE square)."""

    id: str
    number: int
    title: str
    date_label: str
    href: str                     # the event in the list
    precision: str                # day | month | year | part (of a year) | relative (after another event)
    inferred: bool                # no article states the date (hatched)
    x0: float
    x1: float
    y: int
    hit0: float
    hit1: float
    inside: bool                  # its number fits inside the mark (else it follows it)
    label_x: float                # where its number starts

    @property
    def relative(self) -> bool:
        return self.precision == "relative"

    @property
    def width(self) -> float:
        return max(self.x1 - self.x0, MIN_MARK)


@dataclass(frozen=True)
class Strip:
    """The timeline strip as templates/charts/strip.html draws it; every length in px."""

    label_id: str                 # the element that names it (aria-labelledby)
    width: float
    plot: int                     # the height of the rows of marks (the axis's labels go below)
    lane: int                     # the height of one row
    years: tuple[StripYear, ...]
    zone: float | None            # the line between finer dates (above) and years (below), if both
    marks: tuple[StripMark, ...]  # by number


def _strip_scale(events: Sequence[StripEvent]) -> tuple[dict[int, tuple[float, float]], set[int]]:
    years = range(min(e.date.year for e in events), max(e.date.year for e in events) + 1)
    detailed = {e.date.year for e in events if e.date.month and not e.relative}
    narrow = [y for y in years if y not in detailed]
    wide = max(12 * 24.0, min(12 * 48.0, (STRIP_WIDTH - NARROW_YEAR * len(narrow)) / max(1, len(detailed))))
    out, x = {}, 0.0
    for year in years:
        width = wide if year in detailed else NARROW_YEAR
        out[year] = (x, width)
        x += width
    return out, detailed


def _strip_x(scale: dict[int, tuple[float, float]], year: int, month_fraction: float) -> float:
    x, width = scale[year]
    return x + width * month_fraction / 12


def _extent(scale, date: PartialDate) -> tuple[float, float]:
    if date.day:
        days = calendar.monthrange(date.year, date.month)[1]
        mid = _strip_x(scale, date.year, date.month - 1 + (date.day - 0.5) / days)
        return mid - MIN_MARK / 2, mid + MIN_MARK / 2
    if date.month:
        return _strip_x(scale, date.year, date.month - 1), _strip_x(scale, date.year, date.month)
    first, last = QUALIFIER_MONTHS.get(date.qualifier, (1, 12))
    return _strip_x(scale, date.year, first - 1), _strip_x(scale, date.year, last)


def _hit(x0: float, x1: float) -> tuple[float, float, bool]:
    """The target around a mark (at least 24 px square, its number inside) and whether the
    number fits inside the mark."""
    inside = x1 - x0 >= 22
    h0 = x0 if inside else x0 - 2
    return h0, max(x1 + (0 if inside else 18), h0 + LANE), inside


def timeline_strip(events: Sequence[StripEvent], label_id: str, page: str = "") -> Strip | None:
    """Every event on one strip over the years: a mark as wide as its date is precise (a
    day, a month, a part of a year, a year), hatched when the date is inferred, an arrow
    right after the event it follows when the articles date it only relative to that one.
    Each mark links to the event in the list below (on `page`, if the list is elsewhere) and
    carries its number there. None for no events."""
    if not events:
        return None
    scale, detailed = _strip_scale(events)
    width = sum(w for _, w in scale.values())
    placed: dict[str, tuple[float, float]] = {}
    followers: dict[str, int] = {}
    for event in sorted(events, key=lambda e: (e.relative, e.number)):   # an event before those that follow it
        if event.relative and event.follows in placed:
            k = followers.get(event.follows, 0)
            followers[event.follows] = k + 1
            start = _hit(*placed[event.follows])[1] + 10 + k * (LANE + 10)
            x0, x1 = start, start + 12
        else:
            x0, x1 = _extent(scale, event.date)
        placed[event.id] = (x0, x1)
    # two zones of rows: dates to the day or month (and the events that follow them) above,
    # years and parts of years below; in each, a mark takes the first row where it fits
    upper = [e for e in events if e.relative or e.date.month]
    lower = [e for e in events if not (e.relative or e.date.month)]
    lane_of: dict[str, int] = {}
    rows: list[tuple[StripEvent, float, float, int]] = []
    offset = 0
    zones: list[int] = []
    for zone in (upper, lower):
        lanes: list[list[tuple[float, float]]] = []
        for event in sorted(zone, key=lambda e: (e.relative, placed[e.id][0], e.number)):
            hit0, hit1, _ = _hit(*placed[event.id])

            def free(lane: list[tuple[float, float]], h0: float = hit0, h1: float = hit1) -> bool:
                return all(h1 <= a or b <= h0 for a, b in lane)
            wanted = lane_of.get(event.follows, -1) - offset if event.relative else -1
            if 0 <= wanted < len(lanes) and free(lanes[wanted]):
                lane = wanted
            else:
                lane = next((i for i, taken in enumerate(lanes) if free(taken)), len(lanes))
            if lane == len(lanes):
                lanes.append([])
            lanes[lane].append((hit0, hit1))
            lane_of[event.id] = lane + offset
            rows.append((event, *placed[event.id], lane + offset))
        offset += len(lanes)
        zones.append(offset)
    lanes_total = offset
    width = max(width, max(_hit(x0, x1)[1] for _, x0, x1, _ in rows))
    years = tuple(StripYear(year, x, w, tuple(StripMonth(x + w * m / 12, month_initial(m + 1)) for m in range(12))
                            if year in detailed else ())
                  for year, (x, w) in sorted(scale.items()))
    marks = []
    for event, x0, x1, lane in sorted(rows, key=lambda r: r[0].number):
        hit0, hit1, inside = _hit(x0, x1)
        precision = "relative" if event.relative else "part" if event.date.qualifier else event.date.precision
        marks.append(StripMark(event.id, event.number, event.title, event.date_label, f"{page}#{event.id}",
                               precision, event.inferred, x0, x1, lane * LANE + 3, hit0, hit1, inside,
                               x0 + 4 if inside else x1 + 3))
    between = zones[0] * LANE + 4.5 if 0 < zones[0] < lanes_total else None
    return Strip(label_id, width, LANE * lanes_total + 6, LANE, years, between, tuple(marks))
