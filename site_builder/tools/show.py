"""`site-builder show SOURCE [--find "words"] [--text]`: what quotes must match.

Prints a source's cleaned text - the text every quote is matched against, and what the
export's citation `start`/`end` count in (code points) - block by block with each block's
id and offsets, then what each cleaning rule did, and which rules matched nothing.

`--find "words"` looks the words up the way the quote matcher does (typography forgiven:
`SourceIndex`) and prints, for each match, a citation marker ready to paste, its quote
extended word by word until it is unique in the source (`unique_quote`, which the preview's
quote picker uses too). `--text` prints the cleaned text alone, exactly as exported.
"""
from __future__ import annotations

import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..errors import suggestion
from ..markup import cite_marker
from ..pipeline import load_and_resolve
from ..resolve.anchoring import Anchor, SourceIndex, normalize
from ..resolve.cleaning import Block, CleanedSource

MAX_WORDS = 40      # a quote is extended at most this far; past it, the passage is not unique anyway


@dataclass(frozen=True)
class Suggestion:
    """A quote ready to cite: where it is, its words, and how often they occur in the source."""

    source: str
    start: int
    end: int
    quote: str
    occurrences: int
    block: str

    @property
    def marker(self) -> str:
        return cite_marker(self.source, self.quote)


def _words(block: Block) -> list[tuple[int, int]]:
    """The words of a block, as [start, end) offsets in the source's cleaned text."""
    return [(block.start + m.start(), block.start + m.end()) for m in re.finditer(r"\S+", block.text)]


_PAIRS = {"(": ")", "“": "”", "‘": "’", "[": "]", '"': '"'}


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Whole words without what would read oddly at a quote's ends: a trailing comma, colon or
    semicolon, or a bracket or quote mark opened or closed outside the quote."""
    while True:
        was = (a, b)
        if b - a > 1 and text[b - 1] in ",;:":
            b -= 1
        if b - a > 1 and text[a] in _PAIRS and _PAIRS[text[a]] not in text[a + 1:b]:
            a += 1
        closing = {v: k for k, v in _PAIRS.items()}
        if b - a > 1 and text[b - 1] in closing and text[b - 1] != "'" and closing[text[b - 1]] not in text[a:b - 1]:
            b -= 1
        if (a, b) == was:
            return a, b


def occurrences(index: SourceIndex, quote: str) -> int:
    result = index.anchor(quote)
    return result.occurrences if isinstance(result, Anchor) else 0


def unique_quote(cleaned: CleanedSource, index: SourceIndex, start: int, end: int) -> Suggestion:
    """The passage [start, end) of the cleaned text, widened to whole words (a word cut by the
    selection is completed, the punctuation beside it is not taken), then extended a word at a
    time (after it, then before it, in turn, never past its paragraph) until it occurs once in
    the source - or cannot grow any more."""
    text = cleaned.text
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    block = cleaned.block_at(start)
    end = min(end, block.end)
    while start > block.start and text[start - 1].isalnum() and text[start:start + 1].isalnum():
        start -= 1
    while end < block.end and text[end].isalnum() and text[end - 1:end].isalnum():
        end += 1
    words = _words(block)
    a, b, turn, grown = start, end, 0, 0
    while True:
        qa, qb = _trim(text, a, b)
        quote = text[qa:qb]
        count = occurrences(index, quote)
        after = next((w for w in words if w[1] > b), None)         # the rest of a word, or the next one
        before = next((w for w in reversed(words) if w[0] < a), None)
        if count <= 1 or grown >= MAX_WORDS or (after is None and before is None):
            return Suggestion(cleaned.source_id, qa, qb, quote, count, block.id)
        if after is not None and (turn % 2 == 0 or before is None):
            b = after[1]
        else:
            a = before[0]  # type: ignore[index]
        turn += 1
        grown += 1


def find(cleaned: CleanedSource, index: SourceIndex, words: str) -> list[Suggestion]:
    """Every place `words` occur (typography forgiven), each made a unique quote."""
    needle = normalize(words.strip())[0]
    if not needle:
        return []
    out, at = [], index.norm.find(needle)
    while at != -1:
        start, end = index.original_span(at, at + len(needle))
        out.append(unique_quote(cleaned, index, start, end))
        at = index.norm.find(needle, at + 1)
    return out


def _wrap(text: str, indent: str = "    ") -> str:
    return textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False)


def _lines(lines: tuple[int, ...], limit: int = 12) -> str:
    shown = ", ".join(str(n) for n in lines[:limit])
    return shown + (f" and {len(lines) - limit} more" if len(lines) > limit else "")


def print_cleaning(cleaned: CleanedSource, source_file: str, out: TextIO) -> None:
    print(f"What the cleaning rules of {source_file} did:", file=out)
    if not cleaned.effects:
        print("    no rules: the seed's text is used as it is (paragraphs at blank lines)", file=out)
    for effect in cleaned.effects:
        if not effect.matched:
            why = effect.note or "matched nothing in the seed"
            print(f"  ! {effect.label} → {why} (a warning in `site-builder check`)", file=out)
        elif effect.count:
            where = f" (seed line{'s' if len(effect.lines) > 1 else ''} {_lines(effect.lines)})" if effect.lines else ""
            print(f"    {effect.label} → {effect.count} change{'s' if effect.count != 1 else ''}{where}", file=out)
        else:
            print(f"    {effect.label} → used", file=out)
    for what, n in cleaned.report:
        print(f"      {n} × {what}", file=out)


def show_source(root: Path, source_id: str, words: str | None = None, text_only: bool = False,
                out: TextIO | None = None) -> int:
    out = out or sys.stdout
    site = load_and_resolve(root)
    if site is None:
        return 1
    content = site.content
    if source_id not in site.cleaned:
        seeds = {s.seed: sid for sid, s in content.sources.items()}
        if source_id in content.sources:
            print(f"error: source '{source_id}' has no seed text: its seed file is missing", file=sys.stderr)
        elif Path(source_id).name in seeds:
            print(f"error: {source_id} is the seed of source '{seeds[Path(source_id).name]}': "
                  f"site-builder show {seeds[Path(source_id).name]}", file=sys.stderr)
        else:
            print(f"error: no source '{source_id}'; " + suggestion(source_id, content.sources, "source id")
                  + (" (a new article: `site-builder new source FILE` first)" if not content.sources else ""),
                  file=sys.stderr)
        return 2
    cleaned = site.cleaned[source_id]
    source = content.sources[source_id]
    if text_only:
        out.write(cleaned.text + ("\n" if cleaned.text else ""))
        return 0
    index = SourceIndex(source_id, cleaned.text)
    if words is not None:
        return _print_matches(cleaned, index, words, out)
    print(f"{source_id} · {source.label} · seeds/{source.seed}", file=out)
    print(f"Cleaned text: {len(cleaned.text):,} characters in {len(cleaned.blocks)} blocks. Quotes must match it "
          f"(typography forgiven); citations' start/end count code points in it. The built site has it as "
          f"data/sources/{source_id}.txt.\n", file=out)
    for block in cleaned.blocks:
        kind = f"heading {block.level}" if block.kind == "heading" else block.kind
        print(f"[{block.start}–{block.end}] #{block.id}  ({kind}, seed line {block.seed_line})", file=out)
        print(_wrap(block.text), file=out)
    print(file=out)
    print_cleaning(cleaned, source.position.path, out)
    print(f'\nTo cite: site-builder show {source_id} --find "a few words"  (prints a marker ready to paste)', file=out)
    return 0


def _print_matches(cleaned: CleanedSource, index: SourceIndex, words: str, out: TextIO) -> int:
    source_id = cleaned.source_id
    found = find(cleaned, index, words)
    if not found:
        miss = index.closest(words) if words.strip() else None
        print(f'"{words}" is not in {source_id}\'s cleaned text.', file=out)
        if miss and miss.closest:
            best = unique_quote(cleaned, index, miss.start, miss.end)
            print(f"Closest passage ({miss.similarity:.0%} similar, at {miss.start}–{miss.end}, #{best.block}):\n"
                  f"    {best.marker}", file=out)
        return 1
    print(f'{len(found)} match{"es" if len(found) > 1 else ""} of "{words}" in {source_id}:', file=out)
    seen: set[tuple[int, int]] = set()
    for item in found:
        if (item.start, item.end) in seen:
            continue
        seen.add((item.start, item.end))
        note = "unique" if item.occurrences == 1 else f"still occurs {item.occurrences} times: the first is cited"
        print(f"  [{item.start}–{item.end}] #{item.block} ({note})\n    {item.marker}", file=out)
    return 0
