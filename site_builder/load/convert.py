"""YAML nodes -> typed records, by their `Spec`, with MkDocs-grade messages: an unknown key
with the likely intended one, a missing or empty key, a wrong type - every problem, not the first.

Every key of a mapping is checked, and every item of a list, whatever was wrong before it. A
record is still built when only optional parts of it were wrong (they are left out; their
errors fail the build all the same), so that later checks see it too; it is dropped only
when a required part is missing or invalid."""
from __future__ import annotations

from typing import Any

from .. import model as m
from ..errors import Position, Problem, closest, suggestion
from ..schema import Field, Spec
from .langtag import tag_problem
from .nodes import Map, Node, Scalar, Seq


class RawFile:
    """The raw text of the file being converted: text fields keep their source as written."""

    def __init__(self, path: str, text: str):
        self.path = path
        self.text = text


_TYPE_NAMES = {"str": "text", "lang": "a language tag such as 'en'", "text": "text", "int": "a whole number", "bool": "true or false",
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
    meant: set[str] = set()         # the keys misspelt ones stand for: "missing" would say it twice
    for key, (key_pos, value_node) in node.entries.items():
        fld = known.get(key)
        if fld is None:
            problems.append(Problem(key_pos, f"unknown key '{key}' in {spec.what}",
                                    suggestion(key, known, "key")))
            meant.add(closest(key, known) or "")
            continue
        converted = _convert_value(value_node, fld, raw, problems)
        # an invalid part is left out, its error reported: fatal below only if it is required
        if converted is not _INVALID and converted is not None:
            values[fld.name] = converted
            if key in spec.located:
                values[f"{fld.name}_position"] = value_node.position
                if isinstance(value_node, Seq):
                    values[f"{fld.name}_positions"] = tuple(item.position for item in value_node.items)
    for fld in spec.fields:
        if fld.required and fld.name not in values:
            ok = False
            if fld.key not in node.entries and fld.key not in meant:
                problems.append(Problem(node.position, f"missing required key '{fld.key}' in {spec.what}",
                                        f"add '{fld.key}:' ({_TYPE_NAMES[fld.kind]})"))
    for group in spec.one_of:
        given = [key for key in group if key in node.entries]
        if len(given) != 1:
            where = node.entries[given[1]][0] if len(given) > 1 else node.position
            if given:
                problems.append(Problem(where, f"{spec.what}: give one of {' or '.join(repr(k) for k in group)}, "
                                        f"not {len(given)}"))
            elif not meant & set(group):
                problems.append(Problem(where, f"missing required key '{group[0]}' in {spec.what}",
                                        f"add '{group[0]}:'" + "".join(f" (or '{k}:')" for k in group[1:])))
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
        if fld.required:
            problems.append(Problem(node.position, f"'{fld.key}' is empty",
                                    f"it is required: write {_TYPE_NAMES[kind]} after '{fld.key}:'"))
            return _INVALID
        return None
    if kind in ("str", "lang", "text", "ref", "int", "bool", "date"):
        if not isinstance(node, Scalar):
            return _wrong_type(node, fld, problems)
        return _convert_scalar(node, fld, raw, problems)
    if kind in ("strs", "refs", "texts"):
        items = node.items if isinstance(node, Seq) else None
        if items is None:
            return _wrong_type(node, fld, problems)
        out: list[Any] = []
        bad = [_wrong_type(item, fld, problems) for item in items if not isinstance(item, Scalar)]
        if bad:
            return _INVALID
        for item in items:
            assert isinstance(item, Scalar)
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
        return tuple(r for r in records if r is not None)     # an entry in error is left out, its error stands
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
                _wrong_type(value, fld, problems)
                continue
            out_map[key] = value.text
        return out_map if len(out_map) == len(node.entries) else _INVALID
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
    if fld.kind == "lang":
        # it becomes an HTML `lang` attribute and the search index's language: checked here, where it is written
        wrong = tag_problem(text)
        if wrong is not None:
            problems.append(Problem(node.position, f"'{fld.key}': {wrong[0]}", wrong[1]))
            return _INVALID
        return text
    if fld.kind == "text":
        return _text(node, raw)
    return text


def _text(node: Scalar, raw: RawFile) -> m.Text:
    return m.Text(node.text, node.position, raw.text[node.start_index:node.end_index])


