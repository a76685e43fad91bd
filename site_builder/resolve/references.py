"""Ids and the texts that cite: every reference checked, every cited text with its owner.

Part of `resolve`. An *owner* is the record whose page shows a text: a citation on a
person's summary is shown on that person's page.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

from .. import model as m
from ..errors import Position, Problem, suggestion
from ..kinds import HOME_PAGE_ID, RECORD_KINDS, records
from ..markup import Parsed, uncited_paragraphs
from .statements import claim_texts

Owner = tuple[str, str]  # (record kind, record id)


def owned_texts(content: m.Content) -> Iterator[tuple[Owner, m.Text, bool]]:
    """Every author text field that may hold citation markers, with the record whose page
    shows it, and whether it is shown inside a sentence (inline) rather than as paragraphs."""
    if content.site.deal_summary:
        yield ("page", HOME_PAGE_ID), content.site.deal_summary, False
    for source in content.sources.values():
        if source.summary:
            yield ("source", source.id), source.summary, False
    for person in content.people.values():
        yield ("person", person.id), person.summary, False
        for role in person.roles:
            yield ("person", person.id), role.cite, True
    for org in content.organizations.values():
        yield ("organization", org.id), org.summary, False
        for rel in org.relationships:
            yield ("organization", org.id), rel.cite, True
    for event in content.events.values():
        yield ("event", event.id), event.summary, False
        for alt in event.alternatives:
            yield ("event", event.id), alt.summary, False
    for claim in content.claims.values():
        for text in claim_texts(claim):
            yield ("claim", claim.id), text, False
    for page in content.pages.values():
        yield ("page", page.id), page.body, False


def owner_label(content: m.Content, owner: Owner) -> str:
    """How a record is named where it is listed: its kind's label field."""
    kind, record_id = owner
    if kind == "page" and record_id == HOME_PAGE_ID:
        return "Home"
    label = getattr(records(content, kind)[record_id], RECORD_KINDS[kind].label_field)
    return f"Timeline: {label}" if kind == "event" else label


def check_refs(content: m.Content, problems: list[Problem]) -> None:
    roles: dict[str, m.Page] = {}
    for page in sorted(content.pages.values(), key=lambda p: p.id):
        if page.role and page.role in roles:
            problems.append(Problem(page.position, f"two pages have the role '{page.role}': "
                                    f"{roles[page.role].position.path} and this one", "keep one"))
        roles.setdefault(page.role, page)
    people, orgs = set(content.people), set(content.organizations)
    for clash in sorted(people & orgs):
        problems.append(Problem(content.organizations[clash].position,
                                f"id '{clash}' is both a person and an organization",
                                "rename one of the two files"))

    unloaded = content.unloaded_ids()      # their own files' errors are reported

    def need(ref: m.Ref | None, valid: set[str], what: str) -> None:
        if ref is not None and ref.id not in valid and ref.id not in unloaded:
            problems.append(Problem(ref.position, f"unknown {what} id '{ref.id}'", suggestion(ref.id, valid, f"{what} id")))

    for person in content.people.values():
        for role in person.roles:
            need(role.organization, orgs, "organization")
    entities, sources = people | orgs, set(content.sources)     # once: not once per reference
    for org in content.organizations.values():
        for rel in org.relationships:
            need(rel.target, entities, "person or organization")
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
            need(statement.source, sources, "source")
            if statement.source.id in seen:
                problems.append(Problem(statement.position, f"source '{statement.source.id}' already has a statement in this claim",
                                        f"see line {seen[statement.source.id].line}; keep one statement per source"))
            seen[statement.source.id] = statement.position


def check_ref_links(content: m.Content, text: m.Text, parsed: Parsed, problems: list[Problem]) -> None:
    """Every `[text](kind:id)` link of a text names an existing record."""
    for link in parsed.links:
        valid = records(content, link.kind)
        if link.id not in valid and link.id not in content.unloaded_ids():
            problems.append(Problem(text.locate(f"{link.kind}:{link.id}"), f"link to unknown {link.kind} id '{link.id}'",
                                    suggestion(link.id, valid, f"{link.kind} id")))


def uncited(content: m.Content, parsed: Mapping[m.Text, Parsed]) -> list[Problem]:
    """Narrative pages: every paragraph states a cited fact or sits in `::: editorial`."""
    problems = []
    for page in content.pages.values():
        for line, opening in uncited_paragraphs(parsed[page.body]):
            position = Position(page.body.position.path, page.body.position.line + line - 1, 1)
            problems.append(Problem(position, f"paragraph without a citation: \"{opening}...\"",
                                    "add a [[cite:...]] marker, or wrap editorial judgement in '::: editorial' ... ':::'",
                                    severity="warning"))
    return problems




def name_collisions(content: m.Content) -> list[Problem]:
    """No two people or organizations answer to the same name or alias (compared without
    case and spacing): mentions of it would link to one of them at random, and readers
    would find two pages of one name. Reported where the later one writes it, naming the
    earlier one's file:line:col (load keeps each name's position, see `load.Located`)."""
    found = sorted([("person", p) for p in content.people.values()] +
                   [("organization", o) for o in content.organizations.values()],
                   key=lambda item: (item[1].position, item[0], item[1].id))
    claimed: dict[str, tuple[str, str, str, Position]] = {}
    problems: list[Problem] = []
    for kind, record in found:
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


def sort_name(name: str) -> str:
    """The order people are listed in: by surname, then given names."""
    parts = name.split()
    return (parts[-1] + " " + " ".join(parts[:-1])).lower()
