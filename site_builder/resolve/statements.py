"""What each statement of a claim says: the value its quote states (money, percent, count,
date) or the position it names (role, text, yes/no). Part of `resolve`, used by comparisons.

A value never goes beyond its quote: an editor's `value:` must be stated there, part by
part, and the value keeps the article's own words (`says:`, or the words that state it).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from itertools import combinations

from .. import model as m
from ..errors import Problem, suggestion
from .anchoring import Anchor, normalize
from .quantities import (
    DIFFERENT,
    EQUAL,
    Found,
    UnreadableValue,
    Value,
    compare,
    compare_dates,
    find_values,
    normalize_value,
)


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


def text_position(claim: m.Claim, statement: m.Statement, stances: dict[str, m.Stance] | None,
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


def check_one_time(claim: m.Claim, read, problems: list[Problem]) -> None:
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

