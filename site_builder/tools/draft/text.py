"""The articles as `draft` reads them: sentences with their offsets, and verified quotes.

A sentence ends at ".", "!" or "?" (and a closing quote or bracket after it) followed by a
space and a capital, a digit or an opening quote, but not after an abbreviation news prose
uses ("Mr.", "U.S.", "Jan.", "Inc.") or an initial ("J. Roe"). (pysbd, tried first, reads the
same boundaries in these articles but compiles its patterns on every call: 2.5 s of the 2 s
a whole draft may take.)
A quote is made the way `show --find` makes one (`unique_quote`): whole words, extended
until it occurs once in its source, then checked by the anchoring the build uses.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ...resolve.anchoring import Anchor, SourceIndex
from ...resolve.cleaning import CleanedSource
from ..show import unique_quote

QUOTE_WORDS = 14      # a citation of a sentence quotes at most this many words of it


@dataclass(frozen=True)
class Sentence:
    source: str
    block: str            # the block's id
    kind: str             # the block's kind: paragraph, item, reference (headings are not read)
    start: int            # in the source's cleaned text
    end: int
    text: str


_END = re.compile(r"[.!?][\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9$])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Mt|Gen|Sen|Rep|Gov|Lt|Col|Capt|Inc|Corp|Co|Ltd|No|vs|etc|approx|est"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|e\.g|i\.e)|\b[A-Z]|(?:\b[A-Za-z]\.){1,3}[A-Za-z])$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of a paragraph."""
    out, start = [], 0
    for match in _END.finditer(text):
        if match[0].startswith(".") and _ABBREVIATION.search(text, 0, match.start()):
            continue
        out.append((start, match.end()))
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if text[start:].strip():
        out.append((start, len(text.rstrip())))
    return out


def sentences(cleaned: CleanedSource) -> Iterator[Sentence]:
    """The sentences of every block but headings, in order."""
    for block in cleaned.blocks:
        if block.kind == "heading":
            continue
        for a, b in split_sentences(block.text):
            yield Sentence(cleaned.source_id, block.id, block.kind, block.start + a, block.start + b, block.text[a:b])


class Quoting:
    """Verified quotes of the sources: what `draft` writes is anchored the way the build anchors."""

    def __init__(self, cleaned: Mapping[str, CleanedSource]):
        self.cleaned = cleaned
        self.indexes = {sid: SourceIndex(sid, c.text) for sid, c in cleaned.items()}

    def around(self, source: str, start: int, end: int) -> str:
        """A unique quote holding [start, end): the words there, extended as `show --find` does."""
        return unique_quote(self.cleaned[source], self.indexes[source], start, end).quote

    def sentence(self, sentence: Sentence, start: int | None = None, end: int | None = None) -> str:
        """A quote of the sentence: whole if short, else QUOTE_WORDS words around [start, end)."""
        text = sentence.text
        words = text.split()
        if len(words) <= QUOTE_WORDS or start is None or end is None:
            if len(words) <= QUOTE_WORDS:
                return self.around(sentence.source, sentence.start, sentence.end)
            start, end = sentence.start, sentence.start
        lo, hi = start - sentence.start, end - sentence.start
        # grow word by word around [lo, hi) until the quote holds QUOTE_WORDS words
        while len(text[lo:hi].split()) < QUOTE_WORDS and (lo > 0 or hi < len(text)):
            if hi < len(text):
                nxt = text.find(" ", hi + 1)
                hi = len(text) if nxt == -1 else nxt
            if lo > 0 and len(text[lo:hi].split()) < QUOTE_WORDS:
                prev = text.rfind(" ", 0, lo - 1)
                lo = 0 if prev == -1 else prev + 1
        return self.around(sentence.source, sentence.start + lo, sentence.start + hi)

    def verified(self, source: str, quote: str) -> bool:
        """Does the build find `quote` in `source` (once)?"""
        found = self.indexes[source].anchor(quote) if source in self.indexes else None
        return isinstance(found, Anchor) and found.occurrences == 1
