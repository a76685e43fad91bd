"""Stage 2, `resolve`: check every id and quote, and compute the whole cross-referenced site.

Input: the `Content` that `load` read. Output: a `Site` - the same records plus everything
derived from them, computed once: the cleaned sources, every text parsed, every citation
anchored in its source, the comparisons, the timeline's order, every mention of a person
or organization, and the indexes the pages list (an entity's events, claims, mentions).
Render only presents it. Problems are collected, never raised one by one.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from .. import model as m
from ..errors import Position, Problem, suggestion
from ..markup import Parsed
from .anchoring import Anchor, Miss, SourceIndex
from .cleaning import Block, CleanedSource, rule_problems
from .comparisons import Comparison, compare_claims
from .memo import ResolveMemo
from .mentions import Entity, Mention, NameMatcher, entity_names, first_per_section
from .references import (
    Owner,
    check_ref_links,
    check_refs,
    name_collisions,
    owned_texts,
    owner_label,
    sort_name,
    uncited,
)
from .statements import quote_positions
from .timeline import TimelineEntry, order_timeline, unstated_dates

__all__ = ["Citation", "Owner", "ResolveMemo", "Site", "owner_label", "resolve"]


@dataclass(frozen=True)
class Citation:
    """One use of a quote: which anchor, written where, shown on which record's page."""

    anchor: Anchor
    owner: Owner
    position: Position


@dataclass(frozen=True)
class Site:
    """The resolved site: read-only for every later stage."""

    content: m.Content
    cleaned: Mapping[str, CleanedSource]
    anchors: Mapping[tuple[str, str], Anchor]     # (source id, quote as written) -> anchor
    citations: tuple[Citation, ...]
    misses: tuple[tuple[Position, Miss], ...]
    parsed: Mapping[m.Text, Parsed]               # every text field and page body, parsed once
    comparisons: Mapping[str, Comparison]         # claim id -> comparison
    timeline: tuple[TimelineEntry, ...]           # every event, in reading order
    matcher: NameMatcher                          # every name and alias -> its person or organization
    mentions: tuple[Mention, ...]                 # every mention in the articles, in source order
    indexes: Indexes

    def anchor(self, source: str, quote: str) -> Anchor:
        return self.anchors[(source, quote)]


@dataclass(frozen=True)
class Indexes:
    """Who refers to what, computed once from the records and the mentions."""

    mentions_by_entity: Mapping[Entity, list[Mention]]
    mentions_by_block: Mapping[tuple[str, str], list[Mention]]    # (source, block id) -> its mentions
    linked_mentions: frozenset[Mention]                           # the first of each entity per section
    blocks: Mapping[tuple[str, str], Block]                       # (source, block id) -> the block
    events_by_entity: Mapping[Entity, list[TimelineEntry]]        # in timeline order
    claims_by_entity: Mapping[Entity, list[str]]                  # claim ids, in claim order
    anchors_by_source: Mapping[str, list[Anchor]]                 # every quote anchored in a source
    roles_by_organization: Mapping[str, list[tuple[m.Person, m.Role]]]   # people by surname, then roles
    claims_by_source: Mapping[str, list[str]]                     # claims a source answers, by id


def build_indexes(content: m.Content, cleaned: Mapping[str, CleanedSource], mentions: tuple[Mention, ...],
                  timeline: tuple[TimelineEntry, ...], anchored: Mapping[tuple[str, str], Anchor],
                  previous: Site | None) -> Indexes:
    if previous is not None and m.unchanged(previous.mentions, mentions):
        # the same mentions as the last build (the memo hands back the same tuple): their indexes hold
        old = previous.indexes
        by_entity, by_block, linked = old.mentions_by_entity, old.mentions_by_block, old.linked_mentions
    else:
        by_entity, by_block = defaultdict(list), defaultdict(list)
        for mention in mentions:
            by_entity[mention.entity].append(mention)
            by_block[(mention.source, mention.block_id)].append(mention)
        linked = frozenset(first_per_section(mentions))
    blocks = {(sid, block.id): block for sid, source in cleaned.items() for block in source.blocks}
    events: dict[Entity, list[TimelineEntry]] = defaultdict(list)
    for entry in timeline:
        for ref in entry.event.people:
            events[("person", ref.id)].append(entry)
        for ref in entry.event.organizations:
            events[("organization", ref.id)].append(entry)
    claims: dict[Entity, list[str]] = defaultdict(list)
    for claim in content.claims.values():
        for ref in claim.people:
            claims[("person", ref.id)].append(claim.id)
        for ref in claim.organizations:
            claims[("organization", ref.id)].append(claim.id)
    anchors: dict[str, list[Anchor]] = defaultdict(list)
    for anchor in anchored.values():
        anchors[anchor.source].append(anchor)
    answered: dict[str, list[str]] = defaultdict(list)
    for claim_id in sorted(content.claims):
        for source in dict.fromkeys(s.source.id for s in content.claims[claim_id].statements):
            answered[source].append(claim_id)
    roles: dict[str, list[tuple[m.Person, m.Role]]] = defaultdict(list)
    for person in sorted(content.people.values(), key=lambda p: sort_name(p.name)):
        for role in person.roles:
            if role.organization is not None:
                roles[role.organization.id].append((person, role))
    return Indexes(by_entity, by_block, linked, blocks, events, claims, anchors, roles, answered)


class _Anchoring:
    """Anchors quotes, once per distinct (source, quote), and reports what fails."""

    def __init__(self, indexes: Mapping[str, SourceIndex], problems: list[Problem], unverifiable: frozenset[str]):
        self.indexes = indexes
        self.problems = problems
        self.unverifiable = unverifiable    # sources that did not load: say nothing of their quotes
        self.anchors: dict[tuple[str, str], Anchor] = {}
        self.results: dict[tuple[str, str], Anchor | Miss] = {}
        self.misses: list[tuple[Position, Miss]] = []

    def __call__(self, source: str, quote: str, position: Position) -> Anchor | None:
        if source not in self.indexes:
            if source in self.unverifiable:
                return None
            self.problems.append(Problem(position, f"unknown source id '{source}' in citation",
                                         suggestion(source, self.indexes, "source id")))
            return None
        key = (source, quote)
        if key not in self.results:
            self.results[key] = self.indexes[source].anchor(quote)
        result = self.results[key]
        if isinstance(result, Miss):
            self.misses.append((position, result))
            if result.closest:
                hint = (f"closest passage in {source} ({result.similarity:.0%} similar, at offset {result.start}): "
                        f"\"{result.closest}\"")
            elif not self.indexes[source].norm:
                hint = f"the cleaned text of {source} is empty: its cleaning rules drop everything (see `site-builder show {source}`)"
            else:
                hint = "the quote is empty"
            self.problems.append(Problem(position, f"quote not found in {source}: \"{quote}\"", hint))
            return None
        if result.occurrences > 1:
            self.problems.append(Problem(position, f"quote occurs {result.occurrences} times in {source}: \"{quote}\"",
                                         "the first occurrence is used; quote a few more words to make it unique",
                                         severity="warning"))
        self.anchors[key] = result
        return result



MALFORMED_HINT = ('write [[cite:SOURCE "exact words"]]: the source id, a space, the words in double quotes '
                  '(\\" for a quote mark inside them), then ]]')


def resolve(content: m.Content, memo: ResolveMemo | None = None, previous: Site | None = None
            ) -> tuple[Site, list[Problem]]:
    """The resolved site and every problem found. `memo` remembers work across builds (a
    fresh one for a full build); `previous` is the last build's site, whose indexes hold
    while the mentions are the same."""
    memo = memo or ResolveMemo()
    problems: list[Problem] = []
    check_refs(content, problems)
    problems += name_collisions(content)
    prepared = {sid: memo.prepare(source, content.seed_texts[sid])
                for sid, source in content.sources.items() if sid in content.seed_texts}
    cleaned = {sid: c for sid, (c, _) in prepared.items()}
    problems += rule_problems(content.sources, cleaned.values())
    indexes = {sid: index for sid, (_, index) in prepared.items()}
    texts = list(owned_texts(content))
    by_text = memo.parse((text.value, inline) for _, text, inline in texts)
    parsed = {text: by_text[(text.value, inline)] for _, text, inline in texts}
    anchoring = _Anchoring(indexes, problems, content.unloaded_ids())
    citations: list[Citation] = []
    for owner, text, _ in texts:
        found = parsed[text]
        check_ref_links(content, text, found, problems)
        if not found.markers and not found.malformed:
            continue
        where = text.locate_all("[[cite:")
        for occurrence in found.malformed:
            problems.append(Problem(where[occurrence] if occurrence < len(where) else text.position,
                                    "malformed citation marker", MALFORMED_HINT))
        for marker in found.markers:
            position = where[marker.occurrence] if marker.occurrence < len(where) else text.position
            anchor = anchoring(marker.source, marker.quote, position)
            if anchor is not None:
                citations.append(Citation(anchor, owner, position))
    for claim in content.claims.values():
        for source, quote, quoted_at in quote_positions(claim):
            if source in content.sources:
                anchor = anchoring(source, quote, quoted_at)
                if anchor is not None:
                    citations.append(Citation(anchor, ("claim", claim.id), quoted_at))
    problems += uncited(content, parsed)
    comparisons, claim_problems = compare_claims(content, anchoring.anchors, parsed, memo.claims)
    timeline, timeline_problems = order_timeline(content)
    problems += claim_problems + timeline_problems + unstated_dates(content, cleaned, anchoring.anchors, parsed)
    names = entity_names(content)
    # compiled once while the names stay the same (its trie regex costs ~70 ms on 3,000 records)
    matcher = previous.matcher if previous is not None and previous.matcher.names == names else NameMatcher(names)
    mentions = memo.mentions(matcher, cleaned.values())
    site = Site(content, cleaned, anchoring.anchors, tuple(citations), tuple(anchoring.misses), parsed,
                comparisons, timeline, matcher, mentions, build_indexes(content, cleaned, mentions, timeline, anchoring.anchors, previous))
    return site, problems
