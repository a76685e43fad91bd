"""Full-text search (Pagefind) on a static host under a sub-path: finds people and passages,
and the page a result opens highlights the searched words."""
from __future__ import annotations

import re

import pytest

from .browser_support import wait_function, wait_selector, wait_url

pytestmark = pytest.mark.browser


def search(page, site, query):
    page.goto(site + "search.html")
    page.fill("#search-input", query)
    wait_selector(page, ".search-result", f"search results for '{query}'")
    return page.locator(".search-result")


def test_search_finds_droege(page, localized):
    results = search(page, localized.url, "Droege")
    titles = results.locator(".result-title a").all_inner_texts()
    assert "Jason Droege" in titles, titles
    status = page.locator("#search-status").inner_text()
    count = results.count()
    assert count < 20      # (beyond, the status says "the best 20 shown")
    said = localized.say("{count} result for “{query}”.", "{count} results for “{query}”.", count)
    assert status == said.replace("{count}", str(count)).replace("{query}", "Droege"), status
    marks = results.locator(".result-excerpt mark").all_inner_texts()
    assert any(m.lower().startswith("droege") for m in marks), marks
    assert not page.console.errors, page.console.errors


def test_results_stay_under_the_sub_path_and_highlight_on_landing(page, localized):
    results = search(page, localized.url, "Droege")
    link = results.locator(".result-title a", has_text="Jason Droege").first
    href = link.get_attribute("href")
    assert href.startswith("/explainer/"), f"result links must keep the sub-path: {href}"
    assert "highlight=droege" in href.lower()
    link.click()
    wait_url(page, re.compile(r"/explainer/people/jason-droege\.html\?highlight="), "the result's page to open")
    wait_selector(page, "main mark.search-hit", "the searched word to be highlighted on the page")
    hits = page.locator("main mark.search-hit")
    assert hits.count() >= 1
    assert all(h.lower() == "droege" for h in hits.all_inner_texts())
    first = hits.first
    assert first.evaluate("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    assert not page.console.errors, page.console.errors


def test_every_kind_of_page_and_the_articles_are_indexed(page, site):
    search(page, site, "annotators")
    page.fill("#search-input", "Zuckerberg")
    wait_function(page, "document.querySelector('#search-status').textContent.includes('Zuckerberg')",
                  "the search status to report results for 'Zuckerberg'")
    kinds = {k.lower() for k in page.locator(".search-result .result-kind").all_text_contents()}
    assert {"person", "source article"} <= kinds, kinds


def test_query_in_the_address_runs_the_search(page, site):
    """The form is a plain GET form: search.html?q=... (typed, bookmarked or submitted) searches."""
    page.goto(site + "search.html?q=Droege")
    wait_selector(page, ".search-result", "search results for ?q=Droege")
    assert page.input_value("#search-input") == "Droege"
    page.fill("#search-input", "Tahoe")
    page.keyboard.press("Enter")
    wait_function(page, "document.querySelector('#search-status').textContent.includes('Tahoe')",
                  "the search status to report results for 'Tahoe'")
    assert "q=Tahoe" in page.url


def test_no_results_is_said_out_loud(page, site):
    page.goto(site + "search.html")
    page.fill("#search-input", "xylophonequartz")
    wait_function(page, "document.querySelector('#search-status').textContent.startsWith('No results')",
                  "the search status to say there are no results")
    assert page.locator("#search-status").get_attribute("role") == "status"
    assert page.locator(".search-result").count() == 0


def test_after_one_page_is_edited_a_warm_build_finds_the_new_words(page, site, site_dir, tmp_path):
    """A warm build re-indexes only the edited page's shard (tests/test_search_shards.py counts
    the runs); the search page merges the shards, and the new words are found on that page."""
    import shutil

    from projects import copy_project

    from site_builder.pipeline import BuildOptions
    from site_builder.pipeline.cache import cached_build

    root = copy_project(tmp_path / "proj")
    assert cached_build(BuildOptions(root)).ok
    person = root / "content" / "people" / "jason-droege.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace("summary: >-\n", "summary: >-\n  Quokkafied marmalade.\n", 1),
                      encoding="utf-8")
    update = cached_build(BuildOptions(root))
    assert update.ok and update.result.from_state
    served = site_dir / "edited"        # served beside the shared site, under the same sub-path; removed after
    shutil.copytree(root / "output", served)
    try:
        results = search(page, site + "edited/", "Quokkafied")
        titles = results.locator(".result-title a").all_inner_texts()
        assert titles == ["Jason Droege"], titles
        assert not page.console.errors, page.console.errors
    finally:
        shutil.rmtree(served)


def test_a_stale_preview_index_is_said_in_the_sites_language(page, localized):
    """While the preview's index catches up with edits (write/search.mark_stale), the search page
    says so: in the site's words (the page carries them; the script has none of its own)."""
    import shutil

    from site_builder.write.search import mark_stale

    served = localized.folder / "stale"     # served beside the site, under the same sub-path; removed after
    shutil.copytree(localized.folder, served, ignore=shutil.ignore_patterns("stale", "edited"))
    try:
        mark_stale(served)
        search(page, localized.url + "stale/", "Droege")
        notice = page.locator(".search-stale")
        assert notice.inner_text() == localized.say(
            "The preview is still indexing the latest edits: results may miss them for a moment.")
        assert not page.console.errors, page.console.errors
    finally:
        shutil.rmtree(served)
