"""Stage 3, `render`: the resolved site -> HTML pages, each knowing its inputs.

Views (render/views/) turn the resolved site into typed data; templates only present it.
Each page records the records, sources and templates it used (`deps`), the passages it
cites and the entities it links to - which is how source pages get backlinks and entity
pages get "pages that link here", and how an incremental build knows what a change touches.
Every page is rendered once: the sections that list backlinks are filled in afterwards (slots.py).
"""
from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2

from .. import deps, i18n, urls
from .. import model as m
from ..kinds import HOME_PAGE_ID
from ..resolve import Site, owner_label
from ..theme import Theme
from . import links
from .context import Backlinks, PageContext, PageSpec, RenderedPage
from .pages import PAGE_KINDS, SECTIONS, PageKind, page_specs
from .slots import Span, fill_slots, render_block, unfill
from .templates import make_environment, template_deps
from .views.common import lang_attr

__all__ = ["PAGE_KINDS", "Backlinks", "PageSet", "PageSpec", "RenderedPage", "Renderer", "page_specs",
           "render_pages", "search_groups"]


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

    @functools.cached_property
    def users(self) -> Mapping[str, frozenset[str]]:
        """Each dependency key -> the paths of the pages that used it (a page as written used all
        that its view and its sections read): which pages an edit makes stale, found from the few
        keys that changed, not by looking at each of 40,000 pages. Made when first asked (the
        dev server makes it after its first build); an update passes it on, patched (`_users`)."""
        users: dict[str, set[str]] = defaultdict(set)
        for path, page in self.final.items():
            for key in page.deps:
                users[key].add(path)
        return {key: frozenset(paths) for key, paths in users.items()}

    def using(self, keys: Collection[str]) -> set[str]:
        """The paths of the pages that used any of `keys`: looked up in `users` once it is made,
        else found by looking at each page (a one-off build: once costs less than the index)."""
        if "users" in self.__dict__:     # (where functools.cached_property keeps it)
            return set().union(*(self.users.get(key, ()) for key in keys))
        return {path for path, page in self.final.items() if not page.deps.isdisjoint(keys)}


def _users(previous: PageSet, final: Mapping[str, RenderedPage], made: Iterable[str]) -> dict[str, frozenset[str]]:
    """`previous.users` with the keys of the pages `made` again (the others are the previous
    build's pages) as they now are; the same set of pages."""
    users = dict(previous.users)
    for path in made:
        before, now = previous.final[path].deps, final[path].deps
        if before == now:
            continue        # the common case: a page made again from the same inputs
        for key in before - now:
            users[key] -= {path}
            if not users[key]:
                del users[key]
        for key in now - before:
            users[key] = users.get(key, frozenset()) | {path}
    return users


FILL_ORDER = ("passages", "entities")     # the backlinks tables, in the order they are whole and filled


def search_groups(specs: Iterable[PageSpec]) -> list[list[list[str]]]:
    """The indexed pages' paths in the groups the search index shards apart (write/search.py):
    those `render_pages` finishes together (the pages without backlinks sections and those
    showing the passages table, whole once every page is rendered; then those showing the
    entities table, whole only once the first are filled), each a list of the paths of the
    pages searched under one label (a kind of record's pages, the claims' lists, the indexes...):
    pages that change together with an edit (a claim's question: the claims index and the matrix)
    apart from the many it leaves as they were (the other claims')."""
    groups: list[dict[str, list[str]]] = [{} for _ in FILL_ORDER]
    for spec in specs:
        kind = PAGE_KINDS[spec.kind]
        if kind.search is not None:
            fill = FILL_ORDER.index(kind.backlinks.reads) if kind.backlinks else 0
            groups[fill].setdefault(kind.search, []).append(spec.path)
    return [list(labels.values()) for labels in groups]


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
    so both share this one code path. The tables are then the previous ones with the entries
    of the pages made again replaced (`_Tables`): an edit costs what it touches, not a walk
    over every page's citations and links.

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
    # the open pages first (the page order otherwise)
    order = [s for s in specs if s.path in wanted] + [s for s in specs if s.path not in wanted] if wanted else specs

    def done(spec: PageSpec, page: RenderedPage) -> RenderedPage:
        if ready is not None and spec.path in wanted and (previous is None or previous.final.get(spec.path) is not page):
            ready(page)
        if finished is not None:
            finished(page)
        return page

    rendered: dict[str, RenderedPage] = {}
    bodies: dict[str, bytes] = {}       # pages with slots rendered this time, until they are filled
    fresh: list[PageSpec] = []          # the pages rendered this time (the others are the previous build's)
    for spec in order:
        backfill = PAGE_KINDS[spec.kind].backlinks
        if (previous is not None and spec.path in previous.first and not stale(spec)
                and (backfill is None or spec.path in previous.filled)):
            rendered[spec.path] = page = previous.first[spec.path]
            if backfill is None:
                done(spec, page)
            continue
        fresh.append(spec)
        if backfill is not None:
            page = renderer.render(spec)
            # the bytes are kept once, filled: what the view recorded is all `first` keeps
            rendered[spec.path], bodies[spec.path] = replace(page, body=b""), page.body
        else:
            rendered[spec.path] = done(spec, renderer.render(spec))
    tables = _Tables(renderer, specs, previous)
    final = dict(rendered)
    filled: dict[str, Filled] = {}
    # the open pages first, then by rank (stable: the page order otherwise)
    fill_order = order if rank is None else sorted(order, key=lambda spec: (spec.path not in wanted, rank(spec.path)))

    def fill(table: str, backlinks: Backlinks, changed: frozenset[BacklinkRead] | None) -> list[PageSpec]:
        """Fill the slots of every page whose sections show `table` (reused as they were filled
        when none of the backlinks they read `changed`); the pages filled this time."""
        refilled: list[PageSpec] = []
        for spec in fill_order:
            backfill = PAGE_KINDS[spec.kind].backlinks
            if backfill is None or backfill.reads != table:
                continue
            path = spec.path
            if path not in bodies:          # reused as rendered: its sections as filled, or filled again
                before = previous.filled[path]  # type: ignore[union-attr]
                if changed is not None and before.reads.isdisjoint(changed):
                    final[path], filled[path] = done(spec, previous.final[path]), before  # type: ignore[union-attr]
                    continue
                bodies[path] = unfill(previous.final[path].body, before.spans)  # type: ignore[union-attr]
            log: set[BacklinkRead] = set()
            seen = Backlinks(_ReadLog(backlinks.passages, "passages", log), _ReadLog(backlinks.entities, "entities", log))
            page, spans = renderer.fill(spec, rendered[path], bodies.pop(path), seen)
            if any(read[0] != table for read in log) or (table == "entities" and page.entity_links != rendered[path].entity_links):
                raise RuntimeError(f"{spec.kind} pages: backlinks sections that read or link beyond '{table}'")
            final[path], filled[path] = done(spec, page), Filled(frozenset(log), spans)
            refilled.append(spec)
        return refilled

    # sections never cite: every citation is known
    passages, changed = tables.make("passages", rendered, fresh)
    refilled = fill(FILL_ORDER[0], Backlinks(passages, {}), changed)
    entities, changed = tables.make("entities", final, fresh + refilled)
    backlinks = Backlinks(passages, entities)
    refilled += fill(FILL_ORDER[1], backlinks, changed)
    if wanted:      # in the page order
        rendered, final = {spec.path: rendered[spec.path] for spec in specs}, {spec.path: final[spec.path] for spec in specs}
    pages = PageSet(rendered, final, backlinks, filled)
    if previous is not None and "users" in previous.__dict__ and previous.final.keys() == final.keys():
        # (functools.cached_property keeps it in the instance's __dict__: set here, it is not made again)
        pages.__dict__["users"] = _users(previous, final, {spec.path for spec in (*fresh, *refilled)})
    return pages


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


TableEntries = Callable[[RenderedPage, str], list[tuple[Any, tuple[str, str]]]]


def passage_entries(page: RenderedPage, label: str) -> list[tuple[Any, tuple[str, str]]]:
    """A page's entries in the passages table: ("s003#q-...", (page#marker, its label)), in citation order."""
    if PAGE_KINDS[page.kind].card_of:
        return []       # a card repeats its page in another site's frame: not a page that cites
    return [(f"{source}#{passage_id}", (f"{page.path}#{marker_id}", label)) for source, passage_id, marker_id in page.cites]


def entity_entries(page: RenderedPage, label: str) -> list[tuple[Any, tuple[str, str]]]:
    """A page's entries in the entities table: (entity, (page path, its label)), by entity."""
    if PAGE_KINDS[page.kind].card_of:
        return []       # nor a page that links
    return [(entity, (page.path, label)) for entity in sorted(page.entity_links)]


TABLE_ENTRIES: dict[str, TableEntries] = {"passages": passage_entries, "entities": entity_entries}


def collect(pages: Iterable[RenderedPage], labels: Mapping[str, str], entries: TableEntries) -> dict[Any, list[tuple[str, str]]]:
    """A backlinks table: each key -> the entries of the pages that cite or link it, by page path."""
    table: dict[Any, list[tuple[str, str]]] = {}
    for page in sorted(pages, key=lambda p: p.path):
        for key, entry in entries(page, labels[page.path]):
            table.setdefault(key, []).append(entry)
    return table


def _same_entries(table: Mapping[Any, list[tuple[str, str]]], before: list[tuple[Any, tuple[str, str]]],
                  now: list[tuple[Any, tuple[str, str]]]) -> bool:
    """Are a page's entries `now` those it has in `table` (`before`: its previous entries, labels
    left out)? The same keys and targets, and the label its first entry has in the table."""
    if [(key, href) for key, (href, _) in now] != [(key, href) for key, (href, _) in before]:
        return False
    if not now:
        return True
    key, entry = now[0]
    return entry in table.get(key, ())


def _entry_page(entry: tuple[str, str]) -> str:
    """The path of the page an entry of either table comes from ("page#marker" or "page")."""
    return entry[0].partition("#")[0]


class _Tables:
    """The backlinks tables of one `render_pages`, and which of their keys differ from the previous
    build's (what decides which filled sections are filled again).

    A first build collects every page's entries. A later one starts from the previous tables and
    replaces the entries of the pages made again (rendered, or filled again for the entities
    table): any other page is the previous build's, its citations, links and label unchanged (a
    page's label is its record's label field, and a page reads its own record: a new label makes
    its page stale). The lists come out as collecting would make them (by page path, in each
    page's order); the order of the keys carries no meaning (every reader looks a key up, or
    counts). When most pages were made again, collecting them all and comparing is the cheaper way."""

    def __init__(self, renderer: Renderer, specs: list[PageSpec], previous: PageSet | None):
        self._renderer, self._specs, self._previous = renderer, specs, previous
        self._labels: dict[str, str] = {}

    def _label(self, specs: Iterable[PageSpec]) -> dict[str, str]:
        missing = [spec for spec in specs if spec.path not in self._labels]
        if missing:
            with self._renderer.activated():
                self._labels.update((spec.path, page_label(self._renderer.site.content, spec)) for spec in missing)
        return self._labels

    def make(self, table: str, pages: Mapping[str, RenderedPage], made: Iterable[PageSpec]
             ) -> tuple[dict[Any, list[tuple[str, str]]], frozenset[BacklinkRead] | None]:
        """`table` of the site's `pages`, where `made` are the pages made this time; and what
        changed since the previous build, as the reads it changes (None: no previous build)."""
        entries = TABLE_ENTRIES[table]
        made = list({spec.path: spec for spec in made}.values())
        previous = self._previous
        if previous is None or 2 * len(made) > len(self._specs):
            new = collect(pages.values(), self._label(self._specs), entries)
            if previous is None:
                return new, None
            old = getattr(previous.backlinks, table)
            differ = {(table, key) for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
            if old.keys() != new.keys():
                differ.add((table, ALL_KEYS))
            return new, frozenset(differ)
        old = getattr(previous.backlinks, table)
        paths = set(previous.final.keys() - pages.keys())     # pages gone
        labels = self._label(made)
        added: dict[Any, list[tuple[str, str]]] = {}
        for spec in sorted(made, key=lambda spec: spec.path):
            now = entries(pages[spec.path], labels[spec.path])
            was = previous.final.get(spec.path)
            if was is not None and _same_entries(old, entries(was, ""), now):
                continue    # made again, but cites and links (and is named) as it did: its entries stand
            paths.add(spec.path)
            for key, entry in now:
                added.setdefault(key, []).append(entry)
        affected = set(added)
        for path in paths:
            was = previous.final.get(path)
            if was is not None:
                affected.update(key for key, _ in entries(was, ""))
        if not affected:
            return old, frozenset()
        new = dict(old)
        changed: set[BacklinkRead] = set()
        for key in affected:
            before = old.get(key, [])
            after = sorted([entry for entry in before if _entry_page(entry) not in paths] + added.get(key, []),
                           key=_entry_page)     # stable: each page's entries stay in its order
            if after == before:
                continue
            changed.add((table, key))
            if not after:
                del new[key]
            else:
                new[key] = after
            if not after or not before:
                changed.add((table, ALL_KEYS))
        return (new if changed else old), frozenset(changed)
