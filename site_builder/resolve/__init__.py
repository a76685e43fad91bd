"""Stage 2, `resolve`: check every id and quote, and compute the whole cross-referenced site.

Input: the `Content` that `load` read. Output: a `Site` - the same records plus everything
derived from them, computed once: the cleaned sources, every text parsed, every citation
anchored in its source, the comparisons, the timeline's order, every mention of a person
or organization, and the indexes the pages list (an entity's events, claims, mentions).
Render only presents it. Problems are collected, never raised one by one.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

from .. import model as m
from ..errors import Position, Problem
from ..kinds import RECORD_KINDS, records
from ..markup import Parsed, parse
from .anchoring import Anchor, Miss, SourceIndex
from .cleaning import Block, CleanedSource, rule_problems
from .comparisons import Comparison
from .contributions import BY_VALUE, Citation, Context, Contribution, Part, contribute, join
from .memo import ResolveMemo
from .mentions import Entity, Mention, NameMatcher, entity_names, first_per_section
from .references import Owner, check_roles, name_collisions, owned_groups, owner_label, sort_name, text_owner
from .timeline import TimelineEntry, order_timeline

__all__ = ["Citation", "Owner", "ResolveMemo", "Site", "owner_label", "resolve"]


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
                  previous: Site | None, memo: ResolveMemo, kinds: Mapping[str, Mapping],
                  claims: Mapping[str, Contribution]) -> Indexes:
    """The indexes, each part computed again only when what it is made from changed."""
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
    blocks = memo.shared("blocks", tuple(cleaned.values()), lambda: {
        (sid, block.id): block for sid, source in cleaned.items() for block in source.blocks})
    events = memo.shared("events_by_entity", (timeline,), lambda: _events_by_entity(timeline))
    # what the indexes list of each claim, kept while equal (an edit of a claim's words leaves it)
    listed = memo.same("claims listed", tuple((cid, c.listed) for cid, c in claims.items()))
    by_claim, answered = memo.shared("claims_by", (listed,), lambda: _claims_by(listed))
    # the very same anchors in the same order (an edit that moves no quote): the same lists
    anchors = memo.shared("anchors_by_source", tuple(anchored.values()), lambda: _anchors_by_source(anchored))
    roles = memo.shared("roles_by_organization", (kinds["person"],), lambda: _roles_by_organization(content))
    return Indexes(by_entity, by_block, linked, blocks, events, by_claim, anchors, roles, answered)


def _anchors_by_source(anchored: Mapping[tuple[str, str], Anchor]) -> dict[str, list[Anchor]]:
    anchors: dict[str, list[Anchor]] = defaultdict(list)
    for anchor in anchored.values():
        anchors[anchor.source].append(anchor)
    return anchors


def _events_by_entity(timeline: tuple[TimelineEntry, ...]) -> dict[Entity, list[TimelineEntry]]:
    events: dict[Entity, list[TimelineEntry]] = defaultdict(list)
    for entry in timeline:
        for ref in entry.event.people:
            events[("person", ref.id)].append(entry)
        for ref in entry.event.organizations:
            events[("organization", ref.id)].append(entry)
    return events


def _claims_by(listed: tuple[tuple[str, tuple], ...]) -> tuple[dict[Entity, list[str]], dict[str, list[str]]]:
    """The claims of each person and organization, in claim order; of each source, by id."""
    claims: dict[Entity, list[str]] = defaultdict(list)
    for claim_id, (people, organizations, _) in listed:
        for person in people:
            claims[("person", person)].append(claim_id)
        for organization in organizations:
            claims[("organization", organization)].append(claim_id)
    answered: dict[str, list[str]] = defaultdict(list)
    for claim_id, (_, _, sources) in sorted(listed, key=lambda item: item[0]):
        for source in sources:
            answered[source].append(claim_id)
    return claims, answered


def _roles_by_organization(content: m.Content) -> dict[str, list[tuple[m.Person, m.Role]]]:
    roles: dict[str, list[tuple[m.Person, m.Role]]] = defaultdict(list)
    for person in sorted(content.people.values(), key=lambda p: sort_name(p.name)):
        for role in person.roles:
            if role.organization is not None:
                roles[role.organization.id].append((person, role))
    return roles


def resolve(content: m.Content, memo: ResolveMemo | None = None, previous: Site | None = None
            ) -> tuple[Site, list[Problem]]:
    """The resolved site and every problem found. `memo` remembers work across builds (a
    fresh one for a full build): each record's contribution is kept while the record and
    what it reads are the very same objects, each site-wide part while its inputs are.
    `previous` is the last build's site, whose indexes hold while the mentions are the same."""
    memo = memo or ResolveMemo()
    kinds = {kind: memo.same(kind, records(content, kind), by_value=kind in BY_VALUE) for kind in RECORD_KINDS}
    people, orgs, events, pages = (kinds[k] for k in ("person", "organization", "event", "page"))
    unloaded = memo.same("unloaded", content.unloaded_ids())
    prepared = {sid: memo.prepare(source, content.seed_texts[sid])
                for sid, source in content.sources.items() if sid in content.seed_texts}
    cleaned = {sid: c for sid, (c, _) in prepared.items()}
    # what every record's contribution reads besides its own sources: the ids a reference may name
    ids = (tuple(tuple(kinds[k]) for k in RECORD_KINDS), unloaded, tuple(prepared))
    kept = memo.same("ids", ids)
    if kept is ids:        # not the last build's: every record is checked again
        memo.forget_records()
    every, records_of = _contributions(content, memo, kinds, prepared, cleaned, unloaded, kept)
    texts, quotes = every.texts, every.quotes
    anchors = memo.shared("anchors", (every,), lambda: {**texts.anchors, **quotes.anchors})
    citations = memo.shared("citations", (every,), lambda: (*texts.citations, *quotes.citations))
    misses = memo.shared("misses", (every,), lambda: (*texts.misses, *quotes.misses))
    timeline, timeline_problems = memo.shared("timeline", (events, unloaded), lambda: order_timeline(content))
    # the names of people and organizations and where they are written, kept while equal (an edit of a summary leaves them)
    named = memo.same("named", tuple(c.named for kind in ("person", "organization") for c in records_of[kind].values()))
    problems = [*memo.shared("roles", (pages, people, orgs), lambda: check_roles(content)), *every.refs,
                *memo.shared("collisions", (named,), lambda: name_collisions(content)),
                *memo.shared("rules", (kinds["source"], *cleaned.values()),
                             lambda: rule_problems(content.sources, cleaned.values())),
                *texts.problems, *quotes.problems, *every.uncited, *every.compared, *timeline_problems, *every.dates]
    names = memo.shared("names", (named,), lambda: entity_names(content))
    # compiled once while the names stay the same (its trie regex costs ~70 ms on 3,000 records)
    matcher = previous.matcher if previous is not None and previous.matcher.names == names else NameMatcher(names)
    mentions = memo.mentions(matcher, cleaned.values())
    site = Site(content, cleaned, anchors, citations, misses, every.parsed, every.comparisons, timeline, matcher,
                mentions, build_indexes(content, cleaned, mentions, timeline, anchors, previous, memo, kinds, records_of["claim"]))
    return site, problems


def _always(kept: Contribution) -> bool:
    return True


def _contributions(content: m.Content, memo: ResolveMemo, kinds: Mapping[str, Mapping],
                   prepared: Mapping[str, tuple[CleanedSource, SourceIndex]], cleaned: Mapping[str, CleanedSource],
                   unloaded: frozenset[str], ids: object) -> tuple[Part, dict[str, Mapping[str, Contribution]]]:
    """Every record's contribution joined, in the order the site lists its texts (and the claims'
    own): each kept from the last build while the record and what it reads are the very same
    objects, each kind's joined while its records' are."""
    parses: dict[tuple[str, bool], Parsed] = {}

    def parse_once(value: str, inline: bool) -> Parsed:
        key = (value, inline)
        if key not in parses:
            parses[key] = parse(value, inline)
        return parses[key]

    context = Context(content, prepared, unloaded, parse_once, cleaned)
    # while no source's record or cleaned text changed, what each record read of them holds
    now = (*content.sources.values(), *cleaned.values())
    sources = memo.same("sources read", now)
    reads: Callable[[Contribution], bool] = context.holds if sources is now else _always
    parts = []
    records_of: dict[str, Mapping[str, Contribution]] = {}
    for kind, group in owned_groups(content):
        group = kinds[kind] if kind in kinds else memo.same(kind, group, by_value=True)   # (the site's settings)

        def compute(record_id: str, record: object, kind: str = kind) -> Contribution:
            return contribute(context, text_owner(kind, record_id), kind, record)

        each = memo.shared(f"records:{kind}", (group, ids, sources),
                           partial(memo.contributions, kind, group, reads, compute))
        parts.append(memo.shared(f"joined:{kind}", (each,), partial(join, each.values())))
        records_of[kind] = each
    return memo.shared("joined", tuple(parts), partial(join, parts)), records_of
