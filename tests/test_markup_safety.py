"""No markup from content, checked without a browser: the hostile corpus (tests/hostile.py) built
in-process, every page read by an HTML parser.

The browser test (tests/browser/test_hostile_content.py) runs the same corpus in Chromium; this
one gives the same guarantee where a browser is slow or missing, and adds what a parser can say
for certain: no element or attribute a payload made, no script URL, every `lang` a valid tag.
Fields that are checked where they are written (a language tag, a path, an address, a choice)
must refuse a payload with an error at its line, and no traceback.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.dom.minidom
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hostile import ATTRIBUTE_PAYLOAD, CARRIED, FIELDS, REFUSED, Refused, hostile_files, hostile_project, string_fields

from site_builder.load.langtag import is_valid_tag
from site_builder.pipeline import BuildOptions, BuildResult, build_site

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcdoc", "poster", "data"}
_SCRIPT_URL = re.compile(r"^(javascript|vbscript|data):")


class _Audit(HTMLParser):
    """What a browser would build from one page that content could have made."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self.text: list[str] = []
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        shown = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs)[:120]}>"
        # the theme's cards carry `<base target="_top">` (links open the explainer in the top window); a base
        # with an address, or any other attribute, would re-point every relative link of the page
        own_base = tag == "base" and attrs == [("target", "_top")]
        if (tag in ("iframe", "object", "embed", "base") and not own_base) or (tag == "img" and values.get("src") == "x"):
            self.bad.append(f"injected element: {shown}")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.bad.append(f"event handler: {shown}")
            if name in _URL_ATTRIBUTES and _SCRIPT_URL.match(re.sub(r"[\s\x00-\x1f]", "", value).lower()):
                self.bad.append(f"script URL: {shown}")
            if (name == "id" and value.startswith("pwned")) or (name == "class" and "pwned" in value.split()):
                self.bad.append(f"injected element: {shown}")
            if name == "lang" and not is_valid_tag(value):
                self.bad.append(f"not a language tag: {shown}")
        if tag == "script":
            self._script = values
        self.text.extend(value for name, value in attrs if value and name not in ("href", "src"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is None:
            self.text.append(data)
            return
        if self._script.get("type") == "application/ld+json":
            try:
                json.loads(data)
            except ValueError as exc:
                self.bad.append(f"JSON-LD broken: {exc}")
        elif "pwned" in data:
            self.bad.append(f"inline script from content: {data[:80]}")

    def handle_comment(self, data: str) -> None:
        if "pwned" in data or "<script" in data:
            self.bad.append(f"a comment from content: <!--{data[:60]}-->")


def audit(html: str) -> _Audit:
    parser = _Audit()
    parser.feed(html)
    parser.close()
    return parser


def _where(item: str) -> str:
    numbers = {int(n) for n in re.findall(r"pwned\D{0,3}(\d+)", item)}
    return ", ".join(FIELDS[n - 1] for n in sorted(numbers) if 0 < n <= len(FIELDS))


def _build(root: Path) -> BuildResult:
    return build_site(BuildOptions(root, write=False, search=False))


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> BuildResult:
    root = hostile_project(tmp_path_factory.mktemp("hostile") / "proj")
    result = _build(root)
    assert result.ok, "the hostile project must build (its payloads are only text):\n" + "\n".join(
        p.format(root) for p in result.errors)
    return result


@pytest.mark.parametrize("html", [
    '<span lang="x" onmouseover="alert(1)">a</span>',             # the issue's report
    '<p><b id="pwned-3" class="pwned">x</b></p>', '<iframe srcdoc="a"></iframe>', '<img src=x>',
    '<a href=" jav&#x09;ascript:alert(1)">a</a>', '<a href="data:text/html,x">a</a>',
    '<script>window.__pwned=1</script>', '<script type="application/ld+json">{"a": </script>',
    '<!--<script>window.__pwned=2-->', '<span lang="english">a</span>', '<base href="https://evil.example/">',
    '<base target="_top" href="x">',
])
def test_the_audit_sees_each_kind_of_injection(html: str):
    """The parser's audit is not vacuous: each thing it looks for, written plainly, is found."""
    assert audit(f"<!doctype html><html lang='en'><body>{html}</body></html>").bad


def test_every_string_field_of_every_kind_is_in_the_corpus():
    """A text field added to the schema and to neither list fails here."""
    hostile_files()
    fields = string_fields()
    covered = CARRIED | {r.field for r in REFUSED}
    assert fields - covered == set(), "string fields no payload reaches"
    assert covered - fields == set(), "the corpus names fields the schema does not have"
    assert ("language rule", "lang") in fields and ("site configuration", "language") in fields


def test_no_page_holds_an_element_or_attribute_from_content(hostile_build):
    pages = {path: body.decode("utf-8") for path, body in hostile_build.files.items() if path.endswith(".html")}
    assert len(pages) >= 12
    found = {}
    for path, html in sorted(pages.items()):
        bad = audit(html).bad
        if bad:
            found[path] = [f"{item}   <- from {_where(item)}" for item in bad[:8]]
    assert not found, json.dumps(found, indent=1)


def test_the_payloads_are_shown_as_text(hostile_build):
    """Escaped, not dropped: each carried payload reaches some page as the text it is."""
    text = "".join("".join(audit(body.decode("utf-8")).text)
                   for path, body in hostile_build.files.items() if path.endswith(".html"))
    shown = {int(n) for n in re.findall(r"<script>window\.__pwned=(\d+)</script>", text)}
    # payloads no page shows (a pattern, a word list, an id: only warnings and the data export
    # do), or not in this corpus: a stance claim shows its position, not its value or `says`
    # (those are for number and date claims); the author is in the feed
    elsewhere = ("cleaning.", "heading rule", "language rule pattern", "position.id", "statement.value",
                 "statement.says", "site.author")
    missing = [where for n, where in enumerate(FIELDS, 1)
               if "links" not in where and n not in shown and not where.startswith(elsewhere)]
    assert not missing, missing
    assert "{{ 7*7 }}" in text and "{% raw %}" in text           # content is never a template
    source = hostile_build.files["sources/s000.html"].decode("utf-8")
    assert '<span lang="fr">' in source and not audit(source).bad       # the language rule's span, its gloss as text


def test_the_feed_the_sitemap_and_the_data_stay_well_formed(hostile_build):
    files = hostile_build.files
    for name in ("feed.xml", "sitemap.xml"):
        xml.dom.minidom.parseString(files[name])         # raises on a broken document
    author = xml.dom.minidom.parseString(files["feed.xml"]).getElementsByTagName("name")[0].firstChild
    assert author is not None and author.nodeValue.startswith("<script>window.__pwned=")   # the author, as text
    json.loads(files["data/explainer.json"])


def _line_of(text: str, line: str) -> int:
    lines = text.split("\n")
    assert lines.count(line) == 1, f"the corpus must hold {line!r} once"
    return lines.index(line) + 1


@pytest.mark.parametrize("case", REFUSED, ids=lambda r: ".".join(r.field))
def test_a_checked_field_refuses_a_payload_at_its_line(tmp_path, case: Refused):
    files = hostile_files()
    line = _line_of(files[case.path], case.valid)
    files[case.path] = files[case.path].replace(case.valid + "\n", case.hostile + "\n")
    root = hostile_project(tmp_path / "proj", files)
    result = _build(root)
    at = [p for p in result.errors if p.position.path == case.path and p.position.line == line]
    assert at, f"no error at {case.path}:{line}; errors: " + "; ".join(p.format() for p in result.errors)
    assert not result.pages


@pytest.mark.parametrize(("path", "line"), [("content/site.yaml", "language: en"),
                                            ("content/sources/s000.yaml", "      lang: fr")])
def test_the_issue_payloads_fail_at_their_line_without_a_traceback(tmp_path, path: str, line: str):
    """`lang:` in a cleaning rule and `language:` in site.yaml, the issue's two reports, through the CLI."""
    files = hostile_files()
    number = _line_of(files[path], line)
    key = line.split(":")[0]
    files[path] = files[path].replace(line + "\n", f"{key}: '{ATTRIBUTE_PAYLOAD}'\n")
    root = hostile_project(tmp_path / "proj", files)
    done = subprocess.run([sys.executable, "-m", "site_builder", "build", "--root", str(root), "--no-cache"],
                          capture_output=True, text=True, timeout=300)
    printed = done.stdout + done.stderr
    assert done.returncode == 1, printed
    assert "Traceback" not in printed, printed
    col = len(key) + 3
    assert f"{path}:{number}:{col}: error: '{key.strip()}': '{ATTRIBUTE_PAYLOAD}' is not a valid language tag" in printed, printed
    assert not (root / "output").exists()
