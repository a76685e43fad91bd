"""The site model: plain, immutable records, each remembering where it came from.

Cross-references are ids (`Ref`), resolved once by `resolve`; nothing here points at
another record directly, so records can be compared, cached and re-loaded alone.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .errors import Position
from .months import MONTHS


def unchanged(before: object, after: object) -> bool:
    """The one test of "unchanged" between two builds: equal values. Identity is only the fast
    path (the resolve memo hands back the very object it kept while its inputs stay equal), so
    a copy - from the build state on disk, from another process - is unchanged as well."""
    return before is after or before == after


@dataclass(frozen=True)
class Text:
    """An author's text field, possibly holding citation markers and id links.

    `raw` is the field exactly as written in the file, starting at `position`: YAML folding
    changes `value`'s lines, so anything found in the text is located in `raw` instead,
    and an error about it names its exact line and column.
    """

    value: str
    position: Position
    raw: str = ""

    def locate(self, needle: str) -> Position:
        """Where `needle` is first written (the field's start if it is not)."""
        found = self.locate_all(needle, limit=1)
        return found[0] if found else self.position

    def locate_all(self, needle: str, limit: int = -1) -> tuple[Position, ...]:
        """Where each occurrence of `needle` is written, in order: one pass over the field."""
        out: list[Position] = []
        line, line_start, counted = self.position.line, 0, 0
        at = self.raw.find(needle)
        while at != -1 and limit != len(out):
            newlines = self.raw.count("\n", counted, at)
            if newlines:
                line += newlines
                line_start = self.raw.rfind("\n", counted, at) + 1
            counted = at
            col = self.position.col + at if line == self.position.line else at - line_start + 1
            out.append(Position(self.position.path, line, col))
            at = self.raw.find(needle, at + 1)
        return tuple(out)


@dataclass(frozen=True)
class Ref:
    """A reference by id to another record, with where it was written."""

    id: str
    position: Position


DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
QUALIFIERS = ("early", "mid", "late", "about")


# claim kinds whose positions are values (read from the quotes), not editors' labels
NUMBER_KINDS = ("money", "percent", "count")
VALUE_KINDS = (*NUMBER_KINDS, "date")       # kinds whose positions are values, not editors' labels

# a currency's code -> how the site writes an amount in it (the value reader and the locale formats read it)
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "CN¥", "INR": "₹", "CAD": "C$",
                    "AUD": "A$", "NZD": "NZ$", "HKD": "HK$", "SGD": "S$", "CHF": "CHF "}


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date at its true precision (Wikidata-style): a year stays a year.

    Ordering sorts by (year, month, day) with missing parts first, so "2025" sorts
    before "2025-06-13" - an event known only by its year opens that year.
    """

    year: int
    month: int = 0
    day: int = 0
    qualifier: str = ""

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    @property
    def label(self) -> str:
        """Human form at the stored precision: '13 June 2025', 'June 2025', 'late 2023', 'Q2 2024',
        'week of 22 July 2024'."""
        if self.day:
            text = f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        elif self.month:
            text = f"{MONTHS[self.month - 1]} {self.year}"
        else:
            text = str(self.year)
        return f"{self.qualifier} {text}" if self.qualifier else text

    @classmethod
    def parse(cls, text: str, qualifier: str = "") -> PartialDate | None:
        match = DATE_RE.match(text.strip())
        if not match:
            return None
        year, month, day = (int(g) if g else 0 for g in match.groups())
        if month and not 1 <= month <= 12:
            return None
        if day and not 1 <= day <= calendar.monthrange(year, month or 1)[1]:
            return None     # 2025-02-30 is no date
        return cls(year, month, day, qualifier)


@dataclass(frozen=True)
class HeadingRule:
    pattern: str
    level: int
    title_case: bool = False          # "THE ASCENSION OF AI" -> "The Ascension of AI"
    keep_upper: tuple[str, ...] = ()  # words that stay upper-case (acronyms)


@dataclass(frozen=True)
class LanguageRule:
    pattern: str
    lang: str
    gloss: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CleaningRules:
    """How to turn one messy seed into readable text; declared in YAML, never by editing the seed."""

    markdown: bool = False            # the seed uses Markdown (#, **, -, [..](..))
    unescape: bool = False            # turn `\$` (and other backslash escapes) into the character
    dead_links: bool = False          # `[text](#)` -> text
    drop_before: str = ""             # drop every line before the first that matches
    drop_from: str = ""               # drop the first matching line and everything after it
    drop_lines: tuple[str, ...] = ()  # drop lines that match (running headers, debris)
    drop_title_lines: bool = False    # drop lines repeating the title (the page header shows it)
    headings: tuple[HeadingRule, ...] = ()
    join_broken_paragraphs: bool = False  # rejoin a paragraph split by a page break
    references: str = ""              # lines matching start a numbered reference list
    list_items: str = ""              # lines matching become list items (plain-text seeds)
    languages: tuple[LanguageRule, ...] = ()
    # where each rule is written ("drop_lines.0" for an item of a list): for the warning about a
    # rule that matched nothing; not part of what the rules are (moving a line changes no text)
    where: Mapping[str, Position] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Source:
    id: str
    position: Position
    seed: str
    label: str                       # editorial short name, always present
    title: str | None = None         # as the article states it; None = not stated
    outlet: str | None = None
    author: str | None = None
    date: PartialDate | None = None
    url: str | None = None
    summary: Text | None = None
    cleaning: CleaningRules = CleaningRules()
    language: str | None = None      # the article's language; None: the site's (its words are marked with it)


@dataclass(frozen=True)
class Role:
    title: str
    position: Position
    cite: Text
    organization: Ref | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None


@dataclass(frozen=True)
class Person:
    id: str
    position: Position
    name: str
    summary: Text
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    draft: bool = False              # proposed by `site-builder draft`, not yet reviewed


@dataclass(frozen=True)
class Relationship:
    target: Ref
    relation: str
    position: Position
    cite: Text


ORGANIZATION_KINDS = ("company", "ai-lab", "research-lab", "government", "news-outlet",
                      "university", "investor", "product", "other")


@dataclass(frozen=True)
class Organization:
    id: str
    position: Position
    name: str
    kind: str
    summary: Text
    aliases: tuple[str, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    draft: bool = False


@dataclass(frozen=True)
class EventAlternative:
    date: PartialDate
    position: Position
    summary: Text


DATE_BASES = ("stated", "inferred")


@dataclass(frozen=True)
class Event:
    """A timeline event. `date` is None when the articles date it only relative to another
    event (`after`); `date_basis: inferred` marks a date no article states, with its reason."""

    id: str
    position: Position
    title: str
    summary: Text
    date: PartialDate | None = None
    date_position: Position | None = None
    after: Ref | None = None
    date_basis: str = "stated"
    date_reason: str = ""
    people: tuple[Ref, ...] = ()
    organizations: tuple[Ref, ...] = ()
    alternatives: tuple[EventAlternative, ...] = ()
    draft: bool = False

    @property
    def inferred(self) -> bool:
        return self.date_basis == "inferred"


CLAIM_KINDS = ("money", "percent", "count", "date", "role", "yesno", "text")


@dataclass(frozen=True)
class Quote:
    """Words of an article, as written in a claim: verified against the cleaned text."""

    text: str
    position: Position


@dataclass(frozen=True)
class Statement:
    """What one article says on a claim's question: its quotes and the position they take.

    Number and date claims read the position from the value (`value:`, else the quote);
    the others name one of the claim's `positions` (`stance`)."""

    source: Ref
    position: Position
    quotes: tuple[Quote, ...]
    value: str | None = None          # the editor's normalized value ("$2.1 billion", "$400 million + $20 million")
    says: str | None = None           # the article's own words for the value, a part of a quote
    stance: Ref | None = None         # the position it takes (schema key `position`)
    note: Text | None = None
    as_of: PartialDate | None = None  # when the value held, if the article says
    value_position: Position | None = None   # where `value:` is written: errors about the value point there

    @property
    def quote(self) -> str:
        return self.quotes[0].text


@dataclass(frozen=True)
class Stance:
    """One answer the articles give to a claim's question, as the editors word it
    (the schema calls it a position; `Position` is a place in a file)."""

    id: str
    label: str
    position: Position


@dataclass(frozen=True)
class Compatibility:
    """The editors' judgement that two positions can both be true, with a cited reason."""

    stances: tuple[Ref, Ref]
    reason: Text
    position: Position


@dataclass(frozen=True)
class Claim:
    id: str
    position: Position
    question: str
    kind: str
    statements: tuple[Statement, ...]
    stances: tuple[Stance, ...] = ()
    compatible: tuple[Compatibility, ...] = ()
    key_figure: str | None = None
    note: Text | None = None
    people: tuple[Ref, ...] = ()
    organizations: tuple[Ref, ...] = ()
    draft: bool = False


# what a narrative page can be to the rest of the site: the index of that name links to it
# ("people": the People index says "for the story they tell together, read ..."), "method":
# the footer and the comparisons link to it. One page per role.
PAGE_ROLES = ("people", "organizations", "sources", "claims", "timeline", "method")


@dataclass(frozen=True)
class Page:
    """A narrative Markdown page; `body_position` is where the body starts in its file."""

    id: str
    position: Position
    title: str
    body: Text
    description: str = ""
    nav: int = 0                     # order in the main navigation; 0 = not in it
    nav_title: str | None = None
    editorial: bool = False          # the whole page is the editors' commentary
    role: str = ""                   # the page an index links to as its companion (see PAGE_ROLES)


@dataclass(frozen=True)
class SiteConfig:
    position: Position
    title: str
    description: str
    language: str = "en"
    base_url: str = ""
    deal_summary: Text | None = None
    theme: str = "default"
    author: str = ""
    subject: str = ""                # what the explainer is about, as a phrase ("Acme's purchase of Widgets")


@dataclass(frozen=True)
class Content:
    """Everything `load` read: the input of `resolve`."""

    site: SiteConfig
    sources: Mapping[str, Source]
    people: Mapping[str, Person]
    organizations: Mapping[str, Organization]
    events: Mapping[str, Event]
    claims: Mapping[str, Claim]
    pages: Mapping[str, Page]
    seed_texts: Mapping[str, str]    # source id -> raw seed text
    # (folder, id) of record files that exist but did not load (their errors are reported):
    # resolve still checks the rest, and says nothing of a reference to one of these, which may be right
    unloaded: frozenset[tuple[str, str]] = frozenset()

    def drafts(self) -> list[tuple[str, Person | Organization | Event | Claim]]:
        """The records still marked `draft: true` (kind, record), in file order by kind."""
        kinds = (("person", self.people), ("organization", self.organizations), ("event", self.events),
                 ("claim", self.claims))
        return [(kind, record) for kind, records in kinds for record in records.values() if record.draft]

    def unloaded_ids(self) -> frozenset[str]:
        """The ids a reference may rightly name although no record has them (yet): records that
        did not load, and sources whose seed did not (their quotes cannot be checked)."""
        return frozenset({i for _, i in self.unloaded} | (self.sources.keys() - self.seed_texts.keys()))
