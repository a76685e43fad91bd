"""The builder checks its own output: every internal link and every #fragment.

The build checks what the pages recorded while they rendered (render/links.py: each page's
links as written, and its ids) against each other and the other files of the site - before
the site is swapped in, so a broken link fails the build and never reaches `output/`. Nothing
reads the HTML back; only a broken link's line is looked up in its page, for the message.

`scan` reads the same from written HTML: the tests' oracle for the records, and the check of
what landed on disk (`check_links`).
"""
from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import unquote, urlsplit

from ..render.links import ID_ATTRIBUTE, LINK_ATTRIBUTES

# Every attribute the pages record (render/links.py: `href`, `src`, a quotation's `cite`, `id`),
# double-quoted, single-quoted or unquoted, after whitespace (not `data-id=` or `xlink:href=`). The bodies of script and textarea elements are
# skipped first: JSON-LD is data, and an embed code shown in a textarea is text, not markup.
# (Bytes: decoding every page first would double the memory a scan needs.)
_TEXT_BODY = re.compile(rb"(<(script|textarea)\b[^>]*>)[^<]+(</\2>)", re.I)
_LINK_NAMES = "|".join(LINK_ATTRIBUTES).encode()
_ATTRIBUTE = re.compile(rb"""(?<=[ \t\n\r\f\v])(""" + _LINK_NAMES + b"|" + ID_ATTRIBUTE.encode() + rb""")=(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)


def _value(raw: bytes) -> str:
    text = raw.decode("utf-8")
    return html.unescape(text) if "&" in text else text


@dataclass(frozen=True)
class Scanned:
    """What a written page holds: its ids and its links (each once, in order), as they mean
    (character references resolved)."""

    ids: frozenset[str]
    links: tuple[str, ...]


def scan(page: bytes) -> Scanned:
    """The ids a page defines and the links it makes, read from its HTML."""
    body = _TEXT_BODY.sub(rb"\1\3", page) if b"<script" in page or b"<textarea" in page else page
    ids: set[str] = set()
    links: dict[str, None] = {}
    for m in _ATTRIBUTE.finditer(body):
        value = _value(next(v for v in m.group(2, 3, 4) if v is not None))
        if m.group(1).lower() == ID_ATTRIBUTE.encode():
            ids.add(value)
        else:
            links[value] = None
    return Scanned(frozenset(ids), tuple(links))


def link_line(body: bytes, href: str) -> int:
    """The line a link is first written on in a page (asked only of a broken link; 1 if the
    page writes it in a way not looked for)."""
    written = html.escape(href, quote=True).encode("utf-8")
    for form in dict.fromkeys((written, href.encode("utf-8"))):
        at = re.search(rb"""\s(?:""" + _LINK_NAMES + rb""")=["']?""" + re.escape(form), body)
        if at is not None:
            break
    return body.count(b"\n", 0, at.start() if at else 0) + 1


@dataclass(frozen=True)
class BrokenLink:
    page: str
    line: int
    href: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: broken link '{self.href}': {self.reason}"


class Written(Protocol):
    """A page as the check reads it: its recorded links and ids, and its bytes (for a line)."""

    @property
    def links(self) -> Collection[str]: ...

    @property
    def ids(self) -> Collection[str]: ...

    @property
    def body(self) -> bytes: ...


def check_recorded(pages: Mapping[str, Written], other_paths: Iterable[str] = (), *,
                   ids: Mapping[str, Collection[str]] | None = None, base_url: str = "") -> list[BrokenLink]:
    """Check the recorded links of `pages` against the pages (their paths and ids: `ids`, by
    page path, if more pages than `pages` can be linked to) and `other_paths` (the site's other
    files). An address under `base_url` (the 404 page's absolute links) is a site path."""
    known_ids = ids if ids is not None else {path: page.ids for path, page in pages.items()}
    return _check({path: page.links for path, page in pages.items()}, {*pages, *known_ids, *other_paths},
                  known_ids, lambda path, href: link_line(pages[path].body, href), base_url)


def check_links(files: Mapping[str, bytes], other_paths: Iterable[str] = ()) -> list[BrokenLink]:
    """Check every `href`/`src`/`cite` in the HTML files, as written, against the files and ids of the site."""
    parsed = {path: scan(data) for path, data in files.items() if path.endswith(".html")}
    return _check({path: page.links for path, page in parsed.items()}, {*files, *other_paths},
                  {path: page.ids for path, page in parsed.items()}, lambda path, href: link_line(files[path], href))


def _check(links: Mapping[str, Iterable[str]], known: Collection[str], ids: Mapping[str, Collection[str]],
           line: Callable[[str, str], int], base_url: str = "") -> list[BrokenLink]:
    """The broken links among `links` (by page): to no file of `known`, or to no id of its
    target (where the target's ids are known)."""
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

    def resolve(folder: str, href: str) -> tuple[str | None, str, str]:
        """The page a link leads to (None: external; "": the page itself, a bare #fragment),
        its fragment (as an id is written) and what is wrong with it."""
        if base_url and href.startswith(base_url):
            rest = href[len(base_url):]
            folder, href = "", rest if rest[:1] not in ("", "#") else "index.html" + rest
        path, _, fragment = href.partition("#")
        if ":" in path or "?" in path or path.startswith("//"):    # a scheme, a query, a host: in full
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                return None, "", ""
            path, fragment = parts.path, parts.fragment
        target, problem = resolve_path(folder, path) if path else ("", "")
        return target, unquote(fragment.split(":~:", 1)[0]), problem

    broken: list[BrokenLink] = []
    # links repeat, page after page: each is resolved once per folder
    by_folder: dict[str, dict[str, tuple[str | None, str, str]]] = {}
    for page in sorted(links):
        folder = posixpath.dirname(page)
        known_here = by_folder.setdefault(folder, {})
        for href in sorted(links[page]):
            found = known_here.get(href)
            if found is None:
                found = known_here[href] = resolve(folder, href)
            target, fragment, problem = found
            if problem:
                broken.append(BrokenLink(page, line(page, href), href, problem))
            elif fragment and target is not None:
                target = target or page
                if target in ids and fragment not in ids[target]:
                    broken.append(BrokenLink(page, line(page, href), href,
                                             f"no element with id '{fragment}' in {target}"))
    return broken
