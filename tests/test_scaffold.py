"""`site-builder new KIND NAME`: skeletons that build as they are, with unique ids."""
from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.load import load_content
from site_builder.pipeline import BuildOptions, build_site
from site_builder.slugs import record_slug, slug
from site_builder.tools.scaffold import skeleton


def new(root: Path, kind: str, name: str) -> int:
    return main(["--root", str(root), "new", kind, name])


def test_every_kind_of_skeleton_builds_as_it_is(tiny_project, capsys):
    (tiny_project / "seeds" / "b.txt").write_text("Another article.\n\nIt says one thing.\n", encoding="utf-8")
    assert new(tiny_project, "person", "Zoë O'Brien-Smith") == 0
    assert new(tiny_project, "organization", "Acme: the Company") == 0
    assert new(tiny_project, "event", "2025-06-13 Acme buys half of Widgets") == 0
    assert new(tiny_project, "claim", "How much did Acme pay") == 0
    assert new(tiny_project, "source", "b.txt") == 0
    assert "Wrote content/people/zoe-obrien-smith.yaml" in capsys.readouterr().out

    result = build_site(BuildOptions(tiny_project, write=False))
    assert result.ok, "\n".join(p.format(tiny_project) for p in result.problems)
    content = result.site.content
    assert content.people["zoe-obrien-smith"].name == "Zoë O'Brien-Smith"
    assert content.organizations["acme-the-company"].name == "Acme: the Company"
    event = content.events["2025-06-13-acme-buys-half-of-widgets"]
    assert (event.date.iso, event.title) == ("2025-06-13", "Acme buys half of Widgets")
    assert content.claims["how-much-did-acme-pay"].question == "How much did Acme pay?"
    assert content.sources["s001"].seed == "b.txt"      # s000 is taken
    # the only warnings: the placeholders a reader would otherwise see, one per skeleton that has them
    assert all("'TODO' placeholder" in p.message for p in result.warnings), [p.format() for p in result.warnings]
    assert {p.position.path for p in result.warnings} == {
        "content/people/zoe-obrien-smith.yaml", "content/organizations/acme-the-company.yaml",
        "content/events/2025-06-13-acme-buys-half-of-widgets.yaml", "content/sources/s001.yaml"}


def test_skeletons_are_commented(tiny_project):
    path, text = skeleton(tiny_project, "person", "Jane Doe")
    assert path == tiny_project / "content" / "people" / "jane-doe.yaml"
    assert "# roles:" in text and "site-builder docs people" in text and "TODO" in text


def test_ids_are_unique_across_people_and_organizations(tiny_project):
    assert new(tiny_project, "person", "Widgets") == 0           # 'widgets' is an organization
    assert new(tiny_project, "person", "Jane Roe") == 0          # 'jane-roe' is a person
    assert new(tiny_project, "person", "Jane Roe") == 0
    people = sorted(load_content(tiny_project).content.people)
    assert people == ["jane-roe", "jane-roe-2", "jane-roe-3", "widgets-2"]
    # unique ids, but three people named Jane Roe: the build says so (resolve.name_collisions)
    errors = build_site(BuildOptions(tiny_project, write=False)).errors
    assert len(errors) == 2 and all("the name 'Jane Roe' of person" in p.message for p in errors), errors


def test_an_event_needs_its_date_and_never_gets_the_current_year(tiny_project, capsys):
    assert new(tiny_project, "event", "Something happens") == 2
    assert "starts with its date" in capsys.readouterr().err
    assert not (tiny_project / "content" / "events").exists()
    path, text = skeleton(tiny_project, "event", "2019 Something happens")
    assert path.name == "2019-something-happens.yaml" and 'date: "2019"' in text


def test_a_seed_gets_one_source_only(tiny_project, capsys):
    (tiny_project / "seeds" / "b.txt").write_text("Another article.\n", encoding="utf-8")
    assert new(tiny_project, "source", "b.txt") == 0
    assert new(tiny_project, "source", "b.txt") == 2
    assert "seeds/b.txt already has a source: content/sources/s001.yaml" in capsys.readouterr().err
    assert new(tiny_project, "source", "a.txt") == 2          # s000's seed
    assert sorted(p.name for p in (tiny_project / "content" / "sources").iterdir()) == ["s000.yaml", "s001.yaml"]


def test_skeletons_use_the_projects_own_ids_or_neutral_placeholders(tmp_path, tiny_project):
    _, text = skeleton(tiny_project, "person", "Ann Other")
    assert '[[cite:s000 "' in text and "organization: widgets" in text
    bare = tmp_path / "bare"
    (bare / "content").mkdir(parents=True)
    for kind, name in (("person", "Ann Other"), ("organization", "Acme"), ("claim", "Why"), ("event", "2020 It")):
        _, text = skeleton(bare, kind, name)
        assert "cite:s0" not in text and "SOURCE" in text, kind


def test_a_source_numbers_itself_after_its_seed_file(tiny_project):
    (tiny_project / "seeds" / "007_report.txt").write_text("A report.\n", encoding="utf-8")
    path, _ = skeleton(tiny_project, "source", "seeds/007_report.txt")
    assert path.name == "s007.yaml"


@pytest.mark.parametrize("kind, name, message", [
    ("person", "!!!", "no letters or digits"),
    ("source", "missing.txt", "no seed file 'missing.txt' in seeds/"),
])
def test_bad_names_are_refused_and_nothing_is_written(tiny_project, capsys, kind, name, message):
    before = sorted(p for p in (tiny_project / "content").rglob("*"))
    assert new(tiny_project, kind, name) == 2
    assert message in capsys.readouterr().err
    assert sorted(p for p in (tiny_project / "content").rglob("*")) == before


def test_slug():
    assert slug("Jane Roe") == "jane-roe"
    assert slug("  Acme Widget Labs (AWL) ") == "acme-widget-labs-awl"
    assert slug("Zoë") == "zoe"
    # a new record's id keeps a word whole across its apostrophe; heading ids (slug) do not move
    assert record_slug("2022-04-25 Twitter's board accepts Musk’s offer") == "2022-04-25-twitters-board-accepts-musks-offer"
    assert slug("Twitter's board") == "twitter-s-board"


@pytest.mark.parametrize("question, kind", [
    ("How much did Musk pay for Twitter?", "money"), ("How many people did Twitter employ?", "count"),
    ("On what day did the deal close?", "date"), ("When did Agrawal become chief executive?", "date"),
    ("What share of the staff was laid off?", "percent"), ("How much of the company did it buy?", "percent"),
    ("Did Musk try to walk away?", "yesno"), ("Who is Twitter's general counsel?", "text")])
def test_a_claims_kind_is_guessed_from_its_question_and_builds(tiny_project, question, kind):
    from site_builder.tools.scaffold import guess_kind

    assert guess_kind(question) == kind
    assert new(tiny_project, "claim", question) == 0
    result = build_site(BuildOptions(tiny_project, write=False))
    assert result.ok, "\n".join(p.format(tiny_project) for p in result.problems)
    (made,) = [c for c in result.site.content.claims.values() if c.question == question]
    assert made.kind == kind


def test_a_markdown_seed_gets_markdown_cleaning(tiny_project):
    (tiny_project / "seeds" / "b.md").write_text("# Title\n\nIt says *one* thing.\n", encoding="utf-8")
    assert new(tiny_project, "source", "b.md") == 0
    result = build_site(BuildOptions(tiny_project, write=False))
    assert result.ok, "\n".join(p.format(tiny_project) for p in result.problems)
    source = next(s for s in result.site.content.sources.values() if s.seed == "b.md")
    assert source.cleaning.markdown
    (tiny_project / "seeds" / "c.txt").write_text("Plain text.\n", encoding="utf-8")
    _, text = skeleton(tiny_project, "source", "c.txt")
    assert "\n# cleaning:" in text and "\ncleaning:" not in text
