"""The pipeline: load -> resolve -> render -> write, each stage timed - the one orchestration.

A build is an update from an empty state. `build(options)` is what `site-builder build`
and `check` run; the dev server keeps a `BuildState` and calls the very same `build` with
the paths that changed, so it reads, resolves and renders only what they touch (and a
test compares the result with a fresh build, byte for byte). What differs between the two
callers is data: what changed, and where the site goes (`StagedOutput`: written aside and
swapped in; `LiveFolder`: changed files replaced in place).

On any error nothing is written and the previous site stays as it was.
"""
from __future__ import annotations

import gc
import os
import time
import traceback
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import urls
from ..errors import Position, Problem
from ..load import Loaded, load_content, reload_content
from ..model import unchanged
from ..resolve import ResolveMemo, Site, resolve
from .changes import FULL_LOAD, Change, classify

if TYPE_CHECKING:
    import jinja2

    from ..render import PageSet, RenderedPage, Renderer
    from ..theme import Theme
    from ..write import LiveFolder

# The render and write stages (Jinja, the export, the search index) are imported by the build that
# runs them: the author tools that only load and resolve (`show`, `figures`) start without them.

__all__ = ["BuildOptions", "BuildResult", "BuildState", "Change", "Update", "build", "build_site", "classify",
           "load_and_resolve"]


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    output: Path | None = None       # where a build swaps the site in (default ROOT/output)
    base_url: str | None = None      # overrides site.yaml's base_url (e.g. for a sub-path deploy)
    write: bool = True               # False: `check` - validate everything, write nothing
    search: bool = True              # index the written site for search (Pagefind)
    cache: Path | None = None        # a folder to keep compiled templates and the search index in


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    pages: list[RenderedPage] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)    # every file of the site, but the search index
    timings: dict[str, float] = field(default_factory=dict)
    site: Site | None = None
    from_state: bool = False    # started from an earlier build's state (only what changed was read again)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def pages_by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for page in self.pages:
            counts[page.kind] = counts.get(page.kind, 0) + 1
        return dict(sorted(counts.items()))


@dataclass(frozen=True)
class Snapshot:
    """A good build: what the next build starts from and compares with."""

    site: Site
    renderer: Renderer                  # with its compiled templates
    pages: PageSet
    files: Mapping[str, bytes]          # the pages and raw seeds,
    data: Mapping[str, bytes]           # the data export, sitemap, robots.txt and feed,
    assets: Mapping[str, bytes]         # and the theme's static files: everything a build writes

    def all_files(self) -> dict[str, bytes]:
        """Every file of the site (but the search index)."""
        return {**self.files, **self.data, **self.assets}


class BuildState:
    """What a build leaves for the next: the latest load, the last good build, the resolve
    memo and the changes not yet in a good build. A new state is an empty one: the first
    build does everything. Not thread-safe: one build at a time."""

    def __init__(self) -> None:
        self.loaded: Loaded | None = None
        self.good: Snapshot | None = None
        self.memo = ResolveMemo()
        from ..write.fragments import Fragments  # late: the write stage is imported by the build that runs it

        self.export = Fragments()       # the data export's encoded parts, by their inputs
        self.pending: set[Change] = set()
        # where compiled templates are kept between processes (the build state's store), if anywhere
        self.templates: jinja2.BytecodeCache | None = None

    @property
    def theme(self) -> str:
        content = self.loaded.content if self.loaded else None
        return content.site.theme if content else "default"


@dataclass(frozen=True)
class Update:
    """One build: its problems and timings, and which files differ from the previous good build."""

    result: BuildResult
    written: frozenset[str] = frozenset()    # site paths new or changed
    removed: frozenset[str] = frozenset()    # site paths gone
    rendered: int = 0                        # pages rendered this time

    @property
    def ok(self) -> bool:
        return self.result.ok


# told which site paths are now served, as soon as they are (the dev server reloads those tabs)
Notify = Callable[[frozenset[str]], None]


def build(options: BuildOptions, state: BuildState | None = None, changes: Iterable[Change] = (), *,
          folder: LiveFolder | None = None, notify: Notify | None = None, first: Iterable[str] = ()) -> Update:
    """Build the site after `changes` (with a fresh `state`, everything). On errors the state's
    good build stays current and the changes are kept for the next call.

    Where the site goes: `folder` (the dev server's), else `options.output` (a build swapped in),
    unless `options.write` is False. With a folder, each page of `first` (the pages open in a
    browser) is written and `notify`-ed as soon as it is rendered and its links check out; the
    build can still fail after that (a broken link elsewhere): the pages served early are
    the new ones all the same."""
    import jinja2

    from ..render import Renderer, page_specs, render_pages, search_groups
    from ..theme import find_theme
    from ..write import StagedOutput
    from ..write.export import build_timestamp, data_files, data_paths
    from ..write.fragments import Basis, Fragments
    from .changes import EVERY_PAGE, changed_keys, stale_pages

    started = time.perf_counter()
    state = state or BuildState()
    root = options.root
    state.pending.update(changes)
    previous, pending = state.good, frozenset(state.pending)
    result = BuildResult(from_state=state.loaded is not None)

    t = time.perf_counter()
    loaded = _load(root, state, pending)
    result.timings["load"] = time.perf_counter() - t
    gc.freeze()        # what this stage made lives to the end of the build: see _done
    result.problems += loaded.problems
    if loaded.content is None:
        return _done(result, started)
    if not result.ok:
        # every error of the run together, whatever its stage: what loaded is resolved too
        # (Content.unloaded keeps references to what did not from being reported twice)
        result.problems += resolve(loaded.content, state.memo)[1]
        return _done(result, started)
    t = time.perf_counter()
    site, problems = resolve(loaded.content, state.memo, previous.site if previous else None)
    result.problems += problems
    result.site = site
    result.timings["resolve"] = time.perf_counter() - t
    gc.freeze()        # what this stage made lives to the end of the build: see _done
    if not result.ok:
        return _done(result, started)
    theme = find_theme(root, site.content.site.theme)
    if isinstance(theme, str):
        result.problems.append(Problem(site.content.site.position, theme,
                                       "leave 'theme:' out of content/site.yaml for the default theme"))
        return _done(result, started)

    t = time.perf_counter()
    base_url = options.base_url if options.base_url is not None else site.content.site.base_url
    templates = {c.template for c in pending if c.kind == "template"}
    same_templates = previous is not None and not templates and previous.renderer.theme == theme
    renderer = Renderer(site, theme, build_timestamp(site, os.environ.get("SOURCE_DATE_EPOCH")), base_url,
                        env=previous.renderer.env if same_templates else None,  # type: ignore[union-attr]
                        bytecode=state.templates or (options.cache / "templates" if options.cache else None))
    keys = None
    if any(c.kind in EVERY_PAGE for c in pending):
        state.export = Fragments()      # its parts hold the catalog's words too (the badges)
    elif previous is not None:
        keys = changed_keys((previous.site, previous.renderer), (site, renderer))
        if keys is not None:
            keys |= {f"template:{name}" for name in templates}
    specs = page_specs(site)
    seeds = _seeds(root, site, previous, pending)
    assets = _assets(theme, previous, pending)
    served: set[str] = set()

    def ready(page: RenderedPage) -> None:
        if folder is None or previous is None:
            return
        # the other pages' ids as the last good build left them: a page whose links to them do not
        # check out now waits for the whole build, which checks them against this build's pages
        known = {*(spec.path for spec in specs), *seeds, *previous.data, *assets} - {page.path}
        ids = {**{path: other.ids for path, other in previous.pages.final.items()}, page.path: page.ids}
        if not link_problems({page.path: page}, known, ids, renderer.base_url):   # else: reported below
            written = folder.sync({page.path: page.body}, [page.path])
            served.add(page.path)
            if notify is not None and written:
                notify(frozenset(written))

    staged = None
    if folder is None and options.write:
        # each page goes to disk as soon as it is final, so the search index of its shard runs (in
        # Pagefind's processes, on the other core) while the rest is rendered and the links checked
        staged = StagedOutput(options.output or root / "output", options.search, options.cache)
        staged.begin(search_groups(specs))
    stage = staged

    def finished(page: RenderedPage) -> None:
        assert stage is not None
        stage.add_page(page.path, page.body)

    try:
        pages = render_pages(renderer, specs, previous.pages if previous else None,
                             stale_pages(previous.pages, keys) if previous else lambda spec: True,
                             first=first, ready=ready, finished=finished if stage else None,
                             rank=stage.rank if stage else None)
    except BaseException as exc:
        if staged is not None:
            staged.abort()
        if not isinstance(exc, jinja2.TemplateError):
            raise
        result.problems.append(template_problem(root, theme, exc))
        return _done(result, started)
    result.pages = list(pages.final.values())
    files = {**{page.path: page.body for page in result.pages}, **seeds}
    result.timings["render"] = time.perf_counter() - t
    gc.freeze()        # what this stage made lives to the end of the build: see _done

    try:
        t = time.perf_counter()
        # the data export links to nothing and cannot fail: the pages' links are checked first
        result.problems += _links(pages.final, files, data_paths(site, base_url), assets, previous, renderer.base_url)
        result.timings["links"] = time.perf_counter() - t
        if not result.ok:
            if staged is not None:
                staged.abort()
            return _done(result, started)
        if folder is not None and previous is not None:
            # served at once, before the data export is made: what a tab reloads for is ready
            written = folder.sync({**files, **assets}) - served
            served |= written
            if notify is not None and written:
                notify(frozenset(written))
        t = time.perf_counter()
        same_export = previous is not None and keys is not None and not keys and all(
            unchanged(previous.pages.final.get(path), page) for path, page in pages.final.items())
        # nothing a page or the data export is made from changed: the export is the same bytes
        with renderer.activated():     # the feed's and the cards' titles are in the site's language
            data = dict(previous.data) if same_export else data_files(  # type: ignore[union-attr]
                site, result.pages, pages.backlinks, base_url, renderer.build_date, state.export,
                Basis(previous.site, previous.pages.backlinks, previous.data) if previous else None)
        result.files = {**files, **data, **assets}
        result.timings["data"] = time.perf_counter() - t
    except BaseException:
        if staged is not None:
            staged.abort()
        raise

    good = Snapshot(site, renderer, pages, files, data, assets)
    everything = good.all_files()
    before = previous.all_files() if previous else {}
    t = time.perf_counter()
    if folder is not None:
        written = folder.sync(everything, prune=True)
        if notify is not None and written - served:
            notify(frozenset(written - served))
    elif staged is not None:
        staged.finish({path: body for path, body in everything.items() if path not in pages.final})
    result.timings["write"] = result.timings.get("write", 0) + time.perf_counter() - t
    state.good = good
    state.pending.clear()
    rendered = sum(1 for path, page in pages.final.items()
                   if previous is None or previous.pages.final.get(path) is not page
                   or previous.pages.first.get(path) is not pages.first[path])
    changed = frozenset(path for path, body in everything.items() if not unchanged(before.get(path), body))
    return _done(result, started, Update(result, changed, frozenset(before.keys() - everything.keys()), rendered))


def build_site(options: BuildOptions) -> BuildResult:
    """A whole build from nothing: what `site-builder build` and `check` run."""
    return build(options).result


def _done(result: BuildResult, started: float, update: Update | None = None) -> Update:
    # Each stage's records, pages and indexes live until the build ends: frozen after their stage
    # (gc.freeze), the cyclic garbage collector does not walk them again at every collection of
    # the later stages (a cold build of 1,000 articles spent ~2.6 s of CPU in collections, 1.5 s
    # with the stages frozen). Given back at the end, so that a process that builds again (the
    # dev server, the tests) collects what a later build drops as usual.
    gc.unfreeze()
    result.timings["total"] = time.perf_counter() - started
    return update or Update(result)


def _load(root: Path, state: BuildState, pending: frozenset[Change]) -> Loaded:
    """Read again only the changed record files, when nothing forces a full load."""
    loaded = None
    if state.loaded is not None and not any(c.kind in FULL_LOAD for c in pending):
        edits = [c.path for c in pending if c.kind in ("record", "page")]
        # pending also holds changes an earlier, failed build already read: reading them again is cheap
        loaded = reload_content(root, state.loaded, edits) if edits else state.loaded
    if loaded is None:
        loaded = load_content(root)
    state.loaded = loaded
    return loaded


def _seeds(root: Path, site: Site, previous: Snapshot | None, pending: frozenset[Change]) -> dict[str, bytes]:
    """Each seed article, published as it is on disk beside its source page; read again only
    if a seed changed, or a source is new or names another seed."""
    fresh = previous is None or any(c.kind in ("seed", "folder") for c in pending)
    known = previous.site.content.sources if previous else {}
    out = {}
    for sid, source in site.content.sources.items():
        path = urls.raw_seed(sid)
        if fresh or sid not in known or known[sid].seed != source.seed:
            out[path] = (root / "seeds" / source.seed).read_bytes()
        else:
            out[path] = previous.files[path]  # type: ignore[union-attr]
    return out


def _assets(theme: Theme, previous: Snapshot | None, pending: frozenset[Change]) -> dict[str, bytes]:
    """The theme's static files, under assets/."""
    if (previous is not None and previous.renderer.theme == theme
            and not any(c.kind in ("asset", "folder") for c in pending)):
        return dict(previous.assets)
    return {path: file.read_bytes() for path, file in theme.static_files().items()}


def link_problems(pages: Mapping[str, RenderedPage], other_paths: Iterable[str],
                  ids: Mapping[str, Collection[str]] | None = None, base_url: str = "") -> list[Problem]:
    """Every broken link `pages` recorded while they rendered; links may also point at the
    pages of `ids` (with those ids) and at `other_paths` (seeds, the data export, assets)."""
    from ..write.linkcheck import check_recorded

    broken = check_recorded(pages, other_paths, ids=ids, base_url=base_url)
    return [Problem(Position(f"output/{link.page}", link.line, 1), f"broken link '{link.href}'", link.reason,
                    show_source=False) for link in broken]


def _links(pages: Mapping[str, RenderedPage], files: Mapping[str, bytes], data: Iterable[str],
           assets: Mapping[str, bytes], previous: Snapshot | None, base_url: str) -> list[Problem]:
    """Link problems, from the links and ids each page recorded while it rendered (no page is
    read back). A later build checks only the pages rendered again when every page, file and
    id is where the last good build had it (what an unchanged page links to is then there):
    the common case, an edit that changes a page's text."""
    others = [*(files.keys() - pages.keys()), *data, *assets]
    ids = {path: page.ids for path, page in pages.items()}
    if previous is not None and _same_targets(pages, files, others, previous, base_url):
        before = previous.pages.final
        pages = {path: page for path, page in pages.items() if before.get(path) is not page}
    return link_problems(pages, others, ids, base_url)


def _same_targets(pages: Mapping[str, RenderedPage], files: Mapping[str, bytes], others: Collection[str],
                  previous: Snapshot, base_url: str) -> bool:
    """Is everything a link can lead to as it was in the previous good build?"""
    before = previous.pages.final
    return (previous.renderer.base_url == base_url and before.keys() == pages.keys()
            and previous.files.keys() == files.keys()
            and set(others) == {*(previous.files.keys() - before.keys()), *previous.data, *previous.assets}
            and all(before[path].ids == page.ids for path, page in pages.items() if before[path] is not page))


def template_problem(root: Path, theme: Theme, exc: jinja2.TemplateError) -> Problem:
    """A template bug as a problem at the template's file and line, like a content error."""
    name = getattr(exc, "filename", None) or getattr(exc, "name", None) or ""
    line = getattr(exc, "lineno", None) or 0
    if not line:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith(".html"):
                name, line = frame.filename, frame.lineno or 0
                break
    path = Path(name) if name else Path(theme.template_dirs[0])
    if not path.is_absolute():
        path = theme.template_path(str(path)) or Path(theme.template_dirs[0]) / path
    try:
        shown = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = str(path)
    return Problem(Position(shown, line, 1), f"template error: {exc.message or exc}",
                   "fix the template; content was fine")


def load_and_resolve(root: Path) -> Site | None:
    """For the author tools (`figures`, `--fix-quotes`): the resolved site even when some quotes
    do not match - that is what they report on. Load errors are printed; then there is no site."""
    import sys

    loaded = load_content(root)
    if loaded.content is None:
        for problem in loaded.problems:
            print(problem.format(root), file=sys.stderr)
        return None
    return resolve(loaded.content)[0]
