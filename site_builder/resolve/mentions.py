"""Finding people and organizations in text, by name and by the aliases the articles use.

One compiled pattern for all names, longest first, so "Google DeepMind" wins over
"Google" and "Acme Widgets" over "Acme". Case-sensitive on purpose: "widgets" the word
is not Widgets Inc.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from .. import model as m
from .cleaning import CleanedSource

Entity = tuple[str, str]  # ("person" | "organization", id)

# Where a name may start: not inside a word, a dotted name or a hyphenated one.
_NAME_START = re.compile(r"(?<![\w.-])")


@dataclass(frozen=True)
class Mention:
    entity: Entity
    source: str
    block_id: str
    start: int          # within the block's text
    end: int
    section: str        # id of the heading the block sits under ("" before the first)


def entity_names(content: m.Content) -> dict[str, Entity]:
    """Every name and alias of a person or organization, with whom it names (the first to claim it)."""
    names: dict[str, Entity] = {}
    for person in content.people.values():
        for name in (person.name, *person.aliases):
            names.setdefault(name, ("person", person.id))
    for org in content.organizations.values():
        for name in (org.name, *org.aliases):
            names.setdefault(name, ("organization", org.id))
    return names


class NameMatcher:
    # Characters of text read, name by name, before `find` compiles the pattern of every name: a
    # build that renders a few texts again (a warm build, names unchanged) never compiles it (a
    # quarter of a second at 10,000+ names); one that renders every page does, once.
    BUDGET = 50_000

    def __init__(self, names: dict[str, Entity]):
        self.names = names
        self._read = 0

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Compiled on first use, and never pickled: the build state keeps the names."""
        return _compiled(self.names)

    def __getstate__(self) -> dict[str, object]:
        return {"names": self.names}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["names"])  # type: ignore[misc]

    @cached_property
    def _by_start(self) -> dict[str, list[str]]:
        """The names by their first two characters, and each name of one character by itself
        (the text is read two characters at a time: both keys are looked up)."""
        found: dict[str, list[str]] = {}
        for name in self.names:
            found.setdefault(name[:2], []).append(name)
        return found

    def _pattern_for(self, text: str) -> re.Pattern[str] | None:
        """The pattern of every name, or, until `BUDGET` characters were read without it, that of
        the names `text` holds (None: none): it matches what the whole one matches there, as a name
        the text does not hold matches nowhere in it, and the trie prefers the longest name that
        matches at a start, whichever others there are."""
        pattern = self.__dict__.get("pattern")
        if pattern is not None or "" in self.names:
            return self.pattern
        self._read += len(text)
        if self._read > self.BUDGET:
            return self.pattern
        by_start, held = self._by_start, set()
        for i in range(len(text)):
            for name in by_start.get(text[i:i + 2], ()):
                if text.startswith(name, i):
                    held.add(name)
            if text[i] in by_start:         # a name of one character (its key is itself)
                held.add(text[i])
        return _compiled(dict.fromkeys(sorted(held))) if held else None

    def find(self, text: str) -> Iterator[tuple[int, int, Entity]]:
        r"""Each name in `text`, leftmost first, as `(?<![\w.-])` before the pattern would find it:
        the lookbehind does not change which name matches at a start, only which starts count."""
        pattern = self._pattern_for(text)
        if pattern is None:
            return
        search, starts_name, names = pattern.search, _NAME_START.match, self.names
        match = search(text)
        while match is not None:
            start, end = match.span()
            if starts_name(text, start):
                yield start, end, names[match.group(0)]
            else:
                end = start
            # on from the end of a match, or one character on from an empty one or a refused start
            # (as finditer goes; an empty match means no name matched there: the trie is greedy)
            on = end if end > start else start + 1
            if on > len(text):
                break
            match = search(text, on)


def _compiled(names: Iterable[str]) -> re.Pattern[str]:
    body = trie_regex(names) or r"(?!x)x"
    # The names' first characters open the pattern, so the regex engine skips every other
    # character in C (a lookbehind first would make it try the whole trie at every one):
    # `find` checks the start with _NAME_START instead, which sees the text before it.
    return re.compile(rf"(?:{body})(?![\w-])")


def trie_regex(names: Iterable[str]) -> str:
    """One alternation of `names` factored into a trie: the matches of a longest-first flat
    alternation ("Google DeepMind" before "Google"; a longer name is tried first at each
    branch, the greedy `?`), without trying every name at every word - which with 10,000+
    names took minutes where this takes a second."""
    names = list(names)
    if any(len(name) > 300 for name in names):     # the trie is built by recursion, one level a character
        return "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
    trie: dict = {}
    for name in names:
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")

    return emit(trie)


def find_mentions(matcher: NameMatcher, cleaned: Iterable[CleanedSource]) -> tuple[Mention, ...]:
    found: list[Mention] = []
    for source in cleaned:
        section = ""
        for block in source.blocks:
            if block.kind == "heading":
                section = block.id
            for start, end, entity in matcher.find(block.text):
                found.append(Mention(entity, source.source_id, block.id, start, end, section))
    return tuple(found)


def first_per_section(mentions: Iterable[Mention]) -> set[Mention]:
    """The mentions that get a link: the first of each entity in each section."""
    seen: set[tuple[str, str, Entity]] = set()
    chosen: set[Mention] = set()
    for mention in mentions:
        key = (mention.source, mention.section, mention.entity)
        if key not in seen:
            seen.add(key)
            chosen.add(mention)
    return chosen


def snippet(text: str, start: int, end: int, width: int = 90) -> tuple[str, str, str]:
    """(before, name, after): a few words either side of a mention, cut at word edges."""
    before = text[max(0, start - width):start]
    after = text[end:end + width]
    if start - width > 0 and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if end + width < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    return before, text[start:end], after
