"""The print stylesheet (citations as footnotes with their passage), dark mode, and the
site opened straight from disk (file://)."""
from __future__ import annotations

import re

import pytest

from .browser_support import wait_function, wait_selector, wait_url

pytestmark = pytest.mark.browser


def test_print_shows_citations_as_footnotes_with_the_passage(page, site, page_kinds):
    page.goto(site + page_kinds["claim"])
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".breadcrumbs", ".cite-preview"):
        assert all(not el.is_visible() for el in page.locator(hidden).all()), hidden
    refs = page.locator(".references li")
    assert refs.count() >= 1 and refs.first.is_visible()
    quote = refs.first.locator("q")
    assert quote.is_visible() and len(quote.text_content()) > 10, "each footnote quotes its passage"
    assert quote.evaluate("el => getComputedStyle(el, '::before').content") != "none"
    numbers = page.locator("main .cite-link").all_inner_texts()
    assert numbers and all(n.split()[-1].isdigit() for n in numbers)
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF" and len(pdf) > 10_000


def test_dark_mode_follows_the_system_setting(new_page, site):
    colours = {}
    for scheme in ("light", "dark"):
        page = new_page(color_scheme=scheme)
        page.goto(site + "index.html")
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert colours["light"] != colours["dark"]
    r, g, b = (int(x) for x in colours["dark"].strip("rgb()").split(",")[:3])
    assert max(r, g, b) < 60, colours


def test_site_works_opened_from_disk(page, site_dir):
    page.goto((site_dir / "index.html").as_uri())
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderTopWidth") == "4px"
    page.click("nav[aria-label='Sections'] >> text=Comparisons")
    wait_url(page, re.compile(r"claims/index\.html$"), "the Comparisons link to open claims/index.html")
    page.locator(".claim-list a").first.click()
    wait_url(page, re.compile(r"/claims/(?!index\.html)[^/]+\.html$"), "the first comparison to open")
    wait_selector(page, ".column", "the comparison's columns")
    page.goto((site_dir / "search.html").as_uri())
    wait_function(page, "document.querySelector('#search-status').textContent.length > 0",
                  "the search page to say why search is not available from disk")
    assert "served" in page.locator("#search-status").inner_text()
