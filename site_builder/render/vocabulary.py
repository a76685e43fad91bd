"""The words the site uses for comparisons: one place for every status and badge label.

Templates never spell these out; views pass them in (see `badge`).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..resolve.comparisons import (
    AGREE,
    AGREES,
    APPROXIMATE,
    APPROXIMATES,
    COMPATIBLE_CELL,
    COMPATIBLE_STATUS,
    CONFLICT,
    CONFLICTS,
    DIFFERS,
    FITS_BOTH,
    ONE_OF,
    ONLY,
    SINGLE,
    ComparedStatement,
    Comparison,
)


@dataclass(frozen=True)
class Label:
    text: str       # what a reader sees
    icon: str       # a symbol beside it, never the only signal (colour neither)
    explain: str = ""


STATUS = {
    CONFLICT: Label("Sources conflict", "≠", "at least two articles give answers that cannot both be true"),
    COMPATIBLE_STATUS: Label("Compatible accounts", "∥",
                             "the articles' answers differ but can all be true: one is more detailed, or covers "
                             "another aspect"),
    APPROXIMATE: Label("Approximately agree", "≈", "the same quantity, rounded or hedged within the tolerances"),
    AGREE: Label("Sources agree", "=", "every article that answers gives the same answer"),
    SINGLE: Label("Single source", "1", "only one article answers"),
}
CELL = {
    AGREES: Label("Agrees", "✓"),
    DIFFERS: Label("Differs", "✗"),
    APPROXIMATES: Label("Approximately agrees", "≈"),
    COMPATIBLE_CELL: Label("Compatible", "∥"),
    ONE_OF: Label("One of several accounts", "◇"),
    FITS_BOTH: Label("Fits both accounts", "⋈", "its value fits two accounts that conflict, so it takes neither "
                     "side and is not counted for the majority"),
    ONLY: Label("Only source", "1"),
    "silent": Label("Silent", "–"),
}
# how a date read against the article's own date says so, beside the site's reading of it
DERIVED = {"year": "the year is the article's own (its date), which the passage leaves out",
           "relative": "worked out from the article's date"}
RELATION = {APPROXIMATE: "approximately the same", COMPATIBLE_CELL: "compatible", CONFLICTS: "in conflict"}


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def badge(comparison: Comparison, statement: ComparedStatement) -> str:
    """A statement's badge, always relative to the other articles: 'Agrees with the 2 others',
    'Differs from the 3 that agree', 'One of 3 accounts'."""
    cell = statement.cell
    total = len(comparison.statements)
    if cell == ONLY:
        return "The only article to answer"
    if cell == FITS_BOTH:
        fitted = [comparison.position(pid).label for pid in comparison.fitted(statement.position)]
        if statement.value is None:        # the editors' labels, quoted; values read as they are
            fitted = [f"“{label}”" for label in fitted]
        if len(fitted) == 2:
            return f"Fits both {fitted[0]} and {fitted[1]}: takes neither side"
        return f"Fits {len(fitted)} accounts that conflict: takes no side"
    if cell == AGREES:
        n = len(statement.peers)
        if n == total - 1:
            return "Agrees with the other article" if n == 1 else f"Agrees with the {n} others"
        return f"Agrees with {_count(n, 'other article', 'other articles')}"
    majority = comparison.majority_size
    agreeing = ("that agrees" if majority == 1 else "that agree") if comparison.majority else "that roughly agree"
    in_bloc = statement.position in comparison.bloc
    if cell == DIFFERS:
        return f"Differs from the {_count(majority, 'article', 'articles')} {agreeing}"
    if cell == APPROXIMATES:
        if in_bloc:
            return f"Approximately agrees with {_count(majority - 1, 'other article', 'other articles')}"
        if comparison.bloc:
            return f"Approximately agrees with the {_count(majority, 'article', 'articles')} {agreeing}"
        return "Approximately agrees with the others"
    if cell == COMPATIBLE_CELL:
        return (f"Compatible with the {_count(majority, 'article', 'articles')} {agreeing}" if comparison.bloc
                else "Compatible with the others")
    shared = len(statement.peers)
    text = f"One of {len(comparison.positions)} accounts"
    return text + (f", shared by {_count(shared + 1, 'article', 'articles')}" if shared else "")


# the charts' words (render/charts.py draws them; these say what they show)
CHART_TITLE = {"money": "Each article’s amount on one scale", "percent": "Each article’s percentage on one scale",
               "count": "Each article’s number on one scale", "date": "Each article’s date on one calendar"}


def chart_shared_label(count: int, total: int, words: str, exact: bool) -> str:
    """The mark of the majority's answer: '3 of 4: $2 billion', '2 of 3, roughly'."""
    if exact:
        return f"{count} of {total}: {words}"
    return f"{count} of {total}, roughly"


# the words of the embeddable cards and of a page's "Embed" section (render/views/embed.py)
EMBED = {
    "full_comparison": "Full comparison",
    "key_figures": "Key figures",
    "full_figures": "All comparisons",
    "timeline": "Timeline",
    "strip_caption": "Every event on one strip, each mark as wide as its date is precise: a day, a month, part of "
                     "a year or a whole year. A date no article states is hatched. The numbers follow the list "
                     "of events.",
    "full_timeline": "Full timeline",
    "editors_note": "Editors' note",
    "note_more": "The whole note, with its sources",
    "from": "From",
    "no_majority": "No majority",
    "events": "Events",
    "section_title": "Embed this comparison",
    "summary": "Embed code for your article",
    "code_label": "Embed code (HTML)",
    "copy_code": "Copy the code",
    "copied": "Copied",
    "preview": "Preview the card",
    "oembed": "Or paste this page's address into a CMS that reads oEmbed: it finds the card by itself.",
    "how": "Paste the code into an HTML block of your article. The card keeps its citations and "
           "links back here; the script lets it take the height of its content.",
    "no_base_url": "Embed code needs the site's public address, and this copy of the site was built "
                   "without one (base_url): the card can be previewed, not embedded.",
    "other_cards": "Also embeddable:",
}


def year_span(first: int, last: int) -> str:
    """The years a timeline covers: 'in 2022', 'from 2021 to 2022'."""
    return f"in {first}" if first == last else f"from {first} to {last}"


# a record `site-builder draft` proposed, not yet reviewed (`draft: true`)
DRAFT = Label("Draft", "✎", "proposed from the articles by a drafting tool; the editors have not reviewed it yet")
