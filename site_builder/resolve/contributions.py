"""What one record contributes to the resolved site: its texts parsed, its citations anchored,
its problems, and (a claim) its comparison, (an event) the check of its dates.

Part of `resolve`. A contribution is a pure function of the record, of what it reads of the
sources it cites (their records and prepared texts) and of the site's ids (`Context`): the memo
keeps it while all of these are the very same objects, so an edit recomputes only the records
it touched (`load`'s reload keeps every other record as the same object).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .. import model as m
from ..errors import Position, Problem, suggestion
from ..markup import Parsed
from .anchoring import Anchor, Miss, SourceIndex
from .cleaning import CleanedSource
from .comparisons import Comparison, compare_claim
from .references import Ids, Owner, check_record_refs, check_ref_links, record_texts, uncited
from .statements import quote_positions
from .timeline import unstated_dates

# the kinds whose records are equal only when every position in them is (a person's or an
# organization's names keep theirs aside, see `load.Located`; a source's cleaning rules their
# lines): an equal record of these, read again, contributes the very same
BY_VALUE = frozenset({"site", "event", "claim", "page"})

MALFORMED_HINT = ('write [[cite:SOURCE "exact words"]]: the source id, a space, the words in double quotes '
                  '(\\" for a quote mark inside them), then ]]')


@dataclass(frozen=True)
class Citation:
    """One use of a quote: which anchor, written where, shown on which record's page."""

    anchor: Anchor
    owner: Owner
    position: Position


@dataclass
class Found:
    """What anchoring a run of quotes found, in the order a full pass over the site finds it."""

    problems: list[Problem] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    misses: list[tuple[Position, Miss]] = field(default_factory=list)
    anchors: dict[tuple[str, str], Anchor] = field(default_factory=dict)   # first use first

    def add(self, other: Found) -> None:
        """`other`'s findings after these."""
        self.problems += other.problems
        self.citations += other.citations
        self.misses += other.misses
        self.anchors.update(other.anchors)


@dataclass(frozen=True)
class Part:
    """What some records add to the site (one record, a kind's, all), each list in the order of
    the pass over the site that finds it: `join` puts parts together in that order."""

    parsed: dict[m.Text, Parsed] = field(default_factory=dict)
    refs: list[Problem] = field(default_factory=list)                # unknown ids, a source stated twice
    texts: Found = field(default_factory=Found)                      # the texts' links and citation markers
    quotes: Found = field(default_factory=Found)                     # the claims' statements' quotes
    uncited: list[Problem] = field(default_factory=list)             # pages' paragraphs without a citation
    comparisons: dict[str, Comparison] = field(default_factory=dict)   # claim id -> its comparison
    compared: list[Problem] = field(default_factory=list)            # what comparing the claims found
    dates: list[Problem] = field(default_factory=list)               # events' dates no cited passage states


def join(parts: Iterable[Part]) -> Part:
    """Parts put together: each list as one pass over all of them in order finds it (every text,
    then every claim's quotes), each quote's anchor where it was first used."""
    out = Part()
    for part in parts:
        out.texts.add(part.texts)
        out.quotes.add(part.quotes)
        out.parsed.update(part.parsed)
        out.refs.extend(part.refs)
        out.uncited.extend(part.uncited)
        out.comparisons.update(part.comparisons)
        out.compared.extend(part.compared)
        out.dates.extend(part.dates)
    return out


@dataclass(frozen=True)
class Contribution(Part):
    """What one record adds to the site, and what it was computed from."""

    record: object = None
    sources: tuple[str, ...] = ()        # the sources it cites or states
    reads: tuple[object, ...] = ()       # of each of them: its record and its cleaned text (None: none)
    listed: tuple[object, ...] = ()      # a claim's: what the indexes list of it (its entities, its sources)
    named: tuple[object, ...] = ()       # a person's or organization's: its names, and where each is written


@dataclass
class Context:
    """What every record's contribution may read besides the sources it cites: the site's ids,
    the records that did not load, and which sources have a quote index."""

    content: m.Content
    prepared: Mapping[str, tuple[CleanedSource, SourceIndex]]
    unloaded: frozenset[str]
    parse: Callable[[str, bool], Parsed]
    cleaned: Mapping[str, CleanedSource]
    _ids: Ids | None = None
    _results: dict[tuple[str, str], Anchor | Miss] = field(default_factory=dict)

    @property
    def ids(self) -> Ids:
        if self._ids is None:        # made only when a record is checked again
            self._ids = Ids.of(self.content)
        return self._ids

    def reads(self, sources: tuple[str, ...]) -> tuple[object, ...]:
        """What a record's contribution reads of the sources it names: each one's record and cleaned text."""
        out: list[object] = []
        for sid in sources:
            prepared = self.prepared.get(sid)
            out += (self.content.sources.get(sid), prepared[0] if prepared is not None else None)
        return tuple(out)

    def holds(self, kept: Contribution) -> bool:
        """Whether what a kept contribution read of its sources is the very same now."""
        now = self.reads(kept.sources)
        return all(a is b for a, b in zip(now, kept.reads, strict=True))

    def anchor(self, source: str, quote: str, position: Position, owner: Owner, found: Found) -> None:
        """Anchor one quote, reporting what fails (sources that did not load: nothing of their quotes)."""
        if source not in self.prepared:
            if source not in self.unloaded:
                found.problems.append(Problem(position, f"unknown source id '{source}' in citation",
                                              suggestion(source, self.prepared, "source id")))
            return
        key = (source, quote)
        index = self.prepared[source][1]
        result = self._results.get(key)
        if result is None:
            result = self._results[key] = index.anchor(quote)
        if isinstance(result, Miss):
            found.misses.append((position, result))
            if result.closest:
                hint = (f"closest passage in {source} ({result.similarity:.0%} similar, at offset {result.start}): "
                        f"\"{result.closest}\"")
            elif not index.norm:
                hint = f"the cleaned text of {source} is empty: its cleaning rules drop everything (see `site-builder show {source}`)"
            else:
                hint = "the quote is empty"
            found.problems.append(Problem(position, f"quote not found in {source}: \"{quote}\"", hint))
            return
        if result.occurrences > 1:
            found.problems.append(Problem(position, f"quote occurs {result.occurrences} times in {source}: \"{quote}\"",
                                          "the first occurrence is used; quote a few more words to make it unique",
                                          severity="warning"))
        found.anchors.setdefault(key, result)
        found.citations.append(Citation(result, owner, position))


def contribute(context: Context, owner: Owner, kind: str, record) -> Contribution:
    """Everything one record adds to the site, computed from scratch."""
    content = context.content
    # a list, not the dict: a text written twice (two equal empty fields) is checked twice, as the site lists it
    each = [(text, context.parse(text.value, inline)) for text, inline in record_texts(kind, record)]
    parsed = dict(each)
    texts = Found()
    for text, found in each:
        check_ref_links(content, text, found, texts.problems, context.unloaded)
        if not found.markers and not found.malformed:
            continue
        where = text.locate_all("[[cite:")
        for occurrence in found.malformed:
            texts.problems.append(Problem(where[occurrence] if occurrence < len(where) else text.position,
                                          "malformed citation marker", MALFORMED_HINT))
        for marker in found.markers:
            position = where[marker.occurrence] if marker.occurrence < len(where) else text.position
            context.anchor(marker.source, marker.quote, position, owner, texts)
    quotes, comparison = Found(), None
    compared: list[Problem] = []
    dates: list[Problem] = []
    if kind == "claim":
        for source, quote, quoted_at in quote_positions(record):
            if source in content.sources:
                context.anchor(source, quote, quoted_at, owner, quotes)
        # the articles' dates are part of what a claim's values are read against ("on Friday")
        read_against = {s.source.id: content.sources[s.source.id].date for s in record.statements
                        if s.source.id in content.sources}
        comparison = compare_claim(record, quotes.anchors, compared, parsed, read_against)
    if kind == "event":
        dates = unstated_dates(record, context.cleaned, texts.anchors, parsed, content.sources)
    names = dict.fromkeys(mk.source for found in parsed.values() for mk in found.markers)
    if kind == "claim":
        names.update(dict.fromkeys(s.source.id for s in record.statements))
    sources = tuple(names)
    listed: tuple[object, ...] = ()
    if kind == "claim":
        listed = (tuple(r.id for r in record.people), tuple(r.id for r in record.organizations),
                  tuple(dict.fromkeys(s.source.id for s in record.statements)))
    return Contribution(parsed, check_record_refs(kind, record, context.ids), texts, quotes,
                        uncited(record, parsed[record.body]) if kind == "page" else [],
                        {record.id: comparison} if comparison is not None else {}, compared, dates,
                        record, sources, context.reads(sources), listed, _named(kind, record))


def _named(kind: str, record) -> tuple[object, ...]:
    """What the name checks and the name matcher read of a person or organization."""
    if kind not in ("person", "organization"):
        return ()
    names = (record.name, *record.aliases)
    return (kind, record.id, record.position, names, tuple(getattr(name, "position", None) for name in names))
