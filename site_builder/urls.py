"""Where every kind of page lives. One place, so links and files can never disagree.

File-style URLs (`people/jane-roe.html`, not `people/jane-roe/`) so the site
works opened from disk as well as under any sub-path; all links are made relative.
"""
from __future__ import annotations

import functools

from .kinds import HOME_PAGE_ID, RECORD_KINDS

HOME = "index.html"
SOURCES = "sources/index.html"
PEOPLE = "people/index.html"
ORGANIZATIONS = "organizations/index.html"
TIMELINE = "timeline.html"
CLAIMS = "claims/index.html"
MATRIX = "claims/matrix.html"
DATA = "data/explainer.json"
SEARCH = "search.html"



def record(kind: str, record_id: str) -> str:
    """The page that shows a record (an event lives on the timeline, at its own anchor)."""
    if kind == "page" and record_id == HOME_PAGE_ID:
        return HOME
    return RECORD_KINDS[kind].page.format(id=record_id)


def raw_seed(source_id: str) -> str:
    return f"sources/{source_id}.txt"


def passage(source_id: str, fragment: str) -> str:
    return f"{record('source', source_id)}#{fragment}"


def relative(from_page: str, target: str) -> str:
    """Link from the page at `from_page` to `target` (both normalized site-root paths).

    String arithmetic on the folders, not `posixpath.relpath` (which resolves both against
    the working directory, some 20 µs a call, and a site makes one per link)."""
    path, _, fragment = target.partition("#")
    if not path:
        rel = from_page.rsplit("/", 1)[-1]
    else:
        slash = from_page.rfind("/")
        rel = path if slash == -1 else _from_folder(from_page[:slash], path)
    return f"{rel}#{fragment}" if fragment else rel


@functools.lru_cache(maxsize=1 << 18)
def _from_folder(folder: str, path: str) -> str:
    """`path` relative to `folder` (no trailing slash). Remembered: the pages of one folder
    link to the same pages, a few million links for a thousand articles."""
    if path.startswith(folder + "/"):
        return path[len(folder) + 1:]
    here, there = folder.split("/"), path.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:])
