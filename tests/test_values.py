"""Values as the articles state them: finding, normalizing, comparing by the documented tolerances."""
from __future__ import annotations

import pytest

from site_builder.model import PartialDate
from site_builder.resolve.quantities import (
    APPROX,
    COMPATIBLE,
    DIFFERENT,
    EQUAL,
    UnreadableValue,
    compare,
    find_values,
    normalize_value,
)


@pytest.mark.parametrize("text, number, hedge", [
    ("$14.3 billion", 14.3e9, ""), ("nearly $15 billion", 15e9, "below"), ("$870 million", 870e6, ""),
    ("about $2 billion", 2e9, "around"), ("more than $1 billion", 1e9, "above"),
    ("past $7 billion", 7e9, "above"), ("close to $420 million", 420e6, "below"), ("some $3 billion", 3e9, "around"),
    ("at least $1 billion", 1e9, "above"), ("up to $5 billion", 5e9, "below"), ("roughly $9 billion", 9e9, "around"),
])
def test_money_and_its_hedge(text, number, hedge):
    value = normalize_value("money", text)
    assert value.number == pytest.approx(number) and value.hedge == hedge and value.text == text


def test_a_hedge_is_read_only_right_before_its_number():
    # "more than doubled" is not a hedge on $29 billion
    (found,) = find_values("money", "valuation more than doubled to $29 billion")
    assert (found.value.number, found.value.hedge, found.value.text) == (29e9, "", "$29 billion")


@pytest.mark.parametrize("text, number, hedge", [
    ("500,000", 5e5, ""), ("500,000+", 5e5, "above"), ("approximately 60,000", 6e4, "around"),
    ("around 40 employees", 40, "around"), ("over 1 billion", 1e9, "above"), ("before turning 28", 28, "below"),
    ("100+", 100, "above"), ("one", 1, ""),
])
def test_counts(text, number, hedge):
    value = normalize_value("count", text)
    assert (value.number, value.hedge) == (pytest.approx(number), hedge)


def test_vague_quantities_keep_the_articles_words():
    value = normalize_value("count", "tens of thousands")
    assert (value.low, value.high, value.text) == (1e4, 99999, "tens of thousands")
    assert value.normalized == "10,000–99,999"


def test_a_text_holding_several_values_is_refused_not_read_as_its_first():
    with pytest.raises(UnreadableValue, match="holds 2 values"):
        normalize_value("money", "$14.8 billion, pushing its valuation to $29 billion")


def test_a_sum_of_parts():
    value = normalize_value("money", "$400 million + $20 million")
    assert value.number == pytest.approx(420e6) and [p.number for p in value.parts] == [400e6, 20e6]
    assert value.normalized == "$420 million ($400 million + $20 million)"


def test_years_are_not_counts_and_product_names_are_not_numbers():
    assert [f.value.number for f in find_values("count", "founded in 2016 by Wang with 40 people")] == [40]
    assert find_values("count", "GPT-4 and Llama-4") == []


def test_dates_at_their_precision():
    assert normalize_value("date", "June 13, 2025").date.iso == "2025-06-13"
    assert normalize_value("date", "13 June 2025").date.iso == "2025-06-13"
    assert normalize_value("date", "In June 2025").date.precision == "month"
    assert normalize_value("date", "(2024, May 7)").date.iso == "2024-05-07"   # a reference list's form
    late = normalize_value("date", "late 2023").date
    assert (late.iso, late.precision, late.label) == ("2023", "year", "late 2023")
    with pytest.raises(UnreadableValue):
        normalize_value("date", "last spring")


@pytest.mark.parametrize("a, b, relation", [
    ("$14.3 billion", "$14.3 billion", EQUAL),
    ("$14.3 billion", "$14.8 billion", DIFFERENT),
    ("$14.3 billion", "nearly $15 billion", APPROX),
    ("$12 billion", "nearly $15 billion", DIFFERENT),
    ("about $420 million", "about $420 million", EQUAL),       # two identical hedged values agree
    ("more than $7 billion", "$14 billion", COMPATIBLE),      # consistent with the bound, far from it
    ("nearly $15 billion", "$20 billion", DIFFERENT),
    ("$44 billion", "roughly $43 billion", DIFFERENT),   # adjacent roundings share no value: 43.5 rounds to 44
    ("$44bn", "about $44 billion", EQUAL),
    ("an estimated $42m", "$42m", EQUAL),                # an estimate of 42, not a range about it
    ("an estimated $42m", "nearly $40 million", DIFFERENT),
    ("about $38.7 million", "nearly $40 million", APPROX),
    ("$54.20", "54.20 dollars", EQUAL),
])
def test_money_relations(a, b, relation):
    assert compare(normalize_value("money", a), normalize_value("money", b)) == relation
    assert compare(normalize_value("money", b), normalize_value("money", a)) == relation


@pytest.mark.parametrize("kind, a, b, relation", [
    ("count", "500,000", "500,000+", APPROX),
    ("count", "60,000", "tens of thousands", APPROX),
    ("count", "500,000", "tens of thousands", DIFFERENT),
    ("count", "100+", "190", COMPATIBLE),
    ("count", "tens of thousands", "tens of thousands", EQUAL),
    ("percent", "49%", "49 percent", EQUAL),
    ("percent", "49%", "nearly 50%", APPROX),
    ("percent", "49%", "60%", DIFFERENT),
    ("percent", "9.2%", "9.1 per cent", DIFFERENT),      # stated to a tenth of a point: two figures
    ("percent", "more than 9 percent", "9.1 per cent", APPROX),
    ("percent", "more than 9 percent", "9.2%", APPROX),
    ("date", "November last year", "Nov. 29, 2021", APPROX),   # read against an article of 5 November 2022
    ("date", "2025-06-13", "June 2025", APPROX),     # a less precise date is not a different date
    ("date", "2025-06-13", "2025-05", DIFFERENT),
    ("date", "late 2023", "2023-11", APPROX),
    ("date", "early 2025", "2025-06", DIFFERENT),
    ("date", "late 2023", "late 2023", EQUAL),
    ("role", "Leads the lab", "leads the lab", EQUAL),
])
def test_relations_by_kind(kind, a, b, relation):
    reference = PartialDate(2022, 11, 5)
    assert compare(normalize_value(kind, a, reference), normalize_value(kind, b, reference)) == relation


def test_cents_are_kept_where_the_article_states_them():
    assert normalize_value("money", "$54.20").normalized == "$54.20"
    assert normalize_value("money", "54.20 dollars a share").normalized == "$54.20"
    assert normalize_value("money", "$350,000").normalized == "$350,000"


@pytest.mark.parametrize("kind, a, b, relation", [
    ("count", "before turning 28", "28", DIFFERENT),        # under 28 is not 28
    ("count", "before turning 28", "27", APPROX),
    ("count", "up to 28", "28", APPROX),                    # "up to" includes its number
    ("money", "more than $7 billion", "$7 billion", APPROX),   # "$7 billion" is itself rounded: $6.65-7.35bn
    ("count", "more than 7", "7", DIFFERENT),                # a count to the unit is exact
    ("money", "at least $7 billion", "$7 billion", APPROX),
    ("money", "$14.3 billion", "$14.5 billion", DIFFERENT),  # two exact values 1.4 % apart
])
def test_strict_and_inclusive_hedges(kind, a, b, relation):
    assert compare(normalize_value(kind, a), normalize_value(kind, b)) == relation
    assert compare(normalize_value(kind, b), normalize_value(kind, a)) == relation


# --- end to end: a year-less date on the page, and the errors at the `value:` line --------------

SEED = "Acme News\n\nSAN FRANCISCO, Aug 2 (Wire) - Acme agreed on Friday to buy Widgets.\n"


def _project(tmp_path, source_date: str, value: str):
    from projects import write_files

    source = "seed: a.txt\nlabel: The wire\n" + (f'date: "{source_date}"\n' if source_date else "")
    claim = ("question: When was the deal agreed?\nkind: date\nstatements:\n  - source: s000\n"
             f'    quote: "Acme agreed on Friday to buy Widgets"\n    value: "{value}"\n')
    root = write_files(tmp_path / "p", {"content/site.yaml": "title: T\ndescription: D\n",
                                        "content/sources/s000.yaml": source,
                                        "content/claims/deal-date.yaml": claim})
    (root / "seeds").mkdir()
    (root / "seeds" / "a.txt").write_text(SEED, encoding="utf-8")
    return root


def test_a_date_counted_from_the_articles_date_says_so_on_the_page(tmp_path):
    from site_builder.pipeline import BuildOptions, build_site

    root = _project(tmp_path, "2024-08-02", "2024-08-02")
    result = build_site(BuildOptions(root, root / "output"))
    assert result.ok, [p.format() for p in result.problems]
    html = (root / "output" / "claims" / "deal-date.html").read_text(encoding="utf-8")
    assert "2 August 2024: worked out from the article" in html


def test_a_value_error_points_at_its_value_line_with_date_examples(tmp_path):
    from site_builder.pipeline import BuildOptions, build_site

    root = _project(tmp_path, "", "Aug 2")
    result = build_site(BuildOptions(root, root / "output", write=False))
    (error,) = result.errors
    assert str(error.position) == "content/claims/deal-date.yaml:6:12"      # the `value:` line, not `- source:`
    assert "gives no year" in error.message and "'date:'" in error.hint
    root = _project(tmp_path / "2", "2024-08-02", "sometime that summer")
    (error,) = build_site(BuildOptions(root, root / "output", write=False)).errors
    assert str(error.position) == "content/claims/deal-date.yaml:6:12"
    assert "2 August 2024" in error.hint and "$" not in error.hint


def test_spelled_numbers_are_whole_words_only():
    text = "everyone who was leaving, alone or gone, had been offered three months of severance pay; None written"
    assert [f.value.text for f in find_values("count", text)] == ["three"]


@pytest.mark.parametrize(("text", "reading"), [
    ("rates rose half a percent", ["0.5%"]),        # not the fraction "half" (50 %)
    ("the talks took half a day", []),              # "half" before any lower-case word is no share
    ("half of the staff left", ["50%"]),
    ("half Twitter's staff left", ["50%"]),
])
def test_half_is_a_share_only_where_it_names_one(text, reading):
    from site_builder.resolve.values import find_values
    assert [f.value.normalized for f in find_values("percent", text) if f.value] == reading
