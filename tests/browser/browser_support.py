"""Constants and helpers for the browser tests (a module of its own: test modules cannot
import from `conftest` reliably when tests/ has a conftest.py too)."""
from __future__ import annotations

import os
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
