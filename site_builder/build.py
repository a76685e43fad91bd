"""The pipeline: load -> resolve -> render -> write, each stage timed.

`build_site` is what the CLI, the tests and the dev server call. It returns a
`BuildResult`; it never leaves `output/` half-written.
"""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import export, urls
from . import model as m
from .citations import SourceIndex
from .cleaning import CleanedSource
from .errors import Position, Problem
from .linkcheck import check_links
from .load import Loaded, load_content
from .mentions import Mention, NameMatcher, find_mentions
from .render import Backlinks, PageSpec, RenderedPage, Renderer, collect_backlinks
from .resolve import Site, prepare_source, resolve
from .write import discard, swap_in, write_tree


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    pages: list[RenderedPage] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    site: Site | None = None

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
class BuildOptions:
    root: Path
    output: Path | None = None
    base_url: str | None = None      # overrides site.yaml's base_url (e.g. for a sub-path deploy)
    write: bool = True               # False: `check` - validate everything, write nothing


def theme_dir(root: Path, site_theme: str) -> Path:
    return root / "themes" / site_theme


def resolve_stage(root: Path, result: BuildResult, loaded: Loaded | None = None,
                  prepare: Callable[[m.Source, str], tuple[CleanedSource, SourceIndex]] = prepare_source
                  ) -> Site | None:
    """Load (unless the dev server passes what it re-loaded itself), then resolve."""
    if loaded is None:
        started = time.perf_counter()
        loaded = load_content(root)
        result.timings["load"] = time.perf_counter() - started
    result.problems += loaded.problems
    if loaded.content is None or any(p.severity == "error" for p in loaded.problems):
        return None
    started = time.perf_counter()
    site, problems = resolve(loaded.content, prepare)
    result.problems += problems
    result.timings["resolve"] = time.perf_counter() - started
    result.site = site
    return site if result.ok else None


def render_stage(root: Path, site: Site, result: BuildResult, base_url: str) -> None:
    """Render every page (both passes, see `render_pages`) and the site's other files."""
    started = time.perf_counter()
    problem = theme_problem(root, site)
    if problem is not None:
        result.problems.append(problem)
        return
    renderer = make_renderer(root, site, base_url)
    try:
        pages = render_pages(renderer, renderer.page_specs())
    except jinja2.TemplateError as exc:
        result.problems.append(template_problem(root, renderer.theme_dir, exc))
        return
    result.pages = list(pages.final.values())
    result.files = {**{page.path: page.body for page in result.pages}, **seed_files(root, site.content.sources),
                    **data_files(site, result.pages, base_url, renderer.build_date)}
    result.timings["render"] = time.perf_counter() - started


def theme_problem(root: Path, site: Site) -> Problem | None:
    theme = theme_dir(root, site.content.site.theme)
    if (theme / "templates").is_dir():
        return None
    return Problem(Position("content/site.yaml"), f"theme folder {theme}/templates not found",
                   "set 'theme:' in content/site.yaml to a folder under themes/")


MentionFinder = Callable[[NameMatcher, Iterable[CleanedSource]], tuple[Mention, ...]]


def make_renderer(root: Path, site: Site, base_url: str, *,
                  env: jinja2.Environment | None = None, mentions: MentionFinder = find_mentions,
                  previous: Renderer | None = None) -> Renderer:
    """The renderer for a resolved site. The dev server passes the previous build's template
    environment (compiled templates), a mention finder that remembers unchanged sources, and
    the previous renderer (whose indexes of the mentions hold while they are the same)."""
    matcher = NameMatcher(site.content)
    stamp = export.build_timestamp(site, os.environ.get("SOURCE_DATE_EPOCH"))
    return Renderer(site, theme_dir(root, site.content.site.theme),
                    mentions(matcher, site.cleaned.values()), matcher, stamp, base_url, env=env, previous=previous)


# Pages that list backlinks (who cites each passage, who links to each entity): pass 2 renders
# them again, once pass 1 has shown what every page cites and links to.
SECOND_PASS = frozenset({"source", "person", "organization", "sources"})

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
    version exists, so the page being looked at is served before the rest is done."""
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
        page = previous.first[spec.path] if reusable(spec) else renderer.render(spec, empty)  # type: ignore[union-attr]
        rendered[spec.path] = done(spec, page) if spec.kind not in SECOND_PASS else page
    first_pass = {spec.path: rendered[spec.path] for spec in specs}
    labels = {spec.path: _label(renderer, spec, first_pass[spec.path]) for spec in specs}
    backlinks = collect_backlinks(renderer.site, first_pass.values(), labels)
    reads: dict[str, frozenset[BacklinkRead]] = {}
    for spec in order:
        if spec.kind not in SECOND_PASS:
            continue
        if reusable(spec) and spec.path in previous.reads and not backlinks_changed(  # type: ignore[union-attr]
                previous.reads[spec.path], previous.backlinks, backlinks):  # type: ignore[union-attr]
            rendered[spec.path], reads[spec.path] = previous.final[spec.path], previous.reads[spec.path]  # type: ignore[union-attr]
        else:
            log: set[BacklinkRead] = set()
            seen = Backlinks(_ReadLog(backlinks.passages, "passages", log),  # type: ignore[arg-type]
                             _ReadLog(backlinks.entities, "entities", log))  # type: ignore[arg-type]
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


def seed_files(root: Path, sources: Mapping[str, m.Source]) -> dict[str, bytes]:
    """Each seed article, published as it is on disk beside its source page."""
    return {urls.raw_seed(sid): (root / "seeds" / source.seed).read_bytes() for sid, source in sources.items()}


def data_files(site: Site, pages: list[RenderedPage], base_url: str, stamp: str) -> dict[str, bytes]:
    """The machine-readable files: the open data export, sitemap, robots.txt and feed."""
    return {urls.DATA: export.explainer_json(site, pages),
            "sitemap.xml": export.sitemap(base_url, pages),
            "robots.txt": export.robots(base_url),
            "feed.xml": export.atom_feed(site, base_url, stamp)}


def template_problem(root: Path, theme: Path, exc: "jinja2.TemplateError") -> Problem:
    """A template bug as a problem at the template's file and line, like a content error."""
    name = getattr(exc, "filename", None) or getattr(exc, "name", None) or ""
    line = getattr(exc, "lineno", None) or 0
    if not line:
        import traceback

        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith(".html"):
                name, line = frame.filename, frame.lineno or 0
                break
    path = Path(name) if name else theme / "templates"
    if not path.is_absolute():
        path = theme / "templates" / path
    try:
        shown = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = str(path)
    return Problem(Position(shown, line, 1), f"template error: {exc.message or exc}",
                   "fix the template; content was fine")


def _label(renderer: Renderer, spec, page: RenderedPage) -> str:
    from .resolve import owner_label

    if spec.kind in ("person", "organization", "claim", "source", "page"):
        return owner_label(renderer.content, (spec.kind, spec.key))
    return {"home": "Home", "timeline": "Timeline", "claims": "Comparisons", "matrix": "Comparison matrix",
            "people": "People", "organizations": "Organizations", "sources": "Sources"}.get(spec.kind, spec.kind)


def load_and_resolve(root: Path) -> Site | None:
    """For the author tools (`figures`, `--fix-quotes`): the resolved site even when some quotes
    do not match - that is what they report on. Load errors are printed; then there is no site."""
    loaded = load_content(root)
    if loaded.content is None:
        for problem in loaded.problems:
            print(problem.format(root), file=sys.stderr)
        return None
    return resolve(loaded.content)[0]


def theme_assets(root: Path, site: Site) -> list[tuple[str, Path]]:
    static = theme_dir(root, site.content.site.theme) / "static"
    return sorted((f"assets/{p.relative_to(static).as_posix()}", p) for p in static.rglob("*") if p.is_file())


def link_problems(files: Mapping[str, bytes], other_paths: Iterable[str]) -> list[Problem]:
    """Every broken link in the HTML of `files`; links may also point at `other_paths`
    (theme assets, files not re-checked) and at the search index, written later."""
    broken = check_links(files, other_paths)
    return [Problem(Position(f"output/{link.page}", link.line, 1), f"broken link '{link.href}'", link.reason,
                    show_source=False) for link in broken]


def build_site(options: BuildOptions) -> BuildResult:
    result = BuildResult()
    started = time.perf_counter()
    site = resolve_stage(options.root, result)
    if site is None:
        return result
    base_url = options.base_url if options.base_url is not None else site.content.site.base_url
    render_stage(options.root, site, result, base_url)
    if not result.ok:
        return result
    assets = theme_assets(options.root, site)
    result.problems += link_problems(result.files, [path for path, _ in assets])
    if not result.ok or not options.write:
        result.timings["total"] = time.perf_counter() - started
        return result
    t = time.perf_counter()
    output = options.output or options.root / "output"
    staging = write_tree(result.files, assets, output)
    try:
        from .search import index_site

        index_site(staging)
    except Exception:
        discard(staging)
        raise
    swap_in(staging, output)
    result.timings["write"] = time.perf_counter() - t
    result.timings["total"] = time.perf_counter() - started
    return result
