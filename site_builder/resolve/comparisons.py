"""Claims -> comparisons: the positions the articles take, how they relate, and each badge.

Part of `resolve`. Every statement maps to one *position*: for money, percent, count and
date claims the position is the value (statements whose values are equal share one); for
role, text and yes/no claims it is one of the answers the editors define on the claim.
Two positions are *approximate* (the same quantity, rounded or hedged), *compatible*
(both can be true: the values say so, or the editors declare it with a cited reason) or
in *conflict*.

The rule for badges, which the method page states to readers: a statement is marked as
agreeing only where a strict majority of the articles that answer share its position;
the others are then marked against that majority. With no majority, no article is marked
as the right one: each is "one of K accounts". Nothing depends on the order statements are
listed in or on what the sources are called (tests/test_comparisons.py permutes both).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from itertools import combinations

from .. import model as m
from ..errors import Problem, suggestion
from ..markup import Parsed, parse
from .anchoring import Anchor, normalize
from .quantities import (
    APPROX,
    COMPATIBLE,
    DIFFERENT,
    EQUAL,
    VALUE_KINDS,
    Found,
    UnreadableValue,
    Value,
    compare,
    compare_dates,
    find_values,
    normalize_value,
)

# claim status, computed, never typed
AGREE, APPROXIMATE, COMPATIBLE_STATUS, CONFLICT, SINGLE = "agree", "approximate", "compatible", "conflict", "single-source"
STATUSES = (CONFLICT, COMPATIBLE_STATUS, APPROXIMATE, AGREE, SINGLE)   # the order the comparisons page lists them
# a statement's cell (its badge) in the comparison
AGREES, DIFFERS, APPROXIMATES, COMPATIBLE_CELL, ONE_OF, ONLY = (
    "agrees", "differs", "approximate", "compatible", "one-of-k", "only-source")
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
    cell: str                          # agrees | differs | approximate | compatible | one-of-k | only-source
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

    @property
    def majority_size(self) -> int:
        """How many statements the majority (a position, or a bloc of approximate ones) holds."""
        return sum(len(p.sources) for p in self.positions if p.id in self.bloc)

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


_CELL_OF = {APPROX: APPROXIMATES, COMPATIBLE: COMPATIBLE_CELL, DIFFERENT: DIFFERS}
_SEVERITY = (DIFFERENT, COMPATIBLE, APPROX)
MAX_BLOC_SEARCH = 12        # positions; beyond that no approximate bloc is looked for (2**n subsets)


def verdict(sizes: dict[str, int], relation) -> Verdict:
    """Status and cells from how many statements take each position and how positions relate
    (`relation(a, b)` -> APPROX | COMPATIBLE | DIFFERENT). Order-free: only sizes and relations count.

    A majority is a position more than half of the statements share. Failing that, a set of
    positions that all approximate one another and together hold more than half (found only
    if exactly one such set is maximal) stands in for it: its statements approximately agree."""
    total = sum(sizes.values())
    if total <= 1:
        return Verdict(SINGLE, None, frozenset(), dict.fromkeys(sizes, ONLY))
    if len(sizes) == 1:
        only = next(iter(sizes))
        return Verdict(AGREE, only, frozenset({only}), {only: AGREES})
    kinds = {relation(a, b) for a, b in combinations(sorted(sizes), 2)}
    status = CONFLICT if DIFFERENT in kinds else COMPATIBLE_STATUS if COMPATIBLE in kinds else APPROXIMATE
    majority = next((p for p, n in sizes.items() if 2 * n > total), None)
    bloc = frozenset({majority}) if majority else _approximate_bloc(sizes, relation, total)
    if not bloc:
        cell = {CONFLICT: ONE_OF, COMPATIBLE_STATUS: COMPATIBLE_CELL, APPROXIMATE: APPROXIMATES}[status]
        return Verdict(status, None, frozenset(), dict.fromkeys(sizes, cell))
    cells = dict.fromkeys(bloc, AGREES if majority else APPROXIMATES)
    for p in sizes:
        if p not in bloc:
            found = {relation(q, p) for q in bloc}
            cells[p] = _CELL_OF[next(kind for kind in _SEVERITY if kind in found)]
    return Verdict(status, majority, bloc, cells)


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


# --- reading statements -----------------------------------------------------------------------

def _found_in(kind: str, texts: Iterable[str]) -> list[Found]:
    """Every value of `kind` in the texts, each distinct value once."""
    distinct: list[Found] = []
    for text in texts:
        for found in find_values(kind, text):
            if not any(compare(found.value, seen.value) == EQUAL and found.value.text == seen.value.text
                       for seen in distinct):
                distinct.append(found)
    return distinct


def _in_quotes(words: str, anchors: tuple[Anchor, ...]) -> str | None:
    """`words` as one of the quotes writes them (typography forgiven), or None."""
    needle = normalize(words)[0]
    for anchor in anchors:
        norm, to_original = normalize(anchor.exact)
        at = norm.find(needle) if needle else -1
        if at != -1:
            return anchor.exact[to_original(at):to_original(at + len(needle) - 1) + 1]
    return None


def read_value(claim: m.Claim, statement: m.Statement, anchors: tuple[Anchor, ...],
               problems: list[Problem]) -> Value | None:
    """The value a number or date statement gives, carrying the article's own words, or None
    (with the problem reported). An explicit `value:` must be stated in a quote, part by part."""
    kind = claim.kind
    found = _found_in(kind, (a.exact for a in anchors))
    says = None
    if statement.says:
        says = _in_quotes(statement.says, anchors)
        if says is None:
            problems.append(Problem(statement.position, f"'says: {statement.says}' is not in the statement's quote",
                                    "'says' holds the article's own words for the value, copied from the quote"))
            return None
    if statement.value is None:
        if says is not None:
            found = _found_in(kind, (says,)) or found
        if not found:
            problems.append(Problem(statement.position, f"no {kind} in the quote",
                                    f"add 'value:' with the {kind} this statement gives, or quote the words that state it"))
            return None
        if len(found) > 1:
            listed = ", ".join(f"'{f.value.text}'" for f in found)
            problems.append(Problem(statement.position, f"the quote holds {len(found)} values ({listed})",
                                    "add 'value:' with the one this statement gives"))
            return None
        value = found[0].value
        return value if says is None else replace(value, text=says)
    try:
        wanted = normalize_value(kind, statement.value)
    except UnreadableValue as exc:
        problems.append(Problem(statement.position, f"cannot read a {kind} value: {exc}",
                                'write it as the article does, e.g. "$2.1 billion", "nearly $2 billion", "49%", '
                                '"tens of thousands", "2025-06", or a sum "$400 million + $20 million"'))
        return None
    parts = wanted.parts or (wanted,)
    words = []
    for part in parts:
        match = next((f for f in found if compare(f.value, part) == EQUAL), None)
        if match is None:
            listed = ", ".join(f"'{f.value.text}'" for f in found) or "none"
            problems.append(Problem(statement.position, f"value '{part.text}' is not stated in the quote "
                                    f"(values there: {listed})",
                                    "quote the words that state it; a value never goes beyond its quote"))
            return None
        words.append(match.value.text)
    return replace(wanted, text=says or " + ".join(words))


_YEAR_AFTER = re.compile(r"^\s*(?:in|\(|,)\s*((?:19|20)\d{2})\b")


def _as_of(statement: m.Statement, value: Value, anchors: tuple[Anchor, ...]) -> m.PartialDate | None:
    """When the value held: the statement's `as_of`, else a year the quote gives right after it
    ("$14 billion in 2024")."""
    if statement.as_of is not None:
        return statement.as_of
    for anchor in anchors:
        at = anchor.exact.find(value.text.split(" + ")[0])
        if at != -1:
            year = _YEAR_AFTER.match(anchor.exact[at + len(value.text):])
            if year:
                return m.PartialDate(int(year.group(1)))
    return None


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
        pid = _slug(value.normalized) or "value"
        while pid in representative:
            pid += "-2"
        representative[pid] = value
        for s in group:
            of_source[s] = pid
    return of_source, representative


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


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


# claim id -> (the claim, the anchors of its quotes, its comparison, its problems), from the last build
ClaimMemo = dict[str, tuple[m.Claim, tuple[Anchor | None, ...], "Comparison | None", list[Problem]]]


def compare_claims(content: m.Content, anchors: Mapping[tuple[str, str], Anchor],
                   parsed: Mapping[m.Text, Parsed], memo: ClaimMemo | None = None
                   ) -> tuple[dict[str, Comparison], list[Problem]]:
    """Every claim's comparison. With `memo`, a claim equal to last build's, whose quotes
    anchor to the very same anchors, keeps last build's comparison (a pure function of both)."""
    problems: list[Problem] = []
    out: dict[str, Comparison] = {}
    remembered = dict(memo) if memo is not None else {}
    if memo is not None:
        memo.clear()
    for claim in content.claims.values():
        used = tuple(anchors.get((source, quote)) for source, quote, _ in quote_positions(claim))
        hit = remembered.get(claim.id)
        if hit is not None and hit[0] == claim and len(hit[1]) == len(used) and \
                all(a is b for a, b in zip(hit[1], used, strict=True)):
            comparison, found = hit[2], hit[3]
        else:
            found = []
            comparison = compare_claim(claim, anchors, found, parsed)
        if memo is not None:
            memo[claim.id] = (claim, used, comparison, found)
        problems += found
        if comparison is not None:
            out[claim.id] = comparison
    return out, problems


def compare_claim(claim: m.Claim, anchors: Mapping[tuple[str, str], Anchor], problems: list[Problem],
                  parsed: Mapping[m.Text, Parsed] | None = None) -> Comparison | None:
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
            value = read_value(claim, statement, quoted, problems)
            if value is not None:
                read.append((statement, quoted, value, ""))
            continue
        position = _text_position(claim, statement, stances, problems)
        if position is not None:
            read.append((statement, quoted, None, position))
    if not read:
        return None
    if by_value:
        _check_one_time(claim, read, problems)
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
                      result.bloc)


def _display_key(position: ComparedPosition, claim: m.Claim) -> tuple:
    """Where a position is listed among those held by as many articles: by value, or in the
    order the editors defined them. Presentation only: no badge depends on it."""
    if position.value is not None:
        v = position.value
        return (v.number if v.number is not None else (v.low or 0), v.date.iso if v.date else "", position.id)
    order = [stance.id for stance in claim.stances]
    return (order.index(position.id) if position.id in order else len(order), position.id)


def _text_position(claim: m.Claim, statement: m.Statement, stances: dict[str, m.Stance] | None,
                   problems: list[Problem]) -> str | None:
    if stances is not None:
        if statement.stance is None:
            problems.append(Problem(statement.position, "this statement takes no position",
                                    f"add 'position:' (one of {', '.join(stances)})"))
            return None
        if statement.stance.id not in stances:
            problems.append(Problem(statement.stance.position, f"unknown position '{statement.stance.id}'",
                                    suggestion(statement.stance.id, stances, "position")))
            return None
        return statement.stance.id
    if statement.stance is not None:
        problems.append(Problem(statement.stance.position, f"position '{statement.stance.id}' is not defined",
                                "list the claim's answers under 'positions:' (id and label each)"))
        return None
    if statement.value is None:
        problems.append(Problem(statement.position, "this statement takes no position",
                                "add 'positions:' to the claim (id and label each) and 'position:' here"))
        return None
    try:
        value = normalize_value(claim.kind, statement.value)
    except UnreadableValue as exc:
        problems.append(Problem(statement.position, f"cannot read a {claim.kind} value: {exc}", ""))
        return None
    return value.phrase.casefold()


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


def _check_one_time(claim: m.Claim, read, problems: list[Problem]) -> None:
    """A claim compares one quantity at one time: values dated differently are two facts."""
    if claim.kind == "date":
        return
    dated: list[tuple[m.Statement, m.PartialDate]] = []
    for statement, quoted, value, _ in read:
        as_of = _as_of(statement, value, quoted)
        if as_of is not None:
            dated.append((statement, as_of))
    for (first, a), (second, b) in combinations(dated, 2):
        if compare_dates(a, b) == DIFFERENT:
            problems.append(Problem(second.position, f"this value is as of {b.label}, {first.source.id}'s as of "
                                    f"{a.label} (line {first.position.line})",
                                    "a claim compares one quantity at one time: make one claim per date"))
            return


def claim_texts(claim: m.Claim):
    """The claim's text fields that may hold citations: its note, each statement's note, and
    each compatibility's reason."""
    if claim.note:
        yield claim.note
    for statement in claim.statements:
        if statement.note:
            yield statement.note
    for entry in claim.compatible:
        yield entry.reason


def quote_positions(claim: m.Claim):
    """(source id, quote, where it is written) for every quote of every statement."""
    for statement in claim.statements:
        for quote in statement.quotes:
            yield statement.source.id, quote.text, quote.position

