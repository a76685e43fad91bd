"""Screenshots for review: the home page, a comparison and a person page, at 1280 px (desktop)
and 390 px (phone), plus the price chart and the timeline strip on their own. Written to
tests/artifacts/screenshots/ (ignored); `docs/refresh-screenshots` writes them to
docs/screenshots/, the folder the README names."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# name -> (page, element to shoot; None: the whole page)
SHOTS = {"home": ("index.html", None), "comparison": ("claims/deal-price.html", None),
         "person": ("people/alexandr-wang.html", None),
         "price-chart": ("claims/deal-price.html", "figure.chart"),
         "timeline-strip": ("timeline.html", "figure.strip-figure")}


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots(width, new_page, site, screenshot_dir):
    phone = width < 500
    page = new_page(width=width, height=900 if not phone else 844, is_mobile=phone, has_touch=phone,
                    device_scale_factor=1, color_scheme="light")
    for name, (path, element) in SHOTS.items():
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        target = screenshot_dir / f"{name}-{width}.png"
        if element:
            page.locator(element).first.screenshot(path=str(target))
            assert target.stat().st_size > 5_000
        else:
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 10_000
        assert page.evaluate("document.documentElement.scrollWidth") <= width
