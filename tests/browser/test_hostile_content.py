"""Nothing from content reaches a reader as markup.

A small project (tests/hostile.py) with a hostile payload in every string field of every record
kind, in the cleaning rules, in the site settings, in a Markdown page's front matter and body, and
in the article itself: script tags, event-handler attributes, `javascript:` and `data:` URLs (in
Markdown links, autolinks and id-link positions), text that closes the JSON-LD `<script>` block,
template syntax, and the characters that break HTML (`"'<>&`). Each payload carries its own number,
so a failure names the field it came from. The site must build, and in Chromium no page may run a
payload (`window.__pwned`, `document.title`, a dialog), hold an element a payload made, carry an
event-handler attribute or a script URL, and the feed and sitemap must stay well-formed XML.
(The fields checked where they are written - language tags, paths, addresses, choices - refuse
a payload at its line: tests/test_markup_safety.py, which also reads every page of this corpus
with an HTML parser, without a browser.)
"""
from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
import xml.dom.minidom
from functools import partial

import pytest
from hostile import FIELDS, hostile_project

from .browser_support import wait_selector, whole_search_index

pytestmark = pytest.mark.browser


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
  for (const el of document.querySelectorAll('[lang]'))
    if (!/^[A-Za-z0-9]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(el.getAttribute('lang')))
      bad.push('not a language tag: <' + el.tagName + ' lang="' + el.getAttribute('lang').slice(0, 60) + '">');
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
    page.goto(base + "sources/s000.html")                  # a language rule's span and its gloss
    assert page.locator('span[lang="fr"]').count() >= 1
    assert "<script>window.__pwned=" in page.locator(".gloss").first.inner_text()


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
