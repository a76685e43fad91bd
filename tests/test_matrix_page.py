"""The comparison matrix says, cell by cell, what the resolved comparisons say.

Read back from the page a reader gets: one row per claim (its status), one column per
article shown, and in each cell the article's answer, its cell kind and the link to its
passage, or "does not say"."""
from __future__ import annotations

import html
import re
from pathlib import Path

from site_builder import urls
from site_builder.resolve.comparisons import SINGLE

ROW = re.compile(r'<tr class="status-([\w-]+)">\s*<th scope="row"><a href="([^"]+)">(.*?)</a> '
                 r'<span class="status status-([\w-]+)">(.*?)</tr>', re.S)
CELL = re.compile(r'<td class="cell cell-([\w-]+)">(.*?)</td>', re.S)
HEAD = re.compile(r'<thead><tr><th scope="col">[^<]*</th>(.*?)</tr></thead>', re.S)
COLUMN = re.compile(r'<th scope="col"><a href="([^"]+)">')


def _matrix(out: Path) -> tuple[list[str], list[tuple[str, str, str, list[tuple[str, str]]]]]:
    page = (out / urls.MATRIX).read_text(encoding="utf-8")
    head = HEAD.search(page)
    assert head, "the matrix has a header row"
    columns = COLUMN.findall(head.group(1))
    rows = []
    for status, href, question, badge_status, rest in ROW.findall(page):
        assert badge_status == status, f"{question}: the row's badge says its status"
        rows.append((status, href, html.unescape(question), CELL.findall(rest)))
    return columns, rows


def test_every_cell_is_the_articles_answer(real_build) -> None:
    result, out = real_build
    site = result.site
    assert site is not None
    columns, rows = _matrix(out)
    ids = sorted(site.content.sources)
    assert columns == [urls.relative(urls.MATRIX, urls.record("source", sid)) for sid in ids], \
        "every article a column, in id order"
    claims = sorted(site.content.claims.items())
    assert [(href, question) for _, href, question, _ in rows] == [
        (urls.relative(urls.MATRIX, urls.record("claim", cid)), claim.question) for cid, claim in claims], "one row per claim, in id order"
    kinds_seen = set()
    for (status, _, question, cells), (cid, _) in zip(rows, claims, strict=True):
        comparison = site.comparisons.get(cid)
        assert status == (comparison.status if comparison else SINGLE), question
        assert len(cells) == len(columns), question
        for (kind, inner), sid in zip(cells, ids, strict=True):
            statement = comparison.by_source(sid) if comparison else None
            kinds_seen.add(kind)
            if statement is None:
                assert kind == "silent" and "<a " not in inner, f"{question} / {sid}: does not say"
                continue
            assert kind == statement.cell, f"{question} / {sid}"
            assert f'<span class="chip chip-{kind}">' in inner, f"{question} / {sid}: its chip"
            link = re.search(r'<a href="([^"]+)">', inner)
            passage = urls.relative(urls.MATRIX, urls.passage(sid, statement.anchor.passage_id))
            assert link and html.unescape(link.group(1)).startswith(passage), f"{question} / {sid}: links to its passage"
            value = re.search(r'<span class="cell-value"[^>]*>(.*?)</span>', inner, re.S)
            assert value and html.unescape(value.group(1)) == statement.wording, f"{question} / {sid}"
    assert {"silent", "agrees", "differs"} <= kinds_seen, "the real site's disagreements show in the matrix"
