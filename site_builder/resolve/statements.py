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
from .values import (
    DIFFERENT,
    EQUAL,
    Found,
    UnreadableValue,
    Value,
    compare,
    compare_dates,
    examples,
    find_values,
    normalize_value,
)


def _found_in(kind: str, texts: Iterable[str], reference: m.PartialDate | None = None) -> list[Found]:
    """Every value of `kind` in the texts, each distinct value once, in the words that state it
    first ("said on Friday (Aug. 2)" states one date)."""
    distinct: list[Found] = []
    for text in texts:
        for found in find_values(kind, text, reference):
            if not any(found.problem == seen.problem and compare(found.value, seen.value) == EQUAL
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


def value_position(statement: m.Statement) -> m.Position:
    """Where an error about a statement's value points: its `value:`, else its first quote."""
    return statement.value_position or (statement.quotes[0].position if statement.quotes else statement.position)


def read_value(claim: m.Claim, statement: m.Statement, anchors: tuple[Anchor, ...],
               problems: list[Problem], reference: m.PartialDate | None = None) -> Value | None:
    """The value a number or date statement gives, carrying the article's own words, or None
    (with the problem reported at the `value:` line, or the quote's). An explicit `value:` must
    be stated in a quote, part by part. `reference` is the article's date: a date without a
    year, or relative to it ("on Friday"), is read against it and marked as derived from it."""
    kind = claim.kind
    where = value_position(statement)
    found = _found_in(kind, (a.exact for a in anchors), reference)
    says = None
    if statement.says:
        says = _in_quotes(statement.says, anchors)
        if says is None:
            problems.append(Problem(statement.position, f"'says: {statement.says}' is not in the statement's quote",
                                    "'says' holds the article's own words for the value, copied from the quote"))
            return None
    if statement.value is None:
        if says is not None:
            found = _found_in(kind, (says,), reference) or found
        if not found:
            problems.append(Problem(where, f"no {kind} in the quote",
                                    f"add 'value:' with the {kind} this statement gives, as the article writes "
                                    f"it, e.g. {examples(kind)}; or quote the words that state it"))
            return None
        if len(found) > 1:
            listed = ", ".join(f"'{f.value.text}'" for f in found)
            problems.append(Problem(where, f"the quote holds {len(found)} values ({listed})",
                                    "add 'value:' with the one this statement gives"))
            return None
        if found[0].problem:
            problems.append(Problem(where, f"the quote's {kind} cannot be read whole: {found[0].problem}",
                                    _unread_hint(kind, found[0].problem)))
            return None
        value = found[0].value
        return value if says is None else replace(value, text=says)
    try:
        wanted = normalize_value(kind, statement.value, reference)
    except UnreadableValue as exc:
        problems.append(Problem(where, f"cannot read a {kind} value: {exc}",
                                _unread_hint(kind, str(exc))))
        return None
    parts = wanted.parts or (wanted,)
    matched: list[Value] = []
    for part in parts:
        match = next((f for f in found if not f.problem and compare(f.value, part) == EQUAL), None)
        if match is None:
            listed = ", ".join(f"'{f.value.text}'" for f in found if not f.problem) or "none"
            unread = "".join(f"; {f.problem}" for f in found if f.problem)
            problems.append(Problem(where, f"value '{part.text}' is not stated in the quote "
                                    f"(values there: {listed}{unread})",
                                    "quote the words that state it; a value never goes beyond its quote"))
            return None
        matched.append(match.value)
    if not wanted.parts:                # the article's reading: its hedge, its words, a year from its date
        return replace(matched[0], text=says or matched[0].text)
    hedged = any(not part.exact for part in matched)
    return replace(wanted, text=says or " + ".join(part.text for part in matched), parts=tuple(matched),
                   hedge="around" if hedged else "")


def _unread_hint(kind: str, reason: str) -> str:
    if "article's date" in reason or "gives no year" in reason:
        return "give the source's 'date:' (content/sources/), against which the article's dates are read"
    return f"write it as the article does, e.g. {examples(kind)}"


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
        problems.append(Problem(value_position(statement), f"cannot read a {claim.kind} value: {exc}", ""))
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

