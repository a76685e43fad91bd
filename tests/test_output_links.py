"""The whole written output, checked from disk: every internal link and every #fragment,
across pages, assets, the Pagefind bundle, the sitemap and the feed. Zero broken links.

(The build checks the links and ids its pages recorded while rendering, before writing -
tests/test_link_recording.py compares those records with this scan; this test scans what
actually landed on disk, including the files the build copies or Pagefind writes.)
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from projects import ROOT, SHIPPED_LANGUAGES

from site_builder.pipeline import BuildOptions, build_site
from site_builder.write.linkcheck import BrokenLink, check_links

BASE = "https://example.org/deal-explainer/"


def read_tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def deployed(tmp_path_factory) -> Path:
    """The site as the Pages workflow builds it: with a base URL under a sub-path."""
    out = tmp_path_factory.mktemp("deployed") / "output"
    result = build_site(BuildOptions(ROOT, out, base_url=BASE))
    assert result.ok, "\n".join(p.format(ROOT) for p in result.errors)
    return out


@pytest.mark.parametrize("lang", SHIPPED_LANGUAGES)
def test_every_link_and_fragment_on_disk_resolves(lang, real_build, site_in_language):
    """In every shipped language: the pages' anchors and links are the same, their words are not."""
    out = real_build[1] if lang == "en" else site_in_language(lang)[1]
    files = read_tree(out)
    assert any(p.startswith("pagefind/") for p in files), "the Pagefind bundle was written"
    assert {"assets/style.css", "assets/site.js", "assets/search.js", "assets/favicon.svg"} <= set(files)
    broken = check_links(files)
    assert not broken, "\n".join(str(b) for b in broken)
    # what search.html loads at run time, outside href/src
    search = files["search.html"].decode()
    bundle = re.search(r'data-pagefind="([^"]+)"', search).group(1)
    assert bundle in files, bundle


def test_every_page_is_linked_from_somewhere(real_build):
    _, out = real_build
    files = read_tree(out)
    targets: set[str] = set()
    for path, data in files.items():
        if path.endswith(".html"):
            for href in re.findall(r'href="([^"#?]+)', data.decode()):
                if not urlsplit(href).scheme:
                    targets.add(str((Path(path).parent / href).as_posix()))
    import posixpath

    targets = {posixpath.normpath(t) for t in targets}
    orphans = [p for p in files if p.endswith(".html") and p not in targets and p not in ("404.html", "index.html")]
    assert not orphans, orphans


def test_the_checker_names_the_page_and_the_link():
    files = {
        "index.html": b'<a href="a.html#there">ok</a>\n<a href="a.html#nowhere">bad fragment</a>\n<a href="gone.html">bad</a>',
        "a.html": b'<p id="there">x</p><a href="#there">self</a><a href="#missing">self bad</a>',
    }
    broken = {(b.page, b.href) for b in check_links(files)}
    assert broken == {("index.html", "a.html#nowhere"), ("index.html", "gone.html"), ("a.html", "#missing")}
    one = next(b for b in check_links(files) if b.href == "gone.html")
    assert isinstance(one, BrokenLink) and one.line == 3 and "gone.html" in str(one)


def test_deployed_build_links_and_fragments_resolve_too(deployed):
    broken = check_links(read_tree(deployed))
    assert not broken, "\n".join(str(b) for b in broken)


def test_sitemap_lists_every_page_at_its_absolute_address(deployed):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ET.parse(deployed / "sitemap.xml")
    locs = [loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)]
    assert len(locs) == len(set(locs)), "each page once"
    for loc in locs:
        assert loc.startswith(BASE), loc
        assert (deployed / loc[len(BASE):]).is_file(), loc
    # the embeddable cards (embed/) are pages for frames on other sites, noindex: not in the sitemap
    pages = {p.relative_to(deployed).as_posix() for p in deployed.rglob("*.html") if not p.is_relative_to(deployed / "embed")}
    assert {BASE + p for p in pages - {"404.html", "search.html"}} == set(locs)


def test_robots_points_at_the_sitemap(deployed):
    robots = (deployed / "robots.txt").read_text()
    assert "User-agent: *" in robots and f"Sitemap: {BASE}sitemap.xml" in robots


def test_atom_feed_of_timeline_events(deployed):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.parse(deployed / "feed.xml").getroot()
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    for required in ("a:title", "a:id", "a:updated", "a:author/a:name"):
        assert root.find(required, ns) is not None, required
    entries = root.findall("a:entry", ns)
    events = list((ROOT / "content" / "events").glob("*.yaml"))
    assert len(entries) == len(events)
    timeline = (deployed / "timeline.html").read_text()
    for entry in entries:
        for required in ("a:title", "a:id", "a:updated", "a:summary"):
            assert (entry.find(required, ns).text or "").strip(), required
        href = entry.find("a:link", ns).get("href")
        assert href.startswith(BASE + "timeline.html#"), href
        assert f'id="{href.split("#", 1)[1]}"' in timeline


def test_404_page_works_at_any_depth(deployed):
    """Hosts serve 404.html at whatever address was missed: its links must be absolute."""
    html = (deployed / "404.html").read_text()
    refs = re.findall(r'(?:href|src)="([^"]+)"', html)
    assert refs
    for ref in refs:
        assert ref.startswith((BASE, "#")), ref
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html


def test_canonical_and_open_graph_urls_are_absolute(deployed):
    for rel in ("index.html", "claims/deal-price.html", "people/jason-droege.html", "sources/s000.html"):
        html = (deployed / rel).read_text()
        assert f'<link rel="canonical" href="{BASE}{rel}">' in html
        assert f'<meta property="og:url" content="{BASE}{rel}">' in html
