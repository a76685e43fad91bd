"""Real-browser fixtures: one build, one HTTP server, one Chromium per test session.

The site is built once into a temporary folder and served over HTTP *under a sub-path*
(`/explainer/`), the way GitHub Pages serves a project site, so every browser test also
proves that the site works below the root. Chromium is Debian's `/usr/bin/chromium`
driven by Playwright for Python (`playwright install` is not needed and not used).

Without Chromium the browser tests are skipped locally with the reason shown, but in CI
(`CI=true`) they fail: CI must never pass by skipping them silently.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

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


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(condition: bool, message: str) -> None:
    """Skip locally, fail in CI: a missing tool must never pass CI silently."""
    if not condition:
        if in_ci():
            pytest.fail(f"{message} (CI=true: browser and validity tests may not be skipped)", pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    from site_builder.build import BuildOptions, build_site

    out = tmp_path_factory.mktemp("site") / "output"
    result = build_site(BuildOptions(ROOT, output=out))
    assert result.ok, "the site does not build:\n" + "\n".join(p.format(ROOT) for p in result.errors)
    return out


def _narrative_page(site: Path) -> str | None:
    """A narrative page (content/pages/*.md other than index), if the content has one."""
    pages = sorted(p.stem for p in (ROOT / "content" / "pages").glob("*.md") if p.stem != "index")
    return next((f"{stem}.html" for stem in pages if (site / f"{stem}.html").is_file()), None)


@pytest.fixture(scope="session")
def page_kinds(site_dir) -> dict[str, str]:
    kinds = dict(PAGE_KINDS)
    narrative = _narrative_page(site_dir)
    if narrative:
        kinds["page"] = narrative
    for kind, path in kinds.items():
        if kind != "404":
            assert (site_dir / path).is_file(), f"expected a {kind} page at {path}"
    return kinds


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site below PREFIX, and 404.html with status 404 for anything missing."""

    def __init__(self, *args, site: Path, **kwargs):
        self.site = site
        super().__init__(*args, directory=str(site), **kwargs)

    def log_message(self, *args):  # keep the test output clean
        pass

    def send_head(self):
        path = unquote(urlsplit(self.path).path)
        if path == PREFIX.rstrip("/"):
            self.send_response(301)
            self.send_header("Location", PREFIX)
            self.end_headers()
            return None
        if path.startswith(PREFIX):
            target = self.site / path[len(PREFIX):]
            if target.is_dir():
                target = target / "index.html"
            if target.is_file() and self.site in target.resolve().parents:
                return super().send_head()
        body = (self.site / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        from io import BytesIO

        return BytesIO(body)

    def translate_path(self, path):
        path = unquote(urlsplit(path).path)
        if path.startswith(PREFIX):
            path = "/" + path[len(PREFIX):]
        return super().translate_path(path)


@pytest.fixture(scope="session")
def base_url(site_dir) -> str:
    handler = functools.partial(_Handler, site=site_dir)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    need(Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK),
         f"Chromium not found at {CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        need(False, "Playwright for Python is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class Console:
    """Console errors, uncaught exceptions and failed requests seen by a page."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", lambda msg: self.errors.append(f"console.{msg.type}: {msg.text}")
                if msg.type in ("error", "warning", "assert") else None)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        page.on("requestfailed", lambda req: self.errors.append(f"request failed: {req.url} ({req.failure})"))
        page.on("response", lambda res: self.errors.append(f"HTTP {res.status}: {res.url}")
                if res.status >= 400 else None)


@pytest.fixture
def new_page(browser):
    """Factory: a page in a fresh context (viewport, colour scheme, touch, JS as asked)."""
    contexts = []

    def make(width: int = 1280, height: int = 900, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.console = Console(page)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    folder = ROOT / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def axe_script() -> str:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script
