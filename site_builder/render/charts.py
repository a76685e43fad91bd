"""Charts drawn at build time: plain data in, inline SVG (and its HTML frame) out.

Pure functions, no JavaScript, nothing read from the site: the views turn comparisons and
the timeline into the small dataclasses below and call `claim_chart`, `mini_chart` or
`timeline_strip`. Every text is escaped, every number is written with fixed precision (two
builds give the same bytes), and colours come from the theme's custom properties through
class names (style.css), so the charts follow dark mode and print.

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

import calendar
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date as Date

from babel.dates import format_skeleton
from markupsafe import Markup, escape

from ..i18n import N_, current_locale, format_money_short, format_number, format_percent_tick, gettext, month_initial
from ..model import PartialDate
from ..resolve.values import QUALIFIER_MONTHS, Value, bounds, day_span
from . import links

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
# drawing


def _f(v: float) -> str:
    """A coordinate with fixed precision, no trailing zeros: deterministic bytes."""
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _pct(v: float) -> str:
    return f"{_f(v)}%"


def _gradient(gid: str, direction: str) -> str:
    """A fill that fades: 'lo' fades out towards the low end, 'hi' towards the high end, 'both'."""
    strong, faint = ".5", "0"
    stops: tuple[tuple[int, str], ...]
    if direction == "both":
        stops = ((0, faint), (50, strong), (100, faint))
    elif direction == "lo":
        stops = ((0, faint), (100, strong))
    else:
        stops = ((0, strong), (100, faint))
    inner = "".join(f'<stop offset="{o}%" stop-color="currentColor" stop-opacity="{a}"/>' for o, a in stops)
    return f'<linearGradient id="{links.anchor(gid)}">{inner}</linearGradient>'


def _mark(span: Span, axis: Axis, y: str, band: float, dot: float, gid: str) -> tuple[str, str]:
    """(defs, shapes) for one value at height y (an SVG length: '50%' or px)."""
    lo = axis.lo if span.lo_edge else span.lo
    hi = axis.hi if span.hi_edge else span.hi
    x0, x1 = axis.x(lo), axis.x(hi)
    defs, out = "", []
    if not span.point and x1 > x0:
        fade = {(True, True): "both", (True, False): "lo", (False, True): "hi"}.get(
            (span.lo_end == "fade", span.hi_end == "fade"))
        fill = ""
        if fade:
            defs = _gradient(gid, fade)
            fill = f' fill="url(#{gid})"'
        half = band / 2
        out.append(f'<rect class="{"band band-fade" if fade else "band"}" x="{_pct(x0)}" y="{y}" '
                   f'width="{_pct(x1 - x0)}" height="{_f(band)}" transform="translate(0 -{_f(half)})"{fill}/>')
        for end, x in ((span.lo_end, x0), (span.hi_end, x1)):
            if end == "cap":
                out.append(f'<rect class="cap" x="{_pct(x)}" y="{y}" width="2" height="{_f(band + 6)}" '
                           f'transform="translate(-1 -{_f(half + 3)})"/>')
    if span.at is not None:
        kind = "ring" if span.at_mark == "ring" else "dot"
        radius = dot - 1 if kind == "ring" else dot
        out.append(f'<circle class="{kind}" cx="{_pct(axis.x(span.at))}" cy="{y}" r="{_f(radius)}"/>')
    return defs, "".join(out)


def _shared_shape(shared: Span, axis: Axis, height: str) -> str:
    if shared.point or axis.x(shared.hi) - axis.x(shared.lo) < 0.6:
        x = _pct(axis.x(shared.at if shared.at is not None else shared.lo))
        return f'<line class="shared" x1="{x}" x2="{x}" y1="0" y2="{height}"/>'
    x0, x1 = axis.x(shared.lo), axis.x(shared.hi)
    return f'<rect class="shared-zone" x="{_pct(x0)}" y="0" width="{_pct(x1 - x0)}" height="{height}"/>'


def _grid(axis: Axis, height: str) -> str:
    return "".join(f'<line class="grid" x1="{_pct(axis.x(v))}" x2="{_pct(axis.x(v))}" y1="0" y2="{height}"/>'
                   for v, _ in axis.ticks)


def _anchor(x: float) -> str:
    return ' text-anchor="start"' if x <= 0.5 else ' text-anchor="end"' if x >= 99.5 else ' text-anchor="middle"'


def _axis_labels(axis: Axis, y: int) -> str:
    out = []
    if axis.spans:
        for lo, hi, text in axis.spans:
            if text:
                out.append(f'<text x="{_pct((axis.x(lo) + axis.x(hi)) / 2)}" y="{y}" text-anchor="middle">'
                           f'{escape(text)}</text>')
        return "".join(out)
    for i, (v, text) in enumerate(axis.ticks):
        x = axis.x(v)
        minor = ' class="minor"' if i % 2 else ""      # hidden on a phone: every other label
        out.append(f'<text x="{_pct(x)}" y="{y}"{_anchor(x)}{minor}>{escape(text)}</text>')
    return "".join(out)


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


def claim_chart(chart: ChartData, title: str) -> Markup:
    """One row per article: its label and words (a link to the passage), then its value on a
    shared axis; the majority's value marked across the rows."""
    if not chart.rows:
        return Markup("")
    axis = axis_for(chart.kind, [r.span for r in chart.rows])
    key = escape(chart.key)
    grid = _grid(axis, "100%")
    shared = _shared_shape(chart.shared, axis, "100%") if chart.shared else ""
    rows = []
    legend: set[str] = set()
    for i, row in enumerate(chart.rows):
        defs, mark = _mark(row.span, axis, "50%", 12, 6.5, f"chart-{key}-{i}")
        legend.update(_legend_keys(row.span))
        reading = gettext(", read as %(value)s") % {"value": row.reading} if row.reading else ""
        rows.append(
            f'<li class="chart-row cell-{escape(row.cell)}"><a class="chart-label" href="{escape(links.link(row.href))}">'
            f'<span class="cell-icon" aria-hidden="true">{escape(row.icon)}</span> '
            f'<span class="chart-source">{escape(row.source)}</span> '
            f'<span class="chart-words">“{escape(row.words)}”</span>'
            f'<span class="visually-hidden">{escape(reading)} ({escape(row.verdict)})</span></a>'
            f'<svg class="chart-track" aria-hidden="true" focusable="false">'
            f'{"<defs>" + defs + "</defs>" if defs else ""}{grid}{shared}{mark}</svg></li>')
    head = ""
    if chart.shared and chart.shared_label:
        at = chart.shared.at if chart.shared.at is not None else (chart.shared.lo + chart.shared.hi) / 2
        x = axis.x(at)
        anchor = ' text-anchor="end"' if x > 50 else ' text-anchor="start"'
        dx = "-6" if x > 50 else "6"
        head = (f'<div class="chart-head" aria-hidden="true"><svg class="chart-axis" width="100%" height="22" '
                f'focusable="false">{_shared_shape(chart.shared, axis, "22")}'
                f'<text x="{_pct(x)}" dx="{dx}" y="15"{anchor}>{escape(chart.shared_label)}</text></svg></div>')
    ticks = "".join(f'<line class="tick" x1="{_pct(axis.x(v))}" x2="{_pct(axis.x(v))}" y1="0" y2="5"/>'
                    for v, _ in axis.ticks)
    foot = (f'<div class="chart-foot" aria-hidden="true"><svg class="chart-axis" width="100%" height="24" '
            f'focusable="false"><line class="baseline" x1="0" x2="100%" y1="0.5" y2="0.5"/>{ticks}'
            f'{_axis_labels(axis, 18)}</svg></div>')
    unit = f'<span class="chart-unit">{escape(axis.unit)}</span>' if axis.unit else ""
    return Markup(
        f'<figure class="chart chart-{escape(chart.kind)}" aria-labelledby="chart-{key}-title">'
        f'<figcaption class="chart-title" id="{links.anchor(f"chart-{key}-title")}">{escape(title)}{unit}</figcaption>'
        f'<div class="chart-body">{head}<ol class="chart-rows">{"".join(rows)}</ol>{foot}</div>'
        f'{_legend(legend, bool(chart.shared))}</figure>')


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


_LEGEND = (
    ("dot", '<circle class="dot" cx="8" cy="8" r="5"/>', N_("the value the article states")),
    ("band", '<rect class="band" x="1" y="4" width="14" height="8"/>', N_("the range its words allow")),
    ("fade", '<rect class="band band-fade" x="1" y="4" width="14" height="8" fill="url(#legend-fade)"/>',
     N_("fading: no firm limit on that side")),
    ("ring", '<circle class="ring" cx="8" cy="8" r="4.5"/>', N_("a number the words hedge or exclude")),
)


_MAJORITY = N_("the majority’s answer")


def _legend(keys: set[str], shared: bool) -> str:
    items = []
    for key, shape, words in _LEGEND:
        if key in keys:
            defs = f"<defs>{_gradient('legend-fade', 'lo')}</defs>" if key == "fade" else ""
            items.append(f'<li><svg width="16" height="16" aria-hidden="true" focusable="false">{defs}{shape}</svg>'
                         f'{escape(gettext(words))}</li>')
    if shared:
        items.append('<li><svg width="16" height="16" aria-hidden="true" focusable="false">'
                     '<line class="shared" x1="8" x2="8" y1="0" y2="16"/></svg>'
                     f'{escape(gettext(_MAJORITY))}</li>')
    return f'<ul class="chart-legend">{"".join(items)}</ul>' if len(items) > 1 else ""


def mini_chart(chart: ChartData, label: str) -> Markup:
    """The same chart, small, for a key-figure card: no labels but the axis's ends; an image
    with a text alternative (the card's words say the same)."""
    if not chart.rows:
        return Markup("")
    axis = axis_for(chart.kind, [r.span for r in chart.rows])
    row_h, top = 11, 4
    plot = top + row_h * len(chart.rows)
    height = plot + 16
    marks = []
    for i, row in enumerate(chart.rows):
        # a fade's gradient sits inside its row's group: it takes the row's colour
        d, mark = _mark(row.span, axis, _f(top + row_h * i + row_h / 2), 6, 3.6, f"mini-{escape(chart.key)}-{i}")
        marks.append(f'<g class="cell-{escape(row.cell)}">{"<defs>" + d + "</defs>" if d else ""}{mark}</g>')
    shared = _shared_shape(chart.shared, axis, _f(plot)) if chart.shared else ""
    first, last = (axis.spans[0], axis.spans[-1]) if axis.spans else (None, None)
    if axis.spans and first and last:
        ends = (f'<text x="0" y="{plot + 12}" text-anchor="start">{escape(first[2])}</text>'
                f'<text x="100%" y="{plot + 12}" text-anchor="end">{escape(last[2] or _year_of(last))}</text>')
    else:
        ends = (f'<text x="0" y="{plot + 12}" text-anchor="start">{escape(axis.ticks[0][1])}</text>'
                f'<text x="100%" y="{plot + 12}" text-anchor="end">{escape(axis.ticks[-1][1])}</text>')
    return Markup(
        f'<svg class="mini-chart" width="100%" height="{height}" role="img" aria-label="{escape(label)}">'
        f'{_grid(axis, _f(plot))}{shared}{"".join(marks)}'
        f'<line class="baseline" x1="0" x2="100%" y1="{plot + 0.5}" y2="{plot + 0.5}"/>{ends}</svg>')


def _year_of(span: tuple[float, float, str]) -> str:
    return str(Date.fromordinal(int(span[0])).year)


# ---------------------------------------------------------------------------------------------
# the timeline strip


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


def timeline_strip(events: Sequence[StripEvent], label_id: str, page: str = "") -> Markup:
    """Every event on one strip over the years: a mark as wide as its date is precise (a
    day, a month, a part of a year, a year), hatched when the date is inferred, an arrow
    right after the event it follows when the articles date it only relative to that one.
    Each mark links to the event in the list below (on `page`, if the list is elsewhere) and
    carries its number there."""
    if not events:
        return Markup("")
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
    plot = LANE * lanes_total + 6
    height = plot + 34
    years = []
    for i, (year, (x, w)) in enumerate(sorted(scale.items())):
        shade = ' class="year-alt"' if i % 2 else ' class="year-bg"'
        years.append(f'<rect{shade} x="{_f(x)}" y="0" width="{_f(w)}" height="{plot}"/>')
        years.append(f'<line class="grid" x1="{_f(x)}" x2="{_f(x)}" y1="0" y2="{plot + 6}"/>')
        years.append(f'<text class="year" x="{_f(x + w / 2)}" y="{plot + (30 if year in detailed else 18)}">{year}</text>')
        if year in detailed:
            for m in range(12):
                mx = x + w * m / 12
                if m:
                    years.append(f'<line class="grid month" x1="{_f(mx)}" x2="{_f(mx)}" y1="0" y2="{plot + 4}"/>')
                years.append(f'<text class="month" x="{_f(mx + w / 24)}" y="{plot + 15}">{month_initial(m + 1)}</text>')
    if 0 < zones[0] < lanes_total:       # between the finer dates and the years
        years.append(f'<line class="zone" x1="0" x2="{_f(width)}" y1="{zones[0] * LANE + 4.5}" '
                     f'y2="{zones[0] * LANE + 4.5}"/>')
    marks = []
    for event, x0, x1, lane in sorted(rows, key=lambda r: r[0].number):
        y = lane * LANE + 3
        precision = "relative" if event.relative else "part" if event.date.qualifier else event.date.precision
        classes = f"ev ev-{precision}" + (" ev-inferred" if event.inferred else "")
        name = f"{event.number}. {event.date_label}: {event.title}" + (gettext(" (inferred date)") if event.inferred else "")
        hit0, hit1, inside = _hit(x0, x1)
        fill = ' fill="url(#strip-hatch)"' if event.inferred else ""
        if event.relative:
            shape = (f'<line class="lead" x1="{_f(x0 - 8)}" x2="{_f(x0 - 1)}" y1="{y + 12}" y2="{y + 12}"/>'
                     f'<path class="mark" d="M{_f(x0)} {y + 6}h6l6 6-6 6h-6l4-6z"/>')
        else:
            shape = (f'<rect class="mark" x="{_f(x0)}" y="{y + 5}" width="{_f(max(x1 - x0, MIN_MARK))}" '
                     f'height="14"{fill}/>')
        label_x = x0 + 4 if inside else x1 + 3
        marks.append(
            f'<a class="{classes}" href="{escape(links.link(f"{page}#{event.id}"))}" aria-label="{escape(name)}"><title>{escape(name)}</title>'
            f'<rect class="hit" x="{_f(hit0)}" y="{y}" width="{_f(hit1 - hit0)}" height="{LANE}"/>{shape}'
            + (f'<text class="num halo" x="{_f(label_x)}" y="{y + 16}">{event.number}</text>' if inside else "")
            + f'<text class="num" x="{_f(label_x)}" y="{y + 16}">{event.number}</text></a>')
    defs = (f'<defs><pattern id="{links.anchor("strip-hatch")}" width="5" height="5" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect class="hatch" width="2.2" height="5"/></pattern></defs>')
    return Markup(
        f'<svg class="strip" width="{_f(width)}" height="{height}" aria-labelledby="{escape(label_id)}">{defs}'
        f'{"".join(years)}<line class="baseline" x1="0" x2="{_f(width)}" y1="{plot + 0.5}" y2="{plot + 0.5}"/>'
        f'{"".join(marks)}</svg>')
