"""The articles: the index of sources, and each source page with its cited passages marked."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from markupsafe import Markup

from ... import model as m
from ... import urls
from ...i18n import gettext
from ...resolve.anchoring import Anchor
from ...resolve.cleaning import Block
from ...resolve.mentions import Entity
from ..context import Backlinks, PageContext, PageSpec
from ..links import record_written
from ..ranges import Node, Range, draw, nest, table
from ..slots import slot
from ..vocabulary import badge
from .common import crosses, lang_attr, source_meta, unstated


class SourcesView(TypedDict):
    sources: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class BlockView:
    """A block as templates/partials/source_block.html draws it (a class, not a dict: a template
    reads a dict's keys only after failing to read them as attributes, thousands of times a page)."""

    id: str
    kind: str                              # "paragraph", "heading", "item", "reference"
    level: int                             # a heading's
    text: tuple[Node, ...]                 # its text and the tags of its ranges, nesting (render/ranges.py)
    marks: list[dict[str, Any]]            # the passages cited that start here, with the pages citing each

    def draw(self, tags: Mapping[str, Mapping[str, Any]]) -> Markup:
        """Its text as HTML, its ranges drawn by the theme's table of each kind's tags (ranges.draw)."""
        return draw(self.text, tags)

    def draw_block(self, tags: Mapping[str, Mapping[str, Any]], range_tags: Mapping[str, Mapping[str, Any]],
                   cited_by: Callable[[BlockView], object]) -> Markup:
        """The whole block as HTML: its element as the theme's table `tags` has it for its kind
        ("open", "close", formats of %(id)s and %(level)s; a kind it leaves out as its
        "paragraph"), its text drawn by `range_tags` (`draw`), then `cited_by(self)` (a macro)
        when passages start in it. Its links and ids are recorded at once (ranges.table)."""
        return Article((self,)).draw(tags, range_tags, cited_by)


@dataclass(frozen=True, slots=True)
class Article:
    """An article's blocks, as templates/partials/source_block.html draws them: iterated, a block
    at a time, or drawn all at once (a source page has thousands: one call, not one a block)."""

    blocks: tuple[BlockView, ...]

    def __iter__(self) -> Iterator[BlockView]:
        return iter(self.blocks)

    def __len__(self) -> int:
        return len(self.blocks)

    def draw(self, tags: Mapping[str, Mapping[str, Any]], range_tags: Mapping[str, Mapping[str, Any]],
             cited_by: Callable[[BlockView], object]) -> Markup:
        """Each block as `BlockView.draw_block` draws it, one after the other."""
        links: list[str] = []
        ids: list[str] = []
        drawn_by_kind = table(tags)
        out: list[str] = []
        for block in self.blocks:
            drawn = drawn_by_kind.get(block.kind) or drawn_by_kind["paragraph"]
            values = {"id": block.id, "level": block.level}
            out += (drawn.open.fill(values, links, ids) if drawn.open.names else drawn.open.html,
                    draw(block.text, range_tags, links, ids),
                    drawn.close.fill(values, links, ids) if drawn.close.names else drawn.close.html)
            if block.marks:
                record_written(links, ids)     # before the macro: it records its own as it writes
                links.clear()
                ids.clear()
                out.append(str(cited_by(block)))
        record_written(links, ids)
        return Markup("".join(out))


class SourceView(TypedDict):
    source: m.Source
    meta: list[tuple[str, str, str | None]]     # (key, label, value; None: not stated)
    missing: list[str]                     # what the article does not state ("outlet", "date")
    lang: Markup                           # lang="…" on the article's own words, when not the site's
    raw_href: str
    report: tuple[tuple[str, int], ...]
    summary: Markup
    compare: list[dict[str, str]]
    # slots, filled once every page is known (fill_source): what shows which passages are cited
    cited_description: Markup
    text: Markup
    cited_summary: Markup
    citing_pages: Markup


def view_sources(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> tuple[str, SourcesView]:
    ctx.title = gettext("Sources")
    rows = []
    for sid, source in sorted(ctx.site.content.sources.items()):
        rows.append({"id": sid, "label": source.label, "title": source.title, "href": ctx.rel(urls.record("source", sid)),
                     "meta": source_meta(source), "summary": ctx.text(source.summary),
                     "lang": lang_attr(source, ctx.site.content.site.language),
                     "cited": slot("cited", sid)})
    return "sources.html", {"sources": rows}


def fill_sources(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> dict[str, dict[str, object]]:
    """How many passages of each article are cited (templates/backlinks/sources.html)."""
    cited_per_source = dict.fromkeys(ctx.site.content.sources, 0)
    for passage in backlinks.passages:          # "s003#q-..." (read once, not once per source)
        sid = passage.split("#", 1)[0]
        if sid in cited_per_source:
            cited_per_source[sid] += 1
    return {f"cited:{sid}": {"cited": n} for sid, n in cited_per_source.items()}


def cleaning_report(what: str) -> str:
    """A line of the cleaning report (resolve/cleaning.py: msgids), in the site's language; a
    rule's detail in brackets ('(zh)') stays as written."""
    if " (" in what and gettext(what) == what:
        head, tail = what.split(" (", 1)
        return f"{gettext(head)} ({tail}"
    return gettext(what)


def view_source(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> tuple[str, SourceView]:
    site = ctx.site
    source = site.content.sources[spec.key]
    cleaned = site.cleaned[spec.key]
    ctx.title = source.label
    compare_rows = []
    for claim_id in site.indexes.claims_by_source.get(source.id, ()):
        comparison = site.comparisons.get(claim_id)
        mine = comparison.by_source(source.id) if comparison else None
        if comparison is None or mine is None:
            continue
        if mine.cell != "agrees":
            compare_rows.append({"question": comparison.claim.question, "value": mine.wording,
                                 "cell": mine.cell, "badge": badge(comparison, mine),
                                 "href": ctx.rel(urls.record("claim", comparison.claim.id))})
    return "source.html", {
        "source": source, "meta": source_meta(source), "missing": unstated(source),
        "lang": lang_attr(source, site.content.site.language),
        "raw_href": ctx.rel(urls.raw_seed(source.id)), "report": tuple((cleaning_report(what), n) for what, n in cleaned.report),
        "summary": ctx.text(source.summary), "compare": compare_rows,
        "cited_description": slot("cited_description"), "text": slot("text"),
        "cited_summary": slot("cited_summary"), "citing_pages": slot("citing_pages"),
    }


def fill_source(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> dict[str, dict[str, object]]:
    """An article's text with its cited passages highlighted, each linking to the pages citing it,
    and what the page says of them (templates/backlinks/source.html)."""
    site = ctx.site
    source = site.content.sources[spec.key]
    anchors = site.indexes.anchors_by_source.get(source.id, [])
    cited = {a.passage_id: a for a in anchors if f"{source.id}#{a.passage_id}" in backlinks.passages}
    cleaned_blocks = site.cleaned[spec.key].blocks
    by_block = cited_by_block(cleaned_blocks, cited.values())
    glosses = {rule.lang: rule.gloss for rule in reversed(source.cleaning.languages)}   # the first rule of a tag
    hrefs: dict[Entity, str] = {}         # each entity's link, made (and recorded) once a page
    blocks = [block_view(ctx, source, block, by_block[k], glosses, hrefs, backlinks)
              for k, block in enumerate(cleaned_blocks)]
    citing: dict[str, str] = {}
    for a in cited.values():
        for target, label in backlinks.passages[f"{source.id}#{a.passage_id}"]:
            citing.setdefault(target.split("#")[0], label)
    citing_pages = [{"href": ctx.rel(p), "label": label} for p, label in sorted(citing.items())]
    return {"cited_description": {"source": source, "cited_count": len(cited)},
            "text": {"blocks": Article(tuple(blocks))},
            "cited_summary": {"cited_count": len(cited), "citing_pages": citing_pages},
            "citing_pages": {"citing_pages": citing_pages}}


def cited_by_block(blocks: Sequence[Block], anchors: Iterable[Anchor]) -> list[list[Anchor]]:
    """The cited passages overlapping each block (by the block's index), each block's in the
    order of `anchors`. Blocks follow each other in the text without overlapping (cleaning
    makes them in order): a passage is found by bisection, not tried against every block."""
    starts = [block.start for block in blocks]
    out: list[list[Anchor]] = [[] for _ in blocks]
    for anchor in anchors:
        k = max(bisect_right(starts, anchor.start) - 1, 0)
        while k < len(blocks) and blocks[k].start < anchor.end:
            if max(anchor.start, blocks[k].start) < min(anchor.end, blocks[k].end):
                out[k].append(anchor)
            k += 1
    return out


def block_view(ctx: PageContext, source: m.Source, block: Block, cited: list[Anchor],
               glosses: Mapping[str, Mapping[str, str]], hrefs: dict[Entity, str], backlinks: Backlinks) -> BlockView:
    """One cleaned paragraph or heading: its bold, language and reference spans, its cited
    passages highlighted (`cited`: those overlapping it; each linking back to the pages that
    cite it), its first mentions linked, as ranges the theme draws
    (templates/partials/source_block.html). `glosses`: the editors' translations of each
    language tag's words; `hrefs`: the entity links the page made so far."""
    ranges: list[Range] = []
    for span in block.spans:
        if span.kind in ("strong", "em"):
            ranges.append(Range(span.start, span.end, span.kind))
        elif span.kind == "lang":
            gloss = glosses.get(span.value, {}).get(block.text[span.start:span.end], "")
            ranges.append(Range(span.start, span.end, "lang", span.value, note=gloss))
        elif span.kind == "refmark":
            ranges.append(Range(span.start, span.end, "refmark", f"#ref-{span.value}"))
    marks = []
    for anchor in cited:
        start, end = max(anchor.start, block.start), min(anchor.end, block.end)
        if start >= end:
            continue
        first = anchor.start >= block.start         # the passage starts here: its id goes here
        ranges.append(Range(start - block.start, end - block.start, "cited", id=anchor.passage_id if first else ""))
        if first:
            marks.append({"id": anchor.passage_id, "exact": anchor.exact,
                          "pages": [{"href": ctx.rel(t), "label": label}
                                    for t, label in backlinks.passages[f"{source.id}#{anchor.passage_id}"]]})
    if block.kind != "heading":
        indexes = ctx.site.indexes
        for mention in indexes.linked_mentions.linked(indexes.mentions_by_block.get((source.id, block.id), ())):
            if not crosses(mention, ranges):
                href = hrefs.get(mention.entity) or hrefs.setdefault(mention.entity, ctx.entity(*mention.entity)["href"])
                ranges.append(Range(mention.start, mention.end, "entity", href))
    return BlockView(block.id, block.kind, block.level, nest(block.text, ranges), sorted(marks, key=lambda x: x["id"]))
