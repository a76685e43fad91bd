"""Stage 1, `load`: read content/ and seeds/ into typed records with positions.

Pure reading and shape-checking: no cross-file checks here (that is `resolve`), so any
single file can be read again alone (`reload_content`, for an incremental build).
"""
from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import model as m
from .. import schema as s
from ..errors import Position, Problem, suggestion
from ..kinds import BY_FOLDER, RECORD_KINDS, RecordKind
from .convert import RawFile, convert
from .nodes import parse_yaml

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PAGES = RECORD_KINDS["page"]


@dataclass(frozen=True)
class Loaded:
    content: m.Content | None
    problems: tuple[Problem, ...]


def rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_file(root: Path, path: Path, kind: RecordKind) -> tuple[Any, list[Problem]]:
    """One record file of any kind."""
    return load_page(root, path) if kind is PAGES else load_record(root, path, kind)


def load_record(root: Path, path: Path, kind: RecordKind) -> tuple[Any, list[Problem]]:
    """Load one YAML file of a collection into its record (or None) and its problems."""
    name = rel(root, path)
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(Position(name), f"cannot read file: {exc}")]
    record_id = path.stem
    if not ID_RE.match(record_id):
        problems.append(Problem(Position(name), f"'{record_id}' is not a valid id",
                                "use lower-case letters, digits and hyphens, e.g. 'jane-roe'"))
        return None, problems
    node, syntax = parse_yaml(text, name)
    problems += syntax
    if node is None:        # a syntax error (a duplicate key is reported, and the rest still checked)
        return None, problems
    values = convert(node, kind.spec, RawFile(name, text), problems, Position(name, 1, 1))
    if values is None or node is None:
        return None, problems
    return kind.make(record_id, values, node.position), problems


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
    name = rel(root, path)
    text = path.read_text(encoding="utf-8")
    page_id = path.stem
    if not ID_RE.match(page_id):
        return None, [Problem(Position(name), f"'{page_id}' is not a valid page name",
                              "use lower-case letters, digits and hyphens")]
    split = split_front_matter(text)
    if split is None:
        return None, [Problem(Position(name, 1, 1), "a page must start with YAML front matter between '---' lines",
                              "add '---', 'title: ...', '---' at the top")]
    front, body, body_line = split
    node, problems = parse_yaml(front, name, line_offset=1)
    if node is None and problems:
        return None, problems
    values = convert(node, PAGES.spec, RawFile(name, front), problems, Position(name, 1, 1))
    if values is None:
        return None, problems
    body_text = m.Text(body, Position(name, body_line + 1, 1), body)
    return m.Page(id=page_id, position=Position(name, 1, 1), body=body_text, **values), problems


def load_content(root: Path) -> Loaded:
    """Read the whole project. Returns every problem found, not just the first."""
    problems: list[Problem] = []
    content_dir = root / "content"
    site_path = content_dir / "site.yaml"
    site = None
    if not site_path.is_file():
        problems.append(Problem(Position(rel(root, site_path)), "missing site configuration",
                                "create content/site.yaml with title and description"))
    else:
        text = site_path.read_text(encoding="utf-8")
        name = rel(root, site_path)
        node, syntax = parse_yaml(text, name)
        problems += syntax
        if node is not None or not syntax:
            site = convert(node, s.SITE, RawFile(name, text), problems, Position(name, 1, 1))

    collections: dict[str, dict[str, Any]] = {}
    for kind in RECORD_KINDS.values():
        records: dict[str, Any] = {}
        for path in record_files(root, kind):
            record, found = load_file(root, path, kind)
            problems += found
            if record is not None:
                records[record.id] = record
        collections[kind.folder] = records

    seed_texts: dict[str, str] = {}
    available = sorted(p.name for p in (root / "seeds").glob("*") if p.is_file())
    for source in collections["sources"].values():
        seed_path = root / "seeds" / source.seed
        if not seed_path.is_file():
            problems.append(Problem(source.position, f"seed file '{source.seed}' does not exist in seeds/",
                                    suggestion(source.seed, available, "seed file")))
            continue
        seed_texts[source.id] = seed_path.read_text(encoding="utf-8")

    if site is None:
        return Loaded(None, tuple(problems))
    content = m.Content(site=site, seed_texts=seed_texts, **collections)
    return Loaded(content, tuple(problems))


def record_files(root: Path, kind: RecordKind) -> list[Path]:
    """A kind's files, in the one order every stage sees records in (which file wins an id,
    and every later "for record in records" depend on it)."""
    return sorted((root / "content" / kind.folder).glob(kind.pattern))


def reload_content(root: Path, loaded: Loaded, paths: Iterable[str]) -> Loaded | None:
    """`loaded` with the record files at `paths` (content/<folder>/<file>, relative to `root`)
    read again and the others kept as they are, or None when only a full `load_content` can
    tell (nothing loaded yet; a source that is new or names another seed file)."""
    content = loaded.content
    if content is None:
        return None
    touched: dict[str, set[str]] = defaultdict(set)
    for path in paths:
        touched[path.split("/")[1]].add(path)
    changed = {path for names in touched.values() for path in names}
    problems = [p for p in loaded.problems if p.position.path not in changed]
    folders: dict[str, dict] = {}
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
        records = (by_path.get(rel(root, path)) for path in record_files(root, kind))
        folders[folder] = {record.id: record for record in records if record is not None}
    new = dataclasses.replace(content, **folders)  # type: ignore[arg-type]
    if "sources" in folders:
        for sid, source in new.sources.items():
            was = content.sources.get(sid)
            if was is None or was.seed != source.seed or sid not in content.seed_texts:
                return None
        new = dataclasses.replace(new, seed_texts={sid: content.seed_texts[sid] for sid in new.sources})
    return Loaded(new, tuple(problems))
