"""Per-page citation bookkeeping: numbers, markers, the reference list.

A page gets one `PageNotes`; every marker rendered on it asks for a number here.
The same passage cited twice on a page reuses its number (as Wikipedia's named refs do).
What a page cited is also how source pages learn their backlinks.

This module computes what a marker and a reference show (`Marker`, `Preview`, `Reference`);
the theme draws them: the macros `marker` and `preview` of `partials/marker.html` (called from
here, once per marker, inside any text), the reference list in `partials/references.html`.
"""
from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup

from .. import i18n, urls
from ..resolve.anchoring import Anchor, text_fragment
from . import links
from .templates import template_deps

MARKER_TEMPLATE = "partials/marker.html"
_PREVIEWS = 1 << 17     # previews kept per drawing: a thousand articles have 300,000 markers


@dataclass(frozen=True)
class Preview:
    """What a marker's preview shows of its passage: the same on every page that cites it."""

    source_label: str
    lang: Markup         # ' lang="en"' on the article's words when they are not in the site's language, or ""
    before: str          # a few whole words of context before the quote (none across a paragraph break)
    exact: str           # the quote
    after: str           # and after it


@dataclass(frozen=True)
class Marker:
    """One citation marker on a page, for the theme's `marker` macro."""

    number: int
    id: str              # unique on the page: the passage's first marker has `Note.marker_id`, the next "-2", ...
    href: str            # the passage on its source page, with a text fragment
    source: str          # the source's id ("s003")
    preview: Markup      # the passage's preview, drawn by the theme's `preview` macro


@dataclass(frozen=True)
class Reference:
    """One entry of a page's reference list, in number order."""

    number: int
    id: str              # "ref-3"
    marker_id: str       # the first marker citing it: the entry's link back
    source: str
    source_label: str
    exact: str
    href: str


@dataclass
class Note:
    number: int
    anchor: Anchor
    source_label: str
    uses: int = 0

    @property
    def marker_id(self) -> str:
        """Stable id of the first marker for this passage on its page: backlinks land here."""
        return f"cite-{self.anchor.source}-{self.anchor.passage_id}"


class MarkerDrawing:
    """The theme's marker macros, made once per environment and language, and the previews they
    drew. The template's module is made with the language active, so what its top level
    translates ({% set label = _("source") %}) is translated once, not once per marker (a
    translated string costs more than the rest of a marker). A preview is drawn once per passage
    (a passage is cited on many pages, often several times)."""

    def __init__(self, env: jinja2.Environment):
        template = env.get_template(MARKER_TEMPLATE)
        module = template.make_module()
        self.marker: Callable[[Marker], Markup] = _macro(module, template, "marker")
        self._preview: Callable[[Preview], Markup] = _macro(module, template, "preview")
        self.deps = template_deps(env, MARKER_TEMPLATE)      # a page with a marker depends on these
        self._previews: dict[tuple[Anchor, str, str], Markup] = {}

    def preview(self, anchor: Anchor, source_label: str, lang: Markup) -> Markup:
        key = (anchor, source_label, lang)
        drawn = self._previews.get(key)
        if drawn is None:
            if len(self._previews) >= _PREVIEWS:
                self._previews.clear()
            drawn = self._previews[key] = self._preview(
                Preview(source_label, lang, _trim_left(anchor.prefix), anchor.exact, _trim_right(anchor.suffix)))
        return drawn


def _macro(module: Any, template: jinja2.Template, name: str) -> Callable:
    macro = getattr(module, name, None)
    if not callable(macro):
        raise jinja2.TemplateAssertionError(f"{MARKER_TEMPLATE} must define the macro '{name}'", 1,
                                            MARKER_TEMPLATE, template.filename)
    return macro


# environment -> (language, its catalogs) -> drawing; a changed template makes a new environment
_DRAWINGS: weakref.WeakKeyDictionary[jinja2.Environment, dict[tuple[object, ...], MarkerDrawing]] = \
    weakref.WeakKeyDictionary()


def marker_drawing(env: jinja2.Environment) -> MarkerDrawing:
    """The drawing for the active language (a page is rendered with its site's language active).
    Keyed by the catalogs too: an edited catalog translates the markers again."""
    locale = i18n.current_locale()
    key = (locale, i18n.translations(locale))
    per_language = _DRAWINGS.setdefault(env, {})
    if key not in per_language:
        per_language[key] = MarkerDrawing(env)
    return per_language[key]


@dataclass
class PageNotes:
    page: str                                  # site-root path of the page being rendered
    source_labels: Mapping[str, str]           # (a page's records each label it reads)
    source_langs: Mapping[str, Markup]         # source id -> its lang attribute (views.common.lang_attr)
    env: jinja2.Environment                    # the theme's: it draws the markers
    deps: set[str]                             # the page's dependency keys (PageContext.deps)
    notes: dict[tuple[str, str], Note] = field(default_factory=dict)
    _drawing: MarkerDrawing | None = field(default=None, init=False, repr=False)

    def note(self, anchor: Anchor) -> Note:
        key = (anchor.source, anchor.passage_id)
        if key not in self.notes:
            self.notes[key] = Note(len(self.notes) + 1, anchor, self.source_labels[anchor.source])
        return self.notes[key]

    def passage_href(self, anchor: Anchor, fragment: bool = True) -> str:
        href = urls.relative(self.page, urls.passage(anchor.source, anchor.passage_id))
        return links.Href(href + text_fragment(anchor.exact) if fragment else href)   # recorded where written

    def marker(self, anchor: Anchor) -> Markup:
        """The marker of a citation of `anchor`, as the theme draws it."""
        drawing = self._drawing
        if drawing is None:          # the page's first marker: it now shows the marker templates
            drawing = self._drawing = marker_drawing(self.env)
            self.deps.update(drawing.deps)
        note = self.note(anchor)
        note.uses += 1
        marker_id = note.marker_id if note.uses == 1 else f"{note.marker_id}-{note.uses}"
        return drawing.marker(Marker(note.number, marker_id, self.passage_href(anchor), anchor.source,
                                     drawing.preview(anchor, note.source_label, self.source_langs[anchor.source])))

    def references(self) -> list[Reference]:
        """The reference list, for the template: in number order."""
        return [Reference(n.number, f"ref-{n.number}", n.marker_id, n.anchor.source, n.source_label,
                          n.anchor.exact, self.passage_href(n.anchor))
                for n in sorted(self.notes.values(), key=lambda n: n.number)]


def _trim_left(prefix: str) -> str:
    """A few whole words of context before the quote, never across a paragraph break."""
    prefix = prefix.rsplit("\n\n", 1)[-1]
    return prefix.split(" ", 1)[1] if " " in prefix and len(prefix) >= 24 else prefix


def _trim_right(suffix: str) -> str:
    suffix = suffix.split("\n\n", 1)[0]
    return suffix.rsplit(" ", 1)[0] if " " in suffix and len(suffix) >= 24 else suffix
