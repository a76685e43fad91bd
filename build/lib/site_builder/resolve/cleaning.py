"""Seed cleaning: a messy article text -> readable blocks with stable ids.

Every rule is declared per source in YAML (`CleaningRules`); the seed file is never
edited. The output keeps a report of what each rule did, for the Method page.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..model import CleaningRules, Source

_TERMINAL = tuple('.!?:;"”’)…')


@dataclass(frozen=True)
class Span:
    """Inline formatting over [start, end) of a block's text."""

    start: int
    end: int
    kind: str          # "strong" | "lang" | "refmark"
    value: str = ""    # the language code, or the reference number


@dataclass(frozen=True)
class Block:
    id: str
    kind: str          # "heading" | "paragraph" | "item" | "reference"
    text: str
    start: int         # code-point offset of `text` in the source's full cleaned text
    seed_line: int     # 1-based line of the seed where the block begins
    level: int = 0     # heading level (2..4)
    spans: tuple[Span, ...] = ()

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class CleanedSource:
    source_id: str
    blocks: tuple[Block, ...]
    text: str                           # blocks joined by blank lines: what quotes are matched against
    report: tuple[tuple[str, int], ...]  # (what a rule did, how many times), in rule order

    def block_at(self, offset: int) -> Block:
        for block in self.blocks:
            if block.start <= offset < block.end or offset == block.end:
                return block
        return self.blocks[-1]


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_ITEM = re.compile(r"^\s*[-*+]\s+(.*)$")
_DEAD_LINK = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\(#\)")
_ESCAPE = re.compile(r"\\+([\\`*_{}\[\]()#+\-.!$])")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_REFMARK = re.compile(r"\[(\d{1,3})\]")


_SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or",
                "the", "to", "vs", "with"}


def title_case(text: str, keep_upper: tuple[str, ...] = ()) -> str:
    """Set an ALL-CAPS title in title case, keeping acronyms; same length, so offsets hold."""
    keep = {k.upper() for k in keep_upper}

    def word(match: re.Match) -> str:
        core, tail = match.group(1), match.group(2) or ""
        if core in keep:
            return core + tail.lower()
        if match.start() > 0 and core.lower() in _SMALL_WORDS:
            return core.lower() + tail.lower()
        return core[:1] + core[1:].lower() + tail.lower()

    return re.sub(r"([A-Z][A-Z.]*)((?:['’][A-Z]+)?)", word, text)


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:48].rstrip("-") or "section"


def _digest(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


def _plain_heading(text: str) -> str:
    return " ".join(_BOLD.sub(r"\1", text).replace("\\", "").split())


def clean_source(source: Source, seed: str) -> CleanedSource:
    """Apply `source.cleaning` to `seed`. Pure: same input, same blocks and ids."""
    rules = source.cleaning
    counts: dict[str, int] = {}

    def count(what: str, n: int = 1) -> None:
        if n:
            counts[what] = counts.get(what, 0) + n

    lines = [(i + 1, line.rstrip()) for i, line in enumerate(seed.splitlines())]
    lines = _drop_edges(lines, rules, count)
    title = _plain_heading(source.title or "")
    kept = []
    for number, line in lines:
        bare = _plain_heading(_MD_HEADING.sub(r"\2", line)) if rules.markdown else line.strip()
        if rules.drop_title_lines and title and bare == title:
            count("lines repeating the title dropped")
            continue
        if any(re.search(p, line) for p in rules.drop_lines):
            count("lines matching a drop rule dropped")
            continue
        kept.append((number, line))

    raw_blocks = _segment(kept, rules, count)
    if rules.join_broken_paragraphs:
        raw_blocks = _join_broken(raw_blocks, count)
    return _finish(source.id, raw_blocks, rules, count, counts)


def _drop_edges(lines, rules: CleaningRules, count):
    if rules.drop_before:
        for index, (_, line) in enumerate(lines):
            if re.search(rules.drop_before, line):
                count("lines before the article start dropped",
                      sum(1 for _, dropped in lines[:index] if dropped.strip()))
                lines = lines[index:]
                break
    if rules.drop_from:
        for index, (_, line) in enumerate(lines):
            if re.search(rules.drop_from, line):
                count("trailing boilerplate lines dropped", sum(1 for _, d in lines[index:] if d.strip()))
                lines = lines[:index]
                break
    return lines


def _segment(lines, rules: CleaningRules, count) -> list[list]:
    """Group lines into [kind, level, text, seed_line] blocks."""
    blocks: list[list] = []
    open_paragraph = False
    for number, line in lines:
        stripped = line.strip()
        if not stripped:
            open_paragraph = False
            continue
        kind, level, text = "paragraph", 0, stripped
        heading = _MD_HEADING.match(stripped) if rules.markdown else None
        item = _MD_ITEM.match(stripped) if rules.markdown else None
        if heading:
            kind, level, text = "heading", max(2, min(len(heading.group(1)), 4)), _plain_heading(heading.group(2))
        elif rules.references and re.search(rules.references, stripped):
            kind = "reference"
        elif item or (rules.list_items and re.search(rules.list_items, stripped)):
            kind, text = "item", (item.group(1) if item else re.sub(r"^[-*•]\s+", "", stripped))
        else:
            for rule in rules.headings:
                if re.search(rule.pattern, stripped):
                    kind, level, text = "heading", rule.level, _plain_heading(stripped)
                    count("plain-text section titles turned into headings")
                    if rule.title_case:
                        text = title_case(text, rule.keep_upper)
                        count("ALL-CAPS titles set in title case")
                    break
        # Markdown joins consecutive plain lines into one paragraph; plain seeds put one per line.
        if kind == "paragraph" and rules.markdown and open_paragraph and blocks[-1][0] == "paragraph":
            blocks[-1][2] += " " + text
            continue
        blocks.append([kind, level, text, number])
        open_paragraph = kind == "paragraph"
    return blocks


def _join_broken(blocks: list[list], count) -> list[list]:
    """Rejoin a paragraph that a page break cut mid-sentence (next part starts lower-case)."""
    joined: list[list] = []
    for block in blocks:
        prev = joined[-1] if joined else None
        if (prev and prev[0] == block[0] and block[0] in ("paragraph", "item")
                and not prev[2].rstrip().endswith(_TERMINAL) and block[2][:1].islower()):
            prev[2] = prev[2].rstrip() + " " + block[2].lstrip()
            count("paragraphs split by a page break rejoined")
            continue
        joined.append(block)
    return joined


def _inline(text: str, kind: str, rules: CleaningRules, count) -> tuple[str, list[Span]]:
    if rules.dead_links:
        text, n = _DEAD_LINK.subn(r"\1", text)
        count("dead '(#)' links unwrapped (text kept)", n)
    if rules.unescape:
        text, n = _ESCAPE.subn(r"\1", text)
        count("backslash escapes such as '\\$' removed", n)
    text = re.sub(r"[ \t]+", " ", text).strip()
    spans: list[Span] = []
    if rules.markdown:
        out, last = [], 0
        for match in _BOLD.finditer(text):
            out.append(text[last:match.start()])
            start = sum(len(part) for part in out)
            out.append(match.group(1))
            spans.append(Span(start, start + len(match.group(1)), "strong"))
            last = match.end()
        out.append(text[last:])
        text = "".join(out)
    for rule in rules.languages:
        for match in re.finditer(rule.pattern, text):
            spans.append(Span(match.start(), match.end(), "lang", rule.lang))
            count(f"fragments in another language marked ({rule.lang})")
    if rules.references and kind != "reference":
        for match in _REFMARK.finditer(text):
            spans.append(Span(match.start(), match.end(), "refmark", match.group(1)))
    return text, sorted(spans, key=lambda s: (s.start, -s.end))


def _finish(source_id: str, raw_blocks, rules, count, counts) -> CleanedSource:
    blocks: list[Block] = []
    used: dict[str, int] = {}
    offset = 0
    for kind, level, text, line in raw_blocks:
        if kind == "heading":
            spans: list[Span] = []
        else:
            text, spans = _inline(text, kind, rules, count)
        if not text:
            continue
        if kind == "heading":
            base = "h-" + _slug(text)
        elif kind == "reference":
            number = re.match(r"\[(\d+)\]", text)
            base = f"ref-{number.group(1)}" if number else "ref-" + _digest(text)
        else:
            base = "p-" + _digest(text)
        # A repeated block gets -2, -3: ids of other blocks never move.
        used[base] = used.get(base, 0) + 1
        block_id = base if used[base] == 1 else f"{base}-{used[base]}"
        blocks.append(Block(block_id, kind, text, offset, line, level, tuple(spans)))
        offset += len(text) + 2
    full = "\n\n".join(b.text for b in blocks)
    return CleanedSource(source_id, tuple(blocks), full, tuple(counts.items()))
