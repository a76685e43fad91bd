"""The search index in shards (issue 22, item 5): an edit re-indexes the shards whose indexed text changed.

The indexed pages are split into shards by their search label and a hash of their path, each
indexed by its own Pagefind run into its own bundle, kept in the build state folder by the hash
of what Pagefind reads of its pages (`indexed_view`). These tests count the Pagefind runs of real
builds of the real project (the binary runs; nothing is stubbed): a build from nothing runs one
per shard, a build after one person's summary or one claim's question changed runs one per shard
holding a page whose indexed text changed, and a build that changed no page runs none; and they
check that Pagefind makes the same bundle from the views as from the pages. That a search then
finds the new words is checked in a browser (tests/browser/test_search_ui.py).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

import pytest
from projects import copy_project

from site_builder import write
from site_builder.pipeline import BuildOptions
from site_builder.pipeline.cache import FOLDER, cached_build
from site_builder.write import search

PERSON = "content/people/jason-droege.yaml"
NEW_WORDS = "Quokkafied marmalade"

pytestmark = pytest.mark.skipif(search._executable() is None, reason="the Pagefind binary is not installed")


class Counted(write.Indexing):
    """The real indexing, remembered: the test reads how many Pagefind runs a build made."""

    made: ClassVar[list[Counted]] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        Counted.made.append(self)


def build(root: Path, monkeypatch) -> Counted:
    """Build with the build state; return its indexing (its Pagefind runs, the site's shards)."""
    Counted.made = []
    monkeypatch.setattr(write, "Indexing", Counted)
    update = cached_build(BuildOptions(root))
    assert update.ok, [p.message for p in update.result.problems]
    [indexing] = Counted.made
    return indexing


def pages(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*.html")
            if not p.relative_to(output).as_posix().startswith("pagefind/")}


def test_an_edit_re_indexes_only_the_shards_whose_indexed_text_changed(tmp_path, monkeypatch):
    # shards of ~32 pages: the real site's indexed pages in 11 shards, so that an edit's pages are
    # in fewer shards than there are
    monkeypatch.setattr(search, "PAGES_PER_SHARD", 32)
    root = copy_project(tmp_path / "proj")
    output = root / "output"
    indexing = build(root, monkeypatch)
    runs, shards = indexing.runs, len(indexing.shards)
    assert shards == 11, ("one shard for each search label's pages (home, explainer, timeline, the claims' lists, "
                          "the indexes, sources, people) but the claims' and the organizations' (two each)")
    indexed = {path for shard in indexing.shards for path in shard}
    assert not {path for path in indexed if path.startswith("embed/")} and not {"404.html", "search.html"} & indexed, \
        "the pages never indexed (their kind has no search label) are not given to Pagefind"
    entity_pages = {path for path in indexed
                    if path.split("/")[0] in ("people", "organizations") and not path.endswith("/index.html")}
    assert len(entity_pages) == 14 + 49
    assert {path for shard in indexing.shards[-3:] for path in shard} == entity_pages, \
        "the pages finished last: shards of their own"
    assert {"claims/index.html", "claims/matrix.html"} in [set(shard) for shard in indexing.shards], \
        "the claims' lists, which every claim's edit changes, apart from the claims' pages"
    assert runs == shards, "a build from nothing indexes every shard"
    listed = json.loads((output / "pagefind" / "shards.json").read_text())["merge"]
    assert len(listed) == shards - 1 and all((output / "pagefind" / folder / "pagefind-entry.json").is_file()
                                             for folder in listed)
    kept = {entry.name for entry in (root / FOLDER / "search").iterdir()}
    assert len({name for name in kept if not name.endswith(search.NOTE)}) == shards, "each shard's bundle is kept"
    assert len({name for name in kept if name.endswith(search.NOTE)}) == shards, "and a note naming it, by its pages"

    person = root / PERSON
    claim = root / "content/claims/deal-price.yaml"
    edits = [(person, lambda text: text.replace("summary: >-\n", f"summary: >-\n  {NEW_WORDS}.\n", 1)),
             (claim, lambda text: text.replace("question: ", "question: In all, ", 1))]
    for edited, edit in edits:
        before = pages(output)
        edited.write_text(edit(edited.read_text(encoding="utf-8")), encoding="utf-8")
        indexing = build(root, monkeypatch)
        after = pages(output)
        assert len(indexing.shards) == shards
        changed = {path for path in after if before.get(path) != after[path]} | (before.keys() - after.keys())
        retold = {path for path in changed & indexed
                  if search.indexed_view(before[path]) != search.indexed_view(after[path])}
        touched = {indexing.rank(path) for path in retold}
        assert retold and indexing.runs == len(touched) < shards, (edited.name, indexing.runs, touched, shards)
    # the claim's question is listed in the "cited by" sections of the sources citing it, which
    # Pagefind ignores: those pages changed, their shard is kept
    sources = {path for path in changed if path.startswith("sources/") and path != "sources/index.html"}
    assert sources and not sources & retold and indexing.rank(next(iter(sources))) not in touched

    # nothing changed: every shard's bundle is kept, Pagefind does not run
    assert build(root, monkeypatch).runs == 0


def test_pagefind_makes_the_same_bundle_from_the_indexed_views(tmp_path):
    """What `indexed_view` cuts out of a page is what Pagefind ignores: the real site's pages and
    their views make the same bundle, byte for byte (the views are less than half as long)."""
    import subprocess

    root = copy_project(tmp_path / "proj")
    update = cached_build(BuildOptions(root))
    assert update.ok
    written = pages(root / "output")
    views = {path: search.indexed_view(body) for path, body in written.items() if search.BODY in body}
    assert len(views) > 100 and sum(map(len, views.values())) < sum(len(written[path]) for path in views) / 2
    bundles = []
    for name, site in (("pages", written), ("views", views)):
        for path, body in site.items():
            (tmp_path / name / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name / path).write_bytes(body)
        bundle = tmp_path / f"{name}-bundle"
        subprocess.run([str(search._executable()), "--site", str(tmp_path / name), "--output-path", str(bundle),
                        "--exclude-selectors", search.EXCLUDE, "--silent"], check=True, capture_output=True)
        bundles.append({p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()})
    assert len(bundles[0]) > 100 and bundles[0] == bundles[1]


def test_the_indexed_view_cuts_only_what_pagefind_ignores():
    def page(body: str) -> bytes:
        return (f'<html lang="en"><head><title>T</title></head><body><nav data-pagefind-ignore>Menu</nav>'
                f'<main data-pagefind-body>{body}</main><footer>F</footer></body></html>').encode()

    view = search.indexed_view
    kept = page("<h1>Okapi</h1><p>Text</p>")
    assert view(kept) == kept
    assert view(b"<html><body><section data-pagefind-ignore>x</section></body></html>") == \
        b"<html><body><section data-pagefind-ignore>x</section></body></html>", "a page without a body: as it is"
    # ignored elements and citation markers, nested in their own kind, cut whole; what is before the body kept
    assert view(page('<p>A<span class="cite"><a id="c1">1</a><span class="cite-preview"><span>q</span></span></span>.</p>'
                     '<section data-pagefind-ignore><section><h2>Cited by</h2></section><p>z</p></section><p>B</p>'
                     '<details class="cited-by" data-pagefind-ignore><summary>s</summary></details>')) == \
        page("<p>A.</p><p>B</p>")
    # left for Pagefind: an element whose end tag may be implied, one holding meta or filters,
    # data-pagefind-ignore="all", the attribute's name as words of the text
    for body in ("<p data-pagefind-ignore>x</p>",
                 '<section data-pagefind-ignore><span data-pagefind-meta="kind:x">y</span></section>',
                 '<div data-pagefind-ignore="all">x</div>',
                 "<p>Write data-pagefind-ignore on it</p><div>x</div>"):
        assert view(page(body)) == page(body), body
    unbalanced = page("<section data-pagefind-ignore><p>never closed</p>")
    assert view(unbalanced) == unbalanced, "not balanced: the page whole"


def test_shards_are_stable_and_hold_every_page():
    paths = [f"people/p{n}.html" for n in range(500)] + ["index.html"]
    count = search.shard_count(len(paths))
    assert count == 4, "501 pages, ~128 a shard"
    assert all(search.shard_of(path, count) == search.shard_of(path, count) for path in paths)
    assert search.shard_of("index.html", count) == 0, "the first bundle, the one the search page loads, exists"
    planned = search.plan([[paths]])
    assert len(planned) == count and sorted(path for shard in planned for path in shard) == sorted(paths)
    late = [f"organizations/o{n}.html" for n in range(100)]
    planned = search.plan([[paths], [late]])
    assert len(planned) == count + 1, "each group in shards of its own"
    assert planned[0][0] == "index.html" or "index.html" in planned[0]
    assert set(planned[-1]) == set(late)
    # a group's labels sharded apart, unless the group is small enough for one shard
    lists = ["claims/index.html", "claims/matrix.html"]
    assert search.plan([[paths, lists]])[-1] == lists
    assert search.plan([[paths[:100], lists]]) == [paths[:100] + lists]
    assert search.shard_count(1) == 1 and search.shard_count(10**6) == search.MAX_SHARDS
    assert search.shard_count(219) == 2


def test_the_preview_index_is_said_stale_until_it_catches_up(tmp_path):
    """The dev server's folder (a LiveFolder): pages written after its index was made mark the
    index stale in pagefind/shards.json (the search page then says so); indexing again clears it."""
    from site_builder.write import LiveFolder

    folder = tmp_path / "served"
    live = LiveFolder(folder)
    page = b'<html lang="en"><body><main data-pagefind-body><h1>Okapi</h1></main></body></html>'
    live.sync({"index.html": page})
    assert not (folder / "pagefind").exists(), "no index yet: nothing to call stale"
    assert search.index_site(folder)
    assert json.loads((folder / "pagefind" / "shards.json").read_text()) == {"merge": [], "stale": 0}
    live.sync({"index.html": page.replace(b"Okapi", b"Pangolin")})
    assert json.loads((folder / "pagefind" / "shards.json").read_text())["stale"] == 1
    live.sync({"index.html": page.replace(b"Okapi", b"Pangolin"), "data.txt": b"not a page"})
    assert json.loads((folder / "pagefind" / "shards.json").read_text())["stale"] == 1, "only pages make it stale"
    assert search.index_site(folder)
    assert json.loads((folder / "pagefind" / "shards.json").read_text())["stale"] == 0


def test_prune_deletes_the_bundles_and_notes_no_build_uses(tmp_path):
    import os

    store = tmp_path / "search"
    for name in ("used", "unused", "young"):
        (store / name).mkdir(parents=True)
        (store / name / "pagefind-entry.json").write_text("{}")
    for name in ("used", "unused", "young"):
        (store / f"{name}{search.NOTE}").write_text(name, encoding="ascii")
    old = search.time.time() - search.RECENT - 60
    for entry in store.iterdir():
        if not entry.name.startswith("young"):
            os.utime(entry, (old, old))
    search.prune(store, {"used", f"used{search.NOTE}"})
    assert sorted(entry.name for entry in store.iterdir()) == sorted(
        ["used", f"used{search.NOTE}", "young", f"young{search.NOTE}"]), "the old unused bundle and note deleted"
