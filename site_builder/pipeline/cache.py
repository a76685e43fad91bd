"""The persisted build state: what `site-builder build` leaves for the next build.

A build keeps its `BuildState` (the loaded records, the resolved site, the rendered pages
with their recorded dependencies, the resolve memo) in `.site-builder-cache/` of the
project, with the content hash of every input file. The next build hashes the inputs
again, turns the differences into the same `Change`s the dev server gets from its file
watcher, and runs the same incremental build: the output is byte for byte a cold build's
(tests/test_cache.py). Inputs are compared by content hash, never by timestamp.

A cache is trusted only if its header says it was written by this very code (a hash of the
package's source and theme files and of the Python version) and its payload's checksum
matches; anything else - truncated, corrupt, stale, unreadable - is ignored and the build
starts from nothing. (The cache is a pickle: like Sphinx's environment, it is the project's
own file and must not come from elsewhere.)
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..render.theme import PACKAGED
from . import BuildOptions, BuildState, Change, Update, build, classify

FOLDER = ".site-builder-cache"
STATE = "state.pickle"
MAGIC = b"site-builder build state\n"
FORMAT = 1
INPUTS = ("content", "seeds", "themes")


@dataclass(frozen=True)
class Cached:
    state: BuildState
    inputs: dict[str, str]          # input file (relative to the project, posix) -> sha1 of its bytes


@lru_cache(maxsize=1)
def _code_version() -> str:
    """The package's own source and theme files, and the interpreter: a cache from any other
    code is not this code's to read."""
    digest = hashlib.sha1(f"{FORMAT}:{sys.version}".encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted([*package.rglob("*.py"), *(p for p in PACKAGED.rglob("*") if p.is_file())]):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


SPECIAL = "not a regular file:"


def scan_inputs(root: Path) -> dict[str, str]:
    """Every file a build can read, with the hash of its bytes; anything else there (a folder
    named like a record, a FIFO, a link to nowhere) by what it is, so its appearing is a change."""
    found: dict[str, str] = {}
    for name in INPUTS:
        folder = root / name
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            key = path.relative_to(root).as_posix()
            try:
                if path.is_symlink():
                    found[key] = f"{SPECIAL}link to {os.readlink(path)}"
                elif path.is_file():
                    found[key] = hashlib.sha1(path.read_bytes()).hexdigest()
                elif path.is_dir():
                    found[key] = f"{SPECIAL}folder"     # a folder that comes or goes reads everything
                else:
                    found[key] = f"{SPECIAL}{path.stat().st_mode:o}"
            except OSError as exc:
                found[key] = f"{SPECIAL}{exc.errno}"
    return found


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


def load(root: Path) -> Cached | None:
    """The cached state, or None when there is none this code may trust."""
    path = root / FOLDER / STATE
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    header, _, payload = raw.partition(b"\n\n")
    try:
        magic, version, checksum = header.split(b"\n")
    except ValueError:
        return None
    if magic + b"\n" != MAGIC or version.decode() != _code_version() or \
            hashlib.sha256(payload).hexdigest().encode() != checksum:
        return None
    try:
        cached = pickle.loads(payload)
    except Exception:       # a cache is a convenience: whatever is wrong with it, build without it
        return None
    return cached if isinstance(cached, Cached) else None


def save(root: Path, state: BuildState, inputs: dict[str, str]) -> None:
    """Write the state atomically (a reader sees the old cache or the new one); a cache that
    cannot be written is not an error, the next build just starts from nothing."""
    folder = root / FOLDER
    payload = pickle.dumps(Cached(state, inputs), protocol=pickle.HIGHEST_PROTOCOL)
    data = MAGIC + _code_version().encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n\n" + payload
    try:
        folder.mkdir(exist_ok=True)
        (folder / ".gitignore").write_text("*\n", encoding="utf-8")
        fd, tmp = tempfile.mkstemp(prefix=".state-", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, folder / STATE)
    except OSError:
        return


def cached_build(options: BuildOptions) -> Update:
    """`build`, starting from the state the last build of this project left, if it can be
    trusted: only what changed since is read, resolved and rendered again. A build that writes
    nothing (`check`) only reads the state: it neither saves it nor compiles templates into it."""
    root = options.root
    cached = load(root)
    inputs = scan_inputs(root)
    if cached is None:
        state, changes = BuildState(), []
    else:
        state = cached.state
        changes = changes_between(root, state.theme, cached.inputs, inputs)
    update = build(replace(options, cache=root / FOLDER if options.write else None), state, changes)
    if options.write and update.ok and (cached is None or changes or update.rendered):
        save(root, state, inputs)      # (a build that changed nothing leaves the cache as it was)
    return update
