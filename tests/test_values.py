"""Claim values: normalization by kind, comparison tolerances, computed status."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.values import (APPROX, DIFFERENT, EQUAL, UnreadableValue, claim_status, compare,
                                 normalize_value)


@pytest.mark.parametrize("text, number, hedge", [
    ("$14.3 billion", 14.3e9, ""), ("nearly $15 billion", 15e9, "below"), ("$870 million", 870e6, ""),
    ("USD 14.3bn", 14.3e9, ""), ("about $2 billion", 2e9, "around"), ("more than $1 billion", 1e9, "above"),
    ("a billion dollars", None, None), ("one billion", 1e9, ""),
])
def test_money(text, number, hedge):
    if number is None:
        with pytest.raises(UnreadableValue):
            normalize_value("money", text)
        return
    value = normalize_value("money", text)
    assert value.number == pytest.approx(number) and value.hedge == hedge


@pytest.mark.parametrize("text, number, hedge", [
    ("500,000", 5e5, ""), ("500,000+", 5e5, "above"), ("approximately 60,000", 6e4, "around"),
    ("1,500-person team", 1500, ""), ("over 1 billion data points", 1e9, "above"),
])
def test_counts(text, number, hedge):
    value = normalize_value("count", text)
    assert (value.number, value.hedge) == (pytest.approx(number), hedge)


@pytest.mark.parametrize("text, low, high", [("tens of thousands", 1e4, 99999), ("3-5 years", 3, 5),
                                             ("$14-15 billion", 14e9, 15e9)])
def test_vague_quantities_and_ranges(text, low, high):
    value = normalize_value("count", text)
    assert (value.low, value.high, value.hedge) == (pytest.approx(low), pytest.approx(high), "around")


def test_percent_and_dates():
    assert normalize_value("percent", "a 49% non-voting stake").number == 49
    assert normalize_value("percent", "about 14% of staff").hedge == "around"
    assert normalize_value("date", "June 13, 2025").date.iso == "2025-06-13"
    assert normalize_value("date", "In June 2025").date.precision == "month"
    late = normalize_value("date", "late 2023").date
    assert (late.iso, late.precision, late.label) == ("2023", "year", "late 2023")
    with pytest.raises(UnreadableValue):
        normalize_value("date", "last spring")


def test_comparisons():
    v = normalize_value
    assert compare(v("money", "$14.3 billion"), v("money", "$14.3bn")) == EQUAL
    assert compare(v("money", "$14.3 billion"), v("money", "$14.8 billion")) == DIFFERENT
    assert compare(v("money", "$14.3 billion"), v("money", "nearly $15 billion")) == APPROX
    assert compare(v("money", "$12 billion"), v("money", "nearly $15 billion")) == DIFFERENT
    assert compare(v("count", "500,000"), v("count", "500,000+")) == APPROX
    assert compare(v("count", "60,000"), v("count", "tens of thousands")) == APPROX
    assert compare(v("count", "500,000"), v("count", "tens of thousands")) == DIFFERENT
    assert compare(v("date", "2025-06-13"), v("date", "June 2025")) == APPROX
    assert compare(v("date", "2025-06-13"), v("date", "2025-05")) == DIFFERENT
    assert compare(v("role", "Leads the lab"), v("role", "leads the lab")) == EQUAL


def test_price_disagreement_is_a_conflict():
    values = [("s000", "$14.3 billion"), ("s001", "$14.8 billion"), ("s002", "$14.3 billion"),
              ("s003", "$14.3 billion"), ("s004", "nearly $15 billion")]
    verdict = claim_status([(s, normalize_value("money", t)) for s, t in values])
    assert verdict.status == "conflict"
    assert dict(verdict.cells) == {"s000": "agrees", "s001": "differs", "s002": "agrees", "s003": "agrees",
                                   "s004": "approximate"}


def test_single_and_approximate_and_agree():
    one = claim_status([("s001", normalize_value("money", "$870 million"))])
    assert one.status == "single-source"
    approx = claim_status([("a", normalize_value("date", "2025-06-13")), ("b", normalize_value("date", "2025-06"))])
    assert approx.status == "approximate"
    same = claim_status([("a", normalize_value("percent", "49%")), ("b", normalize_value("percent", "49 percent"))])
    assert same.status == "agree"


AMOUNTS = st.sampled_from(["$14.3 billion", "$14.8 billion", "nearly $15 billion", "$29 billion", "$14.3bn"])


@settings(max_examples=200, deadline=None)
@given(st.lists(AMOUNTS, min_size=1, max_size=5), st.randoms())
def test_status_ignores_source_order_and_all_equal_agrees(amounts, rnd):
    pairs = [(f"s{i}", normalize_value("money", a)) for i, a in enumerate(amounts)]
    shuffled = pairs[:]
    rnd.shuffle(shuffled)
    first, second = claim_status(pairs), claim_status(shuffled)
    assert first.status == second.status
    if len(pairs) == 1:
        assert first.status == "single-source"
    elif len({round(p[1].number / 1e8) for p in pairs if p[1].exact}) == 1 and all(p[1].exact for p in pairs):
        assert first.status == "agree"
    if first.status == "conflict":
        assert "differs" in dict(first.cells).values()


def test_the_more_precise_date_is_the_reference():
    verdict = claim_status([("s001", normalize_value("date", "2025-06")), ("s000", normalize_value("date", "June 13, 2025"))])
    assert verdict.status == "approximate" and dict(verdict.cells) == {"s000": "agrees", "s001": "approximate"}
