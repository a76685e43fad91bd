"""The weight budget: every page under 60 KB transferred (gzip) with everything it loads,
the search index aside; nothing from another host; no web fonts, no images to shift."""
from __future__ import annotations

import gzip
import re
from pathlib import Path

BUDGET = 60 * 1024
ASSET = re.compile(r'<(?:link|script)\b[^>]*?(?:href|src)="([^"]+)"')


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def test_every_page_is_under_60_kb_gzipped_with_its_css_and_js(site_dir):
    sizes, over = {}, []
    cache: dict[Path, int] = {}
    for html in sorted(site_dir.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        total = gz(html)
        for ref in ASSET.findall(text):
            if ref.startswith(("http:", "https:", "//")) or ref.endswith(".xml"):
                continue
            target = (html.parent / ref.split("#")[0].split("?")[0]).resolve()
            if target.is_file():
                cache.setdefault(target, gz(target))
                total += cache[target]
        rel = html.relative_to(site_dir).as_posix()
        sizes[rel] = total
        if total > BUDGET:
            over.append(f"{rel}: {total / 1024:.1f} KB")
    assert len(sizes) > 100
    assert not over, "over the 60 KB budget:\n" + "\n".join(over)


def test_no_third_party_requests_and_nothing_render_blocking_but_our_css(site_dir):
    for html in sorted(site_dir.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        rel = html.relative_to(site_dir).as_posix()
        for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", text):
            if 'rel="canonical"' in tag or 'rel="alternate"' in tag:
                continue
            url = re.search(r'(?:src|href)="([^"]+)"', tag)
            if url and rel != "404.html":
                assert not re.match(r"^(https?:)?//", url.group(1)), f"{rel}: third-party request {tag}"
            if tag.startswith("<script") and "src=" in tag:
                assert " defer" in tag or " async" in tag or 'type="module"' in tag, f"{rel}: render-blocking {tag}"
        assert "@font-face" not in text and "<img" not in text, rel
    css = (site_dir / "assets" / "style.css").read_text(encoding="utf-8")
    assert "@import" not in css and "@font-face" not in css and "url(" not in css
