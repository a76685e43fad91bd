"""Finding names: `NameMatcher.find` checks a name's start itself (so the regex engine can skip to
a name's first letter in C); what it finds is what the lookbehind-first pattern finds."""
from __future__ import annotations

import re
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.resolve.mentions import NameMatcher, entity_names, trie_regex


def matcher(names: list[str]) -> NameMatcher:
    people = {f"p{i}": SimpleNamespace(id=f"p{i}", name=name, aliases=()) for i, name in enumerate(names)}
    return NameMatcher(entity_names(SimpleNamespace(people=people, organizations={})))


def lookbehind_first(found: NameMatcher, text: str) -> list[tuple[int, int, tuple[str, str]]]:
    """The matches as one pattern with the start's condition in it would give them."""
    pattern = re.compile(rf"(?<![\w.-])(?:{trie_regex(found.names) or '(?!x)x'})(?![\w-])")
    return [(m.start(), m.end(), found.names[m.group(0)]) for m in pattern.finditer(text)]


def test_a_refused_start_does_not_hide_a_name_that_starts_inside_it():
    found = matcher(["A B", "B C", "Meta"])
    text = "xA B C; e.Meta, Jean-Meta, MetaX, Meta-led; Meta."
    spans = [(start, end) for start, end, _ in found.find(text)]
    assert [text[a:b] for a, b in spans] == ["B C", "Meta"]
    assert spans[1] == (text.rindex("Meta"), len(text) - 1)
    assert list(found.find(text)) == lookbehind_first(found, text)


def test_an_empty_name_ends_the_scan():
    found = matcher(["", "Meta"])
    text = "Meta met x"
    assert list(found.find(text)) == lookbehind_first(found, text)
    assert ("p1" in {entity[1] for *_, entity in found.find(text)})


_PIECES = ["Meta", "Meta AI", "Scale", "Scale AI", "A", "B", "A B", "U.S.", "Jean-Luc", "é", "中", " ", ".", "-", "_",
           "x", "\n", ""]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(st.one_of(st.sampled_from(_PIECES), st.text(alphabet="aAB .-_é\n", max_size=5)), max_size=8),
       text=st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=3)), max_size=30).map("".join))
def test_find_is_the_lookbehind_first_pattern(names, text):
    found = matcher(names)
    assert list(found.find(text)) == lookbehind_first(found, text)
