"""render/ranges.py's `draw` and views/sources.py's `Article`: a theme's tables of tags, filled,
escaped and recorded as the template wrote them before (one call a block, not a loop per piece)."""
from __future__ import annotations

from markupsafe import Markup

from site_builder.render.links import recording
from site_builder.render.ranges import Range, draw, nest
from site_builder.render.views.sources import Article, BlockView

TAGS = {
    "cited": {"open": '<mark class="c">', "first": '<mark class="c" id="%(id)s">', "close": "</mark>"},
    "entity": {"open": '<a href="%(value)s">', "close": "</a>"},
    "lang": {"open": '<span lang="%(value)s" data-x="100%%">', "close": "</span>",
             "after": lambda r: Markup(" <i>%s</i>") % r.note},
}
BLOCKS = {"heading": {"open": '<h%(level)s id="%(id)s">', "close": "</h%(level)s>\n"},
          "paragraph": {"open": '<p id="%(id)s">', "close": "</p>\n"}}


def test_text_and_values_are_escaped_and_links_and_ids_recorded_as_they_mean():
    text = "a<b & 'c' \"d\""
    ranges = [Range(0, 3, "cited", id="q-1"), Range(4, 5, "entity", "p.html?x=1&y=<2>")]
    with recording() as written:
        html = draw(nest(text, ranges), TAGS)
    assert html == ('<mark class="c" id="q-1">a&lt;b</mark> <a href="p.html?x=1&amp;y=&lt;2&gt;">&amp;</a>'
                    " &#39;c&#39; &#34;d&#34;")
    assert isinstance(html, Markup)
    assert written.links == {"p.html?x=1&y=<2>"} and written.ids == {"q-1"}


def test_a_range_drawn_in_pieces_has_its_id_first_and_its_note_after_its_last_piece():
    cited, lang = Range(0, 2, "cited", id="q-1"), Range(1, 4, "lang", "de", note="<g>")
    html = draw(nest("abcde", [lang, cited]), TAGS)
    assert html == ('<mark class="c" id="q-1">a<span lang="de" data-x="100%">b</span></mark>'
                    '<span lang="de" data-x="100%">cd</span> <i>&lt;g&gt;</i>e')


def test_a_kind_the_table_leaves_out_is_its_text_alone_and_markup_is_not_escaped_twice():
    ranges = [Range(0, 1, "strong"), Range(2, 3, "entity", Markup("a&amp;b"))]
    with recording() as written:
        assert draw(nest("x y z", ranges), TAGS) == 'x <a href="a&amp;b">y</a> z'
    assert written.links == {"a&b"}        # as the link check reads it


def test_an_article_draws_each_block_by_its_kind_recording_every_id():
    blocks = (BlockView("h", "heading", 3, ("Title",), []),
              BlockView("p1", "paragraph", 0, nest("one two", [Range(4, 7, "entity", "x.html")]), []),
              BlockView("p2", "item", 0, ("<three>",), [{"id": "q"}]))
    with recording() as written:
        html = Article(blocks).draw(BLOCKS, TAGS, lambda b: Markup("<details>%s</details>\n") % b.id)
    assert html == ('<h3 id="h">Title</h3>\n<p id="p1">one <a href="x.html">two</a></p>\n'
                    '<p id="p2">&lt;three&gt;</p>\n<details>p2</details>\n')   # no "item" in the table: a paragraph
    assert written.ids == {"h", "p1", "p2"} and written.links == {"x.html"}
    assert [b.id for b in Article(blocks)] == ["h", "p1", "p2"] and len(Article(blocks)) == 3
    assert blocks[1].draw_block(BLOCKS, TAGS, str) == '<p id="p1">one <a href="x.html">two</a></p>\n'


# a project's partial as they were written before source_blocks(blocks): one macro, its own loop
OWN_PARTIAL = ('{% macro source_block(b) %}<p class="own" id="{{ b.id }}">{% for t in b.text %}'
               '{% if t is string %}{{ t }}{% elif t.opens %}<mark{% if t.first and t.range.id %} id="{{ t.range.id }}"'
               '{% endif %}>{% else %}</mark>{% endif %}{% endfor %}</p>\n{% endmacro %}')


def test_a_projects_partial_with_only_source_block_still_draws_every_block(tiny_project):
    from test_theme_partials import override, pages
    before = pages(tiny_project)["sources/s000.html"]
    override(tiny_project, "source_block.html", OWN_PARTIAL)
    after = pages(tiny_project)["sources/s000.html"]        # builds: every cited passage keeps its id
    assert after.count('<p class="own" id="') == before.count('<p id="') + before.count('<p class="item" id="') \
        + before.count('<p class="reference" id="') + sum(before.count(f"<h{n} id=") for n in range(2, 7)) > 0
    assert after.count('<mark id="q-') == before.count('<mark class="cited" id="q-') > 0
