"""The preview's quote picker, driven in Chromium: select words on a source page, get the
citation marker for them (widened to whole words, extended until unique), copy it with the
button or Alt+C. Only the preview has it: the built site has none of it."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from projects import set_language

from site_builder.dev import DevServer
from site_builder.pipeline import BuildOptions, build_site

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "otherdeal"

# select the words `words` (the n-th time they occur in the block's text) of the block that holds them
SELECT = """([words, nth]) => {
  const article = document.querySelector(".source-text");
  const blocks = [...article.children].filter((b) => b.id && b.textContent.includes(words));
  const block = blocks[0];
  const nodes = [];
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) nodes.push(walker.currentNode);
  const text = nodes.map((n) => n.data).join("");
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(words, at + 1);
  const place = (offset) => {
    for (const node of nodes) { if (offset <= node.data.length) return [node, offset]; offset -= node.data.length; }
  };
  const range = document.createRange();
  range.setStart(...place(at));
  range.setEnd(...place(at + words.length));
  const selection = document.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return block.id;
}"""


@pytest.fixture(scope="module", params=["en", "fr"])
def preview(request, tmp_path_factory):
    """The preview of a small project: in English, then in French with its articles English (the
    picker measures the article's words whatever the labels around them are in)."""
    base = tmp_path_factory.mktemp("picker")
    root = base / "proj"
    shutil.copytree(FIXTURE, root)
    (root / "content" / "site.yaml").write_text("title: Northwind and Bluefin\ndescription: A deal.\nlanguage: en\n",
                                              encoding="utf-8")
    set_language(root, request.param)
    (base / "served").mkdir()         # served from inside the test's temporary folder
    server = DevServer(root, port=0, search=False, folder=base / "served", out=io.StringIO())
    with server:
        assert server.updates and server.updates[0].ok, server.out.getvalue()
        yield server


def marker_after(page, words: str, nth: int = 0) -> str:
    """Select `words`, wait for the panel's answer to them (not the one it showed before)."""
    before = page.evaluate("() => { const m = document.querySelector('#site-builder-picker [data-marker]');"
                           " return m ? m.textContent : ''; }")
    page.evaluate(SELECT, [words, nth])
    page.wait_for_function("""(before) => { const m = document.querySelector('#site-builder-picker [data-marker]');
                           return m && m.textContent.startsWith('[[cite:') && m.textContent !== before; }""",
                           arg=before)
    return page.locator("#site-builder-picker [data-marker]").inner_text()


def test_selecting_words_offers_their_marker(preview, new_page):
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(preview.url + "sources/s000.html")
    assert page.locator("script[data-site-builder-picker]").count() == 1
    site_language = page.evaluate("document.documentElement.lang")
    assert site_language == preview.state_of_build.good.site.content.site.language
    # a part of a word is widened to the whole word; the words cross an entity link
    assert marker_after(page, "executive Tomas Be") == '[[cite:s000 "executive Tomas Berg"]]'
    note = page.locator("#site-builder-picker [data-note]").inner_text()
    assert "Unique" in note
    # the panel speaks the builder's English, marked so on a page in another language
    assert page.locator("#site-builder-picker").get_attribute("lang") == "en"
    # words found more than once are extended until they are unique
    page.evaluate("() => document.getSelection().removeAllRanges()")
    second = marker_after(page, "Bluefin", nth=0)
    assert second.startswith('[[cite:s000 "') and second != '[[cite:s000 "Bluefin"]]'
    quote = second[len('[[cite:s000 "'):-len('"]]')]
    text = page.evaluate("() => [...document.querySelectorAll('.source-text > [id]')].map((b) => b.textContent)"
                         ".join(' ')")
    assert " ".join(text.split()).count(quote) == 1
    # copy with the button
    page.get_by_role("button", name="Copy marker").click()
    page.wait_for_function("() => document.querySelector('#site-builder-picker [data-copied]').textContent === 'Copied.'")
    assert page.evaluate("() => navigator.clipboard.readText()") == second
    assert not page.console.errors


def test_the_picker_works_from_the_keyboard(preview, new_page):
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(preview.url + "sources/s002.html")
    marker = marker_after(page, "fair for both")
    assert marker == '[[cite:s002 "fair for both"]]'
    page.keyboard.press("Alt+C")
    page.wait_for_function("() => document.querySelector('#site-builder-picker [data-copied]').textContent === 'Copied.'")
    assert page.evaluate("() => navigator.clipboard.readText()") == marker
    copy = page.get_by_role("button", name="Copy marker")
    copy.focus()
    assert page.evaluate("() => document.activeElement.textContent") == "Copy marker"
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('site-builder-picker')")
    # the panel is a labelled region whose marker is announced
    assert not page.console.errors


def test_a_quote_with_brackets_and_quote_marks_is_escaped(preview, new_page):
    page = new_page()
    page.goto(preview.url + "sources/s001.html")
    assert marker_after(page, "a filing [1]") == '[[cite:s001 "a filing [1]"]]'
    page.goto(preview.url + "sources/s002.html")
    assert marker_after(page, 'called "fair') == '[[cite:s002 "called \\"fair"]]'


def test_only_source_pages_in_the_preview_have_the_picker(preview, new_page, tmp_path):
    page = new_page()
    page.goto(preview.url + "index.html")
    assert page.locator("script[data-site-builder-picker]").count() == 0
    assert page.locator("script[data-site-builder-preview]").count() == 1
    out = tmp_path / "built"
    assert build_site(BuildOptions(preview.root, out, search=False)).ok
    pages = list(out.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        html = path.read_bytes()
        assert b"site-builder-picker" not in html and b"__site_builder__" not in html, path
    # the built page, loaded as a reader would: the picker has no script there to come from, so a
    # selection cannot show it (no sleep waits for it not to appear); the same selection on the
    # preview's page does show it (the positive control: the selection is one the picker answers)
    page.goto(out.joinpath("sources", "s000.html").as_uri())
    assert page.evaluate(SELECT, ["Tomas Berg", 0])
    assert page.locator("script[data-site-builder-picker], script[data-site-builder-preview]").count() == 0
    assert page.evaluate("() => [...document.scripts].filter((s) => s.textContent.includes('__site_builder__')).length") == 0
    assert page.locator("#site-builder-picker").count() == 0
    page.goto(preview.url + "sources/s000.html")
    assert marker_after(page, "Tomas Berg") == '[[cite:s000 "Tomas Berg"]]'
