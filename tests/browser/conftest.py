"""Real-browser fixtures: one build, one HTTP server, one Chromium for all the browser tests.

The site is built once into a temporary folder and served over HTTP *under a sub-path*
(`/explainer/`), the way GitHub Pages serves a project site, so every browser test also
proves that the site works below the root. Chromium is Debian's `/usr/bin/chromium`
driven by Playwright for Python (`playwright install` is not needed and not used).

Without Chromium the browser tests are skipped locally with the reason shown, but in CI
(`CI=true`) they fail: CI must never pass by skipping them silently.
"""
from __future__ import annotations

import http.server
import io
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from projects import copy_project, set_language

from site_builder.pipeline import BuildOptions, build_site

from .browser_support import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    PAGE_KINDS,
    PREFIX,
    ROOT,
    WAIT_MS,
    Served,
    narrative_pages,
    need,
    whole_search_index,
)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site below PREFIX, and 404.html with status 404 for anything missing
    (as GitHub Pages does)."""

    def __init__(self, request, client_address, server):
        super().__init__(request, client_address, server, directory=str(server.site))

    def log_message(self, *args):  # keep the test output clean
        pass

    def send_head(self):
        site: Path = self.server.site
        path = unquote(urlsplit(self.path).path)
        if path == PREFIX.rstrip("/"):
            self.send_response(301)
            self.send_header("Location", PREFIX)
            self.end_headers()
            return None
        if path.startswith(PREFIX):
            target = (site / path[len(PREFIX):]).resolve()
            if target.is_dir():
                target = target / "index.html"
            if target.is_file() and site.resolve() in target.parents:
                return super().send_head()
        body = (site / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def translate_path(self, path):
        path = unquote(urlsplit(path).path)
        if path.startswith(PREFIX):
            path = "/" + path[len(PREFIX):]
        return super().translate_path(path)


@pytest.fixture(scope="package")
def _server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.site = None
    server.running = False
    yield server
    if server.running:
        server.shutdown()
    server.server_close()


@pytest.fixture(scope="package")
def base_url(_server) -> str:
    """Where the site is served: http://127.0.0.1:<port>/explainer/ (a sub-path)."""
    return f"http://127.0.0.1:{_server.server_address[1]}{PREFIX}"


@pytest.fixture(scope="package")
def site_dir(tmp_path_factory, _server, base_url) -> Path:
    """The site built by the README's command, with --base-url set to where it is served
    (canonical links, the 404 page's absolute links), then served."""
    out = tmp_path_factory.mktemp("site") / "output"
    done = subprocess.run([sys.executable, "-m", "site_builder", "build", "--output", str(out), "--base-url", base_url, "--no-cache"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"the site does not build:\n{done.stdout}\n{done.stderr}"
    whole_search_index(out)
    _server.site = out
    _server.running = True
    threading.Thread(target=_server.serve_forever, daemon=True).start()
    return out


@pytest.fixture(scope="package")
def page_kinds(site_dir) -> dict[str, str]:
    kinds = dict(PAGE_KINDS)
    narrative = narrative_pages(site_dir)
    if narrative:
        kinds["page"] = narrative[0]
    for kind, path in kinds.items():
        if kind != "404":
            assert (site_dir / path).is_file(), f"expected a {kind} page at {path}"
    return kinds


@pytest.fixture(scope="package")
def served_in(tmp_path_factory):
    """served_in(lang) -> (address, folder): the real site in `lang` (its articles declared
    English), built by the README's command and served below PREFIX by a server of its own, once
    per language. Without `search` it is built in-process with no search index (a quicker build,
    for the tests that never search)."""
    made: dict[str, tuple[str, Path]] = {}
    servers = []

    def make(lang: str, search: bool = True) -> tuple[str, Path]:
        if lang in made:
            return made[lang]
        root = set_language(copy_project(tmp_path_factory.mktemp(f"site-{lang}")), lang)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        servers.append(server)
        base = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
        out = root / "output"
        if search:
            done = subprocess.run([sys.executable, "-m", "site_builder", "build", "--root", str(root), "--output",
                                   str(out), "--base-url", base, "--no-cache"], cwd=root, capture_output=True, text=True,
                                  timeout=300)
            assert done.returncode == 0, f"the site in '{lang}' does not build:\n{done.stdout}\n{done.stderr}"
            whole_search_index(out)
        else:
            result = build_site(BuildOptions(root, out, base_url=base, search=False))
            assert result.ok, "\n".join(p.format(root) for p in result.errors)
        server.site = out
        threading.Thread(target=server.serve_forever, daemon=True).start()
        made[lang] = (base, out)
        return made[lang]

    yield make
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="package")
def french_site(served_in) -> tuple[str, Path]:
    """The real site in French (`language: fr`, its articles declared English): (its address, its folder)."""
    return served_in("fr")


@pytest.fixture(scope="package", params=["en", "fr"])
def localized(request) -> Served:
    """The site in English, then in French (its articles English): for the tests of what the
    scripts and the keyboard do, which must not depend on the words the labels are in."""
    if request.param == "fr":
        url, folder = request.getfixturevalue("french_site")
        return Served("fr", url, folder)
    return Served("en", request.getfixturevalue("site"), request.getfixturevalue("site_dir"))


@pytest.fixture(scope="package")
def site(site_dir, base_url) -> str:
    """The served site's address; asking for it builds and serves the site."""
    return base_url


@pytest.fixture(scope="package")
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
        # every action and wait: long enough for a loaded machine (see browser_support.WAIT_MS)
        context.set_default_timeout(WAIT_MS)
        context.set_default_navigation_timeout(WAIT_MS)
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


@pytest.fixture(scope="package")
def screenshot_dir() -> Path:
    """Where screenshots go: an ignored folder, so a test run never rewrites tracked files.
    `docs/refresh-screenshots` points it at docs/screenshots/ to refresh the README's images."""
    folder = Path(os.environ.get("SITE_BUILDER_SCREENSHOTS") or ROOT / "tests" / "artifacts" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="package")
def axe_script() -> str:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script
