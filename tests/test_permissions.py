"""output/ as a web server expects it: every folder and file readable as the umask allows
(0755 and 0644 under umask 022, 0750 and 0640 under 027), after a build, after a failed build,
and after a rebuild that reuses the kept search index.

Each build runs through the real command line in a subprocess that sets its own umask (the
test process's umask is never changed: pytest and the other tests share it).
"""
from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest
from bad_inputs import PERSON, write_project
from bad_inputs import site_digest as snapshot

TIMEOUT = 180       # seconds for one build: only a hang on a loaded machine comes near it


def build_under(umask: int, root: Path) -> subprocess.CompletedProcess:
    script = ("import os, sys; os.umask(int(sys.argv[1], 8)); from site_builder.cli import main; "
              "sys.exit(main(sys.argv[2:]))")
    return subprocess.run([sys.executable, "-c", script, f"{umask:o}", "build", "--root", str(root)],
                          capture_output=True, text=True, timeout=TIMEOUT, cwd=root)


def modes(folder: Path) -> dict[str, str]:
    """Every folder (the site's own too, as '.') and file of a site: its permission bits, in octal."""
    found = {".": oct(stat.S_IMODE(folder.stat().st_mode))}
    for path in folder.rglob("*"):
        found[path.relative_to(folder).as_posix()] = oct(stat.S_IMODE(path.lstat().st_mode))
    return found


def expected(folder: Path, umask: int) -> dict[str, str]:
    """What `modes` must find: 0777 less the umask for a folder, 0666 less the umask for a file."""
    return {rel: oct((0o777 if (folder / rel).is_dir() else 0o666) & ~umask) for rel in modes(folder)}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "proj")


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_output_is_readable_as_the_umask_allows_after_a_build_and_a_failed_one(project, umask):
    done = build_under(umask, project)
    assert done.returncode == 0, done.stdout + done.stderr
    output = project / "output"
    found = modes(output)
    assert any(rel.startswith("pagefind/") for rel in found), "the search index is part of what is checked"
    assert found == expected(output, umask)
    assert found["."] == ("0o755" if umask == 0o022 else "0o750")
    assert found["index.html"] == ("0o644" if umask == 0o022 else "0o640")

    before = snapshot(output)
    (project / PERSON).write_text("name: [unclosed\n", encoding="utf-8")
    failed = build_under(umask, project)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert snapshot(output) == before           # untouched: the same files, the same bytes
    assert modes(output) == found               # and the same modes
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".output.")) == []   # no staging left


def test_a_rebuild_under_another_umask_gives_every_file_its_modes_even_the_kept_search_index(project):
    first = build_under(0o022, project)
    assert first.returncode == 0, first.stdout + first.stderr
    kept = project / ".site-builder-cache" / "search"
    assert any(path.is_file() for path in kept.rglob("*")), "the first build keeps its search index (its shards)"
    # the same pages: the second build copies the kept index instead of running Pagefind again
    second = build_under(0o027, project)
    assert second.returncode == 0, second.stdout + second.stderr
    output = project / "output"
    assert modes(output) == expected(output, 0o027)

