"""Value charts laid out at build time: plain data in, positions and words out; the theme draws them.

Pure functions, no JavaScript, nothing read from the site: the views turn comparisons into the
small dataclasses below and call `claim_chart` or `mini_chart`, which compute where everything
goes (axes, ticks, bands, dots) and return frozen dataclasses (the timeline's strip: strip.py).
The default theme's templates/charts/*.html draw them as inline SVG
(a project's theme overrides any of them, file by file): the templates escape every text and
write every number with the `coord` filter's fixed precision (two builds give the same bytes);
colours come from the theme's custom properties through class names (style.css), so the charts
follow dark mode and print.

How a value is drawn (the same in every chart):
- an exact value is a dot; a day is a dot too;
- a range the words allow ("tens of thousands", a month, a year) is a band with solid ends;
- a hedge is a band that fades where the words set no firm limit ("nearly $2 billion" fades
  below $2 billion; "more than N" and "N+" fade out towards the axis's end: they set a limit
  on one side only);
- an end the words exclude ("nearly 15" is not 15) is an open ring; a number the words
  include as a limit ("up to", "N+") is a dot.
Row labels are real text (the article and its words), so a chart never relies on colour:
each row carries its verdict's symbol and words too.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date as Date

from babel.dates import format_skeleton

from ..i18n import N_, current_locale, format_money_short, format_number, format_percent_tick, gettext
from ..model import PartialDate
from ..resolve.values import Value, bounds, day_span

# ---------------------------------------------------------------------------------------------
# values -> spans on an axis


@dataclass(frozen=True)
class Span:
    """What a value allows, in axis units (numbers, or days for dates)."""

    lo: float
    hi: float
    at: float | None = None      # the stated number or day, marked on its own (dot or ring)
    lo_end: str = "cap"          # how each end is drawn: cap (a firm limit), fade (soft or open), none
    hi_end: str = "cap"
    at_mark: str = "dot"         # dot (stated and included) | ring (stated but excluded, or only estimated)
    lo_edge: bool = False        # an open bound: the band reaches the axis's edge on that side
    hi_edge: bool = False

    @property
    def point(self) -> bool:
        """Drawn as a dot alone: an exact value, or a day."""
        return self.lo == self.hi or (self.at is not None and self.lo_end == self.hi_end == "none")


def _day(d: Date) -> float:
    return float(d.toordinal())


def _month_start(year: int, month: int) -> Date:
    return Date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def date_range(date: PartialDate) -> tuple[float, float]:
    """The days a date can be: [first, last + 1) in day numbers."""
    first, last = day_span(date)
    return _day(first), _day(last) + 1


def value_span(value: Value) -> Span | None:
    """How a statement's value is drawn, by the tolerances of resolve/values/hedges.py."""
    if value.kind == "date":
        if value.date is None:
            return None
        lo, hi = date_range(value.date)
        if value.date.day:
            return Span(lo, hi, (lo + hi) / 2, "none", "none")
        soft = "fade" if value.date.qualifier else "cap"
        return Span(lo, hi, None, soft, soft)
    if value.number is None and value.low is None:
        return None
    lo, hi = bounds(value)
    n = value.number
    if value.low is not None and value.high is not None:
        return Span(lo, hi)                                      # a range, or "tens of thousands"
    if not value.hedge or n is None:
        return Span(n or 0.0, n or 0.0, n)                       # exact: a dot
    stated = "ring" if value.strict else "dot"
    if value.hedge == "around":
        return Span(lo, hi, n, "fade", "fade", "ring")
    if value.hedge == "below":
        return Span(lo, n, n, "fade", "none", stated, lo_edge=value.open_bound)
    return Span(n, hi, n, "none", "fade", stated, hi_edge=value.open_bound)


# ---------------------------------------------------------------------------------------------
# axes


@dataclass(frozen=True)
class Axis:
    lo: float
    hi: float
    ticks: tuple[tuple[float, str], ...]              # gridlines, each with its label (numbers)
    spans: tuple[tuple[float, float, str], ...] = ()  # dates: labelled months or years between gridlines
    unit: str = ""

    def x(self, v: float) -> float:
        """Where v falls, in percent of the plot's width (clamped)."""
        if self.hi == self.lo:
            return 50.0
        return min(100.0, max(0.0, (v - self.lo) / (self.hi - self.lo) * 100))


_SCALES = (1e12, 1e9, 1e6)
# the axis's unit in words, by kind and scale (msgids: a language abbreviates in its own way)
_UNITS = {("money", 1e12): N_("US dollars (tn = trillion)"), ("money", 1e9): N_("US dollars (bn = billion)"),
          ("money", 1e6): N_("US dollars (m = million)"), ("money", 1.0): N_("US dollars"),
          ("percent", 1.0): N_("Per cent"), ("count", 1e9): N_("bn = billion"), ("count", 1e6): N_("m = million")}
# a count's tick at a scale ('1.5m'); money's are i18n.format_money_short's
_COUNT_SHORT = {1e9: N_("%(amount)sbn"), 1e6: N_("%(amount)sm")}


def _nice_step(raw: float) -> float:
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude


def _decimals(step: float, scale: float) -> int:
    """The places a tick label needs so that neighbouring ticks read differently (a narrow band of
    small amounts, $0.1 to $0.101, has ticks 0.0002 apart: three places made two of them '$0.1')."""
    scaled = step / scale
    for places in range(9):
        if abs(round(scaled, places) - scaled) < 1e-9 * max(1.0, scaled):
            return places
    return 8


def _scale(kind: str, top: float) -> float:
    """The unit ticks are counted in: money in trillions, billions or millions; counts from a million."""
    for size in _SCALES if kind == "money" else _SCALES[1:] if kind == "count" else ():
        if top >= size:
            return size
    return 1.0


def _tick_label(kind: str, v: float, step: float, top: float) -> str:
    """A tick's label in the claim's units and the locale's digits: '$2.5bn', '40%', '200,000',
    '2,5 Mrd. $'; no needless '.0' (at most the step's decimals)."""
    if kind == "percent":
        return format_percent_tick(v, _decimals(step, 1))
    scale = _scale(kind, top)
    if abs(v) < 1e-9 * max(1.0, top):
        v = 0.0
    if kind == "money":
        return format_money_short(v, _decimals(step, scale) if v else 0, scale if v else 1.0)
    number = format_number(v / scale, _decimals(step, scale))
    return gettext(_COUNT_SHORT[scale]) % {"amount": number} if scale in _COUNT_SHORT and v else number


def unit_label(kind: str, axis_top: float) -> str:
    """The axis's unit in words."""
    unit = _UNITS.get((kind, _scale(kind, axis_top)))
    return gettext(unit) if unit else ""


def number_axis(kind: str, spans: Iterable[Span]) -> Axis:
    """Round ticks that include every value and band with some room: from zero when zero is
    near (or the values all agree), else around the values."""
    values = [v for s in spans for v in (s.lo, s.hi)]
    lo, hi = min(values), max(values)
    if hi == lo:
        lo, hi = (0.0, hi * 1.25) if hi > 0 else (hi * 1.25, 0.0) if hi < 0 else (0.0, 1.0)
    else:
        span = hi - lo
        if 0 <= lo <= span:
            lo = 0.0
        else:
            lo -= span * 0.08
        hi += span * 0.08
    if kind == "percent" and lo == 0 and 50 < hi <= 100:
        hi = 100.0
    step = _nice_step((hi - lo) / 4)
    first, last = math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step
    count = round((last - first) / step)
    ticks = tuple((first + i * step, _tick_label(kind, first + i * step, step, last)) for i in range(count + 1))
    return Axis(first, last, ticks, unit=unit_label(kind, last))




def date_axis(spans: Iterable[Span]) -> Axis:
    """Calendar months (a short range) or years, each labelled between its gridlines."""
    spans = list(spans)
    lo, hi = min(s.lo for s in spans), max(s.hi for s in spans)
    pad = max((hi - lo) * 0.1, 10.0)
    start, end = Date.fromordinal(int(lo - pad)), Date.fromordinal(math.ceil(hi + pad))
    if hi - lo <= 200:
        first = Date(start.year, start.month, 1)
        months = []
        current = first
        while _day(current) < _day(end):
            months.append(current)
            current = _month_start(current.year, current.month + 1)
        labelled: list[tuple[float, float, str]] = []
        for i, month in enumerate(months):
            following = months[i + 1] if i + 1 < len(months) else current
            # 'Jun', 'Jun 2025' / 'juin', 'juin 2025': the locale's abbreviated month (CLDR)
            text = format_skeleton("yMMM" if i == 0 or month.month == 1 else "MMM", month,
                                   locale=current_locale().babel)
            labelled.append((_day(month), _day(following), text))
        edges = (*(_day(m) for m in months), _day(current))
        return Axis(edges[0], edges[-1], tuple((e, "") for e in edges), tuple(labelled))
    years = list(range(start.year, end.year + 1))
    step = 1 if len(years) <= 8 else 2 if len(years) <= 16 else 5
    edges = tuple(_day(Date(y, 1, 1)) for y in (*years, years[-1] + 1))
    spans_of_years = tuple((_day(Date(y, 1, 1)), _day(Date(y + 1, 1, 1)), str(y) if (y - years[0]) % step == 0 else "")
                           for y in years)
    return Axis(edges[0], edges[-1], tuple((e, "") for e in edges), spans_of_years)


def axis_for(kind: str, spans: Sequence[Span]) -> Axis:
    return date_axis(spans) if kind == "date" else number_axis(kind, spans)


# ---------------------------------------------------------------------------------------------
# what the theme draws: positions and words, no markup


def coord(v: float) -> str:
    """A coordinate with fixed precision, no trailing zeros: deterministic bytes (the templates'
    `coord` filter: `{{ x|coord }}%`)."""
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class Band:
    """The range a value allows, in percent of the plot's width."""

    x0: float
    x1: float
    fade: str                     # where it fades (no firm limit there): "" | "lo" | "hi" | "both"
    caps: tuple[float, ...]       # the x of each firm end (drawn as a cap)

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True)
class Dot:
    """The stated number or day, in percent of the plot's width."""

    x: float
    ring: bool                    # stated but excluded, or only estimated: an open ring, not a dot


@dataclass(frozen=True)
class Mark:
    """How one value is drawn on its axis (see the module's docstring): a band, a dot, or both."""

    band: Band | None
    dot: Dot | None


@dataclass(frozen=True)
class Shared:
    """Where the majority's answer lies, across the rows: a line (a value, or a zone too narrow
    to see) or a zone, in percent of the plot's width."""

    x0: float
    x1: float                     # == x0 for a line
    line: bool

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True)
class AxisLabel:
    x: float                      # percent of the plot's width
    text: str
    anchor: str                   # start | middle | end: a label at the plot's edge stays inside it
    minor: bool = False           # every other tick's label: a narrow screen may hide it


_FADES = {(True, True): "both", (True, False): "lo", (False, True): "hi"}


def _mark(span: Span, axis: Axis) -> Mark:
    lo = axis.lo if span.lo_edge else span.lo
    hi = axis.hi if span.hi_edge else span.hi
    x0, x1 = axis.x(lo), axis.x(hi)
    band = None
    if not span.point and x1 > x0:
        fade = _FADES.get((span.lo_end == "fade", span.hi_end == "fade"), "")
        band = Band(x0, x1, fade, tuple(x for end, x in ((span.lo_end, x0), (span.hi_end, x1)) if end == "cap"))
    dot = Dot(axis.x(span.at), span.at_mark == "ring") if span.at is not None else None
    return Mark(band, dot)


def _shared(shared: Span, axis: Axis) -> Shared:
    if shared.point or axis.x(shared.hi) - axis.x(shared.lo) < 0.6:
        x = axis.x(shared.at if shared.at is not None else shared.lo)
        return Shared(x, x, True)
    return Shared(axis.x(shared.lo), axis.x(shared.hi), False)


def _anchor(x: float) -> str:
    return "start" if x <= 0.5 else "end" if x >= 99.5 else "middle"


def _axis_labels(axis: Axis) -> tuple[AxisLabel, ...]:
    if axis.spans:        # dates: each month or year named between its gridlines
        return tuple(AxisLabel((axis.x(lo) + axis.x(hi)) / 2, text, "middle") for lo, hi, text in axis.spans if text)
    return tuple(AxisLabel(axis.x(v), text, _anchor(axis.x(v)), bool(i % 2)) for i, (v, text) in enumerate(axis.ticks))


@dataclass(frozen=True)
class ChartRow:
    source: str       # the article's label
    words: str        # its own words for the value
    reading: str      # the builder's reading of them, when it says more ("under $2 billion")
    href: str         # the passage, where "Read it in context" goes
    cell: str         # its verdict (agrees, differs, ...)
    icon: str         # the verdict's symbol
    verdict: str      # the verdict in words
    span: Span


@dataclass(frozen=True)
class ChartData:
    key: str                      # unique on its page (ids of the chart's parts)
    kind: str                     # money | percent | count | date
    rows: tuple[ChartRow, ...]
    shared: Span | None = None    # where the majority's answer lies
    shared_label: str = ""


@dataclass(frozen=True)
class PlottedRow:
    row: ChartRow
    mark: Mark


@dataclass(frozen=True)
class ClaimChart:
    """A claim's chart as templates/charts/claim.html draws it: one row per article, its label
    and words (a link to the passage), then its value on a shared axis; the majority's value
    marked across the rows. Every x is in percent of the plot's width."""

    key: str                      # unique on its page: the ids of the chart's parts start with it
    kind: str                     # money | percent | count | date
    title: str
    unit: str                     # the axis's unit in words ("" for dates)
    rows: tuple[PlottedRow, ...]
    grid: tuple[float, ...]       # a gridline (and a tick on the axis) at each
    labels: tuple[AxisLabel, ...]
    shared: Shared | None
    shared_label: str             # '3 of 5: $2.7 billion' ("" for none)
    shared_x: float               # where that label points
    legend: tuple[str, ...]       # the shapes this chart uses, in order: dot band fade ring shared


def _legend_keys(span: Span) -> set[str]:
    keys = set()
    if span.point or (span.at is not None and span.at_mark == "dot"):
        keys.add("dot")
    if not span.point and "cap" in (span.lo_end, span.hi_end):
        keys.add("band")
    if "fade" in (span.lo_end, span.hi_end):
        keys.add("fade")
    if span.at is not None and span.at_mark == "ring":
        keys.add("ring")
    return keys


_LEGEND = ("dot", "band", "fade", "ring", "shared")


def claim_chart(chart: ChartData, title: str) -> ClaimChart | None:
    """None for no rows."""
    if not chart.rows:
        return None
    axis = axis_for(chart.kind, [r.span for r in chart.rows])
    used = {key for row in chart.rows for key in _legend_keys(row.span)} | ({"shared"} if chart.shared else set())
    shared_x = 0.0
    if chart.shared:
        at = chart.shared.at if chart.shared.at is not None else (chart.shared.lo + chart.shared.hi) / 2
        shared_x = axis.x(at)
    return ClaimChart(chart.key, chart.kind, title, axis.unit,
                      tuple(PlottedRow(row, _mark(row.span, axis)) for row in chart.rows),
                      tuple(axis.x(v) for v, _ in axis.ticks), _axis_labels(axis),
                      _shared(chart.shared, axis) if chart.shared else None,
                      chart.shared_label if chart.shared else "", shared_x,
                      tuple(key for key in _LEGEND if key in used))


@dataclass(frozen=True)
class MiniChart:
    """The same chart, small, for a key-figure card (templates/charts/mini.html): no labels but
    the axis's ends; an image with a text alternative (the card's words say the same)."""

    key: str
    label: str                    # the text alternative
    rows: tuple[PlottedRow, ...]
    grid: tuple[float, ...]
    shared: Shared | None
    ends: tuple[str, str]         # the axis's first and last label


def mini_chart(chart: ChartData, label: str) -> MiniChart | None:
    """None for no rows."""
    if not chart.rows:
        return None
    axis = axis_for(chart.kind, [r.span for r in chart.rows])
    if axis.spans:
        first, last = axis.spans[0], axis.spans[-1]
        ends = (first[2], last[2] or str(Date.fromordinal(int(last[0])).year))
    else:
        ends = (axis.ticks[0][1], axis.ticks[-1][1])
    return MiniChart(chart.key, label, tuple(PlottedRow(row, _mark(row.span, axis)) for row in chart.rows),
                     tuple(axis.x(v) for v, _ in axis.ticks), _shared(chart.shared, axis) if chart.shared else None,
                     ends)
