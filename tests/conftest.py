"""Shared fixtures: the real project built once per session, and tiny throwaway projects."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from projects import ROOT, SEED, TINY_SITE, copy_project, set_language, write_files

from site_builder.pipeline import BuildOptions, BuildResult, build_site
from site_builder.pipeline.cache import FOLDER


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives a real Chromium through Playwright")


@pytest.fixture(scope="session", autouse=True)
def nothing_written_into_the_repository():
    """Tests write only into their temporary folders: a build of the repository's own project
    must not leave a build state or a site in it (a test that forgets --no-cache would)."""
    made = [ROOT / FOLDER, ROOT / "output"]
    there = {path for path in made if path.exists()}
    yield
    new = [path.name for path in made if path.exists() and path not in there]
    assert not new, f"the tests wrote {new} into the repository"


@pytest.fixture
def tiny_project(tmp_path: Path) -> Path:
    """A minimal valid project using the real theme."""
    root = write_files(tmp_path / "proj", TINY_SITE)
    (root / "seeds").mkdir()
    (root / "seeds" / "a.txt").write_text(SEED, encoding="utf-8")
    shutil.copytree(ROOT / "themes", root / "themes")
    return root


@pytest.fixture(scope="session")
def real_build(tmp_path_factory) -> tuple[BuildResult, Path]:
    """The real content, built once into a temporary folder."""
    out = tmp_path_factory.mktemp("real") / "output"
    result = build_site(BuildOptions(ROOT, out))
    assert result.ok, "\n".join(p.format(ROOT) for p in result.errors)
    return result, out


@pytest.fixture(scope="session")
def site_in_language(tmp_path_factory):
    """site_in_language("fr") -> (root, output, result): the real project with `language: fr`,
    its articles declared English (as a French newsroom quoting English coverage would), built
    once per language per session."""
    built: dict[str, tuple[Path, Path, BuildResult]] = {}

    def make(lang: str) -> tuple[Path, Path, BuildResult]:
        if lang not in built:
            root = set_language(copy_project(tmp_path_factory.mktemp(f"site-{lang}")), lang)
            result = build_site(BuildOptions(root, root / "output"))
            assert result.ok, "\n".join(p.format(root) for p in result.errors)
            built[lang] = (root, root / "output", result)
        return built[lang]

    return make
