"""The build state's store: one row per artifact, and a warm build writes back only the rows it changed."""
from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from projects import copy_project

from site_builder.cli import main
from site_builder.pipeline import cache


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "proj")


def _rows(root: Path, table: str, key: str) -> dict[str, int]:
    """Each row of `table` by its key, with its rowid: a row written again (INSERT OR REPLACE
    deletes and inserts) gets a new rowid, a row left alone keeps its own."""
    uri = f"{(root / cache.FOLDER / cache.STATE).resolve().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as db:
        return {str(k): rowid for k, rowid in db.execute(f"SELECT {key}, rowid FROM {table}")}


def _build(root: Path, out: Path) -> None:
    assert main(["build", "--root", str(root), "--output", str(out)]) == 0


def test_one_row_per_page_file_and_input(project, tmp_path, capsys):
    _build(project, tmp_path / "out")
    out = tmp_path / "out"
    pages = _rows(project, "pages", "pass || ':' || path")
    html = {p.relative_to(out).as_posix() for p in out.rglob("*.html") if p.relative_to(out).parts[0] != "pagefind"}
    assert {key.split(":", 1)[1] for key in pages} == html
    assert {key.split(":", 1)[0] for key in pages} == {"first", "final"}
    files = _rows(project, "files", "path")
    assert "data/explainer.json" in files and not files.keys() & html
    inputs = _rows(project, "inputs", "path")
    assert "content/people/alexandr-wang.yaml" in inputs
    assert _rows(project, "templates", "key"), "no compiled template was kept in the store"


def test_a_warm_build_writes_back_only_the_rows_that_changed(project, tmp_path, capsys):
    _build(project, tmp_path / "a")
    tables = (("pages", "pass || ':' || path"), ("files", "path"), ("inputs", "path"), ("templates", "key"))
    before = {table: _rows(project, table, key) for table, key in tables}
    person = project / "content" / "people" / "alexandr-wang.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace("summary: >-\n", "summary: >-\n  Edited.\n", 1),
                      encoding="utf-8")
    capsys.readouterr()
    _build(project, tmp_path / "b")
    rendered = int(capsys.readouterr().out.split("), ", 1)[1].split(" rendered", 1)[0])
    after = {table: _rows(project, table, key) for table, key in tables}
    rewritten = {table: sorted(k for k in after[table] if before[table].get(k) != after[table][k]) for table in after}
    assert "final:people/alexandr-wang.html" in rewritten["pages"]
    # pages: only those rendered again (in either pass); the others' rows were not touched
    assert 0 < len(rewritten["pages"]) <= 2 * rendered < len(after["pages"]) // 4, rewritten["pages"]
    assert rewritten["inputs"] == ["content/people/alexandr-wang.yaml"]
    assert rewritten["templates"] == []        # compiled once, kept
    assert "assets/style.css" not in rewritten["files"] and after["files"].keys() == before["files"].keys()


def test_check_reads_the_store_and_writes_nothing_to_it(project, tmp_path, capsys):
    _build(project, tmp_path / "a")
    state = project / cache.FOLDER / cache.STATE
    raw = state.read_bytes()
    listing = sorted(p.name for p in state.parent.iterdir())
    person = project / "content" / "people" / "alexandr-wang.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace("summary: >-\n", "summary: >-\n  Edited.\n", 1),
                      encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--root", str(project)]) == 0
    assert "on the last build's state" in capsys.readouterr().out
    assert state.read_bytes() == raw and sorted(p.name for p in state.parent.iterdir()) == listing


def _edit_person(project: Path) -> None:
    person = project / "content" / "people" / "alexandr-wang.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace("summary: >-\n", "summary: >-\n  Edited.\n", 1),
                      encoding="utf-8")


def test_the_memo_and_mentions_rows_are_written_back_only_when_prepared_again(project, tmp_path, capsys):
    _build(project, tmp_path / "a")
    parts = _rows(project, "parts", "name")
    sources = sorted(k for k in parts if k.startswith(cache.SOURCE))
    assert sources == [cache.SOURCE + p.stem for p in sorted((project / "content" / "sources").glob("*.yaml"))]
    assert {cache.CORE, cache.MENTIONS} <= parts.keys()
    _edit_person(project)                                  # no source, seed or name changes
    _build(project, tmp_path / "b")
    after = _rows(project, "parts", "name")
    assert after.keys() == parts.keys()
    rewritten = sorted(k for k in after if after[k] != parts[k])
    assert cache.CORE in rewritten
    assert not [k for k in rewritten if k.startswith(cache.SOURCE) or k == cache.MENTIONS], rewritten
    seed = project / "seeds" / "002_abbf96feefca3470.txt"  # one seed changes: its source's row, and the mentions
    seed.write_text(seed.read_text(encoding="utf-8") + "\n\nA paragraph added at the end.\n", encoding="utf-8")
    _build(project, tmp_path / "c")
    last = _rows(project, "parts", "name")
    rewritten = sorted(k for k in last if last[k] != after[k])
    assert [k for k in rewritten if k.startswith(cache.SOURCE)] == [cache.SOURCE + "s002"]
    assert cache.MENTIONS in rewritten
    assert b"A paragraph added at the end." in (tmp_path / "c" / "sources" / "s002.html").read_bytes()


def test_a_row_that_refers_to_another_is_read_only_by_the_store(project, tmp_path):
    """The core row names the cleaned sources and mentions other rows hold: read alone (by plain
    pickle, or with a row gone) it is not taken for a state."""
    import pickle

    _build(project, tmp_path / "a")
    state = project / cache.FOLDER / cache.STATE
    with closing(sqlite3.connect(state, isolation_level=None)) as db:
        core = db.execute("SELECT data FROM parts WHERE name = ?", (cache.CORE,)).fetchone()[0]
    with pytest.raises(cache.Untrusted):
        pickle.loads(core)
    assert cache.load(project) is not None
    with closing(sqlite3.connect(state, isolation_level=None)) as db:
        db.execute("DELETE FROM parts WHERE name = ?", (cache.SOURCE + "s001",))
    assert cache.load(project) is None
    _build(project, tmp_path / "b")                        # and the build starts from nothing
    assert cache.load(project) is not None


def test_a_source_index_read_back_anchors_as_a_new_one(project):
    """A SourceIndex keeps only its text in the store; its normalized text is made again when a
    quote is asked of it."""
    import pickle

    from site_builder.resolve.anchoring import SourceIndex

    text = "He said \u201cthe deal \u2014 worth $14 \\$ billion\u201d  was done.\n\nAnother  paragraph."
    index = SourceIndex("s9", text)
    quotes = ['"the deal - worth', "was done. Another paragraph", "not there at all", "paragraph"]
    fresh = [index.anchor(q) for q in quotes]
    data = pickle.dumps(index)
    assert index.norm.encode() not in data                   # the normalized text is not kept
    back = pickle.loads(data)
    assert "_normalized" not in back.__dict__
    assert [back.anchor(q) for q in quotes] == fresh


def test_the_inputs_are_every_entry_by_what_it_is(tmp_path):
    """scan_inputs names each file by the hash of its bytes and anything else by what it is, in
    every folder but those reached through a link (a link is an input of its own)."""
    import hashlib
    import os

    root = tmp_path / "p"
    (root / "content" / "people" / "empty").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "content" / "people" / "a.yaml").write_bytes(b"name: A\n")
    (root / "content" / ".hidden").write_bytes(b"")
    (root / "seeds" / "001.txt").write_bytes(b"text")
    os.mkfifo(root / "content" / "fifo")
    os.symlink("/nowhere", root / "content" / "dangling")
    os.symlink("people", root / "content" / "linked")
    (root / "output").mkdir()       # not an input folder
    (root / "output" / "x.html").write_bytes(b"")
    found = cache.scan_inputs(root)
    assert found == {
        "content/people": f"{cache.SPECIAL}folder",
        "content/people/empty": f"{cache.SPECIAL}folder",
        "content/people/a.yaml": hashlib.sha1(b"name: A\n").hexdigest(),
        "content/.hidden": hashlib.sha1(b"").hexdigest(),
        "content/fifo": f"{cache.SPECIAL}{os.lstat(root / 'content' / 'fifo').st_mode:o}",
        "content/dangling": f"{cache.SPECIAL}link to /nowhere",
        "content/linked": f"{cache.SPECIAL}link to people",
        "seeds/001.txt": hashlib.sha1(b"text").hexdigest(),
    }


def test_a_warm_save_rewrites_only_the_bucket_rows_holding_what_changed(project, tmp_path):
    """The records and anchors are in bucket rows by a hash of each key: an edit to one person
    rewrites the row of its record, not the others; and a bucket row gone is a store not trusted."""
    _build(project, tmp_path / "a")
    parts = _rows(project, "parts", "name")
    prefixes = cache.SHARED
    buckets = {k for k in parts if k.startswith(prefixes)}
    assert {k.split(":", 1)[0] + ":" for k in buckets} == set(prefixes)
    _edit_person(project)
    _build(project, tmp_path / "b")
    after = _rows(project, "parts", "name")
    rewritten = sorted(k for k in after if k.startswith(prefixes) and after[k] != parts.get(k))
    assert any(k.startswith(cache.RECORD) for k in rewritten), rewritten
    assert 0 < len(rewritten) <= len(buckets) // 4, rewritten
    # (write=True: `_rows`' read-only connections leave a -wal file, which a reader that may not write refuses)
    assert cache.load(project, write=True) is not None
    state = project / cache.FOLDER / cache.STATE
    with closing(sqlite3.connect(state, isolation_level=None)) as db:
        db.execute("DELETE FROM parts WHERE name = ?", (rewritten[0],))
    assert cache.load(project, write=True) is None


def test_the_name_matcher_is_kept_without_its_pattern_and_finds_what_a_new_one_finds(project, tmp_path):
    """The compiled pattern of every name is not pickled; read back, the matcher finds the names
    of a text with the pattern of the names that text holds (compiling the whole pattern only
    after `BUDGET` characters), which finds what the whole one finds."""
    import pickle

    from site_builder.resolve.mentions import NameMatcher

    _build(project, tmp_path / "a")
    cached = cache.load(project)
    assert cached is not None and cached.state.good is not None
    site = cached.state.good.site
    matcher = site.matcher
    assert "pattern" not in matcher.__dict__
    assert b"(?:" not in pickle.dumps(matcher)
    texts = [block.text for source in site.cleaned.values() for block in source.blocks]
    texts += [text.value for text in site.parsed]
    texts += ["Alexandr Wang", "Alexandr Wang's", "x Alexandr Wang-y", "Scale AI.Scale AI", ""]
    whole = NameMatcher(matcher.names)
    found = [list(whole.find(text)) for text in texts]
    assert sum(map(len, found)) > 100
    read_back = pickle.loads(pickle.dumps(matcher))
    read_back.BUDGET = sum(map(len, texts)) + 1
    assert [list(read_back.find(text)) for text in texts] == found
    assert "pattern" not in read_back.__dict__          # never compiled: each text's names sufficed
    short = pickle.loads(pickle.dumps(matcher))
    short.BUDGET = 1000
    assert [list(short.find(text)) for text in texts] == found
    assert "pattern" in short.__dict__                  # past the budget: the whole pattern, once


def _contribution_row(key: str) -> str:
    return next(iter(cache._buckets(cache.CONTRIB, [(key, None)], str)))


def _contributions_are_the_contents(project: Path) -> dict[str, object]:
    """Every contribution of the store's memo, read back, made from the very records and cleaned
    texts the state read with it holds (else kept for what it was not computed with): by kind:id."""
    from site_builder.resolve.references import owned_groups

    cached = cache.load(project, write=True)
    assert cached is not None and cached.state.good is not None
    site = cached.state.good.site
    groups = dict(owned_groups(site.content))
    kept = dict(cached.state.memo.stored_contributions())
    assert kept.keys() == {f"{kind}:{rid}" for kind, group in groups.items() for rid in group}
    for key, contribution in kept.items():
        kind, rid = key.split(":", 1)
        if kind not in ("claim", "event", "page", "site"):     # (kinds kept while equal, `BY_VALUE`: below)
            assert contribution.record is groups[kind][rid], key
        reads = [(site.content.sources.get(sid), site.cleaned.get(sid)) for sid in contribution.sources]
        assert all(a is b for a, b in zip(contribution.reads, [x for pair in reads for x in pair], strict=True)), key
    return kept


def test_a_warm_save_rewrites_only_the_contribution_rows_of_what_changed(project, monkeypatch):
    """Each record's contribution is in a bucket row by a hash of kind:id, referring by row and key
    to the records, anchors, parsed texts and cleaned sources other rows hold: a warm build through
    the store computes only the edited record's contribution again, and its save rewrites only the
    row holding it; read back, each contribution refers to the very records and texts it was made
    from, and one kept for a record no longer at its key is written again with that record."""
    import site_builder.resolve as resolve
    from site_builder.pipeline import BuildOptions

    options = BuildOptions(project, search=False)
    assert cache.cached_build(options).ok
    parts = _rows(project, "parts", "name")
    rows = {k for k in parts if k.startswith(cache.CONTRIB)}
    assert len(rows) > cache.BUCKETS // 2
    computed: list[str] = []
    real = resolve.contribute

    def counting(context, owner, kind, record):
        computed.append(f"{kind}:{record.id}")
        return real(context, owner, kind, record)

    monkeypatch.setattr(resolve, "contribute", counting)
    _edit_person(project)
    update = cache.cached_build(options)
    assert update.ok and update.result.from_state
    assert computed == ["person:alexandr-wang"]
    after = _rows(project, "parts", "name")
    assert {k for k in after if k.startswith(cache.CONTRIB)} == rows
    assert sorted(k for k in rows if after[k] != parts[k]) == [_contribution_row("person:alexandr-wang")]
    kept = _contributions_are_the_contents(project)
    assert "Edited." in kept["person:alexandr-wang"].record.summary.value

    # a comment at the end of a claim: an equal record, a new object; its contribution is kept (an
    # equal claim contributes the same), made from the claim read before: its row is written again
    # with that one, which is no longer the record row's
    claim = sorted((project / "content" / "claims").glob("*.yaml"))[0]
    claim.write_text(claim.read_text(encoding="utf-8").rstrip("\n") + "\n# a comment\n", encoding="utf-8")
    computed.clear()
    assert cache.cached_build(options).ok
    assert computed == []
    last = _rows(project, "parts", "name")
    assert sorted(k for k in rows if last[k] != after[k]) == [_contribution_row(f"claim:{claim.stem}")]
    cached = cache.load(project, write=True)
    assert cached is not None and cached.state.good is not None
    record = cached.state.good.site.content.claims[claim.stem]
    contribution = dict(cached.state.memo.stored_contributions())[f"claim:{claim.stem}"]
    assert contribution.record == record and contribution.record is not record
    _contributions_are_the_contents(project)
    computed.clear()
    _edit_person(project)                     # and a build from there computes the edited record's alone
    assert cache.cached_build(options).ok
    assert computed == ["person:alexandr-wang"]
    state = project / cache.FOLDER / cache.STATE           # a contribution row gone: a store not trusted
    assert cache.load(project, write=True) is not None
    with closing(sqlite3.connect(state, isolation_level=None)) as db:
        db.execute("DELETE FROM parts WHERE name = ?", (_contribution_row("person:alexandr-wang"),))
    assert cache.load(project, write=True) is None
