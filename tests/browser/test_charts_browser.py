"""The charts in a real browser: readable on a phone without page-level sideways scrolling,
the timeline strip scrolling inside its own labelled region, axe-clean in light and dark."""
from __future__ import annotations

import pytest

from .test_axe_and_keyboard import _describe, run_axe

pytestmark = pytest.mark.browser

CHART_PAGES = ["claims/deal-price.html", "claims/annotator-network.html", "claims/deal-date.html",
               "claims/wang-age.html", "claims/layoffs.html", "claims/scale-founding-year.html"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_pages_have_no_axe_violations(scheme, new_page, site, axe_script):
    page = new_page(color_scheme=scheme)
    failures = []
    for path in [*CHART_PAGES, "timeline.html", "index.html"]:
        page.goto(site + path)
        violations = run_axe(page, axe_script)
        if violations:
            failures.append(f"{path} ({scheme}):\n" + _describe(violations))
    assert not failures, "\n".join(failures)


def test_charts_fit_a_phone_and_their_labels_stay_inside(new_page, site):
    page = new_page(width=390, height=844, is_mobile=True, has_touch=True)
    for path in CHART_PAGES:
        page.goto(site + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        outside = page.evaluate("""() => {
            const out = [];
            for (const svg of document.querySelectorAll('.chart-axis')) {
                const box = svg.getBoundingClientRect();
                for (const t of svg.querySelectorAll('text')) {
                    const r = t.getBoundingClientRect();
                    if (r.width && (r.left < box.left - 1 || r.right > box.right + 1)) out.push(t.textContent);
                }
            }
            return out;
        }""")
        assert not outside, f"{path}: labels cut off: {outside}"
        overlaps = page.evaluate("""() => {
            const shown = [...document.querySelectorAll('.chart-foot text')].filter(t => t.getBoundingClientRect().width)
                .map(t => t.getBoundingClientRect());
            let n = 0;
            for (let i = 1; i < shown.length; i++) if (shown[i].left < shown[i - 1].right) n++;
            return n;
        }""")
        assert overlaps == 0, f"{path}: axis labels overlap on a phone"


def test_the_timeline_strip_scrolls_in_its_own_region_on_a_phone(new_page, site):
    page = new_page(width=390, height=844, is_mobile=True, has_touch=True)
    page.goto(site + "timeline.html")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    region = page.locator(".strip-scroll")
    assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
    assert region.get_attribute("aria-label")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth"), "the strip scrolls inside its region"


def test_a_strip_mark_is_a_keyboard_link_to_its_event(page, site):
    page.goto(site + "timeline.html")
    page.focus(".strip-scroll")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused and focused.startswith("#")
    stroke = page.evaluate("getComputedStyle(document.activeElement.querySelector('.hit')).strokeWidth")
    assert float(stroke.rstrip("px")) >= 2, "a focused mark shows it"
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash.length > 1")
    target = page.evaluate("location.hash.slice(1)")
    assert page.locator(f"[id='{target}']").is_visible()
