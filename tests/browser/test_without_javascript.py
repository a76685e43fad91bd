"""JavaScript off: every page reads and navigates the same; previews still open on focus."""
from __future__ import annotations

import re

import pytest

from .browser_support import wait_url, wait_visible

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
    wait_url(page, re.compile(r"timeline\.html$"), "the Timeline link to open the timeline")
    page.locator(".event .involved a").first.click()
    wait_url(page, re.compile(r"/(people|organizations)/"), "an event's first link to open a person or organization")
    page.locator(".mentions a").first.click()
    wait_url(page, re.compile(r"/sources/s\d+\.html(\?[^#]*)?#"), "a mention to open its passage in the source")


def test_citation_preview_opens_on_focus_without_javascript(new_page, site, page_kinds):
    page = new_page(java_script_enabled=False)
    page.goto(site + page_kinds["claim"])
    page.locator("main .cite-link").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    wait_visible(page.locator(".cite-link:focus + .cite-preview"), "the preview to show on keyboard focus")
    page.keyboard.press("Tab")
    page.locator("h1").hover()
    cite = page.locator("main .cite").nth(1)
    cite.locator(".cite-link").hover()
    wait_visible(cite.locator(".cite-preview"), "the preview to show on hover")
