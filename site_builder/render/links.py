"""The links a page makes and the ids it has, recorded while it renders (Zola's model).

The link check (write/linkcheck.py) reads these records instead of the written HTML. Each
page renders inside `recording()`; what writes an `href`, `src`, `cite` or `id` records it there:

- templates, by construction: `LinkRecording` (a Jinja extension) compiles every `href="…"`,
  `src="…"`, `cite="…"` and `id="…"` of a template - literal, or made of `{{ … }}` parts, quoted either
  way - into a call that records the value as it is written. A template cannot write one
  of these attributes past the record, and an attribute in a branch not taken is not
  recorded (reading a template's literal ids once would declare ids a page may not have);
- HTML made in Python (citation markers, highlighted passages, charts, the authors' text):
  the code that writes the attribute passes its value through `link` or `anchor`; where a
  view may make HTML it does not show (the authors' text), it is made `collected`: the record
  goes with the HTML and counts where the HTML is written.

A value is recorded as it means (character references resolved), which is how the checker
and the browser read it. tests/test_link_recording.py scans the real site's pages with the
old scanner and compares: a link or an id written past the record fails it.
"""
from __future__ import annotations

import html
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from jinja2 import Environment, pass_context
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.runtime import Context
from markupsafe import Markup, escape

# the attributes the checker reads: a link (`href`, `src`, a quotation's `cite`) or a fragment
# a link can name (`id`); write/linkcheck.py's scan reads the same
LINK_ATTRIBUTES = ("href", "src", "cite")
ID_ATTRIBUTE = "id"


@dataclass
class PageLinks:
    """What one page wrote: its links (as written, references resolved) and its ids."""

    links: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)


# the page being rendered (one at a time per thread of control; None: nothing records)
_current: ContextVar[PageLinks | None] = ContextVar("page_links", default=None)


@contextmanager
def recording() -> Iterator[PageLinks]:
    """Record the links and ids written until the block ends (a page's view and template)."""
    record = PageLinks()
    token = _current.set(record)
    try:
        yield record
    finally:
        _current.reset(token)


def link(href: str) -> str:
    """`href`, recorded as a link of the page being rendered: for HTML written in Python."""
    record = _current.get()
    if record is not None:
        record.links.add(sys.intern(str.__str__(href)))
    return href


def anchor(value: str) -> str:
    """`value`, recorded as an id of the page being rendered: for HTML written in Python."""
    record = _current.get()
    if record is not None:
        record.ids.add(sys.intern(str.__str__(value)))
    return value


def record_written(links: Iterable[str], ids: Iterable[str]) -> None:
    """Links and ids written into HTML in Python, each as it means, recorded at once (a block of
    an article: render/ranges.py's `draw`)."""
    record = _current.get()
    if record is not None:
        record.links.update(links)
        record.ids.update(ids)


class Href(str):
    """A link made in Python, recorded where it is escaped into HTML (the page writes it), not
    where it is made: a view may make a link its template does not write."""

    def __html__(self) -> str:
        link(self)
        return str(escape(str.__str__(self)))


class Recorded(Markup):
    """HTML made in Python, with the links and ids in it: they are recorded for the page where
    it is written (escaped into a template, or into Markup), not where it was made - a view
    may make a text that its template shows only as plain words (an embedded card's note)."""

    written: PageLinks | None = None       # None: made by a Markup operation, which keeps no record

    def __html__(self) -> Markup:  # type: ignore[override]  # plain Markup: written once, recorded once
        record = _current.get()
        if record is not None and self.written is not None:
            record.links |= self.written.links
            record.ids |= self.written.ids
        return Markup(str.__str__(self))


def collected(make: Callable[[], Markup]) -> Markup:
    """`make()`, with the links and ids recorded while it runs kept with the HTML it returns."""
    record = PageLinks()
    token = _current.set(record)
    try:
        made = make()
    finally:
        _current.reset(token)
    if not record.links and not record.ids:
        return made
    out = Recorded(made)
    out.written = record
    return out


@pass_context
def _written(context: Context, name: str, *parts: object) -> Markup:
    """An attribute's value as a template writes it, recorded. `parts` alternate the template's
    own text (HTML already) and the values of its `{{ … }}` (escaped, as Jinja escapes them).
    A filter, not a global function: the compiled template calls it directly (a global goes
    through Jinja's `Context.call` and a name look-up per macro call; a source page writes
    thousands of ids). It takes the context only so that Jinja never runs it at compile
    time: `id="literal"` has constant arguments, and must be recorded by every page writing it."""
    meant: str | None = None          # the value as it means, when known without reading the HTML
    if len(parts) == 3 and not parts[0] and not parts[2]:      # the common cases: href="{{ x }}",
        value = escape(parts[1])
        if type(parts[1]) is str:      # plain text: escaped, then read back, it is itself
            meant = parts[1]
    elif len(parts) == 1:                                      # and id="literal"
        value = Markup(parts[0])
    else:
        value = Markup("".join(part if k % 2 == 0 else escape(part) for k, part in enumerate(parts)))  # type: ignore[misc]
    record = _current.get()
    if record is not None:
        if meant is None:
            text = str.__str__(value)
            meant = html.unescape(text) if "&" in text else text
        # interned: the same navigation link, written on every page of a folder, is kept once
        (record.ids if name == ID_ATTRIBUTE else record.links).add(sys.intern(meant))
    return value


_RECORD = "__record_attribute"
# an attribute the checker reads, opening in a template's text (after whitespace: not `data-id=`)
_OPENING = re.compile(rf"""(?<=\s)({'|'.join((*LINK_ATTRIBUTES, ID_ATTRIBUTE))})=(["'])""")


class LinkRecording(Extension):
    """Compiles each `href`/`src`/`cite`/`id` attribute of a template into a recorded write (see
    the module docstring). A value with a `{% … %}` inside, and anything in a `{% trans %}` block,
    is left as it is: it is not recorded, and the recording test names the page that writes it."""

    def __init__(self, environment: Environment):
        super().__init__(environment)
        environment.filters[_RECORD] = _written

    def filter_stream(self, stream: TokenStream) -> Iterable[Token]:
        tokens = list(stream)
        out: list[Token] = []
        i, translated = 0, False
        while i < len(tokens):
            token = tokens[i]
            if token.type == "block_begin" and i + 1 < len(tokens) and tokens[i + 1].value in ("trans", "endtrans"):
                # a {% trans %} block holds only text and plain {{ names }}: it is left as written
                translated = tokens[i + 1].value == "trans"
            if token.type != "data" or translated:
                out.append(token)
                i += 1
                continue
            text, pos = token.value, 0
            while (opening := _OPENING.search(text, pos)) is not None:
                name, quote, start = opening.group(1), opening.group(2), opening.end()
                end = text.find(quote, start)
                if end != -1:                               # a literal value
                    out += [_data(token, text[pos:start]), *_call(token.lineno, name, [text[start:end]])]
                    pos = end
                    continue
                found = _value_tokens(tokens, i + 1, quote, text[start:])
                if found is None:                          # not a value this can record
                    break
                parts, j, rest = found
                out += [_data(token, text[pos:start]), *_call(token.lineno, name, parts)]
                # go on in the token the value ends in, from its closing quote
                tokens[j] = Token(tokens[j].lineno, "data", rest)
                i, token, text, pos = j, tokens[j], rest, 0
            out.append(_data(token, text[pos:]))
            i += 1
        return iter(out)


def _value_tokens(tokens: list[Token], j: int, quote: str, text: str) -> tuple[list, int, str] | None:
    """An attribute's value that begins with `text` and goes on from token `j`: its parts
    (alternately text and a `{{ … }}` expression's tokens), the index of the text token holding
    its closing quote and that token's text from the quote on; None if a `{% … %}` comes first."""
    parts: list = [text]
    while j < len(tokens):
        token = tokens[j]
        if token.type == "variable_begin":
            end = next(k for k in range(j, len(tokens)) if tokens[k].type == "variable_end")
            if len(parts) % 2 == 0:
                parts.append("")
            parts.append(tokens[j + 1:end])
            j = end + 1
        elif token.type == "data":
            end = token.value.find(quote)
            text = token.value if end == -1 else token.value[:end]
            if len(parts) % 2 == 0:
                parts.append(text)
            else:
                parts[-1] += text
            if end != -1:
                return parts, j, token.value[end:]
            j += 1
        else:
            return None
    return None


def _data(token: Token, text: str) -> Token:
    return Token(token.lineno, "data", text)


def _call(lineno: int, name: str, parts: list) -> list[Token]:
    """`{{ name|__record_attribute(text, (expression), text, …) }}` as tokens: `parts` starts
    with text; a list of tokens is an expression."""
    if len(parts) % 2 == 0:
        parts = [*parts, ""]
    out = [Token(lineno, "variable_begin", "{{"), Token(lineno, "string", name), Token(lineno, "pipe", "|"),
           Token(lineno, "name", _RECORD), Token(lineno, "lparen", "(")]
    for k, part in enumerate(parts):
        if k:
            out.append(Token(lineno, "comma", ","))
        if isinstance(part, str):
            out.append(Token(lineno, "string", part))
        else:
            out += [Token(lineno, "lparen", "("), *part, Token(lineno, "rparen", ")")]
    out += [Token(lineno, "rparen", ")"), Token(lineno, "variable_end", "}}")]
    return out
