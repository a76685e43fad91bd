"""The persisted build state: what `site-builder build` leaves for the next build, one entry per artifact.

A build keeps its state in `.site-builder-cache/state.sqlite` of the project, an SQLite database
(standard library, WAL mode) with one row per artifact, each with the hash of its bytes:

- `inputs`: every input file's content hash (compared by content, never by timestamp);
- `pages`: each page's render ("first": what it cites, links and read; no bytes for a page with
  backlinks sections, filled afterwards) and the page as written ("final"; its bytes, the same);
- `files`: the other files a build writes (raw seeds, the data export, sitemap and feed, theme assets);
- `parts`: the resolve memo's entry of each source ("source:" + its id: its record, its seed's
  digest, its cleaned text and quote index with the quotes it answered), the mentions (the
  memo's, the resolved site's and their indexes: "mentions"), bucket rows ("record:", "anchor:",
  "contrib:" + a bucket number, `_buckets`: the loaded records, the site's anchors and the memo's
  contribution of each record with its parsed texts, each entry in the row its key hashes to; a
  contribution row refers to the records, anchors and cleaned sources it was made from, by row
  and key), where each part of the data export sits in the files
  the last build wrote ("export", write/fragments.py), the rest ("core": the loaded records, the
  resolved site, the rest of the memo and what the renderer rendered with, one entry as they
  share their objects; the cleaned sources, mentions, the objects of the bucket rows and what the
  contributions hold are there references to the rows that hold them, see `_Split`, `_held`), the
  backlinks, and each page's backlinks sections as filled (what they read of them, where they
  are in the page);
- `templates`: the theme's compiled templates (Jinja bytecode, checked against each template's source).

The next build hashes the inputs again, turns the differences into the same `Change`s the dev
server gets from its file watcher, and runs the same incremental build: the output is byte for
byte a cold build's (tests/test_cache.py, tests/test_store.py). Saving writes only the rows that
changed (a page rendered again, a file with other bytes, a source prepared again, mentions found
again: the very objects read are the test, as the memo hands back the same object for the same
inputs) and deletes those gone, in one transaction: a reader sees the old state or the new one,
and a killed build leaves the old one.

A store is trusted only if it says it was written by this very code (a hash of the package's
source and theme files and of the Python version, and the store's format) and every row it
reads matches its hash; anything else - truncated, corrupt, foreign, unreadable - is ignored
and the build starts from nothing (and replaces it). The rows are pickles: like Sphinx's
environment, the store is the project's own file and must not come from elsewhere.

What a warm build still reads in full: the parts (it resolves again in full, asking the memo
for every source) and every page's row, because the link check, the data export and the writer
still take every page's bytes; they load as rows, one at a time, and only the changed rows are
written back (the rows are made one at a time as SQLite takes them, never all held at once).
A warm build after an edit to one record writes back no source row and no mentions; of the
bucket rows, those holding an entry that differs from the one read (the very object, for the
records and contributions the memos hand back; an equal value for the anchors),
and the contribution rows one of whose references would now find another object at its key (a
contribution kept for a record the site no longer holds: written again with that record, so that,
read back, it is not taken for the contribution of the record now there); the core row (0.4 MB
on 1,000 fair sources, 4.5 MB on the 100-article rich corpus: 16 and 12 MB when it held the
contributions and the memo's copy of the blocks index), and the small rows of the
backlinks, their fills, the page order and the export's places (~0.3 MB there), which every
save writes whole. Reading makes millions of objects, and saving hundreds of thousands:
the cyclic garbage collector is kept off them (`_long_lived`, `_no_collection`).
The data export keeps no encoded parts: only where each record's part sits in the files the
last good build wrote (which the store holds anyway), so a warm build slices the unchanged parts
out of those bytes (write/fragments.py; its kept parts were a 40 MB row before).
"""
from __future__ import annotations

import gc
import hashlib
import io
import marshal
import os
import pickle
import secrets
import sqlite3
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import jinja2

from .. import model as m
from ..render import PageSet, RenderedPage
from ..resolve import ResolveMemo, Site
from ..resolve.cleaning import Block, CleanedSource
from ..resolve.contributions import Contribution
from ..resolve.memo import MentionState
from ..theme import PACKAGED
from . import BuildOptions, BuildState, Change, Snapshot, Update, build, classify

FOLDER = ".site-builder-cache"
STATE = "state.sqlite"
FORMAT = 6
INPUTS = ("content", "seeds", "themes")
CORE = "core"            # the parts row of the loaded records, the resolved site and the rest of the memo
MENTIONS = "mentions"    # the parts row of the mentions: the memo's, the site's and their indexes
SOURCE = "source:"       # + a source id: the parts row of the memo's entry for that source
# + a bucket number (`_buckets`): the parts rows of large mappings an edit changes little of, by a
# hash of each key: the objects the core row refers to (`_Split`)
RECORD = "record:"            # the loaded records ("people:" + id, ...)
ANCHOR = "anchor:"            # the resolved site's anchors
CONTRIB = "contrib:"          # the memo's contributions, one a record ("person:" + id, ...), see `_held`
# (not the comparisons and citations, made of anchors and records: in rows of their own, they
# would hold copies of those, and the next build, comparing copies where it compared identities,
# resolved and rendered slower by more than their pickling saves)
SHARED = (RECORD, ANCHOR)    # (rows of values pickled whole; the contribution rows refer to them)
EXPORT = "export"        # the parts row of where each part of the data export sits (write/fragments.py)
BUCKETS = 64             # an edit computes one contribution again: it rewrites ~1/64 of them
PASSES = ("first", "final")
SAME = "same as first"    # the hash of a "final" page row that is its "first" row's page

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE inputs (path TEXT PRIMARY KEY, hash TEXT NOT NULL);
CREATE TABLE parts (name TEXT PRIMARY KEY, hash TEXT NOT NULL, data BLOB NOT NULL);
CREATE TABLE pages (pass TEXT NOT NULL, path TEXT NOT NULL, hash TEXT NOT NULL, data BLOB NOT NULL,
                    PRIMARY KEY (pass, path));
CREATE TABLE files (path TEXT PRIMARY KEY, part TEXT NOT NULL, hash TEXT NOT NULL, data BLOB NOT NULL);
CREATE TABLE templates (key TEXT PRIMARY KEY, hash TEXT NOT NULL, data BLOB NOT NULL);
"""


class Untrusted(Exception):
    """The store is not this code's, or not whole."""


@lru_cache(maxsize=1)
def _code_version() -> str:
    """The package's own source and theme files, and the interpreter: a store from any other
    code is not this code's to read."""
    digest = hashlib.sha1(f"{FORMAT}:{sys.version}".encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted([*package.rglob("*.py"), *(p for p in PACKAGED.rglob("*") if p.is_file())]):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _dump(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _stored(key: tuple[str, str]) -> object:
    """Stands, in a pickled part, for an object another row holds (see `_Split`): only the store's
    own unpickler knows where it is; anything else reading the row gets this error."""
    raise Untrusted(f"a reference to {key} outside the store")


def _site(shell: Site, blocks_kept: bool) -> Site:
    raise Untrusted("a resolved site outside the store")


def _content(shell: m.Content, seeds: tuple[str, ...]) -> m.Content:
    raise Untrusted("loaded records outside the store")


def _blocks(cleaned: Mapping[str, CleanedSource]) -> dict[tuple[str, str], Block]:
    """The site's blocks by (source, block id), as resolve indexes them: the store keeps the
    cleaned sources and makes this again (`_Split` checks that it does give the site's)."""
    return {(sid, block.id): block for sid, source in cleaned.items() for block in source.blocks}


class _Split(pickle.Pickler):
    """Pickles a part of the state, writing an object another row holds as a reference to it:
    each source's cleaned text and seed text (its memo entry's row), and, for the resolved site,
    the mentions and their indexes (the mentions row), so that a row only changes with what it
    holds."""

    def __init__(self, file: io.BytesIO, refs: dict[int, tuple], site: Site | None = None):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.refs, self.site = refs, site
        # the loaded records' seed texts are the memo's (a str is never handed to reducer_override:
        # the records are, with their seeds as references)
        content = site.content if site is not None else None
        self.content = content if content is not None and all(
            refs.get(id(text)) == ("seed", sid) for sid, text in content.seed_texts.items()) else None

    def reducer_override(self, obj: object) -> Any:
        # called for every object that is not of a built-in type: an id lookup keeps it cheap
        key = self.refs.get(id(obj))
        if key is not None:
            return _stored, (key,)
        if obj is self.content and self.content is not None:
            return _content, (replace(self.content, seed_texts={}), tuple(self.content.seed_texts))
        if obj is self.site and self.site is not None:
            site = self.site
            blocks_kept = _blocks(site.cleaned) != site.indexes.blocks
            indexes = replace(site.indexes, mentions_by_entity={}, mentions_by_block={}, linked_mentions=frozenset(),
                              blocks=site.indexes.blocks if blocks_kept else {})
            return _site, (replace(site, mentions=(), indexes=indexes), blocks_kept)
        return NotImplemented

    @classmethod
    def dumps(cls, value: object, refs: dict[int, tuple], site: Site | None = None) -> bytes:
        file = io.BytesIO()
        cls(file, refs, site).dump(value)
        return file.getvalue()


class _Joined(pickle.Unpickler):
    """Unpickles what `_Split` pickled, with the objects its references stand for."""

    def __init__(self, data: bytes, refs: dict[tuple, Any], mentions: dict | None = None,
                 used: dict[tuple, Any] | None = None):
        super().__init__(io.BytesIO(data))
        self.refs, self.mentions, self.used = refs, mentions, used

    def find_class(self, module: str, name: str) -> Any:
        # what is returned here stays in the unpickler's memo: none of it may refer to the
        # unpickler (a cycle would keep the memo, a slot per object read, until a collection)
        if module == __name__ and name == "_stored":
            return self.refs.__getitem__ if self.used is None else partial(_recorded, self.refs, self.used)
        if module == __name__ and name == "_site" and self.mentions is not None:
            return partial(_joined_site, self.mentions)
        if module == __name__ and name == "_content":
            return partial(_joined_content, self.refs)
        return super().find_class(module, name)


def _recorded(refs: dict[tuple, Any], used: dict[tuple, Any], key: tuple) -> Any:
    """The object a reference stands for, noted in `used` with its key: a row kept as it is by the
    next save must find, at every key it refers to, the very object it was read with."""
    value = used[key] = refs[key]
    return value


def _joined_content(refs: dict[tuple, Any], shell: m.Content, seeds: tuple[str, ...]) -> m.Content:
    return replace(shell, seed_texts={sid: refs["seed", sid] for sid in seeds})


def _joined_site(group: dict[str, Any], shell: Site, blocks_kept: bool) -> Site:
    indexes = replace(shell.indexes, mentions_by_entity=group["by_entity"], mentions_by_block=group["by_block"],
                      linked_mentions=group["linked"],
                      blocks=shell.indexes.blocks if blocks_kept else _blocks(shell.cleaned))
    return replace(shell, mentions=group["site"], indexes=indexes)


Bucket = list[tuple[Any, Any]]      # (key, value) pairs of a mapping that hash to one row, in its order


def _buckets(prefix: str, items: Iterable[tuple[Any, Any]], text: Callable[[Any], str]) -> dict[str, Bucket]:
    """A large mapping that an edit changes little of, in `BUCKETS` rows by a hash of each key's
    `text` (crc32: stable across processes, unlike hash()), so that a save writes only the rows
    holding what changed: the memo's contributions (`CONTRIB`, with their parsed texts: markdown
    tokens were most of the core row's pickling time), the site's records and anchors. Where a key lands only decides which
    row holds it: the mapping read back is the union of the rows."""
    buckets: dict[str, Bucket] = {}
    for key, value in items:
        name = prefix + str(zlib.crc32(text(key).encode("utf-8", "surrogatepass")) % BUCKETS)
        buckets.setdefault(name, []).append((key, value))
    return buckets


def _same_bucket(bucket: Bucket, before: Bucket | None, same: Callable[[Any, Any], bool]) -> bool:
    """The bucket read: the same keys, each with a value `same` as the one read."""
    return (before is not None and len(bucket) == len(before)
            and all(same(a[1], b[1]) and a[0] == b[0] for a, b in zip(bucket, before, strict=True)))


def _same_object(a: Any, b: Any) -> bool:
    # the memos hand back the very object read for an unchanged input: a record, a contribution
    return a is b


def _same_value(a: Any, b: Any) -> bool:
    # an anchor comes from its source's row: an equal copy of the anchor row's (plain fields)
    return a is b or a == b


def _shared(site: Site) -> dict[str, Bucket]:
    """The rows of the objects the core row and the contribution rows refer to: the same objects
    build after build. (The site's parsed texts are those of the contributions, `_held`: keyed
    by their texts here, each reference would hash a text and its position.)"""
    content = site.content
    records = ((f"{kind}:{rid}", record) for kind in ("sources", "people", "organizations", "events", "claims",
                                                      "pages") for rid, record in getattr(content, kind).items())
    return {**_buckets(RECORD, records, str),
            **_buckets(ANCHOR, site.anchors.items(), lambda key: f"{key[0]}\t{key[1]}")}


def _same_for(name: str) -> Callable[[Any, Any], bool]:
    return _same_object if name.startswith(RECORD) else _same_value


def _held(contribution: Contribution) -> Iterator[tuple[tuple[str, ...] | tuple[str, str, int], object]]:
    """The objects of a contribution that the memo's joined parts and the resolved site hold too
    (its parsed texts and their keys, problems, citations, misses and comparison), each by where it is in the contribution: the
    core row refers to them there (copies would cost their pickling, and the next build, comparing
    copies where it compared identities, more). A contribution is never changed once made, so a
    contribution row read back holds each at the same place."""
    for i, (text, parsed) in enumerate(contribution.parsed.items()):
        yield ("parsed", "", i), parsed
        yield ("text", "", i), text       # (the site's parsed texts by the very same keys: compared by identity first)
    for name in ("refs", "uncited", "compared", "dates"):
        for i, problem in enumerate(getattr(contribution, name)):
            yield (name, "", i), problem
    for name in ("texts", "quotes"):
        found = getattr(contribution, name)
        for i, problem in enumerate(found.problems):
            yield (name, "problems", i), problem
        for i, citation in enumerate(found.citations):
            yield (name, "citations", i), citation
        for i, (_, miss) in enumerate(found.misses):   # (a tuple is pickled whole: its miss is referred to)
            yield (name, "misses", i), miss
    for claim_id, comparison in contribution.comparisons.items():
        yield ("comparisons", claim_id), comparison


def _contribution_refs(buckets: Mapping[str, Bucket]) -> Iterator[tuple[tuple, object]]:
    """The keys the core row refers to the contributions and what they hold by (`_held`)."""
    for name, bucket in buckets.items():
        for key, contribution in bucket:
            yield (name, key), contribution
            for where, value in _held(contribution):
                yield (name, key, *where), value


def _mentions_part(state: BuildState, site: Site) -> dict[str, object]:
    return {"memo": state.memo.stored_mentions(), "site": site.mentions, "by_entity": site.indexes.mentions_by_entity,
            "by_block": site.indexes.mentions_by_block, "linked": site.indexes.linked_mentions}


def _mentions_token(part: dict[str, object]) -> tuple[tuple[str, ...], list[object]]:
    """What says the mentions part is the one read: its very objects (the memo's dict of each
    source's mentions is changed in place: its values too)."""
    memo: MentionState = part["memo"]  # type: ignore[assignment]
    names, per_source, last = memo
    return tuple(per_source), [names, per_source, last, part["site"], part["by_entity"], part["by_block"],
                               part["linked"], *per_source.values()]


def _same(token: tuple[tuple[str, ...], list[object]], before: tuple[tuple[str, ...], list[object]] | None) -> bool:
    return (before is not None and token[0] == before[0] and len(token[1]) == len(before[1])
            and all(a is b for a, b in zip(token[1], before[1], strict=True)))


def _checked(data: bytes, expected: str) -> bytes:
    if not isinstance(data, bytes) or _hash(data) != expected:
        raise Untrusted("a row does not match its hash")
    return data


def _inputs_hash(inputs: dict[str, str]) -> str:
    return _hash("\n".join(f"{path}\t{digest}" for path, digest in sorted(inputs.items())).encode())


SPECIAL = "not a regular file:"


def scan_inputs(root: Path) -> dict[str, str]:
    """Every file a build can read, with the hash of its bytes; anything else there (a folder
    named like a record, a FIFO, a link to nowhere) by what it is, so its appearing is a change."""
    found: dict[str, str] = {}
    for name in INPUTS:
        folder = root / name
        if folder.is_dir():
            _scan(os.fspath(folder), name, found)
    return found


def _scan(folder: str, key: str, found: dict[str, str]) -> None:
    """The entries of `folder` (named `key` in the project), into `found`, and those of its
    folders that are not links, as Path.rglob goes. One os.scandir a folder: what each entry is
    comes with the listing (no stat a file: a warm build of 1,000 articles scans ~2,200 inputs)."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:         # unreadable, or gone meanwhile: it is listed in its parent, as a folder
        return
    for entry in entries:
        path = f"{key}/{entry.name}"
        try:
            if entry.is_symlink():
                found[path] = f"{SPECIAL}link to {os.readlink(entry.path)}"
            elif entry.is_file():
                with open(entry.path, "rb") as handle:
                    found[path] = hashlib.sha1(handle.read()).hexdigest()
            elif entry.is_dir():
                found[path] = f"{SPECIAL}folder"     # a folder that comes or goes reads everything
                _scan(entry.path, path, found)
            else:
                found[path] = f"{SPECIAL}{entry.stat(follow_symlinks=False).st_mode:o}"
        except OSError as exc:
            found[path] = f"{SPECIAL}{exc.errno}"


def changes_between(root: Path, theme: str, before: dict[str, str], after: dict[str, str]) -> list[Change]:
    """The changed, added and removed input files, as the dev server's watcher would name them.
    A file the build never reads is no change; a vanished or new folder reads everything again."""
    changed = [path for path in before.keys() | after.keys() if before.get(path) != after.get(path)]
    out = []
    for path in sorted(changed):
        if any(v.startswith(SPECIAL) for v in (before.get(path, ""), after.get(path, ""))):
            out.append(Change("folder", path))     # not a plain file: a full load says what it is
            continue
        change = classify(root, theme, root / path)
        if change is not None:
            out.append(change)
    return out


class Templates(jinja2.BytecodeCache):
    """Compiled templates kept in the store (Jinja checks each against its template's source, so
    an edited template is compiled again). Read from the store when it is opened; what was
    compiled since is written with the rest of the state (never by `check`)."""

    def __init__(self, known: dict[str, tuple[str, bytes]] | None = None):
        self.known: dict[str, tuple[str, bytes]] = dict(known or {})   # key -> (source checksum, code)
        self.new: set[str] = set()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self.known.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = marshal.loads(found[1])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is not None and bucket.checksum:
            self.known[bucket.key] = (bucket.checksum, marshal.dumps(bucket.code))
            self.new.add(bucket.key)


@dataclass
class Cached:
    """A trusted store, read: the state to build on, and what its rows held (to write back only
    the rows that differ)."""

    state: BuildState
    inputs: dict[str, str]                                   # input file -> hash of its bytes
    pages: dict[tuple[str, str], RenderedPage] = field(default_factory=dict)   # (pass, path) -> page read
    files: dict[str, bytes] = field(default_factory=dict)                       # path -> bytes read
    reads: object = None
    generation: str = ""      # the save that wrote what was read
    sources: dict[str, object] = field(default_factory=dict)    # source id -> its memo entry read
    buckets: dict[str, Bucket] = field(default_factory=dict)    # bucket rows (`_buckets`) -> the bucket read
    mentions: tuple[tuple[str, ...], list[object]] | None = None   # the mentions part read (`_mentions_token`)
    used: dict[str, dict[tuple, Any]] = field(default_factory=dict)   # contribution row -> what its references found


@contextmanager
def _long_lived() -> Iterator[None]:
    """What is made inside is kept out of the cyclic garbage collector's walks until the end of
    the build: unpickling the state makes millions of objects, none of them garbage, and every
    few thousand allocations the collector would walk them all again (half the time to read the
    store), then again at each collection of the build. Frozen (gc.freeze) as soon as read, they
    are walked by no collection; the end of the build gives them back to it, so that a process
    that builds again collects them as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@contextmanager
def _no_collection() -> Iterator[None]:
    """The cyclic garbage collector off while saving: the save makes hundreds of thousands of
    small objects (pickles, bucket lists, rows), no cyclic garbage, and each few thousand of them
    set off a collection that walks everything the build made (about a second of the save on the
    100-article rich corpus)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _connect(path: Path, write: bool) -> Iterator[sqlite3.Connection]:
    """A connection: a build's, in WAL mode (SQLite takes in, or rolls back, what a killed build
    left in the -wal file); or `check`'s, read-only and immutable (no lock, no -wal or -shm made:
    it writes nothing), which `load` opens only when no -wal file is there (every save ends with
    the WAL checkpointed into the database and removed)."""
    if write:
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
    else:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None)
    with closing(db):
        yield db


def load(root: Path, write: bool = False) -> Cached | None:
    """The stored state, or None when there is none this code may trust. A reader that may not
    write (`check`) cannot take in what a killed build left in a -wal file: it starts from nothing."""
    path = root / FOLDER / STATE
    if not path.is_file() or (not write and path.with_name(STATE + "-wal").exists()):
        return None
    try:
        with _connect(path, write=write) as db:
            # one read transaction: every SELECT sees the same save (a build saving beside this one
            # would otherwise show its inputs beside the pages of the save before, and the state
            # would be taken for damaged)
            db.execute("BEGIN")
            try:
                return _read(db)
            finally:
                db.execute("ROLLBACK")
    except (Untrusted, sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            TypeError, ValueError, IndexError, KeyError):
        return None         # a cache is a convenience: whatever is wrong with it, build without it


def _read(db: sqlite3.Connection) -> Cached:
    meta = dict(db.execute("SELECT key, value FROM meta"))
    if meta.get("format") != str(FORMAT) or meta.get("code") != _code_version() or meta.get("complete") != "1":
        raise Untrusted("another code version or format")
    # row by row, each unpickled as read (never every row's bytes and objects at once); the rows
    # others refer to first
    sources: dict[str, Any] = {}
    refs: dict[tuple, Any] = {}
    for name, data in _parts(db, SOURCE):
        entry = sources[name[len(SOURCE):]] = pickle.loads(data)
        if not (isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[2][0], CleanedSource)):
            raise Untrusted("a source row that is not a memo entry")
        refs["cleaned", name[len(SOURCE):]], refs["seed", name[len(SOURCE):]] = entry[2][0], entry[1]
    buckets: dict[str, Bucket] = {}
    for prefix in SHARED:
        for name, data in _parts(db, prefix):
            bucket = buckets[name] = pickle.loads(data)
            if not isinstance(bucket, list):
                raise Untrusted("a row that is not a bucket")
            refs.update(((name, key), value) for key, value in bucket)
    # the contribution rows refer to those; each notes what it found there (`_recorded`), for the save
    used: dict[str, dict[tuple, Any]] = {}
    contributions: dict[str, Bucket] = {}
    for name, data in _parts(db, CONTRIB):
        bucket = contributions[name] = _Joined(data, refs, used=used.setdefault(name, {})).load()
        if not (isinstance(bucket, list) and all(isinstance(entry, Contribution) for _, entry in bucket)):
            raise Untrusted("a row that is not a bucket of contributions")
    refs.update(_contribution_refs(contributions))
    buckets.update(contributions)
    mentions = _Joined(_part(db, MENTIONS), refs).load()
    core = _Joined(_part(db, CORE), refs, mentions).load()
    shared = core["memo"]["shared"]
    for name in core["site blocks"]:     # the site's index of its blocks (see `_write`)
        shared[name] = (shared[name][0], core["site"].indexes.blocks)
    if sorted(buckets) != sorted(core["buckets"]):
        raise Untrusted("the bucket rows are not those written")
    parts = {name: pickle.loads(_part(db, name)) for name in ("filled", "backlinks", "order", EXPORT)}
    filled, backlinks = parts["filled"], parts["backlinks"]
    pages: dict[tuple[str, str], RenderedPage] = {}
    for kind, page_path, digest, data in db.execute("SELECT pass, path, hash, data FROM pages ORDER BY pass DESC"):
        if kind == "final" and digest == SAME:
            pages[kind, page_path] = pages["first", page_path]     # ("first" rows come first)
            continue
        page = pickle.loads(_checked(data, digest))
        if not isinstance(page, RenderedPage) or page.path != page_path or kind not in PASSES:
            raise Untrusted("a page row that is not a page")
        pages[kind, page_path] = page
    files: dict[str, dict[str, bytes]] = {"seed": {}, "data": {}, "asset": {}}
    read: dict[str, bytes] = {}
    for file_path, part, digest, data in db.execute("SELECT path, part, hash, data FROM files"):
        files[part][file_path] = read[file_path] = _checked(data, digest)
    known = {key: (digest, data) for key, digest, data in db.execute("SELECT key, hash, data FROM templates")}
    inputs = dict(db.execute("SELECT path, hash FROM inputs"))
    if meta.get("inputs") != _inputs_hash(inputs):
        raise Untrusted("the input hashes are not those written")
    order = parts["order"]
    first = {p: pages["first", p] for p in order}
    final = {p: pages["final", p] for p in order}
    state = BuildState()
    state.loaded = core["loaded"]
    state.memo = ResolveMemo.restored({sid: sources[sid] for sid in core["sources"]}, mentions["memo"], core["memo"])
    state.templates = Templates(known)
    state.export = parts[EXPORT]      # where each part of the data export sits (write/fragments.py)
    good = Snapshot(core["site"], core["renderer"], PageSet(first, final, backlinks, filled),
                    {**{p: page.body for p, page in final.items()}, **files["seed"]}, files["data"], files["asset"])
    state.good = good
    return Cached(state, inputs, pages, read, filled, meta.get("generation", ""),
                  sources, buckets, _mentions_token(mentions), used)


def _parts(db: sqlite3.Connection, prefix: str) -> Iterator[tuple[str, bytes]]:
    """The parts rows named `prefix`..., one at a time, each checked against its hash."""
    for name, digest, data in db.execute("SELECT name, hash, data FROM parts WHERE name GLOB ?", (prefix + "*",)):
        yield name, _checked(data, digest)


def _part(db: sqlite3.Connection, name: str) -> bytes:
    row = db.execute("SELECT hash, data FROM parts WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise Untrusted(f"no {name} row")
    return _checked(row[1], row[0])


def save(root: Path, cached: Cached | None, state: BuildState, inputs: dict[str, str]) -> None:
    """Write what differs from the store as read (`cached`; None: everything, into a new store),
    in one transaction. A store that cannot be written is not an error: the next build starts
    from nothing."""
    folder = root / FOLDER
    path = folder / STATE
    good = state.good
    if good is None:
        return
    try:
        folder.mkdir(exist_ok=True)
        (folder / ".gitignore").write_text("*\n", encoding="utf-8")
        if cached is None:
            for stale in (path, path.with_name(STATE + "-wal"), path.with_name(STATE + "-shm")):
                stale.unlink(missing_ok=True)    # a store not trusted (or none): a new one
        with _connect(path, write=True) as db:
            db.execute("PRAGMA journal_mode=WAL")
            # a commit is atomic either way; NORMAL skips the fsync per commit that FULL adds (a
            # power cut may lose the last state - a cache: the next build starts from nothing)
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("BEGIN IMMEDIATE")
            try:
                if cached is None:
                    _schema(db)
                elif db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone() != (cached.generation,):
                    # another build saved since this one read: what differs from what was read is
                    # not what differs from what is there now; that build's state stays, whole
                    db.execute("ROLLBACK")
                    return
                _write(db, cached, state, good, inputs)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
    except (OSError, sqlite3.Error):
        return


def _schema(db: sqlite3.Connection) -> None:
    for statement in SCHEMA.strip().split(";"):
        if statement.strip():
            db.execute(statement)


def _write(db: sqlite3.Connection, cached: Cached | None, state: BuildState, good: Snapshot,
           inputs: dict[str, str]) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?), ('code', ?), ('complete', '1'), ('inputs', ?), "
               "('generation', ?)", (str(FORMAT), _code_version(), _inputs_hash(inputs), secrets.token_hex(8)))
    before_inputs = cached.inputs if cached else {}
    db.executemany("DELETE FROM inputs WHERE path = ?", [(p,) for p in before_inputs.keys() - inputs.keys()])
    db.executemany("INSERT OR REPLACE INTO inputs VALUES (?, ?)",
                   [(p, h) for p, h in inputs.items() if before_inputs.get(p) != h])
    # the memo's entry of each source a row of its own, written when it was prepared again; the
    # site's and the memo's mentions one row, written when they were found again; the rest (the
    # renderer holds the resolved site: pickled apart, the site would be written and read twice)
    # refers to the cleaned sources and mentions there
    sources = state.memo.stored_sources()
    before = cached.sources if cached else {}
    rest = state.memo.stored_rest()
    # the memo's index of the blocks is the site's, which `_Split` pickles as made again from the
    # cleaned sources: the core row keeps it once (15 MB of blocks copied on 1,000 sources)
    shared: dict[str, tuple[object, object]] = rest["shared"]  # type: ignore[assignment]
    site_blocks = [name for name, (_, value) in shared.items() if value is good.site.indexes.blocks]
    rest = {**rest, "shared": {**shared, **{name: (shared[name][0], None) for name in site_blocks}}}
    buckets = _shared(good.site)
    contributions = _buckets(CONTRIB, state.memo.stored_contributions(), str)
    old_buckets = cached.buckets if cached else {}
    db.executemany("DELETE FROM parts WHERE name = ?",
                   [(SOURCE + sid,) for sid in before.keys() - sources.keys()]
                   + [(name,) for name in old_buckets.keys() - buckets.keys() - contributions.keys()])
    # the objects other rows hold, by row and key (never by place: a row not written again finds
    # them in rows written since); an object at two keys is referred to by the last
    located: dict[tuple, object] = {("cleaned", sid): entry[2][0] for sid, entry in sources.items()}
    located.update((("seed", sid), entry[1]) for sid, entry in sources.items())
    # the mentions row, not always written, refers to no bucket
    source_refs = {id(value): key for key, value in located.items()}
    for name, bucket in buckets.items():
        located.update(((name, key), value) for key, value in bucket)
    shared_refs = {id(value): key for key, value in located.items()}   # what the contributions refer to
    refs = {**{id(value): key for key, value in _contribution_refs(contributions)}, **shared_refs}
    used = cached.used if cached else {}

    def kept(name: str, bucket: Bucket) -> bool:
        # the very contributions read, and every object the row referred to still at its key: a
        # contribution kept for a record no longer the site's is written again, with that record
        # (so that, read back, it is not taken for the contribution of the record now at its key)
        return _same_bucket(bucket, old_buckets.get(name), _same_object) and all(
            located.get(key) is value for key, value in used.get(name, {}).items())

    def rows() -> Iterator[tuple[str, bytes]]:
        # made one at a time as executemany takes them: one row's pickle held at once
        yield from ((SOURCE + sid, _dump(entry)) for sid, entry in sources.items() if before.get(sid) is not entry)
        yield from ((name, _dump(bucket)) for name, bucket in buckets.items() if not _same_bucket(
            bucket, old_buckets.get(name), _same_for(name)))
        yield from ((name, _Split.dumps(bucket, shared_refs)) for name, bucket in contributions.items()
                    if not kept(name, bucket))
        mentions = _mentions_part(state, good.site)
        if not _same(_mentions_token(mentions), cached.mentions if cached else None):
            yield MENTIONS, _Split.dumps(mentions, source_refs)
        core = {"loaded": state.loaded, "memo": rest, "sources": list(sources),
                "buckets": [*buckets, *contributions], "site blocks": site_blocks, "site": good.site,
                "renderer": good.renderer}
        yield CORE, _Split.dumps(core, refs, good.site)
        parts = {"backlinks": good.pages.backlinks, "filled": good.pages.filled, "order": list(good.pages.final),
                 EXPORT: state.export}
        yield from ((name, _dump(value)) for name, value in parts.items())

    db.executemany("INSERT OR REPLACE INTO parts VALUES (?, ?, ?)", ((name, _hash(data), data) for name, data in rows()))
    # pages: a page reused from the store is the very object read; any other was rendered again
    old_pages = cached.pages if cached else {}
    new_pages = {(kind, p): page for kind in PASSES for p, page in getattr(good.pages, kind).items()}
    db.executemany("DELETE FROM pages WHERE pass = ? AND path = ?", list(old_pages.keys() - new_pages.keys()))

    def page_rows() -> Iterator[tuple[str, str, str, bytes]]:
        for key, page in new_pages.items():
            if old_pages.get(key) is page:
                continue
            if key[0] == "final" and page is good.pages.first.get(key[1]):
                yield (*key, SAME, b"")    # a page without backlinks slots: one object in both
            else:
                data = _dump(page)
                yield (*key, _hash(data), data)

    db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?)", page_rows())
    old_files = cached.files if cached else {}
    new_files = {**{p: ("seed", b) for p, b in good.files.items() if p not in good.pages.final},
                 **{p: ("data", b) for p, b in good.data.items()},
                 **{p: ("asset", b) for p, b in good.assets.items()}}
    db.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in old_files.keys() - new_files.keys()])
    db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
                   ((p, part, _hash(b), b) for p, (part, b) in new_files.items() if old_files.get(p) != b))
    templates = state.templates
    if isinstance(templates, Templates):
        db.executemany("INSERT OR REPLACE INTO templates VALUES (?, ?, ?)",
                       [(key, *templates.known[key]) for key in sorted(templates.new)])


def cached_build(options: BuildOptions) -> Update:
    """`build`, starting from the state the last build of this project left, if it can be
    trusted: only what changed since is read, resolved and rendered again. A build that writes
    nothing (`check`) only reads the store: it neither saves the state nor its compiled templates."""
    root = options.root
    try:
        with _long_lived():
            cached = load(root, write=options.write)
        inputs = scan_inputs(root)
        if cached is None:
            state, changes = BuildState(), []
            state.templates = Templates()
        else:
            state = cached.state
            changes = changes_between(root, state.theme, cached.inputs, inputs)
        update = build(replace(options, cache=root / FOLDER if options.write else None), state, changes)
        templates = state.templates
        compiled = isinstance(templates, Templates) and bool(templates.new)
        if options.write and update.ok and (cached is None or changes or update.rendered or compiled):
            with _no_collection():
                save(root, cached, state, inputs)  # (a build that changed nothing leaves the store as it was)
    finally:
        gc.unfreeze()
    return update
