"""`site-builder draft`: proposals from three short articles of an invented deal, written as drafts."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from projects import ROOT, write_files

from site_builder.cli import main
from site_builder.pipeline import load_and_resolve
from site_builder.resolve.anchoring import Anchor, SourceIndex
from site_builder.tools.draft import make_draft
from site_builder.tools.draft.write import organization_kind

sys.path.insert(0, str(ROOT / "bench"))
from draft_quality import claim_recall, copied, judged_precision, judgements

ARTICLES = {
    "seeds/000_wire.txt": (
        "KESTREL TO BUY HARBOR ROBOTICS\n\n"
        "Kestrel Motors agreed on March 4, 2024 to buy Harbor Robotics for $2.1 billion in cash, the companies said.\n\n"
        "Kestrel chief executive Priya Natarajan said the purchase would close within months. "
        "Harbor founder Leo Marsh will stay on as an adviser.\n\n"
        "Harbor Robotics, founded in 2015, employs 320 engineers.\n"),
    "seeds/001_analysis.txt": (
        "Why Kestrel wanted Harbor\n\n"
        "Kestrel Motors is paying $2.4 billion for Harbor Robotics, including debt. "
        "Kestrel signed the deal on March 4, 2024, after months of talks.\n\n"
        "Priya Natarajan, the interim CEO of Kestrel Motors, has pushed the company toward automation. "
        "Natarajan called the price fair.\n\n"
        "Harbor employs 350 engineers, according to a filing.\n"),
    "seeds/002_blog.txt": (
        "Kestrel and Harbor: a robot romance\n\n"
        "Kestrel Motors will pay about $2.1 billion for Harbor Robotics, a sum Leo Marsh called generous. "
        "Marsh founded Harbor in 2015.\n\n"
        "The deal was announced in March 2024.\n"),
    "content/site.yaml": "title: Kestrel and Harbor\ndescription: Kestrel Motors buys Harbor Robotics.\n",
    "content/sources/s000.yaml": 'seed: "000_wire.txt"\nlabel: The wire report\ntitle: "Kestrel to buy Harbor Robotics"\n'
                                 "cleaning:\n  drop_title_lines: true\n",
    "content/sources/s001.yaml": 'seed: "001_analysis.txt"\nlabel: The analysis\ntitle: "Why Kestrel wanted Harbor"\n'
                                 "cleaning:\n  drop_title_lines: true\n",
    "content/sources/s002.yaml": 'seed: "002_blog.txt"\nlabel: The blog post\ntitle: "Kestrel and Harbor: a robot romance"\n'
                                 "cleaning:\n  drop_title_lines: true\n",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_files(tmp_path / "kestrel", ARTICLES)


def _json(project: Path, capsys) -> dict:
    capsys.readouterr()
    assert main(["draft", "--root", str(project), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _by_name(items: list[dict]) -> dict[str, dict]:
    return {item["name"]: item for item in items}


def test_json_has_exactly_the_documented_shape(project: Path, capsys) -> None:
    data = _json(project, capsys)
    assert set(data) == {"people", "organizations", "events", "claims"}
    for kind in ("people", "organizations"):
        for item in data[kind]:
            assert set(item) == {"name", "aliases", "mentions"}
            assert all(set(m) == {"source", "quote"} for m in item["mentions"])
    for event in data["events"]:
        assert set(event) == {"date", "title", "citations"}
        assert all(set(c) == {"source", "quote"} for c in event["citations"])
    for claim in data["claims"]:
        assert set(claim) == {"kind", "statements"}
        assert all(set(s) == {"source", "quote", "value"} for s in claim["statements"])


def test_people_and_organizations_merged_with_their_short_forms(project: Path, capsys) -> None:
    data = _json(project, capsys)
    people, orgs = _by_name(data["people"]), _by_name(data["organizations"])
    assert people["Priya Natarajan"]["aliases"] == ["Natarajan"]
    assert people["Leo Marsh"]["aliases"] == ["Marsh"]
    assert orgs["Kestrel Motors"]["aliases"] == ["Kestrel"]
    assert orgs["Harbor Robotics"]["aliases"] == ["Harbor"]
    assert not {"Priya Natarajan", "Leo Marsh"} & set(orgs) and not {"Kestrel Motors", "Harbor Robotics"} & set(people)
    # a first mention per article, each a quote the build finds once in its article
    assert [m["source"] for m in orgs["Kestrel Motors"]["mentions"]] == ["s000", "s001", "s002"]
    site = load_and_resolve(project)
    assert site is not None
    for item in [*data["people"], *data["organizations"]]:
        for mention in item["mentions"]:
            found = SourceIndex(mention["source"], site.cleaned[mention["source"]].text).anchor(mention["quote"])
            assert isinstance(found, Anchor) and found.occurrences == 1, mention


def test_roles_events_and_claims_with_their_statuses(project: Path) -> None:
    site = load_and_resolve(project)
    assert site is not None
    draft = make_draft(site)
    natarajan = next(p for p in draft.people if p.name == "Priya Natarajan")
    assert natarajan.role == "Kestrel chief executive"
    # the same day in two articles that share a name: one event, a citation per article
    signed = [e for e in draft.events if e.date.iso == "2024-03-04"]
    assert len(signed) == 1 and [c.source for c in signed[0].citations] == ["s000", "s001"]
    assert any(e.date.iso == "2024-03" and e.date.precision == "month" for e in draft.events)
    claims = {c.kind: c for c in draft.claims if c.kind != "role"}
    price = claims["money"]
    assert {s.source: s.value for s in price.statements} == {"s000": "$2.1 billion", "s001": "$2.4 billion",
                                                             "s002": "about $2.1 billion"}
    assert price.status == "conflict"
    assert {s.source: s.value for s in claims["count"].statements} == {"s000": "320", "s001": "350"}
    assert claims["date"].status == "approximate"      # 4 March 2024 and March 2024
    role = next(c for c in draft.claims if c.kind == "role")
    assert role.person == "Priya Natarajan"
    assert {s.source: s.value for s in role.statements} == {"s000": "Kestrel chief executive",
                                                            "s001": "interim CEO of Kestrel Motors"}
    assert role.status == "conflict"
    # each status is the one the build computes once the claim is written
    assert main(["draft", "--root", str(project), "--write", "--only", "claims"]) == 0
    built = load_and_resolve(project)
    assert built is not None
    for claim in draft.claims:
        assert built.comparisons[claim.id].status == claim.status, claim.id


def test_write_builds_with_drafts_shown_as_drafts_and_strict_fails(project: Path, capsys) -> None:
    assert main(["draft", "--root", str(project), "--write"]) == 0
    written = sorted(p.relative_to(project).as_posix() for p in (project / "content").rglob("*.yaml")
                     if "sources" not in p.parts and p.name != "site.yaml")
    assert "content/people/priya-natarajan.yaml" in written and any(p.startswith("content/claims/") for p in written)
    for rel in written:
        assert "draft: true\n" in (project / rel).read_text(encoding="utf-8")
    assert main(["build", "--root", str(project), "--no-cache"]) == 0
    page = (project / "output/people/priya-natarajan.html").read_text(encoding="utf-8")
    assert 'class="draft-mark"' in page and "Draft:" in page
    for claim in (project / "content/claims").glob("*.yaml"):       # and a claim's embeddable card too
        card = project / f"output/embed/claims/{claim.stem}.html"
        assert 'class="draft-mark"' in card.read_text(encoding="utf-8")
    export = json.loads((project / "output/data/explainer.json").read_text(encoding="utf-8"))
    jsonschema.validate(export, json.loads((ROOT / "docs/explainer.schema.json").read_text(encoding="utf-8")))
    assert all(record.get("draft") is True for kind in ("people", "organizations", "events", "claims")
               for record in export[kind])      # the data says it too
    card = (project / "output/embed/timeline.html").read_text(encoding="utf-8")
    assert card.count("(draft)</li>") == len([p for p in written if "/events/" in p])
    timeline = (project / "output/timeline.html").read_text(encoding="utf-8")
    assert timeline.count('class="draft-mark"') == len([p for p in written if "/events/" in p])
    capsys.readouterr()
    assert main(["check", "--root", str(project), "--no-cache"]) == 0
    assert main(["check", "--root", str(project), "--no-cache", "--strict"]) == 1
    assert "content/people/priya-natarajan.yaml" in capsys.readouterr().err
    # the editor reviews every record and removes the mark: strict passes
    for rel in written:
        path = project / rel
        path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    assert main(["check", "--root", str(project), "--no-cache", "--strict"]) == 0


def test_write_never_overwrites_and_proposes_nothing_twice(project: Path, capsys) -> None:
    mine = project / "content/people/leo-marsh.yaml"
    mine.parent.mkdir(parents=True)
    mine.write_text("name: Leonard Marsh\nsummary: >-\n  The editors' own [[cite:s002 \"Leo Marsh\"]].\n", encoding="utf-8")
    assert main(["draft", "--root", str(project), "--write", "--only", "people"]) == 0
    out = capsys.readouterr().out
    assert "wrote content/people/leo-marsh-2.yaml" in out      # the id is taken: a free one, the file kept
    assert mine.read_text(encoding="utf-8").startswith("name: Leonard Marsh")
    assert not (project / "content/organizations").exists()       # --only people
    # what the project now has is not proposed again
    data = _json(project, capsys)
    assert not {"Priya Natarajan", "Leo Marsh"} & set(_by_name(data["people"]))
    # the same proposals again (a second run over the same project): nothing is written over
    assert main(["draft", "--root", str(project), "--write", "--only", "claims"]) == 0
    claims = sorted((project / "content/claims").glob("*.yaml"))
    before = {p: p.read_bytes() for p in claims}
    assert main(["draft", "--root", str(project), "--write", "--only", "claims"]) == 0
    assert {p: p.read_bytes() for p in sorted((project / "content/claims").glob("*.yaml"))} == before


def test_only_refuses_what_is_neither_a_kind_nor_an_id(project: Path, capsys) -> None:
    assert main(["draft", "--root", str(project), "--write", "--only", "peple"]) == 2
    assert "did you mean 'people'" in capsys.readouterr().err


def test_only_writes_the_ids_it_names(project: Path, capsys) -> None:
    assert main(["draft", "--root", str(project), "--write", "--only", "kestrel-motors,priya-natarajan"]) == 0
    written = sorted(p.relative_to(project / "content").as_posix() for p in (project / "content").rglob("*.yaml")
                     if p.parent.name != "sources" and p.name != "site.yaml")
    assert written == ["organizations/kestrel-motors.yaml", "people/priya-natarajan.yaml"]


def test_the_draft_mark_is_true_or_false(project: Path, capsys) -> None:
    write_files(project, {"content/people/jane-roe.yaml":
                          'draft: maybe\nname: Jane Roe\nsummary: >-\n  [[cite:s002 "Leo Marsh"]]\n'})
    assert main(["check", "--root", str(project), "--no-cache"]) == 1
    assert "content/people/jane-roe.yaml:1:8: error: 'draft' must be true or false" in capsys.readouterr().err


def test_the_same_proposals_whatever_the_hash_seed(project: Path) -> None:
    """Nothing depends on the order of a set: two interpreters with different string hashes agree."""
    outputs = []
    for seed in ("1", "2"):
        run = subprocess.run([sys.executable, "-m", "site_builder", "draft", "--json", "--root", str(project)],
                             capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1] and json.loads(outputs[0])["claims"]


def test_usage_errors(tmp_path: Path, project: Path, capsys) -> None:
    assert main(["draft", "--root", str(tmp_path)]) == 2
    assert "has no content/ folder" in capsys.readouterr().err
    assert main(["draft", "--root", str(project), "--only", "people"]) == 2
    assert "--only chooses what --write writes" in capsys.readouterr().err


def test_written_drafts_build_whatever_the_articles_hold(tmp_path: Path) -> None:
    """Quote marks, colons, hashes, braces, markup and a marker inside an article: every file written
    is valid YAML whose quotes the build finds."""
    root = write_files(tmp_path / "odd", {
        "content/site.yaml": "title: T\ndescription: D\n",
        "content/sources/s000.yaml": 'seed: "000_a.txt"\nlabel: A\n',
        "content/sources/s001.yaml": 'seed: "001_b.txt"\nlabel: B\n',
        "seeds/000_a.txt": ("On May 3, 2024, Acme Labs agreed to buy Widget Corp, said Jane O'Brien, the chief executive "
                            "of Acme Labs.\nWidget Corp has 300 staff.\n\n\"Jane O'Brien\" told {Daily} News: <b>ok</b> "
                            "# & [[cite:s000 \"x\"]] \\ backslash.\n"),
        "seeds/001_b.txt": ("Widget Corp has 350 staff, O'Brien said on May 3, 2024.\n\nJane O'Brien, the interim CEO "
                            "of Acme Labs, said the deal was \"fair: very fair\".\n"),
    })
    assert main(["draft", "--root", str(root), "--write"]) == 0
    assert (root / "content/people/jane-obrien.yaml").is_file()
    assert (root / "content/claims").is_dir() and (root / "content/events").is_dir()
    assert main(["check", "--root", str(root), "--no-cache"]) == 0


def test_an_organization_kind_is_guessed_from_its_name() -> None:
    assert [organization_kind(n) for n in ("Kestrel Motors", "Department of Fisheries", "Dairy Weekly",
                                           "Harbor Capital", "Kestrel")] == \
        ["company", "government", "news-outlet", "investor", "other"]


# --- claims on every amount, count and date the articles state differently ----------------------------

COURIERS = {
    "content/site.yaml": "title: Acme and Bolt\ndescription: Acme Freight buys Bolt Couriers.\n",
    "content/sources/s000.yaml": 'seed: "000_wire.txt"\nlabel: The wire report\ndate: "2024-05-02"\n',
    "content/sources/s001.yaml": 'seed: "001_column.txt"\nlabel: The column\ndate: "2024-05-10"\n',
    "content/sources/s002.yaml": 'seed: "002_blog.txt"\nlabel: The blog post\ndate: "2024-05-20"\n',
    "seeds/000_wire.txt": (
        "Acme Freight closed its purchase of Bolt Couriers on Thursday, the companies said.\n\n"
        "Bolt Couriers has 300,000 drivers on its books across Europe.\n\n"
        "Acme will fold in Bolt's 1,200-person dispatch team next year.\n"),
    "seeds/001_column.txt": (
        "Acme Freight completed its takeover of Bolt Couriers on 3 May, after a year of talks.\n\n"
        "Bolt relies on tens of thousands of contractors who drive for it across Europe.\n\n"
        "Only a 40-strong dispatch unit will remain in Leeds.\n"),
    "seeds/002_blog.txt": (
        "The purchase closed on May 2, according to a filing.\n\n"
        "Last week's layoffs at Bolt were the first since the deal.\n"),
}


def test_counts_in_every_form_and_year_less_dates_are_proposed_with_the_builds_statuses(tmp_path: Path) -> None:
    root = write_files(tmp_path / "couriers", COURIERS)
    site = load_and_resolve(root)
    assert site is not None
    claims = [{s.source: s.value for s in c.statements} for c in make_draft(site).claims if c.kind != "role"]
    # "on Thursday" in an article of Thursday 2 May, "on 3 May" and "on May 2" in later ones: one event
    assert {"s000": "Thursday", "s001": "3 May", "s002": "May 2"} in claims
    # a count of drivers, and a vague one of contractors who drive
    assert {"s000": "300,000", "s001": "tens of thousands"} in claims
    # a group's size as two compound adjectives, thirty times apart
    assert {"s000": "1,200", "s001": "40"} in claims
    draft = make_draft(site)
    assert main(["draft", "--root", str(root), "--write", "--only", "claims"]) == 0
    built = load_and_resolve(root)
    assert built is not None
    statuses = {c.id: c.status for c in draft.claims}
    assert statuses and all(built.comparisons[cid].status == status for cid, status in statuses.items())
    assert {statuses[c.id] for c in draft.claims if c.kind in ("date", "count")} == {"conflict"}


def test_an_articles_most_precise_date_is_its_statement(tmp_path: Path) -> None:
    """"last week's layoffs" holds every day of that week, and so agrees with both other articles;
    the claim is on the day the article gives."""
    files = {
        "content/site.yaml": "title: T\ndescription: D\n",
        "content/sources/s000.yaml": 'seed: "000_a.txt"\nlabel: A\ndate: "2024-11-05"\n',
        "content/sources/s001.yaml": 'seed: "001_b.txt"\nlabel: B\ndate: "2024-11-06"\n',
        "seeds/000_a.txt": "On Friday Bolt began laying off staff, employees were told by email.\n",
        "seeds/001_b.txt": ("The layoffs at Bolt began on Nov. 2, when employees lost access to email.\n\n"
                            "With last week's layoffs at Bolt behind us, the staff are waiting.\n"),
    }
    site = load_and_resolve(write_files(tmp_path / "layoffs", files))
    assert site is not None
    dates = [{s.source: s.value for s in c.statements} for c in make_draft(site).claims if c.kind == "date"]
    assert dates == [{"s000": "Friday", "s001": "Nov. 2"}]


# --- the goal, measured on the hand-made content of two deals -------------------------------------

@pytest.mark.parametrize(("deal", "disagreements"), [(ROOT, 8), (ROOT / "tests" / "fixtures" / "musk-twitter", 9),
                                                      (ROOT / "tests" / "fixtures" / "otherdeal", 2)],
                         ids=["first-deal", "musk-twitter", "otherdeal"])
def test_every_number_and_date_disagreement_the_hand_made_content_compares_is_proposed(
        deal: Path, disagreements: int, tmp_path: Path):
    """The draft of the articles alone proposes every amount, count, percentage and date claim
    whose articles disagree in the hand-made content, with its values and its status (the
    measure bench/draft_quality.py prints)."""
    hand_made = load_and_resolve(copied(deal, tmp_path / "hand-made", annotations=True))
    articles = load_and_resolve(copied(deal, tmp_path / "articles", annotations=False))
    assert hand_made is not None and articles is not None
    hand, _found, same_status = claim_recall(hand_made, make_draft(articles))
    assert len(hand) == disagreements
    assert [c.claim.id for c in hand if c not in same_status] == []


def test_the_people_and_organizations_proposed_for_the_third_explainer_are_mostly_right(tmp_path: Path):
    """Precision on the third explainer, its hand-made content completed by a reader's judgement of
    every other name proposed (tests/fixtures/musk-twitter/draft-judgements.yaml): the goals are 70 %
    of the proposed people and 60 % of the organizations. A name nobody judged fails the test: a new
    proposal needs a reader's verdict before it can count either way."""
    deal = ROOT / "tests" / "fixtures" / "musk-twitter"
    judged = judgements(deal)
    hand_made = load_and_resolve(copied(deal, tmp_path / "hand-made", annotations=True))
    articles = load_and_resolve(copied(deal, tmp_path / "articles", annotations=False))
    assert hand_made is not None and articles is not None
    draft = make_draft(articles)
    for kind, proposed, hand, goal in (("people", draft.people, hand_made.content.people, 0.7),
                                       ("organizations", draft.organizations, hand_made.content.organizations, 0.6)):
        right, unjudged = judged_precision(dict(hand), proposed, judged[kind])
        assert unjudged == [], f"{kind} proposed that draft-judgements.yaml does not judge"
        assert right / len(proposed) >= goal, (kind, right, len(proposed))
