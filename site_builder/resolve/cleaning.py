"""Seed cleaning: a messy article text -> readable blocks with stable ids.

Every rule is declared per source in YAML (`CleaningRules`); the seed file is never
edited. The output keeps a report of what was cleaned, for the source page, and what each
declared rule did (`RuleEffect`, for `site-builder show`): a rule that matched nothing is a
warning at its line (`rule_problems`), since it is most likely a pattern that does not say
what its author meant.

A seed is an article as received, not the authors' syntax: it holds no citation markers or id
links, and is never read by `markup` (whose tokens are the only reading of those). `markdown:
true` reads the few Markdown marks a web or PDF export leaves - ATX headings, `-` items, `**`,
`[text](#)`, backslash escapes - by line, the way such exports break them (a run of
backslashes is one escape, a link to a real address stays as written, an indented line is
text); CommonMark would read them otherwise, and the cleaned text is what every quote must
match, so a change of reading changes which quotes do.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from ..errors import Problem
from ..i18n import N_  # the report's words are msgids: the source page shows them translated
from ..model import CleaningRules, Source
from ..slugs import slug
from .anchoring import fold_typography

_TERMINAL = tuple('.!?:;"”’)…')


@dataclass(frozen=True)
class Span:
    """Inline formatting over [start, end) of a block's text."""

    start: int
    end: int
    kind: str          # "strong" | "em" | "lang" | "refmark"
    value: str = ""    # the language code, or the reference number


@dataclass(frozen=True)
class Block:
    id: str
    kind: str          # "heading" | "paragraph" | "item" | "reference"
    text: str
    start: int         # code-point offset of `text` in the source's full cleaned text
    seed_line: int     # 1-based line of the seed where the block begins
    level: int = 0     # heading level: 2..4 from a Markdown heading (# is 2), 2..6 as a `headings` rule sets it
    spans: tuple[Span, ...] = ()

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class RuleEffect:
    """What one declared rule did to one seed."""

    rule: str                  # its key in the source file: "drop_lines.0" for an item of a list
    label: str                 # how the author wrote it: "drop_lines: '^Advertisement$'"
    matched: bool              # it matched something (a pattern) or changed something (a switch)
    count: int = 0             # how many lines, blocks or fragments it changed
    lines: tuple[int, ...] = ()   # the seed lines it changed (1-based, each once)
    note: str = ""             # what it did, or why it did nothing


@dataclass(frozen=True)
class CleanedSource:
    source_id: str
    blocks: tuple[Block, ...]
    text: str                           # blocks joined by blank lines: what quotes are matched against
    report: tuple[tuple[str, int], ...]  # (what a rule did, how many times), in rule order
    effects: tuple[RuleEffect, ...] = field(default=(), compare=False)   # every declared rule, in file order

    @property
    def unmatched(self) -> tuple[RuleEffect, ...]:
        return tuple(e for e in self.effects if not e.matched)

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
# *emphasis* and _emphasis_ as CommonMark reads them: the mark hugs the words and touches no letter
# outside ("5*3*2", "snake_case_name" and a lone "*" are text)
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?![\s*_])([^*_\n]+?)(?<![\s*_])\1(?![\w*])")
_REFMARK = re.compile(r"\[(\d{1,3})\]")
_REF_NUMBER = re.compile(r"\[(\d+)\]")
_SPACING = re.compile(r"[ \t]+")
_DASH_SPACING = re.compile(r"\s*-+\s*")
_LIST_MARK = re.compile(r"^[-*•]\s+")


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


def _digest(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


def _unmark(text: str, pattern: re.Pattern[str], kind: str, group: int, spans: list[Span]) -> str:
    """The text without the marks `pattern` finds, each marked run kept as a span of `kind`; the
    spans found before (bold, then emphasis) are moved to their place in the shortened text."""
    matches = list(pattern.finditer(text))
    if not matches:
        return text

    def moved(offset: int) -> int:
        removed = 0
        for m in matches:
            if offset <= m.start():
                break
            opening = m.start(group) - m.start()
            removed += min(offset - m.start(), opening) + max(0, min(offset, m.end()) - m.end(group))
        return offset - removed

    spans[:] = [replace(s, start=moved(s.start), end=moved(s.end)) for s in spans]
    out: list[str] = []
    last = 0
    for m in matches:
        out.append(text[last:m.start()])
        start = sum(len(part) for part in out)
        out.append(m.group(group))
        spans.append(Span(start, start + len(m.group(group)), kind))
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def _plain_heading(text: str) -> str:
    if "**" in text:                  # the test first: a line without bold skips the regex
        text = _BOLD.sub(r"\1", text)
    return " ".join(text.replace("\\", "").split())


def title_key(text: str) -> str:
    """How a line is compared with the source's title for `drop_title_lines`: Markdown heading
    marks, bold and backslashes gone, then case, typography (curly quotes, dashes), spacing
    (also around a dash) and a final full stop ignored."""
    return _key_of_folded(_folded_heading(text))


def _folded_heading(text: str) -> str:
    """The first half of `title_key`: marks gone, spacing collapsed, typography folded."""
    plain = text.strip()
    # Called for every line of a seed: each regex runs only where the character it needs is
    # there (a heading mark opens the line, a dash is in it), which most lines skip.
    if plain.startswith("#"):
        plain = _MD_HEADING.sub(r"\2", plain)
    return fold_typography(_plain_heading(plain))


def _key_of_folded(plain: str) -> str:
    """The second half of `title_key`: case, spacing around dashes, a final full stop."""
    plain = plain.casefold()
    if "-" in plain:
        plain = _DASH_SPACING.sub("-", plain)
    return " ".join(plain.split()).rstrip(".")


def repeats_title(line: str, title: str) -> bool:
    """`title_key(line) == title`, without the second half of the key for most lines: from the
    folded line on, only spaces, dashes and full stops are ever removed (case folding never
    shortens a character), so a line with more other characters than the title is not it."""
    folded = _folded_heading(line)
    if len(folded) - folded.count(" ") - folded.count("-") - folded.count(".") > len(title):
        return False
    return _key_of_folded(folded) == title


class _Log:
    """Counts for the source page's report, and each declared rule's effect."""

    def __init__(self, rules: CleaningRules):
        self.counts: dict[str, int] = {}
        self.rules = rules
        self.effects: dict[str, list] = {}     # rule key -> [label, matched, count, lines, note]

    def count(self, what: str, n: int = 1) -> None:
        if n:
            self.counts[what] = self.counts.get(what, 0) + n

    def declare(self, rule: str, label: str, note: str = "") -> None:
        self.effects.setdefault(rule, [label, False, 0, [], note])

    def hit(self, rule: str, n: int = 1, lines: Iterable[int] = (), matched: bool = True) -> None:
        effect = self.effects[rule]
        effect[1] = effect[1] or matched
        effect[2] += n
        effect[3].extend(lines)

    def note(self, rule: str, note: str) -> None:
        self.effects[rule][4] = note

    def result(self) -> tuple[RuleEffect, ...]:
        order = {key: i for i, key in enumerate(self.rules.where)}
        return tuple(RuleEffect(rule, label, matched, n, tuple(sorted(set(lines))), note)
                     for rule, (label, matched, n, lines, note)
                     in sorted(self.effects.items(), key=lambda kv: order.get(kv[0], len(order))))


def _declare(rules: CleaningRules, title: str, log: _Log) -> None:
    """Every rule the source declares, matched nothing until it does."""
    for key in ("markdown", "unescape", "dead_links", "drop_title_lines", "join_broken_paragraphs"):
        if getattr(rules, key):
            log.declare(key, f"{key}: true")
    if rules.markdown:
        log.hit("markdown", 0)                          # a way of reading the seed, not a pattern
    for key in ("drop_before", "drop_from", "references", "list_items"):
        if getattr(rules, key):
            log.declare(key, f"{key}: '{getattr(rules, key)}'")
    for i, pattern in enumerate(rules.drop_lines):
        log.declare(f"drop_lines.{i}", f"drop_lines: '{pattern}'")
    for i, heading in enumerate(rules.headings):
        log.declare(f"headings.{i}", f"headings: '{heading.pattern}'")
    for i, language in enumerate(rules.languages):
        log.declare(f"languages.{i}", f"languages: '{language.pattern}' ({language.lang})")
    if rules.drop_title_lines and not title:
        log.note("drop_title_lines", "the source has no `title:` to compare lines with")


def clean_source(source: Source, seed: str) -> CleanedSource:
    """Apply `source.cleaning` to `seed`. Pure: same input, same blocks and ids."""
    rules = source.cleaning
    log = _Log(rules)
    title = title_key(source.title or "")
    _declare(rules, title, log)
    count = log.count

    lines = [(i + 1, line.rstrip()) for i, line in enumerate(seed.splitlines())]
    lines = _drop_edges(lines, rules, log)
    drop_title = bool(rules.drop_title_lines and title)
    drop_lines = [re.compile(p) for p in rules.drop_lines]
    kept = []
    for number, line in lines:
        if drop_title and line.strip() and repeats_title(line, title):
            count(N_("lines repeating the title dropped"))
            log.hit("drop_title_lines", 1, [number])
            continue
        dropped = [i for i, p in enumerate(drop_lines) if p.search(line)]
        if dropped:
            count(N_("lines matching a drop rule dropped"))
            log.hit(f"drop_lines.{dropped[0]}", 1, [number])
            for i in dropped[1:]:
                log.hit(f"drop_lines.{i}", 0)       # matched too, but the line was already gone
            continue
        kept.append((number, line))

    raw_blocks = _segment(kept, rules, log)
    if rules.join_broken_paragraphs:
        raw_blocks = _join_broken(raw_blocks, log)
    return _finish(source.id, raw_blocks, rules, log)


def _drop_edges(lines, rules: CleaningRules, log: _Log):
    if rules.drop_before:
        for index, (_, line) in enumerate(lines):
            if re.search(rules.drop_before, line):
                gone = [n for n, dropped in lines[:index] if dropped.strip()]
                log.count(N_("lines before the article start dropped"), len(gone))
                log.hit("drop_before", len(gone), gone)
                lines = lines[index:]
                break
    if rules.drop_from:
        for index, (_, line) in enumerate(lines):
            if re.search(rules.drop_from, line):
                gone = [n for n, d in lines[index:] if d.strip()]
                log.count(N_("trailing boilerplate lines dropped"), len(gone))
                log.hit("drop_from", len(gone), gone)
                lines = lines[:index]
                break
    return lines


def _segment(lines, rules: CleaningRules, log: _Log) -> list[list]:
    """Group lines into [kind, level, text, seed_line] blocks."""
    count = log.count
    references = re.compile(rules.references) if rules.references else None
    list_items = re.compile(rules.list_items) if rules.list_items else None
    headings = [re.compile(rule.pattern) for rule in rules.headings]
    blocks: list[list] = []
    open_paragraph = False
    for number, line in lines:
        stripped = line.strip()
        if not stripped:
            open_paragraph = False
            continue
        kind, level, text = "paragraph", 0, stripped
        # both patterns need their mark first on the (stripped) line: most lines skip the regex
        heading = _MD_HEADING.match(stripped) if rules.markdown and stripped[0] == "#" else None
        item = _MD_ITEM.match(stripped) if rules.markdown and stripped[0] in "-*+" else None
        if heading:
            kind, level, text = "heading", max(2, min(len(heading.group(1)), 4)), _plain_heading(heading.group(2))
        elif references and references.search(stripped):
            kind = "reference"
            log.hit("references", 1, [number])
        elif item or (list_items and list_items.search(stripped)):
            kind, text = "item", (item.group(1) if item else _LIST_MARK.sub("", stripped))
            if not item:
                log.hit("list_items", 1, [number])
        else:
            for i, (rule, pattern) in enumerate(zip(rules.headings, headings, strict=True)):
                if pattern.search(stripped):
                    kind, level, text = "heading", rule.level, _plain_heading(stripped)
                    count(N_("plain-text section titles turned into headings"))
                    log.hit(f"headings.{i}", 1, [number])
                    if rule.title_case:
                        text = title_case(text, rule.keep_upper)
                        count(N_("ALL-CAPS titles set in title case"))
                    break
        # Markdown joins consecutive plain lines into one paragraph; plain seeds put one per line.
        if kind == "paragraph" and rules.markdown and open_paragraph and blocks[-1][0] == "paragraph":
            blocks[-1][2] += " " + text
            continue
        blocks.append([kind, level, text, number])
        open_paragraph = kind == "paragraph"
    return blocks


def _join_broken(blocks: list[list], log: _Log) -> list[list]:
    """Rejoin a paragraph that a page break cut mid-sentence (next part starts lower-case)."""
    joined: list[list] = []
    for block in blocks:
        prev = joined[-1] if joined else None
        if (prev and prev[0] == block[0] and block[0] in ("paragraph", "item")
                and not prev[2].rstrip().endswith(_TERMINAL) and block[2][:1].islower()):
            prev[2] = prev[2].rstrip() + " " + block[2].lstrip()
            log.count(N_("paragraphs split by a page break rejoined"))
            log.hit("join_broken_paragraphs", 1, [block[3]])
            continue
        joined.append(block)
    return joined


def _inline(text: str, kind: str, line: int, rules: CleaningRules, log: _Log) -> tuple[str, list[Span]]:
    # Called for every block: each regex runs only where a character it needs is in the text
    # (the test is one C scan; most blocks have no link, escape, tab or mark at all).
    count = log.count
    if rules.dead_links and "](#)" in text:
        text, n = _DEAD_LINK.subn(r"\1", text)
        count(N_("dead '(#)' links unwrapped (text kept)"), n)
        if n:
            log.hit("dead_links", n, [line])
    if rules.unescape and "\\" in text:
        text, n = _ESCAPE.subn(r"\1", text)
        count(N_("backslash escapes such as '\\$' removed"), n)
        if n:
            log.hit("unescape", n, [line])
    if "  " in text or "\t" in text:
        text = _SPACING.sub(" ", text)
    text = text.strip()
    spans: list[Span] = []
    if rules.markdown:
        if "**" in text:
            text = _unmark(text, _BOLD, "strong", 1, spans)
        if "*" in text or "_" in text:
            text = _unmark(text, _EMPHASIS, "em", 2, spans)
    for i, rule in enumerate(rules.languages):
        for match in re.finditer(rule.pattern, text):
            spans.append(Span(match.start(), match.end(), "lang", rule.lang))
            count(N_("fragments in another language marked") + f" ({rule.lang})")
            log.hit(f"languages.{i}", 1, [line])
    if rules.references and kind != "reference" and "[" in text:
        for match in _REFMARK.finditer(text):
            spans.append(Span(match.start(), match.end(), "refmark", match.group(1)))
    return text, (sorted(spans, key=lambda s: (s.start, -s.end)) if spans else spans)


def _finish(source_id: str, raw_blocks, rules, log: _Log) -> CleanedSource:
    blocks: list[Block] = []
    used: dict[str, int] = {}
    offset = 0
    for kind, level, text, line in raw_blocks:
        if kind == "heading":
            spans: list[Span] = []
        else:
            text, spans = _inline(text, kind, line, rules, log)
        if not text:
            continue
        if kind == "heading":
            base = "h-" + (slug(text, 48) or "section")
        elif kind == "reference":
            number = _REF_NUMBER.match(text)
            base = f"ref-{number.group(1)}" if number else "ref-" + _digest(text)
        else:
            base = "p-" + _digest(text)
        # A repeated block gets -2, -3: ids of other blocks never move.
        used[base] = used.get(base, 0) + 1
        block_id = base if used[base] == 1 else f"{base}-{used[base]}"
        blocks.append(Block(block_id, kind, text, offset, line, level, tuple(spans)))
        offset += len(text) + 2
    full = "\n\n".join(b.text for b in blocks)
    return CleanedSource(source_id, tuple(blocks), full, tuple(log.counts.items()), log.result())


def rule_problems(sources: Mapping[str, Source], cleaned: Iterable[CleanedSource]) -> list[Problem]:
    """A warning at each declared rule that matched nothing, at its line in the source file."""
    problems = []
    for result in cleaned:
        source = sources[result.source_id]
        for effect in result.unmatched:
            where = source.cleaning.where.get(effect.rule) or source.cleaning.where.get(
                effect.rule.split(".")[0]) or source.position
            why = effect.note or "it matched nothing in the seed"
            problems.append(Problem(where, f"cleaning rule {effect.label} did nothing: {why}",
                                    _UNMATCHED_HINTS.get(effect.rule.split(".")[0], _PATTERN_HINT)
                                    + f"; `site-builder show {result.source_id}` prints the cleaned text",
                                    severity="warning"))
    return problems


_PATTERN_HINT = ("check the pattern against the seed (a Python regular expression, case-sensitive: "
                 "add (?i) to ignore case), or remove the rule")
_UNMATCHED_HINTS = {
    "drop_title_lines": ("a line is dropped when it equals the source's `title:`, ignoring case, Markdown "
                         "heading marks, bold, curly quotes, dashes and spacing; check the title, or remove the rule"),
    "unescape": "the seed has no backslash escape such as \\$; remove the rule",
    "dead_links": "the seed has no [text](#) link; remove the rule",
    "join_broken_paragraphs": ("no paragraph ends without a full stop right before one that starts in lower case; "
                               "remove the rule"),
}
