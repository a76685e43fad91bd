"""Stage 3, `render`: the resolved site -> HTML pages, each knowing its inputs.

Views (render/views/) turn the resolved site into typed data; templates only present it.
Each page records the records, sources and templates it used (`deps`), the passages it
cites and the entities it links to - which is how source pages get backlinks and entity
pages get "pages that link here", and how an incremental build knows what a change touches.
Every page is rendered once: the sections that list backlinks are filled in afterwards (slots.py).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from .. import deps, i18n, urls
from .. import model as m
from ..kinds import HOME_PAGE_ID
from ..resolve import Site, owner_label
from ..resolve.mentions import Entity
from ..theme import Theme
from . import links
from .context import Backlinks, PageContext, PageSpec, RenderedPage
from .pages import PAGE_KINDS, SECTIONS, PageKind, page_specs
from .slots import Span, fill_slots, render_block, unfill
from .templates import make_environment, template_deps
from .views.common import lang_attr

__all__ = ["PAGE_KINDS", "Backlinks", "PageSet", "PageSpec", "RenderedPage", "Renderer", "finishing_groups", "page_specs",
           "render_pages"]


class Renderer:
    """Renders one page at a time for a resolved site; holds nothing but what every page shares."""

    page_kinds: Mapping[str, PageKind] = PAGE_KINDS

    def __init__(self, site: Site, theme: Theme, build_date: str, base_url: str = "",
                 env: jinja2.Environment | None = None, bytecode: Path | jinja2.BytecodeCache | None = None):
        self.site = site
        self.theme = theme
        self.build_date = build_date
        self.base_url = base_url.rstrip("/") + "/" if base_url else ""
        self.source_labels = {sid: s.label for sid, s in site.content.sources.items()}
        # ' lang="en"' on an article's words where it is not in the site's language (made once)
        self.source_langs = {sid: lang_attr(s, site.content.site.language) for sid, s in site.content.sources.items()}
        # an incremental build passes the previous build's environment: its templates stay compiled
        self.env = env if env is not None else make_environment(theme, bytecode)
        # load checked the language (load.language_problems): a catalog exists for it
        self.locale = i18n.site_locale(site.content.site.language, theme.catalog_dirs)

    def activated(self):
        """The site's locale, for everything a page says (views, charts, templates)."""
        return i18n.activated(self.locale, i18n.translations(self.locale))

    def __getstate__(self) -> dict:
        """A persisted build keeps what the renderer rendered with, not its compiled templates."""
        return {**self.__dict__, "env": None}

    def render(self, spec: PageSpec) -> RenderedPage:
        """One page, rendered once: what it cites and links to is recorded as its view makes the
        markers and entity links. A page kind that lists backlinks leaves slots for them (`fill`)."""
        with self.activated():
            return self._render(spec)

    def _render(self, spec: PageSpec) -> RenderedPage:
        with links.recording() as written:
            return self._render_recorded(spec, written)

    def _render_recorded(self, spec: PageSpec, written: links.PageLinks) -> RenderedPage:
        ctx = PageContext(self, spec)
        template, data = PAGE_KINDS[spec.kind].view(ctx, spec, NO_BACKLINKS)
        ctx.deps.update(template_deps(self.env, template), (deps.SITE,))
        cites = tuple((n.anchor.source, n.anchor.passage_id, n.marker_id)
                      for n in sorted(ctx.notes.notes.values(), key=lambda n: n.number))
        page = PageInfo(spec.kind, spec.path, ctx.title, i18n.gettext(ctx.search_label) if ctx.search_label else None,
                        ctx.noindex)
        body = self.env.get_template(template).render(page=page, site=self.site_view(ctx),
                                                      references=ctx.notes.references(), **data)
        return RenderedPage(spec.path, spec.kind, body.encode("utf-8"), frozenset(ctx.deps), cites,
                            frozenset(ctx.entity_links), frozenset(written.links), frozenset(written.ids))

    def fill(self, spec: PageSpec, page: RenderedPage, body: bytes, backlinks: Backlinks
             ) -> tuple[RenderedPage, tuple[Span, ...]]:
        """The page of `page`'s record and the `body` `render` made, its backlinks sections filled
        from the complete tables, and where they went; what the sections read and link is added to
        what the page recorded. Raises jinja2.TemplateError."""
        backfill = PAGE_KINDS[spec.kind].backlinks
        assert backfill is not None, spec.kind
        with self.activated(), links.recording() as written:
            ctx = PageContext(self, spec)
            sections = {name: render_block(self.env, backfill.template, name.split(":", 1)[0], data)
                        for name, data in backfill.fill(ctx, spec, backlinks).items()}
        if ctx.notes.notes:
            # the tables of citations are made before any section is filled: a section cannot cite
            raise RuntimeError(f"{spec.kind} pages: a backlinks section cited a passage")
        ctx.deps.update(template_deps(self.env, backfill.template))
        filled, spans = fill_slots(body, sections, page.path)
        return RenderedPage(page.path, page.kind, filled, page.deps | ctx.deps, page.cites,
                            page.entity_links | ctx.entity_links, page.links | written.links,
                            page.ids | written.ids), spans

    def site_view(self, ctx: PageContext) -> dict:
        """What every page shows of the site: its title, navigation and assets."""
        c = self.site.content
        nav = [{"title": p.nav_title or p.title, "href": ctx.rel(urls.record("page", p.id)),
                "current": ctx.path == urls.record("page", p.id)}
               for p in sorted(c.pages.values(), key=lambda p: (p.nav, p.id)) if p.nav and p.id != HOME_PAGE_ID]
        # a narrative page with a `role:` is linked from the index of that name (model.PAGE_ROLES)
        roles = {p.role: {"title": p.title, "href": ctx.rel(urls.record("page", p.id))}
                 for p in sorted(c.pages.values(), key=lambda p: p.id, reverse=True) if p.role}
        return {
            "title": c.site.title, "description": c.site.description, "language": c.site.language,
            "dir": self.locale.direction, "locale": self.locale.babel, "source_langs": self.source_langs,
            "subject": c.site.subject, "roles": roles, "counts": {"sources": len(c.sources)},
            "home": ctx.rel(urls.HOME), "css": ctx.rel("assets/style.css"), "js": ctx.rel("assets/site.js"),
            "favicon": ctx.rel("assets/favicon.svg"), "search": ctx.rel(urls.SEARCH),
            "feed": ctx.rel("feed.xml"), "data": ctx.rel(urls.DATA),
            "nav": nav,
            "links": {"timeline": ctx.rel(urls.TIMELINE), "claims": ctx.rel(urls.CLAIMS), "matrix": ctx.rel(urls.MATRIX),
                      "people": ctx.rel(urls.PEOPLE), "organizations": ctx.rel(urls.ORGANIZATIONS),
                      "sources": ctx.rel(urls.SOURCES), "search_js": ctx.rel("assets/search.js"),
                      "pagefind": ctx.rel("pagefind/pagefind.js")},
            "sections": [{"title": i18n.gettext(t), "href": ctx.rel(u), "current": ctx.path.split("/")[0] == u.split("/")[0]
                          and ctx.path != urls.HOME and not (u == urls.TIMELINE and ctx.path != u)}
                         for t, u in SECTIONS],
            "canonical": self.base_url + ctx.path if self.base_url else "",
            "build_date": self.build_date,
        }


@dataclass(frozen=True)
class PageInfo:
    """What a template knows of its page: read-only, nothing with side effects."""

    kind: str
    path: str
    title: str
    search_label: str | None
    noindex: bool


def page_label(content: m.Content, spec: PageSpec) -> str:
    """How lists of pages (backlinks) name a page."""
    kind = PAGE_KINDS[spec.kind]
    return owner_label(content, (kind.record, spec.key)) if kind.record else i18n.gettext(kind.label)


BacklinkRead = tuple[str, object]   # ("passages" | "entities", key looked up, or ALL_KEYS when iterated)
ALL_KEYS = "*"


@dataclass(frozen=True)
class Filled:
    """A page's backlinks sections as filled: what filling them looked up, and where they are."""

    reads: frozenset[BacklinkRead]
    spans: tuple[Span, ...]             # in the page's bytes: filled again there, the view does not run


@dataclass(frozen=True)
class PageSet:
    """Every page as rendered (once), and as written: with its backlinks sections filled."""

    first: Mapping[str, RenderedPage]   # what each page's view recorded (the page itself for a page
                                        # without backlinks sections; else no bytes: those are `final`'s)
    final: Mapping[str, RenderedPage]   # the pages as written, in page_specs order
    backlinks: Backlinks
    filled: Mapping[str, Filled]        # page with backlinks sections -> how they were filled


FILL_ORDER = ("passages", "entities")     # the backlinks tables, in the order they are whole and filled


def finishing_groups(specs: Iterable[PageSpec]) -> list[list[str]]:
    """The pages' paths in the groups `render_pages` finishes them in: the pages without
    backlinks sections and those showing the passages table (whole once every page is rendered),
    then those showing the entities table (whole only once the first are filled)."""
    groups: list[list[str]] = [[] for _ in FILL_ORDER]
    for spec in specs:
        backfill = PAGE_KINDS[spec.kind].backlinks
        groups[FILL_ORDER.index(backfill.reads) if backfill else 0].append(spec.path)
    return groups


def render_pages(renderer: Renderer, specs: list[PageSpec], previous: PageSet | None = None,
                 stale: Callable[[PageSpec], bool] = lambda spec: True, first: Iterable[str] = (),
                 ready: Callable[[RenderedPage], None] | None = None,
                 finished: Callable[[RenderedPage], None] | None = None,
                 rank: Callable[[str], int] | None = None) -> PageSet:
    """Render every page once, then fill the backlinks sections; raises jinja2.TemplateError.

    What a page cites and links is known once its view has run; backlinks need every page's.
    So: every page is rendered (the kinds that list backlinks with slots); the citations make
    the passages table; the slots that show it are filled (source pages: their text, whose
    mentions link entities); every link is then known and makes the entities table; the slots
    that show it are filled (person and organization pages). A section never cites, and one
    showing the entities table links nothing: each table is whole before it is read.

    With `previous` (the dev server's last build), a page is rendered again only if `stale`
    says a change touched its inputs, and its slots are filled again only if it was rendered
    or a backlink they looked up changed (from the page as rendered: its view does not run);
    every other page is reused as it was. The full build is the case where nothing is reused,
    so both share this one code path.

    The dev server also names the pages open in a browser (`first`): they are rendered
    before the others, and `ready` gets each of them as soon as its final version exists,
    so the page being looked at is served before the rest is done.

    A build names what to do with each page once its final version exists (`finished`: it is
    staged, and its search shard indexed once whole) and the order to fill pages in (`rank`,
    of their path: the search shards'), so that whole shards are ready early.

    One process renders everything: forked workers were measured not to pay on a 2-core
    machine (the real site: 0.50 s on one process, 0.54 s on two; 2,695 pages: 5.7 s, 4.8 s;
    10,735 pages: 38 s, 62 s - sending the pages back costs what the second core gains)."""
    wanted = frozenset(first)
    order = sorted(specs, key=lambda spec: spec.path not in wanted)     # stable: the page order otherwise

    def reusable(spec: PageSpec) -> bool:
        return (previous is not None and spec.path in previous.first and not stale(spec)
                and (not PAGE_KINDS[spec.kind].backlinks or spec.path in previous.filled))

    def done(spec: PageSpec, page: RenderedPage) -> RenderedPage:
        if ready is not None and spec.path in wanted and (previous is None or previous.final.get(spec.path) is not page):
            ready(page)
        if finished is not None:
            finished(page)
        return page

    rendered: dict[str, RenderedPage] = {}
    bodies: dict[str, bytes] = {}       # pages with slots rendered this time, until they are filled
    for spec in order:
        if reusable(spec):
            rendered[spec.path] = previous.first[spec.path]  # type: ignore[union-attr]
            if not PAGE_KINDS[spec.kind].backlinks:
                done(spec, rendered[spec.path])
        elif PAGE_KINDS[spec.kind].backlinks:
            page = renderer.render(spec)
            # the bytes are kept once, filled: what the view recorded is all `first` keeps
            rendered[spec.path], bodies[spec.path] = replace(page, body=b""), page.body
        else:
            rendered[spec.path] = done(spec, renderer.render(spec))
    with renderer.activated():
        labels = {spec.path: page_label(renderer.site.content, spec) for spec in specs}
    final = dict(rendered)
    filled: dict[str, Filled] = {}
    # the open pages first, then by rank (stable: the page order otherwise)
    fill_order = order if rank is None else sorted(order, key=lambda spec: (spec.path not in wanted, rank(spec.path)))

    def fill(table: str, tables: Backlinks) -> None:
        """Fill the slots of every page whose sections show `table`."""
        for spec in fill_order:
            backfill = PAGE_KINDS[spec.kind].backlinks
            if backfill is None or backfill.reads != table:
                continue
            path = spec.path
            if path not in bodies:          # reused as rendered: its sections as filled, or filled again
                before = previous.filled[path]  # type: ignore[union-attr]
                if not backlinks_changed(before.reads, previous.backlinks, tables):  # type: ignore[union-attr]
                    final[path], filled[path] = done(spec, previous.final[path]), before  # type: ignore[union-attr]
                    continue
                bodies[path] = unfill(previous.final[path].body, before.spans)  # type: ignore[union-attr]
            log: set[BacklinkRead] = set()
            seen = Backlinks(_ReadLog(tables.passages, "passages", log), _ReadLog(tables.entities, "entities", log))
            page, spans = renderer.fill(spec, rendered[path], bodies.pop(path), seen)
            if any(read[0] != table for read in log) or (table == "entities" and page.entity_links != rendered[path].entity_links):
                raise RuntimeError(f"{spec.kind} pages: backlinks sections that read or link beyond '{table}'")
            final[path], filled[path] = done(spec, page), Filled(frozenset(log), spans)

    passages = collect_passages(rendered.values(), labels)      # sections never cite: every citation is known
    fill(FILL_ORDER[0], Backlinks(passages, {}))
    backlinks = Backlinks(passages, collect_entities(final.values(), labels))
    fill(FILL_ORDER[1], backlinks)
    return PageSet({spec.path: rendered[spec.path] for spec in specs}, {spec.path: final[spec.path] for spec in specs},
                   backlinks, filled)


class _ReadLog(Mapping):
    """A read-only view of one backlinks table that notes every key looked up (and ALL_KEYS
    when it is iterated or counted): exactly the slice of the backlinks a page depends on."""

    def __init__(self, data: Mapping, table: str, log: set[BacklinkRead]):
        self._data, self._table, self._log = data, table, log

    def __getitem__(self, key):
        self._log.add((self._table, key))
        return self._data[key]

    def __contains__(self, key) -> bool:
        self._log.add((self._table, key))
        return key in self._data

    def __iter__(self):
        self._log.add((self._table, ALL_KEYS))
        return iter(self._data)

    def __len__(self) -> int:
        self._log.add((self._table, ALL_KEYS))
        return len(self._data)


class _NotYet(Mapping):
    """What a view is given for a backlinks table: a view runs before any table is whole, so any
    look-up is a mistake (an empty table would quietly show nothing): show backlinks in a slot."""

    def _refuse(self, *args):
        raise RuntimeError("a view read the backlinks, which are known only once every page is rendered: "
                           "show them in a slot filled by its page kind's Backfill (render/slots.py)")

    __getitem__ = __contains__ = __iter__ = __len__ = _refuse


NO_BACKLINKS = Backlinks(_NotYet(), _NotYet())     # what every view is given (the views keep one signature)


def backlinks_changed(reads: frozenset[BacklinkRead], before: Backlinks, after: Backlinks) -> bool:
    """Did anything a page looked up in the backlinks change between two builds?"""
    for table, key in reads:
        old, new = getattr(before, table), getattr(after, table)
        if key == ALL_KEYS:
            if old.keys() != new.keys():
                return True
        elif old.get(key) != new.get(key):
            return True
    return False


def collect_passages(pages: Iterable[RenderedPage], labels: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """Who cites each passage ("s003#q-..." -> [(page#marker, its label)], by page path)."""
    passages: dict[str, list[tuple[str, str]]] = {}
    for page in sorted(pages, key=lambda p: p.path):
        if PAGE_KINDS[page.kind].card_of:
            continue        # a card repeats its page in another site's frame: not a page that cites
        for source, passage_id, marker_id in page.cites:
            passages.setdefault(f"{source}#{passage_id}", []).append((f"{page.path}#{marker_id}", labels[page.path]))
    return passages


def collect_entities(pages: Iterable[RenderedPage], labels: dict[str, str]) -> dict[Entity, list[tuple[str, str]]]:
    """Who links to each person and organization (entity -> [(page path, its label)], by page path)."""
    entities: dict[Entity, list[tuple[str, str]]] = {}
    for page in sorted(pages, key=lambda p: p.path):
        if PAGE_KINDS[page.kind].card_of:
            continue        # nor a page that links
        for entity in sorted(page.entity_links):
            entities.setdefault(entity, []).append((page.path, labels[page.path]))
    return entities
