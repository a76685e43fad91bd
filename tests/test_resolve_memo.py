"""Resolve with the memo of the last build equals a fresh resolve, after every kind of edit.

The memo keeps what each record contributes while the record and the sources it reads are the
same objects, and the site-wide parts while their inputs are (resolve/memo.py): each edit below
is followed by a warm resolve (`reload_content`, the memo, the last site) and a fresh one of the
same content, which must give an equal site and the very same problems, in the same order.
"""
from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest
from projects import copy_project

from site_builder.load import load_content, reload_content
from site_builder.resolve import ResolveMemo, Site, resolve

Edit = tuple[str, str, Callable[[str], str | None]]   # (what, file under content/, new text from old; None: deleted)


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, f"the edit's text is not in the file: {old!r}"
        return text.replace(old, new, 1)
    return edit


EDITS: list[Edit] = [
    ("nothing (a trailing space)", "claims/deal-price.yaml", lambda text: text.replace("\n", " \n", 1)),
    ("a claim's question", "claims/deal-price.yaml",
     _replace("question: How much did Meta pay", "question: How much, in all, did Meta pay")),
    ("a statement's quote, broken", "claims/deal-price.yaml",
     _replace('"a $14.3 billion acquisition of 49% of Scale AI"', '"a $14.3 billion purchase of all of Scale AI"')),
    ("a person's summary", "people/alexandr-wang.yaml",
     _replace("Co-founded Scale AI in 2016", "Co-founded the company Scale AI in 2016")),
    ("a person's alias that another person has", "people/alexandr-wang.yaml",
     _replace("aliases: [Wang]", "aliases: [Wang, Arthur Mensch]")),
    ("a citation to an unknown source, a malformed marker", "people/alexandr-wang.yaml",
     _replace("and is joining Meta's", '[[cite:s999 "no such source"]] [[cite:s000 broken]] and is joining Meta\'s')),
    ("an event's date", "events/2014-google-buys-deepmind.yaml", _replace('date: "2014"', 'date: "2019-03"')),
    ("a page's paragraph without a citation", "pages/disagreements.md",
     _replace("::: editorial", "A paragraph that cites nothing at all.\n\n::: editorial")),
    ("a source's label", "sources/s001.yaml", _replace('label: The "New World" analysis', 'label: The analysis')),
    ("a source's date", "sources/s000.yaml", lambda text: text + '\ndate: "2025-06-13"\n'),
    ("an organization deleted", "organizations/google-deepmind.yaml", lambda text: None),
]


def _fresh(content) -> tuple[Site, list]:
    return resolve(content, ResolveMemo())


def _assert_same(warm: tuple[Site, list], fresh: tuple[Site, list], what: str) -> None:
    (site, problems), (expected, expected_problems) = warm, fresh
    assert [p.format() for p in problems] == [p.format() for p in expected_problems], what
    assert problems == expected_problems, what
    # the name matcher is compiled anew or kept (it compares by identity): its names must agree
    assert site.matcher.names == expected.matcher.names, what
    expected = dataclasses.replace(expected, matcher=site.matcher)
    differ = [f.name for f in dataclasses.fields(Site) if getattr(site, f.name) != getattr(expected, f.name)]
    assert not differ, f"{what}: {differ} differ from a fresh resolve"
    assert list(site.anchors) == list(expected.anchors), what          # the order quotes are first used in
    assert list(site.parsed) == list(expected.parsed), what


@pytest.mark.parametrize("undo", [False, True], ids=["edits pile up", "each edit undone"])
def test_warm_resolve_after_each_kind_of_edit_equals_a_fresh_one(tmp_path: Path, undo: bool) -> None:
    root = copy_project(tmp_path / "proj")
    loaded = load_content(root)
    memo = ResolveMemo()
    site, problems = resolve(loaded.content, memo)
    assert problems == _fresh(loaded.content)[1]
    seen_problems = set()
    for what, name, edit in EDITS:
        path = root / "content" / name
        before = path.read_text(encoding="utf-8")
        steps: list[str | None] = [edit(before), before] if undo else [edit(before)]
        for text in steps:
            if text is None:
                path.unlink()
            else:
                path.write_text(text, encoding="utf-8")
            again = reload_content(root, loaded, [f"content/{name}"])
            loaded = again if again is not None else load_content(root)
            assert loaded.content is not None
            warm = resolve(loaded.content, memo, site)
            _assert_same(warm, _fresh(loaded.content), what)
            site = warm[0]
            seen_problems.update(p.message for p in warm[1])
    # the edits did reach resolve: each of these problems was reported along the way
    expected = ["quote not found in s000", "is also the alias of person 'alexandr-wang'", "unknown source id 's999'",
                "malformed citation marker", "paragraph without a citation", "unknown organization id 'google-deepmind'"]
    for message in expected:
        assert any(message in seen for seen in seen_problems), message


def test_a_memo_read_back_from_disk_keeps_working(tmp_path: Path) -> None:
    """The memo is kept in the build state on disk, pickled with the loaded content: read back,
    its kept contributions hold for the records read back with it."""
    root = copy_project(tmp_path / "proj")
    loaded = load_content(root)
    memo = ResolveMemo()
    site, _ = resolve(loaded.content, memo)
    loaded, memo, site = pickle.loads(pickle.dumps((loaded, memo, site)))
    for what, name, edit in EDITS[:4]:
        path = root / "content" / name
        path.write_text(edit(path.read_text(encoding="utf-8")) or "", encoding="utf-8")
        loaded = reload_content(root, loaded, [f"content/{name}"]) or load_content(root)
        warm = resolve(loaded.content, memo, site)
        _assert_same(warm, _fresh(loaded.content), what)
        site = warm[0]
