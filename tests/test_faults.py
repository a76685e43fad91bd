"""Faults: a build killed at any moment, two builds at once into one output, and builds that
must not depend on the clock's time zone, the locale or the order the file system lists files.

All on the small project of tests/bad_inputs.py, through the real command line (in-process
only where the file system's listing order is shuffled underneath the builder).
"""
from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bad_inputs import PERSON, write_project
from bad_inputs import site_digest as snapshot

from site_builder.load import load_content
from site_builder.pipeline import BuildOptions, build_site

TIMEOUT = 180       # seconds for one build: only a hang on a loaded machine comes near it


def command(root: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "site_builder", "build", "--root", str(root), "--output", str(output)]


def build(root: Path, output: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(command(root, output), capture_output=True, text=True, timeout=TIMEOUT,
                          env={**os.environ, **(env or {})})
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def debris(output: Path) -> list[str]:
    return sorted(p.name for p in output.parent.iterdir() if p.name.startswith(f".{output.name}."))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The small project and its site, as a normal build writes it."""
    root = write_project(tmp_path_factory.mktemp("faults") / "proj")
    build(root, root / "reference")
    return root, snapshot(root / "reference")


def edited_copy(project_root: Path, dest: Path, sentence: str) -> Path:
    shutil.copytree(project_root, dest, symlinks=True, ignore=shutil.ignore_patterns("reference", "output"))
    person = dest / PERSON
    person.write_text(person.read_text(encoding="utf-8").replace("summary: >-\n", f"summary: >-\n  {sentence}\n", 1),
                      encoding="utf-8")
    return dest


# --- killed builds ---------------------------------------------------------------------------------

def test_a_build_killed_at_any_moment_leaves_a_whole_site(project, tmp_path):
    """SIGKILL (to the build and its Pagefind child) at spread-out moments of a build that
    would change the site: output/ is always the whole old site, or the whole new one if the
    kill came after the swap, never a mix and never missing. A later build clears the debris."""
    root, old = project
    output = tmp_path / "output"
    shutil.copytree(root / "reference", output)
    new_root = edited_copy(root, tmp_path / "new", "A sentence only the new site has.")
    build(new_root, tmp_path / "new-reference")
    new = snapshot(tmp_path / "new-reference")
    assert new != old

    started = time.monotonic()
    build(new_root, tmp_path / "timing")
    duration = time.monotonic() - started
    rng = random.Random(20250613)
    # evenly over the whole build, then more near its end, where the site is swapped in
    delays = [duration * k / 10 for k in range(11)] + [duration * rng.uniform(0.7, 1.1) for _ in range(5)]
    outcomes = {"old": 0, "new": 0}
    for delay in delays:
        process = subprocess.Popen(command(new_root, output), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        time.sleep(delay)       # not a wait for a condition: the moment of the kill is the point
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=TIMEOUT)
        assert output.is_dir(), f"output/ missing after a kill at {delay:.2f} s"
        now = snapshot(output)
        assert now in (old, new), f"a kill at {delay:.2f} s left a mixed site"
        outcomes["old" if now == old else "new"] += 1
        if now == new:          # start again from the old site: every kill must be able to hit a swap
            shutil.rmtree(output)
            shutil.copytree(root / "reference", output)
    assert outcomes["old"] >= 1, outcomes       # some kills landed mid-build
    build(new_root, output)
    assert snapshot(output) == new
    assert debris(output) == [], "the build after the kills removes what they left behind"


# --- concurrent builds ---------------------------------------------------------------------------------

def test_two_builds_at_once_into_one_output_leave_one_whole_site(project, tmp_path):
    root, reference = project
    output = tmp_path / "output"
    for attempt in range(3):        # with and without an output/ there already
        if attempt == 0 and output.exists():
            shutil.rmtree(output)
        processes = [subprocess.Popen(command(root, output), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                     for _ in range(2)]
        for process in processes:
            out, _ = process.communicate(timeout=TIMEOUT)
            assert process.returncode == 0 and "Traceback" not in out, out
        assert snapshot(output) == reference, f"attempt {attempt}"
        assert debris(output) == []


def test_two_different_builds_at_once_leave_one_of_the_two_sites(project, tmp_path):
    root, reference = project
    other_root = edited_copy(root, tmp_path / "other", "Only in the other project.")
    build(other_root, tmp_path / "other-reference")
    other = snapshot(tmp_path / "other-reference")
    output = tmp_path / "output"
    shutil.copytree(root / "reference", output)
    processes = [subprocess.Popen(command(r, output), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                 for r in (root, other_root)]
    for process in processes:
        out, _ = process.communicate(timeout=TIMEOUT)
        assert process.returncode == 0 and "Traceback" not in out, out
    assert snapshot(output) in (reference, other)
    assert debris(output) == []


# --- determinism -------------------------------------------------------------------------------------

@pytest.mark.parametrize("env", [
    {"TZ": "Pacific/Kiritimati"},                       # UTC+14
    {"TZ": "America/Adak", "LC_ALL": "C"},              # UTC-10/-9, DST
    {"TZ": "Asia/Kathmandu", "LC_ALL": "POSIX"},        # UTC+5:45
    {"TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "tr_TR.UTF-8"},   # (Turkish dotless i, where installed)
    {"TZ": "Europe/Berlin", "PYTHONHASHSEED": "12345"},
], ids=["kiritimati", "adak-C", "kathmandu-POSIX", "utf8-turkish", "hashseed"])
def test_builds_are_byte_identical_across_time_zones_locales_and_runs(project, tmp_path, env):
    root, reference = project
    clean = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "LC_ALL", "LANG", "TZ")}
    done = subprocess.run(command(root, tmp_path / "output"), capture_output=True, text=True, timeout=TIMEOUT,
                          env={**clean, **env})
    assert done.returncode == 0, done.stdout + done.stderr
    assert snapshot(tmp_path / "output") == reference


class _Listing:
    """What os.scandir returns, holding the entries in another order."""

    def __init__(self, entries):
        self.entries = entries

    def __enter__(self):
        return iter(self.entries)

    def __exit__(self, *exc):
        return False

    def __iter__(self):
        return iter(self.entries)


@pytest.mark.parametrize("order", ["reversed", "shuffled"])
def test_the_order_the_file_system_lists_files_in_changes_nothing(project, tmp_path, monkeypatch, order):
    """The builder sorts whatever it lists: with every directory listing reversed or shuffled
    underneath it (pathlib's glob and iterdir go through os.scandir and os.listdir), the
    records load in the same order and the site is the same, byte for byte."""
    root, reference = project
    normal = load_content(root).content
    rng = random.Random(7)
    real_scandir, real_listdir = os.scandir, os.listdir

    def reorder(items: list) -> list:
        if order == "reversed":
            return items[::-1]
        rng.shuffle(items)
        return items

    def scandir(path="."):
        with real_scandir(path) as listing:
            return _Listing(reorder(list(listing)))

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "listdir", lambda path=".": reorder(real_listdir(path)))
    if order == "reversed":         # the patch is in force
        assert os.listdir(root / "content") == real_listdir(root / "content")[::-1]
    shuffled = load_content(root).content
    for folder in ("sources", "people", "organizations", "events", "claims", "pages"):
        assert list(getattr(shuffled, folder)) == list(getattr(normal, folder)), folder
    assert shuffled == normal
    result = build_site(BuildOptions(root, tmp_path / "output"))
    assert result.ok, [p.format() for p in result.errors]
    monkeypatch.undo()
    assert snapshot(tmp_path / "output") == reference


def test_files_created_in_another_order_build_the_same_site(project, tmp_path):
    """The same project written file by file in reverse order (so the directories' own
    order on disk differs) builds the same site."""
    root, reference = project
    files = sorted((p for p in root.rglob("*") if p.is_file() and p.relative_to(root).parts[0] != "reference"),
                   reverse=True)
    copy = tmp_path / "proj"
    for path in files:
        dest = copy / path.relative_to(root)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    build(copy, tmp_path / "output")
    assert snapshot(tmp_path / "output") == reference
