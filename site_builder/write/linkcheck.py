"""The builder checks its own output: every internal link and every #fragment.

Runs on the in-memory site before it is swapped in, so a broken link fails the build
and never reaches `output/` (Hugo and Eleventy leave this to outside tools).
"""
from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

# The HTML is the builder's own: attributes are always double-quoted, every value and all
# text escaped (no raw quote, "<" or ">" outside markup), and only <a>, <link> and <area> carry
# href, <script> and <img> src - so two C-speed scans find what an HTML parser would, at a
# fraction of its cost (the parser took longer than rendering the pages). Script bodies are
# skipped first: JSON-LD is data, not markup.
# (On the bytes: decoding every page first would double the memory the check needs.)
_SCRIPT_BODY = re.compile(rb"(<script\b[^>]*>)[^<]+(</script>)", re.I)
_IDS = re.compile(rb'\sid="([^"]*)"')
_LINKS = re.compile(rb'\s(?:href|src)="([^"]*)"')


@dataclass(frozen=True)
class _Scanned:
    ids: frozenset[str]
    links: list[tuple[str, int]]        # (href, byte offset in the page)
    body: bytes

    def line(self, offset: int) -> int:
        return self.body.count(b"\n", 0, offset) + 1


def _value(raw: bytes) -> str:
    text = raw.decode("utf-8")
    return html.unescape(text) if "&" in text else text


def scan(page: bytes) -> _Scanned:
    """The ids a page defines and the links it makes."""
    body = _SCRIPT_BODY.sub(rb"\1\2", page) if b"<script" in page else page
    ids = frozenset(_value(v) for v in _IDS.findall(body))
    first: dict[bytes, int] = {}        # each distinct link once, where it first appears
    for match in _LINKS.finditer(body):
        first.setdefault(match.group(1), match.start())
    return _Scanned(ids, [(_value(href), at) for href, at in first.items()], body)


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
    parsed = {path: scan(data) for path, data in files.items() if path.endswith(".html")}
    resolved: dict[tuple[str, str], tuple[str | None, str, str]] = {}   # (folder, href) -> (target, fragment, problem)

    def resolve(page: str, href: str) -> tuple[str | None, str, str]:
        """The page a link leads to (None: external; the page itself: a bare #fragment), its
        fragment, and what is wrong with it. Links repeat: each is resolved once per folder."""
        folder = posixpath.dirname(page)
        key = (folder, href)
        if key not in resolved:
            parts = urlsplit(href)
            target: str | None = ""
            problem = ""
            if parts.scheme or href.startswith("//"):
                target = None
            elif parts.path:
                target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
                if target.startswith("../") or target == "..":
                    problem = "points outside the site"
                elif target.endswith("/") or target in ("", "."):
                    target = posixpath.join(target, "index.html")
                if not problem and target not in known:
                    problem = "no such file in the site"
            resolved[key] = (target, unquote(parts.fragment.split(":~:", 1)[0]), problem)
        target, fragment, problem = resolved[key]
        return (page if target == "" else target), fragment, problem

    broken: list[BrokenLink] = []
    for page, scanned in sorted(parsed.items()):
        for href, offset in scanned.links:
            target, fragment, problem = resolve(page, href)
            if problem:
                broken.append(BrokenLink(page, scanned.line(offset), href, problem))
            elif target is not None and fragment and target in parsed and fragment not in parsed[target].ids:
                broken.append(BrokenLink(page, scanned.line(offset), href, f"no element with id '{fragment}' in {target}"))
    return broken
