"""The figure finder: quantities found in text, grouped across sources, coverage by claims."""
from __future__ import annotations

import io

from projects import ROOT

from site_builder.tools.figures import find_figures, group_figures, print_figures


def test_finds_each_kind_of_figure():
    text = ("Meta paid nearly $15 billion for 49% of it in June 2025. It has 500,000+ annotators "
            "and tens of thousands of contractors. Founded in 2016.")
    found = {(f.kind, f.text) for f in find_figures("s", text)}
    assert {("money", "nearly $15 billion"), ("percent", "49%"), ("date", "June 2025"),
            ("count", "500,000+"), ("count", "tens of thousands"), ("date", "2016")} <= found


def test_differing_statements_of_one_quantity_group_together():
    figures = (find_figures("a", "It cost $14.3 billion.") + find_figures("b", "It cost $14.8 billion.")
               + find_figures("c", "It cost $870 million."))
    groups = [{f.source for f in g} for g in group_figures(figures)]
    assert {"a", "b"} in groups and {"c"} in groups


def test_real_sources_price_group_is_covered_by_the_price_claim():
    out = io.StringIO()
    assert print_figures(ROOT, out) == 0
    lines = out.getvalue().splitlines()
    price = next(line for line in lines if line.startswith("≠ money:") and "$14.8 billion" in line)
    assert "nearly $15 billion" in price and "deal-price" in price
    assert lines[-1].endswith("with no claim covering them.")
