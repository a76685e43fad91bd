"""Stage 4, `write`: put the site on disk, atomically, in one of two ways.

- `StagedOutput` (a build): the site is staged in a fresh folder beside the output,
  indexed for search, and only then swapped in, so a failed or interrupted build never
  leaves a half-written site and the previous one stays as it was. The swap is one atomic
  exchange of the two folders (Linux's renameat2 with RENAME_EXCHANGE): at every instant
  `output/` is either the whole old site or the whole new one, even if the build is killed
  in between, and two builds finishing at the same moment each swap in a whole site (the
  last one wins). Where the exchange is not available, two renames do it, with a moment in
  between when `output/` is missing. Folders left behind by a killed build (its staging
  folder, or the old site it was deleting) carry the build's process id; the next build
  removes those whose process is gone. Only new and changed files are written: a file the
  current output already holds with the same bytes (and the mode this build would give it)
  is hard-linked into the staging folder instead (`Stager`: each read and compared, by name in
  folders opened once). Nothing ever writes into a file in place, so the old site, which
  shares those files, stays as it was until the swap.
- `LiveFolder` (the dev server's served folder): kept equal to the last good build file
  by file; each changed file is replaced atomically (a reader sees the old or the new
  file, never half of one), and only what differs from what the folder holds is written.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from . import search as _search
from .search import Indexing


def _prefix(target: Path, kind: str, pid: int | None = None) -> str:
    return f".{target.name}.{kind}-{os.getpid() if pid is None else pid}-"


def write_tree(files: Mapping[str, bytes], target: Path, reuse: bool = False) -> Path:
    """Write `files` (site path -> bytes) into a staging folder beside `target`; return it.
    With `reuse`, the files `target` already holds as they are are linked, not written."""
    target = target.resolve()
    staging = _new_staging(target)
    try:
        stage_into(staging, files, target if reuse else None)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _new_staging(target: Path) -> Path:
    """A staging folder for `target`, after removing what killed builds left beside it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_debris(target)
    return _make_staging(target)


def _make_staging(target: Path) -> Path:
    """A new, uniquely named folder beside `target`, with the mode any new folder gets (0777 less
    the umask: 0755 under 022). Not mkdtemp's: its 0700 would be swapped in as `output/`, and a web
    server running as another user, or a copy made with `rsync -a`, would answer 403 for every page."""
    while True:
        staging = target.parent / (_prefix(target, "staging") + secrets.token_hex(4))
        try:
            staging.mkdir()
            return staging
        except FileExistsError:     # the same name drawn twice (or a folder left behind): draw again
            continue


def _copy_as_new(source: Path, dest: Path) -> None:
    """Copy a tree as newly written files and folders: their modes follow this build's umask, as
    every other file of the site does, not the umask of the build that made the copied files.
    A file whose mode already is that is linked (its bytes are the kept index's own, unchanged:
    the kept index is only ever replaced whole, never written into)."""
    mode = file_mode()
    dest.mkdir(parents=True, exist_ok=True)
    # each folder listed once (scandir: what each entry is comes with the listing), its files
    # linked by name from the open folder into the open copy: one stat and one link a file
    folders = [(os.open(source, _OPEN_FOLDER), os.open(dest, _OPEN_FOLDER))]
    try:
        while folders:
            source_fd, dest_fd = folders[-1]
            folders.pop()
            try:
                with os.scandir(source_fd) as entries:
                    for entry in entries:
                        if entry.is_dir(follow_symlinks=False):
                            folders.append(_open_pair(source_fd, dest_fd, entry.name))
                        elif not _link_named(source_fd, dest_fd, entry.name, mode):
                            _write_new(dest_fd, entry.name, _read_named(source_fd, entry.name))
            finally:
                os.close(source_fd)
                os.close(dest_fd)
    finally:
        for pair in folders:
            for fd in pair:
                os.close(fd)


def _open_pair(source_fd: int, dest_fd: int, name: str) -> tuple[int, int]:
    """The folder `name` of the source, opened, and its copy, made and opened."""
    opened = os.open(name, _OPEN_FOLDER, dir_fd=source_fd)
    try:
        return opened, _make_folder(dest_fd, name)
    except BaseException:
        os.close(opened)
        raise


def _link_named(source_fd: int, dest_fd: int, name: str, mode: int) -> bool:
    """Hard-link the file `name` of one open folder into another if it is a plain file with `mode`
    (the mode a file written now would get: a file kept from a build under another umask is
    written again instead). False where it is not, or the file system cannot link."""
    try:
        found = os.lstat(name, dir_fd=source_fd)
        if not stat.S_ISREG(found.st_mode) or stat.S_IMODE(found.st_mode) != mode:
            return False
        os.link(name, name, src_dir_fd=source_fd, dst_dir_fd=dest_fd, follow_symlinks=False)
        return True
    except OSError:     # gone, another file system (EXDEV), no hard links here (EPERM): write it
        return False


def _read_named(folder_fd: int, name: str) -> bytes:
    with open(os.open(name, os.O_RDONLY | os.O_CLOEXEC, dir_fd=folder_fd), "rb") as handle:  # (as copyfile did)
        return handle.read()


def file_mode() -> int:
    """The mode a file this process creates gets: 0666 less the umask (0644 under 022)."""
    try:    # Linux 4.7+: read, without setting it (os.umask sets it, for every thread at once)
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):   # pragma: no cover - not Linux
        pass
    mask = os.umask(0o022)          # pragma: no cover
    os.umask(mask)                  # pragma: no cover
    return 0o666 & ~mask            # pragma: no cover


# an old file is opened without following a symbolic link or waiting on a pipe someone put there
_OPEN_OLD = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_OPEN_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
# Linux: an open file can be linked by its /proc/self/fd name (linkat following that link): the
# file linked is then the very file compared, whatever was renamed over its name meanwhile
_PROC_FD = Path("/proc/self/fd").is_dir()
_OPEN_FOLDERS = 256     # at most this many folders of a tree kept open at once (the file limit is ~1024)


def _make_folder(parent_fd: int, name: str) -> int:
    """The folder `name` in an open folder, made if missing (0777 less the umask), opened."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(name, dir_fd=parent_fd)
    return os.open(name, _OPEN_FOLDER, dir_fd=parent_fd)


class _Folders:
    """The folders of one tree, opened once each (made first with `make`), by site folder ("" the
    top): files are then opened, made and linked by name in their folder, not by a whole path
    walked again for each file. A few hundred stay open at once; the longest open is closed first."""

    def __init__(self, top: Path, make: bool):
        self.make = make
        self._open: dict[str, int] = {"": os.open(top, _OPEN_FOLDER)}

    def get(self, folder: str) -> int:
        fd = self._open.get(folder)
        if fd is not None:
            return fd
        parent, _, name = folder.rpartition("/")
        parent_fd = self.get(parent)
        fd = _make_folder(parent_fd, name) if self.make else os.open(name, _OPEN_FOLDER, dir_fd=parent_fd)
        if len(self._open) >= _OPEN_FOLDERS:
            oldest = next(key for key in self._open if key not in ("", parent))
            os.close(self._open.pop(oldest))
        self._open[folder] = fd
        return fd

    def close(self) -> None:
        for fd in self._open.values():
            os.close(fd)
        self._open.clear()


def _write_new(folder_fd: int, name: str, data: bytes) -> None:
    """Write `data` as a new file `name` of an open folder (0666 less the umask). A file already
    there is unlinked first, never written into: it may be linked from the old output."""
    try:
        fd = os.open(name, _CREATE, 0o666, dir_fd=folder_fd)
    except FileExistsError:
        os.unlink(name, dir_fd=folder_fd)
        fd = os.open(name, _CREATE, 0o666, dir_fd=folder_fd)
    with open(fd, "wb") as handle:
        handle.write(data)


def _reuse(source_fd: int, dest_fd: int, name: str, data: bytes, mode: int) -> bool:
    """Hard-link the file `name` of the open old folder into the open new one if it is a plain file
    holding exactly `data` with `mode`; False (nothing done) where not: the caller writes the
    file. The file compared is the file linked (same inode), even if another build swaps the
    output in between."""
    try:
        fd = os.open(name, _OPEN_OLD, dir_fd=source_fd)
    except OSError:
        return False
    try:
        found = os.fstat(fd)
        if (not stat.S_ISREG(found.st_mode) or stat.S_IMODE(found.st_mode) != mode
                or found.st_size != len(data) or os.read(fd, len(data) + 1) != data):
            return False    # (a short read, which a plain file does not give, only writes it again)
        if _PROC_FD:    # the open file itself: no check after linking needed
            os.link(f"/proc/self/fd/{fd}", name, dst_dir_fd=dest_fd, follow_symlinks=True)
            return True
        os.link(name, name, src_dir_fd=source_fd, dst_dir_fd=dest_fd, follow_symlinks=False)  # pragma: no cover
        linked = os.lstat(name, dir_fd=dest_fd)                                                # pragma: no cover
        if (linked.st_ino, linked.st_dev) == (found.st_ino, found.st_dev):                     # pragma: no cover
            return True
        os.unlink(name, dir_fd=dest_fd)     # pragma: no cover - replaced between the compare and the link
        return False                        # pragma: no cover
    except OSError:     # gone, another file system (EXDEV), no hard links here (EPERM): write it
        return False
    finally:
        os.close(fd)


class Stager:
    """Puts a site's files into a new staging folder one by one (`put`): each file the previous
    output (if any) holds with these very bytes and this build's mode is hard-linked from it, the
    others are written as new files. Each folder is made once and kept open, and so are the
    previous output's; the mode is read once. `close` when done; `linked` are the paths linked.

    The old output is compared, not trusted: whatever touched it since the last build (an
    edit by hand, another build with other options), a linked file is byte for byte the one
    a build from nothing writes."""

    def __init__(self, folder: Path, previous: Path | None = None):
        self.mode = file_mode()
        self.linked: set[str] = set()
        self._made = _Folders(folder, make=True)
        self._previous: _Folders | None = None
        self._missing: set[str] = set()
        if previous is not None:
            with contextlib.suppress(OSError):     # no output yet (or not a folder): all is written
                self._previous = _Folders(previous, make=False)

    def put(self, path: str, data: bytes) -> bool:
        """Stage one file; True where it was linked from the previous output."""
        folder, _, name = path.rpartition("/")
        into = self._made.get(folder)
        source = self._old_folder(folder)
        if source is not None and _reuse(source, into, name, data, self.mode):
            self.linked.add(path)
            return True
        _write_new(into, name, data)
        return False

    def _old_folder(self, folder: str) -> int | None:
        if self._previous is None or folder in self._missing:
            return None
        try:
            return self._previous.get(folder)
        except OSError:     # a folder the old output does not have (or not as a folder)
            self._missing.add(folder)
            return None

    def close(self) -> None:
        self._made.close()
        if self._previous is not None:
            self._previous.close()


def stage_into(folder: Path, files: Mapping[str, bytes], previous: Path | None = None) -> set[str]:
    """Put `files` (site path -> bytes) into the new `folder` (`Stager`: each file `previous`, the
    current output, holds with these very bytes and this build's mode is hard-linked from it;
    the others are written as new files). What `previous` holds beyond `files` (paths gone
    since) is left out. Returns the paths linked."""
    stager = Stager(folder, previous)
    try:
        for path, data in files.items():
            stager.put(path, data)
    finally:
        stager.close()
    return stager.linked


def remove_debris(target: Path) -> None:
    """Delete the staging, old and search-shard folders of builds into `target` that were killed."""
    for kind in ("staging", "old", "search"):
        for folder in target.parent.glob(f".{target.name}.{kind}-*-*"):
            pid = folder.name[len(f".{target.name}.{kind}-"):].split("-", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and not _search.process_alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)


# renameat2(2): swaps two paths in one step (Linux 3.15+, glibc 2.28+)
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_renameat2: Any
try:
    _renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    _renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
except (OSError, AttributeError):  # pragma: no cover - not Linux, or an old C library
    _renameat2 = None


def _exchange(a: Path, b: Path) -> bool:
    """Swap the folders at `a` and `b` atomically; False where the system cannot."""
    if _renameat2 is None:
        return False  # pragma: no cover
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):   # this kernel or file system cannot
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_in(staging: Path, target: Path) -> None:
    """Replace `target` with `staging`, atomically where the system allows, then delete the old site."""
    target = target.resolve()
    while True:
        try:
            if _exchange(staging, target):
                shutil.rmtree(staging, ignore_errors=True)   # the old site is there now
                return
        except FileNotFoundError:      # no output yet: a plain rename puts the new one in place
            try:
                os.rename(staging, target)
                return
            except OSError as exc:
                if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                    raise
                continue               # another build put its site there first: exchange with it
        _swap_by_renames(staging, target)
        return


def _swap_by_renames(staging: Path, target: Path) -> None:  # pragma: no cover - where renameat2 cannot
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=_prefix(target, "old"), dir=target.parent))
        os.rmdir(old)
        os.rename(target, old)
    os.rename(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


class StagedOutput:
    """A whole site written aside, indexed for search, then swapped in.

    `begin` makes the staging folder for a site of the given pages (in the groups the build
    finishes them in: `Indexing`); `add_page` stages each page as soon as it is final, and the
    search index of its shard starts (in Pagefind's processes) once the shard is whole, so it
    runs while the builder renders the rest and checks links; `finish` stages the other files,
    waits for the index and swaps the site in; `abort` throws the staging folder away."""

    def __init__(self, output: Path, search: bool = True, cache: Path | None = None):
        self.output = output
        self.search = search
        self.cache = cache              # the build state folder: each search shard's bundle is kept in it
        self._staging: Path | None = None
        self._indexing: Indexing | None = None
        self._store: Path | None = None
        self._stager: Stager | None = None
        self._temporary = False
        self._previous = output.resolve()      # the current output: files it holds as they are get linked

    def begin(self, groups: Sequence[_search.Group]) -> None:
        target = self._previous
        self._staging = _new_staging(target)
        self._stager = Stager(self._staging, target)
        if not self.search:
            return
        try:
            if self.cache is not None:
                self._store = self.cache / "search"
            else:   # no build state to keep the shards in: they are made aside and deleted after
                self._store, self._temporary = _search.temporary_store(target), True
            self._indexing = Indexing(self._staging, groups, self._store, _copy_as_new)
        except BaseException:
            self.abort()
            raise

    @property
    def indexing(self) -> Indexing | None:
        return self._indexing

    def rank(self, path: str) -> int:
        """The order to finish pages in (their search shard's): 0 for all without search."""
        return self._indexing.rank(path) if self._indexing is not None else 0

    def add_page(self, path: str, body: bytes) -> None:
        """Stage one page as it will be served (linked from the current output if it holds these
        bytes) and hand it to the search index."""
        assert self._stager is not None, "begin() first"
        self._stager.put(path, body)
        if self._indexing is not None:
            self._indexing.add(path, body)

    def finish(self, files: Mapping[str, bytes]) -> None:
        assert self._staging is not None and self._stager is not None, "begin() first"
        try:
            for path, body in files.items():
                self._stager.put(path, body)
            self._close_stager()
            if self._indexing is not None and self._indexing.wait() and not self._temporary:
                assert self._store is not None
                _search.prune(self._store, self._indexing.keys())
        except BaseException:
            self.abort()
            raise
        finally:
            self._drop_store()
        swap_in(self._staging, self.output)
        self._staging = None

    def _close_stager(self) -> None:
        if self._stager is not None:
            self._stager.close()
            self._stager = None

    def _drop_store(self) -> None:
        if self._temporary and self._store is not None:
            shutil.rmtree(self._store, ignore_errors=True)
            self._store = None

    def abort(self) -> None:
        if self._indexing is not None:
            self._indexing.cancel()
        self._close_stager()
        self._drop_store()
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
        if any(path.endswith(".html") for path in (*written, *removed)):
            _search.mark_stale(self.folder)     # the search page says so until the index catches up
        self.disk.update((path, files[path]) for path in written)
        for path in removed:
            del self.disk[path]
        return {*written, *removed}
