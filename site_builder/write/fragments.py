"""The data export made of cached parts (issue 22): each record's, claim's, citation's and
annotation's encoded JSON is remembered with the inputs it was made from, and a build joins
the parts again, encoding only those whose inputs changed.

Inputs are compared as `model.unchanged` compares (identity first: the resolve memo hands back
the very records that did not change, so an unchanged part costs a few identity checks; equal
copies count as unchanged too): a tuple's == is exactly that, member by member. Compact JSON nests by plain concatenation, so the joined
parts are byte for byte what encoding the whole at once gives (tests/test_write_incremental.py
compares with an export made from nothing).

A `Fragments` lives in the build state (one per project, carried from build to build); a
part not used by a build is forgotten at its end, so the memo stays the size of one export.

Between processes (pickled into the store, pipeline/cache.py) only the parts made from plain
values (strings, numbers, None, tuples of them: each annotation, citation and text's sentences,
most of the export) are kept, with those values: a part made from records (a claim, a person)
would carry its records into a row of their own, a second copy of the site (the memory the
store's docstring counts), and is made again by the next process.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from typing import Any


def dumps(value: object) -> str:
    # compact: the C encoder (an indented dump runs in Python, several times slower on a large corpus)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Fragments:
    """Encoded parts, each by a key, with the inputs it was made from."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, tuple[tuple, Any]] = {}
        self._used: dict[Hashable, tuple[tuple, Any]] = {}
        self.made = 0           # parts made this build (a test reads them: an edit remakes few)
        self.reused = 0

    def begin(self) -> None:
        self._used, self.made, self.reused = {}, 0, 0

    def end(self) -> None:
        """Forget the parts this build did not use."""
        self._kept, self._used = self._used, {}

    def part(self, key: Hashable, inputs: tuple, make: Callable[[], Any]) -> Any:
        """The part `key` made from `inputs`: the kept one if its inputs are unchanged, else `make()`."""
        kept = self._kept.get(key)
        # a tuple's == is `unchanged` of each member (identity first, then equality), in C
        if kept is not None and kept[0] == inputs:
            self.reused += 1
            value = kept[1]
        else:
            self.made += 1
            value = make()
        self._used[key] = (inputs, value)
        return value

    def json(self, key: Hashable, inputs: tuple, make: Callable[[], object]) -> str:
        """The part `key` as compact JSON."""
        return self.part(key, inputs, lambda: dumps(make()))

    def __getstate__(self) -> dict:
        """What the next build (in another process) reuses: the parts made from plain values."""
        return {"_kept": {key: kept for key, kept in self._kept.items() if _plain(kept[0])}}

    def __setstate__(self, state: dict) -> None:
        self.__init__()     # type: ignore[misc]
        self._kept = state["_kept"]


# exact types: a subclass (Markup, an enum) may carry more than its value
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _plain(value: object) -> bool:
    return type(value) in _PLAIN or (type(value) is tuple and all(map(_plain, value)))


def join(items: list[str]) -> str:
    """A JSON array of encoded parts."""
    return "[" + ",".join(items) + "]"
