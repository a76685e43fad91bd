"""What one page render needs and records: its address, its citations, its dependencies.

A `PageContext` is made for each page; views ask it for links (`rel`, `entity`), rendered
text (`text`) and citation markers, and read the resolved site through `ctx.site`, a
`RecordingSite` that notes every read as a dependency key (`deps`): nothing is declared by
hand. The `RenderedPage` keeps the bytes with what they were made from.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from markupsafe import Markup

from .. import deps, markup, urls
from .. import model as m
from ..resolve import Site
from ..resolve.mentions import Entity
from . import links
from .notes import PageNotes
from .recording import RecordingSite, SourceLabels

if TYPE_CHECKING:
    from . import Renderer
    from .pages import PageKind


@dataclass(frozen=True)
class RenderedPage:
    path: str
    kind: str
    body: bytes
    deps: frozenset[str]                      # dependency keys (see deps.py)
    cites: tuple[tuple[str, str, str], ...]   # (source, passage id, marker id) cited on this page
    entity_links: frozenset[Entity]
    # what the page wrote, for the link check (render/links.py): its links as written, its ids
    links: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PageSpec:
    path: str
    kind: str
    key: str = ""          # record id for record pages


@dataclass(frozen=True)
class Backlinks:
    """Who cites each passage, who links to each entity: known once every page is rendered."""

    passages: Mapping[str, list[tuple[str, str]]]        # "s003#q-..." -> [(href target, label)]
    entities: Mapping[Entity, list[tuple[str, str]]]     # entity -> [(page path, label)]


@dataclass(frozen=True)
class Listing:
    """What the people and organizations indexes show of an entity beside its link (`entity`):
    only this, so that an edit of anything else of the record (a summary, a relationship) does
    not render the index again - an index of every organization costs what a thousand pages do."""

    kind: str           # an organization's kind ("" for a person)
    role: str           # a person's first role's title ("" for an organization, or none)
    mentions: int       # how often the articles name it
    sources: int        # in how many articles


def entity_listing(site: Site, entity: Entity) -> Listing:
    """`entity`'s listing in `site`: what `deps.listing` names (pipeline.changes compares it)."""
    kind, record_id = entity
    mentions = site.indexes.mentions_by_entity.get(entity, ())
    counts = len(mentions), len({x.source for x in mentions})
    if kind == "person":
        roles = site.content.people[record_id].roles
        return Listing("", roles[0].title if roles else "", *counts)
    return Listing(site.content.organizations[record_id].kind, "", *counts)


class EntityLink(TypedDict):
    href: str
    name: str
    kind: str
    id: str


@dataclass(frozen=True)
class RendererView:
    """What a view may know of the renderer: the settings every page shares, and the source
    labels (each read recorded). Not the resolved site: that is read through `ctx.site`."""

    base_url: str
    page_kinds: Mapping[str, PageKind]
    source_labels: Mapping[str, str]      # records the source's name key
    source_langs: Mapping[str, Markup]    # ' lang="…"' per source: part of every page (SITE)


class PageContext:
    """Everything one page render needs and records."""

    def __init__(self, renderer: Renderer, spec: PageSpec, title: str = ""):
        self.deps: set[str] = set()
        # the resolved site itself stays here; views get the recording view of it
        self._site: Site = renderer.site
        self.site = RecordingSite(renderer.site, self.deps)
        self.renderer = RendererView(renderer.base_url, renderer.page_kinds,
                                     SourceLabels(renderer.source_labels, self.deps), renderer.source_langs)
        self.path = spec.path
        self.kind = spec.kind
        self.title = title
        self.notes = PageNotes(spec.path, SourceLabels(renderer.source_labels, self.deps, cited=True),
                               renderer.source_langs, renderer.env, self.deps)
        self.entity_links: set[Entity] = set()
        self.self_entity: Entity | None = None
        page_kind = renderer.page_kinds[spec.kind]
        self.search_label, self.noindex = page_kind.search, page_kind.noindex

    def rel(self, target: str) -> str:
        if self.noindex and self.renderer.base_url:
            # the host serves 404.html at whatever address was missed, at any depth: absolute links
            return self.renderer.base_url + target
        return urls.relative(self.path, target)

    def entity(self, kind: str, record_id: str) -> EntityLink:
        """A link to a person or organization page, recorded for its backlinks."""
        content = self._site.content
        record = content.people.get(record_id) if kind == "person" else content.organizations.get(record_id)
        # A link shows only the name: depend on that, not the whole record, so that editing a
        # summary does not re-render every page that links to its person. A view that shows
        # more of a record (role, counts, ...) reads it from `ctx.site`, which records its key.
        self.deps.add(deps.name(kind, record_id))
        if (kind, record_id) != self.self_entity:
            self.entity_links.add((kind, record_id))
        return {"href": self.rel(urls.record(kind, record_id)), "name": record.name if record else record_id,
                "kind": kind, "id": record_id}

    def listing(self, kind: str, record_id: str) -> Listing:
        """What an index shows of a person or organization beside its link, recorded as only that."""
        self.deps.add(deps.listing(kind, record_id))
        return entity_listing(self._site, (kind, record_id))

    def _env(self, link_mentions: bool) -> dict:
        site = self._site

        def cite(source: str, quote: str) -> Markup:
            # a marker shows the source's label and the quote in its cleaned text, nothing else of it
            # (the notes record both: `SourceLabels(cited=True)`)
            return self.notes.marker(site.anchor(source, quote))

        def ref_href(kind: str, record_id: str, fragment: str) -> str:
            if kind in ("person", "organization"):
                return self.entity(kind, record_id)["href"] + (f"#{fragment}" if fragment else "")
            self.deps.add(deps.name(kind, record_id))  # the link text is the author's: only the target must exist
            target = urls.record(kind, record_id)
            return self.rel(target + (f"#{fragment}" if fragment and "#" not in target else ""))

        env: dict = {"cite": cite, "ref_href": ref_href, "link": links.link}
        if link_mentions:
            env["mentions"] = self.site.matcher  # (recorded: which words become links depends on every name)
            env["link_entity"] = lambda kind, rid: self.entity(kind, rid)["href"]
            env["skip_entity"] = self.self_entity
        return env

    def text(self, text: m.Text | None, link_mentions: bool = False) -> Markup:
        """A text field as HTML: the parse resolve made of it, rendered for this page."""
        if text is None:
            return Markup("")
        parsed, env = self._site.parsed[text], self._env(link_mentions)
        return links.collected(lambda: markup.render(parsed, env))
