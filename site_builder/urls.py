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
    slash = from_page.rfind("/")
    if target[:1] == "#" or not target:       # on the page itself: its file's name
        return _on_page(from_page[slash + 1:], target)
    return _from_folder(from_page[:slash] if slash != -1 else "", target)


def _on_page(name: str, target: str) -> str:
    fragment = target[1:]
    return f"{name}#{fragment}" if fragment else name


@functools.lru_cache(maxsize=1 << 18)
def _from_folder(folder: str, target: str) -> str:
    """`target` (a path, perhaps with a #fragment) relative to `folder` (no trailing slash; ""
    at the root). Remembered whole: the pages of one folder link to the same pages, a few
    million links for a thousand articles."""
    path, _, fragment = target.partition("#")
    if not folder:
        rel = path
    elif path.startswith(folder + "/"):
        rel = path[len(folder) + 1:]
    else:
        here, there = folder.split("/"), path.split("/")
        common = 0
        while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
            common += 1
        rel = "../" * (len(here) - common) + "/".join(there[common:])
    return f"{rel}#{fragment}" if fragment else rel
