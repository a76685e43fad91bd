"""`site-builder check --fix-quotes [--apply]`: re-anchor quotes that drifted.

When a seed or its cleaning rules change, a quote may stop matching exactly. Like
Hypothesis re-anchoring orphaned annotations, we look for the best fuzzy match in the
same source (whole words, no space at either end: `SourceIndex.closest`); confident
matches (>= 80% similar) can be written back into the content.

A quote is rewritten where it is written, in the way it is written there: inside a citation
marker with the marker's escapes (`\\"`), and the marker itself as its YAML scalar needs it
(a `'` doubled in a single-quoted scalar...); a claim's `quote:` becomes a double-quoted
scalar. Every rewrite of a YAML file is parsed again before it is kept: a fix that would not
read back as the corrected quote is left to a human.
"""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from ..errors import Position
from ..markup import MARKER_RE, MARKER_START, escape_quote, parse, unescape_quote
from ..pipeline import load_and_resolve
from ..resolve.anchoring import Miss

CONFIDENT = 0.80


def _line_offset(text: str, position: Position) -> int:
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[:position.line - 1]) + position.col - 1


def _strings(value: object) -> list[str]:
    """Every string in a loaded YAML document."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _reads_back(path: Path, text: str, check) -> bool:
    """Does the rewritten file still read, with the corrected quote where it should be?"""
    if path.suffix == ".md":
        return check(text)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    return any(check(s) for s in _strings(data))


def fixed_text(path: Path, text: str, position: Position, miss: Miss) -> str | None:
    """`text` (the file at `path`) with the quote written at `position` replaced by the closest
    passage, or None when no rewrite reads back as it should."""
    offset = _line_offset(text, position)
    yaml_file = path.suffix in (".yaml", ".yml")
    nodes = _scalars(text) if yaml_file else []
    if text.startswith(MARKER_START, offset):
        return _fix_marker(path, text, offset, miss, nodes)
    if not yaml_file:
        return None
    scalar = next((n for n in nodes if (n.start_mark.line + 1, n.start_mark.column + 1)
                   == (position.line, position.col)), None)
    if scalar is None or scalar.value.strip() != miss.quote.strip():
        return None
    a, b = scalar.start_mark.index, scalar.end_mark.index
    tail = "\n" if scalar.style in (">", "|") and text[a:b].endswith("\n") else ""
    candidate = text[:a] + json.dumps(miss.closest, ensure_ascii=False) + tail + text[b:]
    return candidate if _reads_back(path, candidate, lambda value: value == miss.closest) else None


def _fix_marker(path: Path, text: str, offset: int, miss: Miss, nodes: list[yaml.ScalarNode]) -> str | None:
    def check(value: str) -> bool:
        return any(m.source == miss.source and m.quote == miss.closest for m in parse(value).markers)

    scalar = next((n for n in nodes if n.start_mark.index <= offset < n.end_mark.index), None)
    if scalar is not None and scalar.style in ("'", '"'):
        # a quoted YAML scalar: its text is escaped in the file; rewrite the scalar from its value
        which = text.count(MARKER_START, scalar.start_mark.index, offset)
        value = scalar.value
        at = -1
        for _ in range(which + 1):
            at = value.find(MARKER_START, at + 1)
        marker = MARKER_RE.match(value, at) if at != -1 else None
        if marker is None or unescape_quote(marker[2]) != miss.quote:
            return None
        value = value[:marker.start(2)] + escape_quote(miss.closest) + value[marker.end(2):]
        written = ("'" + value.replace("'", "''") + "'" if scalar.style == "'"
                   else json.dumps(value, ensure_ascii=False))
        candidate = text[:scalar.start_mark.index] + written + text[scalar.end_mark.index:]
        return candidate if _reads_back(path, candidate, check) else None
    marker = MARKER_RE.match(text, offset)
    if marker is None or unescape_quote(marker[2]) != miss.quote:
        return None
    candidate = text[:marker.start(2)] + escape_quote(miss.closest) + text[marker.end(2):]
    return candidate if _reads_back(path, candidate, check) else None


def _scalars(text: str) -> list[yaml.ScalarNode]:
    """Every scalar node of a YAML file, with its marks."""
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return []
    out, stack = [], [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            out.append(node)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(value for _, value in node.value)
    return out


def apply_fix(path: Path, position: Position, miss: Miss) -> bool:
    text = path.read_text(encoding="utf-8")
    fixed = fixed_text(path, text, position, miss)
    if fixed is None:
        return False
    path.write_text(fixed, encoding="utf-8")
    return True


def fix_quotes(root: Path, apply: bool = False) -> int:
    site = load_and_resolve(root)
    if site is None:
        return 1
    if not site.misses:
        print("All quotes match their sources; nothing to fix.")
        return 0
    fixed = unresolved = 0
    # Apply from the bottom of each file up, so earlier positions stay valid.
    for position, miss in sorted(site.misses, key=lambda pm: (pm[0].path, -pm[0].line, -pm[0].col)):
        confident = miss.similarity >= CONFIDENT and miss.closest
        verdict = "suggest" if confident else "no confident match"
        print(f"{position}: {verdict} ({miss.similarity:.0%} similar, {miss.source} at {miss.start}-{miss.end})\n"
              f"    was: \"{miss.quote}\"\n    now: \"{miss.closest}\"")
        if apply and confident and apply_fix(root / position.path, position, miss):
            fixed += 1
        elif apply:
            unresolved += 1
    if apply:
        print(f"Rewrote {fixed} quote(s); {unresolved} need a human.")
        return 0 if unresolved == 0 else 1
    print(f"{len(site.misses)} quote(s) do not match; run with --apply to rewrite the confident ones.")
    return 1
