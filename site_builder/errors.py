"""Build problems as values: every problem knows where it is and what would be valid.

Stages never raise on bad content; they return problems, and the build fails once,
at the end, with all of them (Hugo collects up to 50; we keep them all).
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Position:
    """A place in an input file; line and column are 1-based, like editors show them."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col}"
        return self.path


# What a later decision needs to know about a problem, named apart from its wording (which
# may be reworded freely): only the kinds some code acts on have one.
DUPLICATE_ID = "duplicate-id"            # two files define one id: only a full load reports it right
DUPLICATE_KEY = "duplicate-key"          # the file's tree is still the file's (the first value kept)
CONTROL_CHARACTER = "control-character"  # the same: one value is bad, the rest is still checked


@dataclass(frozen=True)
class Problem:
    position: Position
    message: str
    hint: str = ""
    severity: str = "error"  # "error" fails the build, "warning" only reports
    show_source: bool = True  # False for places in generated output, which is not on disk yet
    code: str = ""           # one of the codes above, for the problems code decides on

    def format(self, root: Path | None = None, excerpt: bool = True) -> str:
        text = f"{self.position}: {self.severity}: {self.message}"
        if self.hint:
            text += f"; {self.hint}"
        if excerpt and self.show_source and root is not None and self.position.line:
            line = _source_line(root / self.position.path, self.position.line)
            if line is not None:
                shown, col = _window(line, max(self.position.col, 1))
                text += f"\n    {shown}\n    {' ' * (col - 1)}^"
        return text


EXCERPT_WIDTH = 120  # characters of a long line shown around the column


def _source_line(path: Path, line: int) -> str | None:
    """The line as an editor shows it. Never raises: the file may be the very problem (not
    UTF-8, binary, huge, gone), and a message must still print."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(16 << 20)
    except OSError:
        return None
    # newlines counted as load.read_text counts them, so the line is the one the position names
    text = data.decode("utf-8", "replace").removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if 1 <= line <= len(lines):
        return "".join(" " if c == "\t" else c if c.isprintable() else "\ufffd" for c in lines[line - 1])
    return None


def _window(line: str, col: int) -> tuple[str, int]:
    """At most EXCERPT_WIDTH characters of `line` around `col`, and where `col` is in them."""
    if len(line) <= EXCERPT_WIDTH:
        return line, col
    start = max(0, min(col - 1 - EXCERPT_WIDTH // 2, len(line) - EXCERPT_WIDTH))
    shown = line[start:start + EXCERPT_WIDTH]
    prefix = "..." if start else ""
    suffix = "..." if start + EXCERPT_WIDTH < len(line) else ""
    return prefix + shown + suffix, col - start + len(prefix)


def closest(value: str, choices: Iterable[str], cutoff: float = 0.5) -> str | None:
    """The valid value an author most likely meant, or None if nothing is close."""
    matches = difflib.get_close_matches(value, sorted(set(choices)), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def suggestion(value: str, choices: Iterable[str], what: str) -> str:
    """A hint naming the closest valid value, or listing a few valid ones."""
    options = sorted(set(choices))
    best = closest(value, options)
    if best is not None:
        return f"did you mean '{best}'?"
    if not options:
        return f"no {what} is defined"
    shown = ", ".join(options[:8]) + (", ..." if len(options) > 8 else "")
    return f"valid {what}s: {shown}"
