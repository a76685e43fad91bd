"""Exact incremental rebuilds, for the dev server.

The full build is a pure function of the project's files. The dev server keeps its last good
build (a `Snapshot`) and, on a change, runs the very same stages again, but:

- `load` re-reads only the changed YAML/Markdown files (anything else: everything);
- `resolve` re-cleans only the sources whose record or seed changed (`SourceMemo`), and
  mentions are found again only in those sources (`MentionMemo`);
- `render` renders again only the pages whose recorded inputs (`RenderedPage.deps`) changed,
  plus the second-pass pages whose slice of the backlinks changed (see `build.render_pages`);
- the data export, sitemap and feed are regenerated (they are cheap); only changed files are written.

What changed is found by comparing the previous and the new resolved site (records are frozen
dataclasses, so equality works) and named with the dependency keys that render.py records:

    {kind}:{id}        a record and everything derived from it (source, person, organization,
                       event, claim, page), e.g. "person:alexandr-wang", "source:s003"
    name:{kind}:{id}   only its name or label (a link, a column heading)
    text:source:{id}   only a source's cleaned text (a quote's context, a mention's snippet)
    refs:{kind}:{id}   which records refer to it (a person's events and claims, a source's claims)
    names              every name and alias (which words of a text become entity links)
    template:{name}    a template file
    site               settings and navigation: when they change (or a record comes or goes),
                       every page is rendered again

The result is always byte-for-byte the full build's: tests/test_incremental.py makes random
edits and compares every file with a fresh full build.
"""
from __future__ import annotations

import dataclasses
import fnmatch
import os
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Callable, Iterable, Mapping

import jinja2

from . import model as m
from . import urls
from .build import (BuildResult, PageSet, data_files, link_problems, make_renderer, render_pages, resolve_stage,
                    seed_files, template_problem, theme_assets, theme_dir, theme_problem)
from .citations import Anchor, Miss, SourceIndex
from .cleaning import CleanedSource
from .load import COLLECTIONS, Loaded, load_content, load_page, load_record, rel
from .mentions import Mention, NameMatcher, find_mentions
from .render import PageContext, PageSpec, RenderedPage, Renderer
from .resolve import prepare_source

# record kind -> its folder under content/ (and attribute of m.Content)
KINDS = {"source": "sources", "person": "people", "organization": "organizations", "event": "events",
         "claim": "claims", "page": "pages"}
# the field that links and headings show for a record ("name:{kind}:{id}")
NAME_FIELDS = {"source": "label", "person": "name", "organization": "name"}
# file patterns, as load_content globs them
RECORD_PATTERN, PAGE_PATTERN = "*.y*ml", "*.md"


# --- what a file-system event means -----------------------------------------------------

@dataclass(frozen=True)
class Change:
    """One changed path, by what it is to the build (after Zola's change kinds).

    kind: "record" (content/<collection>/*.yaml), "page" (content/pages/*.md), "site"
    (content/site.yaml), "seed", "template", "asset" (theme static file), or "folder"
    (a folder appeared, vanished or moved: everything is read again)."""

    kind: str
    path: str            # relative to the project root, posix
    folder: str = ""     # record and page: the collection folder under content/
    template: str = ""   # template: its name, as templates refer to it


# changes that only a full load_content can take in
FULL_LOAD = frozenset({"site", "seed", "folder"})


def classify(root: Path, theme: str, path: Path, is_directory: bool = False) -> Change | None:
    """What a changed path is to the build, or None when the build never reads it (editor
    swap and backup files, other themes, ...)."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return None
    if not parts:
        return None
    name = "/".join(parts)
    theme_parts = ("themes", theme)
    if is_directory:
        inside = parts[0] in ("content", "seeds") or parts[:2] == theme_parts
        return Change("folder", name) if inside else None
    if parts[0] == "content":
        if parts[1:] == ("site.yaml",):
            return Change("site", name)
        if len(parts) == 3 and parts[1] in COLLECTIONS and fnmatch.fnmatchcase(parts[2], RECORD_PATTERN):
            return Change("record", name, folder=parts[1])
        if len(parts) == 3 and parts[1] == "pages" and fnmatch.fnmatchcase(parts[2], PAGE_PATTERN):
            return Change("page", name, folder="pages")
        return None
    if parts[0] == "seeds" and len(parts) == 2:
        return Change("seed", name)
    if parts[:2] == theme_parts and len(parts) > 3:
        if parts[2] == "templates":
            return Change("template", name, template="/".join(parts[3:]))
        if parts[2] == "static":
            return Change("asset", name)
    return None


# --- load: re-read only what changed ------------------------------------------------------

def reload_content(root: Path, loaded: Loaded, changes: Iterable[Change]) -> Loaded | None:
    """`loaded` with the changed records and pages read again (the others kept as they are),
    or None when only a full `load_content` can tell (no content yet; a source that is new
    or names another seed file)."""
    content = loaded.content
    if content is None:
        return None
    touched: dict[str, set[str]] = defaultdict(set)
    for change in changes:
        assert change.kind in ("record", "page"), change
        touched[change.folder].add(change.path)
    paths = set(chain.from_iterable(touched.values()))
    problems = [p for p in loaded.problems if p.position.path not in paths]
    folders: dict[str, dict] = {}
    for folder, names in touched.items():
        by_path = {record.position.path: record for record in getattr(content, folder).values()}
        for name in names:
            by_path.pop(name, None)
            path = root / name
            if not path.is_file():
                continue
            try:
                if folder == "pages":
                    record, found = load_page(root, path)
                else:
                    spec, make = COLLECTIONS[folder]
                    record, found = load_record(root, path, spec, make)
            except (OSError, UnicodeDecodeError):
                return None     # deleted or half-written while we read it: let load_content say
            problems += found
            if record is not None:
                by_path[name] = record
        # rebuilt in load_content's order: which file wins an id, and every later "for x in
        # records" in the pipeline, depend on it
        pattern = PAGE_PATTERN if folder == "pages" else RECORD_PATTERN
        records = (by_path.get(rel(root, path)) for path in sorted((root / "content" / folder).glob(pattern)))
        folders[folder] = {record.id: record for record in records if record is not None}
    new = dataclasses.replace(content, **folders)
    if "sources" in folders:
        for sid, source in new.sources.items():
            was = content.sources.get(sid)
            if was is None or was.seed != source.seed or sid not in content.seed_texts:
                return None
        new = dataclasses.replace(new, seed_texts={sid: content.seed_texts[sid] for sid in new.sources})
    return Loaded(new, tuple(problems))


# --- resolve and mentions: remember what did not change -------------------------------------

class SourceMemo:
    """`resolve.prepare_source`, remembered per source while its record and seed stay equal:
    cleaning and indexing are the costly part of resolving a big corpus."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[m.Source, str, tuple[CleanedSource, SourceIndex]]] = {}

    def prepare(self, source: m.Source, seed_text: str) -> tuple[CleanedSource, SourceIndex]:
        hit = self._cache.get(source.id)
        if hit is not None and _same(hit[0], source) and _same(hit[1], seed_text):
            return hit[2]
        cleaned, index = prepare_source(source, seed_text)
        prepared = (cleaned, _RememberingIndex(index))
        self._cache[source.id] = (source, seed_text, prepared)  # type: ignore[assignment]
        return prepared  # type: ignore[return-value]


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
        return getattr(self.index, name)


class MentionMemo:
    """`mentions.find_mentions`, remembered per source while the names and its text stay equal.

    It returns the very same tuple as last time when nothing changed, so comparing two
    builds' mentions is one identity check."""

    def __init__(self) -> None:
        self._names: dict | None = None
        self._by_source: dict[str, tuple[CleanedSource, tuple[Mention, ...]]] = {}
        self._last: tuple[list[tuple[Mention, ...]], tuple[Mention, ...]] = ([], ())

    def __call__(self, matcher: NameMatcher, cleaned: Iterable[CleanedSource]) -> tuple[Mention, ...]:
        if matcher.names != self._names:
            self._names, self._by_source = dict(matcher.names), {}
        parts = []
        for source in cleaned:
            hit = self._by_source.get(source.source_id)
            if hit is None or not _same(hit[0], source):
                # find_mentions works source by source, so the concatenation is the same
                hit = self._by_source[source.source_id] = (source, find_mentions(matcher, [source]))
            parts.append(hit[1])
        before, flat = self._last
        if len(parts) != len(before) or any(a is not b for a, b in zip(parts, before, strict=True)):
            flat = tuple(chain.from_iterable(parts))
            self._last = (parts, flat)
        return flat


def _same(a: object, b: object) -> bool:
    return a is b or a == b


# --- what changed, as dependency keys --------------------------------------------------------

def changed_keys(before: Renderer, after: Renderer) -> frozenset[str] | None:
    """The dependency keys whose inputs differ between two builds; None means every page
    (a record came or went, or the settings, navigation, build date or theme changed)."""
    old, new = before.content, after.content
    if any(getattr(old, folder).keys() != getattr(new, folder).keys() for folder in KINDS.values()):
        return None
    if (old.site != new.site or before.build_date != after.build_date or before.base_url != after.base_url
            or before.theme_dir != after.theme_dir or _site_view(before) != _site_view(after)):
        return None
    keys: set[str] = set()
    for kind, folder in KINDS.items():
        olds = getattr(old, folder)
        for rid, record in getattr(new, folder).items():
            was = olds[rid]
            if _same(was, record):
                continue
            keys.add(f"{kind}:{rid}")
            name = NAME_FIELDS.get(kind)
            if name and getattr(was, name) != getattr(record, name):
                keys.add(f"name:{kind}:{rid}")
            for target in _refs(was) ^ _refs(record):
                keys.update(f"refs:{k}:{target}" for k, f in KINDS.items() if target in getattr(new, f))
    for sid in new.sources:
        if not (_same(before.site.cleaned.get(sid), after.site.cleaned.get(sid))
                and _same(old.seed_texts.get(sid), new.seed_texts.get(sid))):
            keys.update((f"source:{sid}", f"text:source:{sid}"))
    for cid in new.claims:
        if not _same(before.comparisons.get(cid), after.comparisons.get(cid)):
            keys.add(f"claim:{cid}")
    if before.matcher.names != after.matcher.names:
        keys.add("names")
    if before.mentions is not after.mentions:
        keys |= _mention_keys(before.mentions, after.mentions)
    return frozenset(keys)


def _site_view(renderer: Renderer) -> dict:
    """What every page shows of the site (title, navigation, build date...), for comparing."""
    return renderer.site_view(PageContext(renderer, PageSpec("", "site"), ""))


def _refs(value: object) -> frozenset[str]:
    """The ids a record refers to (every `Ref` inside it)."""
    if isinstance(value, m.Ref):
        return frozenset({value.id})
    if dataclasses.is_dataclass(value):
        return frozenset().union(*(_refs(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, tuple):
        return frozenset().union(*(_refs(item) for item in value))
    return frozenset()


def _mention_keys(before: tuple[Mention, ...], after: tuple[Mention, ...]) -> set[str]:
    """Sources whose mentions changed, and entities whose list of mentions changed."""
    keys: set[str] = set()
    for group, key in ((lambda x: x.source, lambda g: f"source:{g}"), (lambda x: x.entity, lambda g: f"{g[0]}:{g[1]}")):
        old: dict = defaultdict(list)
        new: dict = defaultdict(list)
        for mention in before:
            old[group(mention)].append(mention)
        for mention in after:
            new[group(mention)].append(mention)
        keys.update(key(g) for g in old.keys() | new.keys() if old.get(g) != new.get(g))
    return keys


def stale_pages(previous: PageSet, keys: frozenset[str] | None) -> Callable[[PageSpec], bool]:
    """Which pages must be rendered again: those that used any changed key in either pass."""
    def stale(spec: PageSpec) -> bool:
        if keys is None or spec.path not in previous.first:
            return True
        final = previous.final.get(spec.path)
        return not keys.isdisjoint(previous.first[spec.path].deps) or (
            final is not None and not keys.isdisjoint(final.deps))
    return stale


# --- the builder ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Snapshot:
    """A good build: what the next incremental build starts from and compares with."""

    loaded: Loaded
    renderer: Renderer                  # with the resolved site, comparisons, mentions, templates
    pages: PageSet
    files: Mapping[str, bytes]          # the pages and raw seeds,
    data: Mapping[str, bytes]           # the data export, sitemap, robots.txt and feed,
    assets: Mapping[str, bytes]         # and the theme's static files: everything build_site writes

    def all_files(self) -> dict[str, bytes]:
        """Every file of the site, as build_site writes it (but the search index)."""
        return {**self.files, **self.data, **self.assets}


# publish(files, paths): write (and serve) `paths` of `files` now
Publish = Callable[[Mapping[str, bytes], frozenset[str]], None]


@dataclass(frozen=True)
class Update:
    """One (re)build: its problems and timings, and which files differ from the previous good build."""

    result: BuildResult
    written: frozenset[str] = frozenset()    # site paths new or changed
    removed: frozenset[str] = frozenset()    # site paths gone
    rendered: int = 0                        # pages rendered this time

    @property
    def ok(self) -> bool:
        return self.result.ok


class IncrementalBuilder:
    """Builds a project once, then again after each batch of changed files, re-doing only
    what the changes touch. Not thread-safe: one caller at a time."""

    def __init__(self, root: Path, base_url: str | None = None):
        self.root = root.resolve()
        self.base_url = base_url
        self.good: Snapshot | None = None
        self._loaded: Loaded | None = None    # the latest load, good or not: the next one starts from it
        self._pending: set[Change] = set()    # changes not in a good build yet
        self._sources = SourceMemo()
        self._mentions = MentionMemo()

    @property
    def theme(self) -> str:
        content = self._loaded.content if self._loaded else None
        return content.site.theme if content else "default"

    def classify(self, path: Path, is_directory: bool = False) -> Change | None:
        return classify(self.root, self.theme, path, is_directory)

    def files(self) -> dict[str, bytes]:
        """The last good site, every file (as build_site writes it, without the search index)."""
        return self.good.all_files() if self.good else {}

    def update(self, changes: Iterable[Change] = (), publish: Publish | None = None,
               first: Iterable[str] = ()) -> Update:
        """Build again after `changes` (the first call builds everything). On errors the
        previous good build stays current, and the changes are remembered for the next call.

        `publish(files, paths)`, if given, gets files to serve before the update is over:
        each page of `first` (the pages open in a browser) as soon as it is rendered and its
        links are checked, then every other changed page, seed and asset, and only then are
        the data export, sitemap and feed made. The update can still fail after that (a
        broken link on another page): the pages served early are the new ones all the same."""
        started = time.perf_counter()
        self._pending.update(changes)
        previous, pending = self.good, frozenset(self._pending)
        result = BuildResult()

        t = time.perf_counter()
        loaded = self._load(pending)
        result.timings["load"] = time.perf_counter() - t
        site = resolve_stage(self.root, result, loaded, self._sources.prepare)
        if site is None:
            return self._done(result, started)
        problem = theme_problem(self.root, site)
        if problem is not None:
            result.problems.append(problem)
            return self._done(result, started)

        t = time.perf_counter()
        base_url = self.base_url if self.base_url is not None else site.content.site.base_url
        templates = {c.template for c in pending if c.kind == "template"}
        theme = theme_dir(self.root, site.content.site.theme)
        same_templates = previous is not None and not templates and previous.renderer.theme_dir == theme
        renderer = make_renderer(self.root, site, base_url, mentions=self._mentions,
                                 env=previous.renderer.env if same_templates else None,  # type: ignore[union-attr]
                                 previous=previous.renderer if previous else None)
        keys = None
        if previous is not None:
            keys = changed_keys(previous.renderer, renderer)
            if keys is not None:
                keys |= {f"template:{name}" for name in templates}
        specs = renderer.page_specs()
        seeds, assets = self._seeds(site.content, pending), self._assets(renderer, pending)
        served: set[str] = set()      # published early

        def ready(page: RenderedPage) -> None:
            if publish is None or previous is None:
                return
            known = {*(spec.path for spec in specs), *seeds, *previous.data, *assets} - {page.path}
            if not link_problems({page.path: page.body}, known):   # else: reported with the others below
                publish({page.path: page.body}, frozenset({page.path}))
                served.add(page.path)

        try:
            pages = render_pages(renderer, specs, previous.pages if previous else None,
                                 stale_pages(previous.pages, keys) if previous else lambda spec: True,
                                 first=first, ready=ready)
        except jinja2.TemplateError as exc:
            result.problems.append(template_problem(self.root, renderer.theme_dir, exc))
            return self._done(result, started)
        result.pages = list(pages.final.values())
        files = {**{page.path: page.body for page in result.pages}, **seeds}
        result.timings["render"] = time.perf_counter() - t

        t = time.perf_counter()
        data = None if previous else self._data(result, base_url, renderer)  # the first build checks every link
        result.problems += self._links(files, data or previous.data, assets)  # type: ignore[union-attr]
        result.timings["links"] = time.perf_counter() - t
        if not result.ok:
            return self._done(result, started)
        before = previous.all_files() if previous else {}
        changed = _differ(before, {**files, **assets})
        if publish is not None and changed - served:
            publish({**files, **assets}, changed - served)

        t = time.perf_counter()
        data = data or self._data(result, base_url, renderer)
        result.files = {**files, **data}
        result.timings["data"] = time.perf_counter() - t
        self.good = Snapshot(loaded, renderer, pages, files, data, assets)
        self._pending.clear()
        after = self.good.all_files()
        rendered = sum(1 for path, page in pages.final.items()
                       if previous is None or previous.pages.final.get(path) is not page
                       or previous.pages.first.get(path) is not pages.first[path])
        return self._done(result, started, Update(result, changed | _differ(before, data),
                                                  frozenset(before.keys() - after.keys()), rendered))

    @staticmethod
    def _data(result: BuildResult, base_url: str, renderer: Renderer) -> dict[str, bytes]:
        return data_files(renderer.site, result.pages, base_url, renderer.build_date)

    def _done(self, result: BuildResult, started: float, update: Update | None = None) -> Update:
        result.timings["total"] = time.perf_counter() - started
        return update or Update(result)

    def _load(self, pending: frozenset[Change]) -> Loaded:
        loaded = None
        if self._loaded is not None and not any(c.kind in FULL_LOAD for c in pending):
            edits = [c for c in pending if c.kind in ("record", "page")]
            # pending also holds changes an earlier, failed update already read: reading them again is cheap
            loaded = reload_content(self.root, self._loaded, edits) if edits else self._loaded
        if loaded is None:
            loaded = load_content(self.root)
        self._loaded = loaded
        return loaded

    def _seeds(self, content: m.Content, pending: frozenset[Change]) -> dict[str, bytes]:
        """The raw seed files: read again only if a seed changed, or a source is new or names another seed."""
        previous = self.good
        fresh = previous is None or any(c.kind in ("seed", "folder") for c in pending)
        known = previous.renderer.content.sources if previous else {}
        reread = {sid: s for sid, s in content.sources.items()
                  if fresh or sid not in known or known[sid].seed != s.seed}
        files = seed_files(self.root, reread)
        return {path: files[path] if path in files else previous.files[path]  # type: ignore[union-attr]
                for path in map(urls.raw_seed, content.sources)}

    def _assets(self, renderer: Renderer, pending: frozenset[Change]) -> dict[str, bytes]:
        previous = self.good
        if (previous is not None and previous.renderer.theme_dir == renderer.theme_dir
                and not any(c.kind in ("asset", "folder") for c in pending)):
            return dict(previous.assets)
        return {path: source.read_bytes() for path, source in theme_assets(self.root, renderer.site)}

    def _links(self, files: Mapping[str, bytes], data: Mapping[str, bytes], assets: Mapping[str, bytes]) -> list:
        """Link problems. The first build checks every link, like build_site; later ones check
        the links of the pages that changed (to any file, and to fragments within those pages):
        parsing every page again would take longer than the whole rebuild."""
        previous = self.good
        if previous is None:
            return link_problems({**files, **data}, assets)
        changed = {path: body for path, body in files.items()
                   if path.endswith(".html") and not _same(previous.files.get(path), body)}
        return link_problems(changed, [*(files.keys() - changed.keys()), *data, *assets])


def _differ(before: Mapping[str, bytes], after: Mapping[str, bytes]) -> frozenset[str]:
    """The paths of `after` that are new or hold other bytes than in `before`."""
    return frozenset(path for path, data in after.items() if not _same(before.get(path), data))


# --- writing: only what changed ----------------------------------------------------------------

def write_changes(folder: Path, files: Mapping[str, bytes], written: Iterable[str], removed: Iterable[str]) -> None:
    """Bring `folder` up to date: each written file is replaced atomically (a reader sees the
    old or the new file, never half of one), removed files are deleted."""
    for path in written:
        dest = folder / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(files[path])
            os.replace(tmp, dest)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    for path in removed:
        (folder / path).unlink(missing_ok=True)
