"""Embeddable cards, from the built files: every claim, the key figures and the timeline have a
card; a card is noindex with its page as canonical, out of the sitemap, the search index and
the backlinks; oEmbed documents carry what the oEmbed 1.0 spec requires of a `rich` response,
with absolute URLs that lead to files of the site (under a sub-path), and exist only with a
base_url; the claim page offers the same code; every card stays under 30 KB gzip with what it loads.
"""
from __future__ import annotations

import gzip
import html
import json
import re
import subprocess
from pathlib import Path

import pytest
from projects import ROOT
from test_html_validity import vnu  # noqa: F401 - the W3C Nu checker fixture

from site_builder.pipeline import BuildOptions, build_site
from site_builder.render import PAGE_KINDS
from site_builder.render.vocabulary import EMBED
from site_builder.write.linkcheck import check_links

BASE = "https://example.org/deal-explainer/"
CARD_BUDGET = 30 * 1024
ASSET = re.compile(r'<(?:link|script)\b[^>]*?(?:href|src)="([^"]+)"')


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def deployed(tmp_path_factory) -> Path:
    """Built with a base URL under a sub-path, as the site is published."""
    out = tmp_path_factory.mktemp("embed") / "output"
    result = build_site(BuildOptions(ROOT, out, base_url=BASE))
    assert result.ok, "\n".join(p.format(ROOT) for p in result.errors)
    return out


def cards(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in (out / "embed").rglob("*.html"))


def claim_ids() -> list[str]:
    return sorted(p.stem for p in (ROOT / "content" / "claims").glob("*.yaml"))


def local(url: str) -> str:
    """An absolute URL of the site -> its path in the output."""
    assert url.startswith(BASE), url
    return url[len(BASE):]


def test_a_card_for_every_claim_the_key_figures_and_the_timeline(deployed):
    assert cards(deployed) == sorted([*(f"embed/claims/{cid}.html" for cid in claim_ids()),
                                      "embed/key-figures.html", "embed/timeline.html"])


def test_cards_are_noindex_with_their_page_as_canonical(deployed):
    pages = {"embed/key-figures.html": "index.html", "embed/timeline.html": "timeline.html",
             **{f"embed/claims/{cid}.html": f"claims/{cid}.html" for cid in claim_ids()}}
    for card, page in pages.items():
        text = (deployed / card).read_text()
        assert '<meta name="robots" content="noindex">' in text, card
        assert re.findall(r'<link rel="canonical" href="([^"]+)">', text) == [BASE + page], card
        assert (deployed / page).is_file()


def test_cards_are_out_of_the_sitemap_and_the_search_index(deployed):
    sitemap = (deployed / "sitemap.xml").read_text()
    assert "/embed/" not in sitemap and f"<loc>{BASE}claims/deal-price.html</loc>" in sitemap
    indexed = [p for p in deployed.rglob("*.html") if b"data-pagefind-body" in p.read_bytes()]
    for card in cards(deployed):
        text = (deployed / card).read_text()
        # Pagefind indexes only the pages marking a body when any page does; a card marks none, and is ignored whole
        assert "data-pagefind-body" not in text and 'data-pagefind-ignore="all"' in text, card
    entries = [json.loads(path.read_text()) for path in (deployed / "pagefind").rglob("pagefind-entry.json")]
    # the index comes in shards, one bundle each (write/search.py): together they hold every indexed page
    assert sum(lang["page_count"] for entry in entries for lang in entry["languages"].values()) == len(indexed)


def test_cards_are_not_backlinks_of_the_passages_they_cite(deployed):
    for source in (deployed / "sources").glob("s*.html"):
        assert "embed/" not in source.read_text(), source.name
    data = json.loads((deployed / "data" / "explainer.json").read_text())
    assert data["citations"] and all(not t.startswith("embed/") for c in data["citations"] for t in c["cited_from"])


def test_every_link_of_a_card_opens_the_top_window_and_resolves(deployed):
    files = tree(deployed)
    for card in cards(deployed):
        text = files[card].decode()
        assert text.count('<base target="_top">') == 1, card
        hrefs = re.findall(r'\shref="([^"]*)"', text)
        # with <base target="_top">, a bare "#id" would load the card itself in the host's window
        assert hrefs and not [h for h in hrefs if h.startswith("#")], card
        assert all(h.startswith(BASE) or not re.match(r"^[a-z]+:|^/", h) for h in hrefs), card
        assert 'class="card-full"' in text
    assert not check_links({path: body for path, body in files.items() if path.startswith("embed/")},
                           files.keys())


def test_oembed_documents_are_valid_rich_responses_with_absolute_urls_to_the_site(deployed):
    for card in cards(deployed):
        page = (deployed / card).read_text()
        links = re.findall(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', page)
        assert len(links) == 1, card
        document = json.loads((deployed / local(links[0])).read_text())
        # oEmbed 1.0, section 2.3.4: version and type always; rich: html, width, height
        assert document["version"] == "1.0" and document["type"] == "rich"
        assert isinstance(document["width"], int) and document["width"] > 0
        assert isinstance(document["height"], int) and document["height"] > 0
        assert document["title"] and document["provider_name"] == "Meta × Scale AI: the deal, source by source"
        assert document["provider_url"] == BASE
        frame = re.fullmatch(r'<iframe src="([^"]+)" title="([^"]+)" height="(\d+)" [^>]*sandbox="([^"]+)" '
                             r'data-explainer-embed></iframe>\n<script src="([^"]+)" data-origin="([^"]+)" async>'
                             r'</script>', document["html"])
        assert frame, document["html"]
        src, title, height, sandbox, script, origin = frame.groups()
        assert local(html.unescape(src)) == card and int(height) == document["height"]
        assert html.unescape(title) == document["title"]
        assert set(sandbox.split()) == {"allow-scripts", "allow-top-navigation-by-user-activation",
                                        "allow-popups", "allow-popups-to-escape-sandbox"}
        assert (deployed / local(script)).is_file() and origin == "https://example.org"


def test_the_claim_page_offers_the_same_embed_code_inside_details(deployed):
    for cid in ("deal-price", "wang-role"):
        page = (deployed / "claims" / f"{cid}.html").read_text()
        document = json.loads((deployed / "embed" / "claims" / f"{cid}.oembed.json").read_text())
        link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', page)
        assert link and local(link.group(1)) == f"embed/claims/{cid}.oembed.json"
        section = page[page.index('<section class="embed"'):]
        section = section[:section.index("</section>")]
        assert "<details" in section and "data-pagefind-ignore" in page[page.index('<section class="embed"') - 1:][:80]
        field = re.search(r'<textarea id="embed-code"[^>]*\breadonly\b[^>]*>([^<]*)</textarea>', section)
        assert field and html.unescape(field.group(1)) == document["html"]
        button = re.search(r'<button type="button" class="embed-copy" data-copy="embed-code" [^>]*hidden>([^<]*)<', section)
        assert button and button.group(1) == EMBED["copy_code"]
        assert f'href="../embed/claims/{cid}.html"' in section


def test_without_a_base_url_no_oembed_and_no_wrong_absolute_url(real_build):
    _, out = real_build
    assert not list(out.rglob("*.oembed.json"))
    for path in [*cards(out), "claims/deal-price.html"]:
        text = (out / path).read_text()
        assert "json+oembed" not in text and "<textarea" not in text and "embed.js" not in text, path
    card = (out / "embed/claims/deal-price.html").read_text()
    assert '<link rel="canonical" href="../../claims/deal-price.html">' in card
    assert "base_url" in (out / "claims/deal-price.html").read_text()     # the page says why there is no code


def test_every_card_is_under_30_kb_gzipped_with_what_it_loads(deployed):
    sizes = {}
    for card in cards(deployed):
        path = deployed / card
        total = len(gzip.compress(path.read_bytes(), compresslevel=6))
        for ref in ASSET.findall(path.read_text()):
            if not ref.startswith(("http:", "https:")):
                total += len(gzip.compress((path.parent / ref).resolve().read_bytes(), compresslevel=6))
        sizes[card] = total
    over = {card: size for card, size in sizes.items() if size > CARD_BUDGET}
    assert len(sizes) == len(claim_ids()) + 2 and not over, over


def test_no_card_word_is_shadowed_by_a_dict_method():
    """Templates read `labels.embed.<key>`: Jinja looks up an attribute first, so a key such as
    'copy' or 'items' would show the dict's method instead of the word."""
    assert not [key for key in EMBED if hasattr(dict, key)]


def test_the_card_kinds_are_in_the_one_table_and_not_in_the_sitemap():
    kinds = {name: kind for name, kind in PAGE_KINDS.items() if kind.card_of}
    assert set(kinds) == {"claim-card", "figures-card", "timeline-card"}
    assert all(not k.sitemap and k.search is None and k.card_height > 0 for k in kinds.values())
    assert kinds["claim-card"].address("x") == "embed/claims/x.html"


def test_cards_and_embed_code_are_valid_html(vnu, deployed, tmp_path):  # noqa: F811
    """The W3C Nu checker over the cards and over each distinct oEmbed `html`, in a host page."""
    folder = tmp_path / "check"
    for card in cards(deployed):
        (folder / card).parent.mkdir(parents=True, exist_ok=True)
        (folder / card).write_bytes((deployed / card).read_bytes())
    snippets = [json.loads(p.read_text())["html"] for p in sorted(deployed.rglob("*.oembed.json"))]
    assert len(snippets) == len(claim_ids()) + 2
    host = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head>'
            '<body><main>{}</main></body></html>')
    (folder / "host.html").write_text(host.format("\n".join(snippets)))
    (folder / "assets").mkdir()
    (folder / "assets" / "embed.css").write_bytes((deployed / "assets" / "embed.css").read_bytes())
    done = subprocess.run([*vnu, "--format", "json", "--also-check-css", "--skip-non-html", str(folder)],
                          capture_output=True, text=True, timeout=600)
    report = json.loads(done.stderr or '{"messages": []}')
    problems = [f"{Path(m.get('url', '?')).name}:{m.get('lastLine')}: {m['message']}" for m in report["messages"]
                if m.get("type") in ("error", "non-document-error")
                or (m.get("type") == "info" and m.get("subType") == "warning")]
    assert not problems, "\n".join(problems[:40])


def test_a_claim_cards_fixed_height_grows_with_its_statements_and_chart(deployed):
    """Without the host script a frame keeps the height the code gives: a two-article claim
    without a chart is not given the room of a five-article one with a chart."""
    data = json.loads((deployed / "data" / "explainer.json").read_text())
    heights = {c["id"]: (json.loads((deployed / c["embed"]["oembed"]).read_text())["height"], len(c["statements"]),
                         c["kind"] in ("money", "percent", "count", "date")) for c in data["claims"]}
    small = min(heights.values(), key=lambda h: (h[1], h[2]))
    big = heights["deal-price"]
    assert big[1] > small[1] and big[2] and big[0] > small[0] + 300, (big, small)
