"""The timeline's order: by the first day a date can be, the narrower first (a month opens the
month), a year-only date after its year's dated events, `after:`, and the warning for a date that
no cited passage states."""
from __future__ import annotations

import shutil

from projects import write_files

from site_builder import model as m
from site_builder.errors import Position
from site_builder.pipeline import BuildOptions, build_site
from site_builder.resolve.timeline import order_timeline

HERE = Position("content/events/e.yaml", 1, 1)


def _event(eid: str, date: str | None, after: str | None = None, qualifier: str = "") -> m.Event:
    return m.Event(eid, HERE, eid.title(), m.Text("x", HERE, "x"),
                   date=m.PartialDate.parse(date, qualifier) if date else None,
                   after=m.Ref(after, HERE) if after else None)


def _content(*events: m.Event) -> m.Content:
    site = m.SiteConfig(HERE, "T", "D")
    return m.Content(site, {}, {}, {}, {e.id: e for e in events}, {}, {}, {})


def test_year_only_events_come_after_the_dated_events_of_their_year():
    entries, problems = order_timeline(_content(
        _event("warren", "2025"), _event("deal", "2025-06-13"), _event("llama", "2025-04"),
        _event("ad", "2025-01"), _event("founding", "2016"), _event("hire", "2025-06"),
        _event("retreat", "2023", qualifier="late"), _event("lab", "2023-11")))
    assert not problems
    # (changed from "lab, retreat, ... deal, hire": a month used to close the month; it now opens it, and
    # "late 2023" opens September, since the articles may place it anywhere in that span)
    assert [e.event.id for e in entries] == ["founding", "retreat", "lab", "ad", "llama", "hire", "deal", "warren"]
    assert [e.event.id for e in entries if e.year_only] == ["founding", "warren"]


def test_an_early_month_event_comes_before_the_dated_days_of_that_month():
    # the stake disclosed "at the start of April", the seat declined on 10 April, the bid accepted on
    # the 25th: a reader takes the list as a chronology
    entries, problems = order_timeline(_content(
        _event("accepts", "2022-04-25"), _event("declines", "2022-04-10"),
        _event("stake", "2022-04", qualifier="early"), _event("march", "2022-03-31"),
        _event("first", "2022-04-01"), _event("april", "2022-04"), _event("late", "2022-04", qualifier="late")))
    assert not problems
    assert [e.event.id for e in entries] == ["march", "first", "stake", "april", "declines", "late", "accepts"]


def test_after_places_an_event_and_may_stand_for_its_date():
    entries, problems = order_timeline(_content(
        _event("deal", "2025-06-13"), _event("layoffs", None, after="deal"), _event("llama", "2025-04"),
        _event("warren", "2025", after="layoffs"), _event("late", "2025-12")))
    assert not problems
    assert [e.event.id for e in entries] == ["llama", "deal", "layoffs", "warren", "late"]
    layoffs = entries[2]
    assert layoffs.label == "after 13 June 2025" and layoffs.relative_to == "deal" and not layoffs.year_only


def test_an_after_event_comes_after_every_event_of_the_day_or_month_it_follows():
    entries, problems = order_timeline(_content(
        _event("a-deal", "2024-08-02"), _event("cuts", None, after="a-deal"), _event("z-filing", "2024-08-02"),
        _event("b-hire", "2024-08"), _event("rumour", None, after="b-hire"), _event("y-report", "2024-08"),
        _event("next-day", "2024-08-03")))
    assert not problems
    # (the August events now open August: changed with the rule above)
    assert [e.event.id for e in entries] == ["b-hire", "y-report", "rumour", "a-deal", "z-filing", "cuts",
                                             "next-day"]


def test_bad_after_references_are_errors():
    _, problems = order_timeline(_content(_event("a", None, after="b"), _event("b", None, after="a"),
                                          _event("c", None, after="nope"), _event("d", None)))
    messages = " | ".join(p.message for p in problems)
    assert "loop" in messages and "unknown event id 'nope'" in messages and "needs 'date:' or 'after:'" in messages


SEED = "Acme News\n\nIn June 2025, Acme bought Widgets. Later, Widgets cut jobs.\n"
SITE = {
    "content/site.yaml": "title: T\ndescription: D\n",
    "content/sources/s000.yaml": "seed: a.txt\nlabel: The article\n",
    "content/events/deal.yaml": 'date: "2025-06"\ntitle: Acme buys Widgets\nsummary: >-\n  Bought [[cite:s000 "Acme bought Widgets"]].\n',
}


def _build(tmp_path, extra: dict[str, str]):
    root = write_files(tmp_path / "p", {**SITE, **extra})
    (root / "seeds").mkdir()
    (root / "seeds" / "a.txt").write_text(SEED, encoding="utf-8")
    from projects import ROOT
    shutil.copytree(ROOT / "themes", root / "themes")
    return build_site(BuildOptions(root, root / "output")), root


def test_a_date_no_cited_passage_states_is_a_warning_until_marked_inferred(tmp_path):
    cuts = 'date: "2025-08"\ntitle: Widgets cuts jobs\nsummary: >-\n  Cut [[cite:s000 "Widgets cut jobs"]].\n'
    result, _ = _build(tmp_path, {"content/events/cuts.yaml": cuts})
    assert result.ok
    (warning,) = [p for p in result.warnings if "states its date" in p.message]
    assert str(warning.position) == "content/events/cuts.yaml:1:7"
    inferred = cuts + "date_basis: inferred\ndate_reason: the article says only that it came later\n"
    result, root = _build(tmp_path / "2", {"content/events/cuts.yaml": inferred})
    assert result.ok and not result.warnings
    html = (root / "output" / "timeline.html").read_text(encoding="utf-8")
    assert "Inferred date:" in html and "the article says only that it came later" in html


def test_a_year_less_date_in_a_dated_article_states_its_date_and_the_warning_names_only_what_is_missing(tmp_path):
    seed = "Acme News\n\nOn Nov. 4, Widgets cut jobs. Acme had bought it earlier.\n"
    extra = {"content/sources/s000.yaml": 'seed: a.txt\nlabel: The article\ndate: "2022-11-07"\n',
             "content/events/deal.yaml": 'date: "2022-11-04"\ntitle: Widgets cuts jobs\nsummary: >-\n'
                                         '  Cut [[cite:s000 "On Nov. 4, Widgets cut jobs"]].\n'}
    root = write_files(tmp_path / "p", {**SITE, **extra})
    (root / "seeds").mkdir()
    (root / "seeds" / "a.txt").write_text(seed, encoding="utf-8")
    result = build_site(BuildOptions(root, write=False))
    assert result.ok and not [p for p in result.warnings if "states its date" in p.message]
    # dated October: the passage states the year (from the article's date), not the month
    (root / "content" / "events" / "deal.yaml").write_text(
        extra["content/events/deal.yaml"].replace("2022-11-04", "2022-10-04"), encoding="utf-8")
    result = build_site(BuildOptions(root, write=False))
    (warning,) = [p for p in result.warnings if "states its date" in p.message]
    assert "('October' not found near any of them)" in warning.message and "2022" not in warning.message


def test_an_inferred_date_needs_its_reason(tmp_path):
    cuts = ('date: "2025-08"\ndate_basis: inferred\ntitle: Cuts\nsummary: >-\n'
            '  Cut [[cite:s000 "Widgets cut jobs"]].\n')
    result, _ = _build(tmp_path, {"content/events/cuts.yaml": cuts})
    assert [p.message for p in result.errors] == ["an inferred date needs its reason"]


def test_new_event_after_another_writes_a_skeleton_that_builds_in_its_place(tiny_project, capsys):
    from site_builder.cli import main

    def new(*args: str) -> int:
        return main(["--root", str(tiny_project), "new", "event", *args])

    assert new("2025-06-13 Acme buys Widgets") == 0
    assert new("Widgets cuts jobs", "--after", "2025-06-13-acme-buy-widgets") == 2     # a misspelt id
    assert "did you mean '2025-06-13-acme-buys-widgets'" in capsys.readouterr().err
    assert new("2025-07 Widgets cuts jobs", "--after", "2025-06-13-acme-buys-widgets") == 2   # not both
    assert new("Widgets cuts jobs", "--after", "2025-06-13-acme-buys-widgets") == 0
    text = (tiny_project / "content" / "events" / "widgets-cuts-jobs.yaml").read_text(encoding="utf-8")
    assert "after: 2025-06-13-acme-buys-widgets" in text and "\ndate:" not in text
    result = build_site(BuildOptions(tiny_project, write=False))
    assert not result.errors, [p.format() for p in result.errors]
    order = [e.event.id for e in result.site.timeline]
    assert order.index("widgets-cuts-jobs") == order.index("2025-06-13-acme-buys-widgets") + 1
    assert new("Widgets cuts jobs") == 2 and "--after EVENT_ID" in capsys.readouterr().err


def test_the_timeline_names_its_years_once_when_it_has_one(tmp_path):
    from site_builder.render.vocabulary import year_span

    assert (year_span(2022, 2022), year_span(2021, 2022)) == ("in 2022", "from 2021 to 2022")
    result, root = _build(tmp_path, {})
    assert result.ok
    page = (root / "output" / "timeline.html").read_text(encoding="utf-8")
    assert "1 event in 2025." in page and "from 2025 to 2025" not in page
