"""Rules pinned by their behaviour, where mutation testing (bench/mutation) found the suite silent.

Each test states a rule as an author or a reader meets it; none copies the code's steps or pins an
internal constant. (Mutants the suite cannot kill because they change no behaviour are listed in
bench/README.md, with the reason.)
"""
from __future__ import annotations

import dataclasses
import re

import pytest
from markupsafe import Markup
from test_comparisons import HERE, _anchors, _claim, _compare

from site_builder import markup
from site_builder import model as m
from site_builder.errors import Position
from site_builder.resolve.anchoring import Anchor, Miss, SourceIndex
from site_builder.resolve.comparisons import compare_claim, verdict
from site_builder.resolve.values import APPROX, DIFFERENT, find_values, normalize_value, parse_date


@pytest.mark.parametrize("text", ["", "   ", "\n\t \n"])
def test_a_quote_in_a_source_with_no_words_misses_with_an_empty_closest_passage(text):
    """The closest passage of a miss is always a real span of the source: where the source has no
    words it is empty (never the text's end before its start, never a missing value)."""
    miss = SourceIndex("s", text).anchor("half of the company")
    assert isinstance(miss, Miss)
    assert miss.closest == "" and miss.similarity == 0.0
    assert 0 <= miss.start <= miss.end <= len(text)
    assert text[miss.start:miss.end] == miss.closest


def test_a_quote_at_the_end_of_a_source_with_trailing_whitespace_is_found():
    """Seeds end with a newline (and often stray spaces): the last words are still quotable."""
    for text in ["The deal closed in June.\n", "The deal closed in June.  \n\n", "The deal closed in June.\t "]:
        anchor = SourceIndex("s", text).anchor("closed in June.")
        assert isinstance(anchor, Anchor), repr(text)
        assert text[anchor.start:anchor.end] == "closed in June."


STORY = ("The company agreed to sell a minority stake of forty-nine percent to the investor for about fourteen "
         "billion dollars, and its chief executive will join the buyer to lead a new research laboratory.")


@pytest.mark.parametrize("quote, starts", [("investor rof", "investor"),
                                           ("about fourteen billion dollars, and its chief evitucexe", "about")])
def test_the_closest_passage_to_a_misspelt_quote_starts_at_its_first_word_not_the_word_before(quote, starts):
    miss = SourceIndex("s", STORY).anchor(quote)
    assert isinstance(miss, Miss)
    assert miss.closest.startswith(starts), miss.closest
    assert STORY[miss.start:miss.end] == miss.closest


# --- comparisons: the rules readers and editors see ---------------------------------------------------

def test_two_approximate_accounts_holding_half_the_articles_are_not_a_majority():
    """A bloc of approximate positions stands in for a majority only with more than half the statements."""
    near = {frozenset(("a", "b"))}

    def relation(x: str, y: str) -> str:
        return APPROX if frozenset((x, y)) in near else DIFFERENT

    result = verdict({"a": 1, "b": 1, "c": 1, "d": 1}, relation)
    assert result.majority is None and not result.bloc
    assert set(result.cells.values()) == {"one-of-k"}
    # one statement more and the same bloc holds a majority
    grown = verdict({"a": 2, "b": 1, "c": 1, "d": 1}, relation)
    assert grown.bloc == frozenset({"a", "b"}) and grown.cells["c"] == "differs"


def test_positions_held_by_as_many_articles_are_listed_in_the_editors_order():
    stances = [("zeta", "Continues"), ("alpha", "Cut ties"), ("mid", "Evaluating")]
    claim = _claim("text", [("a", "q1", "mid"), ("b", "q2", "alpha"), ("c", "q3", "zeta")], stances)
    assert [p.id for p in _compare(claim).positions] == ["zeta", "alpha", "mid"]


def test_a_position_shared_in_different_words_is_labelled_with_each_articles_words():
    claim = _claim("money", [("a", "paid $14.3 billion", None), ("b", "paid about $14.3 billion", None),
                             ("c", "paid $20 billion", None)])
    (shared,) = [p for p in _compare(claim).positions if len(p.sources) == 2]
    rest = shared.label
    for words in ("about $14.3 billion", "$14.3 billion"):
        assert words in rest
        rest = rest.replace(words, "", 1)
    assert not re.sub(r"[\s/;,·|]", "", rest), shared.label      # the articles' words and a separator, nothing else


def test_the_currency_error_names_both_currencies():
    claim = _claim("money", [("a", "for €1.2 billion", None), ("b", "for $1.5 billion", None),
                             ("c", "for $1.6 billion", None)])
    problems: list = []
    assert compare_claim(claim, _anchors(claim), problems) is None
    assert problems
    for problem in problems:
        assert "EUR" in problem.message and "USD" in problem.message, problem.message


def test_a_value_claim_with_positions_is_told_which_field_to_remove():
    claim = _claim("money", [("a", "for $1.5 billion", "yes")], stances=[("yes", "Yes")])
    problems: list = []
    compare_claim(claim, _anchors(claim), problems)
    assert any("'positions'" in p.message for p in problems), [p.message for p in problems]


def test_a_compatibility_naming_an_unknown_position_is_reported_with_the_closest_one():
    stances = [("continues", "Continues"), ("cut", "Cut ties")]
    claim = _claim("text", [("a", "q1", "continues"), ("b", "q2", "cut")], stances,
                   compatible=[("continues", "cutt")])
    problems: list = []
    result = compare_claim(claim, _anchors(claim), problems)
    (problem,) = problems
    assert "unknown position 'cutt'" in problem.message and "'cut'" in problem.hint
    assert result is not None and result.status == "conflict"      # the pair is not taken as compatible


def test_a_compatibility_without_a_cited_reason_says_a_reason_is_needed_and_how_to_cite():
    stances = [("all", "Supplied all of it"), ("share", "Supplied 60% of it")]
    claim = _claim("text", [("a", "q1", "all"), ("b", "q2", "share")], stances, compatible=[("all", "share")])
    uncited = dataclasses.replace(claim, compatible=tuple(
        dataclasses.replace(c, reason=m.Text("both can hold", HERE, "")) for c in claim.compatible))
    problems: list = []
    result = compare_claim(uncited, _anchors(uncited), problems)
    (problem,) = problems
    assert "reason" in problem.message and "[[cite:" in problem.hint
    assert result is not None and result.status == "conflict"


# --- markup: what a page shows of the authors' syntax -------------------------------------------------

class _Names:
    """A stand-in for the site's name matcher: finds the given names in a text."""

    def __init__(self, names: dict[str, tuple[str, str]]):
        self.names = names

    def find(self, text: str):
        for name, entity in self.names.items():
            at = text.find(name)
            while at != -1:
                yield at, at + len(name), entity
                at = text.find(name, at + 1)


def _env(**more) -> dict:
    return {"cite": lambda source, quote: Markup(f'<sup class="cite" data-source="{source}">[1]</sup>'),
            "ref_href": lambda kind, rid, fragment: f"/{kind}/{rid}/" + (f"#{fragment}" if fragment else ""),
            **more}


def test_an_id_link_goes_to_the_records_page_and_fragment():
    html = markup.render(markup.parse("See [Roe](person:jane-roe#early) and [the deal](claim:price)."), _env())
    assert '<a href="/person/jane-roe/#early">Roe</a>' in html
    assert '<a href="/claim/price/">the deal</a>' in html


def test_the_first_mention_in_each_section_is_linked_not_in_headings_nor_inside_links():
    names = _Names({"Jane Roe": ("person", "jane-roe")})
    text = ("# Jane Roe\n\nJane Roe joined. Jane Roe stayed.\n\n## Later\n\n"
            "[Jane Roe's profile](person:jane-roe) then Jane Roe left.")
    html = markup.render(markup.parse(text), _env(mentions=names, link_entity=lambda kind, rid: f"/{kind}/{rid}/"))
    headings = re.findall(r"<h[12]>(.*?)</h[12]>", html)
    assert headings == ["Jane Roe", "Later"]
    entity_links = re.findall(r'<a href="/person/jane-roe/" class="entity">Jane Roe</a>', html)
    assert len(entity_links) == 2          # one in each section, after its heading, not in the existing link
    assert "Jane Roe joined" not in html and "Jane Roe stayed" in html


def test_a_marker_in_a_sentence_field_renders_through_the_pages_marker():
    html = markup.render(markup.parse('Paid in cash [[cite:s1 "in cash"]].', inline=True), _env())
    assert html == 'Paid in cash<sup class="cite" data-source="s1">[1]</sup>.'


def test_the_editors_view_is_labelled_as_commentary_before_its_text():
    html = markup.render(markup.parse("::: editorial\nWe think it was cheap.\n:::\n"), _env())
    assert re.fullmatch(r'\s*<aside class="editorial"[^>]*>\s*<p class="editorial-label">.*?</p>\s*'
                        r"<p>We think it was cheap.</p>\s*</aside>\s*", html, re.S), html


@pytest.mark.parametrize("quote", ['the "Data Engine"', "a list [1]]] of things", "ends with ]", "back\\slash",
                                   'all ]] of "it" \\ at once'])
def test_a_pasted_marker_reads_back_as_the_very_quote(quote):
    (use,) = markup.parse(markup.cite_marker("s1", quote)).markers
    assert (use.source, use.quote) == ("s1", quote)


def test_markers_are_counted_across_paragraphs_and_a_broken_one_is_found_where_it_is():
    text = 'One [[cite:s1 "a"]].\n\nTwo [[cite:s2 "b"]] and [[cite:s3 broken.\n\nThree [[cite:s4 "c"]].'
    parsed = markup.parse(text)
    assert [(u.source, u.occurrence) for u in parsed.markers] == [("s1", 0), ("s2", 1), ("s4", 3)]
    assert parsed.malformed == (2,)


def test_uncited_paragraphs_outside_the_editors_view_are_found_and_link_lists_pass():
    text = ("::: editorial\nOur own view needs no citation at all.\n:::\n\n"
            "This paragraph states a fact without any source.\n\n"
            "[Roe](person:roe), [Doe](person:doe), [Poe](person:poe), [Moe](person:moe)\n\n"
            "[Roe](person:roe) said many things nobody cited here.\n")
    found = markup.uncited_paragraphs(markup.parse(text))
    assert [line for line, _ in found] == [5, 9]
    assert found[0][1].startswith("This paragraph states")


def test_plain_text_drops_markers_fences_lists_and_emphasis():
    text = '::: editorial\n- **first** point [[cite:s1 "x"]]\n- second, *third* point\n:::'
    assert markup.plain_text(text) == "first point second, third point"
    assert markup.plain_text("- first point\n- second point") == "first point second point"


def test_plain_text_is_cut_at_a_word_with_an_ellipsis():
    words = " ".join(f"word{i}" for i in range(60))
    cut = markup.plain_text(words, limit=50)
    assert cut.endswith("…")
    kept = cut[:-1]
    assert len(kept) <= 50 and words.startswith(kept + " ")
    assert len(kept.split()) >= 5          # as many whole words as fit, not only the first


# --- values: readings a careful reader gives ------------------------------------------------------------

ARTICLE_DATE = m.PartialDate(2024, 8, 2)


def _dates(text: str) -> list[m.PartialDate | None]:
    return [f.value.date for f in find_values("date", text, ARTICLE_DATE)]


def test_an_abbreviated_month_with_its_period_reads_in_every_form():
    assert normalize_value("date", "in early Aug. 2024").date == m.PartialDate(2024, 8, 0, "early")
    assert normalize_value("date", "on Sept. 3, 2024").date == m.PartialDate(2024, 9, 3)


def test_a_qualified_month_without_a_year_is_that_month_in_the_articles_year():
    (found,) = find_values("date", "shipped in late June", ARTICLE_DATE)
    assert found.value.date == m.PartialDate(2024, 6, 0, "late") and found.value.derived == "year"


def test_the_past_year_and_the_past_month_end_at_the_articles_date():
    assert _dates("sales rose over the past year") == [m.PartialDate(2023)]
    assert _dates("sales rose over the past month") == [m.PartialDate(2024, 7)]


@pytest.mark.parametrize("when", ["by", "since", "until", "on"])
def test_a_weekday_after_a_preposition_is_quoted_without_the_preposition(when):
    text = f"the offer stands {when} Friday"
    (found,) = find_values("date", text, ARTICLE_DATE)
    assert text[found.start:found.end] == "Friday"


def test_billions_of_dollars_covers_one_to_ten_billion():
    value = normalize_value("money", "billions of dollars")
    assert value.low == 1e9 and 9e9 < value.high < 1e10


def test_half_a_without_a_number_word_after_it_is_no_count():
    assert find_values("count", "it took half a day") == []


def test_an_amount_in_figures_is_labelled_in_words():
    assert normalize_value("money", "$2,100,000,000").normalized == "$2.1 billion"
    assert normalize_value("money", "$14,300,000,000").normalized == "$14.3 billion"


def test_a_year_beside_a_count_does_not_hide_the_count():
    assert [f.value.number for f in find_values("count", "founded in 2016, it has 40 staff and 1,200 contractors")] \
        == [40, 1200]


@pytest.mark.parametrize("text, number", [("seventeen people", 17), ("ten people", 10), ("seventy people", 70),
                                          ("forty people", 40), ("three people", 3), ("one person", 1),
                                          ("two people", 2), ("seven people", 7), ("thirteen people", 13),
                                          ("eleven people", 11), ("twenty people", 20), ("fifty people", 50)])
def test_counts_written_in_words(text, number):
    (found,) = find_values("count", text)
    assert found.value.number == number


@pytest.mark.parametrize("text, hedge", [("slightly more than 40 people", "above"), ("in the region of 40 people", "around"),
                                         ("a little under 40 people", "below"), ("~40 people", "around"),
                                         ("c. 40 people", "around"), ("some 40 people", "around")])
def test_the_longest_and_shortest_hedge_phrases_are_read(text, hedge):
    (found,) = find_values("count", text)
    assert (found.value.number, found.value.hedge) == (40, hedge)


def test_a_date_in_a_field_is_read_against_the_given_reference():
    assert parse_date("Aug 2", m.PartialDate(2024, 8, 3)) == m.PartialDate(2024, 8, 2)
    assert parse_date("2025-06-13") == m.PartialDate(2025, 6, 13)


def test_a_range_does_not_hide_a_shorter_amount_elsewhere_in_the_text():
    found = find_values("money", "a severance of $350,000, and a price between $1 billion and $2 billion")
    assert [(f.value.low, f.value.high) if f.value.low else f.value.number for f in found] == \
        [350e3, (1e9, 2e9)]


def test_billions_of_users_covers_one_to_ten_billion():
    (found,) = find_values("count", "billions of users")
    assert found.value.low == 1e9 and 9e9 < found.value.high < 1e10


def test_an_ordinary_link_keeps_its_address_beside_id_links():
    html = markup.render(markup.parse("See [Roe](person:roe) and [the filing](https://example.com/a#b)."), _env())
    assert '<a href="https://example.com/a#b">the filing</a>' in html


def test_a_cut_description_never_ends_on_a_comma():
    cut = markup.plain_text("alpha beta, gamma delta, epsilon zeta, eta theta, iota kappa", limit=18)
    assert cut == "alpha beta, gamma…"
    assert markup.plain_text("alpha beta, gamma delta", limit=12) == "alpha beta…"


def test_markers_are_counted_the_same_in_a_text_with_windows_line_ends():
    text = 'One [[cite:s1 "a"]].\r\n\r\nTwo [[cite:s2 "b"]] and [[cite:s3 broken.\r\n\r\nThree [[cite:s4 "c"]].'
    parsed = markup.parse(text)
    assert [(u.source, u.occurrence) for u in parsed.markers] == [("s1", 0), ("s2", 1), ("s4", 3)]
    assert parsed.malformed == (2,)


def test_a_quote_of_only_spaces_misses_with_no_closest_passage():
    miss = SourceIndex("s", STORY).anchor("   ")
    assert isinstance(miss, Miss) and miss.closest == "" and miss.similarity == 0.0


def test_value_positions_have_ids_safe_in_an_address():
    ok = _compare(_claim("money", [("a", "paid $14.3 billion", None), ("b", "nearly $15 billion", None)]))
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", p.id) for p in ok.positions), [p.id for p in ok.positions]


def test_errors_of_a_claims_positions_say_where_and_what_to_do():
    at = Position("content/claims/c.yaml", 9, 3)
    claim = _claim("money", [("a", "for $1.5 billion", "yes")], stances=[("yes", "Yes")])
    claim = dataclasses.replace(claim, stances=(m.Stance("yes", "Yes", at),))
    problems: list = []
    compare_claim(claim, _anchors(claim), problems)
    assert any("'positions'" in p.message and p.position == at for p in problems)
    undefined = _claim("text", [("a", "q1", "yes"), ("b", "q2", "no")], compatible=[("yes", "no")])
    problems = []
    compare_claim(undefined, _anchors(undefined), problems)
    assert any("defines none" in p.message and "positions:" in p.hint for p in problems), \
        [(p.message, p.hint) for p in problems]
