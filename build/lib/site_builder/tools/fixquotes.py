"""`site-builder check --fix-quotes [--apply]`: re-anchor quotes that drifted.

When a seed or its cleaning rules change, a quote may stop matching exactly. Like
Hypothesis re-anchoring orphaned annotations, we look for the best fuzzy match in the
same source; confident matches (>= 80% similar) can be written back into the content.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import Position
from ..pipeline import load_and_resolve
from ..resolve.anchoring import Miss

CONFIDENT = 0.80


def _line_offset(text: str, position: Position) -> int:
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[:position.line - 1]) + position.col - 1


def _escape_for(text: str, start: int, replacement: str) -> tuple[str, str] | None:
    """How the quote at `start` is written, so the replacement is written the same way."""
    before = text[max(0, start - 1):start]
    if before == '"':  # inside a marker or a double-quoted YAML scalar
        return '"', replacement.replace("\\", "\\\\").replace('"', '\\"')
    if before == "'":
        return "'", replacement.replace("'", "''")
    return None if any(c in replacement for c in ":#'\"") else ("", replacement)


def apply_fix(path: Path, position: Position, miss: Miss) -> bool:
    text = path.read_text(encoding="utf-8")
    start = text.find(miss.quote, _line_offset(text, position))
    if start == -1:
        escaped = miss.quote.replace('"', '\\"')
        start = text.find(escaped, _line_offset(text, position))
        if start == -1:
            return False
        quote_len = len(escaped)
    else:
        quote_len = len(miss.quote)
    how = _escape_for(text, start, miss.closest)
    if how is None:
        return False
    path.write_text(text[:start] + how[1] + text[start + quote_len:], encoding="utf-8")
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
