"""The one parser of the authors' text syntax: Markdown with citation markers and id links.

Every text field and page is parsed once, here, by markdown-it-py with small rules, one job
each: `cite` turns `[[cite:SOURCE "words"]]` into a token; `editorial` containers mark the
editors' judgement; links may name records by id (`[Roe](person:jane-roe)`). Resolve
checks the markers and links of that parse (`Parsed.markers`, `Parsed.links`), and render
renders the same tokens - so a marker inside a code span is code for both. Raw HTML is
disabled: content can never inject markup or script.

These tokens are the only reading of markers and id links: load reports the near misses the
parse notes (`Parsed.near_misses`: a marker or an id link written not quite right, which would
reach the reader as literal text), the data export finds each marker's sentence by
`Parsed.markers`, and `plain_text` is the text of the tokens.

Rendering never changes the parsed tokens (they are shared by every page that shows the
text): what depends on the page - each marker's number, an id link's relative address,
which names become entity links - is asked of `env` by the render rules:

    env["cite"](source, quote) -> marker HTML
    env["ref_href"](kind, id, fragment) -> the address of an id link
    env["mentions"] (a NameMatcher), env["link_entity"](kind, id) -> href, env["skip_entity"]:
        link the first mention of each person or organization in each section
    env["link"](href): told every link and image address written (the page's link record)
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.link import link as _markdown_link
from markdown_it.token import Token
from markupsafe import Markup
from mdit_py_plugins.container import container_plugin

MARKER_START = "[[cite:"
# Inside the quote, `\"` is a double quote and `\\` a backslash; a lone `]` is itself ("[1]"), but `]]`
# inside a quote must be written `\]]` (a backslash escapes any character).
MARKER_RE = re.compile(r'\[\[cite:([A-Za-z0-9_-]+)\s+"((?:[^"\\\]]|\](?!\])|\\.)*)"\s*\]\]')
REF_KINDS = ("person", "organization", "claim", "source", "page", "event")
# An id link is written exactly `[text](kind:id)` or `[text](kind:id#fragment)`: no title, no
# angle brackets, no reference definition (one form to write, to check and to rewrite).
_REF_TARGET = re.compile(r"[A-Za-z0-9_-]+(?:#[A-Za-z0-9_-]+)?")
# What an author meant as a marker or an id link but did not quite write, where the parse reads
# text (never inside code): "[cite:", "[[Cite:", "[[cite s000 \"", "](person: jane)", "[jr]: person:x".
# (A run of brackets is tried from its first only: from each of its brackets, a run of a
# million would cost a million scans of the run.)
_MARKER_TYPO = re.compile(r'(?<!\[)\[+[ \t]*cite[ \t]*:|(?<!\[)\[\[[ \t]*cite[ \t]+[A-Za-z0-9_-]+[ \t]*"', re.IGNORECASE)
_KINDS = "|".join(REF_KINDS)
_LINK_TYPO = re.compile(rf"\]\([ \t]*<?[ \t]*(?P<kind>{_KINDS})[ \t]*:")
_DEFINITION_TYPO = re.compile(rf"[ \t]*\[[^\]\n]+\]:[ \t]*<?(?P<kind>{_KINDS}):")
# Where a near miss can start (the patterns above, a link's target across a line break too),
# and the two well-formed things that also match there: `may_miss` skips a parse without one.
_CANDIDATE = re.compile(rf"{_MARKER_TYPO.pattern}|\]\(\s*<?\s*(?:{_KINDS})\s*:|^{_DEFINITION_TYPO.pattern}",
                        re.IGNORECASE | re.MULTILINE)
_DEFINITION_AT = re.compile(_DEFINITION_TYPO.pattern, re.IGNORECASE)
_WELL_FORMED_LINK = re.compile(rf"\]\((?:{_KINDS}):{_REF_TARGET.pattern}\)")


def unescape_quote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def escape_quote(quote: str) -> str:
    r"""A quote as it is written inside a marker: `\\` for a backslash, `\"` for a double quote, and
    `\]` for a `]` followed by another (a lone `]`, as in "[1]", needs nothing)."""
    return re.sub(r"\](?=\])", r"\\]", quote.replace("\\", "\\\\").replace('"', '\\"'))


def cite_marker(source: str, quote: str) -> str:
    """The citation marker for `quote` in `source`, ready to paste: `[[cite:s000 "the words"]]`."""
    return f'{MARKER_START}{source} "{escape_quote(quote)}"]]'


@dataclass(frozen=True)
class MarkerUse:
    """A citation marker as parsed: its source and quote, which `[[cite:` of the text it is,
    and how many characters it spans as written."""

    source: str
    quote: str
    occurrence: int
    length: int = 0


@dataclass(frozen=True)
class NearMiss:
    """A marker or an id link written not quite right, as the parse met it where it reads text:
    written so, it would reach the reader as literal text, or as a link no check has seen.
    `written` is what the author wrote, from its start; `needle` the part to find it by."""

    kind: str           # "marker" | "link" | "definition"
    written: str
    needle: str


@dataclass(frozen=True)
class RefLink:
    kind: str
    id: str
    fragment: str


@dataclass(frozen=True)
class Parsed:
    """A text parsed once: its tokens, and what resolve checks in them."""

    tokens: tuple[Token, ...]
    inline: bool
    markers: tuple[MarkerUse, ...]
    links: tuple[RefLink, ...]
    malformed: tuple[int, ...]          # occurrences of `[[cite:` that start no valid marker (outside code)
    near_misses: tuple[tuple[int, NearMiss], ...] = ()   # (offset in the text, -1 if unknown; the near miss)


# --- parsing rules ---------------------------------------------------------------------------------

def _cite_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith(MARKER_START, state.pos):
        return False
    match = MARKER_RE.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        # "words [[cite:...]]" renders as "words[1]": a marker hugs the words it supports
        state.pending = state.pending.rstrip(" ")
        token = state.push("cite", "", 0)
        token.meta = {"source": match.group(1), "quote": unescape_quote(match.group(2)), "at": state.pos,
                      "length": match.end() - state.pos}
    state.pos = match.end()
    return True


def _near_miss_rule(state: StateInline, silent: bool) -> bool:
    """Notes (in env, by the text being read) a marker or id link written not quite right where
    the parse reads text; consumes nothing. A well-formed `[[cite:` start that goes wrong later
    is `Parsed.malformed`, not a near miss; a code span is consumed before this rule runs."""
    src, pos = state.src, state.pos
    char = src[pos]
    found: tuple[int, str, str, str] | None = None       # (where the needle starts, kind, written, needle)
    if char == "[" and (pos == 0 or src[pos - 1] != "["):
        match = _MARKER_TYPO.match(src, pos)
        if match and not src.startswith(MARKER_START, pos):
            found = (pos, "marker", match.group(0), match.group(0))
        elif (pos == 0 or src[pos - 1] == "\n") and (match := _DEFINITION_TYPO.match(src, pos)):
            found = (match.start("kind"), "definition", _line(src, pos).strip(), src[match.start("kind"):match.end()])
    elif char == "]" and (match := _LINK_TYPO.match(src, pos)):
        line = _line(src, pos)
        close = line.find(")")
        found = (match.start("kind"), "link", line[1:close + 1 if close != -1 else 80],
                 src[match.start("kind"):match.end()])
    if found is not None:
        state.env.setdefault("_near", {}).setdefault(src, {})[found[0]] = found[1:]
    return False


def _line(src: str, pos: int) -> str:
    """The rest of the line from `pos` (only where a near miss is: a scan to the line's end at
    every bracket would make a long one-line text quadratic)."""
    end = src.find("\n", pos)
    return src[pos:end if end != -1 else len(src)]


def may_miss(text: str) -> bool:
    """Could the parse of `text` note a near miss? A fast scan for load, which parses only the
    texts where one may be: every near miss starts where `_CANDIDATE` matches, and a marker's
    own start or a well-formed id link there is none. (Whether a candidate is a near miss -
    not in code, not a link markdown-it reads - the parse decides.)"""
    for match in _CANDIDATE.finditer(text):
        at = match.start()
        if text.startswith(MARKER_START, at) and (at == 0 or text[at - 1] != "["):
            # a marker's start may also open a line's definition ("[[cite:[jr]: person:"), which
            # the block parse reads first: the marker alternative matched, the definition's did not try
            if (at == 0 or text[at - 1] == "\n") and _DEFINITION_AT.match(text, at):
                return True
            continue
        if _WELL_FORMED_LINK.match(text, at):
            continue
        return True
    return False


def _link_rule(state: StateInline, silent: bool) -> bool:
    """markdown-it's link rule, keeping on the link's opening token what it consumed, as written
    (so an id link is checked as the author wrote it, not only as markdown-it resolved it)."""
    start, count = state.pos, len(state.tokens)
    if not _markdown_link(state, silent):
        return False
    if not silent:
        opening = next(t for t in state.tokens[count:] if t.type == "link_open")
        opening.meta = {**opening.meta, "written": state.src[start:state.pos], "at": start}
    return True


def _render_editorial(self, tokens, idx, options, env):
    """`::: editorial` ... `:::` marks the editors' own judgement, visibly labelled."""
    if tokens[idx].nesting == 1:
        # role="note": a page may hold several, and same-named landmarks would fail axe's landmark-unique
        from .i18n import gettext  # late: the site's locale is active while a page renders
        return ('<aside class="editorial" role="note" aria-label="{}">\n'
                '<p class="editorial-label"><strong>{}</strong> {}</p>\n').format(
            escapeHtml(gettext("Editors' commentary")), escapeHtml(gettext("Editors' view.")),
            escapeHtml(gettext("Commentary, not reporting.")))
    return "</aside>\n"


# --- render rules: what depends on the page comes from env --------------------------------------------

def _render_cite(self, tokens, idx, options, env):
    meta = tokens[idx].meta
    return str(env["cite"](meta["source"], meta["quote"]))


def _render_link_open(self, tokens, idx, options, env):
    token = tokens[idx]
    env["_depth"] = env.get("_depth", 0) + 1
    href = str(token.attrGet("href") or "")
    kind, _, rest = href.partition(":")
    if kind in REF_KINDS and rest and "ref_href" in env:
        record_id, _, fragment = rest.partition("#")
        token = token.copy(attrs={**token.attrs, "href": env["ref_href"](kind, record_id, fragment)})
    _written(env, token.attrGet("href"))
    return self.renderToken([token], 0, options, env)


def _render_image(self, tokens, idx, options, env):
    _written(env, tokens[idx].attrGet("src"))
    return self.image(tokens, idx, options, env)


def _written(env, address) -> None:
    if "link" in env and address is not None:
        env["link"](str(address))


def _render_link_close(self, tokens, idx, options, env):
    env["_depth"] = env.get("_depth", 0) - 1
    return self.renderToken(tokens, idx, options, env)


def _render_heading_open(self, tokens, idx, options, env):
    env["_linked"] = set()            # a section restarts at every heading
    env["_heading"] = True
    return self.renderToken(tokens, idx, options, env)


def _render_heading_close(self, tokens, idx, options, env):
    env["_heading"] = False
    return self.renderToken(tokens, idx, options, env)


def _render_text(self, tokens, idx, options, env):
    """Plain text, with the first mention of each person or organization in a section linked;
    headings stay plain (a link there would steal the section's first mention), and text
    already inside a link is left alone."""
    content = tokens[idx].content
    matcher = env.get("mentions")
    if matcher is None or env.get("_depth", 0) or env.get("_heading"):
        return escapeHtml(content)
    linked: set = env.setdefault("_linked", set())
    skip = env.get("skip_entity")
    out, last = [], 0
    for start, end, entity in matcher.find(content):
        if entity in linked or entity == skip:
            continue
        linked.add(entity)
        href = env["link_entity"](*entity)
        _written(env, href)
        out.append(escapeHtml(content[last:start]))
        out.append(f'<a href="{escapeHtml(href)}" class="entity">{escapeHtml(content[start:end])}</a>')
        last = end
    if not out:
        return escapeHtml(content)
    out.append(escapeHtml(content[last:]))
    return "".join(out)


def _make(typographer: bool = True) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": typographer})
    # id links ("person:jane-roe") must pass markdown-it's URL safety check
    default_validate = md.validateLink
    md.validateLink = lambda url: url.split(":", 1)[0] in REF_KINDS or default_validate(url)  # type: ignore[method-assign]
    md.enable(["replacements", "smartquotes", "table"] if typographer else ["table"])
    md.inline.ruler.before("link", "cite", _cite_rule)
    md.inline.ruler.before("link", "near_miss", _near_miss_rule)
    md.inline.ruler.at("link", _link_rule)
    md.use(container_plugin, "editorial", render=_render_editorial)
    for name, rule in (("cite", _render_cite), ("link_open", _render_link_open), ("link_close", _render_link_close),
                       ("image", _render_image),
                       ("heading_open", _render_heading_open), ("heading_close", _render_heading_close),
                       ("text", _render_text)):
        md.add_render_rule(name, rule)
    return md


_MD = _make()


# --- the parse, and what it holds -------------------------------------------------------------------

def parse(text: str, inline: bool = False) -> Parsed:
    """Parse a text field or page body once; `inline` for fields shown inside a sentence."""
    env: dict = {}
    tokens = _MD.parseInline(text, env) if inline else _MD.parse(text, env)
    line_starts = _line_starts(text)
    noted: dict[str, dict[int, tuple[str, str, str]]] = env.get("_near", {})
    markers: list[MarkerUse] = []
    links: list[RefLink] = []
    near: list[tuple[int, NearMiss]] = []
    claimed: set[int] = set()
    unclaimed_counts: list[tuple[int, int]] = []     # (first occurrence in the block, how many are malformed)
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        before = text.count(MARKER_START, 0, line_starts[token.map[0]] if token.map else 0)
        in_code = sum(child.content.count(MARKER_START) for child in token.children if child.type == "code_inline")
        found = 0
        for at, (kind, written, needle) in sorted(noted.get(token.content, {}).items()):
            near.append((_offset(text, line_starts, token, at, needle), NearMiss(kind, written, needle)))
        for child in token.children:
            if child.type == "cite":
                occurrence = before + token.content.count(MARKER_START, 0, child.meta["at"])
                markers.append(MarkerUse(child.meta["source"], child.meta["quote"], occurrence, child.meta["length"]))
                claimed.add(occurrence)
                found += 1
            elif child.type == "link_open":
                link = _ref_link(child)
                if isinstance(link, RefLink):
                    links.append(link)
                elif link is not None:
                    at, miss = link
                    near.append((_offset(text, line_starts, token, at, miss.needle), miss))
        loose = token.content.count(MARKER_START) - found - in_code
        if loose > 0:
            unclaimed_counts.append((before, loose))
    for reference in env.get("references", {}).values():
        kind = str(reference.get("href", "")).partition(":")[0]
        if kind in REF_KINDS and reference.get("map"):
            # a definition the block parse read (`[jr]: person:x`): an id link is written inline
            line = reference["map"][0]
            written = text[line_starts[line]:line_starts[line + 1]].strip()
            start = text.find(f"{kind}:", line_starts[line])
            near.append((start, NearMiss("definition", written, f"{kind}:")))
    malformed = []
    for first, count in unclaimed_counts:
        k = first
        while count:
            if k not in claimed:
                malformed.append(k)
                count -= 1
            k += 1
    return Parsed(tuple(tokens), inline, tuple(markers), tuple(links), tuple(malformed),
                  tuple(sorted(near, key=lambda item: item[0])))


def _ref_link(token: Token) -> RefLink | tuple[int, NearMiss] | None:
    """An id link (`[text](kind:id)`), or where in its block an id link is written wrong and how
    (a title, angle brackets, an id that is not one); None for any other link."""
    href = str(token.attrGet("href") or "")
    kind, _, rest = href.partition(":")
    if kind not in REF_KINDS:
        return None
    written: str = token.meta.get("written", "")
    dest = written.rfind("](")
    if dest == -1:          # a reference link (`[text][jr]`): its definition is the near miss
        return None
    if rest and _REF_TARGET.fullmatch(rest) and written.endswith(f"]({href})"):
        record_id, _, fragment = rest.partition("#")
        return RefLink(kind, record_id, fragment)
    shown = written[dest + 1:]
    close = shown.find(")")
    return (token.meta.get("at", 0) + written.find(f"{kind}:", dest),
            NearMiss("link", shown[:close + 1] if close != -1 else shown[:80], f"{kind}:"))


def _offset(text: str, line_starts: list[int], token: Token, at: int, needle: str) -> int:
    """Where `at`, an offset in a block's inline content, is in `text` (-1 when it cannot be
    told): the content's lines are the block's lines without their container marks."""
    if token.map is None:               # an inline parse: the content is the text
        return at if text.startswith(needle, at) else -1
    content = token.content
    row = content.count("\n", 0, at)
    line_start = content.rfind("\n", 0, at) + 1
    line_end = content.find("\n", at)
    written = content[line_start:line_end if line_end != -1 else len(content)]
    number = token.map[0] + row
    if number + 1 >= len(line_starts):
        return -1
    source_line = text[line_starts[number]:line_starts[number + 1]]
    lead = source_line.find(written)
    offset = line_starts[number] + lead + (at - line_start)
    return offset if lead != -1 and text.startswith(needle, offset) else -1


_LINE_BREAK = re.compile(r"\r\n?|\n")     # markdown-it's own (its `normalize` rule): its token maps count these


def _line_starts(text: str) -> list[int]:
    """Where each line of `text` starts, as markdown-it numbers lines (a lone "\r" ends one too)."""
    if "\r" not in text:
        starts = [0]
        at = text.find("\n")
        while at != -1:
            starts.append(at + 1)
            at = text.find("\n", at + 1)
    else:
        starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]
    starts.append(len(text))
    return starts


def render(parsed: Parsed, env: dict) -> Markup:
    """The parsed text as HTML, for one page (see the module docstring for `env`)."""
    env = {**env, "_linked": set()}
    if parsed.inline:
        children = parsed.tokens[0].children if parsed.tokens else None
        return Markup(_MD.renderer.renderInline(children or [], _MD.options, env))  # type: ignore[attr-defined]
    return Markup(_MD.renderer.render(list(parsed.tokens), _MD.options, env))


def uncited_paragraphs(parsed: Parsed) -> tuple[tuple[int, str], ...]:
    """(line, opening words) of every paragraph outside `::: editorial` with no citation marker.

    Paragraphs that are only links (navigation, a who's-who line) carry no claim and pass."""
    tokens = parsed.tokens
    found: list[tuple[int, str]] = []
    editorial = 0
    for i, token in enumerate(tokens):
        if token.type == "container_editorial_open":
            editorial += 1
        elif token.type == "container_editorial_close":
            editorial -= 1
        if token.type != "inline" or editorial or i == 0 or tokens[i - 1].type != "paragraph_open":
            continue
        children = token.children or []
        if any(child.type == "cite" for child in children):
            continue
        depth, words = 0, []
        for child in children:
            depth += child.type == "link_open"
            depth -= child.type == "link_close"
            if child.type == "text" and not depth:
                words += child.content.split()
        if len(words) < 4:
            continue
        found.append(((token.map or [0])[0] + 1, " ".join(token.content.split()[:8])))
    return tuple(found)


_SPACE_BEFORE = re.compile(r" +([.,;:!?)])")            # "fee [[cite:...]] ." -> "fee."
# The same rules without typography: plain text keeps the quote marks and dashes as written
# (the tokens are the same, only the text of `text` tokens is not made curly).
_PLAIN = _make(typographer=False)


def _group_1(match: re.Match[str]) -> str:
    return match.group(1)


@functools.lru_cache(maxsize=1 << 14)
def plain_text(text: str, limit: int = 200) -> str:
    """A text as one plain line for meta descriptions and feeds: the words of its tokens - no
    markers, no Markdown, link labels without their targets, code as its text, no space left
    where a marker was - cut at a word. (Remembered: one text is described on many pages.)
    Most texts, and most sentences the data export cuts from them, are words, punctuation,
    markers, plain links and emphasis: those are read without a parse (the parse was most of
    the export's time), to the same words."""
    words = _plain_words(text)
    return _one_line(_parsed_words(text) if words is None else words, limit)


def _parsed_words(text: str) -> str:
    words: list[str] = []
    for token in _PLAIN.parse(text, {}):
        if token.type in ("fence", "code_block"):
            words += [" ", token.content]
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
            elif child.type == "image":        # its alt text, as a browser shows a missing image
                words += [grandchild.content for grandchild in child.children or () if grandchild.type == "text"]
        words.append(" ")                      # blocks, and the cells of a table, are apart
    return "".join(words)


def _one_line(words: str, limit: int) -> str:
    value = _SPACE_BEFORE.sub(_group_1, " ".join(words.split()))
    if len(value) > limit:
        value = value[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return value


# What `_plain_words` reads without a parse: plain links (an id link or a web address, the
# label plain words) and emphasis whose delimiters are plainly flanking (after a space, an
# opening bracket or quote, a marker or the start; before a space, closing punctuation, a marker
# or the end), so that markdown-it's delimiter rules can only pair them as written. "\0" is a
# marker (masked): its brackets are punctuation to those rules.
_PLAIN_LINK = re.compile(r"(?<!!)\[([^\[\]\0*_`\\<>&\n]+)\]\(((?:" + "|".join(REF_KINDS) + r"):[A-Za-z0-9_.-]+"
                         r"(?:#[A-Za-z0-9_.-]+)?|https?://[^\s()<>\[\]\\`*_&\0]+)\)")
_PLAIN_EMPHASIS = re.compile(r"(?<![^\s(\"“‘\0])(\*\*?)([^\s*\0\[\]()](?:[^*\[\]()\n]*?[^\s*\0\[\]()])?)\1"
                             r"(?![^\s.,;:!?)\"”’\0])")
# anything else that may be markup once the links and emphasis are read: a character that opens
# an inline rule; a line that may open a block (a list, heading, quote, fence, table, setext
# underline or `:::` container; a marker, "[[", opens none: a reference definition's label holds
# no "["); a blank line. (A "\r" is a line's end to markdown-it too: such a text is parsed.)
_MAYBE_INLINE = re.compile(r"[\\`*_\[\]<>&|~]")
_BLOCK_FIRST = frozenset(" \t-+#>=:0123456789")     # a first character _MAYBE_BLOCK may match at
_MAYBE_BLOCK = re.compile(r"^[ \t]*(?:[-+#>=:]|\d{1,9}[.)])|\n\s*\n", re.MULTILINE)


def _plain_words(text: str) -> str | None:
    """The words of `text` as `_parsed_words` reads them, without a parse, or None when it may
    hold other markup. A marker is what `MARKER_RE` matches: where the parse reads no marker
    there (in a code span, after a backslash, in a link's target), something else is markup."""
    # may be an indented code block (the spaces before a marker go); a NUL markdown-it reads as U+FFFD
    if text[:1].isspace() or "\0" in text or "\r" in text:
        return None
    pieces: list[str] = []
    last = 0
    for match in MARKER_RE.finditer(text) if MARKER_START in text else ():
        # "words [[cite:...]]" reads "words": the cite rule drops the spaces before a marker
        pieces += [text[last:match.start()].rstrip(" "), "\0"]
        last = match.end()
    words = "".join(pieces) + text[last:]
    if "](" in words:               # (the searches cost more than these tests)
        words = _PLAIN_LINK.sub(_group_1, words)
    if "*" in words:
        words = _PLAIN_EMPHASIS.sub(_group_2, words)
    if _MAYBE_INLINE.search(words) or (("\n" in words or words[:1] in _BLOCK_FIRST) and _MAYBE_BLOCK.search(words)):
        return None
    return words.replace("\0", "")


def _group_2(match: re.Match[str]) -> str:
    return match.group(2)
