"""Stage 2, `resolve`: check every id and quote, and build the cross-reference graph.

Input: the `Content` that `load` read. Output: a `Site` - the same records plus the
cleaned sources, every citation anchored in its source, and which page cites what.
Problems are collected, never raised one by one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Mapping

from . import model as m
from . import urls
from .citations import Anchor, Miss, SourceIndex, find_markers
from .cleaning import CleanedSource, clean_source
from .errors import Position, Problem, suggestion

Owner = tuple[str, str]  # (record kind, record id): the record whose page shows a text


@dataclass(frozen=True)
class Citation:
    """One use of a quote: which anchor, written where, shown on which record's page."""

    anchor: Anchor
    owner: Owner
    position: Position


@dataclass(frozen=True)
class Site:
    content: m.Content
    cleaned: Mapping[str, CleanedSource]
    anchors: Mapping[tuple[str, str], Anchor]     # (source id, quote as written) -> anchor
    citations: tuple[Citation, ...]
    misses: tuple[tuple[Position, Miss], ...] = ()

    def anchor(self, source: str, quote: str) -> Anchor:
        return self.anchors[(source, quote)]


def owned_texts(content: m.Content) -> Iterator[tuple[Owner, m.Text]]:
    """Every author text field that may hold citation markers, with the record that shows it."""
    if content.site.deal_summary:
        yield ("page", "index"), content.site.deal_summary
    for source in content.sources.values():
        if source.summary:
            yield ("source", source.id), source.summary
    for person in content.people.values():
        yield ("person", person.id), person.summary
        for role in person.roles:
            yield ("person", person.id), role.cite
    for org in content.organizations.values():
        yield ("organization", org.id), org.summary
        for rel in org.relationships:
            yield ("organization", org.id), rel.cite
    for event in content.events.values():
        yield ("event", event.id), event.summary
        for alt in event.alternatives:
            yield ("event", event.id), alt.summary
    for claim in content.claims.values():
        if claim.note:
            yield ("claim", claim.id), claim.note
    for page in content.pages.values():
        yield ("page", page.id), page.body


def owner_label(content: m.Content, owner: Owner) -> str:
    kind, record_id = owner
    if kind == "person":
        return content.people[record_id].name
    if kind == "organization":
        return content.organizations[record_id].name
    if kind == "event":
        event = content.events[record_id]
        return f"Timeline: {event.title}"
    if kind == "claim":
        return content.claims[record_id].question
    if kind == "source":
        return content.sources[record_id].label
    if record_id == "index":
        return "Home"
    return content.pages[record_id].title


def _check_refs(content: m.Content, problems: list[Problem]) -> None:
    people, orgs = set(content.people), set(content.organizations)
    for clash in sorted(people & orgs):
        problems.append(Problem(content.organizations[clash].position,
                                f"id '{clash}' is both a person and an organization",
                                "rename one of the two files"))

    def need(ref: m.Ref | None, valid: set[str], what: str) -> None:
        if ref is not None and ref.id not in valid:
            problems.append(Problem(ref.position, f"unknown {what} id '{ref.id}'", suggestion(ref.id, valid, f"{what} id")))

    for person in content.people.values():
        for role in person.roles:
            need(role.organization, orgs, "organization")
    for org in content.organizations.values():
        for rel in org.relationships:
            need(rel.target, people | orgs, "person or organization")
    for event in content.events.values():
        for ref in event.people:
            need(ref, people, "person")
        for ref in event.organizations:
            need(ref, orgs, "organization")
    for claim in content.claims.values():
        for ref in claim.people:
            need(ref, people, "person")
        for ref in claim.organizations:
            need(ref, orgs, "organization")
        seen: dict[str, Position] = {}
        for statement in claim.statements:
            need(statement.source, set(content.sources), "source")
            if statement.source.id in seen:
                problems.append(Problem(statement.position, f"source '{statement.source.id}' already has a statement in this claim",
                                        f"see line {seen[statement.source.id].line}; keep one statement per source"))
            seen[statement.source.id] = statement.position


def name_collisions(content: m.Content) -> list[Problem]:
    """No two people or organizations answer to the same name or alias (compared without
    case and spacing): mentions of it would link to one of them at random, and readers
    would find two pages of one name. Reported where the later one writes it, naming the
    earlier one's file:line:col (load keeps each name's position, see `load.Located`)."""
    records = sorted([("person", p) for p in content.people.values()] +
                     [("organization", o) for o in content.organizations.values()],
                     key=lambda item: (item[1].position, item[0], item[1].id))
    claimed: dict[str, tuple[str, str, str, Position]] = {}
    problems: list[Problem] = []
    for kind, record in records:
        for role, name in [("name", record.name), *(("alias", alias) for alias in record.aliases)]:
            key = " ".join(name.split()).casefold()
            where = getattr(name, "position", record.position)
            first = claimed.setdefault(key, (kind, record.id, role, where))
            if first[:2] == (kind, record.id):
                continue        # a record may list its own name again, e.g. in another case
            problems.append(Problem(where, f"the {role} '{name}' of {kind} '{record.id}' is also the {first[2]} of "
                                    f"{first[0]} '{first[1]}' ({first[3]})",
                                    "two records cannot share a name or alias: remove the copy, or tell them apart"))
    return problems


def _check_ref_links(content: m.Content, problems: list[Problem]) -> None:
    """Every `[text](kind:id)` link in a page or text field names an existing record."""
    from .markdown import REF_LINK_RE

    valid = {"person": content.people, "organization": content.organizations, "claim": content.claims,
             "source": content.sources, "page": content.pages, "event": content.events}
    for _, text in owned_texts(content):
        for match in REF_LINK_RE.finditer(text.value):
            kind, record_id = match.group(1), match.group(2)
            if record_id not in valid[kind]:
                problems.append(Problem(text.locate(f"{kind}:{record_id}"),
                                        f"link to unknown {kind} id '{record_id}'",
                                        suggestion(record_id, valid[kind], f"{kind} id")))


def _uncited(content: m.Content) -> list[Problem]:
    """Narrative pages: every paragraph states a cited fact or sits in `::: editorial`."""
    from .markdown import uncited_paragraphs

    problems = []
    for page in content.pages.values():
        for line, opening in uncited_paragraphs(page.body.value):
            position = Position(page.body.position.path, page.body.position.line + line - 1, 1)
            problems.append(Problem(position, f"paragraph without a citation: \"{opening}...\"",
                                    "add a [[cite:...]] marker, or wrap editorial judgement in '::: editorial' ... ':::'",
                                    severity="warning"))
    return problems


class _Anchoring:
    """Anchors quotes, once per distinct (source, quote), and reports what fails."""

    def __init__(self, indexes: Mapping[str, SourceIndex], problems: list[Problem]):
        self.indexes = indexes
        self.problems = problems
        self.anchors: dict[tuple[str, str], Anchor] = {}
        self.results: dict[tuple[str, str], Anchor | Miss] = {}
        self.misses: list[tuple[Position, Miss]] = []

    def __call__(self, source: str, quote: str, position: Position) -> Anchor | None:
        if source not in self.indexes:
            self.problems.append(Problem(position, f"unknown source id '{source}' in citation",
                                         suggestion(source, self.indexes, "source id")))
            return None
        key = (source, quote)
        if key not in self.results:
            self.results[key] = self.indexes[source].anchor(quote)
        result = self.results[key]
        if isinstance(result, Miss):
            self.misses.append((position, result))
            if result.closest:
                hint = (f"closest passage in {source} ({result.similarity:.0%} similar, at offset {result.start}): "
                        f"\"{result.closest}\"")
            else:
                hint = "the quote is empty"
            self.problems.append(Problem(position, f"quote not found in {source}: \"{quote}\"", hint))
            return None
        if result.occurrences > 1:
            self.problems.append(Problem(position, f"quote occurs {result.occurrences} times in {source}: \"{quote}\"",
                                         "the first occurrence is used; quote a few more words to make it unique",
                                         severity="warning"))
        self.anchors[key] = result
        return result


def prepare_source(source: m.Source, seed_text: str) -> tuple[CleanedSource, SourceIndex]:
    """A source's cleaned text and its quote index: a pure function of the record and its seed."""
    cleaned = clean_source(source, seed_text)
    return cleaned, SourceIndex(source.id, cleaned.text)


def resolve(content: m.Content, prepare: Callable[[m.Source, str], tuple[CleanedSource, SourceIndex]] = prepare_source
            ) -> tuple[Site, list[Problem]]:
    """`prepare` is the dev server's hook: it passes a version that remembers unchanged sources."""
    problems: list[Problem] = []
    _check_refs(content, problems)
    problems += name_collisions(content)
    _check_ref_links(content, problems)
    prepared = {sid: prepare(source, content.seed_texts[sid])
                for sid, source in content.sources.items() if sid in content.seed_texts}
    cleaned = {sid: c for sid, (c, _) in prepared.items()}
    indexes = {sid: index for sid, (_, index) in prepared.items()}
    anchoring = _Anchoring(indexes, problems)
    citations: list[Citation] = []
    for owner, text in owned_texts(content):
        markers, malformed = find_markers(text.value)
        for offset in malformed:
            index = text.value[:offset].count("[[cite:")
            position = text.marker_positions[index] if index < len(text.marker_positions) else text.position
            problems.append(Problem(position, "malformed citation marker",
                                    'write [[cite:SOURCE "exact words"]], e.g. [[cite:s003 "a 49% non-voting stake"]]'))
        for marker in markers:
            index = text.value[:marker.start].count("[[cite:")
            position = text.marker_positions[index] if index < len(text.marker_positions) else text.position
            anchor = anchoring(marker.source, marker.quote, position)
            if anchor is not None:
                citations.append(Citation(anchor, owner, position))
    for claim in content.claims.values():
        for statement in claim.statements:
            if statement.source.id in content.sources:
                anchor = anchoring(statement.source.id, statement.quote, statement.quote_position)
                if anchor is not None:
                    citations.append(Citation(anchor, ("claim", claim.id), statement.quote_position))
    problems += _uncited(content)
    site = Site(content, cleaned, anchoring.anchors, tuple(citations), tuple(anchoring.misses))
    return site, problems


def cited_from(site: Site) -> dict[str, list[tuple[str, str]]]:
    """passage id -> [(citing page url, its label)], each page once, in a stable order."""
    out: dict[str, list[tuple[str, str]]] = {}
    for citation in site.citations:
        key = f"{citation.anchor.source}#{citation.anchor.passage_id}"
        entry = (urls.record(*citation.owner), owner_label(site.content, citation.owner))
        bucket = out.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)
    return out
