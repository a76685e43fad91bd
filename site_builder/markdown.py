"""Markdown for pages and YAML text fields, with one plugin per job.

`cite_plugin` turns `[[cite:...]]` into a token; rendering it asks the page's
`PageNotes` for the marker, so numbering is per page. Raw HTML is disabled:
content can never inject markup or script.
"""
from __future__ import annotations

from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markupsafe import Markup

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
    for block in state.tokens:
        if block.type == "heading_open":
            linked = set()
        if block.type != "inline" or not block.children:
            continue
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


def make_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.enable(["replacements", "smartquotes", "table"])
    md.use(cite_plugin)
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
