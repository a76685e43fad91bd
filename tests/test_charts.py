"""The charts: the pure functions from values to positions (render/charts.py: axes, marks;
render/strip.py: the timeline's lanes), the default theme's templates/charts/ that draw them (a
project's theme overrides them file by file), and the charts on the real site's pages."""
from __future__ import annotations

import html
import itertools
import math
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from projects import SEED, TINY_SITE, write_files

from site_builder.model import PartialDate
from site_builder.pipeline import BuildOptions, build_site
from site_builder.render.charts import (
    ChartData,
    ChartRow,
    Span,
    claim_chart,
    date_axis,
    mini_chart,
    number_axis,
    value_span,
)
from site_builder.render.strip import LANE, StripEvent, timeline_strip
from site_builder.render.templates import make_environment
from site_builder.resolve.values import VALUE_KINDS, normalize_value
from site_builder.theme import DEFAULT, PACKAGED, Theme


def span(kind: str, text: str):
    return value_span(normalize_value(kind, text))


def row(source: str, words: str, kind: str = "money", cell: str = "agrees") -> ChartRow:
    return ChartRow(source, words, "", f"../sources/{source}.html#q-1", cell, "✓", "Agrees", span(kind, words))


# --- values as spans -----------------------------------------------------------------------

def test_an_exact_value_is_a_dot_and_hedges_are_bands_with_their_kind_of_end():
    exact = span("money", "$14.3 billion")
    assert exact.point and exact.at == 14.3e9
    nearly = span("money", "nearly $15 billion")      # an estimate below 15, excluding 15: one stated unit below
    assert (nearly.lo, nearly.hi) == (14e9, 15e9) and nearly.at_mark == "ring"
    assert nearly.lo_end == "fade" and not nearly.lo_edge
    more = span("count", "more than 100")             # a limit: open towards the axis's end
    assert more.lo == 100 and more.hi_edge and more.hi_end == "fade" and more.at_mark == "ring"
    plus = span("count", "500,000+")                  # a limit that includes its number
    assert plus.lo == 500_000 and plus.hi_edge and plus.at_mark == "dot"
    vague = span("count", "tens of thousands")        # a range with firm ends
    assert (vague.lo, vague.hi) == (10_000, 99_999) and vague.lo_end == vague.hi_end == "cap"
    about = span("percent", "about 14%")
    assert (about.lo, about.hi, about.at) == (13.5, 14.5, 14)      # what a writer rounds to 14 and about.lo_end == about.hi_end == "fade"


def test_dates_span_their_precision():
    day = value_span(normalize_value("date", "2025-06-13"))
    month = value_span(normalize_value("date", "2025-06"))
    year = value_span(normalize_value("date", "2018"))
    assert day.point and month.hi - month.lo == 30 and year.hi - year.lo == 365
    assert month.lo <= day.at < month.hi
    late = value_span(normalize_value("date", "late 2023"))
    september = value_span(normalize_value("date", "2023-09"))
    assert late.lo == september.lo and late.hi - late.lo == 122 and late.lo_end == "fade"


# --- axes ------------------------------------------------------------------------------------

SUFFIXES = {"tn": 1e12, "bn": 1e9, "m": 1e6}


def label_value(kind: str, label: str) -> float:
    """The number a tick's label says, read as a reader reads it ("$13.5bn", "40%", "200,000")."""
    text = label.replace(",", "")
    if kind == "money":
        assert text.startswith("$"), label
        text = text[1:]
    if kind == "percent":
        assert text.endswith("%"), label
        text = text[:-1]
    scale = 1.0
    for suffix, size in SUFFIXES.items():
        if text.endswith(suffix):
            text, scale = text[: -len(suffix)], size
            break
    return float(text) * scale


def assert_good_ticks(kind: str, spans, axis) -> None:
    """What any number axis must be, whatever the algorithm: ticks at round numbers (a step of
    1, 2, 2.5 or 5 times a power of ten, every tick a multiple of it), evenly spaced, from the
    axis's start to its end, covering every value and band, a readable count of them, and
    labels that say the tick's own number, each different."""
    values = [t for t, _ in axis.ticks]
    assert 3 <= len(values) <= 8, axis.ticks
    step = values[1] - values[0]
    assert step > 0
    assert math.isclose(values[0], axis.lo, abs_tol=1e-9 * step) and math.isclose(values[-1], axis.hi, abs_tol=1e-9 * step)
    assert axis.lo <= min(s.lo for s in spans) and axis.hi >= max(s.hi for s in spans)
    assert all(abs((b - a) - step) <= 1e-9 * step for a, b in itertools.pairwise(values)), values
    mantissa = step / 10 ** math.floor(math.log10(step) + 1e-12)
    assert any(abs(mantissa - nice) < 1e-9 for nice in (1, 2, 2.5, 5)), step
    assert all(abs(v / step - round(v / step)) < 1e-6 for v in values), values
    labels = [text for _, text in axis.ticks]
    assert len(set(labels)) == len(labels), labels
    for value, text in axis.ticks:
        assert math.isclose(label_value(kind, text), value, rel_tol=1e-9, abs_tol=1e-9 * step), (text, value)


def test_the_price_axis_sets_14_8_apart_from_14_3_and_shows_nearly_15_as_a_band():
    spans = [span("money", w) for w in ("$14.3 billion", "$14.8 billion", "nearly $15 billion")]
    axis = number_axis("money", spans)
    assert_good_ticks("money", spans, axis)
    assert axis.lo > 0, "the values are far from zero: the axis is around them"
    assert axis.x(14.8e9) - axis.x(14.3e9) >= 15, "a $500 million gap is visible"
    assert axis.x(spans[2].hi) - axis.x(spans[2].lo) >= 40


def test_a_count_axis_starts_at_zero_when_zero_is_near():
    spans = [span("count", w) for w in ("500,000", "500,000+", "tens of thousands")]
    axis = number_axis("count", spans)
    assert_good_ticks("count", spans, axis)
    assert axis.lo == 0 and axis.x(spans[0].lo) > 50


def test_single_values_and_percentages_get_a_sensible_axis():
    shares = [span("percent", "49%")]
    share = number_axis("percent", shares)
    assert_good_ticks("percent", shares, share)
    assert (share.lo, share.hi) == (0, 100)         # a share is read against the whole
    prices = [span("money", "$600 million")]
    price = number_axis("money", prices)
    assert_good_ticks("money", prices, price)
    assert price.lo == 0 and price.x(600e6) < 100, "a single value is drawn inside the axis, from zero"


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(["money", "count", "percent"]),
       bounds=st.lists(st.tuples(st.integers(1, 9999), st.integers(0, 500), st.integers(-2, 12)),
                       min_size=1, max_size=5))
def test_any_values_get_round_ticks_that_cover_them(kind, bounds):
    """(Values as the articles state them: up to four significant digits, at any magnitude.)"""
    spans = []
    for digits, width, exponent in bounds:
        lo = digits * 10.0 ** exponent
        if kind == "percent":
            lo = min(lo, 100.0)
        hi = lo + width * lo / 100            # a band of up to five times its start
        spans.append(Span(lo, min(hi, 100.0) if kind == "percent" else hi))
    assert_good_ticks(kind, spans, number_axis(kind, spans))


def test_a_date_axis_labels_months_or_years_between_gridlines():
    axis = date_axis([value_span(normalize_value("date", d)) for d in ("2025-06-13", "2025-06")])
    assert [text for _, _, text in axis.spans] == ["May 2025", "Jun", "Jul"]
    years = date_axis([value_span(normalize_value("date", "2018"))])
    assert [text for _, _, text in years.spans] == ["2017", "2018", "2019"]


# --- layout (render/charts.py) and drawing (the theme's templates/charts/) -----------------------

THEME = make_environment(Theme(DEFAULT, (PACKAGED / DEFAULT,)))
MACROS = {"claim_chart": "charts/claim.html", "mini_chart": "charts/mini.html", "timeline_strip": "charts/strip.html"}


def draw(macro: str, data) -> str:
    """`data` drawn by the default theme's macro, as a page that imports it draws it."""
    return str(getattr(THEME.get_template(MACROS[macro]).module, macro)(data))


def price_rows() -> tuple[ChartRow, ...]:
    return (row("A", "$14.3 billion"), row("B", "$14.8 billion", cell="differs"),
            row("C", "nearly $15 billion", cell="approximate"))


def test_the_layout_says_where_each_value_goes_and_which_shapes_it_uses():
    shared = span("money", "$14.3 billion")
    chart = claim_chart(ChartData("price", "money", price_rows(), shared, "2 of 3: $14.3 billion"), "Title")
    assert chart is not None and chart == claim_chart(ChartData("price", "money", price_rows(), shared,
                                                                "2 of 3: $14.3 billion"), "Title")
    exact, other, nearly = (p.mark for p in chart.rows)
    assert exact.band is None and exact.dot is not None and not exact.dot.ring
    assert other.dot is not None and other.dot.x - exact.dot.x > 10, "a $500 million gap is visible"
    assert nearly.band is not None and nearly.band.fade == "lo" and nearly.band.caps == (), "no firm limit below 15"
    assert nearly.dot is not None and nearly.dot.ring and nearly.dot.x == nearly.band.x1, "15 itself is excluded"
    assert chart.shared is not None and chart.shared.line and chart.shared.x0 == exact.dot.x
    assert chart.legend == ("dot", "fade", "ring", "shared")
    assert list(chart.grid) == sorted(chart.grid) and chart.grid[0] == 0 and chart.grid[-1] == 100
    assert [label.anchor for label in chart.labels][::len(chart.labels) - 1] == ["start", "end"]
    assert "$14.5bn" in [label.text for label in chart.labels] and chart.unit.startswith("US dollars")
    assert claim_chart(ChartData("none", "money", ()), "Title") is None
    assert mini_chart(ChartData("none", "money", ()), "label") is None and timeline_strip([], "caption") is None


def test_a_chart_escapes_its_words_and_is_deterministic():
    data = ChartData("price", "money", (row('<b>"Evil" & co</b>', "$14.3 billion"),
                                        row("Other", "nearly $15 billion", cell="approximate")),
                     span("money", "$14.3 billion"), '<i>"2 of 2"</i>')
    first, second = draw("claim_chart", claim_chart(data, "Title <x>")), draw("claim_chart", claim_chart(data, "Title <x>"))
    assert first == second
    assert "<b>" not in first and "&lt;b&gt;&#34;Evil&#34; &amp; co&lt;/b&gt;" in first
    assert "Title &lt;x&gt;" in first and "&lt;i&gt;&#34;2 of 2&#34;&lt;/i&gt;" in first and "<i>" not in first
    numbers = re.findall(r'="(-?\d+(?:\.\d+)?)%?"', first)
    assert numbers and all(len(n.split(".")[1]) <= 2 for n in numbers if "." in n)
    assert not re.search(r"\d[eE][-+]?\d", first), "no scientific notation"
    assert first.count('<a class="chart-label" href="../sources/') == 2
    assert first.startswith('<figure class="chart chart-money" aria-labelledby="chart-price-title">')
    assert ">\n" not in first and "> <svg" not in first, "no text between the chart's elements"


def test_a_mini_chart_is_an_image_with_a_text_alternative():
    data = ChartData("price", "money", (row("A", "$14.3 billion"), row("B", "$14.8 billion", cell="differs")))
    svg = draw("mini_chart", mini_chart(data, 'Chart: A $14.3 billion; B "$14.8 billion" <b>'))
    assert svg.startswith('<svg class="mini-chart"') and 'role="img"' in svg
    assert 'aria-label="Chart: A $14.3 billion; B &#34;$14.8 billion&#34; &lt;b&gt;"' in svg
    assert "<a " not in svg, "nothing to focus inside an image"
    assert svg.count('<g class="cell-') == 2 and svg.count('<circle class="dot"') == 2


def strip_events(title: str = "A day") -> list[StripEvent]:
    return [StripEvent("y", 1, "A year", "2016", PartialDate(2016)),
            StripEvent("m", 2, "A month", "June 2025", PartialDate(2025, 6), inferred=True),
            StripEvent("d", 3, title, "13 June 2025", PartialDate(2025, 6, 13)),
            StripEvent("r", 4, "After it", "after 13 June 2025", PartialDate(2025, 6, 13), relative=True,
                       follows="d")]


def test_the_timeline_strip_links_every_mark_and_draws_precision_as_width():
    strip = timeline_strip(strip_events(), "caption")
    assert strip is not None
    marks = {m.id: m for m in strip.marks}
    assert marks["y"].width > marks["m"].width > marks["d"].width
    assert marks["r"].relative and marks["r"].x0 > marks["d"].x1, "drawn after the event it follows"
    assert all(m.hit1 - m.hit0 >= LANE for m in strip.marks) and strip.lane == LANE
    svg = draw("timeline_strip", strip)
    assert re.findall(r'<a class="[^"]*" href="#([^"]+)"', svg) == ["y", "m", "d", "r"]
    widths = {m.group(1): float(m.group(2)) for m in re.finditer(
        r'href="#(\w)".*?<rect class="mark" x="[\d.]+" y="\d+" width="([\d.]+)"', svg)}
    assert widths["y"] > widths["m"] > widths["d"]
    assert 'ev-inferred' in svg and 'fill="url(#strip-hatch)"' in svg
    assert "ev-relative" in svg and '<path class="mark"' in svg
    assert 'aria-label="2. June 2025: A month (inferred date)"' in svg
    hits = [tuple(map(float, m.groups())) for m in re.finditer(r'class="hit" x="[\d.]+" y="\d+" width="([\d.]+)" '
                                                                r'height="(\d+)"', svg)]
    assert len(hits) == 4 and all(w >= 24 and h >= 24 for w, h in hits), "every mark is a 24 px target"


def test_a_strip_marks_name_is_escaped_in_its_label_and_title():
    svg = draw("timeline_strip", timeline_strip(strip_events('<script>x</script> "q" & co'), "caption"))
    assert "<script>" not in svg
    name = "3. 13 June 2025: &lt;script&gt;x&lt;/script&gt; &#34;q&#34; &amp; co"
    assert f'aria-label="{name}"' in svg and f"<title>{name}</title>" in svg


# --- a project's theme redraws the charts, file by file ------------------------------------------

CHART_PROJECT = {
    **TINY_SITE,
    "content/claims/price.yaml": 'question: How much did Acme pay?\nkind: money\nkey_figure: Price paid\nstatements:\n'
                                 '  - source: s000\n    quote: "Acme paid $10 billion"\n    value: "$10 billion"\n',
    "content/events/founded.yaml": 'date: "2016"\ntitle: Widgets Inc is founded\nsummary: >-\n'
                                   '  Jane Roe founds it [[cite:s000 "founded in 2016 by Jane Roe"]].\n',
    "seeds/a.txt": SEED,
}


def _override(root, name: str, old: str, new: str) -> None:
    text = (PACKAGED / DEFAULT / "templates" / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{name} no longer has {old!r}"
    path = root / "themes" / DEFAULT / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_projects_theme_overrides_one_chart_template_and_the_pages_show_it(tmp_path):
    root = write_files(tmp_path / "proj", CHART_PROJECT)
    default = build_site(BuildOptions(root, write=False))
    assert default.ok, [p.format() for p in default.problems]
    pages = {"home": "index.html", "claim": "claims/price.html", "claim card": "embed/claims/price.html",
             "figures card": "embed/key-figures.html", "timeline": "timeline.html",
             "timeline card": "embed/timeline.html"}
    assert all(path in default.files for path in pages.values()), sorted(default.files)
    # the dot every value chart draws (charts/marks.html, imported by charts/claim.html and charts/mini.html)
    _override(root, "charts/marks.html", '<circle class="{{ "ring" if m.dot.ring else "dot" }}"',
              '<circle data-theme="ours" class="{{ "ring" if m.dot.ring else "dot" }}"')
    # the strip (charts/strip.html)
    _override(root, "charts/strip.html", '<svg class="strip"', '<svg data-theme="ours-too" class="strip"')
    own = build_site(BuildOptions(root, write=False))
    assert own.ok, [p.format() for p in own.problems]
    for page in ("home", "claim", "claim card", "figures card"):
        body = own.files[pages[page]].decode("utf-8")
        assert '<circle data-theme="ours" class="dot"' in body, page
        assert "ours-too" not in body and "ours" not in default.files[pages[page]].decode("utf-8"), page
    for page in ("timeline", "timeline card"):
        body = own.files[pages[page]].decode("utf-8")
        assert '<svg data-theme="ours-too" class="strip"' in body and 'data-theme="ours"' not in body, page
    assert own.files["people/jane-roe.html"] == default.files["people/jane-roe.html"], "the rest from the package"


# --- the real site ---------------------------------------------------------------------------

def _columns_hrefs(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'<p class="passage-link"><a href="([^"]+)"', page)]


def test_every_value_claim_has_its_chart_linked_like_its_columns(real_build):
    result, out = real_build
    site = result.site
    charted = 0
    for cid, comparison in site.comparisons.items():
        page = (out / "claims" / f"{cid}.html").read_text(encoding="utf-8")
        if comparison.claim.kind not in VALUE_KINDS:
            assert '<figure class="chart' not in page, cid
            continue
        charted += 1
        assert page.count('<figure class="chart') == 1, f"{cid}: one chart"
        chart = page[page.index('<figure class="chart'):page.index("</figure>", page.index('<figure class="chart'))]
        rows = re.findall(r'<li class="chart-row cell-([\w-]+)"><a class="chart-label" href="([^"]+)"', chart)
        assert len(rows) == len(comparison.statements), cid
        assert [html.unescape(h) for _, h in rows] == _columns_hrefs(page), f"{cid}: rows link to the passages"
        assert chart.count('class="chart-track"') == len(rows)
        assert 'aria-hidden="true"' in chart and "<figcaption" in chart
        for statement in comparison.statements:
            assert f"“{statement.wording}”" in html.unescape(chart), f"{cid}: {statement.wording}"
    assert charted >= 25


def test_the_price_chart_draws_the_disagreement(real_build):
    _, out = real_build
    page = (out / "claims" / "deal-price.html").read_text(encoding="utf-8")
    chart = page[page.index('<figure class="chart'):]
    rows = re.findall(r'<li class="chart-row.*?</li>', chart)
    dots = {}
    for r in rows:
        words = html.unescape(re.search(r'<span class="chart-words">“([^”]+)”', r).group(1))
        dots[words] = re.findall(r'<circle class="(dot|ring)" cx="([\d.]+)%"', r)
    assert dots["$14.3 billion"][0][0] == "dot" and dots["$14.8 billion"][0][0] == "dot"
    assert float(dots["$14.8 billion"][0][1]) - float(dots["$14.3 billion"][0][1]) > 10
    nearly = next(r for r in rows if "nearly $15 billion" in r)
    assert 'class="band band-fade"' in nearly and 'class="ring"' in nearly
    assert "3 of 5: $14.3 billion" in chart and 'class="shared"' in chart
    assert "$14.5bn" in chart


def test_key_figures_carry_small_charts(real_build):
    result, out = real_build
    home = (out / "index.html").read_text(encoding="utf-8")
    figures = [c for c in result.site.comparisons.values()
               if c.claim.key_figure and c.claim.kind in VALUE_KINDS]
    assert figures
    assert home.count('<svg class="mini-chart"') == len(figures)
    for label in re.findall(r'<svg class="mini-chart"[^>]*aria-label="([^"]+)"', home):
        assert label.startswith("Chart of each article")


def test_the_timeline_strip_marks_every_event_and_links_to_it(real_build):
    result, out = real_build
    page = (out / "timeline.html").read_text(encoding="utf-8")
    strip = page[page.index('<svg class="strip"'):page.index("</svg>", page.index('<svg class="strip"'))]
    targets = re.findall(r'<a class="ev [^"]*" href="#([^"]+)"', strip)
    assert sorted(targets) == sorted(e.event.id for e in result.site.timeline)
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    assert set(targets) <= ids
    assert 'role="region" tabindex="0" aria-label="Timeline strip' in page
    numbers = re.findall(r'<span class="event-no"[^>]*><span class="visually-hidden">Event </span>(\d+)</span>', page)
    assert numbers == [str(i) for i in range(1, len(targets) + 1)], "the list numbers match the marks"
    inferred = sum(1 for e in result.site.timeline if e.event.inferred)
    assert strip.count("ev-inferred") == inferred
    assert strip.count("ev-relative") == sum(1 for e in result.site.timeline if e.relative_to)
