"""The words the site uses for comparisons: one place for every status and badge label.

Templates never spell these out; views pass them in (see `badge`). Every label here is a msgid
(marked `N_`): it is translated where it is shown, in the page's locale (i18n.py), so a table
read at import time holds the builder's English and a page shows the catalog's words. A new
label is one entry here plus one msgid in each catalog (tests/test_i18n.py lists what is missing).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ..i18n import N_, N_plural, count, format_number, gettext, ngettext
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
    text: str       # what a reader sees (a msgid: templates show `_(label.text)`)
    icon: str       # a symbol beside it, never the only signal (colour neither)
    explain: str = ""   # a msgid too


STATUS = {
    CONFLICT: Label(N_("Sources conflict"), "≠", N_("at least two articles give answers that cannot both be true")),
    COMPATIBLE_STATUS: Label(N_("Compatible accounts"), "∥",
                             N_("the articles' answers differ but can all be true: one is more detailed, or covers "
                                "another aspect")),
    APPROXIMATE: Label(N_("Approximately agree"), "≈", N_("the same quantity, rounded or hedged within the tolerances")),
    AGREE: Label(N_("Sources agree"), "=", N_("every article that answers gives the same answer")),
    SINGLE: Label(N_("Single source"), "1", N_("only one article answers")),
}
CELL = {
    AGREES: Label(N_("Agrees"), "✓"),
    DIFFERS: Label(N_("Differs"), "✗"),
    APPROXIMATES: Label(N_("Approximately agrees"), "≈"),
    COMPATIBLE_CELL: Label(N_("Compatible"), "∥"),
    ONE_OF: Label(N_("One of several accounts"), "◇"),
    FITS_BOTH: Label(N_("Fits both accounts"), "⋈", N_("its value fits two accounts that conflict, so it takes neither "
                                                       "side and is not counted for the majority")),
    ONLY: Label(N_("Only source"), "1"),
    "silent": Label(N_("Silent"), "–"),
}
# how a date read against the article's own date says so, beside the site's reading of it
DERIVED = {"year": N_("the year is the article's own (its date), which the passage leaves out"),
           "relative": N_("worked out from the article's date")}
RELATION = {APPROXIMATE: N_("approximately the same"), COMPATIBLE_CELL: N_("compatible"), CONFLICTS: N_("in conflict")}

# counted nouns: ui.plural(n, "article") in templates shows count(n, *COUNTS["article"]) -> '3 articles'
COUNTS = {
    "article": N_plural("%(num)s article", "%(num)s articles"),
    "more article": N_plural("%(num)s more article", "%(num)s more articles"),
    "event": N_plural("%(num)s event", "%(num)s events"),
    "question": N_plural("%(num)s question", "%(num)s questions"),
    "mention": N_plural("%(num)s mention", "%(num)s mentions"),
    "more mention": N_plural("%(num)s more mention", "%(num)s more mentions"),
    "passage": N_plural("%(num)s passage", "%(num)s passages"),
    "page": N_plural("%(num)s page", "%(num)s pages"),
    "organization": N_plural("%(num)s organization", "%(num)s organizations"),
    "date": N_plural("%(num)s date", "%(num)s dates"),
    "person": N_plural("%(num)s person", "%(num)s people"),
}


def badge(comparison: Comparison, statement: ComparedStatement) -> str:
    """A statement's badge, always relative to the other articles: 'Agrees with the 2 others',
    'Differs from the 3 that agree', 'One of 3 accounts'. Whole sentences per case: a language
    does not build them from the same pieces as English."""
    cell = statement.cell
    total = len(comparison.statements)
    if cell == ONLY:
        return gettext("The only article to answer")
    if cell == FITS_BOTH:
        fitted = [comparison.position(pid).label for pid in comparison.fitted(statement.position)]
        if statement.value is None:        # the editors' labels, quoted; values read as they are
            fitted = [gettext("“%(label)s”") % {"label": label} for label in fitted]
        if len(fitted) == 2:
            return gettext("Fits both %(a)s and %(b)s: takes neither side") % {"a": fitted[0], "b": fitted[1]}
        return count(len(fitted), *N_plural("Fits %(num)s account that conflicts: takes no side",
                                            "Fits %(num)s accounts that conflict: takes no side"))
    if cell == AGREES:
        n = len(statement.peers)
        return count(n, *N_plural("Agrees with the other article", "Agrees with the %(num)s others")) \
            if n == total - 1 else count(n, *N_plural("Agrees with %(num)s other article",
                                                      "Agrees with %(num)s other articles"))
    majority = comparison.majority_size
    exact = comparison.majority is not None
    in_bloc = statement.position in comparison.bloc
    if cell == DIFFERS:
        return count(majority, *N_plural("Differs from the %(num)s article that agrees",
                     "Differs from the %(num)s articles that agree")) if exact else \
            count(majority, *N_plural("Differs from the %(num)s article that roughly agrees",
                  "Differs from the %(num)s articles that roughly agree"))
    if cell == APPROXIMATES:
        if in_bloc:
            return count(majority - 1, *N_plural("Approximately agrees with %(num)s other article",
                         "Approximately agrees with %(num)s other articles"))
        if comparison.bloc:
            return count(majority, *N_plural("Approximately agrees with the %(num)s article that agrees",
                         "Approximately agrees with the %(num)s articles that agree")) if exact else \
                count(majority, *N_plural("Approximately agrees with the %(num)s article that roughly agrees",
                      "Approximately agrees with the %(num)s articles that roughly agree"))
        return gettext("Approximately agrees with the others")
    if cell == COMPATIBLE_CELL:
        if not comparison.bloc:
            return gettext("Compatible with the others")
        return count(majority, *N_plural("Compatible with the %(num)s article that agrees",
                     "Compatible with the %(num)s articles that agree")) if exact else \
            count(majority, *N_plural("Compatible with the %(num)s article that roughly agrees",
                  "Compatible with the %(num)s articles that roughly agree"))
    shared = len(statement.peers)
    accounts = len(comparison.positions)
    if not shared:
        return count(accounts, *N_plural("One of %(num)s account", "One of %(num)s accounts"))
    return ngettext(*N_plural("One of %(accounts)s accounts, shared by %(num)s article",
                              "One of %(accounts)s accounts, shared by %(num)s articles"), shared + 1) % {
        "accounts": format_number(accounts), "num": format_number(shared + 1)}


# the charts' words (render/charts.py draws them; these say what they show)
CHART_TITLE = {"money": N_("Each article’s amount on one scale"),
               "percent": N_("Each article’s percentage on one scale"),
               "count": N_("Each article’s number on one scale"), "date": N_("Each article’s date on one calendar")}


def chart_shared_label(count: int, total: int, words: str, exact: bool) -> str:
    """The mark of the majority's answer: '3 of 4: $2 billion', '2 of 3, roughly'."""
    numbers = {"count": format_number(count), "total": format_number(total)}
    if exact:
        return gettext("%(count)s of %(total)s: %(words)s") % {**numbers, "words": words}
    return gettext("%(count)s of %(total)s, roughly") % numbers


# the words of the embeddable cards and of a page's "Embed" section (render/views/embed.py)
class Messages(Mapping[str, str]):
    """A table of msgids read by key (`labels.embed.title` in a template): each is translated when read."""

    def __init__(self, msgids: dict[str, str]):
        self.msgids = msgids

    def __getitem__(self, key: str) -> str:
        return gettext(self.msgids[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self.msgids)

    def __len__(self) -> int:
        return len(self.msgids)


EMBED = Messages({
    "full_comparison": N_("Full comparison"),
    "key_figures": N_("Key figures"),
    "full_figures": N_("All comparisons"),
    "timeline": N_("Timeline"),
    "strip_caption": N_("Every event on one strip, each mark as wide as its date is precise: a day, a month, part of "
                     "a year or a whole year. A date no article states is hatched. The numbers follow the list "
                     "of events."),
    "full_timeline": N_("Full timeline"),
    "editors_note": N_("Editors' note"),
    "note_more": N_("The whole note, with its sources"),
    "from": N_("From"),
    "no_majority": N_("No majority"),
    "events": N_("Events"),
    "section_title": N_("Embed this comparison"),
    "summary": N_("Embed code for your article"),
    "code_label": N_("Embed code (HTML)"),
    "copy_code": N_("Copy the code"),
    "copied": N_("Copied"),
    "preview": N_("Preview the card"),
    "oembed": N_("Or paste this page's address into a CMS that reads oEmbed: it finds the card by itself."),
    "how": N_("Paste the code into an HTML block of your article. The card keeps its citations and "
           "links back here; the script lets it take the height of its content."),
    "no_base_url": N_("Embed code needs the site's public address, and this copy of the site was built "
                   "without one (base_url): the card can be previewed, not embedded."),
    "other_cards": N_("Also embeddable:"),
})


def year_span(first: int, last: int) -> str:
    """The years a timeline covers: 'in 2022', 'from 2021 to 2022'."""
    return gettext("in %(year)s") % {"year": first} if first == last else \
        gettext("from %(first)s to %(last)s") % {"first": first, "last": last}


# a record `site-builder draft` proposed, not yet reviewed (`draft: true`)
DRAFT = Label(N_("Draft"), "✎", N_("proposed from the articles by a drafting tool; the editors have not reviewed it "
                                   "yet"))
