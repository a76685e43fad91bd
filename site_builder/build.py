"""The pipeline: load -> resolve -> render -> write, each stage timed.

`build_site` is what the CLI, the tests and the dev server call. It returns a
`BuildResult`; it never leaves `output/` half-written.
"""
from __future__ import annotations

import os
import time

import jinja2
from dataclasses import dataclass, field
from pathlib import Path

from . import export, urls
from .comparisons import Comparison, compare_claims
from .errors import Position, Problem
from .linkcheck import check_links
from .load import load_content
from .mentions import NameMatcher, find_mentions
from .render import Backlinks, RenderedPage, Renderer, collect_backlinks
from .resolve import Site, resolve
from .write import discard, swap_in, write_tree


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    pages: list[RenderedPage] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    site: Site | None = None
    comparisons: dict[str, Comparison] = field(default_factory=dict)

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


def resolve_stage(root: Path, result: BuildResult) -> Site | None:
    started = time.perf_counter()
    loaded = load_content(root)
    result.timings["load"] = time.perf_counter() - started
    result.problems += loaded.problems
    if loaded.content is None or any(p.severity == "error" for p in loaded.problems):
        return None
    started = time.perf_counter()
    site, problems = resolve(loaded.content)
    comparisons, value_problems = compare_claims(loaded.content, site.anchors)
    result.problems += problems + value_problems
    result.timings["resolve"] = time.perf_counter() - started
    result.site, result.comparisons = site, comparisons
    return site if result.ok else None


def render_stage(root: Path, site: Site, result: BuildResult, base_url: str) -> None:
    """Render every page. Pass 1 learns who cites and links what; pass 2 renders the
    pages that list those backlinks (sources and entities)."""
    started = time.perf_counter()
    theme = theme_dir(root, site.content.site.theme)
    if not (theme / "templates").is_dir():
        result.problems.append(Problem(Position("content/site.yaml"), f"theme folder {theme}/templates not found",
                                       "set 'theme:' in content/site.yaml to a folder under themes/"))
        return
    matcher = NameMatcher(site.content)
    mentions = find_mentions(matcher, site.cleaned.values())
    stamp = export.build_timestamp(site, os.environ.get("SOURCE_DATE_EPOCH"))
    renderer = Renderer(site, theme, result.comparisons, mentions, matcher, stamp, base_url)
    specs = renderer.page_specs()
    empty = Backlinks({}, {})
    try:
        first = {spec.path: renderer.render(spec, empty) for spec in specs}
    except jinja2.TemplateError as exc:
        result.problems.append(template_problem(root, theme, exc))
        return
    labels = {spec.path: _label(renderer, spec, first[spec.path]) for spec in specs}
    backlinks = collect_backlinks(site, first.values(), labels)
    final = [renderer.render(spec, backlinks) if spec.kind in ("source", "person", "organization", "sources")
             else first[spec.path] for spec in specs]
    result.pages = final
    files = {page.path: page.body for page in final}
    for sid, source in site.content.sources.items():
        files[urls.raw_seed(sid)] = (root / "seeds" / source.seed).read_bytes()
    files[urls.DATA] = export.explainer_json(site, result.comparisons, final)
    files["sitemap.xml"] = export.sitemap(base_url, final)
    files["robots.txt"] = export.robots(base_url)
    files["feed.xml"] = export.atom_feed(site, base_url, stamp)
    result.files = files
    result.timings["render"] = time.perf_counter() - started


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


def theme_assets(root: Path, site: Site) -> list[tuple[str, Path]]:
    static = theme_dir(root, site.content.site.theme) / "static"
    return sorted((f"assets/{p.relative_to(static).as_posix()}", p) for p in static.rglob("*") if p.is_file())


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
    broken = check_links(result.files, [path for path, _ in assets] + ["pagefind/pagefind-ui.js",
                                                                       "pagefind/pagefind-ui.css"])
    for link in broken:
        result.problems.append(Problem(Position(f"output/{link.page}", link.line, 1), f"broken link '{link.href}'",
                                       link.reason, show_source=False))
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
