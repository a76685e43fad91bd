"""The figure finder: quantities found in text, grouped across sources, coverage by claims."""
from __future__ import annotations

import io

from projects import ROOT

from site_builder import model as m
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


def _groups(*texts: tuple[str, str]) -> list[list]:
    figures = [f for source, text in texts for f in find_figures(source, text)]
    return group_figures(figures)


def test_a_hedged_amount_is_grouped_with_the_amount_it_contradicts():
    groups = _groups(("a", "Microsoft agreed to pay Inflection $650 million, mostly for a license."),
                     ("b", "Microsoft paid Inflection close to $1 billion for its staff and models."))
    (group,) = [g for g in groups if g[0].kind == "money"]
    assert {f.text for f in group} == {"$650 million", "close to $1 billion"}


def test_valuations_far_apart_but_named_alike_are_put_side_by_side():
    groups = _groups(("a", "The deal valued Character.AI at $5 billion, people familiar said."),
                     ("b", "It left Character.AI with a $1 billion valuation, a fifth of its peak."))
    (group,) = [g for g in groups if g[0].kind == "money"]
    assert {f.text for f in group} == {"$5 billion", "$1 billion"}


def test_a_spelled_number_that_counts_nothing_is_no_figure():
    text = ("One of the founders said two things. Three people familiar with the matter said the company, "
            "one of the largest, hired ten engineers. Everyone knows it often does.")
    counts = [f.text for f in find_figures("s", text) if f.kind == "count"]
    assert counts == ["Three", "ten"]          # "Three people", "ten engineers": they count something


def test_dates_without_a_year_are_read_against_the_articles_date_or_listed_apart():
    text = "SAN FRANCISCO, Aug 2 (Reuters) - Google said on Friday it would license the startup's models."
    dated = {f.text: f for f in find_figures("s", text, m.PartialDate(2024, 8, 2)) if f.kind == "date"}
    assert {t: f.value.date.iso for t, f in dated.items()} == {"Aug 2": "2024-08-02", "Friday": "2024-08-02"}
    undated = [f for f in find_figures("s", text) if f.kind == "date"]
    assert undated and all(f.problem and f.value.date is None for f in undated)


def test_a_figures_sentence_is_not_cut_at_an_abbreviation():
    # a paragraph long enough to be cut into sentences; "Nov." and "Mr." end no sentence
    text = ("He rose without ever seeming to campaign for it, and colleagues describe an engineer's engineer, "
            "more comfortable in a design review than on any stage. In 2017 he became chief technology officer, "
            "and when Mr. Dorsey stepped down, the board named him chief executive on Nov. 29, 2021. He was 37.")
    (named,) = [f for f in find_figures("s", text) if f.text == "Nov. 29, 2021"]
    assert named.sentence == ("In 2017 he became chief technology officer, and when Mr. Dorsey stepped down, the "
                              "board named him chief executive on Nov. 29, 2021.")


def test_spelled_numbers_are_read_as_whole_words_only():
    text = "It was written alone; everyone had gone. None of it mattered, and often nothing did."
    assert [f.text for f in find_figures("s", text)] == []


def test_an_amount_in_pounds_beside_dollars_and_an_estimate_are_figures():
    found = {f.text: f.value for f in find_figures("s", "He paid $44bn (£38bn); Agrawal leaves with an "
                                                        "estimated $42m (£37m).")}
    assert found["£38bn"].currency == "GBP" and found["£38bn"].number == 38e9
    estimate = found["an estimated $42m"]
    assert (estimate.number, estimate.hedge, estimate.open_bound) == (42e6, "around", False)


def test_a_long_sentence_is_shown_around_its_figure():
    text = ("Intro line.\n" + "Scalability: a network of annotators across many countries, handling image work "
            "simultaneously at a fraction of the cost of client-built teams, with more words here to make it long "
            "(e.g., Tesla's in-house annotation cost is $1.2 per image, vs. Scale's $0.18). Next sentence follows.")
    (cheap,) = [f for f in find_figures("s", text) if f.text == "$0.18"]
    assert "$0.18" in cheap.sentence and cheap.sentence.startswith("…") and len(cheap.sentence) <= 222
    assert "Next sentence" not in cheap.sentence


# --- counts: what they count ---------------------------------------------------------------------

def _count(source: str, text: str, said: str):
    return next(f for f in find_figures(source, text) if f.kind == "count" and f.text == said)


def test_a_groups_size_written_as_a_compound_adjective_counts_its_members():
    text = ("Acme will fold in Bolt's 1,200-person sales force, led by a 9-member board and a 40-strong legal "
            "unit; a 300-employee depot stays. Its 28-year-old founder ran 100,000-level routing jobs on a Model 4-based rig.")
    read = {said: (f.counted, f.size) for said in ("1,200", "9", "40", "300")
            for f in [_count("s", text, said)]}
    assert read == {"1,200": ("person", True), "9": ("person", True), "40": ("person", True),
                    "300": ("employe", True)}
    assert _count("s", text, "28").size is False          # an age, not a group
    assert (_count("s", text, "100,000").counted, _count("s", text, "100,000").size) == ("job", False)   # "-level"
    assert "4" not in {f.text for f in find_figures("s", text)}          # "Model 4-based": a name, no count


def test_two_articles_sizing_a_group_as_compound_adjectives_are_side_by_side_whatever_the_gap():
    groups = _groups(("a", "Acme will fold in Bolt's 1,200-person sales force next year."),
                     ("b", "The merged company keeps only a 40-strong sales unit in Leeds."),
                     ("c", "Bolt delivered 35 parcels late in its first week."))
    sizes = [g for g in groups if {f.text for f in g} == {"1,200", "40"}]
    assert len(sizes) == 1 and all(f.text != "35" for g in sizes for f in g)


def test_a_vague_quantity_counts_the_noun_after_of_and_the_first_noun_after_a_count_is_counted():
    text = "Rideco relies on tens of thousands of freelance drivers and 12,000 couriers across 30 cities."
    assert _count("s", text, "tens of thousands").counted == "driver"
    assert _count("s", text, "12,000").counted == "courier"          # not "across"
    assert _count("s", "Dozens of the staff left.", "Dozens").counted == ""     # "of the": not what it counts


def test_counts_of_doers_and_of_those_the_other_article_says_do_it_are_one_group_ten_times_apart():
    doers = ("a", "Rideco says it has 300,000 drivers on its books in Europe.")
    groups = _groups(doers, ("b", "Rideco relies on tens of thousands of contractors who drive for it."))
    assert any({f.text for f in g} == {"300,000", "tens of thousands"} for g in groups)
    # the same figures, the second article's contractors doing something else: two groups
    groups = _groups(doers, ("b", "Rideco relies on tens of thousands of contractors in its offices."))
    assert not any({f.text for f in g} == {"300,000", "tens of thousands"} for g in groups)


# --- dates: one event, stated as each article dates it ----------------------------------------------

def _date_groups(*texts: tuple[str, str, m.PartialDate]) -> list[set[tuple[str, str]]]:
    figures = [f for source, text, day in texts for f in find_figures(source, text, day) if f.kind == "date"]
    return [{(f.source, f.value.date.iso) for f in g} for g in group_figures(figures)]


def test_year_less_dates_are_read_against_each_articles_date_and_one_day_apart_group():
    groups = _date_groups(("a", "Acme closed the purchase on Thursday.", m.PartialDate(2024, 5, 2)),
                          ("b", "Acme completed its takeover on 3 May.", m.PartialDate(2024, 5, 10)),
                          ("c", "The purchase closed on May 2, a filing shows.", m.PartialDate(2024, 5, 20)))
    assert {("a", "2024-05-02"), ("b", "2024-05-03"), ("c", "2024-05-02")} in groups


def test_days_of_one_month_do_not_chain_into_one_group_and_alike_sentences_a_fortnight_apart_stay_apart():
    day = m.PartialDate(2024, 6, 30)
    groups = _date_groups(("a", "The board approved the sale on May 3. Staff heard of it in May.", day),
                          ("b", "The board approved the sale on 20 May.", day),
                          ("c", "Regulators were told on May 4.", day))
    assert {("a", "2024-05-03"), ("c", "2024-05-04")} in groups
    assert not any(("b", "2024-05-20") in g and ("a", "2024-05-03") in g for g in groups)


def test_a_month_and_a_day_in_it_meet_on_one_shared_word():
    day = m.PartialDate(2025, 7, 1)
    groups = _date_groups(("a", "On June 13, 2025, Acme closed the purchase.", day),
                          ("b", "In June 2025, Acme announced a stake in the firm.", day),
                          ("c", "On June 20, 2025, regulators opened an inquiry.", day))
    assert {("a", "2025-06-13"), ("b", "2025-06")} in groups and {("c", "2025-06-20")} in groups


def test_a_figure_ending_its_sentence_takes_no_words_of_the_next():
    text = "Acme first offered the price in April. The board agreed to the sale on April 25."
    april, day = [f for f in find_figures("s", text, m.PartialDate(2024, 5, 1)) if f.kind == "date"]
    assert "board" not in april.topic and "board" not in april.head
    assert {"board", "agre", "sal"} <= day.topic


def test_a_year_less_date_told_as_past_months_after_the_articles_date_is_last_years():
    text = ("On Oct. 12 the regulator signed off. The vote will be held on Sept. 20. On Aug. 5, shareholders are "
            "expected to meet. Shares rose on Feb. 2.")
    read = {f.text: f.value.date.iso for f in find_figures("s", text, m.PartialDate(2024, 1, 27)) if f.kind == "date"}
    assert read == {"Oct. 12": "2023-10-12", "Sept. 20": "2024-09-20", "Aug. 5": "2024-08-05", "Feb. 2": "2024-02-02"}


def test_the_words_between_two_figures_are_shared_at_a_clause_mark_not_one_that_sets_a_figure_off():
    text = "Bluefin, founded in 1987 by Marta Ruiz, has around 40 employees. In June 2025, Acme bought 49% of it."
    found = {f.text: f for f in find_figures("s", text)}
    assert {"marta", "ruiz"} <= found["1987"].topic and "ruiz" not in found["around 40"].topic
    assert "acm" in found["June 2025"].topic          # (the stem of "Acme")
