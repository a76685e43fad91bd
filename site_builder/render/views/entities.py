"""People and organizations: the two indexes and each entity's page."""
from __future__ import annotations

from collections import defaultdict
from typing import Any, TypedDict

from markupsafe import Markup

from ... import model as m
from ... import urls
from ...i18n import format_date, gettext
from ...resolve.comparisons import SINGLE
from ...resolve.mentions import Entity, snippet
from ...resolve.timeline import TimelineEntry
from ..context import Backlinks, EntityLink, PageContext, PageSpec
from ..slots import slot
from .common import KIND_LABELS, EventDate, event_date, kind_anchor, sort_name


class PeopleView(TypedDict):
    people: list[dict[str, Any]]


class OrganizationsView(TypedDict):
    groups: list[tuple[str, str, list[dict[str, Any]]]]     # (anchor, kind label, organizations)


class EventLink(EventDate):
    id: str
    title: str
    href: str


class EntityCommon(TypedDict):
    mentions: list[dict[str, Any]]
    mention_count: int
    events: list[EventLink]
    claims: list[dict[str, str]]
    links_here: Markup               # a slot: filled once every page is known (fill_entity)
    aliases: list[str]


class PersonView(EntityCommon):
    person: m.Person
    summary: Markup
    roles: list[dict[str, Any]]
    jsonld: dict[str, Any]


class OrganizationView(EntityCommon):
    org: m.Organization
    kind_label: str
    kind_key: str                  # its group's anchor on the index
    summary: Markup
    relationships: list[dict[str, Any]]
    people: list[dict[str, Any]]
    jsonld: dict[str, Any]


SNIPPETS = 5                 # snippets shown per article (all of them if one more would do)
ARTICLES_WITH_SNIPPETS = 20  # beyond these, an article is listed with its count only


def view_people(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> tuple[str, PeopleView]:
    ctx.title = gettext("People")
    rows = []
    # each person's link and listing, not the record: a summary edit leaves the index as it is
    links = [ctx.entity("person", pid) for pid in ctx.site.content.people]
    for link in sorted(links, key=lambda link: sort_name(link["name"])):
        listing = ctx.listing("person", link["id"])
        rows.append({**link, "role": listing.role, "mentions": listing.mentions, "sources": listing.sources})
    return "people.html", {"people": rows}


def view_organizations(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> tuple[str, OrganizationsView]:
    ctx.title = gettext("Organizations")
    groups: dict[str, list] = defaultdict(list)
    # each organization's link and listing, not the record (as view_people)
    links = [ctx.entity("organization", oid) for oid in ctx.site.content.organizations]
    for link in sorted(links, key=lambda link: link["name"].lower()):
        listing = ctx.listing("organization", link["id"])
        groups[listing.kind].append({**link, "mentions": listing.mentions, "sources": listing.sources})
    ordered = [(kind_anchor(k), gettext(KIND_LABELS.get(k, k)), groups[k]) for k in m.ORGANIZATION_KINDS if k in groups]
    return "organizations.html", {"groups": ordered}


def event_link(ctx: PageContext, entry: TimelineEntry) -> EventLink:
    return {**event_date(entry), "id": entry.event.id, "title": entry.event.title,
            "href": ctx.rel(urls.record("event", entry.event.id))}


def entity_common(ctx: PageContext, entity: Entity, backlinks: Backlinks) -> EntityCommon:
    """What person and organization pages share: events, claims, every mention, who links here."""
    site, indexes = ctx.site, ctx.site.indexes
    ctx.self_entity = entity
    by_source: dict[str, list] = defaultdict(list)
    for mention in indexes.mentions_by_entity.get(entity, ()):
        by_source[mention.source].append(mention)
    labels = ctx.renderer.source_labels
    mentions: list[dict[str, Any]] = []
    total = 0
    for n, (sid, found) in enumerate(sorted(by_source.items())):
        # a few snippets per article, and only for the first articles: an entity named ten
        # thousand times gets a page a reader can use, not ten thousand rows
        shown = found if len(found) <= SNIPPETS + 1 else found[:SNIPPETS]
        items = []
        if n < ARTICLES_WITH_SNIPPETS:
            for mention in shown:
                block = indexes.blocks[(mention.source, mention.block_id)]
                before, name, after = snippet(block.text, mention.start, mention.end)
                items.append({"before": before, "name": name, "after": after,
                              "href": ctx.rel(urls.passage(mention.source, mention.block_id))})
        total += len(found)
        mentions.append({"source": sid, "label": labels[sid], "items": items, "count": len(found),
                         "lang": ctx.renderer.source_langs[sid],      # the snippets are the article's words
                         "more": len(found) - len(items),
                         "first": ctx.rel(urls.passage(sid, found[0].block_id)),
                         "href": ctx.rel(urls.record("source", sid))})
    events = [event_link(ctx, e) for e in indexes.events_by_entity.get(entity, ())]
    claims = []
    for cid in indexes.claims_by_entity.get(entity, ()):
        comparison = site.comparisons.get(cid)
        claims.append({"question": site.content.claims[cid].question, "href": ctx.rel(urls.record("claim", cid)),
                       "status": comparison.status if comparison else SINGLE})
    kind, record_id = entity
    record = site.content.people[record_id] if kind == "person" else site.content.organizations[record_id]
    return {"mentions": mentions, "mention_count": total,
            "events": events, "claims": claims, "links_here": slot("links_here"), "aliases": list(record.aliases)}


def fill_entity(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> dict[str, dict[str, object]]:
    """The pages that link to a person's or an organization's page (templates/backlinks/entity.html)."""
    links_here = [{"href": ctx.rel(path), "label": label} for path, label in backlinks.entities.get((spec.kind, spec.key), [])
                  if path != ctx.path]
    return {"links_here": {"links_here": links_here}}


def view_person(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> tuple[str, PersonView]:
    person = ctx.site.content.people[spec.key]
    ctx.title = person.name
    common = entity_common(ctx, ("person", person.id), backlinks)
    roles = [{"title": r.title, "organization": ctx.entity("organization", r.organization.id) if r.organization else None,
              "start": format_date(r.start) if r.start else "", "end": format_date(r.end) if r.end else "",
              "cite": ctx.text(r.cite)} for r in person.roles]
    return "person.html", {"person": person, "summary": ctx.text(person.summary), "roles": roles,
                           "jsonld": {"@context": "https://schema.org", "@type": "Person", "name": person.name,
                                      "alternateName": list(person.aliases)},
                           **common}


def view_organization(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> tuple[str, OrganizationView]:
    content = ctx.site.content
    org = content.organizations[spec.key]
    ctx.title = org.name
    common = entity_common(ctx, ("organization", org.id), backlinks)
    relationships = []
    for rel in org.relationships:
        kind = "person" if rel.target.id in content.people else "organization"
        target: EntityLink = ctx.entity(kind, rel.target.id)
        relationships.append({"relation": rel.relation, "target": target, "cite": ctx.text(rel.cite)})
    people = []
    for person, role in ctx.site.indexes.roles_by_organization.get(org.id, ()):
        people.append({"person": ctx.entity("person", person.id), "title": role.title, "cite": ctx.text(role.cite)})
    return "organization.html", {"org": org, "kind_label": gettext(KIND_LABELS.get(org.kind, org.kind)), "kind_key": kind_anchor(org.kind),
                                 "summary": ctx.text(org.summary), "relationships": relationships,
                                 "people": people,
                                 "jsonld": {"@context": "https://schema.org", "@type": "Organization",
                                            "name": org.name, "alternateName": list(org.aliases)},
                                 **common}
