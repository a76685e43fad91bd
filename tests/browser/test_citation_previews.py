"""Citation markers: the preview on hover, on keyboard focus and on tap; the link lands on
the highlighted passage; nothing stays stuck open after going back."""
from __future__ import annotations

import re

import pytest

from .browser_support import PAGE_KINDS, next_frames, wait_function, wait_hidden, wait_url, wait_visible

pytestmark = pytest.mark.browser

PREVIEW = ".cite-link:focus + .cite-preview"


def first_marker(page):
    return page.locator("main .cite").first


def test_preview_appears_on_hover(page, localized):
    page.goto(localized.url + PAGE_KINDS["claim"])
    cite = first_marker(page)
    preview = cite.locator(".cite-preview")
    assert not preview.is_visible()
    cite.locator(".cite-link").hover()
    wait_visible(preview, "the preview to show on hover")
    text = preview.inner_text()
    exact = cite.locator("mark").text_content()
    assert exact and exact in text, "the preview quotes the cited passage"
    box, view = preview.bounding_box(), page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= view["width"], "the preview stays on screen"
    page.mouse.move(5, 5)
    wait_hidden(preview, "the preview to close when the pointer leaves")


def test_preview_appears_on_keyboard_focus_and_escape_closes_it(page, localized):
    page.goto(localized.url + PAGE_KINDS["person"])
    link = page.locator("main .cite-link").first
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('cite-link')")
    preview = page.locator(PREVIEW)
    wait_visible(preview, "the preview to show on keyboard focus")
    described = page.evaluate("document.getElementById(document.activeElement.getAttribute('aria-describedby')).textContent")
    assert described.strip(), "the marker is described by its preview"
    page.keyboard.press("Escape")
    wait_hidden(preview, "Escape to close the preview")
    page.keyboard.press("Tab")   # moving on closes it for good; the next marker opens its own
    assert page.locator(".cite-preview:visible").count() <= 1


def test_marker_link_lands_on_the_highlighted_passage(page, localized):
    page.goto(localized.url + PAGE_KINDS["claim"])
    link = page.locator("main .cite-link").first
    exact = page.locator("main .cite").first.locator("mark").text_content()
    href = link.get_attribute("href")
    assert re.match(r"^\.\./sources/s\d{3}\.html#q-[0-9a-f]+", href), href
    link.click()
    wait_url(page, re.compile(r"/sources/s\d{3}\.html#q-"), "the marker's link to open the source passage")
    target = page.locator(":target")
    assert target.count() == 1
    assert target.evaluate("el => el.tagName") == "MARK" and "cited" in target.get_attribute("class")
    assert " ".join(target.text_content().split()) in " ".join(exact.split()) or \
        " ".join(exact.split()) in " ".join(target.text_content().split())
    highlighted = target.evaluate("el => getComputedStyle(el).backgroundColor")
    plain = page.locator("mark.cited:not(:target)").first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert highlighted != plain, "the landed-on passage stands out from the other cited passages"
    assert target.evaluate("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")


@pytest.mark.parametrize("width", [360, 390])
def test_tap_opens_preview_second_tap_follows_and_back_leaves_nothing_open(width, new_page, localized):
    page = new_page(width=width, height=780, is_mobile=True, has_touch=True)
    page.goto(localized.url + PAGE_KINDS["claim"])
    start = page.url
    cite = first_marker(page)
    link, preview = cite.locator(".cite-link"), cite.locator(".cite-preview")
    link.tap()
    wait_visible(preview, "the first tap to open the preview")
    assert page.url == start, "the first tap only opens the preview"
    box = preview.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"preview off screen: {box}"
    page.locator("h1").tap()
    wait_hidden(preview, "a tap elsewhere to close the preview")
    link.tap()
    wait_visible(preview, "a tap to open the preview again")
    link.tap()
    wait_url(page, re.compile(r"/sources/s\d{3}\.html#q-"), "the second tap to follow the link")
    page.go_back()
    wait_url(page, start, "going back to return to the claim")
    next_frames(page)   # the restored page has rendered: a preview left open would show now
    assert page.locator(".cite-preview:visible").count() == 0, "no preview is stuck open after going back"
    assert page.locator(".cite.open").count() == 0


def test_tap_preview_near_the_left_edge_stays_on_screen(new_page, site, page_kinds):
    page = new_page(width=360, height=780, is_mobile=True, has_touch=True)
    page.goto(site + page_kinds["person"])
    offenders = []
    for cite in page.locator("main .cite").all()[:12]:
        cite.scroll_into_view_if_needed()
        cite.locator(".cite-link").tap()
        box = cite.locator(".cite-preview").bounding_box()
        if box is None or box["x"] < 0 or box["x"] + box["width"] > 360:
            offenders.append(box)
        page.locator("h1").tap()
    assert not offenders, offenders


def test_every_reference_links_back_to_its_marker(page, localized):
    page.goto(localized.url + PAGE_KINDS["home"])
    refs = page.locator(".references li")
    assert refs.count() > 0
    back = refs.first.locator("a.back")
    back.click()
    wait_function(page, "location.hash.startsWith('#cite-')", "the reference's back link to reach its marker")
    assert page.locator(":target").evaluate("el => el.classList.contains('cite-link')")


@pytest.mark.parametrize("width", [1280, 800])
def test_hover_previews_stay_on_screen(width, new_page, site, page_kinds):
    page = new_page(width=width, height=900)
    offenders = []
    for kind in ("person", "home"):
        page.goto(site + page_kinds[kind])
        for cite in page.locator("main .cite").all()[:15]:
            cite.locator(".cite-link").hover()
            next_frames(page)   # the nudge is applied on the next frame
            box = cite.locator(".cite-preview").bounding_box()
            if box is None or box["x"] < 0 or box["x"] + box["width"] > width:
                offenders.append((kind, box))
    assert not offenders, offenders
