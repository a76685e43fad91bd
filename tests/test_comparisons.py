"""Claims: positions, statuses and badges, and the rule that nothing depends on order or names."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder import model as m
from site_builder.errors import Position
from site_builder.resolve.anchoring import Anchor
from site_builder.resolve.comparisons import compare_claim, verdict
from site_builder.resolve.quantities import APPROX, COMPATIBLE, DIFFERENT

HERE = Position("content/claims/c.yaml", 1, 1)


def _claim(kind: str, statements: list[tuple[str, str, str | None]], stances=(), compatible=()) -> m.Claim:
    """statements: (source, quote, value or position id)."""
    made = []
    for source, quote, answer in statements:
        stance = m.Ref(answer, HERE) if answer and stances else None
        value = answer if answer and not stances else None
        made.append(m.Statement(m.Ref(source, HERE), HERE, (m.Quote(quote, HERE),), value=value, stance=stance))
    stance_records = tuple(m.Stance(sid, label, HERE) for sid, label in stances)
    compat = tuple(m.Compatibility((m.Ref(a, HERE), m.Ref(b, HERE)),
                                   m.Text('both hold [[cite:s0 "x"]]', HERE, ""), HERE) for a, b in compatible)
    return m.Claim("c", HERE, "Q?", kind, tuple(made), stance_records, compat)


def _anchors(claim: m.Claim) -> dict:
    return {(s.source.id, q.text): Anchor(s.source.id, q.text, 0, len(q.text), "", "", 1)
            for s in claim.statements for q in s.quotes}


def _compare(claim: m.Claim):
    problems: list = []
    result = compare_claim(claim, _anchors(claim), problems)
    assert not problems, [p.message for p in problems]
    return result


def _cells(comparison) -> dict[str, str]:
    return {s.source: s.cell for s in comparison.statements}


def test_the_price_majority_and_the_outliers():
    claim = _claim("money", [("s0", "a $14.3 billion acquisition", None), ("s1", "for $14.8 billion", None),
                             ("s2", "invested $14.3 billion", None), ("s3", "a $14.3 billion investment", None),
                             ("s4", "nearly $15 billion in Scale", None)])
    result = _compare(claim)
    assert result.status == "conflict"
    # "nearly $15 billion" fits $14.3 billion and $14.8 billion alike: it joins neither account
    assert _cells(result) == {"s0": "agrees", "s1": "differs", "s2": "agrees", "s3": "agrees", "s4": "fits-both"}
    assert [result.position(p).label for p in result.fitted(result.by_source("s4").position)] == \
        ["$14.3 billion", "$14.8 billion"]
    assert [p.label for p in result.positions] == ["$14.3 billion", "$14.8 billion", "nearly $15 billion"]


def test_one_against_one_marks_neither_side_as_agreeing():
    result = _compare(_claim("count", [("a", "dropped out at 17", None), ("b", "at just 19 years old", None)]))
    assert result.status == "conflict" and set(_cells(result).values()) == {"one-of-k"}


def test_no_majority_means_no_article_is_marked_right():
    stances = [("cont", "Continues"), ("eval", "Evaluating"), ("cut", "Cut ties"), ("plan", "Planning to cut")]
    claim = _claim("text", [("a", "q1", "cont"), ("b", "q2", "eval"), ("c", "q3", "cut"), ("d", "q4", "plan")], stances)
    result = _compare(claim)
    assert result.majority is None and set(_cells(result).values()) == {"one-of-k"}


def test_declared_compatible_positions_are_not_a_conflict():
    stances = [("all", "Supplied GPT-4's RLHF data"), ("share", "Supplied 60% of it")]
    claim = _claim("text", [("a", "q1", "all"), ("b", "q2", "share")], stances, compatible=[("all", "share")])
    result = _compare(claim)
    assert result.status == "compatible" and set(_cells(result).values()) == {"compatible"}
    assert result.relations[0].reason is not None


def test_approximate_values_can_form_the_majority():
    claim = _claim("count", [("a", "500,000 annotators", None), ("b", "500,000+ labelers", None),
                             ("c", "tens of thousands of contractors", None)])
    result = _compare(claim)
    assert result.status == "conflict" and result.majority is None
    assert _cells(result) == {"a": "approximate", "b": "approximate", "c": "differs"}


def test_an_explicit_value_must_be_stated_in_the_quote():
    claim = _claim("money", [("a", "for $14.8 billion", "$14.3 billion")])
    problems: list = []
    assert compare_claim(claim, _anchors(claim), problems) is None
    assert "is not stated in the quote" in problems[0].message


def test_a_quote_with_several_amounts_needs_an_explicit_value():
    claim = _claim("money", [("a", "for $14.8 billion, pushing its valuation to $29 billion", None)])
    problems: list = []
    compare_claim(claim, _anchors(claim), problems)
    assert "holds 2 values" in problems[0].message and "add 'value:'" in problems[0].hint
    fixed = _claim("money", [("a", "for $14.8 billion, pushing its valuation to $29 billion", "$14.8 billion")])
    assert _compare(fixed).statements[0].value.text == "$14.8 billion"


def test_values_dated_differently_are_not_one_quantity():
    claim = _claim("money", [("a", "surged from $14 billion in 2024", "$14 billion"),
                             ("b", "valued at $7 billion in 2021", "$7 billion")])
    problems: list = []
    compare_claim(claim, _anchors(claim), problems)
    assert any("make one claim per date" in p.hint for p in problems)


def test_the_articles_own_words_are_kept():
    result = _compare(_claim("count", [("a", "reached it before turning 28", "under 28")]))
    assert result.statements[0].wording == "before turning 28"


# --- the property: badges never depend on order or on what sources are called ---------------------

VALUES = ["$14.3 billion", "$14.8 billion", "nearly $15 billion", "$29 billion", "about $14 billion",
          "more than $10 billion", "$14.3 billion"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VALUES), min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_badges_ignore_statement_order_and_source_names(amounts, rnd: random.Random):
    rows = [(f"s{i}", f"paid {amount} for it", None) for i, amount in enumerate(amounts)]
    first = _compare(_claim("money", rows))
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    names = [f"x{n}" for n in rnd.sample(range(100), len(rows))]
    renamed = {old: new for (old, _, _), new in zip(rows, names, strict=True)}
    second = _compare(_claim("money", [(renamed[s], q, v) for s, q, v in shuffled]))
    assert first.status == second.status
    assert {renamed[s]: cell for s, cell in _cells(first).items()} == _cells(second)
    # and the rule itself: "agrees" only with a strict majority sharing the position, of the
    # statements that take a side (a value that fits two conflicting accounts takes neither)
    sided = [s for s in first.statements if s.cell != "fits-both"]
    for statement in first.statements:
        if statement.cell == "agrees":
            assert 2 * (len(statement.peers) + 1) > len(sided)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from("abcdef"), st.integers(1, 4), min_size=1, max_size=6),
       st.dictionaries(st.tuples(st.sampled_from("abcdef"), st.sampled_from("abcdef")),
                       st.sampled_from([APPROX, COMPATIBLE, DIFFERENT])))
def test_verdict_is_a_function_of_sizes_and_relations(sizes, table):
    def relation(a, b):
        return table.get((min(a, b), max(a, b)), DIFFERENT)

    result = verdict(sizes, relation)
    total = sum(n for p, n in sizes.items() if result.cells[p] != "fits-both")
    agreeing = sum(n for p, n in sizes.items() if result.cells[p] == "agrees")
    assert agreeing == 0 or (2 * agreeing > total and len([p for p in sizes if result.cells[p] == "agrees"]) == 1)
    reordered = dict(reversed(list(sizes.items())))
    assert verdict(reordered, relation).cells == result.cells


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from("abcdef"), st.integers(1, 4), min_size=2, max_size=6),
       st.dictionaries(st.tuples(st.sampled_from("abcdef"), st.sampled_from("abcdef")),
                       st.sampled_from([APPROX, COMPATIBLE, DIFFERENT])),
       st.integers(1, 3), st.sampled_from([APPROX, COMPATIBLE]))
def test_a_statement_that_fits_both_sides_never_changes_the_majority(sizes, table, extra, fit):
    def relation(a, b):
        if "x" in (a, b):
            return fit           # the new position fits every account
        return table.get((min(a, b), max(a, b)), DIFFERENT)

    if not any(relation(a, b) == DIFFERENT for a in sizes for b in sizes if a < b):
        return                   # no two sides in conflict: nothing to fit both of
    before = verdict(sizes, relation)
    after = verdict({**sizes, "x": extra}, relation)
    assert (after.majority, after.bloc) == (before.majority, before.bloc)
    assert {p: c for p, c in after.cells.items() if p != "x"} == before.cells
    assert after.cells["x"] in ("fits-both", "one-of-k")


def test_adding_nearly_15_billion_to_real_accounts_changes_no_badge():
    rows = [("s0", "a $14.3 billion acquisition", None), ("s1", "for $14.8 billion", None),
            ("s2", "invested $14.3 billion", None)]
    before = _cells(_compare(_claim("money", rows)))
    after = _cells(_compare(_claim("money", [*rows, ("s3", "nearly $15 billion in Scale", None)])))
    assert {s: c for s, c in after.items() if s != "s3"} == before == {"s0": "agrees", "s1": "differs", "s2": "agrees"}
    assert after["s3"] == "fits-both"


def test_the_same_value_hedged_or_not_is_one_account():
    claim = _claim("money", [("a", "paid about $2.7 billion", None), ("b", "paid $2.7 billion", None),
                             ("c", "roughly $2.7 billion", None), ("d", "a $2.5 billion deal", None)])
    result = _compare(claim)
    assert _cells(result) == {"a": "agrees", "b": "agrees", "c": "agrees", "d": "differs"}
    assert len(result.positions) == 2 and result.status == "conflict"


def test_a_sum_of_hedged_parts_agrees_with_its_hedged_total():
    quote = "paid roughly $620 million for a license to its models plus about $30 million to cover legal rights"
    claim = _claim("money", [("a", quote, "roughly $620 million + about $30 million"),
                             ("b", "a deal worth about $650 million", None)])
    result = _compare(claim)
    assert result.status == "agree"          # the same total, hedged: one account
    (summed,) = [s.value for s in result.statements if s.source == "a"]
    assert [p.text for p in summed.parts] == ["roughly $620 million", "about $30 million"]
    assert summed.normalized == "about $650 million ($620 million + $30 million)"
    bare = _claim("money", [("a", quote, "$620 million + $30 million")])     # the editor's parts, unhedged
    assert _compare(bare).statements[0].value.text == "roughly $620 million + about $30 million"


def test_amounts_in_two_currencies_are_not_compared():
    claim = _claim("money", [("a", "for £1.2 billion", None), ("b", "for $1.5 billion", None)])
    problems: list = []
    assert compare_claim(claim, _anchors(claim), problems) is None
    assert "does not convert currencies" in problems[0].message


def test_a_date_without_a_year_takes_the_articles_and_says_so():
    claim = _claim("date", [("a", "SAN FRANCISCO, Aug 2 (Reuters) -", None),
                            ("b", "announced on Aug. 2, 2024", None), ("c", "on Thursday, Aug. 1", None)])
    dates = {"a": m.PartialDate(2024, 8, 2), "b": m.PartialDate(2024, 8, 3), "c": m.PartialDate(2024, 8, 1)}
    problems: list = []
    result = compare_claim(claim, _anchors(claim), problems, None, dates)
    assert not problems
    by = {s.source: s.value for s in result.statements}
    assert (by["a"].date.iso, by["a"].derived, by["b"].derived) == ("2024-08-02", "year", "")
    assert _cells(result) == {"a": "agrees", "b": "agrees", "c": "differs"}      # 1 August is not 2 August
    undated = compare_claim(claim, _anchors(claim), problems, None, {})
    assert undated is not None and "date:" in problems[0].hint and "gives no year" in problems[0].message


def test_value_errors_point_at_the_value_line_with_examples_of_the_claims_kind():
    at = Position("content/claims/c.yaml", 7, 12)
    statement = m.Statement(m.Ref("a", HERE), HERE, (m.Quote("announced on Aug. 2, 2024", HERE),),
                            value="sometime that summer", value_position=at)
    claim = m.Claim("c", HERE, "When?", "date", (statement,))
    problems: list = []
    compare_claim(claim, _anchors(claim), problems)
    (problem,) = problems
    assert problem.position == at
    assert "Aug. 2, 2024" in problem.hint and "$" not in problem.hint


def test_badges_count_in_words_a_reader_would_write():
    from site_builder.render.vocabulary import badge

    two = _compare(_claim("money", [("s0", "for $44 billion", None), ("s1", "about $44 billion", None)]))
    assert {badge(two, s) for s in two.statements} == {"Agrees with the other article"}
    three = _compare(_claim("money", [("s0", "for $44 billion", None), ("s1", "about $44 billion", None),
                                      ("s2", "some $44 billion", None)]))
    assert {badge(three, s) for s in three.statements} == {"Agrees with the 2 others"}


def test_a_build_from_the_stored_state_compares_only_the_edited_claim(tmp_path, monkeypatch) -> None:
    """What each record contributed is read back from the build state with the records, anchors
    and sources it was made from (in rows of their own): an unchanged claim is not compared
    again by a build in a new process."""
    import shutil
    from pathlib import Path

    from site_builder.pipeline import BuildOptions
    from site_builder.pipeline.cache import cached_build
    from site_builder.resolve import contributions

    root = tmp_path / "p"
    shutil.copytree(Path(__file__).parent / "fixtures" / "musk-twitter", root)
    options = BuildOptions(root, search=False)
    assert cached_build(options).ok
    claims = sorted((root / "content" / "claims").glob("*.yaml"))
    assert len(claims) > 3
    edited = claims[0]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("question: ", "question: (Edited) ", 1), encoding="utf-8")
    compared: list[str] = []
    real = contributions.compare_claim

    def counting(claim, *args, **kwargs):
        compared.append(claim.id)
        return real(claim, *args, **kwargs)

    monkeypatch.setattr(contributions, "compare_claim", counting)
    update = cached_build(options)
    assert update.ok and update.result.from_state
    assert compared == [edited.stem]
