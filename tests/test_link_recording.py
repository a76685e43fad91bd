"""Links and ids recorded while pages render (render/links.py), and the check that reads them.

The build no longer reads its pages back for links: each page records what it writes. The old
scanner (write/linkcheck.scan) is the oracle: on the real site, the musk-twitter explainer and
a French build, the links and ids every page recorded must be exactly the ones its HTML holds -
so a template or a view that writes a link or an id past the record fails here.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from projects import ROOT, SEED, TINY_SITE, Builder, copy_project, write_files

from site_builder.pipeline import BuildOptions, BuildResult, build_site
from site_builder.render import links
from site_builder.render.context import RenderedPage
from site_builder.theme import PACKAGED
from site_builder.write.linkcheck import check_links, check_recorded, scan

MUSK = Path(__file__).parent / "fixtures" / "musk-twitter"
DEADLINE = 600      # seconds for `init`: a bound against a hang on a busy machine, not a speed check


@pytest.fixture(scope="module")
def musk_twitter(tmp_path_factory) -> BuildResult:
    root = tmp_path_factory.mktemp("musk") / "site"
    made = subprocess.run([sys.executable, "-m", "site_builder", "init", str(root), "--subject", "a takeover"],
                          capture_output=True, text=True, timeout=DEADLINE)
    assert made.returncode == 0, made.stdout + made.stderr
    for folder in ("seeds", "content"):
        shutil.copytree(MUSK / folder, root / folder, dirs_exist_ok=True)
    result = build_site(BuildOptions(root, write=False, search=False))
    assert result.ok, "\n".join(p.format(root) for p in result.errors)
    return result


def _differences(pages: list[RenderedPage]) -> tuple[list[str], int, int]:
    """Where the records and the scanned HTML differ, and how many links and ids were compared."""
    found, n_links, n_ids = [], 0, 0
    for page in pages:
        scanned = scan(page.body)
        n_links, n_ids = n_links + len(scanned.links), n_ids + len(scanned.ids)
        for what, recorded, written in (("links", page.links, set(scanned.links)), ("ids", page.ids, scanned.ids)):
            if recorded != written:
                found.append(f"{page.path} {what}: written, not recorded {sorted(written - recorded)[:4]}; "
                             f"recorded, not written {sorted(recorded - written)[:4]}")
    return found, n_links, n_ids


@pytest.mark.parametrize("site", ["real", "musk-twitter", "fr", "deployed"])
def test_every_link_and_id_a_page_writes_is_recorded_and_nothing_else(site, request):
    if site == "real":
        result = request.getfixturevalue("real_build")[0]
    elif site == "deployed":    # with a base URL: absolute links on the 404 page, embed codes, oEmbed links
        result = build_site(BuildOptions(ROOT, write=False, search=False, base_url="https://example.org/explainer/"))
        assert result.ok, "\n".join(p.format(ROOT) for p in result.errors)
    elif site == "fr":
        result = request.getfixturevalue("site_in_language")("fr")[2]
    else:
        result = request.getfixturevalue("musk_twitter")
    pages = [page for page in result.pages if page.body]
    assert len(pages) > 20
    differences, n_links, n_ids = _differences(pages)
    print(f"{site}: {len(pages)} pages, {n_links} links and {n_ids} ids written, {len(differences)} differences")
    assert not differences, "\n".join(differences[:20])
    assert n_links > 20 * len(pages) and n_ids > len(pages)    # the comparison compared something
    assert all(page.links for page in pages)                    # every page links (its navigation, at least)


def _render(source: str, **values) -> tuple[str, links.PageLinks]:
    env = jinja2.Environment(autoescape=True, extensions=[links.LinkRecording])
    with links.recording() as record:
        out = env.from_string(source).render(**values)
    return out, record


def test_templates_record_their_attributes_as_written_whatever_the_quotes():
    out, record = _render(
        """<a href="#main" id="top">x</a><a class=c href='{{ page }}#k-{{ key }}'>y</a>{% if no %}<h2 id="gone">{% endif %}"""
        """<img\nsrc="{{ page }}"><p data-id="not-an-id" id="g-{{ key }}"><a href="a&amp;b.html">""",
        page="p<q.html", key="x&y", no=False)
    assert out == ("""<a href="#main" id="top">x</a><a class=c href='p&lt;q.html#k-x&amp;y'>y</a>"""
                   """<img\nsrc="p&lt;q.html"><p data-id="not-an-id" id="g-x&amp;y"><a href="a&amp;b.html">""")
    # as the value means (references resolved), only what was written (not the branch not taken)
    assert record.links == {"#main", "p<q.html#k-x&y", "p<q.html", "a&b.html"}
    assert record.ids == {"top", "g-x&y"}
    assert record.links == set(scan(out.encode()).links) and record.ids == scan(out.encode()).ids


def test_a_template_writing_past_the_record_is_what_the_oracle_catches():
    """A value with a `{% … %}` inside cannot be recorded: the scan sees it, the record does not."""
    out, record = _render('<a href="{% if yes %}there.html{% endif %}">x</a>', yes=True)
    assert out == '<a href="there.html">x</a>'
    assert record.links == set() and set(scan(out.encode()).links) == {"there.html"}


def test_python_html_counts_where_it_is_written_not_where_it_is_made():
    with links.recording() as record:
        unwritten = links.collected(lambda: jinja2.utils.markupsafe.Markup(f'<a href="{links.link("a.html")}">'))
        written = links.collected(lambda: jinja2.utils.markupsafe.Markup(f'<p id="{links.anchor("b")}">'))
        href = links.Href("c.html")
        str(jinja2.utils.markupsafe.escape(written))
        assert str(jinja2.utils.markupsafe.escape(href)) == "c.html"
    assert str(unwritten) == '<a href="a.html">'
    assert record.links == {"c.html"} and record.ids == {"b"}


def test_the_recorded_check_names_the_page_its_line_and_why():
    pages = {
        "index.html": RenderedPage("index.html", "home", b'<a href="a.html#there">ok</a>\n<a href="a.html#nowhere">x</a>\n'
                                   b"<a href='gone.html'>bad</a>", frozenset(), (), frozenset(),
                                   frozenset({"a.html#there", "a.html#nowhere", "gone.html"}), frozenset()),
        "a.html": RenderedPage("a.html", "page", b'<p id="there">x</p><a href="#missing">self</a>', frozenset(), (),
                               frozenset(), frozenset({"#missing", "https://example.org/x#y"}), frozenset({"there"})),
        "404.html": RenderedPage("404.html", "404", b'<a href="https://site.example/a.html#not-there">x</a>',
                                 frozenset(), (), frozenset(),
                                 frozenset({"https://site.example/a.html#not-there"}), frozenset()),
    }
    broken = check_recorded(pages, base_url="https://site.example/")
    assert {(b.page, b.href, b.line) for b in broken} == {
        ("index.html", "a.html#nowhere", 2), ("index.html", "gone.html", 3), ("a.html", "#missing", 1),
        ("404.html", "https://site.example/a.html#not-there", 1)}     # the 404 page's absolute links too
    assert any(str(b) == "index.html:3: broken link 'gone.html': no such file in the site" for b in broken)


def test_the_scanner_reads_single_quoted_and_unquoted_attributes():
    files = {"index.html": b"<a href='gone-1.html'>x</a><a href=gone-2.html>y</a><p id=here>z</p>"
                           b"<a href=#here>ok</a><blockquote cite='gone-3.html'></blockquote>"}
    assert {b.href for b in check_links(files)} == {"gone-1.html", "gone-2.html", "gone-3.html"}


@pytest.fixture
def tiny(tmp_path) -> Path:
    return write_files(tmp_path / "site", {**TINY_SITE, "seeds/a.txt": SEED})


def test_a_single_quoted_template_link_that_leads_nowhere_fails_the_build(tiny, tmp_path):
    """The old scanner read double quotes only: this link went unchecked."""
    packaged = (PACKAGED / "default" / "templates" / "people.html").read_text(encoding="utf-8")
    assert "{% block content %}\n" in packaged
    write_files(tiny, {"themes/default/templates/people.html": packaged.replace(
        "{% block content %}\n", "{% block content %}\n<p><a href='../nowhere.html'>x</a></p>\n", 1)})
    output = tmp_path / "output"
    result = build_site(BuildOptions(tiny, output, search=False))
    assert not result.ok and not output.exists()
    [problem] = result.errors
    page = next(p for p in result.pages if p.path == "people/index.html")
    line = page.body.decode().splitlines().index("<p><a href='../nowhere.html'>x</a></p>") + 1
    assert problem.format(tiny) == (f"output/people/index.html:{line}:1: error: broken link '../nowhere.html'; "
                                    "no such file in the site")


def test_a_link_to_a_fragment_a_page_does_not_have_fails_the_build(tiny):
    write_files(tiny, {"content/organizations/widgets.yaml": TINY_SITE["content/organizations/widgets.yaml"].replace(
        "A company", "A company founded by [her](person:jane-roe#nowhere)")})
    result = build_site(BuildOptions(tiny, write=False, search=False))
    messages = [p.format(tiny) for p in result.errors]
    assert any(m.startswith("output/organizations/widgets.html:") and "broken link '../people/jane-roe.html#nowhere'" in m
               and "no element with id 'nowhere' in people/jane-roe.html" in m for m in messages), messages


def test_an_unchanged_page_linking_to_an_id_an_edit_removed_fails_the_update(tmp_path):
    """The pages rendered again are not the only ones checked when an id goes: a page that was
    not (its link's text did not change) links to the id that went."""
    root = copy_project(tmp_path / "site")
    page = sorted((root / "content" / "pages").glob("*.md"))[-1]
    claim = root / "content" / "claims" / "annotation-market-share.yaml"
    assert "\nnote:" in claim.read_text(encoding="utf-8")
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [the note](claim:annotation-market-share#note-title).\n",
                    encoding="utf-8")
    builder = Builder(root)
    assert builder.update().ok
    text = claim.read_text(encoding="utf-8")
    claim.write_text(re.sub(r"(?m)^note: >-\n(?:  .*\n)*", "", text, count=1), encoding="utf-8")
    assert "\nnote:" not in claim.read_text(encoding="utf-8")
    update = builder.update([builder.classify(claim)])
    assert not update.ok
    assert any("#note-title'" in p.message and "no element with id 'note-title'" in p.format(root)
               for p in update.result.errors), [p.format(root) for p in update.result.errors]


def test_a_translated_block_is_left_as_written():
    """`{% trans %}` takes only text and plain names: recording there would break the template."""
    env = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n", links.LinkRecording])
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    with links.recording() as record:
        out = env.from_string('{% trans %}<a href="x.html">{{ n }}</a>{% endtrans %}<a href="y.html">').render(n="n")
    assert out == '<a href="x.html">n</a><a href="y.html">'
    assert record.links == {"y.html"}


def test_a_passage_newly_cited_elsewhere_gets_its_id_on_its_source_page_in_an_update(tmp_path):
    """Found by the recorded check (the old one read fragments only within the pages rendered
    again): a person's summary citing a passage no page cited before left its source's page as
    it was, without the passage's highlight and id, and the new marker's link led nowhere."""
    root = copy_project(tmp_path / "site")
    builder = Builder(root)
    assert builder.update().ok
    person = root / "content" / "people" / "jason-droege.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace(
        "summary: >-\n", "summary: >-\n  He signed it. [[cite:s000 \"Droege\"]]\n", 1), encoding="utf-8")
    update = builder.update([builder.classify(person)])
    assert update.ok, [p.format(root) for p in update.result.errors]
    assert "sources/s000.html" in update.written
    cold = build_site(BuildOptions(root, write=False, search=False))
    warm = {page.path: page for page in update.result.pages}
    for page in cold.pages:
        assert warm[page.path].body == page.body, page.path
