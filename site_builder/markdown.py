"""Markdown for pages and YAML text fields, with one plugin per job.

`cite_plugin` turns `[[cite:...]]` into a token; rendering it asks the page's
`PageNotes` for the marker, so numbering is per page. Raw HTML is disabled:
content can never inject markup or script.
"""
from __future__ import annotations

import functools
import re
from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markupsafe import Markup
from mdit_py_plugins.container import container_plugin

from .citations import MARKER_RE, MARKER_START, unescape_quote

# env["cite"] is called with (source, quote) and returns the marker HTML.
CiteRenderer = Callable[[str, str], str]


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
        token.meta = {"source": match.group(1), "quote": unescape_quote(match.group(2))}
    state.pos = match.end()
    return True


def cite_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "cite", _cite_rule)

    def render_cite(self, tokens, idx, options, env):
        meta = tokens[idx].meta
        return str(env["cite"](meta["source"], meta["quote"]))

    md.add_render_rule("cite", render_cite)


def _link_mentions(state) -> None:
    """Core rule: link the first mention of each person or organization in each section.

    A section restarts at every heading. Text already inside a link is left alone.
    """
    matcher = state.env.get("mentions")
    if matcher is None:
        return
    skip = state.env.get("skip_entity")
    linked: set = set()
    in_heading = False
    for block in state.tokens:
        if block.type == "heading_open":
            linked = set()
        in_heading = block.type == "heading_open" or (in_heading and block.type != "heading_close")
        if block.type != "inline" or not block.children or in_heading:
            continue  # headings stay plain text: a link there would steal the section's first mention
        children, depth = [], 0
        for token in block.children:
            if token.type == "link_open":
                depth += 1
            elif token.type == "link_close":
                depth -= 1
            if token.type != "text" or depth or block.level is None:
                children.append(token)
                continue
            children.extend(_split_text(token, matcher, linked, skip, state))
        block.children = children


def _split_text(token, matcher, linked: set, skip, state) -> list:

    out, last, text = [], 0, token.content
    for start, end, entity in matcher.find(text):
        if entity in linked or entity == skip:
            continue
        linked.add(entity)
        if start > last:
            out.append(_text_token(text[last:start]))
        href = state.env["link_entity"](*entity)
        opening = Token("link_open", "a", 1, attrs={"href": href, "class": "entity"})
        out += [opening, _text_token(text[start:end]), Token("link_close", "a", -1)]
        last = end
    if not out:
        return [token]
    if last < len(text):
        out.append(_text_token(text[last:]))
    return out


def _text_token(content: str):

    token = Token("text", "", 0)
    token.content = content
    return token


def _render_editorial(self, tokens, idx, options, env):
    """`::: editorial` ... `:::` marks the editors' own judgement, visibly labelled."""
    if tokens[idx].nesting == 1:
        # role="note": a page may hold several, and same-named landmarks would fail axe's landmark-unique
        return ('<aside class="editorial" role="note" aria-label="Editors\' commentary">\n'
                '<p class="editorial-label"><strong>Editors\' view.</strong> Commentary, not reporting.</p>\n')
    return "</aside>\n"


@functools.lru_cache(maxsize=256)  # pure in its text; the dev server re-checks unchanged pages
def uncited_paragraphs(text: str) -> tuple[tuple[int, str], ...]:
    """(line, opening words) of every paragraph outside `::: editorial` with no citation marker.

    Paragraphs that are only links (navigation, a who's-who line) carry no claim and pass.
    """
    tokens = _MD.parse(text, {"cite": lambda s, q: ""})
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


REF_KINDS = ("person", "organization", "claim", "source", "page", "event")
REF_LINK_RE = re.compile(r"\]\((" + "|".join(REF_KINDS) + r"):([A-Za-z0-9_-]+)(#[A-Za-z0-9_-]+)?\)")


def _resolve_ref_links(state) -> None:
    """Core rule: `[text](person:alexandr-wang)` -> a relative link to that record's page.

    Authors link by id, never by file path, so moving a page never breaks a link and a
    misspelled id is a build error (checked in resolve) instead of a 404.
    """
    resolve = state.env.get("ref_href")
    if resolve is None:
        return
    for block in state.tokens:
        for token in block.children or ():
            if token.type == "link_open":
                href = str(token.attrGet("href") or "")
                kind, _, rest = href.partition(":")
                if kind in REF_KINDS and rest:
                    record_id, _, fragment = rest.partition("#")
                    token.attrSet("href", resolve(kind, record_id, fragment))


def make_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    # id links ("person:alexandr-wang") must pass markdown-it's URL safety check
    default_validate = md.validateLink
    md.validateLink = lambda url: url.split(":", 1)[0] in REF_KINDS or default_validate(url)
    md.enable(["replacements", "smartquotes", "table"])
    md.use(cite_plugin)
    md.use(container_plugin, "editorial", render=_render_editorial)
    md.core.ruler.push("ref_links", _resolve_ref_links)
    md.core.ruler.push("link_mentions", _link_mentions)
    return md


_MD = make_markdown()


def render_block(text: str, env: dict) -> Markup:
    return Markup(_MD.render(text, env))


def render_inline(text: str, env: dict) -> Markup:
    return Markup(_MD.renderInline(text, env))


def parse(text: str, env: dict):
    return _MD.parse(text, env)


def render_tokens(tokens, env: dict) -> Markup:
    return Markup(_MD.renderer.render(tokens, _MD.options, env))
