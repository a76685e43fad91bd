"""Declarative schemas: what each record kind's YAML holds.

Each record kind, and each record nested in one (a role, a statement, a cleaning rule), is a
`Spec`: its keys, their types, which are required, and how the converted values become a
record (a record kind's values become its record in `kinds.RecordKind.make`, which knows the
id). `load.convert` walks a node tree against a spec and returns the record, or None, adding
every problem it finds to a list, never just the first. A field's kind is also how its value
is checked: a `lang` is a BCP 47 language tag (`load.langtag`), a `date` a partial date, a
`ref` an id that `resolve` looks up.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import model as m
from .errors import Position


@dataclass(frozen=True)
class Field:
    key: str
    kind: str                 # str | lang | text | texts | int | bool | date | ref | strs | refs | record | records | map
    required: bool = False
    choices: tuple[str, ...] = ()
    spec: Spec | None = None
    attr: str = ""            # record attribute, when it differs from the key

    @property
    def name(self) -> str:
        return self.attr or self.key.replace("-", "_")


@dataclass(frozen=True)
class Spec:
    what: str                 # "person", "role", ... for messages
    fields: tuple[Field, ...]
    build: Callable[[dict[str, Any], Position], Any]
    one_of: tuple[tuple[str, ...], ...] = ()   # groups of keys of which exactly one must be given
    located: tuple[str, ...] = ()              # keys whose place is passed to `build` as "<key>_position"
    #                                            (and, for a list, its items' as "<key>_positions")


# --- the record kinds -------------------------------------------------------------


def _with_qualifier(values: dict[str, Any], key: str = "date") -> m.PartialDate | None:
    date = values.get(key)
    if date is not None and values.get("qualifier"):
        date = m.PartialDate(date.year, date.month, date.day, values["qualifier"])
    return date


_QUALIFIER = Field("qualifier", "str", choices=m.QUALIFIERS)
DRAFT = Field("draft", "bool")     # proposed by `site-builder draft`: builds, and says so, until removed

HEADING_RULE = Spec("heading rule", (Field("pattern", "str", True), Field("level", "int", True),
                                     Field("title_case", "bool"), Field("keep_upper", "strs")),
                    lambda v, p: m.HeadingRule(**v))
LANGUAGE_RULE = Spec("language rule", (Field("pattern", "str", True), Field("lang", "lang", True),
                                       Field("gloss", "map")),
                     lambda v, p: m.LanguageRule(v["pattern"], v["lang"], v.get("gloss", {})))
def _cleaning(values: dict[str, Any], p: Position) -> m.CleaningRules:
    """The rules, and where each is written (a list's items as "<key>.<index>")."""
    where: dict[str, Position] = {}
    rules: dict[str, Any] = {}
    for key, value in values.items():
        if key.endswith("_positions"):
            where.update((f"{key[:-len('_positions')]}.{i}", at) for i, at in enumerate(value))
        elif key.endswith("_position"):
            where[key[:-len("_position")]] = value
        else:
            rules[key] = value
    return m.CleaningRules(**rules, where=where)


_CLEANING_FIELDS = (
    Field("markdown", "bool"), Field("unescape", "bool"), Field("dead_links", "bool"),
    Field("drop_before", "str"), Field("drop_from", "str"), Field("drop_lines", "strs"),
    Field("drop_title_lines", "bool"), Field("headings", "records", spec=HEADING_RULE),
    Field("join_broken_paragraphs", "bool"), Field("references", "str"), Field("list_items", "str"),
    Field("languages", "records", spec=LANGUAGE_RULE),
)
CLEANING = Spec("cleaning rules", _CLEANING_FIELDS, _cleaning, located=tuple(f.key for f in _CLEANING_FIELDS))

SOURCE = Spec("source", (
    Field("seed", "str", True), Field("label", "str", True), Field("title", "str"),
    Field("outlet", "str"), Field("author", "str"), Field("date", "date"), Field("url", "str"),
    Field("summary", "text"), Field("cleaning", "record", spec=CLEANING),
    Field("language", "lang"),      # the article's language (BCP 47); default: the site's
), lambda v, p: v)  # made a record by kinds.RecordKind.make, which knows the id

ROLE = Spec("role", (
    Field("title", "str", True), Field("organization", "ref"), Field("from", "date", attr="start"),
    Field("to", "date", attr="end"), Field("cite", "text", True),
), lambda v, p: m.Role(position=p, **v))

PERSON = Spec("person", (
    Field("name", "str", True), Field("aliases", "strs"), Field("summary", "text", True),
    Field("roles", "records", spec=ROLE), DRAFT,
), lambda v, p: v)

RELATIONSHIP = Spec("relationship", (
    Field("with", "ref", True, attr="target"), Field("relation", "str", True), Field("cite", "text", True),
), lambda v, p: m.Relationship(position=p, **v))

ORGANIZATION = Spec("organization", (
    Field("name", "str", True), Field("aliases", "strs"),
    Field("kind", "str", True, choices=m.ORGANIZATION_KINDS), Field("summary", "text", True),
    Field("relationships", "records", spec=RELATIONSHIP), DRAFT,
), lambda v, p: v)

ALTERNATIVE = Spec("alternative account", (
    Field("date", "date", True), _QUALIFIER, Field("summary", "text", True),
), lambda v, p: m.EventAlternative(_with_qualifier(v) or v["date"], p, v["summary"]))

EVENT = Spec("event", (
    Field("date", "date"), _QUALIFIER, Field("after", "ref"),
    Field("date_basis", "str", choices=m.DATE_BASES), Field("date_reason", "str"),
    Field("title", "str", True), Field("summary", "text", True),
    Field("people", "refs"), Field("organizations", "refs"),
    Field("alternatives", "records", spec=ALTERNATIVE), DRAFT,
), lambda v, p: {**{k: x for k, x in v.items() if k != "qualifier"}, "date": _with_qualifier(v)}, located=("date",))


def _statement(v: dict[str, Any], p: Position) -> m.Statement:
    texts = v["quotes"] if "quotes" in v else (v["quote"],)
    quotes = tuple(m.Quote(t.value, t.position) for t in texts)
    return m.Statement(v["source"], p, quotes, v.get("value"), v.get("says"), v.get("stance"), v.get("note"),
                       v.get("as_of"), v.get("value_position"))


STATEMENT = Spec("statement", (
    Field("source", "ref", True), Field("quote", "text"), Field("quotes", "texts"),
    Field("position", "ref", attr="stance"), Field("value", "str"), Field("says", "str"),
    Field("as_of", "date"), Field("note", "text"),
), _statement, one_of=(("quote", "quotes"),), located=("value",))

STANCE = Spec("position", (Field("id", "str", True), Field("label", "str", True)),
              lambda v, p: m.Stance(v["id"], v["label"], p))

COMPATIBILITY = Spec("compatibility", (Field("positions", "refs", True), Field("reason", "text", True)),
                     lambda v, p: m.Compatibility(v["positions"], v["reason"], p))

CLAIM = Spec("claim", (
    Field("question", "str", True), Field("kind", "str", True, choices=m.CLAIM_KINDS),
    Field("key_figure", "str"), Field("positions", "records", spec=STANCE, attr="stances"),
    Field("compatible", "records", spec=COMPATIBILITY),
    Field("statements", "records", True, spec=STATEMENT),
    Field("note", "text"), Field("people", "refs"), Field("organizations", "refs"), DRAFT,
), lambda v, p: v)

PAGE_FRONT_MATTER = Spec("page front matter", (
    Field("title", "str", True), Field("description", "str"), Field("nav", "int"),
    Field("nav_title", "str"), Field("editorial", "bool"), Field("role", "str", choices=m.PAGE_ROLES),
), lambda v, p: v)

SITE = Spec("site configuration", (
    Field("title", "str", True), Field("description", "str", True), Field("language", "lang"),
    Field("base_url", "str"), Field("deal_summary", "text"), Field("theme", "str"), Field("author", "str"),
    Field("subject", "str"),
), lambda v, p: m.SiteConfig(position=p, **v))
