"""Write only what changed, still atomically (issue 22, item 4).

A build stages the new site beside output/ and swaps it in; a file the current output already
holds with the same bytes and mode is hard-linked into the staging folder, not written again.
These tests look at inodes: after a warm build the unchanged files are the previous output's
files (same st_ino), the changed ones are new files, and the site is byte for byte what a build
from nothing writes. The old site must never be written through a link: it stays whole until
the swap (a failed build leaves it untouched, and a build whose output was edited by hand does
not keep the edit).
"""
from __future__ import annotations

import os
import pickle
import shutil
import stat
from pathlib import Path

from projects import SEED, TINY_SITE, Builder, copy_project, without_state, write_files

from site_builder.pipeline import BuildOptions, BuildState, cache
from site_builder.pipeline import build as build_once
from site_builder.pipeline.cache import cached_build
from site_builder.write import _copy_as_new, stage_into

PERSON = "content/people/jane-roe.yaml"
PERSON_PAGE = "people/jane-roe.html"
ORGANIZATION_PAGE = "organizations/widgets.html"


def project(root: Path) -> Path:
    return write_files(root, {**TINY_SITE, "seeds/a.txt": SEED})


def build(root: Path, output: Path | None = None) -> None:
    update = cached_build(BuildOptions(root, output=output, search=False))
    assert update.ok, [p.message for p in update.result.problems]


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def edit_summary(root: Path, words: str) -> None:
    path = root / PERSON
    path.write_text(path.read_text(encoding="utf-8").replace("summary: >-\n", f"summary: >-\n  {words}\n", 1),
                    encoding="utf-8")


def test_a_warm_build_links_the_unchanged_files_and_writes_the_changed_ones(tmp_path):
    root = project(tmp_path / "proj")
    build(root)
    output = root / "output"
    before, old_bytes = inodes(output), contents(output)
    assert ORGANIZATION_PAGE in before and PERSON_PAGE in before, sorted(before)

    edit_summary(root, "Wrote the first line of the tiny article.")
    build(root)
    after, new_bytes = inodes(output), contents(output)
    assert b"Wrote the first line" in new_bytes[PERSON_PAGE]
    assert after[PERSON_PAGE] != before[PERSON_PAGE], "a changed page is a new file"
    shared = {path for path in after if before.get(path) == after[path]}
    # exactly the files with the same bytes are the old output's files; the others were written
    assert shared == {path for path in new_bytes if old_bytes.get(path) == new_bytes[path]}
    assert ORGANIZATION_PAGE in shared and "robots.txt" in shared, "an unchanged page is the old output's file"
    assert any(path.startswith("assets/") for path in shared)
    assert len(shared) > len(after) / 2, (len(shared), len(after))
    # no file of the new site is shared with a file that changed: linking never wrote into one
    assert all(os.stat(output / path).st_nlink == 1 for path in after), "the old site is deleted after the swap"

    # byte for byte what a build from nothing writes
    cold = tmp_path / "cold"
    shutil.copytree(root / "content", cold / "content")
    shutil.copytree(root / "seeds", cold / "seeds")
    build(without_state(cold))
    assert contents(output) == contents(cold / "output")


def test_a_file_edited_by_hand_in_the_output_is_written_again_not_kept(tmp_path):
    root = project(tmp_path / "proj")
    build(root)
    output = root / "output"
    page = output / ORGANIZATION_PAGE
    good = page.read_bytes()
    # the same length, other bytes: only reading the file tells them apart
    page.write_bytes(good.replace(b"Widgets", b"Gadgets", 1))
    edit_summary(root, "Another sentence.")
    build(root)
    assert page.read_bytes() == good


def test_a_file_kept_from_a_build_under_another_umask_is_copied_with_this_umask(tmp_path):
    root = project(tmp_path / "proj")
    build(root)
    output = root / "output"
    page = output / ORGANIZATION_PAGE
    page.chmod(0o600)               # as a build under umask 077 would have left it
    before = page.stat().st_ino
    edit_summary(root, "Another sentence.")
    build(root)
    expected = 0o666 & ~_umask()
    assert stat.S_IMODE(page.stat().st_mode) == expected
    assert page.stat().st_ino != before


def test_stage_into_links_only_equal_files_and_leaves_out_what_is_gone(tmp_path):
    previous = tmp_path / "old"
    (previous / "a").mkdir(parents=True)
    (previous / "a" / "same.html").write_bytes(b"same")
    (previous / "a" / "changed.html").write_bytes(b"before")
    (previous / "gone.html").write_bytes(b"gone")
    os.symlink(previous / "a" / "same.html", previous / "link.html")
    staging = tmp_path / "new"
    staging.mkdir()
    linked = stage_into(staging, {"a/same.html": b"same", "a/changed.html": b"after!", "new.html": b"new",
                                  "link.html": b"same"}, previous)
    assert linked == {"a/same.html"}, "a symbolic link in the old output is not followed"
    assert (staging / "a" / "same.html").stat().st_ino == (previous / "a" / "same.html").stat().st_ino
    assert not (staging / "link.html").is_symlink() and (staging / "link.html").read_bytes() == b"same"
    assert (staging / "a" / "changed.html").read_bytes() == b"after!"
    assert (previous / "a" / "changed.html").read_bytes() == b"before", "the old file is never written into"
    assert not (staging / "gone.html").exists()


def _umask() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("Umask:"):
            return int(line.split()[1], 8)
    raise AssertionError("no umask in /proc/self/status")


def test_the_export_is_joined_from_kept_parts_and_is_what_a_cold_export_is(tmp_path):
    """Issue 22, item 6: after one person's summary changed, a build on the last build's state
    (carried through a pickle, as between two processes) remakes only the chunks of
    data/explainer.json and data/annotations.jsonld the edit touched, and the two files are byte
    for byte what a build from nothing makes."""
    root = copy_project(tmp_path / "proj")
    builder = Builder(root)
    assert builder.update().ok
    first = len(builder.state.export.made)
    assert first > 100 and builder.state.export.reused == 0
    builder.state = pickle.loads(pickle.dumps(builder.state))

    person = root / "content" / "people" / "jason-droege.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace(
        "summary: >-\n", "summary: >-\n  He signed it. [[cite:s000 \"Droege\"]]\n", 1), encoding="utf-8")
    change = builder.classify(person)
    assert change is not None
    update = builder.update([change])
    assert update.ok, [p.message for p in update.result.problems]
    export = builder.state.export
    assert 0 < len(export.made) < first / 10, (export.made, first)
    assert export.reused > first / 2
    # the person's chunks, and the citations of the source it now cites (a passage cited from one more page)
    made = {key[:2] if key[0] == ("person", "jason-droege") else key for key in export.made}
    assert {("person", "jason-droege"), (("person", "jason-droege"), 0), ("citations", "s000")} <= made, made
    warm = update.result.files
    assert b"He signed it." in warm["data/annotations.jsonld"]

    cold = build_once(BuildOptions(root, write=False), BuildState()).result.files
    for path in ("data/explainer.json", "data/annotations.jsonld"):
        assert warm[path] == cold[path], path


def _plain(value: object) -> bool:
    if isinstance(value, dict):
        return all(_plain(key) and _plain(item) for key, item in value.items())
    if isinstance(value, tuple):
        return all(map(_plain, value))
    return type(value) in (str, int, bool, type(None))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_store_keeps_where_each_chunk_is_and_an_edit_remakes_only_its_chunks(tmp_path):
    """Issue 22, item 6, between processes: the store keeps where each chunk sits in the files
    the build wrote (the files themselves are in the store already: no inputs, no encoded text),
    and the next build slices every chunk from those files but the ones an edit changed: one
    claim's question is its chunk and its annotations only. After each of a few edits whose
    effect reaches other records' chunks (an organization's name is in a person's role
    statement; a source's label in every annotation of it; an event's date in the order of
    the timeline and the events dated after it) the files are what a build from nothing makes."""
    root = copy_project(tmp_path / "proj")
    build(root)
    stored = cache.load(root, write=True)
    assert stored is not None and stored.state.good is not None
    kept = stored.state.export.__getstate__()["_kept"]
    assert _plain(kept), "only plain values: nothing of the site"
    data = stored.state.good.data
    assert {key[1]: value[0] for key, value in kept.items() if key[0] == "file"} == {
        path: len(data[path]) for path in ("data/explainer.json", "data/annotations.jsonld", "feed.xml")}
    assert len(pickle.dumps(stored.state.export)) < len(data["data/explainer.json"]) / 10

    claims = root / "content" / "claims"
    edits = [(claims / "deal-price.yaml", "question: ", "question: Edited, "),
             (root / "content" / "organizations" / "mistral.yaml", "name: Mistral", "name: Mistral Renamed"),
             (root / "content" / "sources" / "s004.yaml", "label: ", "label: Relabelled "),
             (root / "content" / "events" / "2025-06-13-meta-takes-49-percent-stake-in-scale-ai.yaml",
              'date: "2025-06-13"', 'date: "2025-06-12"')]
    for i, (path, old, new) in enumerate(edits):
        _edit(path, old, new)
        stored = cache.load(root, write=True)
        assert stored is not None
        state = stored.state
        changes = cache.changes_between(root, state.theme, stored.inputs, cache.scan_inputs(root))
        update = build_once(BuildOptions(root, write=False), state, changes)
        assert update.ok, [p.message for p in update.result.problems]
        export = state.export
        warm = update.result.files
        if i == 0:
            assert warm["data/annotations.jsonld"].count(b"Edited, ") > 0
            # the claim's own chunk and its annotations (its question is in their labels and statements)
            claim = ("claim", "deal-price")
            assert claim in export.made and all(key == claim or key[0] == claim for key in export.made), export.made
            # every other chunk is the last build's bytes
            assert export.reused == sum(key[0] != "file" for key in kept) - len(export.made) > 300, export.reused
        if i == 1:
            assert any(key[0] == ("person", "arthur-mensch") for key in export.made), "his role names the organization"
            assert b"Arthur Mensch: Leader, Mistral Renamed" in warm["data/annotations.jsonld"]
        cold = build_once(BuildOptions(root, write=False), BuildState()).result.files
        for name in ("data/explainer.json", "data/annotations.jsonld", "feed.xml"):
            assert warm[name] == cold[name], (path.name, name)
        build(root)         # the next edit's store


def test_a_file_edited_by_hand_with_its_size_and_mtime_kept_is_written_again(tmp_path):
    """The stat of an old file proves nothing: an edit that keeps the size, with the mtime set
    back (os.utime), leaves size and mtime as the last build left them; the bytes tell."""
    root = project(tmp_path / "proj")
    build(root)
    page = root / "output" / ORGANIZATION_PAGE
    good, before = page.read_bytes(), page.stat()
    page.write_bytes(good.replace(b"Widgets", b"Gadgets", 1))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    edited = page.stat()
    assert (edited.st_size, edited.st_mtime_ns, edited.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    edit_summary(root, "Another sentence.")
    build(root)
    assert page.read_bytes() == good
    assert page.stat().st_ino != before.st_ino, "written as a new file, not linked"


def test_stage_into_makes_each_folder_and_never_writes_into_a_linked_file(tmp_path):
    previous = tmp_path / "old"
    (previous / "a" / "b").mkdir(parents=True)
    (previous / "a" / "b" / "same.html").write_bytes(b"same")
    (previous / "a" / "file").write_bytes(b"a file where the new site has a folder")
    staging = tmp_path / "new"
    staging.mkdir()
    files = {"a/b/same.html": b"same", "a/file/x.html": b"x", "c/d/e/new.html": b"new", "top.html": b"top"}
    assert stage_into(staging, files, previous) == {"a/b/same.html"}
    assert contents(staging) == files
    # staging a path again (here over a file linked from the old output) replaces it, never writes into it
    assert stage_into(staging, {"a/b/same.html": b"other"}, None) == set()
    assert (staging / "a" / "b" / "same.html").read_bytes() == b"other"
    assert (previous / "a" / "b" / "same.html").read_bytes() == b"same"
    expected = 0o666 & ~_umask()
    assert {stat.S_IMODE((staging / path).stat().st_mode) for path in files} == {expected}
    # no old output at all: everything is written
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert stage_into(fresh, files, tmp_path / "missing") == set()
    assert contents(fresh) == files


def test_copy_as_new_links_files_of_this_mode_and_writes_the_others_with_it(tmp_path):
    source = tmp_path / "bundle"
    (source / "index" / "deep").mkdir(parents=True)
    (source / "a.js").write_bytes(b"js")
    (source / "index" / "deep" / "b.pf").write_bytes(b"pf")
    (source / "index" / "c.pf").write_bytes(b"other mode")
    (source / "index" / "c.pf").chmod(0o600)
    dest = tmp_path / "site" / "pagefind"
    _copy_as_new(source, dest)
    assert contents(dest) == contents(source)
    expected = 0o666 & ~_umask()
    assert (dest / "a.js").stat().st_ino == (source / "a.js").stat().st_ino
    assert (dest / "index" / "deep" / "b.pf").stat().st_ino == (source / "index" / "deep" / "b.pf").stat().st_ino
    assert (dest / "index" / "c.pf").stat().st_ino != (source / "index" / "c.pf").stat().st_ino
    assert stat.S_IMODE((dest / "index" / "c.pf").stat().st_mode) == expected
