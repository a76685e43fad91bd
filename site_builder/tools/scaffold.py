"""`site-builder new KIND NAME`: a commented YAML skeleton that builds as it is.

The id comes from NAME (`"Jane Roe"` -> `jane-roe`; an event's NAME starts with its date,
which goes in front of its id; a source gets the next free `sNNN`), made unique across the
collections that share ids. The skeleton has every required key with a valid placeholder
and the optional ones commented out, with the same notes as the reference (`site-builder docs`); its
examples use the project's own ids (its first source, organization, person) or neutral
placeholders, never another project's. The author fills in the TODOs.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from .. import model as m
from ..errors import suggestion
from ..kinds import RECORD_KINDS
from ..load import ID_RE
from ..resolve.values import VALUE_KINDS, examples
from ..slugs import record_slug

FOLDERS = {kind.name: kind.folder for kind in RECORD_KINDS.values() if kind.scaffold}
# ids must not clash within these groups (a person and an organization share the entity namespace)
SHARED = {"people": ("people", "organizations"), "organizations": ("people", "organizations")}
DATED = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)\s+(.*)$")
EVENT_NAME_HINT = ('an event\'s NAME starts with its date, at the precision the articles give: '
                   'site-builder new event "2024-03-05 Acme agrees to buy Widgets" (or "2024-03 ...", "2024 ...")')


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def unique_id(content: Path, folder: str, base: str) -> str:
    taken = {p.stem for name in SHARED.get(folder, (folder,)) for p in (content / name).glob("*.y*ml")}
    record_id, n = base, 2
    while record_id in taken:
        record_id, n = f"{base}-{n}", n + 1
    return record_id


class Examples:
    """Ids the skeletons' examples use: the project's own first ones, else placeholders."""

    def __init__(self, content: Path):
        def first(folder: str, placeholder: str) -> str:
            ids = sorted(p.stem for p in (content / folder).glob("*.y*ml"))
            return ids[0] if ids else placeholder

        self.source = first("sources", "SOURCE")
        self.organization = first("organizations", "ORGANIZATION")
        self.person = first("people", "PERSON")

    def cite(self, source: str = "") -> str:
        return f'[[cite:{source or self.source} "exact words from the article"]]'


def person(record_id: str, name: str, ex: Examples) -> str:
    return f"""# {name}: a person the articles mention. Every key: site-builder docs people
name: {quoted(name)}                # as the articles write it
aliases: []                         # other names the articles use (every mention is found by these)
# One to three sentences, every fact followed by its citation: {ex.cite()}
summary: >-
  TODO: who {name} is.
# roles:
#   - title: TODO                   # required: the role as the articles name it
#     organization: {ex.organization}  # an organization id
#     from: "YYYY"                  # a date at its true precision: "YYYY", "YYYY-MM" or "YYYY-MM-DD"
#     to: "YYYY-MM"
#     cite: '{ex.cite()}'
"""


def organization(record_id: str, name: str, ex: Examples) -> str:
    kinds = " | ".join(m.ORGANIZATION_KINDS)
    other = ex.organization if ex.organization != "ORGANIZATION" else "ORGANIZATION-OR-PERSON"
    return f"""# {name}: an organization the articles mention. Every key: site-builder docs organizations
name: {quoted(name)}
aliases: []                         # other names the articles use (every mention is found by these)
kind: other                         # {kinds}
# Every fact followed by its citation: {ex.cite()}
summary: >-
  TODO: what {name} is.
# relationships:                    # each is listed on this page as "Relation: <the other party>"
#   - with: {other}                 # the other party: a person or organization id
#     relation: investor            # what the other party is to {name} (investor, parent, customer, rival...),
#                                   # or a phrase with {name} as its subject (acquired by, invested in...)
#     cite: '{ex.cite()}'
"""


def event(record_id: str, title: str, date: str, ex: Examples, after: str = "") -> str:
    when = f"""after: {after}     # the articles date it only as after this event: listed after it (and after
#                                   every event of its date); give 'date:' too once an article states one
""" if after else f"""date: "{date}"                      # at its true precision: "YYYY", "YYYY-MM" or "YYYY-MM-DD"
# qualifier: late                   # early | mid | late | about
"""
    return f"""# {title}: an event on the timeline. Every key: site-builder docs events
{when}title: {quoted(title)}
# Every fact followed by its citation: {ex.cite()}
summary: >-
  TODO: what happened.
people: []                          # person ids
organizations: []                   # organization ids
# alternatives:                     # another source gives another date or account of the same event
#   - date: "{date or 'YYYY-MM-DD'}"
#     summary: >-
#       ... {ex.cite()}
"""


# the words of a question that say what kind of answer it asks for, tried in this order (a share
# before an amount: "how much of the company" is a percentage); no match: text
_QUESTION_KINDS = (
    ("percent", r"\bhow much of\b|\bwhat (?:share|percentage|proportion|fraction|portion|part)\b"
                r"|\bhow (?:large|big) a (?:stake|share)\b|\bwhat (?:stake|per ?cent)\b"),
    ("count", r"\bhow many\b|\bwhat (?:number|headcount)\b"),
    ("date", r"^\s*when\b|\b(?:on|in|by|since|from|until) (?:what|which) (?:day|date|month|year|week)\b"
             r"|\bwhat (?:day|date|month|year)\b|\bsince when\b"),
    ("money", r"\bhow much\b|\bwhat (?:price|amount|sum|fee|valuation)\b|\bfor what (?:price|sum)\b"
              r"|\bhow (?:large|big) (?:a|was|is|were) (?:the )?(?:price|payout|payment|deal|fine|investment)\b"),
    ("yesno", r"^\s*(?:did|does|do|is|was|were|has|have|had|will|would|can|could)\b"),
)


def guess_kind(question: str) -> str:
    """The kind a question's own words ask for: 'How much did X pay?' money, 'How many ...?'
    count, 'When ...?' date, 'What share ...?' percent, 'Did ...?' yes/no; else text."""
    for kind, pattern in _QUESTION_KINDS:
        if re.search(pattern, question, re.I):
            return kind
    return "text"


def claim(record_id: str, question: str, ex: Examples) -> str:
    kinds = " | ".join(m.CLAIM_KINDS)
    kind = guess_kind(question)
    guessed = f"guessed from the question; one of {kinds}" if kind != "text" else kinds
    value = f", e.g. {examples(kind).split(', ')[0]}" if kind in VALUE_KINDS else ""
    return f"""# A question the sources answer, compared source by source. Every key: site-builder docs claims
question: {quoted(question)}
kind: {kind:<30}# {guessed}
# key_figure: TODO                  # show it on the home page's key figures under this short label
people: []                          # person ids
organizations: []                   # organization ids
statements: []                      # one per source that answers; a source not listed is silent
# statements:
#   - source: {ex.source}
#     quote: "exact words from the article"   # checked against the cleaned text (`site-builder show {ex.source}`)
#     value: "TODO"                 # optional: the value as the quote states it, when it holds several{value}
# note: >-                          # optional editors' note, shown labelled as editorial
#   ...
"""


def source(record_id: str, seed: str) -> str:
    if seed.lower().endswith((".md", ".markdown")):   # a Markdown seed: its markup is not the article's words
        cleaning = """cleaning:                           # how to turn the seed into readable text: site-builder docs cleaning
  markdown: true                    # a .md seed: read its Markdown (`site-builder show {record_id}` shows the result)
#   drop_title_lines: true          # needs `title:`
#   drop_lines: ['^Page \\d+$']"""
    else:
        cleaning = """# cleaning:                         # how to turn the seed into readable text: site-builder docs cleaning
#   markdown: true                  # `site-builder show {record_id}` prints the result and what each rule did
#   drop_title_lines: true          # needs `title:`
#   drop_lines: ['^Page \\d+$']"""
    cleaning = cleaning.replace("{record_id}", record_id)
    return f"""# {seed}: a seed article. Every key: site-builder docs sources
seed: {quoted(seed)}
label: "TODO: a short name for {record_id}"   # how the site names it, e.g. "The company's announcement"
# title: ...                        # as the article states them; leave out what it does not state
# outlet: ...
# author: ...
# date: "YYYY-MM-DD"
# url: https://...
# summary: >-
#   What the article is, with citations: [[cite:{record_id} "exact words from the article"]]
{cleaning}
"""


def aligned(text: str, column: int = 36) -> str:
    """Line up the trailing comments of a skeleton at `column` (the values vary in length)."""
    def line(match: re.Match) -> str:
        return f"{match[1]:<{column - 1}} {match[2]}"
    return re.sub(r"^(.*?\S) {2,}(# .*)$", line, text, flags=re.M)


def _seed_owners(content: Path) -> dict[str, str]:
    """seed file name -> the source file that uses it."""
    owners: dict[str, str] = {}
    for path in sorted((content / "sources").glob("*.y*ml")):
        found = re.search(r"^seed:\s*[\"']?([^\"'\s#]+)", path.read_text(encoding="utf-8"), re.M)
        if found:
            owners.setdefault(found[1], f"content/sources/{path.name}")
    return owners


def _source_id(root: Path, seed_name: str) -> str:
    taken = {p.stem for p in (root / "content" / "sources").glob("*.y*ml")}
    digits = re.match(r"^(\d{3})", seed_name)
    if digits and f"s{digits[1]}" not in taken:
        return f"s{digits[1]}"        # seeds/003_*.txt is s003, and so on
    n = 0
    while f"s{n:03d}" in taken:
        n += 1
    return f"s{n:03d}"


def skeleton(root: Path, kind: str, name: str, after: str = "") -> tuple[Path, str]:
    """(file to write, its text). Raises ValueError with a message for the author. `after`: the
    event a new event follows, when the articles give it no date of its own."""
    folder = FOLDERS[kind]
    content = root / "content"
    examples = Examples(content)
    if after and kind != "event":
        raise ValueError("--after places an event on the timeline: use it with 'new event'")
    if after:
        known = sorted(p.stem for p in (content / folder).glob("*.y*ml"))
        if after not in known:
            raise ValueError(f"no event '{after}' to follow in content/{folder}/; " + suggestion(after, known, "event id"))
    if kind == "source":
        seed = Path(name).name
        owners = _seed_owners(content)
        if not (root / "seeds" / seed).is_file():
            free = sorted(p.name for p in (root / "seeds").glob("*")
                          if p.is_file() and p.name not in owners and not p.name.upper().startswith("README"))
            raise ValueError(f"no seed file '{seed}' in seeds/: put the article there first; "
                             + suggestion(seed, free, "unused seed file"))
        if seed in owners:
            raise ValueError(f"seeds/{seed} already has a source: {owners[seed]} (one source per seed file)")
        record_id = _source_id(root, seed)
        return content / folder / f"{record_id}.yaml", aligned(source(record_id, seed))
    name = " ".join(name.split())
    date = ""
    if kind == "event":
        dated = DATED.match(name)
        if dated and m.PartialDate.parse(dated[1]) and after:
            raise ValueError(f"give the event a date ('{dated[1]}') or '--after {after}', not both: an event "
                             "the articles date follows by its date")
        if not after and not (dated and m.PartialDate.parse(dated[1])):
            raise ValueError(EVENT_NAME_HINT + " (or, for an event the articles date only as after another, "
                             "'--after EVENT_ID')")
        if dated and not after:
            date, name = dated[1], dated[2]
    base = record_slug(name)
    if not base:
        raise ValueError(f"'{name}' has no letters or digits to make an id from")
    if kind == "event" and date:
        base = f"{date}-{base}"
    record_id = unique_id(content, folder, base)
    assert ID_RE.match(record_id), record_id
    text = {"person": lambda: person(record_id, name, examples),
            "organization": lambda: organization(record_id, name, examples),
            "event": lambda: event(record_id, name, date, examples, after),
            "claim": lambda: claim(record_id, name if name.endswith("?") else name + "?", examples)}[kind]()
    return content / folder / f"{record_id}.yaml", aligned(text)


def scaffold(root: Path, kind: str, name: str, after: str = "") -> int:
    """The `new` command: write the skeleton, never over an existing file."""
    if not (root / "content").is_dir():
        print(f"error: {root} has no content/ folder; run from the project root or pass --root DIR", file=sys.stderr)
        return 2
    try:
        path, text = skeleton(root, kind, name, after)
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
