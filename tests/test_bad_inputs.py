"""The bad-input corpus (tests/bad_inputs.py), each case through the real command line.

A good project is built once; each case copies it (its output/ included), makes one small
change and runs `python -m site_builder build` in a subprocess bounded in time and memory.
Every case runs twice: cold, on a copy without the build state (what a fresh clone with the
mistake builds: every file read by the full loader), and warm, on a copy with the state the
good build left (what the author's next build after the mistake does: only the changed files
read again). Every case must, both ways: exit 1; print the expected message at the expected
file:line:col; print no traceback; say it started as it should have (from nothing, or on the
last build's state); leave the previous output/ exactly as it was (same folder, same files,
same bytes); and finish well within the time bound (a hang or an exponential blow-up fails it).
"""
from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bad_inputs import CASES, GOOD_VARIANTS, Case, Fifo, Folder, Replace, Symlink, site_digest, write_project
from projects import STARTS, STATE, started

TIMEOUT = 120                   # seconds: generous on a loaded 2-core machine; only a hang exceeds it
MEMORY = 1536 * 1024 * 1024     # bytes of address space for a build: a blow-up fails fast instead of swapping


def _limits() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "site_builder", "build", "--root", str(root)],
                          capture_output=True, text=True, timeout=TIMEOUT, preexec_fn=_limits,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The base project, built once: (its folder, with the build state; its output/ file by file)."""
    root = write_project(tmp_path_factory.mktemp("good") / "proj")
    done = run_build(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 warnings" in done.stdout, done.stdout + done.stderr     # the base is clean, not just valid
    assert (root / STATE).is_dir()
    return root, snapshot(root / "output")


def copy_good(good_root: Path, dest: Path, start: str) -> Path:
    """The good project and its output/; for a warm build with its build state, for a cold one without."""
    shutil.copytree(good_root, dest, symlinks=True, ignore=shutil.ignore_patterns(STATE) if start == "cold" else None)
    assert (dest / STATE).is_dir() == (start == "warm")
    return dest


def apply(root: Path, outside: Path, edits) -> None:
    for rel, edit in edits.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if edit is None:
            path.unlink()
        elif isinstance(edit, Replace):
            if isinstance(edit.old, bytes):
                data = path.read_bytes()
                assert edit.old in data, (rel, edit.old)
                path.write_bytes(data.replace(edit.old, edit.new, 1))  # type: ignore[arg-type]
            else:
                text = path.read_text(encoding="utf-8")
                assert edit.old in text, (rel, edit.old)
                path.write_text(text.replace(edit.old, edit.new, 1), encoding="utf-8")  # type: ignore[arg-type]
        elif isinstance(edit, Symlink):
            path.symlink_to(edit.target.replace("{outside}", str(outside)))
        elif isinstance(edit, Fifo):
            os.mkfifo(path)
        elif isinstance(edit, Folder):
            path.mkdir()
        elif isinstance(edit, bytes):
            path.write_bytes(edit)
        else:
            path.write_text(edit, encoding="utf-8", newline="")


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder outside the project with a secret in it: nothing may ever publish it."""
    folder = tmp_path / "outside"
    (folder / "templates").mkdir(parents=True)
    (folder / "secret.txt").write_text("SECRET-7f3a: not for the site\n", encoding="utf-8")
    return folder


def test_the_corpus_is_big_and_its_names_unique():
    assert len(CASES) >= 60
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("start", STARTS)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_fails_cleanly_where_it_is(case: Case, start, good, tmp_path, outside):
    good_root, before = good
    root = copy_good(good_root, tmp_path / "proj", start)
    inode = (root / "output").stat().st_ino
    apply(root, outside, case.edits)

    done = run_build(root)

    printed = done.stdout + done.stderr
    assert "Traceback" not in printed, printed
    assert done.returncode == 1, printed
    started(printed, start)
    places = case.where if isinstance(case.where, tuple) else (case.where,)
    # the message is on the line that starts with the place (a column may follow a file:line)
    pattern = "|".join(re.escape(place) + (r"(:\d+)?" if place.count(":") == 1 else "") for place in places)
    lines = [line for line in done.stderr.splitlines() if re.match(rf"(?:{pattern}): error: ", line)]
    assert any(case.message in line for line in lines), (
        f"expected '{case.message}' at {' or '.join(places)}; the build printed:\n{printed}")
    assert "SECRET-7f3a" not in printed
    # the previous site is exactly as it was: the same folder, the same files, the same bytes
    assert (root / "output").stat().st_ino == inode
    assert snapshot(root / "output") == before
    assert not [p.name for p in root.iterdir() if p.name.startswith(".output.")]


@pytest.mark.parametrize("start", STARTS)
@pytest.mark.parametrize("name, edits", GOOD_VARIANTS, ids=[name for name, _ in GOOD_VARIANTS])
def test_byte_order_marks_and_other_newlines_build_the_same_site(name, edits, start, good, tmp_path, outside):
    good_root, _ = good
    root = copy_good(good_root, tmp_path / "proj", start)
    apply(root, outside, edits)
    done = run_build(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 warnings" in done.stdout, done.stdout + done.stderr
    rendered = started(done.stdout, start)
    if start == "cold":
        assert rendered == sum(1 for name in site_digest(good_root / "output") if name.endswith(".html")
                               and not name.startswith("pagefind/")), done.stdout
    assert site_digest(root / "output") == site_digest(good_root / "output")
