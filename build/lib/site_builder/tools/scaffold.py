"""`site-builder new KIND NAME`: a commented YAML skeleton that builds as it is.

The id comes from NAME (`"Jane Roe"` -> `jane-roe`; an event gets its date in front, a
source the next free `sNNN`), made unique across the collections that share ids. The
skeleton has every required key with a valid placeholder and the optional ones commented
out, with the same notes as docs/content-schema.md; the author fills in the TODOs.
"""
from __future__ import annotations

import datetime
import json
import re
import sys
import unicodedata
from pathlib import Path

from .. import model as m
from ..errors import suggestion
from ..kinds import RECORD_KINDS
from ..load import ID_RE

FOLDERS = {kind.name: kind.folder for kind in RECORD_KINDS.values() if kind.scaffold}
# ids must not clash within these groups (a person and an organization share the entity namespace)
SHARED = {"people": ("people", "organizations"), "organizations": ("people", "organizations")}
DATED = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)\s+(.*)$")


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: 'Alexandr Wang' -> 'alexandr-wang'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def unique_id(content: Path, folder: str, base: str) -> str:
    taken = {p.stem for name in SHARED.get(folder, (folder,)) for p in (content / name).glob("*.y*ml")}
    record_id, n = base, 2
    while record_id in taken:
        record_id, n = f"{base}-{n}", n + 1
    return record_id


def person(record_id: str, name: str) -> str:
    return f"""# {name}: a person the articles mention. Schema: docs/content-schema.md
name: {quoted(name)}                # as the articles write it
aliases: []                         # other names the articles use (every mention is found by these)
# One to three sentences, every fact followed by its citation: [[cite:s003 "exact words from the article"]]
summary: >-
  TODO: who {name} is.
# roles:
#   - title: Co-founder             # required
#     organization: scale-ai        # an organization id
#     from: "2016"                  # a date at its true precision: "2016", "2016-05", "2016-05-31"
#     to: "2025-06"
#     cite: '[[cite:s003 "exact words from the article"]]'
"""


def organization(record_id: str, name: str) -> str:
    kinds = " | ".join(m.ORGANIZATION_KINDS)
    return f"""# {name}: an organization the articles mention. Schema: docs/content-schema.md
name: {quoted(name)}
aliases: []                         # other names the articles use (every mention is found by these)
kind: other                         # {kinds}
# Every fact followed by its citation: [[cite:s003 "exact words from the article"]]
summary: >-
  TODO: what {name} is.
# relationships:
#   - with: meta                    # a person or organization id
#     relation: investor            # a short label: investor, customer, rival, founder, subsidiary...
#     cite: '[[cite:s003 "exact words from the article"]]'
"""


def event(record_id: str, title: str, date: str) -> str:
    return f"""# {title}: an event on the timeline. Schema: docs/content-schema.md
date: "{date}"                      # at its true precision: "2025", "2025-06" or "2025-06-13"
# qualifier: late                   # early | mid | late | about
title: {quoted(title)}
# Every fact followed by its citation: [[cite:s003 "exact words from the article"]]
summary: >-
  TODO: what happened.
people: []                          # person ids
organizations: []                   # organization ids
# alternatives:                     # another source gives another date or account of the same event
#   - date: "2025-06"
#     summary: >-
#       ... [[cite:s001 "exact words from the article"]]
"""


def claim(record_id: str, question: str) -> str:
    kinds = " | ".join(m.CLAIM_KINDS)
    return f"""# A question the sources answer, compared source by source. Schema: docs/content-schema.md
question: {quoted(question)}
kind: text                          # {kinds}
# key_figure: Deal value            # show it on the home page's key figures under this label
people: []                          # person ids
organizations: []                   # organization ids
statements: []                      # one per source that answers; a source not listed is silent
# statements:
#   - source: s000
#     quote: "exact words from the article"   # checked against the cleaned text
#     value: "$14.3 billion"        # optional normalized value; read from the quote when left out
# note: >-                          # optional editors' note, shown labelled as editorial
#   ...
"""


def source(record_id: str, seed: str) -> str:
    return f"""# {seed}: a seed article. Schema: docs/content-schema.md
seed: {quoted(seed)}
label: "TODO: a short name for {record_id}"   # how the site names it: "The Alexandr Wang profile"
# title: ...                        # as the article states them; leave out what it does not state
# outlet: ...
# author: ...
# date: "2025-06-13"
# url: https://...
# summary: >-
#   What the article is, with citations: [[cite:{record_id} "exact words from the article"]]
# cleaning:                         # how to turn the seed into readable text (see the other sources)
#   markdown: true
#   drop_lines: ['^Page \\d+$']
"""


def _source_id(root: Path, seed_name: str) -> str:
    taken = {p.stem for p in (root / "content" / "sources").glob("*.y*ml")}
    digits = re.match(r"^(\d{3})", seed_name)
    if digits and f"s{digits[1]}" not in taken:
        return f"s{digits[1]}"        # seeds/003_*.txt is s003
    n = 0
    while f"s{n:03d}" in taken:
        n += 1
    return f"s{n:03d}"


def skeleton(root: Path, kind: str, name: str, today: datetime.date | None = None) -> tuple[Path, str]:
    """(file to write, its text). Raises ValueError with a message for the author."""
    folder = FOLDERS[kind]
    content = root / "content"
    if kind == "source":
        seed = Path(name).name
        if not (root / "seeds" / seed).is_file():
            used = set()
            for path in (content / "sources").glob("*.y*ml"):
                found = re.search(r"^seed:\s*[\"']?([^\"'\s#]+)", path.read_text(encoding="utf-8"), re.M)
                used |= {found[1]} if found else set()
            free = sorted(p.name for p in (root / "seeds").glob("*") if p.is_file() and p.name not in used)
            raise ValueError(f"no seed file '{seed}' in seeds/: put the article there first; "
                             + suggestion(seed, free, "unused seed file"))
        record_id = _source_id(root, seed)
        return content / folder / f"{record_id}.yaml", source(record_id, seed)
    name = " ".join(name.split())
    date = str((today or datetime.date.today()).year)
    if kind == "event":
        dated = DATED.match(name)
        if dated and m.PartialDate.parse(dated[1]):
            date, name = dated[1], dated[2]
    base = slug(name)
    if not base:
        raise ValueError(f"'{name}' has no letters or digits to make an id from")
    if kind == "event":
        base = f"{date}-{base}"
    record_id = unique_id(content, folder, base)
    assert ID_RE.match(record_id), record_id
    text = {"person": lambda: person(record_id, name), "organization": lambda: organization(record_id, name),
            "event": lambda: event(record_id, name, date),
            "claim": lambda: claim(record_id, name if name.endswith("?") else name + "?")}[kind]()
    return content / folder / f"{record_id}.yaml", text


def scaffold(root: Path, kind: str, name: str) -> int:
    """The `new` command: write the skeleton, never over an existing file."""
    if not (root / "content").is_dir():
        print(f"error: {root} has no content/ folder; run from the project root or pass --root DIR", file=sys.stderr)
        return 2
    try:
        path, text = skeleton(root, kind, name)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:  # written by someone else meanwhile
        print(f"error: {path} already exists", file=sys.stderr)
        return 2
    print(f"Wrote {path.relative_to(root).as_posix()}: fill in the TODOs, then `site-builder check`.")
    return 0
