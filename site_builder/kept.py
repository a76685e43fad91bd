"""Files a build derives from the package's own files, kept once per install inside the package.

As Python keeps its bytecode in `__pycache__`, the packaged theme's compiled templates
(render/templates.py) and its compiled catalogs (i18n.py) are kept in folders of the package,
named by what they were made from, so that no build of any project makes them again.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path


class KeptFiles:
    """One folder of kept files. A file is replaced whole (written aside, then renamed): two
    builds at once each read a whole file. Where the package cannot be written (a system-wide
    install), nothing is kept: each build makes them, as it did before. Like Python's own
    bytecode, nothing is written where Python may not write it (PYTHONDONTWRITEBYTECODE, `-B`)
    unless `always` (the install step's, with compileall): what is there is still read."""

    def __init__(self, folder: Path, always: bool = False):
        self.folder = folder
        self.always = always

    def _read(self, name: str) -> bytes | None:
        try:
            return (self.folder / name).read_bytes()
        except OSError:
            return None

    def _write(self, name: str, data: bytes) -> None:
        if sys.dont_write_bytecode and not self.always:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".{name}.{os.getpid()}.tmp"
            tmp.write_bytes(data)
            os.replace(tmp, self.folder / name)
        except OSError:
            pass
