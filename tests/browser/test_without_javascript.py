"""JavaScript off: every page reads and navigates the same; previews still open on focus."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_every_kind_reads_and_navigates_without_javascript(new_page, site, page_kinds):
    page = new_page(java_script_enabled=False)
    for kind, path in page_kinds.items():
        page.goto(site + path)
        assert page.locator("h1").first.is_visible(), kind
        nav = page.locator("nav[aria-label='Sections'] a")
        assert nav.count() >= 6, kind
        assert page.locator("main").inner_text().strip(), kind
        if kind == "search":
            assert page.locator("noscript").count() == 1
        elif kind != "404":
            assert page.locator("main a[href]").count() >= 3, f"{kind}: links lead on"
    # navigate by links alone: home -> timeline -> a person -> a source passage
    page.goto(site + "index.html")
    page.click("nav[aria-label='Sections'] >> text=Timeline")
    assert page.url.endswith("timeline.html")
    page.locator(".event .involved a").first.click()
    assert "/people/" in page.url or "/organizations/" in page.url
    page.locator(".mentions a").first.click()
    assert "/sources/s" in page.url and "#" in page.url


def test_citation_preview_opens_on_focus_without_javascript(new_page, site, page_kinds):
    page = new_page(java_script_enabled=False)
    page.goto(site + page_kinds["claim"])
    page.locator("main .cite-link").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.locator(".cite-link:focus + .cite-preview").is_visible()
    page.keyboard.press("Tab")
    page.locator("h1").hover()
    cite = page.locator("main .cite").nth(1)
    cite.locator(".cite-link").hover()
    assert cite.locator(".cite-preview").is_visible()
