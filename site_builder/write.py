"""Stage 4, `write`: put the rendered site on disk, atomically.

Everything is written into a fresh temporary folder beside the output; only when all
of it is written does it replace `output/`, so a failed or interrupted build never leaves
a half-written site, and the previous one stays as it was.

The replacement is one atomic exchange of the two folders (Linux's renameat2 with
RENAME_EXCHANGE): at every instant `output/` is either the whole old site or the whole new
one, even if the build is killed in between, and two builds finishing at the same moment
each swap in a whole site (the last one wins). Where the exchange is not available, two
renames do it, with a moment in between when `output/` is missing.

Folders left behind by a killed build (its staging folder, or the old site it was
deleting) carry the build's process id; the next build removes those whose process is gone.
"""
from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Mapping


class DuplicateOutput(Exception):
    pass


def _prefix(target: Path, kind: str, pid: int | None = None) -> str:
    return f".{target.name}.{kind}-{os.getpid() if pid is None else pid}-"


def write_tree(files: Mapping[str, bytes], assets: Iterable[tuple[str, Path]], target: Path) -> Path:
    """Write `files` (site path -> bytes) and copy `assets` into a staging folder; return it."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_debris(target)
    staging = Path(tempfile.mkdtemp(prefix=_prefix(target, "staging"), dir=target.parent))
    try:
        for path, data in files.items():
            dest = staging / path
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
        for path, src in assets:
            dest = staging / path
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:   # someone else's process: alive
        return True
    return True


def remove_debris(target: Path) -> None:
    """Delete the staging and old folders of builds into `target` that were killed."""
    for kind in ("staging", "old"):
        for folder in target.parent.glob(f".{target.name}.{kind}-*-*"):
            pid = folder.name[len(f".{target.name}.{kind}-"):].split("-", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)


# renameat2(2): swaps two paths in one step (Linux 3.15+, glibc 2.28+)
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
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
