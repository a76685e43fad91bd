"""The hostile-content corpus: a small project with a hostile payload in every string field of
every record kind, cleaning rules and site settings included.

Shared by the browser test (tests/browser/test_hostile_content.py: nothing runs or is injected
in Chromium) and the fast one (tests/test_markup_safety.py: the same pages read by an HTML
parser, and every refused field refused at its line). Each field is in one of two lists:

- CARRIED: the field holds a payload and the site builds; the reader sees the payload as text;
- REFUSED: the field is checked where it is written (a language tag, a path, an address, one of
  a few choices); a payload there is an error at its line, and the site is not built.

`string_fields()` reads the schema, so a string field added to a record kind and put in neither
list fails the coverage test.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from projects import ROOT

from site_builder import schema as s

FIELDS: list[str] = []      # payload number -> where it was put
CARRIED: set[tuple[str, str]] = set()


def _numbered(where: str) -> int:
    FIELDS.append(where)
    return len(FIELDS)


def payload(where: str, *fields: tuple[str, str]) -> str:
    """One hostile string for one field, numbered; every trick at once. `fields` names the
    schema fields (spec, key) that carry it."""
    CARRIED.update(fields)
    n = _numbered(where)
    return (f'<script>window.__pwned={n}</script><img src=x onerror="window.__pwned={n}">'
            f'"><svg onload=window.__pwned={n}>\'><b id="pwned-{n}" class="pwned">x</b>'
            f'</script><script>document.title="pwned {n}"</script><!--<script>'
            f'&lt;i&gt; &amp; {{{{ 7*7 }}}} {{% raw %}} `x` <iframe srcdoc="<script>parent.__pwned={n}</script>">')


def md_payload(where: str) -> str:
    """The Markdown-only tricks: links and images with script URLs, autolinks, raw HTML blocks."""
    n = _numbered(where)
    return (f"[a](javascript:window.__pwned={n}) [b](JAVASCRIPT:window.__pwned={n}) "
            f"[c](data:text/html,%3Cscript%3Ewindow.__pwned={n}%3C/script%3E) "
            f"![d](data:image/svg+xml,%3Csvg%20onload=window.__pwned={n}%3E) "
            f"<javascript:window.__pwned={n}> [e](vbscript:msgbox) [f]( javascript:window.__pwned={n} ) "
            f"[g](&#106;avascript:window.__pwned={n}) <a href=\"javascript:window.__pwned={n}\">h</a>")


def yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)     # a JSON string is a YAML double-quoted scalar


def folded(text: str) -> str:
    return ">-\n  " + text.replace("\n", "\n  ")


# The payload: an attribute closed early and an event handler opened.
ATTRIBUTE_PAYLOAD = 'x" onmouseover="alert(1)'


@dataclass(frozen=True)
class Refused:
    """A field checked where it is written: `valid` (a whole line of `path` in the corpus)
    replaced by `hostile` must fail the build with an error at that line."""

    field: tuple[str, str]
    path: str
    valid: str
    hostile: str


def _refused(field: tuple[str, str], path: str, valid: str, key: str | None = None, indent: str = "") -> Refused:
    key = key or field[1]
    return Refused(field, path, f"{indent}{key}: {valid}", f"{indent}{key}: {yaml_str(ATTRIBUTE_PAYLOAD)}")


SITE, SOURCE, PAGE = "content/site.yaml", "content/sources/s000.yaml", "content/pages/about.md"
REFUSED = (
    _refused(("site configuration", "language"), SITE, "en"),
    _refused(("site configuration", "base_url"), SITE, yaml_str("https://example.com/deal/")),
    _refused(("site configuration", "theme"), SITE, "default"),
    _refused(("source", "seed"), SOURCE, "a.txt"),
    _refused(("source", "language"), SOURCE, "en"),
    _refused(("source", "url"), SOURCE, yaml_str("https://example.com/a?x=1&y=%22%3E%3Cscript%3E")),
    _refused(("language rule", "lang"), SOURCE, "fr", indent="      "),
    _refused(("organization", "kind"), "content/organizations/widgets.yaml", "company"),
    _refused(("event", "date_basis"), "content/events/2016-founded.yaml", "inferred"),
    _refused(("event", "qualifier"), "content/events/2016-founded.yaml", "early"),
    _refused(("alternative account", "qualifier"), "content/events/2016-founded.yaml", "late", indent="    "),
    _refused(("claim", "kind"), "content/claims/price.yaml", "text"),
    _refused(("page front matter", "role"), PAGE, "method"),
)

# The seed, with its own payload, a line a heading rule turns into a heading and a phrase a
# language rule marks (its gloss, the editors' translation, is a payload).
QUOTE = "It has 500 employees"
FOREIGN = "Bonjour tout le monde"
OTHER_QUOTE = "Widgets Inc has about 480 staff"


def hostile_files() -> dict[str, str]:
    """The corpus, file by file (FIELDS and CARRIED filled as a side effect, once)."""
    FIELDS.clear()
    CARRIED.clear()
    seed_payload = payload("seeds/a.txt (the article)")
    # words of the article's own payload, cited: they reach the pages as a quote and its preview
    quoted_payload = '<b id="pwned-1" class="pwned">x</b>'
    seed = (f"Big Deal Title\n\nSECTION ONE\n\nAcme paid $10 billion for half of Widgets Inc. {seed_payload}\n"
            f"{QUOTE}. They said: {FOREIGN}.\n")
    cite = f'[[cite:s000 "{QUOTE}"]]'
    cite_payload = '[[cite:s000 "' + quoted_payload.replace('"', '\\"') + '"]]'
    gloss = payload("language rule gloss", ("language rule", "gloss"))
    position_id = payload("position.id", ("position", "id"))
    files = {
        "seeds/a.txt": seed,
        "seeds/b.txt": f"Another report\n\n{OTHER_QUOTE}.\n",
        "content/sources/s001.yaml": "seed: b.txt\nlabel: The other article\n",
        SITE: (
            f"title: {yaml_str('Tiny ' + payload('site.title', ('site configuration', 'title')))}\n"
            f"description: {yaml_str(payload('site.description', ('site configuration', 'description')))}\n"
            f"subject: {yaml_str(payload('site.subject', ('site configuration', 'subject')))}\n"
            f"author: {yaml_str(payload('site.author', ('site configuration', 'author')))}\n"
            "language: en\n"
            f"base_url: {yaml_str('https://example.com/deal/')}\n"
            "theme: default\n"
            f"deal_summary: {folded(payload('site.deal_summary', ('site configuration', 'deal_summary')) + ' ' + md_payload('site.deal_summary links') + ' ' + cite)}\n"),
        SOURCE: (
            f"seed: a.txt\nlanguage: en\nlabel: {yaml_str('The article ' + payload('source.label', ('source', 'label')))}\n"
            f"title: {yaml_str(payload('source.title', ('source', 'title')))}\n"
            f"outlet: {yaml_str(payload('source.outlet', ('source', 'outlet')))}\n"
            f"author: {yaml_str(payload('source.author', ('source', 'author')))}\n"
            f"url: {yaml_str('https://example.com/a?x=1&y=%22%3E%3Cscript%3E')}\n"
            f"summary: {folded(payload('source.summary', ('source', 'summary')) + ' ' + md_payload('source.summary links') + ' ' + cite)}\n"
            "cleaning:\n"
            # every pattern a payload (each compiles, and matches nothing: a warning, not an error)
            f"  drop_before: {yaml_str(payload('cleaning.drop_before', ('cleaning rules', 'drop_before')))}\n"
            f"  drop_from: {yaml_str(payload('cleaning.drop_from', ('cleaning rules', 'drop_from')))}\n"
            f"  drop_lines: [{yaml_str(payload('cleaning.drop_lines', ('cleaning rules', 'drop_lines')))}]\n"
            f"  references: {yaml_str(payload('cleaning.references', ('cleaning rules', 'references')))}\n"
            f"  list_items: {yaml_str(payload('cleaning.list_items', ('cleaning rules', 'list_items')))}\n"
            "  headings:\n"
            "    - pattern: '^SECTION'\n      level: 2\n      title_case: true\n"
            f"      keep_upper: [{yaml_str(payload('heading rule keep_upper', ('heading rule', 'keep_upper')))}]\n"
            f"    - pattern: {yaml_str(payload('heading rule pattern', ('heading rule', 'pattern')))}\n      level: 3\n"
            "  languages:\n"
            f"    - pattern: {yaml_str(FOREIGN)}\n      lang: fr\n      gloss:\n        {yaml_str(FOREIGN)}: {yaml_str(gloss)}\n"
            f"    - pattern: {yaml_str(payload('language rule pattern', ('language rule', 'pattern')))}\n"
            "      lang: de\n"),
        "content/people/jane-roe.yaml": (
            f"name: {yaml_str('Jane Roe ' + payload('person.name', ('person', 'name')))}\n"
            f"aliases: [{yaml_str(payload('person.aliases', ('person', 'aliases')))}]\n"
            f"summary: {folded(payload('person.summary', ('person', 'summary')) + ' ' + md_payload('person.summary links') + ' ' + cite + ' ' + cite_payload)}\n"
            f"roles:\n  - title: {yaml_str(payload('role.title', ('role', 'title')))}\n    organization: widgets\n"
            f"    cite: {yaml_str(payload('role.cite', ('role', 'cite')) + ' ' + cite)}\n"),
        "content/organizations/widgets.yaml": (
            f"name: {yaml_str('Widgets ' + payload('organization.name', ('organization', 'name')))}\n"
            f"aliases: [{yaml_str(payload('organization.aliases', ('organization', 'aliases')))}]\nkind: company\n"
            f"summary: {folded(payload('organization.summary', ('organization', 'summary')) + ' ' + md_payload('organization.summary links') + ' ' + cite)}\n"
            f"relationships:\n  - with: jane-roe\n    relation: {yaml_str(payload('relationship.relation', ('relationship', 'relation')))}\n"
            f"    cite: {yaml_str(payload('relationship.cite', ('relationship', 'cite')) + ' ' + cite)}\n"),
        "content/events/2016-founded.yaml": (
            "date: \"2016\"\nqualifier: early\ndate_basis: inferred\n"
            f"date_reason: {yaml_str(payload('event.date_reason', ('event', 'date_reason')))}\n"
            f"title: {yaml_str(payload('event.title', ('event', 'title')))}\n"
            f"summary: {folded(payload('event.summary', ('event', 'summary')) + ' ' + md_payload('event.summary links') + ' ' + cite)}\n"
            f"people: [jane-roe]\norganizations: [widgets]\n"
            f"alternatives:\n  - date: \"2016-05\"\n    qualifier: late\n"
            f"    summary: {yaml_str(payload('alternative.summary', ('alternative account', 'summary')) + ' ' + cite)}\n"),
        "content/claims/price.yaml": (
            f"question: {yaml_str(payload('claim.question', ('claim', 'question')))}\nkind: text\n"
            f"key_figure: {yaml_str(payload('claim.key_figure', ('claim', 'key_figure')))}\n"
            "positions:\n"
            f"  - id: {yaml_str(position_id)}\n"
            f"    label: {yaml_str(payload('position.label', ('position', 'label')))}\n"
            "  - id: other\n    label: Another answer\n"
            "compatible:\n"
            f"  - positions: [{yaml_str(position_id)}, other]\n"
            f"    reason: {yaml_str(payload('compatibility.reason', ('compatibility', 'reason')) + ' ' + cite)}\n"
            f"statements:\n  - source: s000\n    quotes: [{yaml_str(QUOTE)}, {yaml_str(quoted_payload)}]\n"
            f"    position: {yaml_str(position_id)}\n"
            f"    value: {yaml_str(payload('statement.value', ('statement', 'value')))}\n"
            f"    says: {yaml_str(payload('statement.says', ('statement', 'says')))}\n"
            f"    note: {yaml_str(payload('statement.note', ('statement', 'note')) + ' ' + cite)}\n"
            # a second article takes the other position: the editors' reason that both hold is shown
            f"  - source: s001\n    quote: {yaml_str(OTHER_QUOTE)}\n    position: other\n"
            f"note: {folded(payload('claim.note', ('claim', 'note')) + ' ' + md_payload('claim.note links') + ' ' + cite)}\n"
            f"people: [jane-roe]\norganizations: [widgets]\n"),
        PAGE: (
            f"---\ntitle: {yaml_str(payload('page.title', ('page front matter', 'title')))}\n"
            f"description: {yaml_str(payload('page.description', ('page front matter', 'description')))}\n"
            f"nav: 1\nnav_title: {yaml_str(payload('page.nav_title', ('page front matter', 'nav_title')))}\n"
            "role: method\n---\n"
            f"{payload('page body paragraph')} {cite}\n\n"
            f"{md_payload('page body links')} {cite}\n\n"
            f"<div id=\"pwned-block\" onclick=\"window.__pwned=-1\">a raw HTML block</div>\n\n"
            f"<script>window.__pwned=-2</script>\n\n"
            f"| {payload('page body table')} | b |\n|---|---|\n| c {cite} | d |\n\n"
            f"::: editorial\n{payload('page body editorial')}\n:::\n\n"
            f"```html\n<script>window.__pwned=-3</script>\n```\n\n"
            f"See [x](person:jane-roe), [y](organization:widgets), [z](claim:price), [w](source:s000), "
            f"[v](event:2016-founded) {cite}.\n"),
    }
    # the quote fields carry the article's own payload
    CARRIED.update({("statement", "quote"), ("statement", "quotes")})
    return files


def hostile_project(root: Path, files: dict[str, str] | None = None) -> Path:
    for rel, text in (files or hostile_files()).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "themes", root / "themes")
    return root


_STRING_KINDS = ("str", "lang", "text", "strs", "texts", "map")


def string_fields() -> set[tuple[str, str]]:
    """(spec, key) of every field of every record kind that holds text, read from the schema."""
    found: set[tuple[str, str]] = set()
    specs = [v for v in vars(s).values() if isinstance(v, s.Spec)]
    while specs:
        spec = specs.pop()
        for fld in spec.fields:
            if fld.kind in _STRING_KINDS:
                found.add((spec.what, fld.key))
            if fld.spec is not None:
                specs.append(fld.spec)
    return found
