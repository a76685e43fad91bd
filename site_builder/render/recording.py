"""What a view may read of the resolved site: a read-only view that records each read.

Every page gets its own `RecordingSite` (`PageContext.site`) over the one resolved `Site`. Each
read adds the dependency key (deps.py) that names what was read, so a page's dependencies are
exactly what its view looked at, with nothing declared by hand (after Lektor's build context):

    content.<kind>[id], .get(id)      record(kind, id)            the record, and all derived from it
    content.<kind>.values(), .items() record(kind, id) of each    (every record of the kind)
    iter, len, `in` on those          SITE                        only the set of ids (see below)
    content.site                      SITE                        settings
    comparisons[claim id]             record("claim", id)
    timeline                          record("event", id) of each
    cleaned[source id]                text(source)
    matcher                           NAMES
    indexes.<index>[key]              its refs (and records listed; table `_INDEXES`)

The set of ids of a kind needs no key of its own: a record coming or going re-renders every
page (pipeline.changes.changed_keys), as SITE does. Nothing here hands out the resolved site
itself: a view has no way to read around the record (tests/test_recording.py checks it).

Links keep their narrower keys where they pay: `PageContext.entity` records only a name, a
citation marker only its source's label and text (`CitationLabels`), so editing a summary does
not re-render every page that links to its person.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, ItemsView, Iterable, Iterator, Mapping, Sequence, ValuesView
from dataclasses import dataclass
from typing import Any, TypeVar, overload

from .. import deps
from .. import model as m
from ..kinds import ENTITY_KINDS, RECORD_KINDS, records
from ..resolve import Indexes, Site
from ..resolve.anchoring import Anchor
from ..resolve.cleaning import Block, CleanedSource
from ..resolve.comparisons import Comparison
from ..resolve.mentions import Entity, Mention, NameMatcher
from ..resolve.timeline import TimelineEntry

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
Keys = Callable[[Any, Any], Iterable[str]]     # (key looked up, value or None) -> dependency keys


class RecordMap(Mapping[str, V]):
    """The records of one kind (or what resolve made of each: comparisons, cleaned texts)."""

    __slots__ = ("_data", "_key", "_log")

    def __init__(self, data: Mapping[str, V], log: set[str], key: Callable[[str], str]):
        self._data, self._log, self._key = data, log, key

    def __getitem__(self, record_id: str) -> V:
        self._log.add(self._key(record_id))
        return self._data[record_id]

    def __iter__(self) -> Iterator[str]:
        self._log.add(deps.SITE)
        return iter(self._data)

    def __len__(self) -> int:
        self._log.add(deps.SITE)
        return len(self._data)

    def __contains__(self, record_id: object) -> bool:
        self._log.add(deps.SITE)
        return record_id in self._data

    def values(self) -> ValuesView[V]:
        self._log.update(map(self._key, self._data))
        return self._data.values()

    def items(self) -> ItemsView[str, V]:
        self._log.update(map(self._key, self._data))
        return self._data.items()


class IndexMap(Mapping[K, V]):
    """One of resolve's indexes: a lookup records the keys its `_Index` names for the entry (its
    refs, the records it lists); iterating it, those of every entry it could have."""

    __slots__ = ("_content", "_data", "_index", "_keys", "_log")

    def __init__(self, data: Mapping[K, V], log: set[str], index: _Index, content: m.Content):
        self._data, self._log, self._index, self._keys, self._content = data, log, index, index.keys, content

    def __getitem__(self, key: K) -> V:
        value = self._data.get(key)
        self._log.update(self._keys(key, value))
        if value is None and key not in self._data:
            raise KeyError(key)
        return value  # type: ignore[return-value]

    def _all(self) -> None:
        for kind in self._index.kinds:     # every record the index could have an entry for
            for record_id in records(self._content, kind):
                self._log.update(self._keys(_entry(kind, record_id), None))
        for key, value in self._data.items():
            self._log.update(self._keys(key, value))

    def __iter__(self) -> Iterator[K]:
        self._all()
        return iter(self._data)

    def __len__(self) -> int:
        self._all()
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        self._log.update(self._keys(key, None))
        return key in self._data


class MentionSet:
    """`linked_mentions`: which mentions are linked depends on their article's mentions."""

    __slots__ = ("_data", "_log")

    def __init__(self, data: frozenset[Mention], log: set[str]):
        self._data, self._log = data, log

    def __contains__(self, mention: Mention) -> bool:
        self._log.add(deps.record("source", mention.source))
        return mention in self._data

    def linked(self, mentions: Sequence[Mention]) -> list[Mention]:
        """Those of `mentions` that are linked, in order: `in` on each, recorded at once (a block's)."""
        self._log.update({deps.record("source", mention.source) for mention in mentions})
        return [mention for mention in mentions if mention in self._data]


class Timeline(Sequence[TimelineEntry]):
    """Every event in reading order: the order is made of every event, so any read depends on all."""

    __slots__ = ("_data", "_events", "_log")

    def __init__(self, data: tuple[TimelineEntry, ...], log: set[str], events: Iterable[str]):
        self._data, self._log, self._events = data, log, events

    @overload
    def __getitem__(self, index: int) -> TimelineEntry: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[TimelineEntry]: ...

    def __getitem__(self, index: int | slice) -> TimelineEntry | Sequence[TimelineEntry]:
        self._log.update(deps.record("event", e) for e in self._events)
        return self._data[index]

    def __iter__(self) -> Iterator[TimelineEntry]:
        self._log.update(deps.record("event", e) for e in self._events)
        return iter(self._data)

    def __len__(self) -> int:
        self._log.add(deps.SITE)        # one entry per event: the set of ids
        return len(self._data)


# the key of a record of each kind, made once (not a function per page)
_RECORD_KEY: dict[str, Callable[[str], str]] = {kind: functools.partial(deps.record, kind) for kind in RECORD_KINDS}


class RecordingContent:
    """`Content` as a view reads it: the records of each kind, and the settings."""

    __slots__ = ("_content", "_log", "claims", "events", "organizations", "pages", "people", "sources")

    def __init__(self, content: m.Content, log: set[str]):
        self._content, self._log = content, log
        self.sources: RecordMap[m.Source] = RecordMap(content.sources, log, _RECORD_KEY["source"])
        self.people: RecordMap[m.Person] = RecordMap(content.people, log, _RECORD_KEY["person"])
        self.organizations: RecordMap[m.Organization] = RecordMap(content.organizations, log,
                                                                  _RECORD_KEY["organization"])
        self.events: RecordMap[m.Event] = RecordMap(content.events, log, _RECORD_KEY["event"])
        self.claims: RecordMap[m.Claim] = RecordMap(content.claims, log, _RECORD_KEY["claim"])
        self.pages: RecordMap[m.Page] = RecordMap(content.pages, log, _RECORD_KEY["page"])

    @property
    def site(self) -> m.SiteConfig:
        self._log.add(deps.SITE)
        return self._content.site


def _entity_refs(entity: Any, value: Any) -> Iterable[str]:
    return (deps.refs(*entity),)


def _source_refs(source: Any, value: Any) -> Iterable[str]:
    return (deps.refs("source", source),)


def _events_of(entity: Any, entries: list[TimelineEntry] | None) -> Iterable[str]:
    # the entries show each event's date and title: the events themselves
    return (deps.refs(*entity), *(deps.record("event", e.event.id) for e in entries or ()))


def _people_of(org: Any, roles: list[tuple[m.Person, m.Role]] | None) -> Iterable[str]:
    return (deps.refs("organization", org), *(deps.record("person", p.id) for p, _ in roles or ()))


def _anchors_of(source: Any, value: Any) -> Iterable[str]:
    # where quotes land in its text; which passages are cited the page learns from its backlinks
    return (deps.record("source", source), deps.text(source), deps.refs("source", source))


@dataclass(frozen=True)
class _Index:
    keys: Keys          # what a lookup depends on
    kinds: tuple[str, ...]   # the record kinds its keys are ids of: iterating it depends on every one


# each index of resolve.Indexes, and what an entry of it is made of (pipeline.changes names the same keys)
_INDEXES: dict[str, _Index] = {
    "mentions_by_entity": _Index(lambda entity, value: (deps.record(*entity),), ENTITY_KINDS),
    "mentions_by_block": _Index(lambda key, value: (deps.record("source", key[0]),), ("source",)),
    "blocks": _Index(lambda key, value: (deps.text(key[0]),), ("source",)),
    "events_by_entity": _Index(_events_of, ENTITY_KINDS),
    "claims_by_entity": _Index(_entity_refs, ENTITY_KINDS),
    "anchors_by_source": _Index(_anchors_of, ("source",)),
    "roles_by_organization": _Index(_people_of, ("organization",)),
    "claims_by_source": _Index(_source_refs, ("source",)),
}


class RecordingIndexes:
    """resolve's `Indexes`, each lookup recorded (see `_INDEXES`)."""

    __slots__ = (
        "anchors_by_source",
        "blocks",
        "claims_by_entity",
        "claims_by_source",
        "events_by_entity",
        "linked_mentions",
        "mentions_by_block",
        "mentions_by_entity",
        "roles_by_organization",
    )

    mentions_by_entity: IndexMap[Entity, list[Mention]]
    mentions_by_block: IndexMap[tuple[str, str], list[Mention]]
    blocks: IndexMap[tuple[str, str], Block]
    events_by_entity: IndexMap[Entity, list[TimelineEntry]]
    claims_by_entity: IndexMap[Entity, list[str]]
    anchors_by_source: IndexMap[str, list[Anchor]]
    roles_by_organization: IndexMap[str, list[tuple[m.Person, m.Role]]]
    claims_by_source: IndexMap[str, list[str]]

    def __init__(self, indexes: Indexes, content: m.Content, log: set[str]):
        for name, index in _INDEXES.items():
            setattr(self, name, IndexMap(getattr(indexes, name), log, index, content))
        self.linked_mentions = MentionSet(indexes.linked_mentions, log)


def _entry(kind: str, record_id: str) -> Any:
    """An index's key for a record: an entity is (kind, id), anything else its id."""
    return (kind, record_id) if kind in ENTITY_KINDS else record_id


class RecordingSite:
    """The resolved site as views read it: each read recorded into the page's `log`."""

    __slots__ = ("_indexes", "_log", "_site", "cleaned", "comparisons", "content", "timeline")

    def __init__(self, site: Site, log: set[str]):
        self._site, self._log = site, log
        self.content = RecordingContent(site.content, log)
        self.comparisons: RecordMap[Comparison] = RecordMap(site.comparisons, log, _RECORD_KEY["claim"])
        self.cleaned: RecordMap[CleanedSource] = RecordMap(site.cleaned, log, deps.text)
        self.timeline = Timeline(site.timeline, log, site.content.events)
        self._indexes: RecordingIndexes | None = None

    @property
    def indexes(self) -> RecordingIndexes:
        if self._indexes is None:       # made when first read: most pages read no index
            self._indexes = RecordingIndexes(self._site.indexes, self._site.content, self._log)
        return self._indexes

    @property
    def matcher(self) -> NameMatcher:
        self._log.add(deps.NAMES)
        return self._site.matcher


class SourceLabels(Mapping[str, str]):
    """Each source's label, its name key recorded; a citation's (`cited=True`) records the
    source's text too: a marker previews its passage in context."""

    __slots__ = ("_cited", "_labels", "_log")

    def __init__(self, labels: Mapping[str, str], log: set[str], cited: bool = False):
        self._labels, self._log, self._cited = labels, log, cited

    def __getitem__(self, source_id: str) -> str:
        self._log.add(deps.name("source", source_id))
        if self._cited:
            self._log.add(deps.text(source_id))
        return self._labels[source_id]

    def __iter__(self) -> Iterator[str]:
        self._log.add(deps.SITE)
        return iter(self._labels)

    def __len__(self) -> int:
        self._log.add(deps.SITE)
        return len(self._labels)
