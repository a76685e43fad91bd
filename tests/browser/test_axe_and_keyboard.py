"""WCAG 2.2 AA in Chromium: axe-core on every page kind, light and dark; keyboard use."""
from __future__ import annotations

import pytest
from projects import SHIPPED_LANGUAGES

from .browser_support import PAGE_KINDS, narrative_pages, wait_selector, wait_visible

pytestmark = pytest.mark.browser

# Every rule axe runs by default (WCAG A/AA up to 2.2 and best practices), plus the WCAG 2.2
# target-size rule, which axe leaves off by default.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
KINDS = [*list(PAGE_KINDS), "page"]


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:6]:
            summary = (node.get("failureSummary") or "").splitlines()
            lines.append(f"    {' '.join(node['target'][:1])}: {summary[-1].strip() if summary else ''}")
    return "\n".join(lines)


def run_axe(page, axe_script) -> list[dict]:
    page.evaluate(axe_script)
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", KINDS)
def test_axe_finds_no_violations(kind, scheme, new_page, site, site_dir, page_kinds, axe_script):
    if kind not in page_kinds:
        pytest.skip("no narrative page in content/pages")
    page = new_page(color_scheme=scheme)
    paths = narrative_pages(site_dir) if kind == "page" else [page_kinds[kind]]
    failures = []
    for path in paths:
        page.goto(site + path)
        if kind == "search":  # audit the results too, not just the empty form
            page.fill("#search-input", "Droege")
            wait_selector(page, ".search-result", "search results for 'Droege'")
        violations = run_axe(page, axe_script)
        if violations:
            failures.append(f"{path} ({scheme}):\n" + _describe(violations))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("kind", KINDS)
def test_axe_finds_no_violations_in_french(kind, new_page, french_site, axe_script):
    """The same audit on the site in French: its words, its lang="en" quotes, its formats."""
    base, out = french_site
    kinds = dict(PAGE_KINDS)
    paths = narrative_pages(out) if kind == "page" else [kinds[kind]]
    if not paths:
        pytest.skip("no narrative page in content/pages")
    page = new_page(color_scheme="light")
    failures = []
    for path in paths:
        page.goto(base + path)
        assert page.evaluate("document.documentElement.lang") == "fr"
        if kind == "search":
            page.fill("#search-input", "Droege")
            wait_selector(page, ".search-result", "search results for 'Droege'")
        violations = run_axe(page, axe_script)
        if violations:
            failures.append(f"{path}:\n" + _describe(violations))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("lang", [lang for lang in SHIPPED_LANGUAGES if lang not in ("en", "fr")])
def test_axe_in_the_other_shipped_languages(lang, new_page, served_in, axe_script):
    """Every other shipped language (longer words, other quotes and formats), on the pages that
    carry the most of the theme's words."""
    base, _ = served_in(lang, search=False)
    page = new_page(color_scheme="light")
    failures = []
    for kind in ("claim", "matrix", "timeline"):
        page.goto(base + PAGE_KINDS[kind])
        assert page.evaluate("document.documentElement.lang") == lang
        violations = run_axe(page, axe_script)
        if violations:
            failures.append(f"{PAGE_KINDS[kind]}:\n" + _describe(violations))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("kind", ["claim", "home"])
def test_axe_with_a_citation_preview_open(kind, page, site, page_kinds, axe_script):
    """The preview is hidden until asked for; audit it while it shows."""
    page.goto(site + page_kinds[kind])
    page.focus(".cite-link")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")   # keyboard focus: :focus-visible, so the preview opens
    wait_visible(page.locator(".cite-link:focus + .cite-preview"), "the focused marker's preview to show")
    violations = run_axe(page, axe_script)
    assert not violations, _describe(violations)


def test_first_tab_reaches_a_visible_skip_link_that_moves_focus_to_main(page, localized):
    page.goto(localized.url + "claims/deal-price.html")
    assert page.evaluate("document.documentElement.lang") == localized.lang
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").inner_text() == localized.say("Skip to content")
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 10, "the skip link must be on screen when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_keyboard_focus_is_always_visible(page, localized):
    """Tab through the first forty stops of the home page: each has a visible outline."""
    page.goto(localized.url + "index.html")
    seen = 0
    for _ in range(40):
        page.keyboard.press("Tab")
        style = page.evaluate("""() => {
            const el = document.activeElement, cs = getComputedStyle(el);
            const r = el.getBoundingClientRect();
            return {tag: el.tagName, text: el.textContent.trim().slice(0, 40), outline: cs.outlineStyle,
                    width: parseFloat(cs.outlineWidth), w: r.width, h: r.height};
        }""")
        if style["tag"] == "BODY":
            break
        seen += 1
        assert style["outline"] != "none" and style["width"] >= 2, f"no visible focus on {style}"
        assert style["w"] > 0 and style["h"] > 0, f"focus went to an invisible element: {style}"
    assert seen >= 20


def test_landmarks_and_headings(page, localized):
    """The landmarks and their names, in the site's language."""
    sections, breadcrumb = localized.say("Sections"), localized.say("Breadcrumb")
    for kind in ("home", "claim", "person", "source", "timeline"):
        page.goto(localized.url + PAGE_KINDS[kind])
        assert page.locator("header.site-header").count() == 1
        assert page.locator("main#main").count() == 1
        assert page.locator("footer.site-footer").count() == 1
        assert page.get_by_role("navigation", name=sections, exact=True).count() == 1
        assert page.locator("h1").count() == 1, f"{kind}: one h1"
        if kind != "home":
            assert page.get_by_role("navigation", name=breadcrumb, exact=True).locator("[aria-current='page']").count() == 1


def test_conflict_marks_are_never_colour_alone(page, site, page_kinds):
    """Every status and cell verdict carries a symbol and words, not only a colour."""
    from site_builder.render.vocabulary import CELL, STATUS

    symbols = {label.icon for label in (*STATUS.values(), *CELL.values())}
    page.goto(site + page_kinds["matrix"])
    for selector in (".status", ".chip"):
        texts = page.locator(selector).all_inner_texts()
        assert texts, selector
        for text in texts:
            assert any(symbol in text for symbol in symbols), f"{selector} without a symbol: {text!r}"
            assert any(ch.isalpha() for ch in text), f"{selector} without words: {text!r}"
    page.goto(site + page_kinds["claim"])
    differs = page.locator(".column.cell-differs")
    assert differs.count() >= 1
    assert "Differs" in differs.first.text_content()
