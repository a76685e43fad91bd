"""A comparison as chart data: one row per article, its value as a span, the majority's answer.

The views of claim pages and of the home page's key figures call `claim_chart_for` and
`mini_chart_for`; render/charts.py lays out what they pass it, the theme's templates/charts/
draw that. Everything here comes from the comparison and the source labels, which
those views already record as their dependencies.
"""
from __future__ import annotations

from ...i18n import gettext
from ...resolve.comparisons import Comparison
from ...resolve.values import VALUE_KINDS
from ..charts import ChartData, ChartRow, ClaimChart, MiniChart, Span, claim_chart, mini_chart, value_span
from ..context import PageContext
from ..vocabulary import CELL, CHART_TITLE, badge, chart_shared_label
from .common import explanation


def chart_data(ctx: PageContext, comparison: Comparison, key: str) -> ChartData | None:
    """None for claims whose answers are not amounts, percentages, counts or dates."""
    kind = comparison.claim.kind
    if kind not in VALUE_KINDS:
        return None
    labels = ctx.renderer.source_labels
    rows = []
    for statement in sorted(comparison.statements, key=lambda s: s.source):
        span = value_span(statement.value) if statement.value is not None else None
        if span is None:
            continue
        rows.append(ChartRow(labels[statement.source], statement.wording, explanation(statement),
                             ctx.notes.passage_href(statement.anchor), statement.cell, CELL[statement.cell].icon,
                             badge(comparison, statement), span))
    if not rows:
        return None
    shared, label = _shared(comparison)
    return ChartData(key, kind, tuple(rows), shared, label)


def _shared(comparison: Comparison) -> tuple[Span | None, str]:
    """Where the majority's answer lies: its value, or where the values of an approximate
    majority overlap (or, failing that, the range they cover)."""
    if len(comparison.statements) < 2 or not comparison.bloc:
        return None, ""
    total = len(comparison.statements)
    if comparison.majority is not None:
        position = comparison.position(comparison.majority)
        span = value_span(position.value) if position.value is not None else None
        return span, chart_shared_label(len(position.sources), total, position.label, True)
    spans = [s for s in (value_span(p.value) for p in comparison.positions
                         if p.id in comparison.bloc and p.value is not None) if s is not None]
    if not spans:
        return None, ""
    lo, hi = max(s.lo for s in spans), min(s.hi for s in spans)
    if lo > hi:
        lo, hi = min(s.lo for s in spans), max(s.hi for s in spans)
    points = [s.at for s in spans if s.point and s.at is not None and lo <= s.at <= hi]
    at = points[0] if points else None
    span = Span(at, at, at) if at is not None else Span(lo, hi)
    return span, chart_shared_label(comparison.majority_size, total, "", False)


def claim_chart_for(ctx: PageContext, comparison: Comparison | None) -> ClaimChart | None:
    """templates/charts/claim.html draws it."""
    if comparison is None:
        return None
    data = chart_data(ctx, comparison, comparison.claim.id)
    return claim_chart(data, gettext(CHART_TITLE[data.kind])) if data else None


def mini_chart_for(ctx: PageContext, comparison: Comparison) -> MiniChart | None:
    """templates/charts/mini.html draws it."""
    data = chart_data(ctx, comparison, comparison.claim.id)
    if data is None:
        return None
    summary = "; ".join(f"{row.source}: {row.words}" for row in data.rows)
    return mini_chart(data, gettext("Chart of each article’s answer: %(answers)s") % {"answers": summary})
