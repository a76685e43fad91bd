"""The citations as W3C Web Annotations (`data/annotations.jsonld`).

One annotation per citation of the site (`Site.citations`): its target is the cited
passage of the source page, by a TextQuoteSelector (the exact words, with the words before
and after them) and a TextPositionSelector (start and end, counted in code points of the
source's *cleaned* text, the text the source page shows, not the raw seed); its body is the
statement that cites the passage (a TextualBody, purpose "describing") and the page where
that statement is shown, at the citation's marker (a SpecificResource, purpose "linking").
The annotations form one AnnotationCollection with one AnnotationPage, in the W3C Web
Annotation Data Model (https://www.w3.org/TR/annotation-model/), JSON-LD with the model's
context `http://www.w3.org/ns/anno.jsonld`.

Addresses are absolute when the site has a base URL, else relative to the site root (as in
data/explainer.json: resolve them against the site's address). Ids are stable: the site's
address (or a tag URI naming the site) + the passage + the record that cites it.
"""
from __future__ import annotations

import functools
import re

from .. import model as m
from .. import urls
from ..markup import MARKER_START, Parsed, plain_text
from ..render import Backlinks
from ..resolve import Citation, Site
from ..resolve.references import owned_texts, owner_label
from ..resolve.statements import quote_positions
from ..slugs import slug
from .fragments import Fragments, dumps

ANNOTATIONS = "data/annotations.jsonld"
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
POSITIONS_NOTE = ("TextPositionSelector start and end count Unicode code points in the source's cleaned text "
                  "(the text its page shows once the editors' cleaning rules are applied, see data/explainer.json), "
                  "not in the raw seed file or the page's HTML.")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[A-Z“\"(\[])")


def annotations_jsonld(site: Site, backlinks: Backlinks, base_url: str, fragments: Fragments | None = None) -> bytes:
    """The annotations, joined from one encoded part per citation; `fragments` (the build
    state's) keeps each part, and each text's statements, with the inputs they were made from."""
    fragments = fragments if fragments is not None else Fragments()
    base = base_url.rstrip("/") + "/" if base_url else ""
    c = site.content
    collection_id = (base + ANNOTATIONS) if base else f"tag:site-builder,2025:{slug(c.site.title) or 'site'}/annotations"

    def address(path: str) -> str:
        return base + path

    statements = _statements(site, fragments)
    seen: dict[str, int] = {}
    items = []
    for citation in site.citations:
        anchor, (kind, record_id) = citation.anchor, citation.owner
        local = f"{anchor.source}-{anchor.passage_id}-{kind}-{record_id}"
        seen[local] = seen.get(local, 0) + 1
        if seen[local] > 1:
            local += f"-{seen[local]}"
        page, fragment = _citing_place(citation, backlinks)
        inputs = (f"{collection_id}#{local}" if base else f"{collection_id}/{local}",
                  f"{owner_label(c, citation.owner)} cites {c.sources[anchor.source].label}",
                  statements.get((citation.owner, citation.position), ""), c.site.language, address(page), fragment,
                  address(urls.record("source", anchor.source)), anchor.exact, anchor.prefix, anchor.suffix,
                  anchor.start, anchor.end)
        items.append(fragments.part(("annotation", local), inputs, functools.partial(_annotation_json, *inputs)))
    data = {
        "@context": CONTEXT, "id": collection_id, "type": "AnnotationCollection",
        "label": f"{c.site.title}: every citation, as the passage it cites",
        "dcterms:description": (
            "One annotation per citation on the site: the target is the cited passage of the source page, "
            "the body the statement that cites it and the page that shows it, at the citation's marker. "
            + POSITIONS_NOTE + (" Addresses are relative to the site root." if not base else "")),
        "total": len(items),
        "first": {"id": (f"{collection_id}#page-1" if base else f"{collection_id}/page-1"), "type": "AnnotationPage",
                  "partOf": collection_id, "startIndex": 0},
    }
    # the annotations go last, as "first"'s "items": the dump ends with the two closing braces
    head = dumps(data)
    assert head.endswith("}}")
    return (head[:-2] + ',"items":[' + ",".join(items) + "]}}\n").encode("utf-8")


def _annotation_json(annotation_id: str, label: str, statement: str, language: str, page: str, fragment: str,
                     source: str, exact: str, prefix: str, suffix: str, start: int, end: int) -> str:
    """One annotation, as JSON (kept in the build state's fragments by everything it is made
    of: a rebuild after an edit encodes only the annotations the edit changed)."""
    body: list[dict] = []
    if statement:
        body.append({"type": "TextualBody", "purpose": "describing", "format": "text/plain",
                     "language": language, "value": statement})
    body.append({"type": "SpecificResource", "purpose": "linking", "source": page,
                 "selector": {"type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc3986",
                              "value": fragment}} if fragment else
                {"type": "SpecificResource", "purpose": "linking", "source": page})
    return dumps({
        "id": annotation_id, "type": "Annotation", "motivation": "linking", "label": label, "body": body,
        "target": {"type": "SpecificResource", "source": source,
                   "selector": [{"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix},
                                {"type": "TextPositionSelector", "start": start, "end": end}]},
    })


def _citing_place(citation: Citation, backlinks: Backlinks) -> tuple[str, str]:
    """The page that shows the citing statement and the fragment to land on: the marker of
    the passage on that page, or (on the timeline) the event itself."""
    kind, record_id = citation.owner
    target = urls.record(kind, record_id)
    page, _, own_fragment = target.partition("#")
    if own_fragment:                         # an event: one of many on the timeline page
        return page, own_fragment
    anchor = citation.anchor
    for href, _ in backlinks.passages.get(f"{anchor.source}#{anchor.passage_id}", ()):
        path, _, marker = href.partition("#")
        if path == page:
            return page, marker
    return page, ""


def _statements(site: Site, fragments: Fragments) -> dict[tuple[tuple[str, str], m.Position], str]:
    """The words of the statement each citation backs: the sentence around its marker, as
    plain text; for a claim's quote, the question and the article's answer."""
    out: dict[tuple[tuple[str, str], m.Position], str] = {}
    c = site.content
    facts: dict[m.Text, str] = {}          # the short fields whose text is only their markers
    for person in c.people.values():
        for role in person.roles:
            org = c.organizations.get(role.organization.id) if role.organization else None
            facts[role.cite] = f"{person.name}: {role.title}" + (f", {org.name}" if org else "")
    for organization in c.organizations.values():
        for rel in organization.relationships:
            other = c.organizations.get(rel.target.id) or c.people.get(rel.target.id)
            facts[rel.cite] = f"{organization.name} and {other.name if other else rel.target.id}: {rel.relation}"
    for owner, text, _ in owned_texts(c):
        parsed = site.parsed.get(text)
        if parsed is None or not parsed.markers:
            continue
        # by the text alone (its words and place; the parse is a function of them): a key that
        # is kept in the store, which the parse is not
        sentences = fragments.part(("sentences", text), (), functools.partial(_marker_sentences, text, parsed))
        for position, sentence in sentences:
            words = facts.get(text) or sentence
            out.setdefault((owner, position), words or owner_label(c, owner))
    for claim in c.claims.values():
        comparison = site.comparisons.get(claim.id)
        for source, quote, position in quote_positions(claim):
            said = comparison.by_source(source) if comparison else None
            answer = said.wording if said is not None else quote
            label = c.sources[source].label if source in c.sources else source
            out[(("claim", claim.id), position)] = f"{claim.question} {label}: “{answer}”"
    return out


def _marker_sentences(text: m.Text, parsed: Parsed) -> tuple[tuple[m.Position, str], ...]:
    """Where each citation marker of a text is, and the sentence it backs: the markers and the
    blocks they sit in as the parse read them (a `[[cite:` in code is no marker; a `:::` fence
    is no word). Kept in the build state's fragments by the text (its words and place): a
    rebuild after an edit makes only the edited texts' again."""
    positions = text.locate_all(MARKER_START)
    markers = iter(parsed.markers)
    out = []
    for token in parsed.tokens:
        cites = [child for child in token.children or () if child.type == "cite"]
        if not cites:
            continue
        content = token.content
        pieces, last = [], 0
        for cite in cites:       # markers masked once per block (no sentence is cut inside a marker's quote)
            pieces += [content[last:cite.meta["at"]], "\0" * cite.meta["length"]]
            last = cite.meta["at"] + cite.meta["length"]
        masked = "".join(pieces) + content[last:]
        cuts: list[int] = []
        for cite in cites:
            occurrence = next(markers).occurrence
            position = positions[occurrence] if occurrence < len(positions) else text.position
            out.append((position, _sentence(content, masked, cite.meta["at"], cuts)))
    return tuple(out)


def _sentence(block: str, masked: str, offset: int, cuts: list[int], limit: int = 400) -> str:
    """The sentence of `block` (one paragraph, list item or cell, as the parse read it) that
    holds the marker at `offset`, as plain text (`masked`: `block` with every marker blanked
    out; `cuts`: where its sentences end, found once per block)."""
    if not cuts:
        cuts += [0, *(mt.end() for mt in _SENTENCE_END.finditer(masked)), len(masked)]
    lo, hi = 0, len(masked)
    for i in range(len(cuts) - 1):
        if cuts[i] <= offset < cuts[i + 1]:
            lo, hi = cuts[i], cuts[i + 1]
            run = re.match(r"\s*\0+", masked[lo:])
            if run and i and offset < lo + run.end():    # a marker right after the full stop of the sentence it backs
                lo, hi = cuts[i - 1], lo + run.end()
            break
    return plain_text(block[lo:hi], limit=limit)


