"""Stage 4, `write`: put the site on disk, atomically, in one of two ways.

- `StagedOutput` (a build): everything is written into a fresh folder beside the output,
  indexed for search, and only then swapped in with two renames, so a failed or
  interrupted build never leaves a half-written site and the previous one stays as it was.
- `LiveFolder` (the dev server's served folder): kept equal to the last good build file
  by file; each changed file is replaced atomically (a reader sees the old or the new
  file, never half of one), and only what differs from what the folder holds is written.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from .search import Indexing


def write_tree(files: Mapping[str, bytes], target: Path) -> Path:
    """Write `files` (site path -> bytes) into a staging folder beside `target`; return it."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))
    try:
        write_into(staging, files)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def write_into(folder: Path, files: Mapping[str, bytes]) -> None:
    made: set[Path] = set()
    for path, data in files.items():
        dest = folder / path
        if dest.parent not in made:
            dest.parent.mkdir(parents=True, exist_ok=True)
            made.add(dest.parent)
        dest.write_bytes(data)


def swap_in(staging: Path, target: Path) -> None:
    """Replace `target` with `staging`: rename the old away, rename the new in, delete the old."""
    target = target.resolve()
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.rmdir(old)
        os.rename(target, old)
    os.rename(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


class StagedOutput:
    """A whole site written aside, indexed for search, then swapped in.

    `begin` writes the pages and starts the search index on them (in its own process), so it
    runs while the builder checks links; `finish` writes the other files, waits for the
    index and swaps the site in; `abort` throws the staging folder away."""

    def __init__(self, output: Path, search: bool = True, cache: Path | None = None):
        self.output = output
        self.search = search
        self.cache = cache              # where the last search index is kept, with the pages it indexed
        self._staging: Path | None = None
        self._indexing: Indexing | None = None
        self._key = ""

    def begin(self, pages: Mapping[str, bytes]) -> None:
        self._staging = write_tree(pages, self.output)
        if not self.search:
            return
        digest = hashlib.sha1()
        for path in sorted(pages):
            digest.update(path.encode() + b"\0" + pages[path] + b"\0")
        self._key = digest.hexdigest()
        kept = self.cache / "search" if self.cache is not None else None
        if kept is not None and (kept / "key").is_file() and (kept / "key").read_text() == self._key:
            # the very pages the kept index was made from: Pagefind would write the same files
            shutil.copytree(kept / "pagefind", self._staging / "pagefind")
            return
        self._indexing = Indexing(self._staging)

    def finish(self, files: Mapping[str, bytes]) -> None:
        assert self._staging is not None, "begin() first"
        try:
            write_into(self._staging, files)
            if self._indexing is not None and self._indexing.wait():
                self._keep_index()
        except BaseException:
            self.abort()
            raise
        swap_in(self._staging, self.output)
        self._staging = None

    def _keep_index(self) -> None:
        if self.cache is None or self._staging is None:
            return
        kept = self.cache / "search"
        try:
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(self._staging / "pagefind", kept / "pagefind")
            (kept / "key").write_text(self._key)
        except OSError:
            shutil.rmtree(kept, ignore_errors=True)     # no kept index is better than a wrong one

    def abort(self) -> None:
        if self._indexing is not None:
            self._indexing.cancel()
        if self._staging is not None:
            discard(self._staging)
            self._staging = None


def write_changes(folder: Path, files: Mapping[str, bytes], written: Iterable[str], removed: Iterable[str]) -> None:
    """Bring `folder` up to date: each written file is replaced atomically, removed files go."""
    for path in written:
        dest = folder / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(files[path])
            os.replace(tmp, dest)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    for path in removed:
        (folder / path).unlink(missing_ok=True)


class LiveFolder:
    """A folder that holds the last good site, updated file by file as builds succeed."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.disk: dict[str, bytes] = {}        # what the folder holds (but the search index)

    def sync(self, files: Mapping[str, bytes], paths: Iterable[str] | None = None, prune: bool = False) -> set[str]:
        """Make the folder hold `files` (only `paths` of them, if given), writing only what
        differs from what it holds now; `prune` deletes what is no longer in `files`. Returns
        the paths written or deleted. Comparing with what is on disk, not with the last good
        build, keeps it right when an update fails after some pages were served early."""
        wanted = files.keys() if paths is None else paths
        written = [path for path in wanted if self.disk.get(path) is not files[path]
                   and self.disk.get(path) != files[path]]
        removed = [path for path in self.disk if path not in files] if prune else []
        write_changes(self.folder, files, written, removed)
        self.disk.update((path, files[path]) for path in written)
        for path in removed:
            del self.disk[path]
        return {*written, *removed}
