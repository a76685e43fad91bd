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

import re
from collections.abc import Callable
from functools import cached_property

from .. import model as m
from .. import urls
from ..kinds import HOME_PAGE_ID, RECORD_KINDS, records
from ..markup import MARKER_START, Parsed, plain_text
from ..render import Backlinks
from ..resolve import Citation, Site
from ..resolve.anchoring import Anchor
from ..resolve.cleaning import CleanedSource
from ..resolve.references import Owner, owned_texts, owner_label
from ..resolve.statements import quote_positions
from ..resolve.timeline import TimelineEntry
from ..slugs import slug
from .fragments import Basis, Fragments, dumps, dumps_items

ANNOTATIONS = "data/annotations.jsonld"
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
POSITIONS_NOTE = ("TextPositionSelector start and end count Unicode code points in the source's cleaned text "
                  "(the text its page shows once the editors' cleaning rules are applied, see data/explainer.json), "
                  "not in the raw seed file or the page's HTML.")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[A-Z“\"(\[])")


class Cited:
    """One build's site and backlinks, with what the export's chunks read of them found once
    (on first use): its citations by the record that shows them (their owner)."""

    def __init__(self, site: Site, backlinks: Backlinks) -> None:
        self.site, self.backlinks = site, backlinks
        self._records = {kind: records(site.content, kind) for kind in RECORD_KINDS}

    @cached_property
    def runs(self) -> list[tuple[Owner, list[Citation]]]:
        """The citations as runs of one owner's (an owner's texts are cited together, a claim's
        quotes after every text: a claim has two runs)."""
        runs: list[tuple[Owner, list[Citation]]] = []
        last: Owner | None = None
        current: list[Citation] = []
        for citation in self.site.citations:
            if citation.owner != last:
                last, current = citation.owner, []
                runs.append((last, current))
            current.append(citation)
        return runs

    @cached_property
    def owned(self) -> dict[Owner, list[list[Citation]]]:
        """Each owner's runs."""
        owned: dict[Owner, list[list[Citation]]] = {}
        for owner, citations in self.runs:
            owned.setdefault(owner, []).append(citations)
        return owned

    def anchors(self, owner: Owner) -> list[Anchor]:
        """The owner's citations' anchors, in order."""
        return [citation.anchor for run in self.owned.get(owner, ()) for citation in run]

    @cached_property
    def texts(self) -> dict[Owner, list[m.Text]]:
        """Each owner's texts (only a chunk made again reads them)."""
        texts: dict[Owner, list[m.Text]] = {}
        for owner, text, _ in owned_texts(self.site.content):
            texts.setdefault(owner, []).append(text)
        return texts

    @cached_property
    def entries(self) -> dict[str, TimelineEntry]:
        """The timeline's entries by event."""
        return {entry.event.id: entry for entry in self.site.timeline}

    def record(self, owner: Owner) -> object:
        """What an owner's texts are part of: its record (the home page's lead: the site's)."""
        kind, record_id = owner
        if kind == "page" and record_id == HOME_PAGE_ID:
            return self.site.content.site.deal_summary, self._records[kind].get(record_id)
        return self._records[kind].get(record_id)

    @cached_property
    def names(self) -> tuple[dict[str, str], dict[str, str]]:
        """The names of the organizations and the people (what other records' statements say of them)."""
        c = self.site.content
        return {i: o.name for i, o in c.organizations.items()}, {i: p.name for i, p in c.people.items()}


class Since:
    """What changed between the basis build and this one, as the export's chunks read it.

    A record's citations are its quotes (of its texts, by its record: the same record, the same
    quotes) anchored in its sources' cleaned texts, and an anchor is a pure function of the
    quote and the cleaned text (resolve/anchoring.py: the memo keeps each answer). So a record
    cites what it did when its record and the cleaned texts of the sources it quotes are
    unchanged, with no look at each citation: anchors are not the same objects in the store's
    rows, and comparing thousands of them by value is what this avoids. What many chunks share
    is found once (the sources cleaned again, ...)."""

    def __init__(self, then: Cited | None, now: Cited) -> None:
        self.then, self.now = then, now     # then: None without a basis (nothing to compare with)
        self._comparisons: dict[str, bool] = {}

    @property
    def basis(self) -> Cited:
        assert self.then is not None, "nothing to compare with"
        return self.then

    def unchanged(self, read: Callable[[Cited], object]) -> bool:
        """`read` gives the same value (`model.unchanged`) of both builds."""
        return m.unchanged(read(self.basis), read(self.now))

    def same_record(self, owner: Owner) -> bool:
        return m.unchanged(self.basis.record(owner), self.now.record(owner))

    def same_citations(self, owner: Owner) -> bool:
        """Does the owner cite what it did, where it did (its record, the anchors of its quotes)?"""
        return self.same_record(owner) and not (
            self.recleaned and any(a.source in self.recleaned for a in self.now.anchors(owner)))

    def same_comparison(self, claim_id: str) -> bool:
        """A claim's comparison is a pure function of the claim, its quotes' anchors and the
        dates of the articles it reads (its record's contribution in resolve keeps it while they
        are the same): those are compared, not the comparisons (copies, in the store's rows)."""
        if claim_id not in self._comparisons:
            then, now = self.basis.site.comparisons.get(claim_id), self.now.site.comparisons.get(claim_id)
            claim = self.now.site.content.claims[claim_id]
            self._comparisons[claim_id] = then is now or (self.same_citations(("claim", claim_id)) and not (
                self.redated and any(s.source.id in self.redated for s in claim.statements)))
        return self._comparisons[claim_id]

    @cached_property
    def recleaned(self) -> frozenset[str]:
        """The sources whose cleaned text changed (or that came or went): their anchors may have."""
        then, now = self.basis.site.cleaned, self.now.site.cleaned
        return frozenset(sid for sid in then.keys() | now.keys()
                         if not (then.get(sid) is now.get(sid) or _text(then.get(sid)) == _text(now.get(sid))))

    @cached_property
    def redated(self) -> frozenset[str]:
        """The sources whose date changed (or that came or went): what a claim's values are read against."""
        return self._sources_whose("date")

    @cached_property
    def requoted(self) -> frozenset[str]:
        """The sources whose quotes (each once, in the site's order: what their anchors are, with
        their cleaned text) changed."""
        then, now = list(self.basis.site.anchors), list(self.now.site.anchors)
        if then == now:
            return frozenset()
        before, after = _quotes(then), _quotes(now)
        return frozenset(sid for sid in before.keys() | after.keys() if before.get(sid) != after.get(sid))

    @cached_property
    def moved(self) -> frozenset[str]:
        """The passages ("source#passage") whose citing places (the links to them) changed: the
        labels of the citing pages are no input of the export."""
        then, now = self.basis.backlinks.passages, self.now.backlinks.passages
        if then is now or then == now:
            return frozenset()
        keys = {key for key, cited in now.items() if then.get(key) != cited} | (then.keys() - now.keys())
        return frozenset(key for key in keys if _hrefs(then.get(key)) != _hrefs(now.get(key)))

    @cached_property
    def moved_sources(self) -> frozenset[str]:
        return frozenset(key.partition("#")[0] for key in self.moved)

    @cached_property
    def relabelled(self) -> frozenset[str]:
        """The sources whose label changed (a citation's annotation names its source)."""
        return self._sources_whose("label")

    def _sources_whose(self, field: str) -> frozenset[str]:
        """The sources whose `field` changed (or that came or went)."""
        then, now = self.basis.site.content.sources, self.now.site.content.sources
        return frozenset(sid for sid in then.keys() | now.keys()
                         if getattr(then.get(sid), field, None) != getattr(now.get(sid), field, None))

    @cached_property
    def renamed(self) -> frozenset[str]:
        """The organizations and people whose name changed (or that came or went)."""
        out: set[str] = set()
        for then, now in zip(self.basis.names, self.now.names, strict=True):
            out.update(key for key in then.keys() | now.keys() if then.get(key) != now.get(key))
        return frozenset(out)

    def same_annotations(self, owner: Owner) -> bool:
        """Are the annotations of `owner` what they were? Its citations, the places that cite
        them, the names of the sources and (its statements) of the records it speaks of, and a
        claim's comparison."""
        if not self.same_citations(owner):
            return False
        if self.moved or self.relabelled:
            for a in self.now.anchors(owner):
                if a.source in self.relabelled or f"{a.source}#{a.passage_id}" in self.moved:
                    return False
        kind, record_id = owner
        if kind == "claim":
            return self.same_comparison(record_id)
        content = self.now.site.content
        if self.renamed and kind == "person":
            return not any(r.organization.id in self.renamed for r in content.people[record_id].roles if r.organization)
        if self.renamed and kind == "organization":
            return not any(r.target.id in self.renamed for r in content.organizations[record_id].relationships)
        return True


def _text(cleaned: CleanedSource | None) -> str | None:
    return cleaned.text if cleaned is not None else None


def _quotes(keys: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Each source's quotes, in order."""
    out: dict[str, list[str]] = {}
    for source, quote in keys:
        out.setdefault(source, []).append(quote)
    return out


def _hrefs(cited: list[tuple[str, str]] | None) -> list[str]:
    return [href for href, _ in cited or ()]


def annotations_jsonld(site: Site, backlinks: Backlinks, base_url: str, fragments: Fragments | None = None,
                       basis: Basis | None = None, since: Since | None = None) -> bytes:
    """The annotations, joined from one encoded chunk per record's run of citations; with the
    last good build (`basis`) and `fragments`, the chunks of the records whose annotations are
    what they were are the basis's bytes."""
    fragments = fragments if fragments is not None else Fragments()
    base = base_url.rstrip("/") + "/" if base_url else ""
    c = site.content
    collection_id = (base + ANNOTATIONS) if base else f"tag:site-builder,2025:{slug(c.site.title) or 'site'}/annotations"
    since = since if since is not None else Since(None, Cited(site, backlinks))
    now = since.now
    data = {
        "@context": CONTEXT, "id": collection_id, "type": "AnnotationCollection",
        "label": f"{c.site.title}: every citation, as the passage it cites",
        "dcterms:description": (
            "One annotation per citation on the site: the target is the cited passage of the source page, "
            "the body the statement that cites it and the page that shows it, at the citation's marker. "
            + POSITIONS_NOTE + (" Addresses are relative to the site root." if not base else "")),
        "total": len(site.citations),
        "first": {"id": (f"{collection_id}#page-1" if base else f"{collection_id}/page-1"), "type": "AnnotationPage",
                  "partOf": collection_id, "startIndex": 0},
    }
    # the annotations go last, as "first"'s "items": the dump ends with the two closing braces
    head = dumps(data)
    assert head.endswith("}}")
    out = fragments.joiner(ANNOTATIONS, (base, collection_id, c.site.language), basis)
    reusing = out.reusing and since.then is not None
    out.text(head[:-2] + ',"items":[')
    made: dict[Owner, list[str]] = {}

    def run(owner: Owner, index: int) -> str:
        """The owner's run `index`, encoded (all its runs made at once: a local id counts the
        owner's earlier annotations of the same passage)."""
        if owner not in made:
            made[owner] = _owner_annotations(now, owner, base, collection_id)
        return made[owner][index]

    same: dict[Owner, bool] = {}

    def unchanged(owner: Owner) -> bool:
        """(asked only of an owner the basis has a chunk of: once, for all its runs)"""
        if owner not in same:
            same[owner] = since.same_annotations(owner)
        return same[owner]

    # a run's key is where it starts among its owner's citations and how many it holds: the same
    # citations (an unchanged owner's) split otherwise (other owners' citations between them
    # came or went) are other chunks
    keys: dict[tuple[Owner, int, int], int] = {}        # -> which of its owner's runs
    counted: dict[Owner, tuple[int, int]] = {}
    for owner, citations in now.runs:
        index, start = counted.get(owner, (0, 0))
        counted[owner] = (index + 1, start + len(citations))
        keys[owner, start, len(citations)] = index
    out.chunks(keys, (lambda key: unchanged(key[0])) if reusing else None, lambda key: run(key[0], keys[key]))
    out.text("]}}\n")
    return out.done()


def _owner_annotations(cited: Cited, owner: Owner, base: str, collection_id: str) -> list[str]:
    """Each run of the owner's annotations, encoded (the members of the items array). Ids are
    the passage and the owner, numbered from the second time an owner cites one passage (a
    local id names its owner: two owners never share one)."""
    site, backlinks = cited.site, cited.backlinks
    c = site.content
    statements = _statements(site, owner, cited.texts.get(owner, ()))
    own_label = owner_label(c, owner)
    language = c.site.language
    kind, record_id = owner
    seen: dict[str, int] = {}
    runs = []
    for citations in cited.owned[owner]:
        items = []
        for citation in citations:
            anchor = citation.anchor
            local = f"{anchor.source}-{anchor.passage_id}-{kind}-{record_id}"
            seen[local] = seen.get(local, 0) + 1
            if seen[local] > 1:
                local += f"-{seen[local]}"
            page, fragment = _citing_place(citation, backlinks)
            items.append(_annotation(
                f"{collection_id}#{local}" if base else f"{collection_id}/{local}",
                f"{own_label} cites {c.sources[anchor.source].label}", statements.get(citation.position, ""),
                language, base + page, fragment, base + urls.record("source", anchor.source), anchor))
        runs.append(dumps_items(items))
    return runs


def _annotation(annotation_id: str, label: str, statement: str, language: str, page: str, fragment: str,
                source: str, anchor: Anchor) -> dict:
    """One annotation."""
    body: list[dict] = []
    if statement:
        body.append({"type": "TextualBody", "purpose": "describing", "format": "text/plain",
                     "language": language, "value": statement})
    body.append({"type": "SpecificResource", "purpose": "linking", "source": page,
                 "selector": {"type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc3986",
                              "value": fragment}} if fragment else
                {"type": "SpecificResource", "purpose": "linking", "source": page})
    return {
        "id": annotation_id, "type": "Annotation", "motivation": "linking", "label": label, "body": body,
        "target": {"type": "SpecificResource", "source": source,
                   "selector": [{"type": "TextQuoteSelector", "exact": anchor.exact, "prefix": anchor.prefix,
                                 "suffix": anchor.suffix},
                                {"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end}]},
    }


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


def _statements(site: Site, owner: Owner, texts) -> dict[m.Position, str]:
    """The words of the statement each citation of `owner` backs, by the citation's place: the
    sentence around its marker, as plain text; for a claim's quote, the question and the
    article's answer."""
    out: dict[m.Position, str] = {}
    c = site.content
    kind, record_id = owner
    facts: dict[m.Text, str] = {}          # the short fields whose text is only their markers
    if kind == "person":
        person = c.people[record_id]
        for role in person.roles:
            org = c.organizations.get(role.organization.id) if role.organization else None
            facts[role.cite] = f"{person.name}: {role.title}" + (f", {org.name}" if org else "")
    elif kind == "organization":
        organization = c.organizations[record_id]
        for rel in organization.relationships:
            other = c.organizations.get(rel.target.id) or c.people.get(rel.target.id)
            facts[rel.cite] = f"{organization.name} and {other.name if other else rel.target.id}: {rel.relation}"
    for text in texts:
        parsed = site.parsed.get(text)
        if parsed is None or not parsed.markers:
            continue
        for position, sentence in _marker_sentences(text, parsed):
            words = facts.get(text) or sentence
            out.setdefault(position, words or owner_label(c, owner))
    if kind == "claim":
        claim = c.claims[record_id]
        comparison = site.comparisons.get(claim.id)
        for source, quote, position in quote_positions(claim):
            said = comparison.by_source(source) if comparison else None
            answer = said.wording if said is not None else quote
            label = c.sources[source].label if source in c.sources else source
            out[position] = f"{claim.question} {label}: “{answer}”"
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


