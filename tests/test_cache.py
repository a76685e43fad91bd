"""The persisted build state: a warm build is byte for byte a cold one, and a cache that
cannot be trusted is ignored."""
from __future__ import annotations

import filecmp
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from projects import STARTS, copy_project, started, warm_up

from site_builder.cli import main
from site_builder.pipeline import cache


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(root: Path, out: Path, *extra: str) -> None:
    assert main(["build", "--root", str(root), "--output", str(out), *extra]) == 0


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "proj")


def test_a_warm_build_after_edits_is_a_cold_build(project, tmp_path):
    _build(project, tmp_path / "first")
    assert (project / cache.FOLDER / cache.STATE).is_file()
    person = project / "content" / "people" / "alexandr-wang.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace("summary: >-\n", "summary: >-\n  Edited.\n", 1),
                      encoding="utf-8")
    org = project / "content" / "organizations" / "a-new-one.yaml"       # a record comes
    org.write_text('name: A New One\nkind: other\nsummary: >-\n  New [[cite:s000 "Meta"]].\n', encoding="utf-8")
    claim = sorted((project / "content" / "claims").glob("*.yaml"))[0]
    claim.write_text(claim.read_text(encoding="utf-8").replace("question: ", "question: Edited, ", 1), encoding="utf-8")
    seed = project / "seeds" / "002_abbf96feefca3470.txt"                 # a seed (its memo entry, the loaded seeds)
    seed.write_text(seed.read_text(encoding="utf-8") + "\n\nA paragraph added at the end.\n", encoding="utf-8")
    _build(project, tmp_path / "warm")
    _build(project, tmp_path / "cold", "--no-cache")
    warm, cold = _tree(tmp_path / "warm"), _tree(tmp_path / "cold")
    differ = sorted(p for p in warm.keys() | cold.keys() if warm.get(p) != cold.get(p))
    assert not differ, differ[:10]
    assert b"Edited." in warm["people/alexandr-wang.html"]
    assert b"A paragraph added at the end." in warm["sources/s002.html"]


def test_a_build_with_nothing_changed_reuses_everything(project, tmp_path):
    _build(project, tmp_path / "a")
    state = project / cache.FOLDER / cache.STATE
    before = state.stat().st_mtime_ns
    _build(project, tmp_path / "b")
    assert state.stat().st_mtime_ns == before            # nothing changed: the cache was not rewritten
    assert not filecmp.dircmp(tmp_path / "a", tmp_path / "b").diff_files


def _sql(state: Path, statement: str) -> None:
    with closing(sqlite3.connect(state, isolation_level=None)) as db:
        db.execute(statement)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "a page row", "a file row", "an input hash", "other code",
                                    "other format", "not a database"])
def test_a_cache_that_cannot_be_trusted_is_ignored(project, tmp_path, damage):
    _build(project, tmp_path / "a")
    state = project / cache.FOLDER / cache.STATE
    raw = state.read_bytes()
    middle = len(raw) // 2
    if damage == "truncate":
        state.write_bytes(raw[:middle])
    elif damage == "garbage":       # in the middle of the file: where the rows' bytes are
        state.write_bytes(raw[:middle] + os.urandom(1000) + raw[middle + 1000:])
    elif damage == "a page row":    # bytes changed behind SQLite's back: the row's hash says so
        _sql(state, "UPDATE pages SET data = data || x'00' WHERE path = 'people/alexandr-wang.html'")
    elif damage == "a file row":
        _sql(state, "UPDATE files SET data = x'00' WHERE path = 'data/explainer.json'")
    elif damage == "an input hash":  # an input taken as unchanged when it is not: a stale site
        _sql(state, "UPDATE inputs SET hash = 'x' WHERE path = 'content/people/alexandr-wang.yaml'")
    elif damage == "other code":
        _sql(state, "UPDATE meta SET value = 'not-this-code' WHERE key = 'code'")
    elif damage == "other format":
        _sql(state, "UPDATE meta SET value = '1' WHERE key = 'format'")
    else:                           # the whole-site pickle of the last format, say
        state.write_bytes(b"site-builder build state\n" + raw[:300])
    assert cache.load(project) is None
    # an edit made meanwhile is taken in: the build starts from nothing
    site = project / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace('title: "', 'title: "Renamed ', 1), encoding="utf-8")
    _build(project, tmp_path / "b")
    assert b"Renamed" in (tmp_path / "b" / "index.html").read_bytes()
    assert cache.load(project) is not None                # and a good cache is written again


def _everything(root: Path) -> dict[str, tuple]:
    """Every entry under `root`, hidden ones included: what it is, and a file's bytes or a link's target."""
    found: dict[str, tuple] = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[name] = ("link", os.readlink(path))
        elif path.is_file():
            found[name] = ("file", path.read_bytes())
        else:
            found[name] = ("folder" if path.is_dir() else "other",)
    return found


@pytest.mark.parametrize("broken", [False, True], ids=["valid", "broken"])
@pytest.mark.parametrize("start", STARTS)
def test_check_writes_nothing(project, tmp_path, capsys, start, broken):
    """`check` leaves the project folder as it was, byte for byte and name for name (hidden
    folders included): no build state, no compiled templates, no output - cold (no state
    there) or warm (a state that differs from the files, which a build would rewrite)."""
    if start == "warm":
        warm_up(project, "content/people/alexandr-wang.yaml", lambda: _build(project, tmp_path / "first"))
    if broken:
        person = project / "content" / "people" / "lucy-guo.yaml"
        person.write_text(person.read_text(encoding="utf-8").replace("name:", "nmae:", 1), encoding="utf-8")
    before = _everything(project)
    assert (cache.FOLDER in before) == (start == "warm")
    capsys.readouterr()
    assert main(["check", "--root", str(project)]) == (1 if broken else 0)
    printed = capsys.readouterr()
    rendered = started(printed.out + printed.err, start)
    assert broken or rendered, "the check rendered the pages it checks"
    after = _everything(project)
    assert sorted(after.keys() - before.keys()) == [] and sorted(before.keys() - after.keys()) == []
    assert [name for name in before if before[name] != after[name]] == []
