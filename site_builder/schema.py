"""Declarative schemas: YAML nodes -> typed records, with MkDocs-grade messages.

Each record kind is a `Spec`: its keys, their types, which are required. `convert`
walks a node tree against a spec and returns the record plus every problem found
(unknown key with the likely intended one, missing key, wrong type), never just the first.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from . import model as m
from .errors import Position, Problem, suggestion
from .yamlnodes import Map, Node, Scalar, Seq



@dataclass(frozen=True)
class Field:
    key: str
    kind: str                 # str | text | texts | int | bool | date | ref | strs | refs | record | records | map
    required: bool = False
    choices: tuple[str, ...] = ()
    spec: "Spec | None" = None
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


class RawFile:
    """The raw text of the file being converted: text fields keep their source as written."""

    def __init__(self, path: str, text: str):
        self.path = path
        self.text = text


_TYPE_NAMES = {"str": "text", "text": "text", "int": "a whole number", "bool": "true or false",
               "date": 'a date such as "2025", "2025-06" or "2025-06-13"', "ref": "an id",
               "strs": "a list of texts", "texts": "a list of texts", "refs": "a list of ids",
               "records": "a list of entries",
               "record": "a mapping of keys to values",
               "map": "a mapping of keys to values"}


def convert(node: Node | None, spec: Spec, raw: RawFile, problems: list[Problem],
            position: Position | None = None) -> Any:
    """Convert a mapping node to a record of `spec`; None when it cannot be built."""
    if not isinstance(node, Map):
        where = node.position if node is not None else (position or Position(raw.path))
        problems.append(Problem(where, f"a {spec.what} must be a mapping of keys to values",
                                f"valid keys: {', '.join(f.key for f in spec.fields)}"))
        return None
    known = {f.key: f for f in spec.fields}
    values: dict[str, Any] = {}
    ok = True
    for key, (key_pos, value_node) in node.entries.items():
        fld = known.get(key)
        if fld is None:
            problems.append(Problem(key_pos, f"unknown key '{key}' in {spec.what}",
                                    suggestion(key, known, "key")))
            continue
        converted = _convert_value(value_node, fld, raw, problems)
        if converted is _INVALID:
            ok = False
        elif converted is not None:
            values[fld.name] = converted
            if key in spec.located:
                values[f"{fld.name}_position"] = value_node.position
    for fld in spec.fields:
        if fld.required and fld.name not in values and fld.key not in node.entries:
            problems.append(Problem(node.position, f"missing required key '{fld.key}' in {spec.what}",
                                    f"add '{fld.key}:' ({_TYPE_NAMES[fld.kind]})"))
            ok = False
    for group in spec.one_of:
        given = [key for key in group if key in node.entries]
        if len(given) != 1:
            where = node.entries[given[1]][0] if len(given) > 1 else node.position
            problems.append(Problem(where, f"{spec.what}: give exactly one of {' or '.join(repr(k) for k in group)}"
                                    + (f", not {len(given)}" if given else "")))
            ok = False
    if not ok:
        return None
    return spec.build(values, node.position)


_INVALID = object()


def _wrong_type(node: Node, fld: Field, problems: list[Problem]) -> object:
    got = "a list" if isinstance(node, Seq) else "a mapping" if isinstance(node, Map) else f"'{node.text}'"
    problems.append(Problem(node.position, f"'{fld.key}' must be {_TYPE_NAMES[fld.kind]}, got {got}"))
    return _INVALID


def _convert_value(node: Node, fld: Field, raw: RawFile, problems: list[Problem]) -> Any:
    kind = fld.kind
    if isinstance(node, Scalar) and node.tag == "null" and kind not in ("bool",):
        return _INVALID if fld.required else None
    if kind in ("str", "text", "ref", "int", "bool", "date"):
        if not isinstance(node, Scalar):
            return _wrong_type(node, fld, problems)
        return _convert_scalar(node, fld, raw, problems)
    if kind in ("strs", "refs", "texts"):
        items = node.items if isinstance(node, Seq) else None
        if items is None:
            return _wrong_type(node, fld, problems)
        out: list[Any] = []
        for item in items:
            if not isinstance(item, Scalar):
                return _wrong_type(item, fld, problems)
            if kind == "strs":
                out.append(item.text)
            elif kind == "refs":
                out.append(m.Ref(item.text, item.position))
            else:
                out.append(_text(item, raw))
        return tuple(out)
    if kind == "records":
        if not isinstance(node, Seq):
            return _wrong_type(node, fld, problems)
        assert fld.spec is not None
        records = [convert(item, fld.spec, raw, problems) for item in node.items]
        return tuple(r for r in records if r is not None)
    if kind == "record":
        assert fld.spec is not None
        record = convert(node, fld.spec, raw, problems)
        return _INVALID if record is None else record
    if kind == "map":
        if not isinstance(node, Map):
            return _wrong_type(node, fld, problems)
        out_map = {}
        for key, (_, value) in node.entries.items():
            if not isinstance(value, Scalar):
                return _wrong_type(value, fld, problems)
            out_map[key] = value.text
        return out_map
    raise AssertionError(f"unknown field kind {kind}")  # a bug in a Spec, not in content


def _convert_scalar(node: Scalar, fld: Field, raw: RawFile, problems: list[Problem]) -> Any:
    text = node.text
    if fld.kind == "int":
        if node.tag != "int":
            return _wrong_type(node, fld, problems)
        return int(text)
    if fld.kind == "bool":
        if node.tag != "bool":
            return _wrong_type(node, fld, problems)
        return text.lower() in ("true", "yes", "on")
    if fld.choices and text not in fld.choices:
        problems.append(Problem(node.position, f"'{fld.key}' cannot be '{text}'",
                                suggestion(text, fld.choices, "value") +
                                f" (one of: {', '.join(fld.choices)})"))
        return _INVALID
    if fld.kind == "date":
        date = m.PartialDate.parse(text)
        if date is None:
            return _wrong_type(node, fld, problems)
        return date
    if fld.kind == "ref":
        return m.Ref(text, node.position)
    if fld.kind == "text":
        return _text(node, raw)
    return text


def _text(node: Scalar, raw: RawFile) -> m.Text:
    return m.Text(node.text, node.position, raw.text[node.start_index:node.end_index])


# --- the record kinds -------------------------------------------------------------


def _with_qualifier(values: dict[str, Any], key: str = "date") -> m.PartialDate | None:
    date = values.get(key)
    if date is not None and values.get("qualifier"):
        date = m.PartialDate(date.year, date.month, date.day, values["qualifier"])
    return date


_QUALIFIER = Field("qualifier", "str", choices=m.QUALIFIERS)

HEADING_RULE = Spec("heading rule", (Field("pattern", "str", True), Field("level", "int", True),
                                     Field("title_case", "bool"), Field("keep_upper", "strs")),
                    lambda v, p: m.HeadingRule(**v))
LANGUAGE_RULE = Spec("language rule", (Field("pattern", "str", True), Field("lang", "str", True),
                                       Field("gloss", "map")),
                     lambda v, p: m.LanguageRule(v["pattern"], v["lang"], v.get("gloss", {})))
CLEANING = Spec("cleaning rules", (
    Field("markdown", "bool"), Field("unescape", "bool"), Field("dead_links", "bool"),
    Field("drop_before", "str"), Field("drop_from", "str"), Field("drop_lines", "strs"),
    Field("drop_title_lines", "bool"), Field("headings", "records", spec=HEADING_RULE),
    Field("join_broken_paragraphs", "bool"), Field("references", "str"), Field("list_items", "str"),
    Field("languages", "records", spec=LANGUAGE_RULE),
), lambda v, p: m.CleaningRules(**v))

SOURCE = Spec("source", (
    Field("seed", "str", True), Field("label", "str", True), Field("title", "str"),
    Field("outlet", "str"), Field("author", "str"), Field("date", "date"), Field("url", "str"),
    Field("summary", "text"), Field("cleaning", "record", spec=CLEANING),
), lambda v, p: v)  # built by load.py, which knows the id

ROLE = Spec("role", (
    Field("title", "str", True), Field("organization", "ref"), Field("from", "date", attr="start"),
    Field("to", "date", attr="end"), Field("cite", "text", True),
), lambda v, p: m.Role(position=p, **v))

PERSON = Spec("person", (
    Field("name", "str", True), Field("aliases", "strs"), Field("summary", "text", True),
    Field("roles", "records", spec=ROLE),
), lambda v, p: v)

RELATIONSHIP = Spec("relationship", (
    Field("with", "ref", True, attr="target"), Field("relation", "str", True), Field("cite", "text", True),
), lambda v, p: m.Relationship(position=p, **v))

ORGANIZATION = Spec("organization", (
    Field("name", "str", True), Field("aliases", "strs"),
    Field("kind", "str", True, choices=m.ORGANIZATION_KINDS), Field("summary", "text", True),
    Field("relationships", "records", spec=RELATIONSHIP),
), lambda v, p: v)

ALTERNATIVE = Spec("alternative account", (
    Field("date", "date", True), _QUALIFIER, Field("summary", "text", True),
), lambda v, p: m.EventAlternative(_with_qualifier(v), p, v["summary"]))

EVENT = Spec("event", (
    Field("date", "date"), _QUALIFIER, Field("after", "ref"),
    Field("date_basis", "str", choices=m.DATE_BASES), Field("date_reason", "str"),
    Field("title", "str", True), Field("summary", "text", True),
    Field("people", "refs"), Field("organizations", "refs"),
    Field("alternatives", "records", spec=ALTERNATIVE),
), lambda v, p: {**{k: x for k, x in v.items() if k != "qualifier"}, "date": _with_qualifier(v)}, located=("date",))


def _statement(v: dict[str, Any], p: Position) -> m.Statement:
    texts = v["quotes"] if "quotes" in v else (v["quote"],)
    quotes = tuple(m.Quote(t.value, t.position) for t in texts)
    return m.Statement(v["source"], p, quotes, v.get("value"), v.get("says"), v.get("stance"), v.get("note"),
                       v.get("as_of"))


STATEMENT = Spec("statement", (
    Field("source", "ref", True), Field("quote", "text"), Field("quotes", "texts"),
    Field("position", "ref", attr="stance"), Field("value", "str"), Field("says", "str"),
    Field("as_of", "date"), Field("note", "text"),
), _statement, one_of=(("quote", "quotes"),))

STANCE = Spec("position", (Field("id", "str", True), Field("label", "str", True)),
              lambda v, p: m.Stance(v["id"], v["label"], p))

COMPATIBILITY = Spec("compatibility", (Field("positions", "refs", True), Field("reason", "text", True)),
                     lambda v, p: m.Compatibility(v["positions"], v["reason"], p))

CLAIM = Spec("claim", (
    Field("question", "str", True), Field("kind", "str", True, choices=m.CLAIM_KINDS),
    Field("key_figure", "str"), Field("positions", "records", spec=STANCE, attr="stances"),
    Field("compatible", "records", spec=COMPATIBILITY),
    Field("statements", "records", True, spec=STATEMENT),
    Field("note", "text"), Field("people", "refs"), Field("organizations", "refs"),
), lambda v, p: v)

PAGE_FRONT_MATTER = Spec("page front matter", (
    Field("title", "str", True), Field("description", "str"), Field("nav", "int"),
    Field("nav_title", "str"), Field("editorial", "bool"),
), lambda v, p: v)

SITE = Spec("site configuration", (
    Field("title", "str", True), Field("description", "str", True), Field("language", "str"),
    Field("base_url", "str"), Field("deal_summary", "text"), Field("theme", "str"), Field("author", "str"),
), lambda v, p: m.SiteConfig(position=p, **v))
