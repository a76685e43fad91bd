"""Nothing from content reaches a reader as markup.

A small project with a hostile payload in every text field of every record kind, in the site
settings, in a Markdown page's front matter and body, and in the article itself: script tags,
event-handler attributes, `javascript:` and `data:` URLs (in Markdown links, autolinks and
id-link positions), text that closes the JSON-LD `<script>` block, template syntax, and the
characters that break HTML (`"'<>&`). Each payload carries its own number, so a failure names
the field it came from. The site must build, and in Chromium no page may run a payload
(`window.__pwned`, `document.title`, a dialog), hold an element a payload made, carry an
event-handler attribute or a script URL, and the feed and sitemap must stay well-formed XML.
"""
from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
import xml.dom.minidom
from functools import partial
from pathlib import Path

import pytest

from .browser_support import ROOT, wait_selector, whole_search_index

pytestmark = pytest.mark.browser

FIELDS: list[str] = []      # payload number -> where it was put


def payload(where: str) -> str:
    """One hostile string for one field, numbered; every trick at once."""
    FIELDS.append(where)
    n = len(FIELDS)
    return (f'<script>window.__pwned={n}</script><img src=x onerror="window.__pwned={n}">'
            f'"><svg onload=window.__pwned={n}>\'><b id="pwned-{n}" class="pwned">x</b>'
            f'</script><script>document.title="pwned {n}"</script><!--<script>'
            f'&lt;i&gt; &amp; {{{{ 7*7 }}}} {{% raw %}} `x` <iframe srcdoc="<script>parent.__pwned={n}</script>">')


def md_payload(where: str) -> str:
    """The Markdown-only tricks: links and images with script URLs, autolinks, raw HTML blocks."""
    FIELDS.append(where)
    n = len(FIELDS)
    return (f"[a](javascript:window.__pwned={n}) [b](JAVASCRIPT:window.__pwned={n}) "
            f"[c](data:text/html,%3Cscript%3Ewindow.__pwned={n}%3C/script%3E) "
            f"![d](data:image/svg+xml,%3Csvg%20onload=window.__pwned={n}%3E) "
            f"<javascript:window.__pwned={n}> [e](vbscript:msgbox) [f]( javascript:window.__pwned={n} ) "
            f"[g](&#106;avascript:window.__pwned={n}) <a href=\"javascript:window.__pwned={n}\">h</a>")


def yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)     # a JSON string is a YAML double-quoted scalar


def folded(text: str) -> str:
    return ">-\n  " + text.replace("\n", "\n  ")


def hostile_project(root: Path) -> Path:
    seed_payload = payload("seeds/a.txt (the article)")
    quote = "It has 500 employees"
    seed = f"Big Deal Title\n\nAcme paid $10 billion for half of Widgets Inc. {seed_payload}\nIt has 500 employees.\n"
    cite = f'[[cite:s000 "{quote}"]]'
    files = {
        "seeds/a.txt": seed,
        "content/site.yaml": (
            f"title: {yaml_str('Tiny ' + payload('site.title'))}\n"
            f"description: {yaml_str(payload('site.description'))}\n"
            f"author: {yaml_str(payload('site.author'))}\n"
            f"base_url: {yaml_str('https://example.com/deal/')}\n"
            f"deal_summary: {folded(payload('site.deal_summary') + ' ' + md_payload('site.deal_summary links') + ' ' + cite)}\n"),
        "content/sources/s000.yaml": (
            f"seed: a.txt\nlabel: {yaml_str('The article ' + payload('source.label'))}\n"
            f"title: {yaml_str(payload('source.title'))}\noutlet: {yaml_str(payload('source.outlet'))}\n"
            f"author: {yaml_str(payload('source.author'))}\n"
            f"url: {yaml_str('https://example.com/a?x=1&y=%22%3E%3Cscript%3Ewindow.__pwned=1%3C/script%3E')}\n"
            f"summary: {folded(payload('source.summary') + ' ' + md_payload('source.summary links') + ' ' + cite)}\n"),
        "content/people/jane-roe.yaml": (
            f"name: {yaml_str('Jane Roe ' + payload('person.name'))}\n"
            f"aliases: [{yaml_str(payload('person.aliases'))}]\n"
            f"summary: {folded(payload('person.summary') + ' ' + md_payload('person.summary links') + ' ' + cite)}\n"
            f"roles:\n  - title: {yaml_str(payload('role.title'))}\n    organization: widgets\n"
            f"    cite: {yaml_str(payload('role.cite') + ' ' + cite)}\n"),
        "content/organizations/widgets.yaml": (
            f"name: {yaml_str('Widgets ' + payload('organization.name'))}\n"
            f"aliases: [{yaml_str(payload('organization.aliases'))}]\nkind: company\n"
            f"summary: {folded(payload('organization.summary') + ' ' + md_payload('organization.summary links') + ' ' + cite)}\n"
            f"relationships:\n  - with: jane-roe\n    relation: {yaml_str(payload('relationship.relation'))}\n"
            f"    cite: {yaml_str(payload('relationship.cite') + ' ' + cite)}\n"),
        "content/events/2016-founded.yaml": (
            f"date: \"2016\"\ntitle: {yaml_str(payload('event.title'))}\n"
            f"summary: {folded(payload('event.summary') + ' ' + md_payload('event.summary links') + ' ' + cite)}\n"
            f"people: [jane-roe]\norganizations: [widgets]\n"
            f"alternatives:\n  - date: \"2016-05\"\n    summary: {yaml_str(payload('alternative.summary') + ' ' + cite)}\n"),
        "content/claims/price.yaml": (
            f"question: {yaml_str(payload('claim.question'))}\nkind: text\n"
            f"key_figure: {yaml_str(payload('claim.key_figure'))}\n"
            f"statements:\n  - source: s000\n    quote: {quote}\n    value: {yaml_str(payload('statement.value'))}\n"
            f"note: {folded(payload('claim.note') + ' ' + md_payload('claim.note links') + ' ' + cite)}\n"
            f"people: [jane-roe]\norganizations: [widgets]\n"),
        "content/pages/about.md": (
            f"---\ntitle: {yaml_str(payload('page.title'))}\ndescription: {yaml_str(payload('page.description'))}\n"
            f"nav: 1\nnav_title: {yaml_str(payload('page.nav_title'))}\n---\n"
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
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    import shutil

    shutil.copytree(ROOT / "themes", root / "themes")
    return root


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = hostile_project(tmp_path_factory.mktemp("hostile") / "proj")
    done = subprocess.run([sys.executable, "-m", "site_builder", "build", "--root", str(root)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"the hostile project must build (its payloads are only text):\n{done.stdout}{done.stderr}"
    out = root / "output"
    whole_search_index(out)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(out)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", out
    finally:
        server.shutdown()
        server.server_close()


# What each loaded page is asked: did anything run, was anything injected?
_AUDIT = """() => {
  const bad = [];
  if (window.__pwned !== undefined) bad.push('window.__pwned = ' + window.__pwned);
  if (document.title.startsWith('pwned')) bad.push('document.title = ' + document.title);
  for (const el of document.querySelectorAll('[id^="pwned"], .pwned, iframe, svg[onload], img[src="x"]'))
    bad.push('injected element: ' + el.outerHTML.slice(0, 120));
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (attr.name.startsWith('on')) bad.push('event handler: <' + el.tagName + ' ' + attr.name + '="' + attr.value.slice(0, 60) + '">');
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc'].includes(attr.name) &&
          /^(javascript|vbscript|data):/.test(value))
        bad.push('script URL: <' + el.tagName + ' ' + attr.name + '="' + attr.value.slice(0, 60) + '">');
    }
  }
  for (const s of document.querySelectorAll('script')) {
    if (s.type === 'application/ld+json') { try { JSON.parse(s.textContent); } catch (e) { bad.push('JSON-LD broken: ' + e); } }
    else if (!s.src && !s.hasAttribute('data-site-builder-preview') && /pwned/.test(s.textContent))
      bad.push('inline script from content: ' + s.textContent.slice(0, 80));
  }
  return bad;
}"""


def test_no_payload_runs_or_injects_anything_on_any_page(hostile_site, new_page):
    base, out = hostile_site
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert len(pages) >= 12
    page = new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(f"{dialog.type}: {dialog.message}"), dialog.dismiss()))
    found = {}
    for path in pages:
        page.goto(base + path)
        page.wait_for_load_state("load")
        for cite in page.locator(".cite-link").all()[:6]:     # the previews show content too
            cite.hover()
        bad = page.evaluate(_AUDIT)
        if bad:
            found[path] = bad
    assert not dialogs, dialogs
    assert not found, _explain(found)


def _explain(found: dict[str, list[str]]) -> str:
    lines = []
    for path, bad in found.items():
        lines.append(path)
        for item in bad[:8]:
            numbers = [int(n) for n in __import__("re").findall(r"pwned\D{0,3}(\d+)", item)]
            where = ", ".join(FIELDS[n - 1] for n in numbers if 0 < n <= len(FIELDS))
            lines.append(f"    {item}" + (f"   <- from {where}" if where else ""))
    return "\n".join(lines)


def test_the_payloads_are_shown_as_text(hostile_site, new_page):
    """Escaped, not dropped: the reader sees what the author wrote, brackets and all."""
    base, _ = hostile_site
    page = new_page()
    page.goto(base + "people/jane-roe.html")
    text = page.locator("main").inner_text()
    assert "<script>window.__pwned=" in text and "onerror=" in text
    assert "{{ 7*7 }}" in text and "{% raw %}" in text      # content is never a template


def test_search_results_show_payloads_as_text(hostile_site, new_page):
    base, _ = hostile_site
    page = new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(base + "search.html")
    page.fill("#search-input", "onerror")
    wait_selector(page, ".search-result", "search results for 'onerror'")
    assert page.evaluate(_AUDIT) == [] and not dialogs
    assert "onerror" in page.locator("#search-results").inner_text()


def test_the_feed_and_the_sitemap_stay_well_formed(hostile_site):
    _, out = hostile_site
    for name in ("feed.xml", "sitemap.xml"):
        xml.dom.minidom.parse(str(out / name))          # raises on a broken document
    json.loads((out / "data" / "explainer.json").read_text(encoding="utf-8"))
