"""Stage 1, `load`: read content/ and seeds/ into typed records with positions.

Pure reading and shape-checking: no cross-file checks here (that is `resolve`),
so any single file can be re-loaded alone by the dev server.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import model as m
from . import schema as s
from .errors import Position, Problem, suggestion
from .yamlnodes import parse_yaml

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# content/<folder>/ -> (spec, record builder given (id, values, position))
COLLECTIONS: dict[str, tuple[s.Spec, Any]] = {
    "sources": (s.SOURCE, lambda i, v, p: m.Source(id=i, position=p, **v)),
    "people": (s.PERSON, lambda i, v, p: m.Person(id=i, position=p, **v)),
    "organizations": (s.ORGANIZATION, lambda i, v, p: m.Organization(id=i, position=p, **v)),
    "events": (s.EVENT, lambda i, v, p: m.Event(id=i, position=p, **v)),
    "claims": (s.CLAIM, lambda i, v, p: m.Claim(id=i, position=p, **v)),
}


@dataclass(frozen=True)
class Loaded:
    content: m.Content | None
    problems: tuple[Problem, ...]


def rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_record(root: Path, path: Path, spec: s.Spec, make) -> tuple[Any, list[Problem]]:
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
                                "use lower-case letters, digits and hyphens, e.g. 'alexandr-wang'"))
        return None, problems
    node, syntax = parse_yaml(text, name)
    problems += syntax
    if syntax:
        return None, problems
    values = s.convert(node, spec, s.RawFile(name, text), problems, Position(name, 1, 1))
    if values is None:
        return None, problems
    return make(record_id, values, node.position), problems


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
    if problems:
        return None, problems
    values = s.convert(node, s.PAGE_FRONT_MATTER, s.RawFile(name, front), problems, Position(name, 1, 1))
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
        if not syntax:
            site = s.convert(node, s.SITE, s.RawFile(name, text), problems, Position(name, 1, 1))

    collections: dict[str, dict[str, Any]] = {}
    for folder, (spec, make) in COLLECTIONS.items():
        records: dict[str, Any] = {}
        for path in sorted((content_dir / folder).glob("*.y*ml")):
            record, found = load_record(root, path, spec, make)
            problems += found
            if record is not None:
                records[record.id] = record
        collections[folder] = records

    pages: dict[str, m.Page] = {}
    for path in sorted((content_dir / "pages").glob("*.md")):
        page, found = load_page(root, path)
        problems += found
        if page is not None:
            pages[page.id] = page

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
    content = m.Content(site=site, sources=collections["sources"], people=collections["people"],
                        organizations=collections["organizations"], events=collections["events"],
                        claims=collections["claims"], pages=pages, seed_texts=seed_texts)
    return Loaded(content, tuple(problems))
