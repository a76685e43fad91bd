"""Comparisons: the index by status, the matrix, and each claim's side-by-side page."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, TypedDict

from markupsafe import Markup

from ... import model as m
from ... import urls
from ...i18n import gettext
from ...resolve.comparisons import SINGLE, STATUSES
from ..charts import ClaimChart
from ..context import Backlinks, EntityLink, PageContext, PageSpec
from ..embedding import EmbedSection, embed_section
from ..vocabulary import RELATION, STATUS, badge
from .chartdata import claim_chart_for
from .common import explanation

SILENT_LISTED = 8        # silent articles named on a claim page; more are counted
MATRIX_COLUMNS = 12      # articles the matrix shows side by side; with more, those answering most


class ClaimsView(TypedDict):
    groups: list[tuple[str, str, list[dict[str, Any]]]]     # (status label, status, claims)
    matrix_href: str


@dataclass(frozen=True, slots=True)
class MatrixCell:
    """One article's answer to one question. Attributes, not a dict: a template reads ~4 of
    them for each of up to 12 x (every claim) cells, and Jinja finds an attribute at once where a
    dict key is found only after the attribute lookup failed."""

    cell: str                 # the cell kind (labels.cell): how it stands against the other articles
    value: str = ""           # the article's answer in its own words ("" for a silent one)
    lang: str = ""            # ' lang="xx"' where the article is not in the site's language
    badge: str = ""           # the answer's badge, relative to the other articles
    href: str | None = None   # the passage that answers (None: silent)


@dataclass(frozen=True, slots=True)
class MatrixRow:
    question: str
    href: str
    status: str
    cells: tuple[MatrixCell, ...]


SILENT_CELL = MatrixCell("silent")


class MatrixView(TypedDict):
    sources: list[dict[str, str]]
    rows: list[MatrixRow]
    hidden: int                            # articles not shown as columns (each claim page has them all)


class ClaimView(TypedDict):
    claim: m.Claim
    status: str
    columns: list[dict[str, Any]]          # one per source: its answer, or silent
    positions: list[dict[str, Any]]
    relations: list[dict[str, Any]]
    note: Markup
    people: list[EntityLink]
    organizations: list[EntityLink]
    matrix_href: str
    claims_href: str
    silent_count: int                      # articles that do not answer (named in columns when few)
    chart: ClaimChart | None               # amounts, percentages, counts, dates: every answer on one axis
    embed: EmbedSection                    # its card, and the code to embed it elsewhere


def view_claims(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> tuple[str, ClaimsView]:
    site = ctx.site
    ctx.title = gettext("Comparisons")
    groups: dict[str, list] = defaultdict(list)
    for cid, claim in sorted(site.content.claims.items()):
        comparison = site.comparisons.get(cid)
        status = comparison.status if comparison else SINGLE
        groups[status].append({"question": claim.question, "href": ctx.rel(urls.record("claim", cid)),
                               "status": status, "count": len(comparison.statements) if comparison else 0})
    ordered = [(gettext(STATUS[s].text), s, groups[s]) for s in STATUSES if s in groups]
    return "claims.html", {"groups": ordered, "matrix_href": ctx.rel(urls.MATRIX)}


def view_matrix(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> tuple[str, MatrixView]:
    site = ctx.site
    ctx.title = gettext("Who says what: the comparison matrix")
    answers = {sid: len(claims) for sid, claims in site.indexes.claims_by_source.items()}
    shown = sorted(site.content.sources)
    if len(shown) > MATRIX_COLUMNS:     # a table a reader can scan: the articles that answer most
        shown = sorted(sorted(shown, key=lambda sid: (-answers.get(sid, 0), sid))[:MATRIX_COLUMNS])
    labels = ctx.renderer.source_labels
    sources = [{"id": sid, "label": labels[sid], "href": ctx.rel(urls.record("source", sid))} for sid in shown]
    langs = ctx.renderer.source_langs
    rows = []
    for cid, claim in sorted(site.content.claims.items()):
        comparison = site.comparisons.get(cid)
        cells = []
        # each article's first statement, as Comparison.by_source finds it (a scan per cell would
        # cost a pass over every statement for each of the columns)
        by_source = {s.source: s for s in reversed(comparison.statements)} if comparison else {}
        for sid in shown:
            statement = by_source.get(sid)
            if comparison is None or statement is None:
                cells.append(SILENT_CELL)
            else:
                cells.append(MatrixCell(statement.cell, statement.wording, langs[sid], badge(comparison, statement),
                                        ctx.notes.passage_href(statement.anchor)))
        rows.append(MatrixRow(claim.question, ctx.rel(urls.record("claim", cid)),
                              comparison.status if comparison else SINGLE, tuple(cells)))
    return "matrix.html", {"sources": sources, "rows": rows, "hidden": len(site.content.sources) - len(sources)}


def view_claim(ctx: PageContext, spec: PageSpec, backlinks: Backlinks) -> tuple[str, ClaimView]:
    site = ctx.site
    claim = site.content.claims[spec.key]
    ctx.title = claim.question
    comparison = site.comparisons.get(claim.id)
    columns: list[dict[str, Any]] = []
    answering = {s.source: s for s in comparison.statements} if comparison else {}
    # the articles that do not answer are named while a reader can take them in; past that, counted
    # (counted without listing them: a claim page must not cost one pass over every source)
    silent_count = len(site.content.sources) - sum(1 for sid in answering if sid in site.content.sources)
    listed = [sid for sid in site.content.sources if sid not in answering] if silent_count <= SILENT_LISTED else []
    labels = ctx.renderer.source_labels         # a column shows its article's label, not all of it
    for sid in sorted({*answering, *listed}):
        statement = answering.get(sid)
        if comparison is None or statement is None:
            columns.append({"source": sid, "label": labels[sid], "cell": "silent",
                            "source_href": ctx.rel(urls.record("source", sid))})
            continue
        columns.append({"source": sid, "label": labels[sid], "cell": statement.cell,
                        "lang": ctx.renderer.source_langs[sid],
                        "badge": badge(comparison, statement),
                        "position": comparison.position(statement.position).label,
                        "value": statement.wording if statement.value is not None else "",
                        "normalized": explanation(statement),
                        "quotes": [{"prefix": a.prefix.rsplit("\n\n", 1)[-1], "exact": a.exact,
                                    "suffix": a.suffix.split("\n\n", 1)[0], "marker": ctx.notes.marker(a),
                                    "href": ctx.notes.passage_href(a)} for a in statement.anchors],
                        "href": ctx.notes.passage_href(statement.anchor),
                        "note": ctx.text(statement.statement.note),
                        "source_href": ctx.rel(urls.record("source", sid))})
    positions: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    if comparison is not None:
        cells = {s.position: s.cell for s in comparison.statements}
        positions = [{"id": p.id, "label": p.label, "cell": cells[p.id], "count": len(p.sources),
                      "sources": [labels[s] for s in p.sources], "majority": p.id in comparison.bloc}
                     for p in comparison.positions]
        names = {p.id: p.label for p in comparison.positions}
        relations = [{"a": names[r.a], "b": names[r.b], "kind": r.kind, "words": gettext(RELATION[r.kind]),
                      "reason": ctx.text(r.reason)} for r in comparison.relations
                     if r.kind != "conflict" or len(comparison.positions) <= 4]
    people = [ctx.entity("person", r.id) for r in claim.people]
    orgs = [ctx.entity("organization", r.id) for r in claim.organizations]
    status = comparison.status if comparison else SINGLE
    return "claim.html", {"claim": claim, "status": status, "columns": columns, "positions": positions,
                          "silent_count": silent_count,
                          "relations": relations, "note": ctx.text(claim.note), "people": people,
                          "organizations": orgs, "matrix_href": ctx.rel(urls.MATRIX),
                          "claims_href": ctx.rel(urls.CLAIMS), "chart": claim_chart_for(ctx, comparison),
                          "embed": embed_section(ctx, "claim-card", claim.id, claim.question, comparison)}
