"""The bad-input corpus: a small valid project (one record of every kind) and a table of
small changes to it, each with the exact error the builder must print for it.

Used by test_bad_inputs.py. A module of its own (not a conftest): the table is data, and
reading it should not need pytest.

Each `Case` names:
- `edits`: path (relative to the project) -> what to do to that file: new text or bytes,
  `Replace(old, new)` inside the file as it is, `Symlink(target)`, `Fifo()`, `Folder()`;
  a target "{outside}" is a folder outside the project holding a `secret.txt`;
- `where`: the `file:line:col` (or `file:line`, or just `file` for a problem with the whole
  file) the message must start with; a tuple lists acceptable alternatives;
- `message`: a fragment the same message line must contain.
"""
from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from projects import SEED

from site_builder.theme import PACKAGED

PERSON = "content/people/jane-roe.yaml"
ORG = "content/organizations/widgets.yaml"
SOURCE = "content/sources/s000.yaml"
EVENT = "content/events/2016-widgets-founded.yaml"
CLAIM = "content/claims/price.yaml"
PAGE = "content/pages/about.md"
SITE = "content/site.yaml"
SEED_FILE = "seeds/a.txt"
BASE_TEMPLATE = "themes/default/templates/base.html"

# One record of every kind, every field that holds an id filled in, every kind of id link used once.
BASE = {
    SITE: (
        "title: Tiny\n"
        "description: A tiny explainer\n"
        "theme: default\n"
        "deal_summary: >-\n"
        "  Acme paid for half of [Widgets Inc](organization:widgets)\n"
        "  [[cite:s000 \"Acme paid $10 billion for half of Widgets Inc\"]].\n"
    ),
    SOURCE: (
        "seed: a.txt\n"
        "label: The tiny article\n"
        "title: Big Deal Title\n"
        "url: https://example.com/big-deal\n"
        "summary: >-\n"
        "  The article on the deal [[cite:s000 \"according to people familiar with the matter\"]].\n"
        "cleaning:\n"
        "  drop_title_lines: true\n"
        "  drop_lines: ['^Advertisement$']\n"
    ),
    PERSON: (
        "name: Jane Roe\n"
        "aliases: [Roe]\n"
        "summary: >-\n"
        "  Founded [Widgets Inc](organization:widgets)\n"
        "  [[cite:s000 \"founded in 2016 by Jane Roe\"]]; see [About](page:about).\n"
        "roles:\n"
        "  - title: Founder\n"
        "    organization: widgets\n"
        "    from: \"2016\"\n"
        "    cite: '[[cite:s000 \"founded in 2016 by Jane Roe\"]]'\n"
    ),
    ORG: (
        "name: Widgets Inc\n"
        "aliases: [Widgets]\n"
        "kind: company\n"
        "summary: >-\n"
        "  A company [[cite:s000 \"It has 500 employees\"]], bought by Acme\n"
        "  ([the price](claim:price)).\n"
        "relationships:\n"
        "  - with: jane-roe\n"
        "    relation: founder\n"
        "    cite: '[[cite:s000 \"founded in 2016 by Jane Roe\"]]'\n"
    ),
    EVENT: (
        "date: \"2016\"\n"
        "title: Widgets Inc is founded\n"
        "summary: >-\n"
        "  Jane Roe founds the company [[cite:s000 \"founded in 2016 by Jane Roe\"]]\n"
        "  ([the article](source:s000)).\n"
        "people: [jane-roe]\n"
        "organizations: [widgets]\n"
    ),
    CLAIM: (
        "question: What did Acme buy?\n"
        "kind: text\n"
        "people: [jane-roe]\n"
        "organizations: [widgets]\n"
        "statements:\n"
        "  - source: s000\n"
        "    quote: Acme paid $10 billion for half of Widgets Inc\n"
        "    value: half of Widgets Inc\n"
        "note: >-\n"
        "  See [the founding](event:2016-widgets-founded) [[cite:s000 \"It has 500 employees\"]].\n"
    ),
    PAGE: (
        "---\n"
        "title: About\n"
        "nav: 1\n"
        "---\n"
        "Acme bought half of the company [[cite:s000 \"Acme paid $10 billion for half of Widgets Inc\"]].\n"
        "\n"
        "It was founded by [Jane Roe](person:jane-roe) [[cite:s000 \"founded in 2016 by Jane Roe\"]].\n"
    ),
    SEED_FILE: SEED + "\nAdvertisement\n",      # a line the source's drop_lines rule drops
}


def write_project(root: Path) -> Path:
    """The base project (with the real theme) at `root`."""
    for rel, text in BASE.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    # the packaged theme as the project's own override of it: the template cases edit its files
    shutil.copytree(PACKAGED / "default", root / "themes" / "default")
    return root


def site_digest(folder: Path) -> dict[str, str]:
    """Every file of a site and its bytes' digest; for the search index only the file names.

    Pagefind names its index files after their content, so equal names are an equal index.
    Their bytes are left out because Pagefind (1.5) can leave a file empty when it is stopped
    right after writing: it writes through tokio without flushing, and the Python wrapper
    stops the process as soon as the write is acknowledged. Seen once in this module on a
    loaded machine (pagefind-entry.json, 0 bytes); the fix belongs in search.py (write the
    files that `PagefindIndex.get_files()` returns, instead of `write_files()`). The site's
    own files are compared byte for byte."""
    digest = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            name = path.relative_to(folder).as_posix()
            digest[name] = "" if name.startswith("pagefind/") else hashlib.sha256(path.read_bytes()).hexdigest()
    return digest



@dataclass(frozen=True)
class Replace:
    """Replace `old` with `new` in the file as it is (both text, or both bytes)."""

    old: str | bytes
    new: str | bytes


@dataclass(frozen=True)
class Symlink:
    target: str          # "{outside}/secret.txt", or a path relative to the link's folder


@dataclass(frozen=True)
class Fifo:
    pass


@dataclass(frozen=True)
class Folder:
    pass


Edit = str | bytes | Replace | Symlink | Fifo | Folder | None  # None deletes the file


@dataclass(frozen=True)
class Case:
    name: str
    edits: dict[str, Edit]
    where: str | tuple[str, ...]
    message: str
    notes: str = field(default="", compare=False)


def _laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\nname: Jane Roe\n"


_BIG = "x" * 1100 + "\n"     # 1,101 bytes a line: 1,000 lines is just over 1 MB

CASES: list[Case] = [
    # --- YAML syntax -------------------------------------------------------------------------
    Case("yaml-unclosed-flow-list", {PERSON: Replace("aliases: [Roe]", "aliases: [Roe")},
         f"{PERSON}:3:8", "YAML syntax error: while parsing a flow sequence"),
    Case("yaml-tab-indentation", {PERSON: Replace("  - title: Founder", "\t- title: Founder")},
         f"{PERSON}:7:1", "YAML syntax error: a tab character where YAML needs spaces"),
    Case("yaml-bad-indentation", {PERSON: Replace("    organization: widgets", "   organization: widgets")},
         f"{PERSON}:8:4", "YAML syntax error"),
    Case("yaml-unclosed-quote", {PERSON: Replace("name: Jane Roe", 'name: "Jane Roe')},
         f"{PERSON}:5:16", "YAML syntax error: while parsing a block mapping, did not find expected key"),
    Case("yaml-colon-in-plain-text", {EVENT: Replace("title: Widgets Inc is founded", "title: Widgets: founded")},
         f"{EVENT}:2:15", "YAML syntax error: mapping values are not allowed in this context"),
    Case("yaml-duplicate-key", {PERSON: Replace("aliases: [Roe]\n", "aliases: [Roe]\nname: Janet Roe\n")},
         f"{PERSON}:3:1", "duplicate key 'name'; it is already set at line 1"),
    Case("yaml-duplicate-key-nested", {PERSON: Replace('    from: "2016"\n', '    from: "2016"\n    title: Boss\n')},
         f"{PERSON}:10:5", "duplicate key 'title'; it is already set at line 7"),
    Case("yaml-second-document", {EVENT: Replace("people: [jane-roe]", "---\npeople: [jane-roe]")},
         f"{EVENT}:6:1", "a file holds one YAML document, this is a second one"),
    Case("yaml-complex-key", {ORG: Replace("kind: company", "? [a, b]\n: c\nkind: company")},
         f"{ORG}:3:3", "a key must be plain text"),
    Case("yaml-control-character", {PERSON: Replace("name: Jane Roe", "name: Jane\x01Roe")},
         f"{PERSON}:1:11", "YAML error: character U+0001 is not allowed in YAML"),
    Case("yaml-alias-billion-laughs", {PERSON: _laughs()},
         f"{PERSON}:2:8", "YAML alias '*a' is not allowed (and 71 more in this file)"),
    Case("yaml-alias-merge-key", {EVENT: Replace("people: [jane-roe]", "base: &base {x: 1}\nmore:\n  <<: *base\npeople: [jane-roe]")},
         f"{EVENT}:8:7", "YAML alias '*base' is not allowed"),
    Case("yaml-alias-recursive", {CLAIM: Replace("people: [jane-roe]", "people: &p [jane-roe, *p]")},
         f"{CLAIM}:3:23", "YAML alias '*p' is not allowed"),
    Case("yaml-nesting-100000-deep", {ORG: "name: " + "[" * 100_000 + "]" * 100_000 + "\n"},
         f"{ORG}:1:38", "the YAML nests more than 32 levels deep"),
    Case("yaml-nesting-deep-block", {ORG: "name:\n" + "".join("  " * i + "-\n" for i in range(1, 200))},
         f"{ORG}:33:65", "the YAML nests more than 32 levels deep"),

    # --- structure: types, keys, values -------------------------------------------------------
    Case("wrong-type-name-list", {PERSON: Replace("name: Jane Roe", "name: [Jane, Roe]")},
         f"{PERSON}:1:7", "'name' must be text, got a list"),
    Case("wrong-type-aliases-text", {PERSON: Replace("aliases: [Roe]", "aliases: Roe")},
         f"{PERSON}:2:10", "'aliases' must be a list of texts, got 'Roe'"),
    Case("wrong-type-roles-mapping", {ORG: Replace("relationships:\n  - with:", "relationships:\n    with:")},
         f"{ORG}:8:5", "'relationships' must be a list of entries, got a mapping"),
    Case("wrong-type-nav-text", {PAGE: Replace("nav: 1", "nav: first")},
         f"{PAGE}:3:6", "'nav' must be a whole number, got 'first'"),
    Case("wrong-type-bool", {SOURCE: Replace("drop_title_lines: true", "drop_title_lines: maybe")},
         f"{SOURCE}:8:21", "'drop_title_lines' must be true or false, got 'maybe'"),
    Case("wrong-type-record-list", {PERSON: "- name: Jane Roe\n- summary: x\n"},
         f"{PERSON}:1:1", "a person must be a mapping of keys to values"),
    Case("missing-key-summary", {PERSON: Replace("summary: >-\n  Founded [Widgets Inc](organization:widgets)\n"
                                                 "  [[cite:s000 \"founded in 2016 by Jane Roe\"]]; see [About](page:about).\n", "")},
         f"{PERSON}:1:1", "missing required key 'summary' in person"),
    Case("missing-key-statement-quote", {CLAIM: Replace("    quote: Acme paid $10 billion for half of Widgets Inc\n", "")},
         f"{CLAIM}:6:5", "missing required key 'quote' in statement"),
    Case("missing-key-site-title", {SITE: Replace("title: Tiny\n", "")},
         f"{SITE}:1:1", "missing required key 'title' in site configuration"),
    Case("unknown-key", {PERSON: Replace("summary:", "sumary:")},
         f"{PERSON}:3:1", "unknown key 'sumary' in person; did you mean 'summary'?"),
    Case("unknown-key-nested", {PERSON: Replace("    from:", "    form:")},
         f"{PERSON}:9:5", "unknown key 'form' in role; did you mean 'from'?"),
    Case("unknown-key-front-matter", {PAGE: Replace("nav: 1", "navv: 1")},
         f"{PAGE}:3:1", "unknown key 'navv' in page front matter; did you mean 'nav'?"),
    Case("bad-choice", {ORG: Replace("kind: company", "kind: compnay")},
         f"{ORG}:3:7", "'kind' cannot be 'compnay'; did you mean 'company'?"),
    Case("bad-date-words", {EVENT: Replace('date: "2016"', 'date: June 2016')},
         f"{EVENT}:1:7", "'date' must be a date"),
    Case("bad-date-month-13", {EVENT: Replace('date: "2016"', 'date: "2016-13"')},
         f"{EVENT}:1:7", "'date' must be a date"),
    Case("invalid-file-id", {PERSON: None, "content/people/Jane_Roe.yaml": BASE[PERSON]},
         "content/people/Jane_Roe.yaml", "'Jane_Roe' is not a valid id"),
    Case("file-id-too-long", {"content/people/" + "j" * 120 + ".yaml": "name: J\nsummary: s\n"},
         "content/people/" + "j" * 120 + ".yaml", "the id is too long (120 characters; the limit is 100)"),
    Case("heading-level-out-of-range", {SOURCE: Replace("  drop_title_lines: true", "  headings:\n    - pattern: '^Big'\n      level: 9")},
         f"{SOURCE}:10:14", "a heading level must be 2 to 6, got 9"),
    Case("invalid-regex-drop-lines", {SOURCE: Replace("drop_lines: ['^Advertisement$']", "drop_lines: ['(unclosed']")},
         f"{SOURCE}:9:16", "invalid regular expression in 'drop_lines': missing ), unterminated subpattern"),
    Case("invalid-regex-heading", {SOURCE: Replace("  drop_title_lines: true", "  headings:\n    - pattern: '[A-Z'\n      level: 2")},
         f"{SOURCE}:9:16", "invalid regular expression in 'headings: pattern': unterminated character set"),

    # --- pages -------------------------------------------------------------------------------
    Case("page-front-matter-unclosed", {PAGE: Replace("nav: 1\n---\n", "nav: 1\n")},
         f"{PAGE}:1:1", "the front matter opened on line 1 is never closed"),
    Case("page-without-front-matter", {PAGE: "Just some text [[cite:s000 \"It has 500 employees\"]].\n"},
         f"{PAGE}:1:1", "a page must start with YAML front matter between '---' lines"),
    Case("page-front-matter-syntax", {PAGE: Replace("title: About", "title: [About")},
         f"{PAGE}:3:4", "YAML syntax error: while parsing a flow sequence, did not find expected ',' or ']'"),
    Case("page-empty", {PAGE: ""},
         f"{PAGE}:1:1", "a page must start with YAML front matter"),

    # --- encodings ---------------------------------------------------------------------------
    Case("seed-invalid-utf8", {SEED_FILE: SEED.encode().replace(b"Jane Roe.", b"Jane Ro\xe9.")},
         f"{SEED_FILE}:4:43", "not valid UTF-8: byte 0xe9 at byte offset 151 (line 4, column 43)"),
    Case("yaml-invalid-utf8-latin1", {PERSON: BASE[PERSON].encode().replace(b"Jane Roe", "Jane Rø".encode("latin-1"), 1)},
         f"{PERSON}:1:13", "not valid UTF-8: byte 0xf8 at byte offset 12 (line 1, column 13)"),
    Case("site-invalid-utf8", {SITE: BASE[SITE].encode().replace(b"Tiny", b"Ti\xc3ny")},
         f"{SITE}:1:10", "not valid UTF-8: byte 0xc3 at byte offset 9"),
    Case("page-body-invalid-utf8", {PAGE: BASE[PAGE].encode().replace(b"It was", b"It \xff was")},
         f"{PAGE}:7:4", "not valid UTF-8: byte 0xff"),
    Case("yaml-truncated-multibyte", {ORG: BASE[ORG].encode() + b"# \xe2\x80"},
         f"{ORG}:11:3", "not valid UTF-8: byte 0xe2"),
    Case("yaml-encoded-surrogate", {ORG: BASE[ORG].encode().replace(b"A company", b"A \xed\xa0\x80company")},
         f"{ORG}:5:5", "not valid UTF-8: byte 0xed"),
    Case("yaml-utf16-with-bom", {PERSON: BASE[PERSON].encode("utf-16")},
         f"{PERSON}:1:1", "the file is UTF-16 (it starts with a UTF-16 byte-order mark)"),
    Case("yaml-utf16-without-bom", {PERSON: BASE[PERSON].encode("utf-16-le")},
         f"{PERSON}:1:2", "a NUL byte: the file looks UTF-16 encoded"),
    Case("seed-utf16", {SEED_FILE: SEED.encode("utf-16")},
         f"{SEED_FILE}:1:1", "the file is UTF-16"),
    Case("template-invalid-utf8", {BASE_TEMPLATE: Replace(b"</head>", b"\xff</head>")},
         f"{BASE_TEMPLATE}:31:1", "not valid UTF-8: byte 0xff"),

    # --- empty, binary, huge, not a file -------------------------------------------------------
    Case("yaml-empty", {PERSON: ""},
         f"{PERSON}:1:1", "a person must be a mapping of keys to values"),
    Case("yaml-comments-only", {ORG: "# nothing here yet\n"},
         f"{ORG}:1:1", "a organization must be a mapping of keys to values"),
    Case("site-empty", {SITE: ""},
         f"{SITE}:1:1", "a site configuration must be a mapping of keys to values"),
    Case("seed-empty", {SEED_FILE: ""},
         SEED_FILE, "the seed file of s000 is empty"),
    Case("yaml-binary-png", {PERSON: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))},
         f"{PERSON}:1:1", "not valid UTF-8: byte 0x89 at byte offset 0"),
    Case("seed-binary-nul", {SEED_FILE: SEED.encode() + b"\x00\x01\x02binary"},
         f"{SEED_FILE}:5:1", "a NUL byte: this is a binary file, not text"),
    Case("yaml-too-large", {ORG: BASE[ORG] + "# " + _BIG * 1000},
         ORG, "the file is too large (1.1 MB; the limit is 1.0 MB)"),
    Case("page-too-large", {PAGE: BASE[PAGE] + _BIG * 1000},
         PAGE, "the file is too large"),
    Case("seed-too-large", {SEED_FILE: SEED + (_BIG * 8000)},
         SEED_FILE, "the file is too large (8.4 MB; the limit is 8.0 MB)"),
    Case("yaml-is-a-folder", {"content/people/folder.yaml": Folder()},
         "content/people/folder.yaml", "not a regular file"),
    Case("yaml-is-a-fifo", {"content/people/pipe.yaml": Fifo()},
         "content/people/pipe.yaml", "not a regular file"),

    # --- unknown and malformed references, in every field that holds an id ------------------------
    Case("ref-role-organization", {PERSON: Replace("organization: widgets", "organization: widgest")},
         f"{PERSON}:8:19", "unknown organization id 'widgest'; did you mean 'widgets'?"),
    Case("ref-relationship-with", {ORG: Replace("with: jane-roe", "with: jane-doe")},
         f"{ORG}:8:11", "unknown person or organization id 'jane-doe'; did you mean 'jane-roe'?"),
    Case("ref-event-people", {EVENT: Replace("people: [jane-roe]", "people: [jane-roe, john-doe]")},
         f"{EVENT}:6:20", "unknown person id 'john-doe'"),
    Case("ref-event-organizations", {EVENT: Replace("organizations: [widgets]", "organizations: [gadgets]")},
         f"{EVENT}:7:17", "unknown organization id 'gadgets'; did you mean 'widgets'?"),
    Case("ref-claim-people", {CLAIM: Replace("people: [jane-roe]", "people: [Jane-Roe]")},
         f"{CLAIM}:3:10", "unknown person id 'Jane-Roe'; did you mean 'jane-roe'?"),
    Case("ref-claim-organizations", {CLAIM: Replace("organizations: [widgets]", "organizations: [widget]")},
         f"{CLAIM}:4:17", "unknown organization id 'widget'; did you mean 'widgets'?"),
    Case("ref-statement-source", {CLAIM: Replace("  - source: s000", "  - source: s001")},
         f"{CLAIM}:6:13", "unknown source id 's001'; did you mean 's000'?"),
    Case("ref-statement-source-twice", {CLAIM: Replace("    value: half of Widgets Inc\n", "    value: half of Widgets Inc\n"
                                                       "  - source: s000\n    quote: It has 500 employees\n")},
         f"{CLAIM}:9:5", "source 's000' already has a statement in this claim"),
    Case("ref-id-both-person-and-organization", {"content/organizations/jane-roe.yaml": "name: Roe Holdings\nkind: company\nsummary: s\n"},
         "content/organizations/jane-roe.yaml:1:1", "id 'jane-roe' is both a person and an organization"),
    Case("link-unknown-person", {PAGE: Replace("(person:jane-roe)", "(person:jane-rose)")},
         f"{PAGE}:7:30", "link to unknown person id 'jane-rose'; did you mean 'jane-roe'?"),
    Case("link-unknown-organization", {PERSON: Replace("(organization:widgets)", "(organization:wigdets)")},
         f"{PERSON}:4:25", "link to unknown organization id 'wigdets'; did you mean 'widgets'?"),
    Case("link-unknown-claim", {ORG: Replace("(claim:price)", "(claim:prize)")},
         f"{ORG}:6:16", "link to unknown claim id 'prize'; did you mean 'price'?"),
    Case("link-unknown-source", {EVENT: Replace("(source:s000)", "(source:s0)")},
         f"{EVENT}:5:18", "link to unknown source id 's0'; did you mean 's000'?"),
    Case("link-unknown-page", {PERSON: Replace("(page:about)", "(page:abuot)")},
         f"{PERSON}:5:60", "link to unknown page id 'abuot'; did you mean 'about'?"),
    Case("link-unknown-event", {CLAIM: Replace("(event:2016-widgets-founded)", "(event:2016-widget-founded)")},
         f"{CLAIM}:10:22", "link to unknown event id '2016-widget-founded'"),
    Case("link-id-leaves-folder", {PAGE: Replace("(person:jane-roe)", "(person:../../etc/passwd)")},
         f"{PAGE}:7:30", "malformed id link '(person:../../etc/passwd)'"),
    Case("link-id-javascript", {PAGE: Replace("(person:jane-roe)", "(person:javascript:alert(1))")},
         f"{PAGE}:7:30", "malformed id link '(person:javascript:alert(1)'"),
    Case("ref-role-organization-javascript", {PERSON: Replace("organization: widgets", "organization: 'javascript:alert(1)'")},
         f"{PERSON}:8:19", "unknown organization id 'javascript:alert(1)'"),
    Case("link-id-with-title", {PAGE: Replace("(person:jane-roe)", '(person:jane-roe "Jane")')},
         f"{PAGE}:7:30", "malformed id link '(person:jane-roe \"Jane\")'"),
    Case("link-id-in-angle-brackets", {PAGE: Replace("(person:jane-roe)", "(<person:nobody>)")},
         f"{PAGE}:7:31", "malformed id link '(<person:nobody>)'"),
    Case("link-id-reference-definition", {PAGE: BASE[PAGE].replace("[Jane Roe](person:jane-roe)", "[Jane Roe][jr]") + "\n[jr]: person:nobody\n"},
         f"{PAGE}:9:7", "an id link as a reference definition: '[jr]: person:nobody'"),

    # --- citation markers ---------------------------------------------------------------------------
    Case("cite-missing-closing-bracket", {PAGE: Replace('Widgets Inc"]].', 'Widgets Inc"].')},
         f"{PAGE}:5:33", "malformed citation marker; write [[cite:SOURCE \"exact words\"]]"),
    Case("cite-missing-closing-quote", {PAGE: Replace('Widgets Inc"]].', 'Widgets Inc]].')},
         f"{PAGE}:5:33", "malformed citation marker"),
    Case("cite-missing-opening-quote", {ORG: Replace('[[cite:s000 "It has', '[[cite:s000 It has')},
         f"{ORG}:5:13", "malformed citation marker"),
    Case("cite-single-opening-bracket", {PAGE: Replace('[[cite:s000 "founded', '[cite:s000 "founded')},
         f"{PAGE}:7:47", "malformed citation marker '[cite:'"),
    Case("cite-capitalized", {PERSON: Replace('  [[cite:s000 "founded', '  [[Cite:s000 "founded')},
         f"{PERSON}:5:3", "malformed citation marker '[[Cite:'"),
    Case("cite-missing-colon", {EVENT: Replace('[[cite:s000 "founded', '[[cite s000 "founded')},
         f"{EVENT}:4:31", "malformed citation marker '[[cite s000 \"'"),
    Case("cite-curly-quotes", {EVENT: Replace('[[cite:s000 "founded in 2016 by Jane Roe"]]', '[[cite:s000 “founded in 2016 by Jane Roe”]]')},
         f"{EVENT}:4:31", "malformed citation marker"),
    Case("cite-unknown-source", {ORG: Replace('[[cite:s000 "It has', '[[cite:s100 "It has')},
         f"{ORG}:5:13", "unknown source id 's100' in citation; did you mean 's000'?"),
    Case("cite-empty-quote", {SOURCE: Replace('[[cite:s000 "according to people familiar with the matter"]]', '[[cite:s000 ""]]')},
         f"{SOURCE}:6:27", "quote not found in s000: \"\"; the quote is empty"),
    Case("cite-quote-not-in-article", {PAGE: Replace("founded in 2016 by Jane Roe", "founded in 2017 by Jane Roe")},
         f"{PAGE}:7:47", "quote not found in s000: \"founded in 2017 by Jane Roe\"; closest passage in s000 (96% similar"),
    Case("cite-in-role-not-in-article", {PERSON: Replace("cite: '[[cite:s000 \"founded in 2016", "cite: '[[cite:s000 \"founded in 1916")},
         f"{PERSON}:10:12", "quote not found in s000: \"founded in 1916 by Jane Roe\""),
    Case("statement-quote-not-in-article", {CLAIM: Replace("quote: Acme paid $10 billion", "quote: Acme paid $12 billion")},
         f"{CLAIM}:7:12", "quote not found in s000: \"Acme paid $12 billion for half of Widgets Inc\""),

    # --- paths that try to leave their folder ---------------------------------------------------------
    Case("seed-parent-folder", {SOURCE: Replace("seed: a.txt", "seed: ../content/site.yaml")},
         f"{SOURCE}:1:7", "seed '../content/site.yaml' leaves seeds/ ('..'); name a file inside seeds/"),
    Case("seed-etc-passwd", {SOURCE: Replace("seed: a.txt", "seed: ../../../../etc/passwd")},
         f"{SOURCE}:1:7", "seed '../../../../etc/passwd' leaves seeds/ ('..')"),
    Case("seed-absolute-path", {SOURCE: Replace("seed: a.txt", "seed: /etc/passwd")},
         f"{SOURCE}:1:7", "seed '/etc/passwd' is an absolute path; name a file inside seeds/"),
    Case("seed-backslash", {SOURCE: Replace("seed: a.txt", "seed: ..\\\\..\\\\secret.txt")},
         f"{SOURCE}:1:7", "holds a backslash"),
    Case("seed-symlink-outside", {"seeds/link.txt": Symlink("{outside}/secret.txt"), SOURCE: Replace("seed: a.txt", "seed: link.txt")},
         f"{SOURCE}:1:7", "seed 'link.txt' is a symlink to "),
    Case("seed-folder-symlink-outside", {"seeds/sub": Symlink("{outside}"), SOURCE: Replace("seed: a.txt", "seed: sub/secret.txt")},
         f"{SOURCE}:1:7", ", outside seeds/; copy the article into seeds/"),
    Case("seed-missing", {SOURCE: Replace("seed: a.txt", "seed: b.txt")},
         f"{SOURCE}:1:1", "seed file 'b.txt' does not exist in seeds/; did you mean 'a.txt'?"),
    Case("theme-parent-folder", {SITE: Replace("theme: default", "theme: ../../x")},
         f"{SITE}:3:8", "theme '../../x' leaves themes/ ('..'); name a folder inside themes/"),
    Case("theme-absolute-path", {SITE: Replace("theme: default", "theme: /etc")},
         f"{SITE}:3:8", "theme '/etc' is an absolute path"),
    Case("theme-symlink-outside", {"themes/evil": Symlink("{outside}"), SITE: Replace("theme: default", "theme: evil")},
         f"{SITE}:3:8", "theme 'evil' leaves themes/ (it resolves to "),
    Case("theme-missing", {SITE: Replace("theme: default", "theme: defualt")},
         f"{SITE}:3:8", "theme 'defualt' not found: no folder themes/defualt/; did you mean 'default'?"),
    Case("theme-asset-symlink-outside", {"themes/default/static/secret.txt": Symlink("{outside}/secret.txt")},
         "themes/default/static/secret.txt", "is a symlink to "),
    Case("content-file-symlink-outside", {"content/people/secret.yaml": Symlink("{outside}/secret.txt")},
         "content/people/secret.yaml", "'content/people/secret.yaml' is a symlink to a file outside content/"),
    Case("source-url-javascript", {SOURCE: Replace("url: https://example.com/big-deal", "url: javascript:alert(1)")},
         f"{SOURCE}:4:6", "'url' must be a web address (https://... or http://..., without spaces or quotes), got 'javascript:alert(1)'"),
    Case("site-base-url-data", {SITE: Replace("theme: default", "theme: default\nbase_url: 'data:text/html,<script>alert(1)</script>'")},
         f"{SITE}:4:11", "'base_url' must be a web address (https://..., http://...) or a path from /"),
    Case("site-base-url-quote", {SITE: Replace("theme: default", "theme: default\nbase_url: 'https://example.com/\"><script>alert(1)</script>'")},
         f"{SITE}:4:11", "'base_url' must be a web address"),
    Case("source-url-with-space", {SOURCE: Replace("url: https://example.com/big-deal", "url: https://example.com/big deal")},
         f"{SOURCE}:4:6", "'url' must be a web address"),
    Case("yaml-escaped-control-character", {EVENT: Replace("title: Widgets Inc is founded", 'title: "Widgets\\x0b Inc"')},
         f"{EVENT}:2:8", "a control character (U+000B) in a value"),
    Case("page-control-character", {PAGE: Replace("It was founded", "It was\x1b[31m founded")},
         f"{PAGE}:7:7", "a control character (U+001B) in the page"),

    # --- two records, one name ---------------------------------------------------------------------
    Case("name-copied-record", {"content/people/jane-roe-copy.yaml": BASE[PERSON]},
         (f"{PERSON}:1:7", "content/people/jane-roe-copy.yaml:1:7"),
         "the name 'Jane Roe' of person "),
    Case("id-defined-twice-yaml-and-yml", {"content/people/jane-roe.yml": BASE[PERSON].replace("Jane Roe", "Janet Roe")},
         "content/people/jane-roe.yml:1:1", "content/people/jane-roe.yml defines the id 'jane-roe' again; "
         f"{PERSON} defines it already"),
    Case("name-is-another-alias", {ORG: Replace("aliases: [Widgets]", "aliases: [Widgets, Jane Roe]")},
         f"{PERSON}:1:7", f"the name 'Jane Roe' of person 'jane-roe' is also the alias of organization 'widgets' ({ORG}:2:20)"),
    Case("alias-is-another-alias", {ORG: Replace("aliases: [Widgets]", "aliases: [Widgets, Roe]")},
         f"{PERSON}:2:11", f"the alias 'Roe' of person 'jane-roe' is also the alias of organization 'widgets' ({ORG}:2:20)"),
    Case("name-differs-in-case-and-spacing", {"content/people/jane-roe-2.yaml": "name: jane  ROE\nsummary: s\n"},
         f"{PERSON}:1:7", "is also the name of person 'jane-roe-2' (content/people/jane-roe-2.yaml:1:7)"),

    # --- the theme ----------------------------------------------------------------------------------
    Case("template-undefined-variable", {BASE_TEMPLATE: Replace("</head>", "{{ nope.x }}</head>")},
         f"{BASE_TEMPLATE}:31:1", "template error: 'nope' is undefined; fix the template; content was fine"),
    Case("template-unknown-filter", {BASE_TEMPLATE: Replace("</head>", "{{ 1|nofilter }}</head>")},
         f"{BASE_TEMPLATE}:31:1", "template error: No filter named 'nofilter'"),
    # render.py parses templates for their dependencies without their names, so a syntax
    # error is reported at the templates folder for now (the report names the fix there)
    Case("template-syntax-error", {BASE_TEMPLATE: Replace("</head>", "{% if %}</head>")},
         (f"{BASE_TEMPLATE}:31:1", "themes/default/templates:31:1"),
         "template error: Expected an expression, got 'end of statement block'"),
]

# Small changes the builder must take in its stride: same site as the base project.
GOOD_VARIANTS: list[tuple[str, dict[str, Edit]]] = [
    ("yaml-with-utf8-bom", {PERSON: b"\xef\xbb\xbf" + BASE[PERSON].encode()}),
    ("yaml-with-crlf", {ORG: BASE[ORG].replace("\n", "\r\n")}),
    ("page-with-bom-and-crlf", {PAGE: b"\xef\xbb\xbf" + BASE[PAGE].replace("\n", "\r\n").encode()}),
    ("site-with-crlf", {SITE: BASE[SITE].replace("\n", "\r\n")}),
    ("yaml-with-old-mac-newlines", {EVENT: BASE[EVENT].replace("\n", "\r")}),
    ("yaml-anchor-without-alias", {EVENT: Replace("title: Widgets Inc is founded", "title: &t Widgets Inc is founded")}),
]
