"""What resolve remembers between two builds of one project (the dev server's, and the build
state kept in .site-builder-cache/): work that is a pure function of inputs that did not change.

Each memo returns the very same object as last time when its inputs are equal, so the later
stages' test of "unchanged" (`model.unchanged`: equal values, identity first) costs one pointer
comparison in the common case, and stays right for a copy.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain
from operator import is_
from typing import TypeVar

from .. import model as m
from .anchoring import Anchor, Miss, SourceIndex
from .cleaning import CleanedSource, clean_source
from .contributions import BY_VALUE, Contribution
from .mentions import Mention, NameMatcher, find_mentions

T = TypeVar("T")


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
    """Cleaned sources and their quote indexes, each source's mentions, what each record
    contributes and the site-wide parts, each kept while what it was computed from stays the
    same. A fresh memo remembers nothing: a full build is a build with an empty memo."""

    def __init__(self) -> None:
        self._sources: dict[str, SourceEntry] = {}
        self._names: dict | None = None
        self._mentions: dict[str, tuple[CleanedSource, tuple[Mention, ...]]] = {}
        self._last: tuple[list[tuple[Mention, ...]], tuple[Mention, ...]] = ([], ())
        self._records: dict[str, dict[str, Contribution]] = {}     # kind -> id -> the record's contribution
        self._shared: dict[str, tuple[tuple[object, ...], object]] = {}   # a site-wide part: its inputs, its value
        self._seen: dict[str, object] = {}     # an input's last value, kept while the new one is the same

    def same(self, name: str, now: T, by_value: bool = False) -> T:
        """`now`, or the value last seen under `name` when `now` is the same: a mapping holding the
        very same objects (or equal ones, `by_value`) in the same order, anything else equal. The parts kept compare
        their inputs by identity, and this keeps an input's identity while it stays the same."""
        before = self._seen.get(name)
        if before is not None and (before is now or (
                isinstance(now, Mapping) and isinstance(before, Mapping) and tuple(before) == tuple(now)
                and (all(map(is_, before.values(), now.values())) or all(
                    now[key] is value or (by_value and now[key] == value) for key, value in before.items())))
                or (not isinstance(now, Mapping) and before == now)):
            return before  # type: ignore[return-value]
        self._seen[name] = now
        return now

    def shared(self, name: str, inputs: tuple[object, ...], compute: Callable[[], T]) -> T:
        """A site-wide part, computed again only when one of its inputs is not the very same object."""
        hit = self._shared.get(name)
        if hit is not None and len(hit[0]) == len(inputs) and all(map(is_, hit[0], inputs)):
            return hit[1]  # type: ignore[return-value]
        value = compute()
        self._shared[name] = (inputs, value)
        return value

    def contributions(self, kind: str, records: Mapping[str, object], reads: Callable[[Contribution], bool],
                      compute: Callable[[str, object], Contribution]) -> dict[str, Contribution]:
        """Each record's contribution, kept while it is the very same record (or an equal one, for
        the kinds whose equality sees every position: `BY_VALUE`) and `reads` holds."""
        before, now = self._records.get(kind, {}), {}
        for record_id, record in records.items():
            hit = before.get(record_id)
            if hit is None or not (hit.record is record or (kind in BY_VALUE and hit.record == record)) or not reads(hit):
                hit = compute(record_id, record)
            now[record_id] = hit
        self._records[kind] = now
        return now

    def forget_records(self) -> None:
        """Forget every record's contribution: the ids they were checked against changed."""
        self._records = {}

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

    def stored_contributions(self) -> Iterator[tuple[str, Contribution]]:
        """Each record's contribution by "kind:id" (the store keeps them in rows of their own: an
        edit computes few again, and the others are the very objects read)."""
        return ((f"{kind}:{record_id}", each) for kind, group in self._records.items()
                for record_id, each in group.items())

    def stored_rest(self) -> dict[str, object]:
        return {"records": self._records, "shared": self._shared, "seen": self._seen}

    @classmethod
    def restored(cls, sources: dict[str, SourceEntry], mentions: MentionState,
                 rest: dict[str, object]) -> ResolveMemo:
        memo = cls()
        memo._sources = sources
        memo._names, memo._mentions, memo._last = mentions
        memo._records, memo._shared, memo._seen = rest["records"], rest["shared"], rest["seen"]  # type: ignore[assignment]
        return memo

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
