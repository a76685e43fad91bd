"""Small stages alone: inline ranges nested and drawn by the default theme, the link checker, atomic writes, mentions, urls."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder import urls
from site_builder.render.ranges import Range, Tag, nest
from site_builder.render.templates import make_environment
from site_builder.render.views.sources import BlockView, cited_by_block
from site_builder.resolve.anchoring import Anchor
from site_builder.resolve.cleaning import Block
from site_builder.theme import DEFAULT, PACKAGED, Theme
from site_builder.write import swap_in, write_tree
from site_builder.write.linkcheck import check_links


class _Nesting(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ok, self.text = [], True, []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.ok = False

    def handle_data(self, data):
        self.text.append(data)


# (kind, value, id): a highlight with an id on its first piece, a link, bold
KINDS = [("cited", "", "x"), ("entity", "#", ""), ("strong", "", "")]
SOURCE_BLOCK = make_environment(Theme(DEFAULT, (PACKAGED / DEFAULT,))).get_template("partials/source_block.html").module.source_block


def draw(text: str, ranges: list[Range]) -> str:
    """A paragraph's text with `ranges`, as the default theme draws it inside its <p>."""
    html = str(SOURCE_BLOCK(BlockView("b", "paragraph", 0, nest(text, ranges), [])))
    head, tail = '    <p id="b">', "</p>\n"
    assert html.startswith(head) and html.endswith(tail)
    return html[len(head):-len(tail)]


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="ab <>&\"'", min_size=1, max_size=30), data=st.data())
def test_overlapping_ranges_always_nest_and_keep_the_text(text, data):
    ranges = []
    for _ in range(data.draw(st.integers(0, 5))):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        kind, value, mark_id = data.draw(st.sampled_from(KINDS))
        ranges.append(Range(start, end, kind, value, mark_id))
    html = draw(text, ranges)
    parser = _Nesting()
    parser.feed(html)
    parser.close()
    assert parser.ok and not parser.stack
    assert "".join(parser.text) == text          # escaped on the way out, identical once parsed
    assert html.count('id="x"') == sum(1 for r in ranges if r.id == "x")
    assert html.count("<mark") == html.count("</mark>") >= sum(1 for r in ranges if r.kind == "cited")


def test_a_range_crossing_another_s_end_is_closed_and_opened_again_and_its_id_and_note_go_once():
    """'abcd' with a highlight over 'ab' and a language span over 'bcd': the span's first piece
    ('b') closes with the highlight and its second ('cd') is its last; the highlight, inside
    nothing, is one piece; text outside every range stays plain."""
    cited, lang = Range(0, 2, "cited", id="q-1"), Range(1, 4, "lang", "de", note="gloss")
    assert nest("abcde", [lang, cited]) == (
        Tag(cited, True, True, True), "a", Tag(lang, True, True, False), "b", Tag(lang, False, True, False),
        Tag(cited, False, True, True), Tag(lang, True, False, True), "cd", Tag(lang, False, False, True), "e")
    assert nest("abc", []) == ("abc",) and nest("", []) == ()
    assert nest("abc", [Range(2, 9, "strong")]) == ("abc",)          # outside the text: left out
    html = draw("abcde", [lang, cited])
    assert html == ('<mark class="cited" id="q-1">a<span lang="de">b</span></mark><span lang="de">cd</span>'
                    " <span class=\"gloss\">[editors' translation: gloss]</span>e")


@settings(max_examples=200, deadline=None)
@given(lengths=st.lists(st.integers(1, 6), min_size=1, max_size=6), data=st.data())
def test_each_block_gets_exactly_the_cited_passages_overlapping_it_in_their_order(lengths, data):
    """Blocks one after the other (with gaps, as between paragraphs); passages anywhere, spanning
    several blocks or none: found per block as trying every passage against every block finds them."""
    blocks, start = [], data.draw(st.integers(0, 3))
    for k, n in enumerate(lengths):
        blocks.append(Block(f"b{k}", "paragraph", "x" * n, start, k + 1))
        start += n + data.draw(st.integers(0, 2))
    anchors = []
    for k in range(data.draw(st.integers(0, 6))):
        a = data.draw(st.integers(0, start + 2))
        b = data.draw(st.integers(a, start + 3))
        anchors.append(Anchor("s", f"quote {k}", a, b, "", "", 1))
    expected = [[a for a in anchors if max(a.start, b.start) < min(a.end, b.end)] for b in blocks]
    assert cited_by_block(blocks, anchors) == expected


def test_link_checker_finds_missing_files_and_fragments():
    files = {
        "index.html": b'<a href="people/a.html#bio">ok</a><a href="people/b.html">no file</a>'
                      b'<a href="people/a.html#nope">no id</a><a href="#top">self</a>'
                      b'<a href="https://example.org/x">external</a><a href="../up.html">outside</a>'
                      b'<a href="people/a.html#bio:~:text=hello">fragment directive</a>',
        "people/a.html": b'<h1 id="bio">A</h1><a href="../index.html#top">back</a>',
    }
    broken = {(b.page, b.href) for b in check_links(files)}
    assert broken == {("index.html", "people/b.html"), ("index.html", "people/a.html#nope"),
                      ("index.html", "#top"), ("index.html", "../up.html"),
                      ("people/a.html", "../index.html#top")}


def test_link_checker_reads_attributes_after_any_whitespace_and_only_those():
    """An attribute after a newline or a tab is read (a theme may wrap its tags); one whose
    name only ends like it (`data-id`, `xlink:href`, `data-src`) is not; script bodies are data;
    references in ids and links are resolved."""
    files = {
        "index.html": (b'<a\nhref="gone-1.html">x</a><img\tsrc="gone-2.png" alt=""><a data-href="gone-3.html">y</a>'
                       b'<svg><use xlink:href="gone-4.svg#i"/></svg><img data-src="gone-5.png" alt="">'
                       b'<a href="a.html#data">no such id: only data-id</a><a href="a.html#tom&amp;jerry">ok</a>'
                       b'<script type="application/ld+json">{"x": " href=\\"gone-6.html\\""}</script>'),
        "a.html": b'<p data-id="data">x</p><p\r\nid="tom&amp;jerry">y</p>',
    }
    broken = {(b.page, b.href) for b in check_links(files)}
    assert broken == {("index.html", "gone-1.html"), ("index.html", "gone-2.png"), ("index.html", "a.html#data")}


def test_atomic_swap_replaces_whole_tree(tmp_path: Path):
    target = tmp_path / "output"
    target.mkdir()
    (target / "stale.html").write_text("old")
    staging = write_tree({"index.html": b"new", "a/b.html": b"deep"}, target)
    assert (target / "stale.html").exists()          # untouched until the swap
    swap_in(staging, target)
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == ["a/b.html", "index.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["output"]  # no staging or old folders left


@pytest.mark.parametrize("src, dest, expected", [
    ("index.html", "people/a.html", "people/a.html"),
    ("people/a.html", "people/b.html", "b.html"),
    ("people/a.html", "timeline.html#e1", "../timeline.html#e1"),
    ("claims/x.html", "sources/s000.html#q-1", "../sources/s000.html#q-1"),
])
def test_relative_urls(src, dest, expected):
    assert urls.relative(src, dest) == expected


def test_mentions_prefer_the_longest_name(tiny_project):
    from site_builder.load import load_content
    from site_builder.resolve.mentions import NameMatcher, entity_names

    content = load_content(tiny_project).content
    matcher = NameMatcher(entity_names(content))
    found = [(text, entity) for text, entity in
             ((m, e) for s, t, e in matcher.find("Jane Roe met Widgets Inc; the widgets inc team.") for m in [s])]
    assert [entity for _, entity in found] == [("person", "jane-roe"), ("organization", "widgets")]
