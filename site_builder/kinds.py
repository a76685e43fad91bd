"""The one table of record kinds: where each lives, how it is read, how it is named and linked.

Load reads the folders, urls builds addresses, the dev server classifies changed files,
scaffold writes skeletons, and incremental rebuilds compare records - all from this table.
Adding a record kind is one entry here plus its schema (schema.py), model (model.py),
view and template. (Page kinds - what the site renders - are render/pages.py's table.)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import model as m
from . import schema as s


@dataclass(frozen=True)
class RecordKind:
    name: str                    # "person": the kind in ids, links (`person:jane-roe`) and messages
    folder: str                  # content/<folder>/, and the attribute of model.Content holding them
    pattern: str                 # which files of the folder are records
    spec: s.Spec                 # the YAML schema (for pages: the front matter)
    model: type                  # the record class, built as model(id=..., position=..., **values)
    page: str                    # where its page is: "people/{id}.html"; an event has an anchor on the timeline
    label_field: str = ""        # the field that links and headings show ("name", "label"), if any
    entity: bool = False         # people and organizations: found by name in the articles, one id namespace
    scaffold: bool = False       # `site-builder new <kind>` writes a skeleton

    def make(self, record_id: str, values: dict[str, Any], position) -> Any:
        return self.model(id=record_id, position=position, **values)


RECORD_KINDS: dict[str, RecordKind] = {kind.name: kind for kind in (
    RecordKind("source", "sources", "*.y*ml", s.SOURCE, m.Source, "sources/{id}.html", "label", scaffold=True),
    RecordKind("person", "people", "*.y*ml", s.PERSON, m.Person, "people/{id}.html", "name", entity=True,
               scaffold=True),
    RecordKind("organization", "organizations", "*.y*ml", s.ORGANIZATION, m.Organization,
               "organizations/{id}.html", "name", entity=True, scaffold=True),
    RecordKind("event", "events", "*.y*ml", s.EVENT, m.Event, "timeline.html#{id}", "title", scaffold=True),
    RecordKind("claim", "claims", "*.y*ml", s.CLAIM, m.Claim, "claims/{id}.html", "question", scaffold=True),
    RecordKind("page", "pages", "*.md", s.PAGE_FRONT_MATTER, m.Page, "{id}.html", "title"),
)}
BY_FOLDER: dict[str, RecordKind] = {kind.folder: kind for kind in RECORD_KINDS.values()}
ENTITY_KINDS = tuple(kind.name for kind in RECORD_KINDS.values() if kind.entity)
HOME_PAGE_ID = "index"           # content/pages/index.md is the home page's lead, not a page of its own


def records(content: m.Content, kind: str) -> dict[str, Any]:
    """The records of one kind in a loaded project."""
    return getattr(content, RECORD_KINDS[kind].folder)
