"""The builder checks its own output: every internal link and every #fragment.

Runs on the in-memory site before it is swapped in, so a broken link fails the build
and never reaches `output/` (Hugo and Eleventy leave this to outside tools).
"""
from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

# The HTML is the builder's own: attributes are always double-quoted, every value and all
# text escaped (no raw quote, "<" or ">" outside markup), and only <a>, <link> and <area> carry
# href, <script> and <img> src - so a few C-speed scans find what an HTML parser would, at a
# fraction of its cost (the parser took longer than rendering the pages). Script bodies are
# skipped first: JSON-LD is data, not markup. Each pattern starts with a literal ('id="'),
# which the regex engine finds by a fast search, and the byte before it is then checked to
# be whitespace: a pattern starting with `\s`, or with an alternation, is tried at every
# byte of the page, three times slower.
# (On the bytes: decoding every page first would double the memory the check needs.)
_SCRIPT_BODY = re.compile(rb"(<script\b[^>]*>)[^<]+(</script>)", re.I)
_ID = re.compile(rb'id="([^"]*)"')
_LINKS = (re.compile(rb'href="([^"]*)"'), re.compile(rb'src="([^"]*)"'))
_SPACE = frozenset(b" \t\n\r\f\v")


def _attribute(body: bytes, pattern: re.Pattern[bytes]) -> Iterator[bytes]:
    """The values of an attribute (`pattern`, after whitespace: not `data-id=` or `xlink:href=`)."""
    return (m.group(1) for m in pattern.finditer(body) if m.start() and body[m.start() - 1] in _SPACE)


@dataclass(frozen=True)
class _Scanned:
    ids: frozenset[bytes]               # as written, but with character references resolved
    links: Iterable[bytes]              # each distinct href or src once, as written, in order
    body: bytes

    def line(self, link: bytes) -> int:
        """The line a link is first written on (asked only of a broken link)."""
        at = re.search(rb'\s(?:href|src)="' + re.escape(link) + b'"', self.body)
        return self.body.count(b"\n", 0, at.start() if at else 0) + 1


def _value(raw: bytes) -> str:
    text = raw.decode("utf-8")
    return html.unescape(text) if "&" in text else text


def scan(page: bytes) -> _Scanned:
    """The ids a page defines and the links it makes."""
    body = _SCRIPT_BODY.sub(rb"\1\2", page) if b"<script" in page else page
    ids = {_value(raw).encode("utf-8") if b"&" in raw else raw for raw in _attribute(body, _ID)}
    links = dict.fromkeys(raw for pattern in _LINKS for raw in _attribute(body, pattern))   # hrefs, then srcs
    return _Scanned(frozenset(ids), links, body)


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

    paths: dict[tuple[str, str], tuple[str, str]] = {}

    def resolve_path(folder: str, path: str) -> tuple[str, str]:
        """The file a link's path leads to from `folder`, and what is wrong with it. Once per
        folder and path: the links to a page's passages differ only in their fragments."""
        found = paths.get((folder, path))
        if found is None:
            target = posixpath.normpath(posixpath.join(folder, unquote(path)))
            problem = ""
            if target.startswith("../") or target == "..":
                problem = "points outside the site"
            elif target.endswith("/") or target in ("", "."):
                target = posixpath.join(target, "index.html")
            if not problem and target not in known:
                problem = "no such file in the site"
            found = paths[(folder, path)] = (target, problem)
        return found

    def resolve(folder: str, raw: bytes) -> tuple[str | None, bytes, str]:
        """The page a link leads to (None: external; "": the page itself, a bare #fragment),
        its fragment (as an id is written) and what is wrong with it."""
        href = _value(raw)
        path, _, fragment = href.partition("#")
        if ":" in path or "?" in path or path.startswith("//"):    # a scheme, a query, a host: in full
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                return None, b"", ""
            path, fragment = parts.path, parts.fragment
        target, problem = resolve_path(folder, path) if path else ("", "")
        return target, unquote(fragment.split(":~:", 1)[0]).encode("utf-8"), problem

    broken: list[BrokenLink] = []
    # links repeat, page after page: each is resolved once per folder, from its bytes
    by_folder: dict[str, dict[bytes, tuple[str | None, bytes, str]]] = {}
    for page, scanned in sorted(parsed.items()):
        folder = posixpath.dirname(page)
        known_here = by_folder.setdefault(folder, {})
        for raw in scanned.links:
            found = known_here.get(raw)
            if found is None:
                found = known_here[raw] = resolve(folder, raw)
            target, fragment, problem = found
            if problem:
                broken.append(BrokenLink(page, scanned.line(raw), _value(raw), problem))
            elif fragment and target is not None:
                if target == "":
                    target = page
                if target in parsed and fragment not in parsed[target].ids:
                    broken.append(BrokenLink(page, scanned.line(raw), _value(raw),
                                             f"no element with id '{fragment.decode('utf-8')}' in {target}"))
    return broken
