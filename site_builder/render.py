"""Stage 3, `render`: the resolved site -> HTML pages, each knowing its inputs.

Views build plain dictionaries; templates only present them. Each page records the
records, sources and templates it used (`deps`), the passages it cites and the
entities it links to - which is how source pages get backlinks and entity pages get
"pages that link here", and how the dev server knows what a change touches.
"""
from __future__ import annotations

import json
import weakref
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import jinja2
from jinja2 import meta as jinja_meta
from markupsafe import Markup

from . import markdown, urls
from . import model as m
from .cleaning import Block
from .comparisons import CONFLICT, SINGLE, STATUSES, ComparedStatement, Comparison
from .mentions import Entity, Mention, NameMatcher, first_per_section, snippet
from .notes import PageNotes
from .resolve import Site
from .spans import Range, render_ranges
from .timeline import TimelineEntry
from .vocabulary import CELL, RELATION, STATUS, badge


# template name -> the templates it pulls in, per environment (shared while the environment is)
_TEMPLATE_DEPS: "weakref.WeakKeyDictionary[jinja2.Environment, dict[str, frozenset[str]]]" = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class RenderedPage:
    path: str
    kind: str
    body: bytes
    deps: frozenset[str]                      # dependency keys, listed in incremental.py's docstring
    cites: tuple[tuple[str, str, str], ...]   # (source, passage id, marker id) cited on this page
    entity_links: frozenset[Entity]


@dataclass(frozen=True)
class PageSpec:
    path: str
    kind: str
    key: str = ""          # record id for record pages


@dataclass(frozen=True)
class Backlinks:
    """What pass 1 learned: who cites each passage, who links to each entity."""

    passages: dict[str, list[tuple[str, str]]]        # "s003#q-..." -> [(href target, label)]
    entities: dict[Entity, list[tuple[str, str]]]     # entity -> [(page path, label)]


class PageContext:
    """Everything one page render needs and records."""

    def __init__(self, renderer: "Renderer", spec: PageSpec, title: str):
        self.renderer = renderer
        self.path = spec.path
        self.kind = spec.kind
        self.title = title
        self.notes = PageNotes(spec.path, renderer.source_labels)
        self.deps: set[str] = set()
        self.entity_links: set[Entity] = set()
        self.self_entity: Entity | None = None

    def rel(self, target: str) -> str:
        if self.kind == "404" and self.renderer.base_url:
            # the host serves 404.html at whatever address was missed, at any depth: absolute links
            return self.renderer.base_url + target
        return urls.relative(self.path, target)

    def use(self, *keys: str) -> None:
        self.deps.update(keys)

    def entity(self, kind: str, record_id: str) -> dict:
        """A link to a person or organization page, recorded for its backlinks."""
        content = self.renderer.site.content
        record = content.people.get(record_id) if kind == "person" else content.organizations.get(record_id)
        # A link shows only the name: depend on that, not the whole record, so that editing a
        # summary does not re-render every page that links to its person. A view that shows
        # more of a record (role, counts, ...) must `use` its full key too.
        self.use(f"name:{kind}:{record_id}")
        if (kind, record_id) != self.self_entity:
            self.entity_links.add((kind, record_id))
        return {"href": self.rel(urls.record(kind, record_id)), "name": record.name if record else record_id,
                "kind": kind, "id": record_id}

    def _env(self, link_mentions: bool) -> dict:
        site = self.renderer.site

        def cite(source: str, quote: str) -> Markup:
            # a marker shows the source's label and the quote in its cleaned text, nothing else of it
            self.use(f"name:source:{source}", f"text:source:{source}")
            return self.notes.marker(site.anchor(source, quote))

        def ref_href(kind: str, record_id: str, fragment: str) -> str:
            if kind in ("person", "organization"):
                return self.entity(kind, record_id)["href"] + (f"#{fragment}" if fragment else "")
            self.use(f"name:{kind}:{record_id}")  # the link text is the author's: only the target must exist
            target = urls.record(kind, record_id)
            return self.rel(target + (f"#{fragment}" if fragment and "#" not in target else ""))

        env: dict = {"cite": cite, "ref_href": ref_href}
        if link_mentions:
            self.use("names")  # which words become links depends on every name and alias
            env["mentions"] = self.renderer.matcher
            env["link_entity"] = lambda kind, rid: self.entity(kind, rid)["href"]
            env["skip_entity"] = self.self_entity
        return env

    def text(self, text: m.Text | None, inline: bool = False, link_mentions: bool = False) -> Markup:
        if text is None:
            return Markup("")
        env = self._env(link_mentions)
        if inline:
            return markdown.render_inline(text.value, env)
        return markdown.render_block(text.value, env)


class Renderer:
    def __init__(self, site: Site, theme_dir: Path, mentions: tuple[Mention, ...], matcher: NameMatcher, build_date: str,
                 base_url: str = "", env: jinja2.Environment | None = None, previous: "Renderer | None" = None):
        self.site = site
        self.content = site.content
        self.theme_dir = theme_dir
        self.comparisons = site.comparisons
        self.mentions = mentions
        self.matcher = matcher
        self.build_date = build_date
        self.base_url = base_url.rstrip("/") + "/" if base_url else ""
        self.source_labels = {sid: s.label for sid, s in self.content.sources.items()}
        # the dev server passes the previous build's environment: its templates stay compiled
        self.env = env if env is not None else jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(theme_dir / "templates")),
            autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=True)
        self.env.filters["tojson_compact"] = lambda v: Markup(json.dumps(v, ensure_ascii=False, sort_keys=True)
                                                              .replace("<", "\\u003c"))
        self.env.filters["plain"] = plain_text
        self.env.globals["labels"] = {"status": STATUS, "cell": CELL}
        self._template_deps: dict[str, frozenset[str]] = _TEMPLATE_DEPS.setdefault(self.env, {})
        self.mentions_by_entity: dict[Entity, list[Mention]] = defaultdict(list)
        if previous is not None and previous.mentions is mentions:
            # the dev server's last build found the very same mentions: its indexes of them hold
            self.mentions_by_entity, self.linked_mentions = previous.mentions_by_entity, previous.linked_mentions
            self.mentions_by_block = previous.mentions_by_block
        else:
            self.mentions_by_block: dict[tuple[str, str], list[Mention]] = defaultdict(list)
            for mention in mentions:
                self.mentions_by_entity[mention.entity].append(mention)
                self.mentions_by_block[(mention.source, mention.block_id)].append(mention)
            self.linked_mentions = first_per_section(mentions)
        self.events_by_entity: dict[Entity, list[TimelineEntry]] = defaultdict(list)
        for entry in site.timeline:
            for ref in entry.event.people:
                self.events_by_entity[("person", ref.id)].append(entry)
            for ref in entry.event.organizations:
                self.events_by_entity[("organization", ref.id)].append(entry)
        self.claims_by_entity: dict[Entity, list[str]] = defaultdict(list)
        for claim in self.content.claims.values():
            for ref in claim.people:
                self.claims_by_entity[("person", ref.id)].append(claim.id)
            for ref in claim.organizations:
                self.claims_by_entity[("organization", ref.id)].append(claim.id)

    # --- the page list -------------------------------------------------------------

    def page_specs(self) -> list[PageSpec]:
        c = self.content
        specs = [PageSpec(urls.HOME, "home")]
        specs += [PageSpec(urls.record("page", pid), "page", pid) for pid in sorted(c.pages) if pid != "index"]
        specs += [PageSpec(urls.TIMELINE, "timeline"), PageSpec(urls.CLAIMS, "claims"),
                  PageSpec(urls.MATRIX, "matrix"), PageSpec(urls.PEOPLE, "people"),
                  PageSpec(urls.ORGANIZATIONS, "organizations"), PageSpec(urls.SOURCES, "sources"),
                  PageSpec("404.html", "404"), PageSpec(urls.SEARCH, "search")]
        specs += [PageSpec(urls.record("claim", cid), "claim", cid) for cid in sorted(c.claims)]
        specs += [PageSpec(urls.record("person", pid), "person", pid) for pid in sorted(c.people)]
        specs += [PageSpec(urls.record("organization", oid), "organization", oid) for oid in sorted(c.organizations)]
        specs += [PageSpec(urls.record("source", sid), "source", sid) for sid in sorted(self.site.cleaned)]
        return specs

    # --- rendering ------------------------------------------------------------------

    def template_deps(self, name: str) -> frozenset[str]:
        """The template and everything it extends, includes or imports, recursively."""
        if name not in self._template_deps:
            source = self.env.loader.get_source(self.env, name)[0]  # type: ignore[union-attr]
            found = {f"template:{name}"}
            for child in jinja_meta.find_referenced_templates(self.env.parse(source)):
                if child:
                    found |= self.template_deps(child)
            self._template_deps[name] = frozenset(found)
        return self._template_deps[name]

    def render(self, spec: PageSpec, backlinks: Backlinks) -> RenderedPage:
        view: Callable = getattr(self, f"view_{spec.kind.replace('404', 'not_found')}")
        ctx = PageContext(self, spec, "")
        template, data = view(ctx, spec, backlinks)
        ctx.use(*self.template_deps(template), "site")
        html = self.env.get_template(template).render(page=ctx, site=self.site_view(ctx), **data)
        cites = tuple((n.anchor.source, n.anchor.passage_id, n.marker_id)
                      for n in sorted(ctx.notes.notes.values(), key=lambda n: n.number))
        return RenderedPage(spec.path, spec.kind, html.encode("utf-8"), frozenset(ctx.deps), cites,
                            frozenset(ctx.entity_links))

    def site_view(self, ctx: PageContext) -> dict:
        c = self.content
        nav = [{"title": p.nav_title or p.title, "href": ctx.rel(urls.record("page", p.id)),
                "current": ctx.path == urls.record("page", p.id)}
               for p in sorted(c.pages.values(), key=lambda p: (p.nav, p.id)) if p.nav and p.id != "index"]
        sections = [("Timeline", urls.TIMELINE), ("Comparisons", urls.CLAIMS), ("People", urls.PEOPLE),
                    ("Organizations", urls.ORGANIZATIONS), ("Sources", urls.SOURCES)]
        return {
            "title": c.site.title, "description": c.site.description, "language": c.site.language,
            "home": ctx.rel(urls.HOME), "css": ctx.rel("assets/style.css"), "js": ctx.rel("assets/site.js"),
            "favicon": ctx.rel("assets/favicon.svg"), "search": ctx.rel(urls.SEARCH),
            "feed": ctx.rel("feed.xml"), "data": ctx.rel(urls.DATA),
            "nav": nav,
            "sections": [{"title": t, "href": ctx.rel(u), "current": ctx.path.split("/")[0] == u.split("/")[0]
                          and ctx.path != urls.HOME and not (u == urls.TIMELINE and ctx.path != u)}
                         for t, u in sections],
            "canonical": self.base_url + ctx.path if self.base_url else "",
            "build_date": self.build_date,
        }

    # --- views: each returns (template name, data for the template) -------------------

    def view_home(self, ctx: PageContext, spec: PageSpec, backlinks: Backlinks):
        c = self.content
        ctx.title = c.site.title
        lead = c.pages.get("index")
        if lead:
            ctx.use("page:index")
        key_figures = []
        for comparison in sorted(self.comparisons.values(), key=lambda x: x.claim.id):
            ctx.use(f"claim:{comparison.claim.id}")  # every one: the conflict count reads them all
            if comparison.claim.key_figure:
                key_figures.append(self.figure_view(ctx, comparison))
        guide = [{"title": p.nav_title or p.title, "description": p.description,
                  "href": ctx.rel(urls.record("page", p.id))}
                 for p in sorted(c.pages.values(), key=lambda p: (p.nav, p.id)) if p.nav and p.id != "index"]
        ctx.use(*(f"page:{p.id}" for p in c.pages.values()))
        return "home.html", {
            "lead": ctx.text(lead.body, link_mentions=True) if lead else Markup(""),
            "lead_title": lead.title if lead else c.site.title,
            "lead_description": lead.description if lead else "",
            "deal_summary": ctx.text(c.site.deal_summary),
            "key_figures": key_figures, "guide": guide,
            "counts": {"sources": len(c.sources), "people": len(c.people),
                       "organizations": len(c.organizations), "events": len(c.events),
                       "claims": len(c.claims),
                       "conflicts": sum(1 for x in self.comparisons.values() if x.status == CONFLICT)},
            "links": {"timeline": ctx.rel(urls.TIMELINE), "claims": ctx.rel(urls.CLAIMS),
                      "matrix": ctx.rel(urls.MATRIX), "people": ctx.rel(urls.PEOPLE),
                      "organizations": ctx.rel(urls.ORGANIZATIONS), "sources": ctx.rel(urls.SOURCES)},
            "references": ctx.notes.references,
        }

    def figure_view(self, ctx: PageContext, comparison: Comparison) -> dict:
        """A key figure: the majority's answer with its markers, then every other account.
        With no majority, every account is listed alike: none is shown as the answer."""
        ctx.use(*(f"name:source:{s.source}" for s in comparison.statements))
        majority = [s for s in comparison.statements if s.position in comparison.bloc]
        others = [s for s in comparison.statements if s.position not in comparison.bloc]
        # the card shows the majority first: number the markers in that order
        main = None
        if majority:
            parts: dict[str, list] = {}
            for s in majority:                       # each wording with the markers of the articles using it
                parts.setdefault(s.wording, []).append(ctx.notes.marker(s.anchor))
            main = {"value": " / ".join(parts), "parts": list(parts.items()), "count": len(majority),
                    "exact": comparison.majority is not None}
        accounts = [{"source": s.source, "label": self.source_labels[s.source], "value": s.wording,
                     "normalized": _explanation(s), "cell": s.cell, "badge": badge(comparison, s),
                     "marker": ctx.notes.marker(s.anchor)} for s in others]
        return {"label": comparison.claim.key_figure, "status": comparison.status, "main": main,
                "accounts": accounts, "total": len(comparison.statements),
                "href": ctx.rel(urls.record("claim", comparison.claim.id))}

    def view_page(self, ctx: PageContext, spec: PageSpec, backlinks: Backlinks):
        page = self.content.pages[spec.key]
        ctx.title = page.title
        ctx.use(f"page:{page.id}")
        return "page.html", {"title": page.title, "description": page.description,
                             "body": ctx.text(page.body, link_mentions=True), "editorial": page.editorial,
                             "references": ctx.notes.references}

    def view_not_found(self, ctx: PageContext, spec: PageSpec, backlinks: Backlinks):
        ctx.title = "Page not found"
        return "404.html", {"references": ctx.notes.references}

    def view_search(self, ctx: PageContext, spec: PageSpec, backlinks: Backlinks):
        ctx.title = "Search"
        return "search.html", {"references": ctx.notes.references}

    # sources

    def view_sources(self, ctx: PageContext, spec: PageSpec, backlinks: Backlinks):
        ctx.title = "Sources"
        rows = []
        for sid, source in sorted(self.content.sources.items()):
            ctx.use(f"source:{sid}")
            rows.append({"id": sid, "label": source.label, "title": source.title, "href": ctx.rel(urls.record("source", sid)),
                         "meta": _source_meta(source), "summary": ctx.text(source.summary),
                         "cited": sum(1 for k in backlinks.passages if k.startswith(sid + "#"))})
        return "sources.html", {"sources": rows, "references": ctx.notes.references}

    def view_source(self, ctx: PageContext, spec: PageSpec, backlinks: Backlinks):
        source = self.content.sources[spec.key]
        cleaned = self.site.cleaned[spec.key]
        ctx.title = source.label
        ctx.use(f"source:{source.id}")
        anchors = [a for a in self.site.anchors.values() if a.source == source.id]
        cited = {a.passage_id: a for a in anchors if f"{source.id}#{a.passage_id}" in backlinks.passages}
        blocks = [self.block_view(ctx, source.id, block, cited, backlinks) for block in cleaned.blocks]
        citing_pages: dict[str, str] = {}
        for a in cited.values():
            for target, label in backlinks.passages[f"{source.id}#{a.passage_id}"]:
                citing_pages.setdefault(target.split("#")[0], label)
        compare_rows = []
        ctx.use(f"refs:source:{source.id}")
        for comparison in sorted(self.comparisons.values(), key=lambda x: x.claim.id):
            mine = comparison.by_source(source.id)
            if mine is None:
                continue
            ctx.use(f"claim:{comparison.claim.id}")
            if mine.cell != "agrees":
                compare_rows.append({"question": comparison.claim.question, "value": mine.wording,
                                     "cell": mine.cell, "badge": badge(comparison, mine),
                                     "href": ctx.rel(urls.record("claim", comparison.claim.id))})
        return "source.html", {
            "source": source, "meta": _source_meta(source), "blocks": blocks,
            "raw_href": ctx.rel(urls.raw_seed(source.id)), "report": cleaned.report,
            "cited_count": len(cited), "citing_pages": [{"href": ctx.rel(p), "label": l} for p, l in sorted(citing_pages.items())],
            "summary": ctx.text(source.summary), "compare": compare_rows,
            "references": ctx.notes.references,
        }

    def block_view(self, ctx: PageContext, source_id: str, block: Block, cited: dict, backlinks: Backlinks) -> dict:
        ranges: list[Range] = []
        for span in block.spans:
            if span.kind == "strong":
                ranges.append(Range(span.start, span.end, "<strong>", "</strong>"))
            elif span.kind == "lang":
                rule = next((r for r in self.content.sources[source_id].cleaning.languages if r.lang == span.value), None)
                gloss = rule.gloss.get(block.text[span.start:span.end], "") if rule else ""
                after = (f' <span class="gloss">[editors\' translation: {Markup.escape(gloss)}]</span>'
                         if gloss else "")
                ranges.append(Range(span.start, span.end, f'<span lang="{span.value}">', "</span>", after=after))
            elif span.kind == "refmark":
                ranges.append(Range(span.start, span.end, f'<a class="refmark" href="#ref-{span.value}">', "</a>"))
        marks = []
        for anchor in cited.values():
            start, end = max(anchor.start, block.start), min(anchor.end, block.end)
            if start >= end:
                continue
            first = anchor.start >= block.start
            ranges.append(Range(start - block.start, end - block.start,
                                f'<mark class="cited" id="{anchor.passage_id}">' if first else '<mark class="cited">',
                                "</mark>", '<mark class="cited">'))
            if first:
                marks.append({"id": anchor.passage_id, "exact": anchor.exact,
                              "pages": [{"href": ctx.rel(t), "label": l}
                                        for t, l in backlinks.passages[f"{source_id}#{anchor.passage_id}"]]})
        if block.kind != "heading":
            for mention in self.mentions_by_block.get((source_id, block.id), ()):
                if mention in self.linked_mentions and not _crosses(mention, ranges):
                    href = ctx.entity(*mention.entity)["href"]
                    ranges.append(Range(mention.start, mention.end, f'<a class="entity" href="{href}">', "</a>"))
        return {"id": block.id, "kind": block.kind, "level": block.level,
                "html": render_ranges(block.text, ranges), "marks": sorted(marks, key=lambda x: x["id"])}

    # people and organizations

    def view_people(self, ctx: PageContext, spec: PageSpec, backlinks: Backlinks):
        ctx.title = "People"
        rows = []
        for person in sorted(self.content.people.values(), key=lambda p: _sort_name(p.name)):
            link = ctx.entity("person", person.id)
            ctx.use(f"person:{person.id}")  # shows a role and mention counts, not only the name
            rows.append({**link, "role": person.roles[0].title if person.roles else "",
                         "mentions": len(self.mentions_by_entity[("person", person.id)]),
                         "sources": len({x.source for x in self.mentions_by_entity[("person", person.id)]})})
        return "people.html", {"people": rows, "references": ctx.notes.references}

    def view_organizations(self, ctx: PageContext, spec: PageSpec, backlinks: Backlinks):
        ctx.title = "Organizations"
        groups: dict[str, list] = defaultdict(list)
        for org in sorted(self.content.organizations.values(), key=lambda o: o.name.lower()):
            link = ctx.entity("organization", org.id)
            ctx.use(f"organization:{org.id}")  # shows its kind and mention counts, not only the name
            groups[org.kind].append({**link, "mentions": len(self.mentions_by_entity[("organization", org.id)]),
                                     "sources": len({x.source for x in self.mentions_by_entity[("organization", org.id)]})})
        ordered = [(KIND_LABELS.get(k, k), groups[k]) for k in m.ORGANIZATION_KINDS if k in groups]
        return "organizations.html", {"groups": ordered, "references": ctx.notes.references}

    def entity_common(self, ctx: PageContext, entity: Entity, backlinks: Backlinks) -> dict:
        ctx.self_entity = entity
        ctx.use(f"refs:{entity[0]}:{entity[1]}")  # lists the events and claims that refer to it
        by_source: dict[str, list] = defaultdict(list)
        for mention in self.mentions_by_entity[entity]:
            block = next(b for b in self.site.cleaned[mention.source].blocks if b.id == mention.block_id)
            before, name, after = snippet(block.text, mention.start, mention.end)
            by_source[mention.source].append({"before": before, "name": name, "after": after,
                                              "href": ctx.rel(urls.passage(mention.source, mention.block_id))})
            ctx.use(f"name:source:{mention.source}", f"text:source:{mention.source}")  # label and snippet
        mentions = [{"source": sid, "label": self.source_labels[sid], "items": items,
                     "href": ctx.rel(urls.record("source", sid))} for sid, items in sorted(by_source.items())]
        events = [self.event_link(ctx, e) for e in self.events_by_entity[entity]]
        claims = []
        for cid in self.claims_by_entity[entity]:
            ctx.use(f"claim:{cid}")
            comparison = self.comparisons.get(cid)
            claims.append({"question": self.content.claims[cid].question, "href": ctx.rel(urls.record("claim", cid)),
                           "status": comparison.status if comparison else SINGLE})
        links_here = [{"href": ctx.rel(path), "label": label} for path, label in backlinks.entities.get(entity, [])
                      if path != ctx.path]
        kind, record_id = entity
        record = self.content.people[record_id] if kind == "person" else self.content.organizations[record_id]
        return {"mentions": mentions, "mention_count": sum(len(x["items"]) for x in mentions),
                "events": events, "claims": claims, "links_here": links_here, "aliases": list(record.aliases)}

    def event_link(self, ctx: PageContext, entry: TimelineEntry) -> dict:
        ctx.use(f"event:{entry.event.id}")
        return {**_event_date(entry), "id": entry.event.id, "title": entry.event.title,
                "href": ctx.rel(urls.record("event", entry.event.id))}

    def view_person(self, ctx: PageContext, spec: PageSpec, backlinks: Backlinks):
        person = self.content.people[spec.key]
        ctx.title = person.name
        ctx.use(f"person:{person.id}")
        common = self.entity_common(ctx, ("person", person.id), backlinks)
        roles = [{"title": r.title, "organization": ctx.entity("organization", r.organization.id) if r.organization else None,
                  "start": r.start.label if r.start else "", "end": r.end.label if r.end else "",
                  "cite": ctx.text(r.cite, inline=True)} for r in person.roles]
        return "person.html", {"person": person, "summary": ctx.text(person.summary), "roles": roles,
                               "jsonld": {"@context": "https://schema.org", "@type": "Person", "name": person.name,
                                          "alternateName": list(person.aliases)},
                               **common, "references": ctx.notes.references}

    def view_organization(self, ctx: PageContext, spec: PageSpec, backlinks: Backlinks):
        org = self.content.organizations[spec.key]
        ctx.title = org.name
        ctx.use(f"organization:{org.id}")
        common = self.entity_common(ctx, ("organization", org.id), backlinks)
        relationships = []
        for rel in org.relationships:
            kind = "person" if rel.target.id in self.content.people else "organization"
            relationships.append({"relation": rel.relation, "target": ctx.entity(kind, rel.target.id),
                                  "cite": ctx.text(rel.cite, inline=True)})
        people = []
        ctx.use(f"refs:organization:{org.id}")  # lists the people whose roles refer to it
        for person in sorted(self.content.people.values(), key=lambda p: _sort_name(p.name)):
            for role in person.roles:
                if role.organization and role.organization.id == org.id:
                    ctx.use(f"person:{person.id}")
                    people.append({"person": ctx.entity("person", person.id), "title": role.title,
                                   "cite": ctx.text(role.cite, inline=True)})
        return "organization.html", {"org": org, "kind_label": KIND_LABELS.get(org.kind, org.kind),
                                     "summary": ctx.text(org.summary), "relationships": relationships,
                                     "people": people,
                                     "jsonld": {"@context": "https://schema.org", "@type": "Organization",
                                                "name": org.name, "alternateName": list(org.aliases)},
                                     **common, "references": ctx.notes.references}

    # timeline

    def view_timeline(self, ctx: PageContext, spec: PageSpec, backlinks: Backlinks):
        ctx.title = "Timeline"
        years: dict[int, dict[str, list]] = {}
        titles = {e.id: e.title for e in self.content.events.values()}
        for entry in self.site.timeline:
            event = entry.event
            ctx.use(f"event:{event.id}")
            if entry.relative_to:
                ctx.use(f"event:{entry.relative_to}")
            year = years.setdefault(entry.year, {"dated": [], "year_only": []})
            year["year_only" if entry.year_only else "dated"].append({
                **_event_date(entry), "id": event.id, "title": event.title, "summary": ctx.text(event.summary),
                "after": {"title": titles[entry.relative_to], "href": f"#{entry.relative_to}"} if entry.relative_to else None,
                "people": [ctx.entity("person", r.id) for r in event.people],
                "organizations": [ctx.entity("organization", r.id) for r in event.organizations],
                "alternatives": [{"date": a.date.label, "iso": a.date.iso, "summary": ctx.text(a.summary)}
                                 for a in event.alternatives]})
        inferred = sum(1 for entry in self.site.timeline if entry.event.inferred)
        return "timeline.html", {"years": sorted(years.items()), "count": len(self.site.timeline),
                                 "inferred": inferred, "references": ctx.notes.references}

    # claims

    def view_claims(self, ctx: PageContext, spec: PageSpec, backlinks: Backlinks):
        ctx.title = "Comparisons"
        groups: dict[str, list] = defaultdict(list)
        for cid, claim in sorted(self.content.claims.items()):
            ctx.use(f"claim:{cid}")
            comparison = self.comparisons.get(cid)
            status = comparison.status if comparison else SINGLE
            groups[status].append({"question": claim.question, "href": ctx.rel(urls.record("claim", cid)),
                                   "status": status, "count": len(comparison.statements) if comparison else 0})
        ordered = [(STATUS[s].text, s, groups[s]) for s in STATUSES if s in groups]
        return "claims.html", {"groups": ordered, "matrix_href": ctx.rel(urls.MATRIX), "references": ctx.notes.references}

    def view_matrix(self, ctx: PageContext, spec: PageSpec, backlinks: Backlinks):
        ctx.title = "Who says what: the comparison matrix"
        sources = [{"id": sid, "label": s.label, "href": ctx.rel(urls.record("source", sid))}
                   for sid, s in sorted(self.content.sources.items())]
        ctx.use(*(f"name:source:{s['id']}" for s in sources))
        rows = []
        for cid, claim in sorted(self.content.claims.items()):
            ctx.use(f"claim:{cid}")
            comparison = self.comparisons.get(cid)
            cells = []
            for source in sources:
                statement = comparison.by_source(source["id"]) if comparison else None
                if statement is None:
                    cells.append({"cell": "silent", "href": None, "value": "", "badge": ""})
                else:
                    cells.append({"cell": statement.cell, "value": statement.wording,
                                  "badge": badge(comparison, statement),  # type: ignore[arg-type]
                                  "href": ctx.notes.passage_href(statement.anchor)})
            rows.append({"question": claim.question, "href": ctx.rel(urls.record("claim", cid)),
                         "status": comparison.status if comparison else SINGLE, "cells": cells})
        return "matrix.html", {"sources": sources, "rows": rows, "references": ctx.notes.references}

    def view_claim(self, ctx: PageContext, spec: PageSpec, backlinks: Backlinks):
        claim = self.content.claims[spec.key]
        ctx.title = claim.question
        ctx.use(f"claim:{claim.id}")
        comparison = self.comparisons.get(claim.id)
        columns = []
        for sid, source in sorted(self.content.sources.items()):
            statement = comparison.by_source(sid) if comparison else None
            if statement is None:
                ctx.use(f"name:source:{sid}")
                columns.append({"source": sid, "label": source.label, "cell": "silent",
                                "source_href": ctx.rel(urls.record("source", sid))})
                continue
            ctx.use(f"name:source:{sid}", f"text:source:{sid}")   # its label and the quote's context
            columns.append({"source": sid, "label": source.label, "cell": statement.cell,
                            "badge": badge(comparison, statement),  # type: ignore[arg-type]
                            "position": comparison.position(statement.position).label,  # type: ignore[union-attr]
                            "value": statement.wording if statement.value is not None else "",
                            "normalized": _explanation(statement),
                            "quotes": [{"prefix": a.prefix.rsplit("\n\n", 1)[-1], "exact": a.exact,
                                        "suffix": a.suffix.split("\n\n", 1)[0], "marker": ctx.notes.marker(a),
                                        "href": ctx.notes.passage_href(a)} for a in statement.anchors],
                            "href": ctx.notes.passage_href(statement.anchor),
                            "note": ctx.text(statement.statement.note),
                            "source_href": ctx.rel(urls.record("source", sid))})
        labels = self.source_labels
        positions, relations = [], []
        if comparison is not None:
            cells = {s.position: s.cell for s in comparison.statements}
            positions = [{"id": p.id, "label": p.label, "cell": cells[p.id], "count": len(p.sources),
                          "sources": [labels[s] for s in p.sources], "majority": p.id in comparison.bloc}
                         for p in comparison.positions]
            names = {p.id: p.label for p in comparison.positions}
            relations = [{"a": names[r.a], "b": names[r.b], "kind": r.kind, "words": RELATION[r.kind],
                          "reason": ctx.text(r.reason)} for r in comparison.relations
                         if r.kind != "conflict" or len(comparison.positions) <= 4]
        people = [ctx.entity("person", r.id) for r in claim.people]
        orgs = [ctx.entity("organization", r.id) for r in claim.organizations]
        status = comparison.status if comparison else SINGLE
        return "claim.html", {"claim": claim, "status": status, "columns": columns, "positions": positions,
                              "relations": relations, "note": ctx.text(claim.note), "people": people,
                              "organizations": orgs, "matrix_href": ctx.rel(urls.MATRIX),
                              "claims_href": ctx.rel(urls.CLAIMS),
                              "references": ctx.notes.references}


KIND_LABELS = {"company": "Companies", "ai-lab": "AI labs", "research-lab": "Research labs",
               "government": "Government", "news-outlet": "News outlets", "university": "Universities",
               "investor": "Investors", "product": "Products and teams", "other": "Other"}


def _explanation(statement: ComparedStatement) -> str:
    """The site's reading of a value, shown beside the article's words when it says more."""
    value = statement.value
    if value is None:
        return ""
    normalized = value.normalized
    return "" if normalized.casefold() == value.text.casefold() else normalized


def _event_date(entry: TimelineEntry) -> dict:
    """How an event's date is shown: its label, machine-readable form, precision, and whether
    the articles state it."""
    event = entry.event
    return {"date": entry.label, "iso": event.date.iso if event.date else "",
            "precision": event.date.precision if event.date else "relative",
            "inferred": event.inferred, "date_reason": event.date_reason}


def _crosses(mention: Mention, ranges: Iterable[Range]) -> bool:
    """A link may sit inside a highlight or contain one, but never half-overlap it."""
    for r in ranges:
        if r.start < mention.end and mention.start < r.end:
            inside = r.start <= mention.start and mention.end <= r.end
            contains = mention.start <= r.start and r.end <= mention.end
            if not (inside or contains):
                return True
    return False


def _sort_name(name: str) -> str:
    parts = name.split()
    return (parts[-1] + " " + " ".join(parts[:-1])).lower()


def plain_text(text: "m.Text | str | None", limit: int = 200) -> str:
    """A text field as one plain line for meta descriptions: no markers, no Markdown, cut at a word."""
    import re

    from .citations import MARKER_RE

    value = getattr(text, "value", text) or ""
    value = MARKER_RE.sub("", value)
    value = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", value)          # [label](target) -> label
    value = re.sub(r"[*_`#>]+", "", value)
    value = " ".join(value.split()).replace(" .", ".").replace(" ,", ",")
    if len(value) > limit:
        value = value[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return value


def _source_meta(source: m.Source) -> list[tuple[str, str]]:
    unknown = "not stated in the article"
    return [("Title", source.title or unknown), ("Outlet", source.outlet or unknown),
            ("Author", source.author or unknown), ("Date", source.date.label if source.date else unknown),
            ("Address", source.url or unknown)]




def collect_backlinks(site: Site, pages: Iterable[RenderedPage], labels: dict[str, str]) -> Backlinks:
    passages: dict[str, list[tuple[str, str]]] = {}
    entities: dict[Entity, list[tuple[str, str]]] = {}
    for page in sorted(pages, key=lambda p: p.path):
        for source, passage_id, marker_id in page.cites:
            passages.setdefault(f"{source}#{passage_id}", []).append((f"{page.path}#{marker_id}", labels[page.path]))
        for entity in sorted(page.entity_links):
            entities.setdefault(entity, []).append((page.path, labels[page.path]))
    return Backlinks(passages, entities)
