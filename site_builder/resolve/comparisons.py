"""Claims -> comparisons: the positions the articles take, how they relate, and each badge.

Part of `resolve`. Every statement maps to one *position*: for money, percent, count and
date claims the position is the value (statements whose values are equal share one); for
role, text and yes/no claims it is one of the answers the editors define on the claim.
Two positions are *approximate* (the same quantity, rounded or hedged), *compatible*
(both can be true: the values say so, or the editors declare it with a cited reason) or
in *conflict*.

The rule for badges, which the method page states to readers: a statement is marked as
agreeing only where a strict majority of the articles that answer share its position;
the others are then marked against that majority. A statement whose value fits two accounts
that conflict ("nearly $5 billion" beside $4.3 and $4.8 billion) joins neither and is not
counted for the majority: its badge says it fits both, and adding one never changes the majority.
With no majority, no article is marked as the right one: each is "one of K accounts". Nothing
depends on the order statements are listed in or on what the sources are called
(tests/test_comparisons.py permutes both).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import combinations

from .. import model as m
from ..errors import Problem, suggestion
from ..markup import Parsed, parse
from ..slugs import slug
from .anchoring import Anchor
from .statements import check_one_time, read_value, text_position, value_position
from .values import (
    APPROX,
    COMPATIBLE,
    DIFFERENT,
    EQUAL,
    VALUE_KINDS,
    Value,
    compare,
)

# claim status, computed, never typed
AGREE, APPROXIMATE, COMPATIBLE_STATUS, CONFLICT, SINGLE = "agree", "approximate", "compatible", "conflict", "single-source"
STATUSES = (CONFLICT, COMPATIBLE_STATUS, APPROXIMATE, AGREE, SINGLE)   # the order the comparisons page lists them
# a statement's cell (its badge) in the comparison
AGREES, DIFFERS, APPROXIMATES, COMPATIBLE_CELL, ONE_OF, ONLY, FITS_BOTH = (
    "agrees", "differs", "approximate", "compatible", "one-of-k", "only-source", "fits-both")
CONFLICTS = "conflict"     # a relation between two positions that cannot both be true


@dataclass(frozen=True)
class ComparedPosition:
    """One position some articles take: its label, who takes it, its value (numbers, dates)."""

    id: str
    label: str
    sources: tuple[str, ...]           # in source-id order
    value: Value | None = None         # a representative value, for number and date claims


@dataclass(frozen=True)
class Relation:
    """How two positions relate: approximate, compatible or conflict."""

    a: str
    b: str
    kind: str
    reason: m.Text | None = None       # the editors' cited reason, for a declared compatibility


@dataclass(frozen=True)
class ComparedStatement:
    statement: m.Statement
    source: str
    anchors: tuple[Anchor, ...]        # one per quote
    position: str                      # the id of the position it takes
    value: Value | None                # number and date claims: the value it states
    cell: str                          # agrees | differs | approximate | compatible | one-of-k | only-source | fits-both
    peers: tuple[str, ...]             # the other sources that share its position

    @property
    def anchor(self) -> Anchor:
        return self.anchors[0]

    @property
    def wording(self) -> str:
        """The article's own words for its answer: the value as written, else the quote."""
        return self.value.text if self.value is not None else self.anchor.exact


@dataclass(frozen=True)
class Comparison:
    claim: m.Claim
    positions: tuple[ComparedPosition, ...]     # the majority first, then by how many take each
    statements: tuple[ComparedStatement, ...]   # in the claim's order
    relations: tuple[Relation, ...]
    status: str
    majority: str | None                        # the id of the strict-majority position, if any
    bloc: frozenset[str] = frozenset()          # the majority's positions (see `verdict`)
    fits: tuple[tuple[str, tuple[str, ...]], ...] = ()   # a position that fits conflicting ones -> those

    @property
    def majority_size(self) -> int:
        """How many statements the majority (a position, or a bloc of approximate ones) holds."""
        return sum(len(p.sources) for p in self.positions if p.id in self.bloc)

    def fitted(self, position_id: str) -> tuple[str, ...]:
        """The conflicting positions a 'fits both' position fits (empty for any other)."""
        return next((fitted for pid, fitted in self.fits if pid == position_id), ())

    def by_source(self, source: str) -> ComparedStatement | None:
        return next((s for s in self.statements if s.source == source), None)

    def position(self, position_id: str) -> ComparedPosition:
        return next(p for p in self.positions if p.id == position_id)

    def relation(self, a: str, b: str) -> Relation | None:
        return next((r for r in self.relations if {r.a, r.b} == {a, b}), None)


# --- the verdict: a pure function of positions and their relations ----------------------------

@dataclass(frozen=True)
class Verdict:
    status: str
    majority: str | None             # the position a strict majority of statements share
    bloc: frozenset[str]             # the positions that majority is made of: just `majority`, or else
                                     # positions that all approximate each other (500,000 and 500,000+)
    cells: dict[str, str]            # position id -> the cell of every statement taking it
    fits: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a bridge -> the conflicting positions it fits


_CELL_OF = {APPROX: APPROXIMATES, COMPATIBLE: COMPATIBLE_CELL, DIFFERENT: DIFFERS}
_FITS = (APPROX, COMPATIBLE)
_SEVERITY = (DIFFERENT, COMPATIBLE, APPROX)
MAX_BLOC_SEARCH = 12        # positions; beyond that no approximate bloc is looked for (2**n subsets)


def verdict(sizes: dict[str, int], relation) -> Verdict:
    """Status and cells from how many statements take each position and how positions relate
    (`relation(a, b)` -> APPROX | COMPATIBLE | DIFFERENT). Order-free: only sizes and relations count.

    A position that fits (approximates, or is compatible with) two positions in conflict with
    each other is a *bridge*: it takes neither side, is marked "fits both" and is left out of
    the count. Of the other statements, a majority is a position more than half of them share.
    Failing that, a set of positions that all approximate one another and together hold more
    than half (found only if exactly one such set is maximal) stands in for it: its statements
    approximately agree. (If every position were a bridge, none is taken for one.)"""
    total = sum(sizes.values())
    if total <= 1:
        return Verdict(SINGLE, None, frozenset(), dict.fromkeys(sizes, ONLY))
    if len(sizes) == 1:
        only = next(iter(sizes))
        return Verdict(AGREE, only, frozenset({only}), {only: AGREES})
    kinds = {relation(a, b) for a, b in combinations(sorted(sizes), 2)}
    status = CONFLICT if DIFFERENT in kinds else COMPATIBLE_STATUS if COMPATIBLE in kinds else APPROXIMATE
    bridges = _bridges(sizes, relation)
    if len(bridges) == len(sizes):
        return Verdict(status, None, frozenset(), dict.fromkeys(sizes, ONE_OF))
    sides = {p: n for p, n in sizes.items() if p not in bridges}
    counted = sum(sides.values())
    majority = next((p for p, n in sides.items() if 2 * n > counted), None)
    bloc = frozenset({majority}) if majority else _approximate_bloc(sides, relation, counted)
    cells = dict.fromkeys(bridges, FITS_BOTH)
    if not bloc:
        side_kinds = {relation(a, b) for a, b in combinations(sorted(sides), 2)}
        side_status = CONFLICT if DIFFERENT in side_kinds else COMPATIBLE_STATUS if COMPATIBLE in side_kinds \
            else APPROXIMATE
        cell = {CONFLICT: ONE_OF, COMPATIBLE_STATUS: COMPATIBLE_CELL, APPROXIMATE: APPROXIMATES}[side_status]
        cells.update(dict.fromkeys(sides, cell))
        return Verdict(status, None, frozenset(), cells, bridges)
    cells.update(dict.fromkeys(bloc, AGREES if majority else APPROXIMATES))
    for p in sides:
        if p not in bloc:
            found = {relation(q, p) for q in bloc}
            cells[p] = _CELL_OF[next(kind for kind in _SEVERITY if kind in found)]
    return Verdict(status, majority, bloc, cells, bridges)


def _bridges(sizes: dict[str, int], relation) -> dict[str, tuple[str, ...]]:
    """Each position that fits two positions in conflict with each other -> the positions it
    fits that are in such a conflict (sorted)."""
    out = {}
    for p in sorted(sizes):
        fitted = [q for q in sorted(sizes) if q != p and relation(p, q) in _FITS]
        torn = sorted({x for x, y in combinations(fitted, 2) if relation(x, y) == DIFFERENT} |
                      {y for x, y in combinations(fitted, 2) if relation(x, y) == DIFFERENT})
        if torn:
            out[p] = tuple(torn)
    return out


def _approximate_bloc(sizes: dict[str, int], relation, total: int) -> frozenset[str]:
    ids = sorted(sizes)
    if len(ids) > MAX_BLOC_SEARCH:
        return frozenset()
    near = {frozenset(pair) for pair in combinations(ids, 2) if relation(*pair) == APPROX}
    blocs = []
    for mask in range(1, 1 << len(ids)):
        chosen = [p for i, p in enumerate(ids) if mask >> i & 1]
        if len(chosen) > 1 and 2 * sum(sizes[p] for p in chosen) > total and \
                all(frozenset(pair) in near for pair in combinations(chosen, 2)):
            blocs.append(frozenset(chosen))
    maximal = [b for b in blocs if not any(b < other for other in blocs)]
    return maximal[0] if len(maximal) == 1 else frozenset()


# --- positions ------------------------------------------------------------------------------

def _value_positions(kind: str, values: dict[str, Value]) -> tuple[dict[str, str], dict[str, Value]]:
    """Group sources whose values are equal (connected components, so the order is free);
    a position's id and label come from its smallest value."""
    parent = {s: s for s in values}

    def root(s: str) -> str:
        while parent[s] != s:
            s = parent[s]
        return s

    for a, b in combinations(sorted(values), 2):
        if compare(values[a], values[b]) == EQUAL:
            parent[root(b)] = root(a)
    members: dict[str, list[str]] = {}
    for s in sorted(values):
        members.setdefault(root(s), []).append(s)
    of_source: dict[str, str] = {}
    representative: dict[str, Value] = {}
    for group in members.values():
        value = min((values[s] for s in group), key=lambda v: (v.normalized, v.text))
        pid = slug(value.normalized) or "value"
        while pid in representative:
            pid += "-2"
        representative[pid] = value
        for s in group:
            of_source[s] = pid
    return of_source, representative


def _value_relation(kind: str, a: list[Value], b: list[Value]) -> str:
    kinds = {compare(x, y) for x in a for y in b}
    for worst in (DIFFERENT, COMPATIBLE, APPROX):
        if worst in kinds:
            return worst
    return APPROX     # equal pairs across two positions: joined by a chain of small differences


def _stances(claim: m.Claim, problems: list[Problem]) -> dict[str, m.Stance] | None:
    """The editor-defined positions of a role/text/yes-no claim (None: use each `value:`)."""
    if not claim.stances:
        return None
    defined: dict[str, m.Stance] = {}
    for stance in claim.stances:
        if stance.id in defined:
            problems.append(Problem(stance.position, f"position '{stance.id}' is defined twice in this claim",
                                    f"see line {defined[stance.id].position.line}"))
        defined.setdefault(stance.id, stance)
    return defined


def compare_claim(claim: m.Claim, anchors: Mapping[tuple[str, str], Anchor], problems: list[Problem],
                  parsed: Mapping[m.Text, Parsed] | None = None,
                  dates: Mapping[str, m.PartialDate | None] | None = None) -> Comparison | None:
    """A claim's comparison; `dates` (source id -> the article's date) reads dates without a
    year and relative ones."""
    by_value = claim.kind in VALUE_KINDS
    if by_value and (claim.stances or claim.compatible):
        key = "positions" if claim.stances else "compatible"
        where = claim.stances[0].position if claim.stances else claim.compatible[0].position
        problems.append(Problem(where, f"a {claim.kind} claim's positions are its values: remove '{key}'",
                                "compatible values are found by the documented tolerances"))
    stances = None if by_value else _stances(claim, problems)
    read: list[tuple[m.Statement, tuple[Anchor, ...], Value | None, str]] = []
    for statement in claim.statements:
        found = tuple(anchors.get((statement.source.id, q.text)) for q in statement.quotes)
        if any(a is None for a in found):
            continue          # the quote error is already reported
        quoted: tuple[Anchor, ...] = found  # type: ignore[assignment]
        if by_value:
            if statement.stance is not None:
                problems.append(Problem(statement.stance.position, f"a {claim.kind} statement takes its position "
                                        "from its value: remove 'position'", ""))
                continue
            value = read_value(claim, statement, quoted, problems, (dates or {}).get(statement.source.id))
            if value is not None:
                read.append((statement, quoted, value, ""))
            continue
        position = text_position(claim, statement, stances, problems)
        if position is not None:
            read.append((statement, quoted, None, position))
    if not read:
        return None
    if by_value:
        check_one_time(claim, read, problems)
        read = _one_currency(read, problems)
        if not read:
            return None
        of_source, representative = _value_positions(claim.kind, {s.source.id: v for s, _, v, _ in read if v})
        labels = {pid: " / ".join(sorted({v.text for s, _, v, _ in read if v and of_source[s.source.id] == pid}))
                  for pid in representative}     # the articles' own words
        values_of: dict[str, list[Value]] = {}
        for statement, _, value, _ in read:
            values_of.setdefault(of_source[statement.source.id], []).append(value)  # type: ignore[arg-type]

        def relate(a: str, b: str) -> str:
            return _value_relation(claim.kind, values_of[a], values_of[b])
        declared: dict[frozenset[str], m.Text] = {}
    else:
        of_source = {s.source.id: p for s, _, _, p in read}
        representative = {}
        labels = ({sid: st.label for sid, st in stances.items()} if stances is not None
                  else {p: next(s.value for s, _, _, q in read if q == p) or p for p in of_source.values()})
        declared = _compatibilities(claim, stances, problems, parsed)

        def relate(a: str, b: str) -> str:
            return COMPATIBLE if frozenset((a, b)) in declared else DIFFERENT
    sizes: dict[str, int] = {}
    for sid in of_source:
        sizes[of_source[sid]] = sizes.get(of_source[sid], 0) + 1
    result = verdict(sizes, relate)
    relations = []
    for a, b in combinations(sorted(sizes), 2):
        kind = {APPROX: APPROXIMATE, COMPATIBLE: COMPATIBLE_CELL, DIFFERENT: CONFLICTS}[relate(a, b)]
        relations.append(Relation(a, b, kind, declared.get(frozenset((a, b)))))
    sources_of: dict[str, list[str]] = {}
    for sid in sorted(of_source):
        sources_of.setdefault(of_source[sid], []).append(sid)
    positions = tuple(sorted(
        (ComparedPosition(pid, labels[pid], tuple(sources_of[pid]), representative.get(pid)) for pid in sizes),
        key=lambda p: (p.id not in result.bloc, -len(p.sources), _display_key(p, claim))))
    statements = []
    for statement, quoted, value, _ in read:
        pid = of_source[statement.source.id]
        peers = tuple(s for s in sources_of[pid] if s != statement.source.id)
        statements.append(ComparedStatement(statement, statement.source.id, quoted, pid, value, result.cells[pid], peers))
    return Comparison(claim, positions, tuple(statements), tuple(relations), result.status, result.majority,
                      result.bloc, tuple(sorted(result.fits.items())))


def _one_currency(read: list, problems: list[Problem]) -> list:
    """A claim compares amounts in one currency: no exchange rate is the articles' own."""
    currencies = sorted({v.currency for _, _, v, _ in read if v is not None and v.kind == "money"})
    if len(currencies) <= 1:
        return read
    first = next(s for s, _, v, _ in read if v is not None and v.currency == currencies[0])
    for statement, _, value, _ in read:
        if value is not None and value.currency != currencies[0]:
            problems.append(Problem(value_position(statement), f"this amount is in {value.currency}, "
                                    f"{first.source.id}'s in {currencies[0]}: the site does not convert currencies",
                                    "compare amounts in one currency: quote the article's figure in it, or make "
                                    "one claim per currency"))
    return []


def _display_key(position: ComparedPosition, claim: m.Claim) -> tuple:
    """Where a position is listed among those held by as many articles: by value, or in the
    order the editors defined them. Presentation only: no badge depends on it."""
    if position.value is not None:
        v = position.value
        return (v.number if v.number is not None else (v.low or 0), v.date.iso if v.date else "", position.id)
    order = [stance.id for stance in claim.stances]
    return (order.index(position.id) if position.id in order else len(order), position.id)


def _compatibilities(claim: m.Claim, stances: dict[str, m.Stance] | None, problems: list[Problem],
                     parsed: Mapping[m.Text, Parsed] | None) -> dict[frozenset[str], m.Text]:
    declared: dict[frozenset[str], m.Text] = {}
    for entry in claim.compatible:
        ids = [ref.id for ref in entry.stances]
        if stances is None:
            problems.append(Problem(entry.position, "'compatible' names positions, and this claim defines none",
                                    "add 'positions:' (id and label each)"))
            continue
        if len(ids) != 2 or ids[0] == ids[1]:
            problems.append(Problem(entry.position, "'compatible' pairs exactly two different positions",
                                    f"e.g. positions: [{', '.join(list(stances)[:2])}]"))
            continue
        unknown = [ref for ref in entry.stances if ref.id not in stances]
        for ref in unknown:
            problems.append(Problem(ref.position, f"unknown position '{ref.id}'", suggestion(ref.id, stances, "position")))
        if unknown:
            continue
        reason = parsed[entry.reason] if parsed is not None else parse(entry.reason.value)
        if not reason.markers:
            problems.append(Problem(entry.reason.position, "a compatibility needs a cited reason",
                                    'say why both can be true, with a [[cite:SOURCE "exact words"]] marker'))
            continue
        declared[frozenset(ids)] = entry.reason
    return declared
