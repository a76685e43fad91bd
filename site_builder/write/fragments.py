"""The data export joined from kept chunks (issue 22): each record's encoded part of
data/explainer.json and data/annotations.jsonld (and each event's entry of the feed) is
remembered by where it sits in the file the last good build wrote, and a build joins the file
again from those slices, encoding only the chunks whose inputs changed.

What a chunk is made from (the record, the resolved facts it reads) is compared between the
last good build (the `Basis`: its site, backlinks and files) and this build, never kept
apart (write/annotations.py, `Since`): identity first - the load and the resolve memo hand
back the very objects that did not change - then equality, as `model.unchanged` compares, or
what a resolved fact is a function of where the store's rows hold copies of it (an anchor:
its quote and its source's cleaned text). So the kept state is only where each chunk sits
(~300 kB for 100 articles): no copy of the inputs, no copy of the encoded text (the basis's
files hold it), and what the store pickles of it (its "export" row, pipeline/cache.py) is that
small too.

The places are good only for the very bytes they were measured in: in one process the files a
`Fragments` joined are the basis's (the same objects, the dev server's case; a build that
changed nothing of the export keeps the files as they were, objects and all); from the store,
the basis's files are the ones saved with the places in one transaction (their lengths are
checked). Anything else (a build that failed after the export was made, a new project) joins
the files from nothing.

Compact JSON nests by plain concatenation, so a joined file is byte for byte what encoding the
whole at once gives (tests/test_write_incremental.py compares with an export made from nothing).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from ..render import Backlinks
    from ..resolve import Site

K = TypeVar("K", bound=Hashable)


def dumps(value: object) -> str:
    # compact: the C encoder (an indented dump runs in Python, several times slower on a large corpus)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def dumps_items(values: list) -> str:
    """The members of a JSON array, without its brackets: one encoder call for a record's items."""
    return dumps(values)[1:-1]


@dataclass(frozen=True)
class Basis:
    """The last good build, which the kept chunks were made from: its site and backlinks (the
    inputs to compare with) and its files (the bytes the chunks are sliced from)."""

    site: Site
    backlinks: Backlinks
    files: Mapping[str, bytes]


class Fragments:
    """Where each chunk of the joined files sits, by file and key, and what every chunk of a
    file reads alike (its settings: plain values such as the site's address and language)."""

    def __init__(self) -> None:
        self._spans: dict[str, dict[Hashable, tuple[int, int]]] = {}
        self._files: dict[str, bytes | int] = {}    # the bytes joined (this process), or their length (the store's)
        self._settings: dict[str, tuple] = {}
        self.made: list[Hashable] = []   # the chunks encoded this build (a test reads them: an edit remakes few)
        self.reused = 0

    def begin(self) -> None:
        self.made, self.reused = [], 0

    def joiner(self, path: str, settings: tuple, basis: Basis | None) -> Joiner:
        """A file to join, reusing the chunks of the basis's version of it when they can be."""
        before = basis.files.get(path) if basis is not None else None
        kept = self._files.get(path)
        usable = (before is not None and kept is not None and self._settings.get(path) == settings
                  and (kept is before if isinstance(kept, bytes) else kept == len(before)))
        return Joiner(self, path, settings, before if usable else None, self._spans.get(path, {}) if usable else {})

    def _keep(self, path: str, settings: tuple, data: bytes, spans: dict[Hashable, tuple[int, int]]) -> None:
        # a chunk not in this build's file is forgotten: the state stays the size of one export
        self._files[path], self._settings[path], self._spans[path] = data, settings, spans

    def __getstate__(self) -> dict:
        """What the next build (another process) reuses, as one mapping of plain keys and values
        (the store may split it in rows by key): each chunk's place, by (file, key), and each
        file's length and settings, by ("file", file); the store keeps the files themselves."""
        kept: dict[tuple, tuple] = {}
        for path, data in self._files.items():
            kept["file", path] = (len(data) if isinstance(data, bytes) else data, self._settings[path])
            kept.update(((path, key), span) for key, span in self._spans[path].items())
        return {"_kept": kept}

    def __setstate__(self, state: dict) -> None:
        self.__init__()     # type: ignore[misc]
        for (first, second), value in state["_kept"].items():
            if first == "file":
                self._files[second], self._settings[second] = value
                self._spans.setdefault(second, {})
            else:
                self._spans.setdefault(first, {})[second] = value


class Joiner:
    """One file, joined piece by piece: glue text, and chunks either sliced from the basis's
    bytes (unchanged) or encoded now."""

    def __init__(self, fragments: Fragments, path: str, settings: tuple, before: bytes | None,
                 spans: dict[Hashable, tuple[int, int]]) -> None:
        self._fragments, self._path, self._settings = fragments, path, settings
        self._before = memoryview(before) if before is not None else None
        self._old = spans
        self._spans: dict[Hashable, tuple[int, int]] = {}
        self._pieces: list[bytes | memoryview] = []
        self._at = 0

    @property
    def reusing(self) -> bool:
        """Whether any chunk can be reused (else the inputs need not be compared at all)."""
        return bool(self._old)

    def text(self, text: str) -> None:
        piece = text.encode("utf-8")
        self._pieces.append(piece)
        self._at += len(piece)

    def chunks(self, keys: Iterable[K], same: Callable[[K], bool] | None, make: Callable[[K], str],
               separator: str = ",") -> None:
        """The chunks of `keys`, one after the other with `separator` between them: each the
        basis's, if it has one and `same(key)` (its inputs are unchanged; None: nothing to
        compare with), else `make(key)`. (One loop for all: a file has thousands of chunks.)"""
        old, before, pieces, spans, made = self._old, self._before, self._pieces, self._spans, self._fragments.made
        glue = separator.encode("utf-8")
        at, reused = self._at, 0
        for i, key in enumerate(keys):
            if i:
                pieces.append(glue)
                at += len(glue)
            span = old.get(key)
            if span is not None and same is not None and same(key):
                piece: bytes | memoryview = before[span[0]:span[1]]  # type: ignore[index]
                reused += 1
            else:
                piece = make(key).encode("utf-8")
                made.append(key)
            spans[key] = (at, at + len(piece))
            pieces.append(piece)
            at += len(piece)
        self._at = at
        self._fragments.reused += reused

    def done(self) -> bytes:
        data = b"".join(self._pieces)
        self._pieces, self._before = [], None
        self._fragments._keep(self._path, self._settings, data, self._spans)
        return data
