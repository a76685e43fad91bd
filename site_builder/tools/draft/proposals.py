"""What `draft` proposes: people, organizations, events and claims, each with verified quotes.

Built from the resolved project (its cleaned articles and its records): names by the rules of
`names`, dates and amounts by the builder's own reader (`reading`). Pure: nothing is written.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from ... import model as m
from ...resolve import Site
from ...resolve.anchoring import Anchor
from ...resolve.comparisons import AGREE
from ...slugs import record_slug, slug
from . import reading
from .names import ORGANIZATION, PERSON, Candidate, NameFinder
from .roles import role_key, role_near
from .text import Quoting, Sentence, sentences


@dataclass(frozen=True)
class Cite:
    source: str
    quote: str


@dataclass(frozen=True)
class Entity:
    id: str
    kind: str                        # person | organization
    name: str
    aliases: tuple[str, ...]
    mentions: tuple[Cite, ...]       # the first mention in each article
    count: int                       # mentions in all
    role: str = ""                   # the role phrase near it ("interim CEO"), if any
    role_cite: Cite | None = None
    existing: str = ""               # "person:jane-roe" when the project already has it


@dataclass(frozen=True)
class Event:
    id: str
    date: m.PartialDate
    title: str
    citations: tuple[Cite, ...]      # one per article
    names: tuple[str, ...]           # the candidate names its sentences share


@dataclass(frozen=True)
class Statement:
    source: str
    quote: str
    value: str


@dataclass(frozen=True)
class Claim:
    id: str
    kind: str
    question: str
    statements: tuple[Statement, ...]
    status: str                      # what the build would compute
    person: str = ""                 # a role claim's person


@dataclass(frozen=True)
class Draft:
    people: tuple[Entity, ...]
    organizations: tuple[Entity, ...]
    events: tuple[Event, ...]
    claims: tuple[Claim, ...]
    known: tuple[Entity, ...]        # names the project already has: reported, not proposed
    covered: tuple[tuple[str, str], ...]    # (the figures, the claims already comparing them)


# --- the draft --------------------------------------------------------------------------------

def make_draft(site: Site) -> Draft:
    cleaned = site.cleaned
    texts = {sid: c.text for sid, c in cleaned.items()}
    quoting = Quoting(cleaned)
    all_sentences = [s for sid in sorted(cleaned) for s in sentences(cleaned[sid])]
    candidates = NameFinder(texts, all_sentences).read()
    existing = _existing_names(site.content)
    taken: set[str] = set(site.content.people) | set(site.content.organizations)
    sentence_at = _sentence_index(all_sentences)
    people, organizations, known = [], [], []
    for cand in candidates:
        entity = _entity(cand, texts, quoting, sentence_at, existing, taken)
        if not entity.mentions and not entity.existing:
            continue        # no mention a quote can cite once
        if entity.existing:
            known.append(entity)
        elif entity.kind == PERSON:
            people.append(entity)
        else:
            organizations.append(entity)
    # every amount, count, percentage and date, read once (as `site-builder figures` reads them)
    article_dates = {sid: source.date for sid, source in site.content.sources.items()}
    figures = reading.figures_of(texts, article_dates)
    events = _events(site, [f for f in figures if f.kind == "date"], sentence_at, quoting, candidates)
    claims, covered = _claims(site, figures, article_dates, quoting, candidates, sentence_at)
    return Draft(tuple(people), tuple(organizations), tuple(events), tuple(claims), tuple(known), tuple(covered))


def _existing_names(content: m.Content) -> dict[str, str]:
    """Every name and alias the project has -> "kind:id"."""
    out: dict[str, str] = {}
    for person in content.people.values():
        for name in (person.name, *person.aliases):
            out.setdefault(name, f"person:{person.id}")
    for org in content.organizations.values():
        for name in (org.name, *org.aliases):
            out.setdefault(name, f"organization:{org.id}")
    return out


def _sentence_index(all_sentences: list[Sentence]) -> dict[str, list[Sentence]]:
    out: dict[str, list[Sentence]] = defaultdict(list)
    for sentence in all_sentences:
        out[sentence.source].append(sentence)
    return out


def sentence_of(index: Mapping[str, list[Sentence]], source: str, at: int) -> Sentence | None:
    """The sentence holding offset `at` of `source` (the index lists each source's in order)."""
    sentences = index.get(source, [])
    i = bisect.bisect_right([s.start for s in sentences], at) - 1
    return sentences[i] if i >= 0 and sentences[i].start <= at < sentences[i].end else None


def _unique_id(base: str, taken: set[str]) -> str:
    record_id, n = base or "record", 2
    while record_id in taken:
        record_id, n = f"{base}-{n}", n + 1
    taken.add(record_id)
    return record_id


def _entity(cand: Candidate, texts: Mapping[str, str], quoting: Quoting, sentence_at: Mapping[str, list[Sentence]],
            existing: Mapping[str, str], taken: set[str]) -> Entity:
    mentions, role, role_cite = [], "", None
    for source in cand.sources:
        first = next(span for span in cand.spans if span[0] == source)
        cite = Cite(source, quoting.around(source, first[1], first[2]))
        if quoting.verified(source, cite.quote):
            mentions.append(cite)
    for source, start, end in (cand.spans if cand.kind == PERSON else ()):
        sentence = sentence_of(sentence_at, source, start)
        found = role_near(texts[source], start, end, sentence) if sentence is not None else None
        if found is not None:
            cite = Cite(source, quoting.around(source, min(start, found[1]), max(end, found[2])))
            if quoting.verified(source, cite.quote):
                role, role_cite = found[0], cite
                break
    known = next((existing[n] for n in (cand.name, *cand.aliases) if n in existing), "")
    record_id = "" if known else _unique_id(record_slug(cand.name), taken)
    return Entity(record_id, cand.kind, cand.name, tuple(cand.aliases), tuple(mentions), len(cand.spans),
                  role, role_cite, known)


# --- events -----------------------------------------------------------------------------------

_URL = re.compile(r"(?:https?://|www\.)\S+")        # (figures leaves web addresses out; a title too)


def _title(sentence: Sentence, found_start: int, found_end: int) -> str:
    """A title from the sentence: without the date and the words that only introduce it,
    at most 12 words."""
    text = sentence.text
    lo, hi = found_start - sentence.start, found_end - sentence.start
    text = _URL.sub(lambda u: " " * len(u[0]), text)      # an address is no title
    before, after = text[:lo], text[hi:]
    before = re.sub(r"\b(?:back in|on|in|by|since|as of|during|until|from)\s*$", "", before, flags=re.I).rstrip(" ,")
    words = (before + " " + after.lstrip(" ,")).split()
    words = [w for w in words if w not in ("-", "—", "–")]
    title = " ".join(words[:12]).strip(" ,;:.()[]") + ("…" if len(words) > 12 else "")
    title = re.sub(r"^\W+", "", title).strip()
    return title[:1].upper() + title[1:] if title else sentence.text[:80]


def _events(site: Site, dates: list[reading.Figure], sentence_at: Mapping[str, list[Sentence]], quoting: Quoting,
            candidates: list[Candidate]) -> list[Event]:
    """One event per date stated in a sentence; sentences of different articles with the same
    date that share a name are one event, with a citation per article."""
    spans_by_source: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for cand in candidates:
        for source, start, end in cand.spans:
            spans_by_source[source].append((start, end, cand.name))
    dated: list[tuple[Sentence, reading.Figure, frozenset[str]]] = []
    for figure in dates:
        sentence = sentence_of(sentence_at, figure.source, figure.start)
        if sentence is None or figure.value.date is None:
            continue        # a heading's date, or one the reader could not place
        names = frozenset(n for a, _, n in spans_by_source[sentence.source] if sentence.start <= a < sentence.end)
        dated.append((sentence, figure, names))
    parent = list(range(len(dated)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_date: dict[m.PartialDate, list[int]] = defaultdict(list)
    for i, (_, found, _) in enumerate(dated):
        assert found.value.date is not None
        by_date[found.value.date].append(i)
    for when, members in by_date.items():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                a, b = dated[i], dated[j]
                # a year is shared by many things: two names in common then, one for a month or a day
                if a[0].source != b[0].source and len(a[2] & b[2]) >= (1 if when.month else 2):
                    parent[root(j)] = root(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(dated)):
        groups[root(i)].append(i)
    existing = _existing_event_spans(site)
    taken = set(site.content.events)
    out = []
    for members in groups.values():
        first_sentence, first_found, _ = dated[members[0]]
        date = first_found.value.date
        assert date is not None
        if any(_overlaps(existing.get(date.iso, ()), dated[i][0]) for i in members):
            continue        # the project has this event already
        cites: dict[str, Cite] = {}
        named: set[str] = set()
        for i in members:
            sentence, found, shared = dated[i]
            named |= shared
            if sentence.source not in cites:
                cite = Cite(sentence.source, quoting.sentence(sentence, found.start, found.start + len(found.text)))
                if quoting.verified(cite.source, cite.quote):
                    cites[sentence.source] = cite
        if not cites:
            continue
        title = _title(first_sentence, first_found.start, first_found.start + len(first_found.text))
        record_id = _unique_id(f"{date.iso}-{record_slug(' '.join(title.split()[:8]))}", taken)
        out.append(Event(record_id, date, title, tuple(cites.values()), tuple(sorted(named))))
    return sorted(out, key=lambda e: (e.date, e.id))


def _existing_event_spans(site: Site) -> dict[str, list[tuple[str, int, int]]]:
    """date -> the passages the project's events of that date cite."""
    out: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for citation in site.citations:
        kind, record = citation.owner[0], citation.owner[1]
        if kind == "event" and record in site.content.events:
            event = site.content.events[record]
            dates = [event.date] + [alt.date for alt in event.alternatives]
            for date in dates:
                if date is not None:
                    out[date.iso].append((citation.anchor.source, citation.anchor.start, citation.anchor.end))
    return out


def _overlaps(spans, sentence: Sentence) -> bool:
    return any(s == sentence.source and a < sentence.end and sentence.start < b for s, a, b in spans)


# --- claims -----------------------------------------------------------------------------------

_QUESTION = {"money": "Which amount is right", "percent": "Which percentage is right",
             "count": "Which number is right", "date": "Which date is right"}


def _claims(site: Site, all_figures: list[reading.Figure], article_dates: reading.Dates, quoting: Quoting,
            candidates: list[Candidate], sentence_at: Mapping[str, list[Sentence]]
            ) -> tuple[list[Claim], list[tuple[str, str]]]:
    covered_at = _covered_offsets(site)
    taken = set(site.content.claims)
    out: list[Claim] = []
    covered: list[tuple[str, str]] = []
    # a reference list's dates are when the cited reports appeared, not what the articles say
    figures = [f for f in all_figures if site.cleaned[f.source].block_at(f.start).kind != "reference"]
    for group in reading.differing_groups(figures):
        shown = " / ".join(dict.fromkeys(f.text for f in group))
        already = sorted({c for f in group for c in covered_at.get((f.source, f.start), ())})
        if already:
            covered.append((f"{group[0].kind}: {shown}", ", ".join(already)))
            continue
        for statements in _readings(group, quoting, sentence_at):
            if len(statements) < 2:
                continue
            status = reading.claim_status(group[0].kind, [(s.source, s.quote, s.value) for s in statements],
                                          quoting.indexes, article_dates)
            values = list(dict.fromkeys(s.value for s in statements))
            if status in ("", AGREE) or len(values) < 2:
                continue        # the statements chosen, one per article, do not differ after all
            question = f"{_QUESTION[group[0].kind]}: {', '.join(values[:-1])} or {values[-1]}?"
            base = f"{group[0].kind}-" + slug(values[0])
            out.append(Claim(_unique_id(base, taken), group[0].kind, question, statements, status))
    texts = {sid: c.text for sid, c in site.cleaned.items()}
    out += _role_claims(texts, quoting, candidates, sentence_at, taken, covered_at)
    return out, covered


def _covered_offsets(site: Site) -> dict[tuple[str, int], set[str]]:
    """(source, offset) -> the claims whose quotes cover it (as `figures` says "claims: ...")."""
    out: dict[tuple[str, int], set[str]] = defaultdict(set)
    for claim in site.content.claims.values():
        for statement in claim.statements:
            for quote in statement.quotes:
                anchor = site.anchors.get((statement.source.id, quote.text))
                if isinstance(anchor, Anchor):
                    for offset in range(anchor.start, anchor.end):
                        out[(anchor.source, offset)].add(claim.id)
    return out


def _readings(group: list[reading.Figure], quoting: Quoting, sentence_at: Mapping[str, list[Sentence]]
              ) -> list[tuple[Statement, ...]]:
    """A statement per article, read two ways. A group can hold an article's figures of two
    quantities (7,500 staff and 3,700 let go; a price and last year's valuation). Of an
    article's figures, its answer is the one the most other articles state too, or nearly (not
    "different" by the comparison rules), or else the one whose words share most with the
    other articles' figures; each rule falls back on the other, then on the first in the
    article. Where the two rules choose differently, both readings are proposed: the editor
    decides, not an order. A figure in quotation marks (another's words cited) comes last, and
    a statement must be one a unique quote can cite (not a headline repeated as a header). Of an
    article's dates, the most precise comes first: "last week's layoffs" agrees with every day
    of that week, and the claim is on the day ("On Nov. 4")."""
    sources = list(dict.fromkeys(sorted(f.source for f in group)))
    ranked: dict[str, list[tuple[bool, int, int, int, int, reading.Figure]]] = {}
    for source in sources:
        others = [f for f in group if f.source != source]
        text = quoting.cleaned[source].text
        rows = []
        for f in (f for f in group if f.source == source):
            end = f.start + len(f.text)
            before, after = text[f.start - 1:f.start], text[end:end + 1]
            quoted = bool(before) and before in "\"“‘" and bool(after) and after in "\"”’"
            corroborated = len({o.source for o in others if reading.compare(f.value, o.value) != reading.DIFFERENT})
            shared = sum(len(f.topic & o.topic) for o in others)
            rows.append((quoted, reading.days_covered(f.value), corroborated, shared, f.start, f))
        ranked[source] = rows
    out: list[tuple[Statement, ...]] = []
    for rule in ((lambda r: (r[0], r[1], -r[2], -r[3], r[4])), (lambda r: (r[0], r[1], -r[3], -r[2], r[4]))):
        chosen = []
        for source in sources:
            for row in sorted(ranked[source], key=rule):
                quote = _figure_quote(quoting, sentence_at, row[5])
                if quoting.verified(source, quote):
                    chosen.append(Statement(source, quote, reading.value_words(row[5].text)))
                    break
        if tuple(chosen) not in out:
            out.append(tuple(chosen))
    return out


def _figure_quote(quoting: Quoting, sentence_at: Mapping[str, list[Sentence]], figure: reading.Figure) -> str:
    sentence = sentence_of(sentence_at, figure.source, figure.start)
    end = figure.start + len(figure.text)
    if sentence is None:
        return quoting.around(figure.source, figure.start, end)
    return quoting.sentence(sentence, figure.start, end)


def _role_claims(texts: Mapping[str, str], quoting: Quoting, candidates: list[Candidate],
                 sentence_at: Mapping[str, list[Sentence]], taken: set[str],
                 covered_at: Mapping[tuple[str, int], set[str]]) -> list[Claim]:
    """For each person, the roles the articles give differently (CEO / interim CEO / former
    CEO): a role claim with each article's first role phrase for them."""
    out = []
    for cand in candidates:
        if cand.kind != PERSON:
            continue
        by_source: dict[str, tuple[str, int, int]] = {}
        for source, start, end in cand.spans:
            sentence = sentence_of(sentence_at, source, start)
            found = role_near(texts[source], start, end, sentence) if sentence is not None else None
            if found is not None and source not in by_source:
                by_source[source] = (found[0], min(start, found[1]), max(end, found[2]))
        if len({role_key(phrase) for phrase, _, _ in by_source.values()}) < 2:
            continue
        if any((source, at) in covered_at for source, (_, a, b) in by_source.items() for at in range(a, b)):
            continue        # a claim of the project already compares these words
        statements = tuple(Statement(source, quoting.around(source, a, b), phrase)
                           for source, (phrase, a, b) in sorted(by_source.items()))
        if not all(quoting.verified(s.source, s.quote) for s in statements):
            continue
        status = reading.claim_status("role", [(s.source, s.quote, s.value) for s in statements], quoting.indexes)
        out.append(Claim(_unique_id(f"{record_slug(cand.name)}-role", taken), "role",
                         f"What role do the articles give {cand.name}?", statements, status, cand.name))
    return out


__all__ = ["ORGANIZATION", "PERSON", "Cite", "Claim", "Draft", "Entity", "Event", "Statement", "make_draft"]
