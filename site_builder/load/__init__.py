"""Stage 1, `load`: read content/ and seeds/ into typed records with positions.

Pure reading and shape-checking: no cross-file checks here (that is `resolve`), so any
single file can be read again alone (`reload_content`, for an incremental build).

Reading never raises on what is in the files: every file goes through `read_text`, which
turns an unreadable, binary, oversized or non-UTF-8 file into a problem at the offending
byte, and every path that content names (a source's `seed:`, the site's `theme:`) must stay
inside the project folder it belongs to once `..` and symlinks are resolved.
"""
from __future__ import annotations

import dataclasses
import fnmatch
import functools
import os
import re
import stat
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from .. import i18n, markup
from .. import model as m
from .. import schema as s
from ..errors import DUPLICATE_ID, Position, Problem, suggestion
from ..kinds import BY_FOLDER, RECORD_KINDS, RecordKind
from ..slugs import slug
from . import langtag
from .convert import RawFile, convert
from .nodes import CONTROL, Map, Node, Seq, parse_yaml

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# An address as a browser shows it: a scheme that cannot run script, a host, and none of the
# characters a URL never holds raw (spaces, quotes, angle brackets, backslashes, controls) -
# so it is the same text in an HTML attribute, a feed and a sitemap, whatever escapes them.
WEB_ADDRESS = re.compile(r"https?://[^\s/?#\"'<>\\`]+[^\s\"'<>\\`]*", re.IGNORECASE)
SITE_PATH = re.compile(r"/[^\s\"'<>\\`]*")
# ids become file names in output/ (with ".html"); the longest id today has 54 characters
MAX_ID = 100
# Far above any real file (the largest page is 17 KB, the largest article 22 KB), far below
# what would make a build slow or big: a file over the limit is a mistake, not content.
MAX_CONTENT_BYTES = 1 << 20
MAX_SEED_BYTES = 8 << 20

PAGES = RECORD_KINDS["page"]


@dataclass(frozen=True)
class Loaded:
    content: m.Content | None
    problems: tuple[Problem, ...]


class Located(str):
    """A name or alias exactly as written, plus where: `resolve` reports two records claiming
    the same name at both places. Compares, hashes and renders as the plain string."""

    position: Position

    def __new__(cls, text: str, position: Position | None = None):
        self = super().__new__(cls, text)
        self.position = position if position is not None else Position("")
        return self

    def __getnewargs__(self):  # copy and pickle keep the position
        return str(self), self.position


def rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


# --- reading files ----------------------------------------------------------------------

def _inside(path: Path, folder: Path) -> bool:
    """Is `path`, with `..` and every symlink resolved, inside `folder` (itself resolved)?"""
    try:
        return path.resolve().is_relative_to(_resolved(folder))
    except (OSError, RuntimeError):     # a symlink loop
        return False


@functools.lru_cache(maxsize=256)
def _resolved(folder: Path) -> Path:
    """A folder resolved once a load, not once per file read in it (a stat per part of its path
    each time: thousands of sources); `load_content` and `reload_content` forget them first."""
    return folder.resolve()


def _size(n: int) -> str:
    return f"{n / (1 << 20):.1f} MB" if n >= 1 << 20 else f"{n / 1024:.0f} KB"


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[start:offset].decode("utf-8", "replace")) + 1


def read_text(root: Path, path: Path, limit: int = MAX_CONTENT_BYTES, folder: Path | None = None
              ) -> tuple[str | None, list[Problem]]:
    """A text file as the builder reads it: UTF-8, a leading byte-order mark dropped, every
    newline as "\\n" (CRLF files work). Returns (None, [problem]) instead of raising when the
    file is missing, not a regular file, outside `folder`, bigger than `limit`, binary, or
    not UTF-8 - the problem names the byte and its line and column."""
    name = rel(root, path)
    if folder is not None and not _inside(path, folder):
        return None, [Problem(Position(name), f"'{name}' is a symlink to a file outside {rel(root, folder)}/",
                              f"copy the file into {rel(root, folder)}/ instead of linking to it")]
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):    # a folder, a FIFO (reading would block), a device
            return None, [Problem(Position(name), "not a regular file", "replace it with a text file")]
        if info.st_size > limit:
            return None, [Problem(Position(name), f"the file is too large ({_size(info.st_size)}; "
                                  f"the limit is {_size(limit)})", "is this the right file? split it if it is")]
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)         # the file may grow while we read it
    except OSError as exc:
        return None, [Problem(Position(name), f"cannot read file: {exc.strerror or exc}")]
    if len(data) > limit:
        return None, [Problem(Position(name), f"the file is too large (over {_size(limit)})",
                              "is this the right file? split it if it is")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(Position(name, 1, 1), "the file is UTF-16 (it starts with a UTF-16 byte-order mark)",
                              "save it as UTF-8")]
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = bom + exc.start
        line, col = _line_col(data, offset)
        return None, [Problem(Position(name, line, col),
                              f"not valid UTF-8: byte 0x{data[offset]:02x} at byte offset {offset} "
                              f"(line {line}, column {col})", "save the file as UTF-8")]
    nul = text.find("\0")
    if nul != -1:
        line, col = _line_col(data, bom + len(text[:nul].encode("utf-8")))
        utf16 = text.count("\0") * 4 > len(text)       # every other byte NUL: UTF-16 without a BOM
        return None, [Problem(Position(name, line, col),
                              "a NUL byte: " + ("the file looks UTF-16 encoded" if utf16 else "this is a binary file, not text"),
                              "save it as UTF-8 text" if utf16 else "a text file cannot hold NUL bytes")]
    # as Path.read_text (universal newlines): YAML marks, Text.locate and error excerpts count "\n"
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


# --- one record -------------------------------------------------------------------------------

def _id_problem(name: str, record_id: str, what: str) -> Problem | None:
    if not ID_RE.fullmatch(record_id):
        return Problem(Position(name), f"'{record_id}' is not a valid {what}",
                       "use lower-case letters, digits and hyphens, e.g. 'jane-roe'")
    if len(record_id) > MAX_ID:
        return Problem(Position(name), f"the {what} is too long ({len(record_id)} characters; the limit is {MAX_ID})",
                       "rename the file")
    return None


def load_file(root: Path, path: Path, kind: RecordKind) -> tuple[Any, list[Problem]]:
    """One record file of any kind; no record if the file has an error (a record with a part
    left out would only make later stages report what the file's own error already says)."""
    record, problems = load_page(root, path) if kind is PAGES else load_record(root, path, kind)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return record, problems


def _record_text(root: Path, path: Path, what: str) -> tuple[str, str | None, list[Problem]]:
    """A record file's name, its text (None if it cannot be read) and the problems so far;
    its id, the file name, is checked first."""
    name = rel(root, path)
    bad_id = _id_problem(name, path.stem, what)
    if bad_id is not None:
        return name, None, [bad_id]
    text, problems = read_text(root, path, folder=root / "content")
    if text is not None and "TODO" in text:       # (a scan of every line only where there is one)
        problems += placeholder_problems(name, text, yaml=path.suffix != ".md")
    return name, text, problems


_PLACEHOLDER = re.compile(r"\bTODO\b")


def placeholder_problems(name: str, text: str, yaml: bool) -> list[Problem]:
    """A warning for the placeholders `init` and `new` write ("TODO: who X is."), at the first
    one: a draft still builds, but readers would see them. YAML comments are not content."""
    found: list[tuple[int, int]] = []
    for number, line in enumerate(text.splitlines(), 1):
        body = line
        if yaml:
            if line.lstrip().startswith("#"):
                continue
            body = line.split(" #", 1)[0]
        match = _PLACEHOLDER.search(body)
        if match:
            found.append((number, match.start() + 1))
    if not found:
        return []
    more = f" (and {len(found) - 1} more in this file)" if len(found) > 1 else ""
    return [Problem(Position(name, *found[0]), f"a 'TODO' placeholder is still here{more}",
                    "readers would see it: write the text (with its citations), or leave the file out until it is ready",
                    severity="warning")]


def load_record(root: Path, path: Path, kind: RecordKind) -> tuple[Any, list[Problem]]:
    """Load one YAML file of a collection into its record (or None) and its problems."""
    record_id = path.stem
    name, text, problems = _record_text(root, path, "id")
    if text is None:
        return None, problems
    node, syntax = parse_yaml(text, name)
    problems += syntax
    if node is None and syntax:     # a syntax error (after a duplicate key, the rest is still checked)
        return None, problems
    values = convert(node, kind.spec, RawFile(name, text), problems, Position(name, 1, 1))
    if values is None:
        return None, problems
    assert isinstance(node, Map)  # convert accepts nothing else
    checked = len(problems)
    if kind.spec is s.SOURCE:
        _check_source(root, node, values, problems)
    if kind.entity:
        values = _locate_names(node, values)
    for text_field in _texts(values):
        problems += text_problems(text_field)
    if len(problems) > checked and any(p.severity == "error" for p in problems[checked:]):
        return None, problems
    return kind.make(record_id, values, node.position), problems


def _value_node(node: Map, *keys: str) -> Node | None:
    """The node at a path of keys (None where the path ends early)."""
    current: Node | None = node
    for key in keys:
        if not isinstance(current, Map) or key not in current.entries:
            return None
        current = current.entries[key][1]
    return current


def _where(node: Map, *keys: str) -> Position:
    found = _value_node(node, *keys)
    return found.position if found is not None else node.position


def _locate_names(node: Map, values: dict[str, Any]) -> dict[str, Any]:
    """The record's name and aliases as `Located` strings, for the name-collision check."""
    out = dict(values)
    out["name"] = Located(values["name"], _where(node, "name"))
    aliases = _value_node(node, "aliases")
    if isinstance(aliases, Seq) and "aliases" in values:
        out["aliases"] = tuple(Located(alias, item.position) for alias, item in zip(values["aliases"], aliases.items, strict=False))
    return out


def path_problem(value: str, folder: str, what: str = "file") -> str | None:
    """Why `value`, a path inside `folder`/, is not acceptable as written (None: it is)."""
    if not value.strip():
        return "is empty"
    if "\0" in value:
        return "holds a NUL character"
    if PurePosixPath(value).is_absolute() or PureWindowsPath(value).is_absolute() or PureWindowsPath(value).drive:
        return f"is an absolute path; name a {what} inside {folder}/"
    if "\\" in value:
        return "holds a backslash; separate folders with '/'"
    if ".." in PurePosixPath(value).parts:
        return f"leaves {folder}/ ('..'); name a {what} inside {folder}/"
    return None


def _check_source(root: Path, node: Map, values: dict[str, Any], problems: list[Problem]) -> None:
    """A source's seed names a file inside seeds/, its URL is a web address, its cleaning
    rules are regular expressions that compile: each is checked where it is written."""
    seed = values["seed"]
    seeds = root / "seeds"
    why = path_problem(seed, "seeds")
    if why is None and not _inside(seeds / seed, seeds):
        target = (seeds / seed).resolve()
        why = f"is a symlink to {target}, outside seeds/; copy the article into seeds/"
    if why is not None:
        problems.append(Problem(_where(node, "seed"), f"seed '{seed}' {why}",
                                suggestion(PurePosixPath(seed.replace("\\", "/")).name, _seed_names(root), "seed file")))
    url = values.get("url")
    if url is not None and not WEB_ADDRESS.fullmatch(url):
        problems.append(Problem(_where(node, "url"), f"'url' must be a web address (https://... or http://..., without spaces or quotes), got '{url}'",
                                "the article's address as a browser shows it, e.g. https://example.com/article"))
    cleaning = _value_node(node, "cleaning")
    rules: m.CleaningRules | None = values.get("cleaning")
    if rules is None or not isinstance(cleaning, Map):
        return
    patterns: list[tuple[str, str, Node | None]] = [
        (key, getattr(rules, key), _value_node(cleaning, key))
        for key in ("drop_before", "drop_from", "references", "list_items") if getattr(rules, key)]
    drop = _value_node(cleaning, "drop_lines")
    patterns += [("drop_lines", p, drop.items[i] if isinstance(drop, Seq) else None) for i, p in enumerate(rules.drop_lines)]
    for key in ("headings", "languages"):
        listed = _value_node(cleaning, key)
        for i, rule in enumerate(getattr(rules, key)):
            item = listed.items[i] if isinstance(listed, Seq) and i < len(listed.items) else None
            patterns.append((f"{key}: pattern", rule.pattern, _value_node(item, "pattern") if isinstance(item, Map) else None))
            if key == "headings" and not 2 <= rule.level <= 6:
                where = _value_node(item, "level") if isinstance(item, Map) else None
                problems.append(Problem(where.position if where else cleaning.position,
                                        f"a heading level must be 2 to 6, got {rule.level}", "the page title is level 1"))
    for key, pattern, where in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            problems.append(Problem(where.position if where else cleaning.position,
                                    f"invalid regular expression in '{key}': {exc.msg} at position {exc.pos} of '{pattern}'",
                                    "escape special characters with a backslash, e.g. '\\(' for a parenthesis"))


def _folders(folder: Path) -> list[str]:
    try:
        return sorted(p.name for p in folder.iterdir() if p.is_dir())
    except OSError:
        return []


def _seed_names(root: Path) -> list[str]:
    try:
        return sorted(p.name for p in (root / "seeds").iterdir() if p.is_file())
    except OSError:
        return []


def _texts(value: Any) -> Iterator[m.Text]:
    """Every author text field inside a record's values (nested records included)."""
    if isinstance(value, m.Text):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, tuple):
        for item in value:
            yield from _texts(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for fld in dataclasses.fields(value):
            yield from _texts(getattr(value, fld.name))


_NEAR_MISS_HINTS = {
    "marker": 'a marker starts with exactly "[[cite:", e.g. [[cite:s003 "a 49% non-voting stake"]]',
    "link": ("write [text](kind:id), the id in lower-case letters, digits and hyphens, "
             "e.g. [Jane Roe](person:jane-roe)"),
    "definition": "write id links inline, [text](kind:id): only those are checked",
}


def text_problems(text: m.Text) -> list[Problem]:
    """Citation markers and id links that are almost right, as the one parse (`markup.parse`)
    reads the text: written so, they would reach the reader as literal text, or as a link that
    no check has seen. Inside code they are code, and nothing is said. (Well-formed markers and
    links, and `[[cite:` starts that go wrong later, are checked in `resolve`.)"""
    value = text.value
    if not markup.may_miss(value):
        return []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for offset, miss in markup.parse(value).near_misses:
        # the nth occurrence in the value is the nth as written (folding only changes newlines)
        nth = value.count(miss.needle, 0, offset) if offset >= 0 else seen.get(miss.needle, 0)
        seen[miss.needle] = nth + 1
        found = text.locate_all(miss.needle)
        where = found[nth] if nth < len(found) else text.position
        message = {"marker": f"malformed citation marker '{miss.written}'",
                   "link": f"malformed id link '{miss.written}'",
                   "definition": f"an id link as a reference definition: '{miss.written[:80]}'"}[miss.kind]
        problems.append(Problem(where, message, _NEAR_MISS_HINTS[miss.kind]))
    return problems


# --- pages ------------------------------------------------------------------------------------

def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line where the body starts), or None without front matter."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            return None
    front = text[4:end + 1]
    body_start = end + 5
    return front, text[body_start:], text.count("\n", 0, body_start)


def load_page(root: Path, path: Path) -> tuple[m.Page | None, list[Problem]]:
    page_id = path.stem
    name, text, problems = _record_text(root, path, "page name")
    if text is None:
        return None, problems
    split = split_front_matter(text)
    if split is None:
        if text.startswith("---\n"):
            return None, [Problem(Position(name, 1, 1), "the front matter opened on line 1 is never closed",
                                  "end it with a line holding only '---'")]
        return None, [Problem(Position(name, 1, 1), "a page must start with YAML front matter between '---' lines",
                              "add '---', 'title: ...', '---' at the top")]
    front, body, body_line = split
    node, syntax = parse_yaml(front, name, line_offset=1)
    problems += syntax
    if node is None and syntax:
        return None, problems
    values = convert(node, PAGES.spec, RawFile(name, front), problems, Position(name, 1, 1))
    if values is None:
        return None, problems
    body_text = m.Text(body, Position(name, body_line + 1, 1), body)
    control = CONTROL.search(body)
    if control is not None:
        problems.append(Problem(body_text.locate(control.group()), f"a control character (U+{ord(control.group()):04X}) in the page",
                                "remove it: no page can show it"))
    problems += text_problems(body_text)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return m.Page(id=page_id, position=Position(name, 1, 1), body=body_text, **values), problems


# --- the site settings and the theme ------------------------------------------------------------

def load_site(root: Path, path: Path, problems: list[Problem]) -> m.SiteConfig | None:
    name = rel(root, path)
    text, found = read_text(root, path, folder=root / "content")
    problems += found
    if text is None:
        return None
    node, syntax = parse_yaml(text, name)
    problems += syntax
    if node is None and syntax:     # a syntax error (after a duplicate key, the rest is still checked)
        return None
    site = convert(node, s.SITE, RawFile(name, text), problems, Position(name, 1, 1))
    if site is None:
        return None
    assert isinstance(node, Map)
    if site.base_url and not (WEB_ADDRESS.fullmatch(site.base_url) or SITE_PATH.fullmatch(site.base_url)):
        problems.append(Problem(_where(node, "base_url"),
                                f"'base_url' must be a web address (https://..., http://...) or a path from /, got '{site.base_url}'",
                                "the address the site is published at, e.g. https://example.com/explainer/"))
    if site.deal_summary is not None:
        problems += text_problems(site.deal_summary)
    problems += theme_problems(root, site.theme, _where(node, "theme") if "theme" in node.entries else site.position)
    problems += language_problems(root, site, node)
    return site


def language_problems(root: Path, site: m.SiteConfig, node: Map) -> list[Problem]:
    """The site's language needs a catalog (the theme's or the package's) and locale data (i18n.py)."""
    if not langtag.is_valid_tag(site.language):
        return []                   # reported as a tag (load.langtag): one error per mistake
    dirs = i18n.catalog_dirs(root, site.theme)
    why = i18n.language_problem(site.language, dirs)
    where = _where(node, "language") if "language" in node.entries else site.position
    if why:
        return [Problem(where, why)]
    # a catalog the project brings is an input like its records: its mistakes at their line
    return [Problem(Position(rel(root, path), line, 1 if line else 0), what, hint)
            for path in i18n.site_locale(site.language, dirs).catalogs
            if _inside(path, root) and not _inside(path, i18n.PACKAGED_CATALOGS)
            for line, what, hint in i18n.catalog_problems(path)]


def theme_problems(root: Path, theme: str, position: Position) -> list[Problem]:
    """The theme is the packaged default, or a folder inside themes/ (which overrides the
    default file by file), and nothing in the project's theme folder is a symlink out of it
    (its files are published or executed as templates) or a template not in UTF-8."""
    themes = root / "themes"
    why = path_problem(theme, "themes", "folder")
    folder = themes / theme
    if why is None and folder.exists() and (not _inside(folder, themes) or folder.resolve() == themes.resolve()):
        why = f"leaves themes/ (it resolves to {folder.resolve()})"
    if why is not None:
        return [Problem(position, f"theme '{theme}' {why}", suggestion(theme, ["default", *_folders(themes)], "theme"))]
    if not folder.is_dir():
        if theme == "default":
            return []           # the default theme ships with the builder
        return [Problem(position, f"theme '{theme}' not found: no folder themes/{theme}/",
                        suggestion(theme, ["default", *_folders(themes)], "theme"))]
    problems: list[Problem] = []
    for part in ("templates", "static"):
        for path in sorted((folder / part).rglob("*")):
            if not _inside(path, folder):
                problems.append(Problem(Position(rel(root, path)), f"'{rel(root, path)}' is a symlink to {path.resolve()}, "
                                        f"outside the theme", "copy the file into the theme instead of linking to it"))
            elif part == "templates" and path.is_file():
                problems += read_text(root, path, folder=folder)[1]
    return problems


# --- the whole project ---------------------------------------------------------------------------

def load_content(root: Path) -> Loaded:
    """Read the whole project. Returns every problem found, not just the first."""
    _resolved.cache_clear()             # a folder may have been moved or linked since the last load
    problems: list[Problem] = []
    content_dir = root / "content"
    site_path = content_dir / "site.yaml"
    site = None
    if not site_path.is_file():
        problems.append(Problem(Position(rel(root, site_path)), "missing site configuration",
                                "create content/site.yaml with title and description"))
    else:
        site = load_site(root, site_path, problems)

    collections: dict[str, dict[str, Any]] = {}
    unloaded: set[tuple[str, str]] = set()
    for kind in RECORD_KINDS.values():
        records: dict[str, Any] = {}
        for path in record_files(root, kind):
            record, found = load_file(root, path, kind)
            problems += found
            if record is None:
                unloaded |= {(kind.folder, i) for i in _meant_ids(path)}
            else:
                if record.id in records:    # x.yaml and x.yml: one id, and the second would silently win
                    problems.append(Problem(record.position, f"{rel(root, path)} defines the id '{record.id}' again",
                                            f"{records[record.id].position.path} defines it already; keep one file",
                                            code=DUPLICATE_ID))
                    continue
                records[record.id] = record
        collections[kind.folder] = records

    seed_texts: dict[str, str] = {}
    seeds = root / "seeds"
    available = _seed_names(root)
    for source in collections["sources"].values():
        seed_path = seeds / source.seed
        if path_problem(source.seed, "seeds") is not None or not _inside(seed_path, seeds):
            # load_record refused this already; checked again right where the file is read
            problems.append(Problem(source.position, f"seed '{source.seed}' is not a file inside seeds/"))
            continue
        if not seed_path.is_file():
            problems.append(Problem(source.position, f"seed file '{source.seed}' does not exist in seeds/",
                                    suggestion(source.seed, available, "seed file")))
            continue
        text, found = read_text(root, seed_path, limit=MAX_SEED_BYTES, folder=seeds)
        problems += found
        if text is not None and not text.strip():
            problems.append(Problem(Position(rel(root, seed_path)), f"the seed file of {source.id} is empty",
                                    "is this the right file? an article without text cannot be cited"))
        elif text is not None:
            seed_texts[source.id] = text

    if site is None:
        return Loaded(None, tuple(problems))
    content = m.Content(site=site, seed_texts=seed_texts, unloaded=frozenset(unloaded), **collections)
    return Loaded(content, tuple(problems))


def _meant_ids(path: Path) -> set[str]:
    """The id a record file has, and the one it was meant to have when its name is not a
    valid id ("Jane_Roe.yaml": jane-roe, which references to it most likely use)."""
    return {path.stem, slug(path.stem)}


def record_files(root: Path, kind: RecordKind) -> list[Path]:
    """A kind's files, in the one order every stage sees records in (which file wins an id,
    and every later "for record in records" depend on it)."""
    folder = root / "content" / kind.folder
    return [folder / name for name in record_names(root, kind)]


def record_names(root: Path, kind: RecordKind) -> list[str]:
    """The names of a kind's files in that order (what Path.glob of its pattern lists - any entry
    whose name matches, case-sensitive - and sorted as paths of one folder are: by name). One
    listing, no Path a file: a reload lists the folder of every edit (1,321 files: 1.6-3 ms, where
    glob, sorting Paths and relative_to took 18-33 ms, on a loaded 2-core machine)."""
    try:
        names = os.listdir(root / "content" / kind.folder)
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return []       # as Path.glob: no folder, no files
    return sorted(fnmatch.filter(names, kind.pattern))


def reload_content(root: Path, loaded: Loaded, paths: Iterable[str]) -> Loaded | None:
    """`loaded` with the record files at `paths` (content/<folder>/<file>, relative to `root`)
    read again and the others kept as they are, or None when only a full `load_content` can
    tell (nothing loaded yet; a source that is new or names another seed file)."""
    _resolved.cache_clear()
    content = loaded.content
    if content is None:
        return None
    touched: dict[str, set[str]] = defaultdict(set)
    for path in paths:
        touched[path.split("/")[1]].add(path)
    changed = {path for names in touched.values() for path in names}
    if any(p.code == DUPLICATE_ID for p in loaded.problems):
        return None
    problems = [p for p in loaded.problems if p.position.path not in changed]
    folders: dict[str, dict] = {}
    unloaded = set(content.unloaded)
    for folder, names in touched.items():
        kind = BY_FOLDER[folder]
        by_path = {record.position.path: record for record in getattr(content, folder).values()}
        for name in names:
            by_path.pop(name, None)
            file = root / name
            if not file.is_file():
                continue
            try:
                record, found = load_file(root, file, kind)
            except (OSError, UnicodeDecodeError):
                return None     # deleted or half-written while we read it: let load_content say
            problems += found
            if record is not None:
                by_path[name] = record
        files = record_names(root, kind)
        records = [by_path.get(f"content/{folder}/{name}") for name in files]     # as `rel` names them
        ids = [record.id for record in records if record is not None]
        if len(ids) != len(set(ids)):
            return None       # one id in two files (x.yaml and x.yml): only a full load reports it right
        folders[folder] = {record.id: record for record in records if record is not None}
        unloaded = ({u for u in unloaded if u[0] != folder}
                    | {(folder, i) for name, record in zip(files, records, strict=True) if record is None
                       for i in _meant_ids(Path(name))})
    new = dataclasses.replace(content, unloaded=frozenset(unloaded), **folders)  # type: ignore[arg-type]
    if "sources" in folders:
        for sid, source in new.sources.items():
            was = content.sources.get(sid)
            if was is None or was.seed != source.seed or sid not in content.seed_texts:
                return None
        new = dataclasses.replace(new, seed_texts={sid: content.seed_texts[sid] for sid in new.sources})
    return Loaded(new, tuple(problems))
