"""Stage 3, `render`: the resolved site -> HTML pages, each knowing its inputs.

Views (render/views/) turn the resolved site into typed data; templates only present it.
Each page records the records, sources and templates it used (`deps`), the passages it
cites and the entities it links to - which is how source pages get backlinks and entity
pages get "pages that link here", and how an incremental build knows what a change touches.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
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
from .templates import make_environment, template_deps
from .views.common import lang_attr

__all__ = ["PAGE_KINDS", "Backlinks", "PageSet", "PageSpec", "RenderedPage", "Renderer", "page_specs", "render_pages"]


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

    def render(self, spec: PageSpec, backlinks: Backlinks, html: bool = True) -> RenderedPage:
        """One page. With `html` False only its view runs: what it cites and links to (which the
        views alone decide: markers and entity links are made there), without the template."""
        with self.activated():
            return self._render(spec, backlinks, html)

    def _render(self, spec: PageSpec, backlinks: Backlinks, html: bool) -> RenderedPage:
        with links.recording() as written:
            return self._render_recorded(spec, backlinks, html, written)

    def _render_recorded(self, spec: PageSpec, backlinks: Backlinks, html: bool,
                         written: links.PageLinks) -> RenderedPage:
        ctx = PageContext(self, spec)
        template, data = PAGE_KINDS[spec.kind].view(ctx, spec, backlinks)
        ctx.deps.update(template_deps(self.env, template), (deps.SITE,))
        cites = tuple((n.anchor.source, n.anchor.passage_id, n.marker_id)
                      for n in sorted(ctx.notes.notes.values(), key=lambda n: n.number))
        if not html:
            return RenderedPage(spec.path, spec.kind, b"", frozenset(ctx.deps), cites, frozenset(ctx.entity_links))
        page = PageInfo(spec.kind, spec.path, ctx.title, i18n.gettext(ctx.search_label) if ctx.search_label else None,
                        ctx.noindex)
        body = self.env.get_template(template).render(page=page, site=self.site_view(ctx),
                                                      references=ctx.notes.references(), **data)
        return RenderedPage(spec.path, spec.kind, body.encode("utf-8"), frozenset(ctx.deps), cites,
                            frozenset(ctx.entity_links), frozenset(written.links), frozenset(written.ids))

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
class PageSet:
    """Both passes' pages, and what each second-pass page read of the backlinks."""

    first: Mapping[str, RenderedPage]                # pass 1, without backlinks: what each page cites and links
    final: Mapping[str, RenderedPage]                # the pages as written, in page_specs order
    backlinks: Backlinks
    reads: Mapping[str, frozenset[BacklinkRead]]     # second-pass page path -> backlinks it looked up


def render_pages(renderer: Renderer, specs: list[PageSpec], previous: PageSet | None = None,
                 stale: Callable[[PageSpec], bool] = lambda spec: True, first: Iterable[str] = (),
                 ready: Callable[[RenderedPage], None] | None = None) -> PageSet:
    """Render the pages in two passes; raises jinja2.TemplateError.

    With `previous` (the dev server's last build), a page is rendered again in pass 1 only
    if `stale` says a change touched its inputs, and in pass 2 only if it was stale or a
    backlink it looked up changed; every other page is reused as it was. The full build is
    the case where nothing is reused, so both share this one code path.

    The dev server also names the pages open in a browser (`first`): they are rendered
    before the others in each pass, and `ready` gets each of them as soon as its final
    version exists, so the page being looked at is served before the rest is done.

    One process renders everything: forked workers were measured not to pay on a 2-core
    machine (the real site: 0.50 s on one process, 0.54 s on two; 2,695 pages: 5.7 s, 4.8 s;
    10,735 pages: 38 s, 62 s - sending the pages back costs what the second core gains)."""
    wanted = frozenset(first)
    order = sorted(specs, key=lambda spec: spec.path not in wanted)     # stable: the page order otherwise

    def reusable(spec: PageSpec) -> bool:
        return previous is not None and spec.path in previous.first and not stale(spec)

    def done(spec: PageSpec, page: RenderedPage) -> RenderedPage:
        if ready is not None and spec.path in wanted and (previous is None or previous.final.get(spec.path) is not page):
            ready(page)
        return page

    empty = Backlinks({}, {})
    rendered: dict[str, RenderedPage] = {}
    for spec in order:
        if reusable(spec):
            page = previous.first[spec.path]  # type: ignore[union-attr]
        else:
            # a page that lists backlinks is rendered again below: here only what it cites and links counts
            page = renderer.render(spec, empty, html=not PAGE_KINDS[spec.kind].backlinks)
        rendered[spec.path] = done(spec, page) if not PAGE_KINDS[spec.kind].backlinks else page
    first_pass = {spec.path: rendered[spec.path] for spec in specs}
    with renderer.activated():
        labels = {spec.path: page_label(renderer.site.content, spec) for spec in specs}
    backlinks = collect_backlinks(renderer.site, first_pass.values(), labels)
    reads: dict[str, frozenset[BacklinkRead]] = {}
    second = []
    for spec in order:
        if not PAGE_KINDS[spec.kind].backlinks:
            continue
        if reusable(spec) and spec.path in previous.reads and not backlinks_changed(  # type: ignore[union-attr]
                previous.reads[spec.path], previous.backlinks, backlinks):  # type: ignore[union-attr]
            rendered[spec.path], reads[spec.path] = previous.final[spec.path], previous.reads[spec.path]  # type: ignore[union-attr]
        else:
            second.append(spec)
    for spec in second:
        log: set[BacklinkRead] = set()
        seen = Backlinks(_ReadLog(backlinks.passages, "passages", log), _ReadLog(backlinks.entities, "entities", log))
        rendered[spec.path], reads[spec.path] = done(spec, renderer.render(spec, seen)), frozenset(log)
    final = {spec.path: rendered[spec.path] for spec in specs}
    return PageSet(first_pass, final, backlinks, reads)


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


def collect_backlinks(site: Site, pages: Iterable[RenderedPage], labels: dict[str, str]) -> Backlinks:
    """Who cites each passage and who links to each entity, from what every page recorded."""
    passages: dict[str, list[tuple[str, str]]] = {}
    entities: dict[Entity, list[tuple[str, str]]] = {}
    for page in sorted(pages, key=lambda p: p.path):
        if PAGE_KINDS[page.kind].card_of:
            continue        # a card repeats its page in another site's frame: not a page that cites
        for source, passage_id, marker_id in page.cites:
            passages.setdefault(f"{source}#{passage_id}", []).append((f"{page.path}#{marker_id}", labels[page.path]))
        for entity in sorted(page.entity_links):
            entities.setdefault(entity, []).append((page.path, labels[page.path]))
    return Backlinks(passages, entities)
