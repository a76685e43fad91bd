"""YAML with positions and without silent surprises.

We compose (not construct) so every scalar keeps its start mark and its raw text:
`date: 2016` stays the string "2016" (never an int, never 2016-01-01), and a
duplicate key - which PyYAML's constructor silently lets win - becomes an error.
The C loader keeps marks and is ~7x faster than the pure-Python one.

The nodes are built here from the parser's events, without PyYAML's composer, and in a
loop rather than by recursion, because the composer is what a hostile file attacks:

- an alias (`*name`) makes the composer share a sub-tree, and a "billion laughs" file
  (aliases of aliases) expands exponentially when the tree is walked. Content has no
  use for aliases, so an alias is an error at the line it is written on, and nothing
  is ever expanded;
- the C composer recurses once per nesting level: `[[[[...` 100,000 deep crashes the
  process (a segfault, not an exception), and our own walk would hit RecursionError.
  Nesting deeper than MAX_DEPTH is an error at the line where it goes too deep.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from yaml.resolver import Resolver

from ..errors import CONTROL_CHARACTER, DUPLICATE_KEY, Position, Problem

# the C loader when PyYAML was built with it (it keeps marks, ~7x faster), else the pure-Python one
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The deepest record today nests 4 levels (source > cleaning > headings > rule); 32 leaves room.
MAX_DEPTH = 32


@dataclass(frozen=True)
class Scalar:
    text: str
    tag: str  # the implicit YAML type: "str", "int", "float", "bool", "null"
    position: Position
    style: str | None = None
    end_index: int = 0
    start_index: int = 0


@dataclass(frozen=True)
class Seq:
    items: tuple[Node, ...]
    position: Position


@dataclass(frozen=True)
class Map:
    # key -> (key position, value node); insertion-ordered
    entries: dict[str, tuple[Position, Node]]
    position: Position


Node = Scalar | Seq | Map


def _pos(path: str, mark, line_offset: int = 0) -> Position:
    return Position(path, mark.line + 1 + line_offset, mark.column + 1)


def _byte_position(text: str, path: str, offset: int, line_offset: int) -> Position:
    """Line and column of a UTF-8 byte offset (libyaml's reader errors count bytes)."""
    before = text.encode("utf-8")[:offset].decode("utf-8", "ignore")
    line = before.count("\n")
    return Position(path, line + 1 + line_offset, len(before) - (before.rfind("\n") + 1) + 1)


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML document into position-carrying nodes.

    `line_offset` shifts reported lines, for front matter inside a Markdown file.
    Returns (None, [problem, ...]) when the text is not a document we accept; never raises.
    """
    problems: list[Problem] = []
    try:
        root = _compose(yaml.parse(text, Loader=_Loader), path, line_offset, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _pos(path, mark, line_offset) if mark else Position(path)
        reason = exc.problem or "invalid YAML"
        if exc.context:
            reason = f"{exc.context}, {reason}"
        if mark is not None and text[mark.index:mark.index + 1] == "\t":
            # PyYAML says "found character that cannot start any token": say which
            return None, [Problem(pos, "YAML syntax error: a tab character where YAML needs spaces",
                                  "indent with spaces; YAML does not allow tabs for indentation")]
        return None, [Problem(pos, f"YAML syntax error: {reason}", "check indentation, quotes and colons")]
    except yaml.reader.ReaderError as exc:
        # a character YAML does not allow (a control character, a lone surrogate)
        pos = _byte_position(text, path, exc.position, line_offset)
        return None, [Problem(pos, f"YAML error: character U+{exc.character:04X} is not allowed in YAML",
                              "remove it (control characters other than tab and newline cannot appear in YAML)")]
    except yaml.YAMLError as exc:
        return None, [Problem(Position(path), f"YAML error: {exc}")]
    if any(p.code not in (DUPLICATE_KEY, CONTROL_CHARACTER) for p in problems):
        return None, problems   # an alias or a nesting too deep: the tree is not the file's, say only that
    # a duplicate key (the first value kept) or a bad character in a value: the rest of the
    # file is still checked, so every error of the file is reported together
    return root, problems


_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "str",  # dates stay text: precision is ours to keep
}
_RESOLVER = Resolver()
# What an escape such as "\x01" can put in a value but no page can show, and XML (the feed,
# the sitemap) cannot hold at all: C0 controls but tab and newlines, DEL, C1, U+FFFE/U+FFFF.
# (Written raw, libyaml already refuses them.)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


class _Open:
    """A sequence or mapping whose end event has not come yet."""

    __slots__ = ("entries", "items", "key", "position")

    def __init__(self, position: Position, mapping: bool):
        self.position = position
        self.items: list[Node] | None = None if mapping else []
        self.entries: dict[str, tuple[Position, Node]] | None = {} if mapping else None
        self.key: tuple[Position, str | None] | None = None   # a mapping's key waiting for its value


def _compose(events, path: str, off: int, problems: list[Problem]) -> Node | None:
    """Build the nodes of the stream's single document from its events, iteratively."""
    stack: list[_Open] = []
    root: Node | None = None
    documents = 0
    aliases: list[tuple[Position, str]] = []

    def add(node: Node, position: Position) -> None:
        """Give a finished node to the collection it belongs to (or make it the root)."""
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if parent.items is not None:
            parent.items.append(node)
            return
        assert parent.entries is not None
        if parent.key is None:                      # `node` is a key
            if isinstance(node, Scalar):
                parent.key = (position, node.text)
            else:
                problems.append(Problem(position, "a key must be plain text"))
                parent.key = (position, None)       # its value is dropped
            return
        key_pos, key = parent.key
        parent.key = None
        if key is None:
            return
        if key in parent.entries:
            first = parent.entries[key][0]
            problems.append(Problem(key_pos, f"duplicate key '{key}'", f"it is already set at line {first.line}; keep one",
                                    code=DUPLICATE_KEY))
            return
        parent.entries[key] = (key_pos, node)

    for event in events:
        if isinstance(event, yaml.ScalarEvent):
            tag = event.tag
            if tag is None or tag == "!":
                tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
            position = _pos(path, event.start_mark, off)
            control = CONTROL.search(event.value)
            if control is not None:
                problems.append(Problem(position, f"a control character (U+{ord(control.group()):04X}) in a value",
                                        "remove the escape that writes it: no page or feed can show it",
                                        code=CONTROL_CHARACTER))
            add(Scalar(event.value, _TAGS.get(tag, "str"), position, event.style,
                       event.end_mark.index if event.end_mark else 0,
                       event.start_mark.index if event.start_mark else 0), position)
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            position = _pos(path, event.start_mark, off)
            if len(stack) >= MAX_DEPTH:
                problems.append(Problem(position, f"the YAML nests more than {MAX_DEPTH} levels deep",
                                        "no record needs more than a few levels; check the indentation and brackets"))
                return None
            stack.append(_Open(position, isinstance(event, yaml.MappingStartEvent)))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            done = stack.pop()
            if done.items is not None:
                add(Seq(tuple(done.items), done.position), done.position)
            else:
                add(Map(done.entries or {}, done.position), done.position)
        elif isinstance(event, yaml.AliasEvent):
            # never expanded: a placeholder keeps the structure while the problem is reported
            position = _pos(path, event.start_mark, off)
            aliases.append((position, event.anchor or ""))
            add(Scalar("", "null", position), position)
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                problems.append(Problem(_pos(path, event.start_mark, off), "a file holds one YAML document, this is a second one",
                                        "remove the '---' line (or everything after it)"))
                return None
    if aliases:
        more = f" (and {len(aliases) - 1} more in this file)" if len(aliases) > 1 else ""
        position, anchor = aliases[0]
        problems.append(Problem(position, f"YAML alias '*{anchor}' is not allowed{more}",
                                "write the value out in full: content has no use for aliases, and they can make "
                                "a small file expand without bound"))
    return root
