"""Ids and the texts that cite: every reference checked, every cited text with its owner.

Part of `resolve`. An *owner* is the record whose page shows a text: a citation on a
person's summary is shown on that person's page.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .. import model as m
from ..errors import Position, Problem, suggestion
from ..kinds import HOME_PAGE_ID, RECORD_KINDS, records
from ..markup import Parsed, uncited_paragraphs
from .statements import claim_texts

Owner = tuple[str, str]  # (record kind, record id)


def owned_groups(content: m.Content) -> list[tuple[str, Mapping[str, object]]]:
    """The records that may hold cited texts, by kind, in the order their texts are checked;
    "site" is the site's settings (its deal summary, shown on the home page)."""
    return [("site", {HOME_PAGE_ID: content.site}),
            *((kind, records(content, kind)) for kind in ("source", "person", "organization", "event", "claim", "page"))]


def text_owner(kind: str, record_id: str) -> Owner:
    """The record whose page shows a record's texts."""
    return ("page", record_id) if kind == "site" else (kind, record_id)


def record_texts(kind: str, record) -> Iterator[tuple[m.Text, bool]]:
    """A record's author text fields that may hold citation markers, and whether each is shown
    inside a sentence (inline) rather than as paragraphs."""
    if kind == "site":
        if record.deal_summary:
            yield record.deal_summary, False
    elif kind == "source":
        if record.summary:
            yield record.summary, False
    elif kind == "person":
        yield record.summary, False
        for role in record.roles:
            yield role.cite, True
    elif kind == "organization":
        yield record.summary, False
        for rel in record.relationships:
            yield rel.cite, True
    elif kind == "event":
        yield record.summary, False
        for alt in record.alternatives:
            yield alt.summary, False
    elif kind == "claim":
        for text in claim_texts(record):
            yield text, False
    elif kind == "page":
        yield record.body, False


def owned_texts(content: m.Content) -> Iterator[tuple[Owner, m.Text, bool]]:
    """Every author text field that may hold citation markers, with the record whose page
    shows it, and whether it is shown inside a sentence (inline) rather than as paragraphs."""
    for kind, group in owned_groups(content):
        for record_id, record in group.items():
            for text, inline in record_texts(kind, record):
                yield text_owner(kind, record_id), text, inline


def owner_label(content: m.Content, owner: Owner) -> str:
    """How a record is named where it is listed: its kind's label field."""
    kind, record_id = owner
    if kind == "page" and record_id == HOME_PAGE_ID:
        return "Home"
    label = getattr(records(content, kind)[record_id], RECORD_KINDS[kind].label_field)
    return f"Timeline: {label}" if kind == "event" else label


def check_roles(content: m.Content) -> list[Problem]:
    """The checks of the whole site's ids: one page per role, no id both a person and an organization."""
    problems = []
    roles: dict[str, m.Page] = {}
    for page in sorted(content.pages.values(), key=lambda p: p.id):
        if page.role and page.role in roles:
            problems.append(Problem(page.position, f"two pages have the role '{page.role}': "
                                    f"{roles[page.role].position.path} and this one", "keep one"))
        roles.setdefault(page.role, page)
    for clash in sorted(content.people.keys() & content.organizations.keys()):
        problems.append(Problem(content.organizations[clash].position,
                                f"id '{clash}' is both a person and an organization",
                                "rename one of the two files"))
    return problems


@dataclass(frozen=True)
class Ids:
    """The ids a reference may name, by what it names (made once a build, for the records checked again)."""

    people: set[str]
    organizations: set[str]
    entities: set[str]
    sources: set[str]
    unloaded: frozenset[str]        # records that did not load: their own files' errors are reported

    @classmethod
    def of(cls, content: m.Content) -> Ids:
        people, orgs = set(content.people), set(content.organizations)
        return cls(people, orgs, people | orgs, set(content.sources), content.unloaded_ids())


def check_record_refs(kind: str, record, ids: Ids) -> list[Problem]:
    """Every reference of one record names an existing record; one statement per source in a claim."""
    problems: list[Problem] = []

    def need(ref: m.Ref | None, valid: set[str], what: str) -> None:
        if ref is not None and ref.id not in valid and ref.id not in ids.unloaded:
            problems.append(Problem(ref.position, f"unknown {what} id '{ref.id}'", suggestion(ref.id, valid, f"{what} id")))

    if kind == "person":
        for role in record.roles:
            need(role.organization, ids.organizations, "organization")
    elif kind == "organization":
        for rel in record.relationships:
            need(rel.target, ids.entities, "person or organization")
    elif kind in ("event", "claim"):
        for ref in record.people:
            need(ref, ids.people, "person")
        for ref in record.organizations:
            need(ref, ids.organizations, "organization")
    if kind == "claim":
        seen: dict[str, Position] = {}
        for statement in record.statements:
            need(statement.source, ids.sources, "source")
            if statement.source.id in seen:
                problems.append(Problem(statement.position, f"source '{statement.source.id}' already has a statement in this claim",
                                        f"see line {seen[statement.source.id].line}; keep one statement per source"))
            seen[statement.source.id] = statement.position
    return problems


def check_ref_links(content: m.Content, text: m.Text, parsed: Parsed, problems: list[Problem],
                    unloaded: frozenset[str]) -> None:
    """Every `[text](kind:id)` link of a text names an existing record (or one in `unloaded`)."""
    for link in parsed.links:
        valid = records(content, link.kind)
        if link.id not in valid and link.id not in unloaded:
            problems.append(Problem(text.locate(f"{link.kind}:{link.id}"), f"link to unknown {link.kind} id '{link.id}'",
                                    suggestion(link.id, valid, f"{link.kind} id")))


def uncited(page: m.Page, parsed: Parsed) -> list[Problem]:
    """A narrative page (its body `parsed`): every paragraph states a cited fact or sits in `::: editorial`."""
    problems = []
    for line, opening in uncited_paragraphs(parsed):
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
