"""Dependency keys: what a rendered page was made from, named once.

Render records them while a page renders: every read of the resolved site through the page's
`render.recording.RecordingSite` adds the key of what was read, and links and citation markers
add their narrower keys (`PageContext`); views declare nothing by hand. An incremental build
names what changed with the same keys (`pipeline.changes.changed_keys`) and renders again
exactly the pages that used one. Every key is made here, never spelled out elsewhere:

    record(kind, id)   a record and everything derived from it ("person:jane-roe")
    name(kind, id)     only its name or label (a link, a column heading)
    listing(kind, id)  what an index lists of a person or organization beside its name
                       (render.context.Listing: its kind or first role, its counts of mentions)
    text(source)       only a source's cleaned text (a quote's context, a mention's snippet)
    refs(kind, id)     which records refer to it (a person's events and claims)
    NAMES              every name and alias (which words of a text become entity links)
    template(name)     a template file
    SITE               settings, navigation and the set of ids of each kind: when they change,
                       every page is rendered again
"""
from __future__ import annotations

NAMES = "names"
SITE = "site"


def record(kind: str, record_id: str) -> str:
    return f"{kind}:{record_id}"


def name(kind: str, record_id: str) -> str:
    return f"name:{kind}:{record_id}"


def listing(kind: str, record_id: str) -> str:
    return f"listing:{kind}:{record_id}"


def text(source_id: str) -> str:
    return f"text:source:{source_id}"


def refs(kind: str, record_id: str) -> str:
    return f"refs:{kind}:{record_id}"


def template(template_name: str) -> str:
    return f"template:{template_name}"
