"""Helpers shared by the tests: copy the real project, write tiny throwaway projects.

(A module of its own, not conftest.py: tests/browser has a conftest of its own, and two
modules named `conftest` cannot both be imported by name.)
"""
from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder import i18n
from site_builder.pipeline import BuildOptions, BuildState, Change, Update, build, classify
from site_builder.pipeline.cache import FOLDER
from site_builder.write import LiveFolder

ROOT = Path(__file__).resolve().parent.parent


def copy_project(dest: Path) -> Path:
    """A copy of the real project's inputs (content, seeds, themes) to edit freely."""
    for name in ("content", "seeds", "themes"):
        shutil.copytree(ROOT / name, dest / name)
    return dest


# every language the default theme ships a catalog for (its locale/*.po): what the checks of the
# written site (validity, links) run over
SHIPPED_LANGUAGES = tuple(i18n.available((i18n.PACKAGED_CATALOGS,)))


def set_language(root: Path, lang: str, articles: str = "en") -> Path:
    """The project at `root` with `language: lang`, its articles declared `articles` (as a French
    newsroom quoting English coverage would)."""
    site = root / "content" / "site.yaml"
    site.write_text(re.sub(r"(?m)^language: .*$", f"language: {lang}", site.read_text(encoding="utf-8")),
                    encoding="utf-8")
    for source in sorted((root / "content" / "sources").glob("*.yaml")):
        source.write_text(source.read_text(encoding="utf-8") + f"language: {articles}\n", encoding="utf-8")
    return root


def write_files(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


SEED = """Big Deal Title

Acme paid $10 billion for half of Widgets Inc, according to people familiar with the matter.
Widgets Inc was founded in 2016 by Jane Roe. It has 500 employees.
"""

TINY_SITE = {
    "content/site.yaml": "title: Tiny\ndescription: A tiny explainer\n",
    "content/sources/s000.yaml": "seed: a.txt\nlabel: The tiny article\ntitle: Big Deal Title\ncleaning:\n  drop_title_lines: true\n",
    "content/people/jane-roe.yaml": 'name: Jane Roe\nsummary: >-\n  Founded Widgets Inc [[cite:s000 "founded in 2016 by Jane Roe"]].\n',
    "content/organizations/widgets.yaml": 'name: Widgets Inc\nkind: company\nsummary: >-\n  A company [[cite:s000 "It has 500 employees"]].\n',
}


# --- cold and warm: every determinism, fault, ordering and bad-input test runs both ways -----------

# "cold": from nothing, as a fresh clone builds (no .site-builder-cache/); "warm": on the state an
# earlier build of the project left in .site-builder-cache/, which differs from the files by an edit
STARTS = ("cold", "warm")
# how the command line says which of the two ran (its summary line, or its "Build failed" line)
STARTED = {"cold": "from nothing", "warm": "on the last build's state"}
STATE = FOLDER
WARM_SENTENCE = "A sentence the state has and the files no longer do."


def started(printed: str, start: str) -> int | None:
    """Check that the build whose output is `printed` started as `start` says; return how many
    pages it rendered (None for a failed build, which does not say)."""
    summary = re.search(r"\), (\d+) rendered (from nothing|on the last build's state); ", printed)
    failed = re.search(r"^Build failed: .*, (from nothing|on the last build's state)\.", printed, re.M)
    found = summary or failed
    assert found, f"the build does not say what it started from:\n{printed}"
    assert found.group(found.lastindex or 0) == STARTED[start], f"expected a {start} build:\n{printed}"
    return int(summary.group(1)) if summary else None


def warm_up(root: Path, edited: str, build: Callable[[], object]) -> None:
    """Leave in `root` the state of a build of the project with one sentence more in the
    summary of `edited` (a record file), and the files as they were: the next build starts on
    that state and must read, resolve and render again what the file touches."""
    path = root / edited
    original = path.read_bytes()
    text = original.decode("utf-8")
    assert "summary: >-\n" in text, edited
    path.write_text(text.replace("summary: >-\n", f"summary: >-\n  {WARM_SENTENCE}\n", 1), encoding="utf-8")
    build()
    path.write_bytes(original)
    assert (root / STATE).is_dir(), "the warm-up build left no build state"


def without_state(root: Path) -> Path:
    """`root` as a fresh clone has it: no build state."""
    shutil.rmtree(root / STATE, ignore_errors=True)
    return root


class Builder:
    """Builds a project the dev server's way: one `BuildState`, then updates with the changed
    paths (written into `folder` when one is given, as the dev server's served folder is)."""

    def __init__(self, root: Path, folder: Path | None = None):
        self.root = root
        self.state = BuildState()
        self.folder = LiveFolder(folder) if folder is not None else None

    @property
    def good(self):
        return self.state.good

    def classify(self, path: Path, is_directory: bool = False) -> Change | None:
        return classify(self.root, self.state.theme, path, is_directory)

    def update(self, changes=(), notify=None, first=()) -> Update:
        return build(BuildOptions(self.root, write=False), self.state, changes, folder=self.folder, notify=notify,
                     first=first)

    def files(self) -> dict[str, bytes]:
        return self.state.good.all_files() if self.state.good else {}


WAIT = 60.0      # seconds: generous for a loaded 2-core machine; only a hang reaches it


def eventually(condition, what: str = "condition", timeout: float = WAIT):
    """Poll `condition` until it returns something true (and return it); fail after `timeout`
    seconds, saying what was waited for."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.02)
