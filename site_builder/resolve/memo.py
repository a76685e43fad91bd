"""What resolve remembers between two builds of one project (the dev server's, and the build
state kept in .site-builder-cache/): work that is a pure function of inputs that did not change.

Each memo returns the very same object as last time when its inputs are equal, so the later
stages' test of "unchanged" (`model.unchanged`: equal values, identity first) costs one pointer
comparison in the common case, and stays right for a copy.
"""
from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

from .. import model as m
from ..markup import Parsed, parse
from .anchoring import Anchor, Miss, SourceIndex
from .cleaning import CleanedSource, clean_source
from .comparisons import ClaimMemo
from .mentions import Mention, NameMatcher, find_mentions


def prepare_source(source: m.Source, seed_text: str) -> tuple[CleanedSource, SourceIndex]:
    """A source's cleaned text and its quote index: a pure function of the record and its seed."""
    cleaned = clean_source(source, seed_text)
    return cleaned, SourceIndex(source.id, cleaned.text)


# a source's record, its seed text, and the cleaned text and quote index prepared from them
SourceEntry = tuple[m.Source, str, tuple[CleanedSource, SourceIndex]]
# the names mentions were found with, each source's (cleaned text, mentions), and the last result
MentionState = tuple[dict | None, dict[str, tuple[CleanedSource, tuple[Mention, ...]]],
                     tuple[list[tuple[Mention, ...]], tuple[Mention, ...]]]


class _RememberingIndex:
    """A `SourceIndex` that remembers each quote's anchor: the text of an index never changes,
    and an edit leaves almost every quote as it was."""

    def __init__(self, index: SourceIndex):
        self.index = index
        self._answers: dict[str, Anchor | Miss] = {}

    def anchor(self, quote: str) -> Anchor | Miss:
        if quote not in self._answers:
            self._answers[quote] = self.index.anchor(quote)
        return self._answers[quote]

    def __getattr__(self, name: str):
        if name.startswith("__") or name in ("index", "_answers"):   # unpickling: not set yet
            raise AttributeError(name)
        return getattr(self.index, name)


class ResolveMemo:
    """Cleaned sources and their quote indexes, parsed texts, and each source's mentions,
    each kept while what it was computed from stays equal. A fresh memo remembers nothing:
    a full build is a build with an empty memo."""

    def __init__(self) -> None:
        self._sources: dict[str, SourceEntry] = {}
        self._parsed: dict[tuple[str, bool], Parsed] = {}
        self._names: dict | None = None
        self._mentions: dict[str, tuple[CleanedSource, tuple[Mention, ...]]] = {}
        self._last: tuple[list[tuple[Mention, ...]], tuple[Mention, ...]] = ([], ())
        self.claims: ClaimMemo = {}        # kept by compare_claims

    def prepare(self, source: m.Source, seed_text: str) -> tuple[CleanedSource, SourceIndex]:
        hit = self._sources.get(source.id)
        if hit is not None and m.unchanged(hit[0], source) and m.unchanged(hit[1], seed_text):
            return hit[2]
        cleaned, index = prepare_source(source, seed_text)
        prepared = (cleaned, _RememberingIndex(index))
        self._sources[source.id] = (source, seed_text, prepared)  # type: ignore[assignment]
        return prepared  # type: ignore[return-value]

    # The build state (pipeline/cache.py) keeps the memo in three parts, so that a warm build writes
    # back only what it changed: each source's entry (a row of its own), the mentions (one row,
    # shared with the resolved site's indexes), and the rest.

    def stored_sources(self) -> dict[str, SourceEntry]:
        """Each source's entry: the very same object while nothing it holds was prepared again."""
        return dict(self._sources)

    def stored_mentions(self) -> MentionState:
        return (self._names, self._mentions, self._last)

    def stored_rest(self) -> dict[str, object]:
        return {"_parsed": self._parsed, "claims": self.claims}

    @classmethod
    def restored(cls, sources: dict[str, SourceEntry], mentions: MentionState,
                 rest: dict[str, object]) -> ResolveMemo:
        memo = cls()
        memo._sources = sources
        memo._names, memo._mentions, memo._last = mentions
        memo._parsed, memo.claims = rest["_parsed"], rest["claims"]  # type: ignore[assignment]
        return memo

    def parse(self, texts: Iterable[tuple[str, bool]]) -> dict[tuple[str, bool], Parsed]:
        """Every text parsed, reusing the parse of each text seen last time (and forgetting the rest)."""
        previous, self._parsed = self._parsed, {}
        for key in texts:
            if key not in self._parsed:
                self._parsed[key] = previous.get(key) or parse(*key)
        return self._parsed

    def mentions(self, matcher: NameMatcher, cleaned: Iterable[CleanedSource]) -> tuple[Mention, ...]:
        """`find_mentions`, per source, while the names and its text stay equal."""
        if matcher.names != self._names:
            self._names, self._mentions = dict(matcher.names), {}
        parts = []
        for source in cleaned:
            hit = self._mentions.get(source.source_id)
            if hit is None or not m.unchanged(hit[0], source):
                # find_mentions works source by source, so the concatenation is the same
                hit = self._mentions[source.source_id] = (source, find_mentions(matcher, [source]))
            parts.append(hit[1])
        before, flat = self._last
        if len(parts) != len(before) or not all(m.unchanged(a, b) for a, b in zip(parts, before, strict=True)):
            flat = tuple(chain.from_iterable(parts))
            self._last = (parts, flat)
        return flat
