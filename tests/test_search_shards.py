"""The search index in shards (issue 22, item 5): one edited page re-indexes its shard only.

The pages are split into shards by a hash of their path, each indexed by its own Pagefind run
into its own bundle, kept in the build state folder by the hash of its pages' bytes. These
tests count the Pagefind runs of real builds of the real project (the binary runs; nothing is
stubbed): a build from nothing runs one per shard, a build after one person's summary changed
runs one per shard holding a changed page, and a build that changed no page runs none. That
a search then finds the new words is checked in a browser (tests/browser/test_search_ui.py).
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


def test_one_edited_page_re_indexes_its_shard_only(tmp_path, monkeypatch):
    # shards of ~32 pages (the real site's 219 pages in 8 shards): one person's summary is then on
    # fewer pages than there are shards
    monkeypatch.setattr(search, "PAGES_PER_SHARD", 32)
    root = copy_project(tmp_path / "proj")
    output = root / "output"
    indexing = build(root, monkeypatch)
    runs, shards = indexing.runs, len(indexing.shards)
    assert shards == 4 + 2, "the 156 pages finished first in 4 shards of ~32, the 63 person and organization pages in 2"
    entity_pages = {path for shard in indexing.shards for path in shard
                    if path.split("/")[0] in ("people", "organizations") and not path.endswith("/index.html")}
    assert len(entity_pages) == 14 + 49
    assert {*indexing.shards[-2], *indexing.shards[-1]} == entity_pages, "the pages finished last: shards of their own"
    assert runs == shards, "a build from nothing indexes every shard"
    listed = json.loads((output / "pagefind" / "shards.json").read_text())["merge"]
    assert len(listed) == shards - 1 and all((output / "pagefind" / folder / "pagefind-entry.json").is_file()
                                             for folder in listed)
    assert len(list((root / FOLDER / "search").iterdir())) == shards, "each shard's bundle is kept"
    before = pages(output)

    person = root / PERSON
    person.write_text(person.read_text(encoding="utf-8").replace("summary: >-\n", f"summary: >-\n  {NEW_WORDS}.\n", 1),
                      encoding="utf-8")
    indexing = build(root, monkeypatch)
    after = pages(output)
    changed = {path for path in after if before.get(path) != after[path]} | (before.keys() - after.keys())
    assert "people/jason-droege.html" in changed
    touched = {indexing.rank(path) for path in changed}
    assert len(indexing.shards) == shards
    assert indexing.runs == len(touched) < shards, (indexing.runs, touched, shards)

    # nothing changed: every shard's bundle is kept, Pagefind does not run
    assert build(root, monkeypatch).runs == 0


def test_shards_are_stable_and_hold_every_page():
    paths = [f"people/p{n}.html" for n in range(500)] + ["index.html"]
    count = search.shard_count(len(paths))
    assert count == 4, "501 pages, ~128 a shard"
    assert all(search.shard_of(path, count) == search.shard_of(path, count) for path in paths)
    assert search.shard_of("index.html", count) == 0, "the first bundle, the one the search page loads, exists"
    planned = search.plan([paths])
    assert len(planned) == count and sorted(path for shard in planned for path in shard) == sorted(paths)
    late = [f"organizations/o{n}.html" for n in range(100)]
    planned = search.plan([paths, late])
    assert len(planned) == count + 1, "each group in shards of its own"
    assert planned[0][0] == "index.html" or "index.html" in planned[0]
    assert set(planned[-1]) == set(late)
    assert search.shard_count(1) == 1 and search.shard_count(10**6) == search.MAX_SHARDS
    assert search.shard_count(219) == 2, "the real site: two shards (measured: more cost its cold build more)"


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
