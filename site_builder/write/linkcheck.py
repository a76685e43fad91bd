"""The builder checks its own output: every internal link and every #fragment.

Runs on the in-memory site before it is swapped in, so a broken link fails the build
and never reaches `output/` (Hugo and Eleventy leave this to outside tools).
"""
from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif (name == "href" and tag in ("a", "link", "area")) or (name == "src" and tag in ("script", "img")):
                self.links.append((value, self.getpos()[0]))


@dataclass(frozen=True)
class BrokenLink:
    page: str
    line: int
    href: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: broken link '{self.href}': {self.reason}"


def check_links(files: Mapping[str, bytes], other_paths: Iterable[str] = ()) -> list[BrokenLink]:
    """Check every `href`/`src` in the HTML files against the files and ids of the site."""
    known = set(files) | set(other_paths)
    parsed: dict[str, _Collector] = {}
    for path, data in files.items():
        if path.endswith(".html"):
            collector = _Collector()
            collector.feed(data.decode("utf-8"))
            parsed[path] = collector
    broken: list[BrokenLink] = []
    for page, collector in sorted(parsed.items()):
        for href, line in collector.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue  # external: not ours to check offline
            target = page
            if parts.path:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
                if target.startswith("../") or target == "..":
                    broken.append(BrokenLink(page, line, href, "points outside the site"))
                    continue
                if target.endswith("/") or target in ("", "."):
                    target = posixpath.join(target, "index.html")
                if target not in known:
                    broken.append(BrokenLink(page, line, href, "no such file in the site"))
                    continue
            fragment = unquote(parts.fragment.split(":~:", 1)[0])
            if fragment and target in parsed and fragment not in parsed[target].ids:
                broken.append(BrokenLink(page, line, href, f"no element with id '{fragment}' in {target}"))
    return broken
