"""The cleaner's shortcuts give what the whole computation gives: `repeats_title` is
`title_key(line) == title`, and a reference's own number is never a reference mark."""
from __future__ import annotations

import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder import model as m
from site_builder.errors import Position
from site_builder.resolve.cleaning import clean_source, repeats_title, title_key


def test_case_folding_never_shortens_a_character_nor_makes_a_space_dash_or_full_stop():
    """What `repeats_title` counts on: from the folded line on, only spaces, dashes and full stops
    go, so every other character of it stays in the key (the folded line holds no whitespace but
    single spaces: `_plain_heading` split it)."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char in " -." or char.isspace() or 0xD800 <= code <= 0xDFFF:
            continue
        folded = char.casefold()
        assert folded and not any(c in " -." or c.isspace() for c in folded), hex(code)


_PIECES = ["The Deal", "THE DEAL", "the deal.", "# ", "## ", "**", "\\", "—", " - ", "--", "-", "“", "’", "`", " ", "  ",
           ".", "..", "\t", "\u00a0", "ß", "ﬁ", "İ", "x"]
line = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=3)), max_size=12).map("".join)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line, st.one_of(line, st.sampled_from(["The Deal", "# The -- Deal.", "Strasse", "fi"])))
def test_repeats_title_is_the_comparison_of_keys(text, title):
    key = title_key(title)
    assert repeats_title(text, key) == (title_key(text) == key)
    assert repeats_title(text, title_key(text))


def test_title_key_examples():
    assert title_key("## **The Deal** — Done.") == "the deal-done"
    assert title_key("  THE  DEAL -- DONE  ") == "the deal-done"
    assert title_key("The “Deal”\u00a0`now`") == "the \"deal\" 'now'"


def test_a_reference_number_is_not_a_reference_mark_in_a_markdown_seed():
    rules = m.CleaningRules(markdown=True, references=r"^\[\d+\] ")
    source = m.Source(id="s000", position=Position("content/sources/s000.yaml", 1, 1), seed="a.txt", label="A",
                      title="T", cleaning=rules)
    cleaned = clean_source(source, "As reported [1], it closed.\n\n[1] The report, **2025**.\n")
    paragraph, reference = cleaned.blocks
    assert reference.kind == "reference"
    assert [s.kind for s in paragraph.spans] == ["refmark"]
    assert [s.kind for s in reference.spans] == ["strong"]
