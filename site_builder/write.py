"""Stage 4, `write`: put the rendered site on disk, atomically.

Everything is written into a fresh temporary folder beside the output; only when all
of it is written does it replace `output/` (two renames), so a failed or interrupted
build never leaves a half-written site, and the previous one stays as it was.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Mapping


class DuplicateOutput(Exception):
    pass


def write_tree(files: Mapping[str, bytes], assets: Iterable[tuple[str, Path]], target: Path) -> Path:
    """Write `files` (site path -> bytes) and copy `assets` into a staging folder; return it."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))
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
