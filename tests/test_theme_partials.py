"""Citation markers, their previews, the reference list and the source pages' blocks are drawn by
the theme (templates/partials/): a project's themes/ overrides each file like any template, every
page showing one is drawn by the override, and a page depends on the partials it shows (the dev
server renders it again when one is edited)."""
from __future__ import annotations

import re
from pathlib import Path

from projects import Builder

from site_builder import deps
from site_builder.pipeline import BuildOptions, build_site
from site_builder.theme import PACKAGED

PARTIALS = PACKAGED / "default" / "templates" / "partials"
MARKER = deps.template("partials/marker.html")


def packaged(name: str) -> str:
    return (PARTIALS / name).read_text(encoding="utf-8")


def override(root: Path, name: str, text: str) -> Path:
    path = root / "themes" / "default" / "templates" / "partials" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def pages(root: Path) -> dict[str, str]:
    result = build_site(BuildOptions(root, write=False))
    assert result.ok, [p.format() for p in result.problems]
    return {path: body.decode("utf-8") for path, body in result.files.items() if path.endswith(".html")}


def count(html: dict[str, str], needle: str) -> int:
    return sum(body.count(needle) for body in html.values())


def replace_macro(text: str, name: str, body: str) -> str:
    """The packaged partial with one macro's body replaced (an override copies what it keeps)."""
    new, n = re.subn(rf"{{% macro {name}\((\w+)\) %}}.*?{{% endmacro %}}",
                     lambda m: f"{{% macro {name}({m.group(1)}) %}}{body}{{% endmacro %}}", text, flags=re.S)
    assert n == 1, name
    return new


def test_a_projects_marker_template_draws_every_marker(tiny_project):
    before = pages(tiny_project)
    markers = count(before, '<span class="cite">')
    assert markers >= 2       # the person's summary, the organization's
    override(tiny_project, "marker.html", replace_macro(
        packaged("marker.html"), "marker",
        '<sup class="own-cite"><a href="{{ m.href }}" id="{{ m.id }}" title="{{ m.source }}">[{{ m.number }}]</a></sup>'))
    after = pages(tiny_project)
    assert count(after, '<sup class="own-cite">') == markers
    assert count(after, '<span class="cite">') == 0 and count(after, "cite-preview") == 0
    # the data is the same: numbers, ids (backlinks land on them) and links to the passage
    person = after["people/jane-roe.html"]
    assert re.search(r'<sup class="own-cite"><a href="\.\./sources/s000\.html#q-[\w-]+:~:text=[^"]+" '
                     r'id="cite-s000-q-[\w-]+" title="s000">\[1\]</a></sup>', person), person


def test_a_projects_preview_macro_draws_every_preview_with_its_data_escaped(tiny_project):
    site = tiny_project / "content" / "sources" / "s000.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("label: The tiny article", "label: The <b>tiny</b> article"),
                    encoding="utf-8")
    before = pages(tiny_project)
    previews = count(before, 'class="cite-preview"')
    assert previews >= 2
    override(tiny_project, "marker.html", replace_macro(
        packaged("marker.html"), "preview", '<q class="own-preview">{{ p.exact }}</q> ({{ p.source_label }})'))
    after = pages(tiny_project)
    assert count(after, '<q class="own-preview">') == previews == count(after, 'class="cite-preview"')
    assert '<q class="own-preview">founded in 2016 by Jane Roe</q> (The &lt;b&gt;tiny&lt;/b&gt; article)' \
        in after["people/jane-roe.html"]
    assert count(after, "<b>tiny</b>") == 0


def test_a_projects_source_block_template_draws_the_articles(tiny_project):
    before = pages(tiny_project)["sources/s000.html"]
    cited = before.count('<mark class="cited"')
    assert cited >= 2 and before.count('class="cited-by"') >= 1
    text = packaged("source_block.html").replace('<mark class="cited"', '<mark class="cited own-mark"')
    override(tiny_project, "source_block.html", text.replace('<details class="cited-by"', '<details class="own-cited-by"'))
    after = pages(tiny_project)["sources/s000.html"]
    assert after.count('<mark class="cited own-mark"') == cited and after.count('<mark class="cited"') == 0
    assert after.count('class="own-cited-by"') == before.count('class="cited-by"')
    assert re.search(r'<mark class="cited own-mark" id="q-[\w-]+">founded in 2016 by <a class="entity" href="[^"]+">Jane Roe</a></mark>', after)


def test_a_projects_reference_list_template(tiny_project):
    before = pages(tiny_project)
    lists = count(before, '<section class="references"')
    assert lists >= 2
    override(tiny_project, "references.html",
             '{% for ref in references %}<p class="own-ref" id="{{ ref.id }}">{{ ref.number }}. '
             '<a href="{{ ref.href }}">{{ ref.source_label }}</a> <a href="#{{ ref.marker_id }}">back</a></p>{% endfor %}')
    after = pages(tiny_project)
    assert count(after, '<section class="references"') == 0 and count(after, '<p class="own-ref"') >= lists


def test_a_marker_template_without_its_macro_is_an_error_at_the_file(tiny_project):
    override(tiny_project, "marker.html", "{% macro preview(p) %}{{ p.exact }}{% endmacro %}\n")
    result = build_site(BuildOptions(tiny_project, write=False))
    (error,) = result.errors
    assert error.position.path == "themes/default/templates/partials/marker.html"
    assert "must define the macro 'marker'" in error.message


def test_pages_with_markers_depend_on_the_marker_template_and_are_rendered_again_when_it_changes(tiny_project):
    path = override(tiny_project, "marker.html", packaged("marker.html"))
    builder = Builder(tiny_project)
    assert builder.update().ok
    before = dict(builder.good.pages.final)
    with_markers = {p for p, page in before.items() if b'<span class="cite">' in page.body}
    assert with_markers and with_markers < set(before)        # some pages cite nothing
    assert with_markers == {p for p, page in before.items() if MARKER in page.deps}
    # the reference list is part of every page's frame (not of an embedded card's), a source block of every source page
    assert {p for p, page in before.items() if deps.template("partials/references.html") not in page.deps} \
        == {p for p in before if p.startswith("embed/")}
    assert {p for p, page in before.items() if deps.template("partials/source_block.html") in page.deps} \
        == {p for p, page in before.items() if page.kind == "source"}
    path.write_text(packaged("marker.html").replace('<span class="cite">', '<span class="cite edited">'), encoding="utf-8")
    update = builder.update([builder.classify(path)])
    assert update.ok
    rendered = {p for p, page in builder.good.pages.final.items() if before[p] is not page}
    assert rendered == with_markers
    files = builder.files()
    fresh = build_site(BuildOptions(tiny_project, write=False))
    assert {p: b for p, b in files.items() if p in fresh.files} == dict(fresh.files)
    assert all(b'<span class="cite edited">' in files[p] for p in with_markers)


def test_an_editors_translation_is_in_the_sites_language(tiny_project):
    """The gloss after a fragment in another language is the theme's words (a catalog's), around
    the editors' own translation, escaped."""
    seed = tiny_project / "seeds" / "a.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("It has 500", "It calls them 合作项目. It has 500"),
                    encoding="utf-8")
    source = tiny_project / "content" / "sources" / "s000.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "  languages:\n    - pattern: '[\\u4e00-\\u9fff]+'\n"
                      "      lang: zh\n      gloss: {合作项目: '<i>joint</i> projects'}\n", encoding="utf-8")
    site = tiny_project / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "language: fr\n", encoding="utf-8")
    article = pages(tiny_project)["sources/s000.html"]
    assert ('<span lang="zh">合作项目</span> <span class="gloss">[traduction de la rédaction\u202f: '
            '&lt;i&gt;joint&lt;/i&gt; projects]</span>') in article


def test_a_preview_marks_the_articles_words_in_their_language(tiny_project):
    """On a French site citing an English article, the words a marker's preview quotes are marked
    lang="en" (the reader's screen reader and hyphenation need it); the source's label is not."""
    english = pages(tiny_project)["people/jane-roe.html"]
    assert '<span class="cite-context">…' in english and 'lang="en"' not in english.split("<body", 1)[1]
    site = tiny_project / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "language: fr\n", encoding="utf-8")
    source = tiny_project / "content" / "sources" / "s000.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "language: en\n", encoding="utf-8")
    french = pages(tiny_project)["people/jane-roe.html"]
    assert re.search(r'<span class="cite-source">The tiny article</span> <span class="cite-context" lang="en">…'
                     r'[^<]*<mark>founded in 2016 by Jane Roe</mark>', french), french
