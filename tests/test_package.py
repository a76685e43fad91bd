"""The package as a user gets it: the sdist and the wheel built with `python -m build` (the wheel
from the sdist, so the sdist is complete), the wheel installed into a fresh virtual environment
(no access to the system's or this checkout's site-packages; its dependencies installed from the
index pip is configured with), and a new project run from it: `init`, `new source`, `build` and
`docs`, in a folder outside this repository. The installed `site_builder` must be the wheel's
copy, not this checkout.

Built once per session, in a temporary folder: the build works on a copy of the files the sdist
is made of, so nothing is written into the checkout (no build/ or *.egg-info there).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from projects import ROOT

SOURCES = ("pyproject.toml", "MANIFEST.in", "README.md", "site_builder")   # what the sdist is made of
SEED = ROOT / "tests" / "fixtures" / "otherdeal" / "seeds" / "000_wire.txt"
TIMEOUT = 900       # seconds for a build or an install on a busy machine (a cold pip cache downloads)
SHIPPED = ("site_builder/manual/content-schema.md", "site_builder/manual/errors.md",
           "site_builder/dev/static/live.js", "site_builder/dev/static/picker.js",
           "site_builder/themes/default/templates/base.html", "site_builder/themes/default/static/site.js",
           "site_builder/themes/default/static/style.css")


def check(done: subprocess.CompletedProcess, code: int = 0) -> subprocess.CompletedProcess:
    assert done.returncode == code, f"{done.args}\nexit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="session")
def dist(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("package")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, base / "src" / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        else:
            (base / "src").mkdir(exist_ok=True)
            shutil.copy(ROOT / name, base / "src" / name)
    check(subprocess.run([sys.executable, "-m", "build", "--outdir", str(base / "dist"), str(base / "src")],
                         capture_output=True, text=True, timeout=TIMEOUT))
    return base / "dist"


@pytest.fixture(scope="session")
def venv(dist, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel and its dependencies installed."""
    env = tmp_path_factory.mktemp("venv") / "env"
    check(subprocess.run([sys.executable, "-m", "venv", str(env)], capture_output=True, text=True, timeout=TIMEOUT))
    (wheel,) = dist.glob("site_builder-*-py3-none-any.whl")
    check(subprocess.run([str(env / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
                         capture_output=True, text=True, timeout=TIMEOUT))
    return env


def in_venv(env: Path, *args: str, cwd: Path, code: int = 0) -> subprocess.CompletedProcess:
    """Run a program of the virtual environment as its user would: its bin/ first on PATH, and
    nothing of this test's own environment that points Python elsewhere."""
    environ = {key: value for key, value in os.environ.items()
               if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSAFEPATH")}
    environ["PATH"] = f"{env / 'bin'}{os.pathsep}{environ.get('PATH', '')}"
    return check(subprocess.run([str(env / "bin" / args[0]), *args[1:]], capture_output=True, text=True,
                                timeout=TIMEOUT, cwd=cwd, env=environ), code)


def test_the_sdist_and_the_wheel_ship_the_theme_the_manual_and_the_scripts(dist):
    (sdist,) = dist.glob("site_builder-*.tar.gz")
    (wheel,) = dist.glob("site_builder-*-py3-none-any.whl")
    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
        metadata = next(archive.read(name).decode() for name in in_wheel if name.endswith(".dist-info/METADATA"))
    for path in SHIPPED:
        assert path in in_sdist and path in in_wheel, path
    assert not any(name.startswith(("tests/", "content/", "seeds/", "node_modules/")) for name in in_sdist | in_wheel)
    assert "Project-URL:" not in metadata        # no invented or relative address (see pyproject.toml)
    assert "## The manual, offline: `site-builder docs`" in metadata      # the README says how to read it


def test_a_fresh_virtual_environment_runs_init_new_source_build_and_docs_from_the_wheel(venv, tmp_path):
    where = in_venv(venv, "python", "-c", "import site_builder; print(site_builder.__file__)", cwd=tmp_path)
    installed = Path(where.stdout.strip()).resolve()
    assert installed.is_relative_to(venv.resolve()) and "site-packages" in installed.parts, installed
    assert not installed.is_relative_to(ROOT), f"ran from the checkout: {installed}"
    # isolated: the test environment's own packages (pytest) are not importable there
    assert "include-system-site-packages = false" in (venv / "pyvenv.cfg").read_text()
    in_venv(venv, "python", "-c", "import pytest", cwd=tmp_path, code=1)

    in_venv(venv, "site-builder", "init", "deal", "--subject", "Acme's purchase of Widgets Inc", cwd=tmp_path)
    project = tmp_path / "deal"
    assert not (project / "themes").exists()        # the theme comes from the installed package
    shutil.copy(SEED, project / "seeds" / SEED.name)
    in_venv(venv, "site-builder", "new", "source", SEED.name, cwd=project)
    assert "site-builder docs sources" in (project / "content" / "sources" / "s000.yaml").read_text()
    built = in_venv(venv, "site-builder", "build", cwd=project)
    assert built.stdout.startswith("Built "), built.stdout
    output = project / "output"
    assert (output / "index.html").is_file() and (output / "sources" / "s000.html").is_file()
    assert any((output / "pagefind").glob("pagefind*.js")), "the search index is built by the installed Pagefind"

    topics = in_venv(venv, "site-builder", "docs", cwd=tmp_path).stdout
    assert "  claims " in topics and "  errors " in topics
    assert str(installed.parent / "manual") in topics           # the reference is read from the wheel's copy
    assert "statements:" in in_venv(venv, "site-builder", "docs", "claims", cwd=tmp_path).stdout
    assert "site-builder docs" in (project / "README.md").read_text()
    wrong = in_venv(venv, "site-builder", "docs", "clams", cwd=tmp_path, code=2)
    assert "did you mean 'claims'?" in wrong.stderr
