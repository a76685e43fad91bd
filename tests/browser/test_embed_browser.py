"""Embedded cards in a real browser: the site on one local port, a host's article on another.

The host page embeds three cards with the recommended snippet, taken as the site gives it
(the `html` of each card's oEmbed document, which the claim page's Embed section shows too),
sandbox attributes included. At each width the frame takes its content's height (no inner
scroll bar), the chart and every citation marker show, axe finds nothing inside the card,
"Full comparison" opens the claim page in the top window, and neither side logs an error.
"""
from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path

import pytest

from .browser_support import next_frames, wait_function, wait_url, wait_visible
from .test_axe_and_keyboard import AXE_OPTIONS, _describe

pytestmark = pytest.mark.browser

CLAIMS = ("deal-price", "stake-size", "deal-date")      # an amount, a percentage, a date: each with a chart
WIDTHS = (320, 390, 1280)
ARTICLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>A reporter's article</title><link rel="icon" href="data:,">
<style>
body {{ margin: 0; font: 18px/1.6 Georgia, serif; color: #222; background: #fff; }}
header {{ background: #222; color: #fff; padding: 12px 20px; font: 700 20px/1.2 Arial, sans-serif; }}
article {{ max-width: 680px; margin: 0 auto; padding: 0 16px 40px; }}
h1 {{ font-size: 30px; line-height: 1.2; }}
</style></head>
<body><header>The Daily Example</header>
<article><h1>What the reports say about the deal</h1>
<p>Reporting on the deal has not agreed on the basics. Here is how the accounts line up, with each
article's own words.</p>
{cards}
<p>The rest of the article continues below the embedded comparison.</p>
</article></body></html>
"""


class _HostHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, request, client_address, server):
        super().__init__(request, client_address, server, directory=str(server.folder))

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def host(tmp_path_factory, site_dir, site):
    """Another origin (another port) serving mock articles that embed cards."""
    folder = tmp_path_factory.mktemp("host")
    snippets = {cid: oembed(site_dir, f"embed/claims/{cid}.oembed.json")["html"] for cid in CLAIMS}
    (folder / "article.html").write_text(ARTICLE.format(cards="\n<p>…</p>\n".join(snippets.values())))
    (folder / "one-card.html").write_text(ARTICLE.format(cards=snippets[CLAIMS[0]]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _HostHandler)
    server.daemon_threads = True
    server.folder = folder
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", folder
    server.shutdown()
    server.server_close()


def run_axe_in_card(frame, axe_script) -> list[dict]:
    """axe inside a card's frame. A sandboxed card has the origin "null": axe's preload (which
    fetches the stylesheets again by XHR, for its CSSOM checks) would be refused by CORS and
    log an error that is axe's, not the card's; the rules all run without it."""
    frame.evaluate(axe_script)
    return frame.evaluate("options => axe.run(document, options)", {**AXE_OPTIONS, "preload": False})["violations"]


def oembed(site_dir: Path, path: str) -> dict:
    return json.loads((site_dir / path).read_text(encoding="utf-8"))


def card_frame(page, claim_id: str):
    frame = next((f for f in page.frames if f.url.endswith(f"embed/claims/{claim_id}.html")), None)
    assert frame is not None, f"no frame for {claim_id}: {[f.url for f in page.frames]}"
    return frame


@pytest.mark.parametrize("width", WIDTHS)
def test_three_cards_take_their_height_show_chart_and_markers_and_pass_axe(width, new_page, site, host, axe_script):
    host_url, _ = host
    # the phone width in dark mode: the card follows the reader's setting (axe checks its contrast)
    page = new_page(width=width, height=800, color_scheme="dark" if width == 390 else "light")
    page.goto(host_url + "article.html")
    for cid in CLAIMS:
        src = f"embed/claims/{cid}.html"
        frame_el = page.locator(f'iframe[src$="{src}"]')
        frame_el.scroll_into_view_if_needed()
        wait_function(page, """src => {
            const el = document.querySelector(`iframe[src$="${src}"]`);
            return el.style.height !== "";
        }""", f"the host script to size the frame of {cid}", arg=src)
        frame = card_frame(page, cid)
        # the frame is exactly as tall as the card's content, and the card does not scroll inside it
        wait_function(frame, """() => {
            const content = Math.ceil(document.documentElement.getBoundingClientRect().height);
            return Math.abs(window.innerHeight - content) <= 1;
        }""", f"the frame of {cid} to match its content's height at {width} px")
        inner = frame.evaluate("""() => ({scroll: document.documentElement.scrollHeight, view: window.innerHeight,
                                          wide: document.documentElement.scrollWidth, across: window.innerWidth})""")
        assert inner["scroll"] <= inner["view"], f"{cid} at {width} px scrolls inside its frame: {inner}"
        assert inner["wide"] <= inner["across"], f"{cid} at {width} px scrolls sideways: {inner}"
        box = frame_el.bounding_box()
        assert box is not None and box["width"] <= width
        # the chart and every marker are shown, inside the frame's box
        chart = frame.locator("figure.chart")
        wait_visible(chart, f"the chart of {cid}")
        markers = frame.locator(".cite-link")
        assert markers.count() >= 1, f"{cid} has no citation marker"
        for i in range(markers.count()):
            marker = markers.nth(i)
            assert marker.is_visible(), f"{cid}: marker {i + 1} hidden at {width} px"
            mbox = marker.bounding_box()
            assert mbox is not None and box["y"] - 1 <= mbox["y"] and mbox["y"] + mbox["height"] <= box["y"] + box["height"] + 1
            assert box["x"] - 1 <= mbox["x"] and mbox["x"] + mbox["width"] <= box["x"] + box["width"] + 1
        violations = run_axe_in_card(frame, axe_script)
        assert not violations, f"{cid} at {width} px:\n" + _describe(violations)
    assert not page.console.errors, "\n".join(page.console.errors)


def test_full_comparison_opens_the_claim_page_in_the_top_window(new_page, site, host):
    host_url, _ = host
    page = new_page(width=390)
    page.goto(host_url + "one-card.html")
    cid = CLAIMS[0]
    page.locator(f'iframe[src$="embed/claims/{cid}.html"]').scroll_into_view_if_needed()
    frame = page.frame_locator(f'iframe[src$="embed/claims/{cid}.html"]')
    link = frame.locator("a.card-full")
    wait_visible(link, "the card's 'Full comparison' link")
    link.click()
    wait_url(page, site + f"claims/{cid}.html", "the claim page to open in the top window")
    assert page.locator("h1").inner_text().strip() == oembed_title(page)
    assert not page.console.errors, "\n".join(page.console.errors)


def oembed_title(page) -> str:
    return page.evaluate("() => document.title.split(' · ')[0]")


def test_the_host_script_ignores_messages_from_another_origin(new_page, site, site_dir, host):
    """Given another origin, the host script leaves the frame at its fixed height: checked once
    the card's message has reached the page (a listener registered after the host script's)."""
    host_url, folder = host
    snippet = oembed(site_dir, f"embed/claims/{CLAIMS[0]}.oembed.json")["html"]
    frame_html, _, script = snippet.partition("\n")
    wrong = script.replace(' async', '').replace('data-origin="http://127.0.0.1', 'data-origin="http://localhost')
    assert wrong != script.replace(' async', '')
    listener = ("<script>window.heard = 0; window.addEventListener('message', e => "
                "{ if (e.data && e.data.type === 'explainer-embed:height') window.heard++; });</script>")
    (folder / "wrong-origin.html").write_text(ARTICLE.format(cards=f"{wrong}\n{listener}\n{frame_html}"))
    page = new_page(width=390)
    page.goto(host_url + "wrong-origin.html")
    page.locator("iframe").scroll_into_view_if_needed()
    wait_function(page, "() => window.heard > 0", "the card's height message to reach the host page")
    assert page.evaluate("() => document.querySelector('iframe').style.height") == ""
    fixed = oembed(site_dir, f"embed/claims/{CLAIMS[0]}.oembed.json")["height"]
    assert page.locator("iframe").bounding_box()["height"] == pytest.approx(fixed, abs=1)


def test_a_card_works_without_the_host_script_at_its_fixed_height(new_page, site_dir, host):
    host_url, folder = host
    snippet = oembed(site_dir, f"embed/claims/{CLAIMS[1]}.oembed.json")
    (folder / "frame-only.html").write_text(ARTICLE.format(cards=snippet["html"].partition("\n")[0]))
    page = new_page(width=1280, java_script_enabled=True)
    page.goto(host_url + "frame-only.html")
    frame_el = page.locator("iframe")
    frame_el.scroll_into_view_if_needed()
    frame = page.frame_locator("iframe")
    wait_visible(frame.locator("figure.chart"), "the chart in a frame without the host script")
    assert frame_el.bounding_box()["height"] == pytest.approx(snippet["height"], abs=1)


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshot_of_a_card_in_a_mock_article(width, new_page, host, screenshot_dir):
    """docs/screenshots/embed-article-*.png (docs/refresh-embed-screenshots writes them there;
    a test run writes to the ignored tests/artifacts/)."""
    host_url, _ = host
    page = new_page(width=width, height=900)
    page.goto(host_url + "one-card.html")
    cid = CLAIMS[0]
    wait_function(page, """src => document.querySelector(`iframe[src$="${src}"]`).style.height !== \"\"""",
                  "the card to be sized", arg=f"embed/claims/{cid}.html")
    frame = card_frame(page, cid)
    wait_visible(frame.locator("figure.chart"), "the card's chart")
    wait_function(frame, """() => Math.abs(window.innerHeight
                              - Math.ceil(document.documentElement.getBoundingClientRect().height)) <= 1""",
                  "the frame to match its content's height")
    # a window as tall as the article: Chromium paints a cross-origin frame only where the window shows it
    page.set_viewport_size({"width": width, "height": page.evaluate("() => document.documentElement.scrollHeight")})
    next_frames(page)
    next_frames(frame)
    path = screenshot_dir / f"embed-article-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000


@pytest.mark.parametrize("card", ["embed/key-figures.html", "embed/timeline.html"])
def test_the_key_figures_and_timeline_cards_take_their_height_and_pass_axe(card, new_page, site_dir, host, axe_script):
    host_url, folder = host
    snippet = oembed(site_dir, card.removesuffix(".html") + ".oembed.json")["html"]
    name = card.replace("/", "-")
    (folder / name).write_text(ARTICLE.format(cards=snippet))
    for width in (390, 1280):
        page = new_page(width=width)
        page.goto(host_url + name)
        page.locator("iframe").scroll_into_view_if_needed()
        wait_function(page, "() => document.querySelector('iframe').style.height !== ''", f"{card} to be sized")
        frame = next(f for f in page.frames if f.url.endswith(card))
        wait_function(frame, """() => Math.abs(window.innerHeight
                                  - Math.ceil(document.documentElement.getBoundingClientRect().height)) <= 1""",
                      f"the frame of {card} to match its content's height at {width} px")
        assert frame.evaluate("() => document.documentElement.scrollHeight <= window.innerHeight")
        violations = run_axe_in_card(frame, axe_script)
        assert not violations, f"{card} at {width} px:\n" + _describe(violations)
        assert not page.console.errors, "\n".join(page.console.errors)


def test_the_claim_page_copies_the_embed_code(new_page, site, site_dir):
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(site + f"claims/{CLAIMS[0]}.html")
    page.locator(".embed summary").click()
    button = page.locator("button.embed-copy")
    wait_visible(button, "the copy button (shown by its script)")
    button.click()
    wait_function(page, "() => document.querySelector('.embed-status').textContent !== ''", "the copy to be confirmed")
    expected = oembed(site_dir, f"embed/claims/{CLAIMS[0]}.oembed.json")["html"]
    assert page.evaluate("() => navigator.clipboard.readText()") == expected
    assert not page.console.errors, "\n".join(page.console.errors)


def test_without_javascript_the_embed_code_is_there_to_select(new_page, site, site_dir):
    page = new_page(java_script_enabled=False)
    page.goto(site + f"claims/{CLAIMS[0]}.html")
    field = page.locator("#embed-code")
    assert not field.is_visible()                       # folded in its <details>
    page.locator(".embed summary").click()
    wait_visible(field, "the embed code once the section is opened")
    assert not page.locator("button.embed-copy").is_visible()   # the button needs its script
    assert field.get_attribute("readonly") is not None
    assert field.input_value() == oembed(site_dir, f"embed/claims/{CLAIMS[0]}.oembed.json")["html"]
    field.click()
    page.keyboard.press("Control+A")
    assert page.evaluate("() => { const f = document.activeElement; return f.value.slice(f.selectionStart, f.selectionEnd); }") \
        == field.input_value()
