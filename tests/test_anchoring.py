"""Normalization of quotes and texts: the runs it shortens, found by a pattern that opens with a
character class (a space, a dash or a backslash), are the runs of `[ -]{2,}` and each `\\$`."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.resolve.anchoring import _EDITS, TYPOGRAPHY, Anchor, SourceIndex, fold_typography, normalize


def test_normalize_shortens_spacing_dashes_and_escapes_only():
    assert normalize("  a — b  c\\$5 -- d\\ $ e-f  ")[0] == "a-b c$5-d\\ $ e-f"
    assert normalize("\\\\$")[0] == "\\$"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([" ", "  ", "-", "--", " - ", "\\", "\\$", "$", "a", "—", "\n", "“"]), max_size=30).map("".join),
       st.integers(0, 5), st.integers(0, 5))
def test_the_edit_pattern_finds_the_runs_and_escapes(text, lo, cut):
    plain = re.compile(r"[ -]{2,}|\\\$")
    end = max(lo, len(text) - cut)
    assert [m.span() for m in _EDITS.finditer(text, lo, end)] == [m.span() for m in plain.finditer(text, lo, end)]


@given(st.text(max_size=40))
def test_fold_typography_is_the_translation(text):
    assert fold_typography(text) == text.translate(TYPOGRAPHY)


def test_occurrences_count_overlapping_starts_too():
    """The count is of every start, overlapping ones included ("aa" twice in "aaa"), whether it is
    counted by str.count (a quote that cannot overlap itself) or start by start."""
    index = SourceIndex("s000", "aaaa abab abab a—b a - b")
    counts = {quote: index.anchor(quote) for quote in ("aa", "aba", "abab", "a-b", "b a", "aaaa")}
    assert {quote: anchor.occurrences for quote, anchor in counts.items() if isinstance(anchor, Anchor)} == \
        {"aa": 3, "aba": 2, "abab": 2, "a-b": 2, "b a": 3, "aaaa": 1}
