"""Per-page citation bookkeeping: numbers, marker HTML, the reference list.

A page gets one `PageNotes`; every marker rendered on it asks for a number here.
The same passage cited twice on a page reuses its number (as Wikipedia's named refs do).
What a page cited is also how source pages learn their backlinks.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from .. import urls
from ..i18n import N_, gettext
from ..resolve.anchoring import Anchor, text_fragment
from . import links

_SOURCE = N_("source")    # before a marker's number, for a screen reader


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


@dataclass
class PageNotes:
    page: str                                  # site-root path of the page being rendered
    source_labels: Mapping[str, str]          # (a page's records each label it reads)
    notes: dict[tuple[str, str], Note] = field(default_factory=dict)

    def note(self, anchor: Anchor) -> Note:
        key = (anchor.source, anchor.passage_id)
        if key not in self.notes:
            self.notes[key] = Note(len(self.notes) + 1, anchor, self.source_labels[anchor.source])
        return self.notes[key]

    def passage_href(self, anchor: Anchor, fragment: bool = True) -> str:
        href = urls.relative(self.page, urls.passage(anchor.source, anchor.passage_id))
        return links.Href(href + text_fragment(anchor.exact) if fragment else href)   # recorded where written

    def marker(self, anchor: Anchor) -> Markup:
        note = self.note(anchor)
        note.uses += 1
        marker_id = escape(note.marker_id if note.uses == 1 else f"{note.marker_id}-{note.uses}")
        # an f-string over escaped parts: Markup.format costs ~10x more, once per marker of the site
        return Markup(
            f'<span class="cite"><a class="cite-link" href="{escape(self.passage_href(anchor))}" id="{links.anchor(marker_id)}" '
            f'aria-describedby="{marker_id}-preview"><span class="visually-hidden">{escape(gettext(_SOURCE))} </span>{note.number}</a>'
            f'<span class="cite-preview" role="tooltip" id="{links.anchor(f"{marker_id}-preview")}">'
            f'{_preview(anchor, note.source_label)}</span></span>')

    def references(self) -> list[dict]:
        """The reference list, for the template: in number order."""
        return [{"number": n.number, "id": f"ref-{n.number}", "marker_id": n.marker_id,
                 "source": n.anchor.source, "source_label": n.source_label, "exact": n.anchor.exact,
                 "href": self.passage_href(n.anchor)}
                for n in sorted(self.notes.values(), key=lambda n: n.number)]


@functools.lru_cache(maxsize=1 << 17)
def _preview(anchor: Anchor, source_label: str) -> str:
    """A marker's preview of its passage: the same for every marker of the passage, on every
    page (made once: a thousand articles have 300,000 markers)."""
    return (f'<span class="cite-source">{escape(source_label)}</span> <span class="cite-context">…'
            f'{escape(_trim_left(anchor.prefix))}<mark>{escape(anchor.exact)}</mark>{escape(_trim_right(anchor.suffix))}…</span>')


def _trim_left(prefix: str) -> str:
    """A few whole words of context before the quote, never across a paragraph break."""
    prefix = prefix.rsplit("\n\n", 1)[-1]
    return prefix.split(" ", 1)[1] if " " in prefix and len(prefix) >= 24 else prefix


def _trim_right(suffix: str) -> str:
    suffix = suffix.split("\n\n", 1)[0]
    return suffix.rsplit(" ", 1)[0] if " " in suffix and len(suffix) >= 24 else suffix

