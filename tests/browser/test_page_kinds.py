"""Every page kind in a real Chromium: loads cleanly, fits a phone, holds still, says what it is."""
from __future__ import annotations

import json

import pytest

from .browser_support import PAGE_KINDS, next_frames, wait_selector

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("kind", [*list(PAGE_KINDS), "page"])
def test_page_loads_without_console_errors(kind, page, site, page_kinds):
    if kind not in page_kinds:
        pytest.skip("no narrative page in content/pages")
    response = page.goto(site + page_kinds[kind])
    page.wait_for_load_state("networkidle")
    if kind == "search":
        page.fill("#search-input", "Scale")
        wait_selector(page, ".search-result", "search results for 'Scale'")
    errors = page.console.errors
    if kind == "404":
        assert response.status == 404
        # the browser reports the 404 status of the page itself; nothing else may fail
        errors = [e for e in errors if not (e.startswith("HTTP 404") or "404 (Not Found)" in e)]
        assert page.evaluate("getComputedStyle(document.body).fontFamily") != "", "the 404 page must be styled"
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderTopWidth") == "4px", \
            "the 404 page, served at any depth, must still load its stylesheet"
    else:
        assert response.status == 200
    assert not errors, f"{page_kinds[kind]}:\n" + "\n".join(errors)
    assert page.locator("h1").first.is_visible()


@pytest.mark.parametrize("width", [360, 390])
def test_no_horizontal_scroll_on_a_phone(width, new_page, site, site_dir, page_kinds):
    from .browser_support import narrative_pages

    page = new_page(width=width, height=780, is_mobile=True, has_touch=True)
    paths = sorted(set(page_kinds.values()) | set(narrative_pages(site_dir)))
    wide = []
    for path in paths:
        page.goto(site + path)
        # A mobile viewport widens itself to fit wide content, so compare with the width asked for.
        sizes = page.evaluate("""() => ({doc: document.documentElement.scrollWidth, body: document.body.scrollWidth,
                                          inner: window.innerWidth})""")
        if max(sizes.values()) > width:
            culprits = page.evaluate("""width => [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > width + 1)
                .slice(0, 5).map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))""",
                                     width)
            wide.append(f"{path}: {sizes} {culprits}")
    assert not wide, "\n".join(wide)


def test_matrix_scrolls_inside_its_own_region_on_a_phone(new_page, site, page_kinds):
    page = new_page(width=360, height=780, is_mobile=True, has_touch=True)
    page.goto(site + page_kinds["matrix"])
    region = page.locator(".table-scroll")
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
    assert page.evaluate("document.querySelector('.table-scroll').scrollWidth > document.querySelector('.table-scroll').clientWidth")


@pytest.mark.parametrize("kind", ["home", "claim", "person", "search"])
def test_no_layout_shift(kind, page, site, page_kinds):
    page.add_init_script("""
        window.__cls = 0;
        new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
            .observe({type: 'layout-shift', buffered: true});
    """)
    url = site + page_kinds[kind] + ("?q=Droege" if kind == "search" else "")
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if kind == "search":
        wait_selector(page, ".search-result", "search results for ?q=Droege")
    page.evaluate("document.fonts.ready.then(() => true)")     # web fonts in: what could shift has
    next_frames(page)
    assert page.evaluate("window.__cls") < 0.01


def test_metadata_on_every_kind(page, site, site_dir, page_kinds):
    """Title, a meaningful description, canonical URL (a base URL is set), Open Graph and
    Twitter cards, favicon and feed: on every page kind, each description its own."""
    descriptions = {}
    for kind, path in page_kinds.items():
        page.goto(site + path)
        head = page.evaluate("""() => {
            const meta = n => document.querySelector(`meta[name="${n}"], meta[property="${n}"]`)?.content ?? null;
            const link = r => document.querySelector(`link[rel="${r}"]`)?.href ?? null;
            return {title: document.title, description: meta('description'), ogTitle: meta('og:title'),
                    ogDescription: meta('og:description'), ogType: meta('og:type'), ogUrl: meta('og:url'),
                    twitter: meta('twitter:card'), canonical: link('canonical'), icon: link('icon'),
                    feed: document.querySelector('link[rel=alternate][type="application/atom+xml"]')?.href ?? null,
                    robots: meta('robots'), lang: document.documentElement.lang};
        }""")
        assert head["lang"] == "en"
        assert head["title"] and len(head["title"]) <= 120, (kind, head["title"])
        assert head["description"] and 50 <= len(head["description"]) <= 300, (kind, head["description"])
        assert "[[cite" not in head["description"] and "](" not in head["description"], (kind, head["description"])
        assert head["ogTitle"] and head["ogDescription"] == head["description"] and head["ogType"]
        assert head["twitter"] == "summary"
        assert head["icon"].endswith("assets/favicon.svg") and head["feed"].endswith("feed.xml")
        if kind == "404":
            assert head["canonical"] is None and head["robots"] == "noindex"
        else:
            assert head["canonical"] == site + path, (kind, head["canonical"])
            assert head["ogUrl"] == head["canonical"]
        descriptions[kind] = head["description"]
    same = [k for k, d in descriptions.items() if list(descriptions.values()).count(d) > 1]
    assert not same, f"these kinds share a description: {same}"


def test_json_ld_is_valid_json(page, site, page_kinds):
    for kind in ("person", "organization"):
        page.goto(site + page_kinds[kind])
        blocks = page.locator("script[type='application/ld+json']").all_text_contents()
        assert blocks
        for block in blocks:
            data = json.loads(block)
            assert data["@context"] == "https://schema.org" and data["name"]
