"""Backlinks: every page is rendered once; the sections that list who cites or links to a page are
filled in once every page is known (render/slots.py), and filled again - without running the
page's view - when only what they list changed."""
from __future__ import annotations

import dataclasses
import posixpath
import re
from collections import Counter

import jinja2
import pytest
from projects import ROOT, Builder, copy_project

from site_builder.pipeline import BuildOptions, build_site
from site_builder.render import PAGE_KINDS, page_specs
from site_builder.render.slots import fill_slots, slot, unfill

FIXTURE = ROOT / "tests" / "fixtures" / "musk-twitter"
LINKS_HERE = re.compile(r'<section class="entity-section" aria-labelledby="links-title".*?</section>', re.S)
CITING = re.compile(r'<details class="citing-pages">.*?</details>', re.S)
HREF = re.compile(r'<a [^>]*?href="([^"#]*)[^"]*"')
CITE_LINK = re.compile(r'<a class="cite-link" href="([^"#]*)')
CITED_BY = re.compile(r'<details class="cited-by".*?</details>', re.S)


@pytest.fixture
def runs(monkeypatch) -> tuple[Counter, Counter]:
    """How many times each page's view ran, and its backlinks sections were filled, by page path."""
    views: Counter = Counter()
    fills: Counter = Counter()
    for name, kind in list(PAGE_KINDS.items()):
        def view(ctx, spec, backlinks, _view=kind.view):
            views[spec.path] += 1
            return _view(ctx, spec, backlinks)
        backfill = kind.backlinks
        if backfill is not None:
            def fill(ctx, spec, backlinks, _fill=backfill.fill):
                fills[spec.path] += 1
                return _fill(ctx, spec, backlinks)
            backfill = dataclasses.replace(backfill, fill=fill)
        monkeypatch.setitem(PAGE_KINDS, name, dataclasses.replace(kind, view=view, backlinks=backfill))
    return views, fills


def _target(page: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href))


@pytest.mark.parametrize("root", [ROOT, FIXTURE], ids=["real", "musk-twitter"])
def test_every_page_is_rendered_once_and_its_backlinks_filled_once(runs, root):
    views, fills = runs
    builder = Builder(root)
    assert builder.update().ok
    specs = page_specs(builder.good.site)
    assert views == Counter({spec.path: 1 for spec in specs})
    with_slots = {spec.path for spec in specs if PAGE_KINDS[spec.kind].backlinks}
    assert {spec.kind for spec in specs if spec.path in with_slots} == {"person", "organization", "source", "sources"}
    assert fills == Counter(dict.fromkeys(with_slots, 1))
    assert not [path for path, body in builder.files().items() if b"\x00" in body]     # every slot filled
    # a page with slots is kept once, filled: its render keeps what the view recorded, not the bytes
    assert all(builder.good.pages.first[path].body == b"" for path in with_slots)


def test_the_backlinks_listed_are_the_links_and_citations_the_pages_show(tmp_path):
    """Read from the written HTML alone: an entity page lists exactly the pages (not cards) that
    link to it, a source page exactly the pages whose markers point into it."""
    result = build_site(BuildOptions(ROOT, tmp_path / "out", search=False))
    assert result.ok
    html = {page.path: page.body.decode("utf-8") for page in result.pages if not PAGE_KINDS[page.kind].card_of}
    linking: dict[str, set[str]] = {}
    citing: dict[str, set[str]] = {}
    for path, body in html.items():
        shown = CITED_BY.sub("", CITING.sub("", LINKS_HERE.sub("", body)))      # the links it makes, not its backlinks
        for href in HREF.findall(shown):
            linking.setdefault(_target(path, href), set()).add(path)
        for href in CITE_LINK.findall(body):
            citing.setdefault(_target(path, href), set()).add(path)
    entity_pages = [page.path for page in result.pages if page.kind in ("person", "organization")]
    listed_any = 0
    for path in entity_pages:
        section = LINKS_HERE.search(html[path])
        listed = {_target(path, href) for href in HREF.findall(section.group())} if section else set()
        assert listed == linking.get(path, set()) - {path}, path
        listed_any += bool(listed)
    assert listed_any > len(entity_pages) // 2
    for page in (p for p in result.pages if p.kind == "source"):
        section = CITING.search(html[page.path])
        assert section, page.path
        assert {_target(page.path, h) for h in HREF.findall(section.group())} == citing[page.path], page.path


def test_a_change_to_the_backlinks_alone_fills_the_sections_again_without_rendering_the_page(runs, tmp_path):
    views, fills = runs
    root = copy_project(tmp_path / "proj")
    builder = Builder(root)
    assert builder.update().ok
    good = builder.good
    specs = {(spec.kind, spec.key): spec for spec in page_specs(good.site)}
    page = specs["page", "method"].path
    # a person the page does not link to, and a passage it does not cite (quoted elsewhere)
    person = next(spec for (kind, _), spec in sorted(specs.items()) if kind == "person"
                  and page not in {p for p, _ in good.pages.backlinks.entities.get((kind, spec.key), [])})
    cited_here = {(s, p) for s, p, _ in good.pages.final[page].cites}
    source, quote = next((s, q) for (s, q), a in sorted(good.site.anchors.items())
                         if (s, a.passage_id) not in cited_here and '"' not in q and "\\" not in q)
    edited = root / "content" / "pages" / "method.md"
    edited.write_text(edited.read_text(encoding="utf-8") + f'\n\nSee [this person](person:{person.key}) '
                      f'[[cite:{source} "{quote}"]].\n', encoding="utf-8")
    views.clear()
    fills.clear()
    update = builder.update([builder.classify(edited)])
    assert update.ok
    source_page = specs["source", source].path
    assert views[page] == 1
    assert views[person.path] == 0 and fills[person.path] == 1          # its list of links, and only that
    assert views[source_page] == 0 and fills[source_page] == 1          # its highlights, and only those
    label = good.site.content.pages["method"].title
    assert label in LINKS_HERE.search(builder.files()[person.path].decode("utf-8")).group()
    expected = build_site(BuildOptions(root, write=False))
    assert expected.ok
    assert {p: b for p, b in builder.files().items() if p in expected.files} == expected.files
    assert builder.files().keys() == expected.files.keys()


def test_an_edits_backlinks_tables_are_those_collecting_every_page_makes(tmp_path):
    """An edit's build patches the previous tables (the entries of the pages made again replaced):
    key by key, in each list's order, they must be what a full build collects from every page -
    here with a page's new label (a claim's question), and a citation and a link gone and a link
    added (a narrative page's text)."""
    root = copy_project(tmp_path / "proj")
    builder = Builder(root)
    assert builder.update().ok
    before = builder.good.pages.backlinks
    page = "why-meta-paid.html"
    org = next(key for kind, key in sorted(builder.good.site.indexes.mentions_by_entity) if kind == "organization"
               and page not in {p for p, _ in before.entities.get((kind, key), [])})
    claim = root / "content" / "claims" / "deal-price.yaml"
    claim.write_text(re.sub(r"^question: .*$", "question: What was the price, renamed?",
                            claim.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    edited = root / "content" / "pages" / "why-meta-paid.md"
    text = edited.read_text(encoding="utf-8")
    text = re.sub(r'\[\[cite:s\d{3} "(?:[^"\\\]]|\\.)*"\]\]', "", text, count=1)
    text = re.sub(r"\[([^\]]*)\]\(person:[a-z-]+\)", r"\1", text, count=1)
    edited.write_text(text + f"\n\nSee [this organization](organization:{org}).\n", encoding="utf-8")
    update = builder.update([builder.classify(claim), builder.classify(edited)])
    assert update.ok
    assert update.rendered < len(builder.good.pages.final) / 4      # an edit's build: patched, not collected
    after = builder.good.pages.backlinks
    fresh = Builder(root)
    assert fresh.update().ok
    whole = fresh.good.pages.backlinks
    assert after.passages == whole.passages
    assert after.entities == whole.entities
    assert after.passages != before.passages and after.entities != before.entities
    assert (page, "Why Meta paid") in after.entities[("organization", org)]
    assert any(label == "What was the price, renamed?" for entries in after.passages.values() for _, label in entries)


def test_a_slot_is_filled_everywhere_it_is_placed_and_filled_again_in_place():
    body = f"<meta content=\"{slot('a')}\"><p>{slot('a')}</p><p>{slot('b', 'x')}</p>".encode()
    filled, spans = fill_slots(body, {"a": "A &amp; B", "b:x": "<i>é</i>"}, "p.html")
    assert filled == '<meta content="A &amp; B"><p>A &amp; B</p><p><i>é</i></p>'.encode()
    assert [filled[start:end] for start, end, _ in spans] == [b"A &amp; B", b"A &amp; B", "<i>é</i>".encode()]
    assert unfill(filled, spans) == body
    again, _ = fill_slots(unfill(filled, spans), {"a": "", "b:x": "y"}, "p.html")
    assert again == b'<meta content=""><p></p><p>y</p>'


def test_a_slot_left_unfilled_is_a_template_error():
    body = f"<p>{slot('a')}</p><p>{slot('b', 'x')}</p>".encode()
    with pytest.raises(jinja2.TemplateError, match=r"p\.html: the backlinks section 'b:x' is placed but never filled"):
        fill_slots(body, {"a": ""}, "p.html")
