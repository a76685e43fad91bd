"""`draft --write`: the proposals as record files marked `draft: true`, never over a file.

Each file builds as it is: its quotes were verified when proposed, its ids refer only to
records the project has or that this run writes, and its text is the articles' words with
their citations. The editor checks it, edits it and removes the mark.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from ... import model as m
from ...errors import suggestion
from ...kinds import RECORD_KINDS
from ...markup import cite_marker
from ..scaffold import quoted
from .proposals import Cite, Claim, Draft, Entity, Event

KINDS = ("people", "organizations", "events", "claims")
HEADER = ("# Drafted by `site-builder draft` from the articles: check every line against them, then remove\n"
          "# `draft: true` (until then the page says it is a draft, and `check --strict` fails).\n"
          "draft: true\n")


def _cites(cites: Iterable[Cite]) -> str:
    return " ".join(cite_marker(c.source, " ".join(c.quote.split())) for c in cites)


def _folded(text: str) -> str:
    """A folded block scalar on one line: whitespace, line breaks included, is forgiven in quotes."""
    return ">-\n  " + " ".join(text.split())


def _list(values: Iterable[str]) -> str:
    return "[" + ", ".join(quoted(v) for v in values) + "]"


def person_yaml(e: Entity) -> str:
    lead = f"{e.name}, {e.role}" if e.role else f"{e.name}, named in the articles"
    cite = [e.role_cite] if e.role_cite else list(e.mentions[:1])
    roles = (f"roles:\n  - title: {quoted(e.role)}\n    cite: {quoted(_cites([e.role_cite]))}\n"
             if e.role and e.role_cite else "")
    return (HEADER + f"name: {quoted(e.name)}\naliases: {_list(e.aliases)}\n"
            f"summary: {_folded(lead + ' ' + _cites(cite) + '.')}\n" + roles)


# an organization's kind, guessed from a word of its name ("Acme Foods Inc", "Ministry of Fisheries")
_KIND_WORDS = {
    "company": "inc inc. corp corp. corporation co co. company ltd ltd. llc plc ag sa gmbh holdings industries "
               "enterprises foods motors airlines pharmaceuticals energy dairy farms technologies systems software",
    "news-outlet": "news post times journal press daily weekly gazette herald tribune",
    "government": "department ministry agency commission bureau authority council committee senate parliament",
    "university": "university college",
    "research-lab": "laboratory laboratories institute",
    "investor": "capital ventures partners fund",
}
_KIND_OF = {word: kind for kind, words in _KIND_WORDS.items() for word in words.split()}


def organization_kind(name: str) -> str:
    """The kind a word of the name suggests (the last such word): a guess for the editor."""
    return next((_KIND_OF[w] for w in reversed(name.lower().split()) if w in _KIND_OF), "other")


def organization_yaml(e: Entity) -> str:
    assert organization_kind(e.name) in m.ORGANIZATION_KINDS
    return (HEADER + f"name: {quoted(e.name)}\naliases: {_list(e.aliases)}\n"
            f"kind: {organization_kind(e.name):<30}# a guess from the name: {' | '.join(m.ORGANIZATION_KINDS)}\n"
            f"summary: {_folded(e.name + ', named in the articles ' + _cites(e.mentions[:1]) + '.')}\n")


def event_yaml(ev: Event, people: list[str], organizations: list[str]) -> str:
    return (HEADER + f"date: {quoted(ev.date.iso)}\ntitle: {quoted(ev.title)}\n"
            f"summary: {_folded(ev.title.rstrip('.…') + ' ' + _cites(ev.citations) + '.')}\n"
            f"people: [{', '.join(people)}]\norganizations: [{', '.join(organizations)}]\n")


def claim_yaml(claim: Claim, people: list[str]) -> str:
    lines = [HEADER + f"question: {quoted(claim.question)}", f"kind: {claim.kind}"]
    if people:
        lines.append(f"people: [{', '.join(people)}]")
    lines.append(f"# the status the build computes from these: {claim.status or 'none (check the quotes)'}")
    lines.append("statements:")
    for s in claim.statements:
        lines += [f"  - source: {s.source}", f"    quote: {quoted(s.quote)}", f"    value: {quoted(s.value)}"]
    return "\n".join(lines) + "\n"


def _selected(draft: Draft, only: str | None) -> tuple[set[str], str]:
    """The ids to write: all, or those of the kinds and ids `only` names (an error message else)."""
    groups: dict[str, tuple[Entity, ...] | tuple[Event, ...] | tuple[Claim, ...]] = {"people": draft.people, "organizations": draft.organizations, "events": draft.events,
              "claims": draft.claims}
    every = {item.id: kind for kind, items in groups.items() for item in items}
    if not only:
        return set(every), ""
    chosen: set[str] = set()
    for word in (w.strip() for w in only.split(",")):
        if word in groups:
            chosen |= {item.id for item in groups[word]}
        elif word in every:
            chosen.add(word)
        elif word:
            return set(), (f"--only: '{word}' is neither a kind ({', '.join(KINDS)}) nor the id of a proposal; "
                           + suggestion(word, [*KINDS, *every], "value"))
    return chosen, ""


def write_draft(root: Path, content: m.Content, draft: Draft, only: str | None, out: TextIO) -> int:
    chosen, error = _selected(draft, only)
    if error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    # ids an event or claim may name: the project's, and what this run writes
    ids = {e.name: e.id for e in (*draft.people, *draft.organizations) if e.id in chosen}
    for e in draft.known:
        ids.setdefault(e.name, e.existing.split(":", 1)[1])
    person_names = {e.name for e in draft.people} | {e.name for e in draft.known if e.existing.startswith("person:")}
    files: list[tuple[str, str, str]] = []       # (folder, id, text)
    for e in draft.people:
        files.append(("people", e.id, person_yaml(e)))
    for e in draft.organizations:
        files.append(("organizations", e.id, organization_yaml(e)))
    for ev in draft.events:
        named = [n for n in ev.names if n in ids]
        files.append(("events", ev.id, event_yaml(ev, sorted({ids[n] for n in named if n in person_names}),
                                                  sorted({ids[n] for n in named if n not in person_names}))))
    for claim in draft.claims:
        people = [ids[claim.person]] if claim.person in ids else []
        files.append(("claims", claim.id, claim_yaml(claim, people)))
    wrote = skipped = 0
    for folder, record_id, text in files:
        if record_id not in chosen:
            continue
        path = root / "content" / folder / f"{record_id}.yaml"
        assert RECORD_KINDS[{"people": "person", "organizations": "organization", "events": "event",
                             "claims": "claim"}[folder]].folder == folder
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("x", encoding="utf-8") as handle:
                handle.write(text)
        except FileExistsError:
            print(f"  kept content/{folder}/{record_id}.yaml as it is (it exists)", file=out)
            skipped += 1
            continue
        print(f"  wrote content/{folder}/{record_id}.yaml", file=out)
        wrote += 1
    print(f"Wrote {wrote} draft file{'s' if wrote != 1 else ''}" + (f", kept {skipped} existing" if skipped else "")
          + ". Each is marked `draft: true`: check it, then remove the mark (`site-builder check --strict` "
            "fails while any remains).", file=out)
    return 0
