"""Where every kind of page lives. One place, so links and files can never disagree.

File-style URLs (`people/alexandr-wang.html`, not `people/alexandr-wang/`) so the site
works opened from disk as well as under any sub-path; all links are made relative.
"""
from __future__ import annotations

import posixpath

HOME = "index.html"
SOURCES = "sources/index.html"
PEOPLE = "people/index.html"
ORGANIZATIONS = "organizations/index.html"
TIMELINE = "timeline.html"
CLAIMS = "claims/index.html"
MATRIX = "claims/matrix.html"
DATA = "data/explainer.json"
SEARCH = "search.html"

_COLLECTION_DIRS = {"source": "sources", "person": "people", "organization": "organizations",
                    "claim": "claims"}


def record(kind: str, record_id: str) -> str:
    """The page that shows a record (an event lives on the timeline, at its own anchor)."""
    if kind == "event":
        return f"{TIMELINE}#{record_id}"
    if kind == "page":
        return HOME if record_id == "index" else f"{record_id}.html"
    return f"{_COLLECTION_DIRS[kind]}/{record_id}.html"


def raw_seed(source_id: str) -> str:
    return f"sources/{source_id}.txt"


def passage(source_id: str, fragment: str) -> str:
    return f"{record('source', source_id)}#{fragment}"


def relative(from_page: str, target: str) -> str:
    """Link from the page at `from_page` to `target` (both site-root paths)."""
    path, _, fragment = target.partition("#")
    base = posixpath.dirname(from_page)
    rel = posixpath.relpath(path, base or ".") if path else posixpath.basename(from_page)
    return f"{rel}#{fragment}" if fragment else rel
