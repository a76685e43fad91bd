"""Claims -> comparisons: normalize every statement and compute each claim's status.

Part of `resolve`: a statement whose value cannot be read is an error at its line.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import model as m
from .citations import Anchor
from .errors import Problem
from .values import UnreadableValue, Value, Verdict, claim_status, normalize_value


@dataclass(frozen=True)
class ComparedStatement:
    source: str
    anchor: Anchor
    value: Value
    cell: str            # "agrees" | "differs" | "approximate"


@dataclass(frozen=True)
class Comparison:
    claim: m.Claim
    statements: tuple[ComparedStatement, ...]
    verdict: Verdict

    @property
    def status(self) -> str:
        return self.verdict.status

    def by_source(self, source: str) -> ComparedStatement | None:
        return next((s for s in self.statements if s.source == source), None)


def compare_claims(content: m.Content, anchors) -> tuple[dict[str, Comparison], list[Problem]]:
    problems: list[Problem] = []
    out: dict[str, Comparison] = {}
    for claim in content.claims.values():
        pairs: list[tuple[str, Value, Anchor]] = []
        for statement in claim.statements:
            anchor = anchors.get((statement.source.id, statement.quote))
            if anchor is None:
                continue  # the quote error is already reported
            try:
                value = normalize_value(claim.kind, statement.value or anchor.exact)
            except UnreadableValue as exc:
                problems.append(Problem(statement.position, f"cannot read a {claim.kind} value: {exc}",
                                        "add 'value:' with the normalized value, e.g. \"$14.3 billion\", \"49%\", \"2025-06\""))
                continue
            pairs.append((statement.source.id, value, anchor))
        if not pairs:
            continue
        verdict = claim_status([(s, v) for s, v, _ in pairs])
        cells = dict(verdict.cells)
        out[claim.id] = Comparison(claim, tuple(ComparedStatement(s, a, v, cells[s]) for s, v, a in pairs), verdict)
    return out, problems
