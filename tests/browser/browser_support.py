"""Constants and helpers for the browser tests (a module of its own: test modules cannot
import from `conftest` reliably when tests/ has a conftest.py too)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PREFIX = "/explainer/"
# Keep Chromium off the network: any host but the loopback fails at once.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]

# One page of each kind (paths relative to the site root).
PAGE_KINDS = {
    "home": "index.html",
    "timeline": "timeline.html",
    "claims": "claims/index.html",
    "matrix": "claims/matrix.html",
    "claim": "claims/deal-price.html",
    "people": "people/index.html",
    "person": "people/jason-droege.html",
    "organizations": "organizations/index.html",
    "organization": "organizations/scale-ai.html",
    "sources": "sources/index.html",
    "source": "sources/s000.html",
    "search": "search.html",
    "404": "no/such/page.html",
}


@dataclass(frozen=True)
class Served:
    """One built and served site: its language, its address (below PREFIX) and its folder."""

    lang: str
    url: str
    folder: Path

    def say(self, message: str, plural: str = "", n: int = 1) -> str:
        """A UI string as this site writes it (the shipped catalog of its language); with
        `plural`, the form for `n`."""
        from site_builder import i18n

        locale = i18n.site_locale(self.lang, (i18n.PACKAGED_CATALOGS,))
        with i18n.activated(locale, i18n.translations(locale)):
            return i18n.ngettext(message, plural, n) if plural else i18n.gettext(message)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(condition: bool, message: str) -> None:
    """Skip locally, fail in CI: a missing tool must never pass CI silently."""
    if not condition:
        if in_ci():
            pytest.fail(f"{message} (CI=true: browser and validity tests may not be skipped)", pytrace=False)
        pytest.skip(message)


def narrative_pages(site: Path) -> list[str]:
    """Every narrative page (content/pages/*.md but the home page's index.md) the build wrote."""
    stems = sorted(p.stem for p in (ROOT / "content" / "pages").glob("*.md") if p.stem != "index")
    return [f"{stem}.html" for stem in stems if (site / f"{stem}.html").is_file()]


# --- waiting -------------------------------------------------------------------------------------
# Every wait of the browser tests waits for a condition, never for a fixed time, and fails
# saying what it waited for. The bound is sized for a loaded 2-core machine: in a fresh clone
# run while other builds ran, a search on a cold Pagefind index took over 10 s to show results.
WAIT_MS = 60_000


def waiting(what: str, wait, *args, **kwargs):
    """Run one Playwright wait; a timeout fails the test naming `what`, not a stack of frames."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        return wait(*args, **kwargs)
    except PlaywrightTimeout:
        pytest.fail(f"timed out after {WAIT_MS // 1000} s waiting for {what}", pytrace=False)


def wait_selector(page, selector: str, what: str):
    return waiting(what, page.wait_for_selector, selector, timeout=WAIT_MS)


def wait_function(page, script: str, what: str, arg=None):
    return waiting(what, page.wait_for_function, script, arg=arg, timeout=WAIT_MS)


def wait_url(page, pattern, what: str):
    return waiting(what, page.wait_for_url, pattern, timeout=WAIT_MS)


def wait_visible(locator, what: str) -> None:
    waiting(what, locator.wait_for, state="visible", timeout=WAIT_MS)


def wait_hidden(locator, what: str) -> None:
    waiting(what, locator.wait_for, state="hidden", timeout=WAIT_MS)


def next_frames(page) -> None:
    """Wait until the page has rendered two more frames (what a script applies "on the next
    frame" is then applied): a condition, unlike a sleep of some milliseconds."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


# --- the search index ------------------------------------------------------------------------------

def empty_index_files(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in (out / "pagefind").rglob("*") if p.is_file() and not p.stat().st_size)


def whole_search_index(out: Path) -> None:
    """The built search index is whole. Pagefind's Python wrapper used to stop the binary as
    soon as a write was acknowledged, and under load left index files empty (with an empty
    pagefind-entry.json search never answers: the nine search-test timeouts seen in a fresh
    clone on a busy machine). The build now runs the binary to its end (write/search.py); this
    checks that it stays fixed."""
    empty = empty_index_files(out)
    assert not empty, f"the build left empty search index files: {empty}"
