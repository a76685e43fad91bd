"""Dependencies recorded while a page renders: a view declares nothing, and cannot read around the record.

Views read the resolved site through `ctx.site`, a `RecordingSite` that adds the key of every
read (render/recording.py). The judge of the whole is the random-edit test (test_incremental.py);
here: each kind of read names the right keys, a view that reads one more record than before is
re-rendered when that record changes (with nothing else changed in the builder), and a view has
no way to the resolved site but through the recorder.
"""
from __future__ import annotations

import ast
import dataclasses
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from projects import Builder, copy_project
from test_incremental import assert_same_as_full_build

import site_builder.render as render
from site_builder import deps, urls
from site_builder import model as m
from site_builder.render import PAGE_KINDS, PageContext, PageSpec, Renderer
from site_builder.render.recording import (
    _INDEXES,
    IndexMap,
    MentionSet,
    RecordingSite,
    RecordMap,
    SourceLabels,
    Timeline,
)
from site_builder.resolve import Indexes, Site

VIEWS = Path(render.__file__).parent / "views"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Builder:
    builder = Builder(copy_project(tmp_path_factory.mktemp("recording") / "proj"))
    assert builder.update().ok
    return builder


# --- each read names its key ----------------------------------------------------------------------

def test_each_read_records_what_it_read(built):
    site = built.good.site
    log: set[str] = set()
    view = RecordingSite(site, log)
    person = next(iter(sorted(site.content.people)))

    def reads(read: Callable[[], object]) -> set[str]:
        log.clear()
        read()
        return set(log)

    assert reads(lambda: view.content.people[person]) == {deps.record("person", person)}
    assert reads(lambda: view.content.people.get("nobody")) == {deps.record("person", "nobody")}
    # the ids alone: a record coming or going renders every page, as the settings do
    assert reads(lambda: (len(view.content.people), list(view.content.people), person in view.content.people)) == {
        deps.SITE}
    assert reads(lambda: list(view.content.events.values())) == {deps.record("event", e) for e in site.content.events}
    assert reads(lambda: view.content.site) == {deps.SITE}
    assert reads(lambda: view.matcher) == {deps.NAMES}
    assert reads(lambda: list(view.timeline)) - {deps.SITE} == {deps.record("event", e) for e in site.content.events}
    claim = next(iter(site.comparisons))
    assert reads(lambda: view.comparisons[claim]) == {deps.record("claim", claim)}
    source = next(iter(site.cleaned))
    assert reads(lambda: view.cleaned[source]) == {deps.text(source)}
    assert reads(lambda: view.indexes.claims_by_source.get(source)) == {deps.refs("source", source)}
    # an index entry that lists records depends on them too: their fields are shown
    org, listed = next((o, people) for o, people in site.indexes.roles_by_organization.items() if people)
    assert reads(lambda: view.indexes.roles_by_organization[org]) == {
        deps.refs("organization", org), *(deps.record("person", p.id) for p, _ in listed)}
    entity, entries = next((e, entries) for e, entries in site.indexes.events_by_entity.items() if entries)
    assert reads(lambda: view.indexes.events_by_entity.get(entity)) == {
        deps.refs(*entity), *(deps.record("event", entry.event.id) for entry in entries)}
    # iterating an index depends on every record it could list, not only the keys it has today
    assert reads(lambda: list(view.indexes.claims_by_source)) == {deps.refs("source", s) for s in site.content.sources}
    mention = next(iter(site.indexes.linked_mentions))
    assert reads(lambda: mention in view.indexes.linked_mentions) == {deps.record("source", mention.source)}
    assert reads(lambda: view.indexes.blocks[(mention.source, mention.block_id)]) == {deps.text(mention.source)}


def test_every_index_of_the_resolved_site_is_recorded():
    """A new index in resolve.Indexes says here what reading it depends on, or views cannot read it."""
    assert {f.name for f in dataclasses.fields(Indexes)} == {*_INDEXES, "linked_mentions"}


def test_source_labels_record_the_name_and_for_a_citation_the_text(built):
    log: set[str] = set()
    source = next(iter(built.good.site.content.sources))
    SourceLabels(built.good.renderer.source_labels, log)[source]
    assert log == {deps.name("source", source)}
    SourceLabels(built.good.renderer.source_labels, log, cited=True)[source]
    assert log == {deps.name("source", source), deps.text(source)}


# --- a view reading one more record is re-rendered when it changes -----------------------------------

def _show(read: Callable[[RecordingSite], str]):
    """The search page's view, made to read one more thing and show it in the page's title."""
    plain = PAGE_KINDS["search"].view

    def view(ctx, spec, backlinks):
        template, data = plain(ctx, spec, backlinks)
        ctx.title = read(ctx.site)
        return template, data
    return dataclasses.replace(PAGE_KINDS["search"], view=view)


def _event_file(root: Path, person: str) -> Path:
    """An event file that names `person` (the index read below lists it)."""
    return next(p for p in sorted((root / "content" / "events").glob("*.yaml"))
                if person in p.read_text(encoding="utf-8").split("people:", 1)[-1].split("\n", 1)[0])


def _edit(path: Path, old: str, new: str) -> list[Path]:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [path]


READS: dict[str, tuple[Callable[[RecordingSite], str], Callable[[Path], list[Path]], str]] = {
    "a record by id": (
        lambda site: site.content.people["alexandr-wang"].summary.value[:40],   # type: ignore[union-attr]
        lambda root: _edit(root / "content/people/alexandr-wang.yaml", "summary: >-\n", "summary: >-\n  Newly read.\n"),
        "Newly read."),
    "every record of a kind": (
        lambda site: " / ".join(sorted(e.title for e in site.content.events.values()))[:60],
        lambda root: _edit(sorted((root / "content/events").glob("*.yaml"))[0], "title: ", "title: 0 Newly read "),
        "0 Newly read"),
    "an index entry": (
        lambda site: " / ".join(sorted(e.event.title for e in site.indexes.events_by_entity[("person", "jason-droege")])),
        lambda root: _edit(_event_file(root, "jason-droege"), "title: ", "title: Newly read "),
        "Newly read"),
    "a comparison": (
        lambda site: site.comparisons["deal-price"].claim.question,
        lambda root: _edit(root / "content/claims/deal-price.yaml", "question: ", "question: Newly read, "),
        "Newly read,"),
}


@pytest.mark.parametrize("what", READS)
def test_a_view_reading_a_record_it_never_declared_is_rendered_again_when_it_changes(tmp_path, monkeypatch, what):
    read, edit, shown = READS[what]
    monkeypatch.setitem(PAGE_KINDS, "search", _show(read))
    builder = Builder(copy_project(tmp_path / "proj"))
    assert builder.update().ok
    before = builder.good.pages.final[urls.SEARCH]
    assert shown.encode() not in before.body
    update = builder.update([builder.classify(p) for p in edit(builder.root)])
    assert update.ok
    page = builder.good.pages.final[urls.SEARCH]
    assert page is not before, f"{what}: the search page read it but was not rendered again"
    assert shown.encode() in page.body
    assert_same_as_full_build(builder, update, what)


def test_the_same_edit_does_not_render_a_page_that_did_not_read_it(tmp_path):
    """The control: what re-rendered the search page above is the read, not the edit."""
    builder = Builder(copy_project(tmp_path / "proj"))
    assert builder.update().ok
    before = builder.good.pages.final[urls.SEARCH]
    _, edit, _ = READS["a record by id"]
    assert builder.update([builder.classify(p) for p in edit(builder.root)]).ok
    assert builder.good.pages.final[urls.SEARCH] is before


# --- no way around the recorder -----------------------------------------------------------------------

RECORDING = (RecordMap, IndexMap, MentionSet, Timeline, SourceLabels)
UNRECORDED = (Site, m.Content, Indexes, Renderer)


def _public(value: object) -> dict[str, object]:
    names = {n for cls in type(value).__mro__ for n in getattr(cls, "__slots__", ())} | set(vars(value) if hasattr(
        value, "__dict__") else ())
    names |= {n for n in dir(type(value)) if isinstance(getattr(type(value), n, None), property)}
    return {n: getattr(value, n) for n in names if not n.startswith("_")}


def test_a_view_gets_the_resolved_site_only_through_the_recorder(built):
    """The type makes a read around the record impossible: nothing a view can reach from its
    context (but by a private name, which the next test rules out) is the resolved site, its
    content or indexes, the renderer, or an unrecorded mapping of the site's data."""
    renderer = built.good.renderer
    ctx = PageContext(renderer, PageSpec(urls.SEARCH, "search"))
    assert not hasattr(PageContext, "use")          # nothing is declared by hand
    assert not hasattr(ctx.renderer, "site")
    seen: list[str] = []

    def walk(value: object, where: str, depth: int) -> None:
        assert not isinstance(value, UNRECORDED), f"{where} hands a view the unrecorded {type(value).__name__}"
        if isinstance(value, Mapping) and not isinstance(value, RECORDING):
            assert where in ("ctx.renderer.page_kinds", "ctx.renderer.source_langs"), \
                f"{where} is a mapping that records nothing"
        ours = type(value).__module__ in ("site_builder.render.recording", "site_builder.render.context")
        if depth and ours and not isinstance(value, RECORDING):
            for name, child in _public(value).items():
                seen.append(f"{where}.{name}")
                walk(child, f"{where}.{name}", depth - 1)

    walk(ctx.site, "ctx.site", 3)
    walk(ctx.renderer, "ctx.renderer", 1)
    assert {"ctx.site.content.people", "ctx.site.indexes.blocks", "ctx.site.matcher",
            "ctx.renderer.source_labels"} <= set(seen)      # the walk reached what views read


def test_no_view_reads_a_private_name_or_declares_a_dependency():
    """What the type cannot forbid in Python: `ctx.site._site`, `ctx._site`, a hand-written
    `ctx.deps.add(...)`. No view module does either."""
    found = []
    for path in [*sorted(VIEWS.glob("*.py")), VIEWS.parent / "embedding.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Attribute):
                continue
            private = node.attr.startswith("_") and not node.attr.startswith("__")
            if private or node.attr in ("deps", "use"):
                found.append(f"{path.name}:{node.lineno}: .{node.attr}")
    assert not found, found
