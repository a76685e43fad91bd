"""Full-text search: Pagefind indexes the written pages, in its own process.

It runs the Pagefind binary (shipped by `pagefind[bin]`) on the staging folder as soon as
the pages are written there, so it indexes on the second core while the builder checks
links and writes the other files. Without the binary the site still builds; the search
page then says search is unavailable (its script is missing, the form still renders).
"""
from __future__ import annotations

import subprocess
from pathlib import Path

EXCLUDE = ".cite"    # citation markers repeat their passage in a hidden preview: keep them out of excerpts


class SearchIndexFailed(RuntimeError):
    pass


def _executable() -> Path | None:
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    return get_executable()


class Indexing:
    """Pagefind running over a folder; `wait` for it, or `cancel` it."""

    def __init__(self, folder: Path):
        binary = _executable()
        self._process = None if binary is None else subprocess.Popen(
            [str(binary), "--site", str(folder), "--exclude-selectors", EXCLUDE, "--silent"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def wait(self) -> bool:
        """True once the index is written; False when Pagefind is not installed."""
        if self._process is None:
            return False
        output, _ = self._process.communicate()
        if self._process.returncode != 0:
            raise SearchIndexFailed(f"pagefind exited {self._process.returncode}: "
                                    f"{output.decode('utf-8', 'replace').strip()[-500:]}")
        return True

    def cancel(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()


def index_site(folder: Path) -> bool:
    """Index a written site for search (the dev server's served folder): True when done."""
    return Indexing(folder).wait()
