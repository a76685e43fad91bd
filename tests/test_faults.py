"""Faults: a build killed at any moment, two builds at once into one output, and builds that
must not depend on the clock's time zone, the locale or the order the file system lists files.

All on the small project of tests/bad_inputs.py, through the real command line (in-process
only where the file system's listing order is shuffled underneath the builder). Each test runs
cold (from nothing, as a fresh clone builds: no build state) and warm (on the state an earlier
build left, which differs from the files by an edit), and checks that the build says it started
so: a warm build that renders nothing, or a cold one that found a state, would test the wrong path.
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
from projects import STARTS, STATE, started, warm_up, without_state

from site_builder.load import load_content
from site_builder.pipeline import BuildOptions, cache
from site_builder.pipeline.cache import cached_build

TIMEOUT = 180       # seconds for one build: only a hang on a loaded machine comes near it


def command(root: Path, output: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "site_builder", "build", "--root", str(root), "--output", str(output), *extra]


def build(root: Path, output: Path, env: dict[str, str] | None = None, *extra: str) -> subprocess.CompletedProcess:
    done = subprocess.run(command(root, output, *extra), capture_output=True, text=True, timeout=TIMEOUT,
                          env={**os.environ, **(env or {})})
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def prepare(root: Path, start: str, scratch: Path) -> Path:
    """`root` ready for a `start` build: no state (cold), or the state of a build of the project
    with an edit to its person since taken back (warm; built in-process, into `scratch`)."""
    without_state(root)
    if start == "warm":
        warm_up(root, PERSON, lambda: cached_build(BuildOptions(root, scratch, search=False)))
    return root


def copy_of(project_root: Path, dest: Path, start: str) -> Path:
    """A copy of the pristine project, ready for a `start` build."""
    shutil.copytree(project_root, dest, symlinks=True)
    return prepare(dest, start, dest.parent / f"{dest.name}-warm-up")


def check_start(done: subprocess.CompletedProcess, start: str, pages: int, raced: bool = False) -> None:
    """The build ran as `start` says: cold renders every page, warm only the edit's (`raced`: or
    none, when a build of the same files running beside it saved its state first)."""
    rendered = started(done.stdout + done.stderr, start)
    fewest = 0 if raced else 1
    assert rendered is not None and (rendered == pages if start == "cold" else fewest <= rendered < pages), done.stdout


def debris(output: Path) -> list[str]:
    return sorted(p.name for p in output.parent.iterdir() if p.name.startswith(f".{output.name}."))


class Project:
    """The small project, pristine (never built in place: it holds no state), and its site."""

    def __init__(self, root: Path, reference: Path):
        self.root, self.reference = root, reference
        self.site = snapshot(reference)
        self.pages = sum(1 for name in self.site if name.endswith(".html") and not name.startswith("pagefind/"))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    base = tmp_path_factory.mktemp("faults")
    root = write_project(base / "proj")
    build(root, base / "reference", None, "--no-cache")
    assert not (root / STATE).exists(), "--no-cache wrote a build state"
    return Project(root, base / "reference")


def edited_copy(project_root: Path, dest: Path, sentence: str) -> Path:
    shutil.copytree(project_root, dest, symlinks=True)
    person = dest / PERSON
    person.write_text(person.read_text(encoding="utf-8").replace("summary: >-\n", f"summary: >-\n  {sentence}\n", 1),
                      encoding="utf-8")
    return dest


# --- killed builds ---------------------------------------------------------------------------------

def no_state_or(start: str) -> tuple[str, ...]:
    """The command-line flags of a `start` build whose state must stay as it is between runs:
    cold builds never write one (--no-cache); warm ones have theirs put back before each run."""
    return ("--no-cache",) if start == "cold" else ()


def keep_state(root: Path):
    """A function that puts `root`'s build state back as it is now (nothing, if it has none)."""
    state = root / STATE / cache.STATE
    saved = state.read_bytes() if state.exists() else None

    def put_back() -> None:
        if saved is not None:
            for journal in ("-wal", "-shm"):     # what a killed build left of its transaction
                state.with_name(cache.STATE + journal).unlink(missing_ok=True)
            state.write_bytes(saved)
    return put_back


@pytest.mark.parametrize("start", STARTS)
def test_a_build_killed_at_any_moment_leaves_a_whole_site(project, tmp_path, start):
    """SIGKILL (to the build and its Pagefind child) at spread-out moments of a build that
    would change the site: output/ is always the whole old site, or the whole new one if the
    kill came after the swap, never a mix and never missing. A later build clears the debris."""
    old = project.site
    output = tmp_path / "output"
    shutil.copytree(project.reference, output)
    new_root = edited_copy(project.root, tmp_path / "new", "A sentence only the new site has.")
    build(new_root, tmp_path / "new-reference", None, "--no-cache")
    new = snapshot(tmp_path / "new-reference")
    assert new != old
    prepare(new_root, start, tmp_path / "warm-up")
    extra, put_back = no_state_or(start), keep_state(new_root)

    started_at = time.monotonic()
    check_start(build(new_root, tmp_path / "timing", None, *extra), start, project.pages)
    duration = time.monotonic() - started_at
    rng = random.Random(20250613)
    # evenly over the whole build, then more near its end, where the site is swapped in
    delays = [duration * k / 10 for k in range(11)] + [duration * rng.uniform(0.7, 1.1) for _ in range(5)]
    outcomes = {"old": 0, "new": 0}
    for delay in delays:
        put_back()
        process = subprocess.Popen(command(new_root, output, *extra), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
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
            shutil.copytree(project.reference, output)
    assert outcomes["old"] >= 1, outcomes       # some kills landed mid-build
    put_back()
    check_start(build(new_root, output, None, *extra), start, project.pages)
    assert snapshot(output) == new
    assert debris(output) == [], "the build after the kills removes what they left behind"


# --- concurrent builds ---------------------------------------------------------------------------------

def run_together(roots: list[Path], output: Path, start: str, pages: int) -> None:
    """Start a build of each root at once (the same root twice: the slower may find the state the
    faster saved already up to date, and render nothing)."""
    extra = no_state_or(start)
    raced = len(set(roots)) < len(roots)
    processes = [subprocess.Popen(command(root, output, *extra), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True) for root in roots]
    for process in processes:
        out, _ = process.communicate(timeout=TIMEOUT)
        assert process.returncode == 0 and "Traceback" not in out, out
        check_start(subprocess.CompletedProcess(process.args, 0, out, ""), start, pages, raced)


@pytest.mark.parametrize("start", STARTS)
def test_two_builds_at_once_into_one_output_leave_one_whole_site(project, tmp_path, start):
    root = copy_of(project.root, tmp_path / "proj", start)
    put_back = keep_state(root)
    output = tmp_path / "output"
    for attempt in range(3):        # without an output/ there, then with one
        put_back()                  # (both builds of an attempt start on the same state)
        run_together([root, root], output, start, project.pages)
        assert snapshot(output) == project.site, f"attempt {attempt}"
        assert debris(output) == []


@pytest.mark.parametrize("start", STARTS)
def test_two_different_builds_at_once_leave_one_of_the_two_sites(project, tmp_path, start):
    other_root = edited_copy(project.root, tmp_path / "other", "Only in the other project.")
    build(other_root, tmp_path / "other-reference", None, "--no-cache")
    other = snapshot(tmp_path / "other-reference")
    root = copy_of(project.root, tmp_path / "proj", start)
    prepare(other_root, start, tmp_path / "other-warm-up")
    output = tmp_path / "output"
    shutil.copytree(project.reference, output)
    run_together([root, other_root], output, start, project.pages)
    assert snapshot(output) in (project.site, other)
    assert debris(output) == []


# --- determinism -------------------------------------------------------------------------------------

@pytest.mark.parametrize("start", STARTS)
@pytest.mark.parametrize("env", [
    {"TZ": "Pacific/Kiritimati"},                       # UTC+14
    {"TZ": "America/Adak", "LC_ALL": "C"},              # UTC-10/-9, DST
    {"TZ": "Asia/Kathmandu", "LC_ALL": "POSIX"},        # UTC+5:45
    {"TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "tr_TR.UTF-8"},   # (Turkish dotless i, where installed)
    {"TZ": "Europe/Berlin", "PYTHONHASHSEED": "12345"},
], ids=["kiritimati", "adak-C", "kathmandu-POSIX", "utf8-turkish", "hashseed"])
def test_builds_are_byte_identical_across_time_zones_locales_and_runs(project, tmp_path, env, start):
    """(Warm: the state was written by this process, in its own time zone, locale and hash seed.)"""
    root = copy_of(project.root, tmp_path / "proj", start)
    clean = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "LC_ALL", "LANG", "TZ")}
    done = subprocess.run(command(root, tmp_path / "output"), capture_output=True, text=True, timeout=TIMEOUT,
                          env={**clean, **env})
    assert done.returncode == 0, done.stdout + done.stderr
    check_start(done, start, project.pages)
    assert snapshot(tmp_path / "output") == project.site


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


@pytest.mark.parametrize("start", STARTS)
@pytest.mark.parametrize("order", ["reversed", "shuffled"])
def test_the_order_the_file_system_lists_files_in_changes_nothing(project, tmp_path, monkeypatch, order, start):
    """The builder sorts whatever it lists: with every directory listing reversed or shuffled
    underneath it (pathlib's glob and iterdir go through os.scandir and os.listdir), the
    records load in the same order and the site is the same, byte for byte - built as the
    command line builds (from the state the project holds, if any)."""
    root = copy_of(project.root, tmp_path / "proj", start)
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
    update = cached_build(BuildOptions(root, tmp_path / "output"))
    assert update.ok, [p.format() for p in update.result.errors]
    monkeypatch.undo()
    assert update.result.from_state == (start == "warm")
    assert (update.rendered == project.pages) if start == "cold" else (0 < update.rendered < project.pages)
    assert snapshot(tmp_path / "output") == project.site


@pytest.mark.parametrize("start", STARTS)
def test_files_created_in_another_order_build_the_same_site(project, tmp_path, start):
    """The same project written file by file in reverse order (so the directories' own
    order on disk differs) builds the same site."""
    files = sorted((p for p in project.root.rglob("*") if p.is_file()), reverse=True)
    assert not [p for p in files if STATE in p.parts]       # the pristine project: nothing to load from
    copy = tmp_path / "proj"
    for path in files:
        dest = copy / path.relative_to(project.root)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    prepare(copy, start, tmp_path / "warm-up")
    check_start(build(copy, tmp_path / "output"), start, project.pages)
    assert snapshot(tmp_path / "output") == project.site
