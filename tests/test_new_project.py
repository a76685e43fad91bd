"""A new explainer about another deal, from zero, the way the README says: `init`, the
articles into seeds/, `new source` for each, `new` for a few records filled in, `check`,
`build`. Three short invented articles about a fictional deal (tests/fixtures/otherdeal),
and the site built from them must not say a word of the first deal: not in a page, not in
a data file, not in the builder or its theme."""
from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from projects import ROOT

from site_builder.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "otherdeal"
SEEDS = ("000_wire.txt", "001_analysis.md", "002_blog.txt")
# words of the first site's deal (case-sensitive: "<meta" is HTML, "Meta" the company)
FIRST_DEAL = re.compile(r"\bMeta\b|Scale AI|scale-ai|Alexandr|\bWang\b|Zuckerberg|LeCun|[Ff]ive articles|"
                        r"\$14\.[38]|14\.3 billion|Llama|[Ss]uperintelligence|Droege|Lucy Guo")
SUBJECT = "Northwind Foods' purchase of Bluefin Dairy"


def run(*args: str) -> int:
    return main([str(a) for a in args])


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> dict:
    """The walkthrough, step by step, with what each command printed."""
    root = tmp_path_factory.mktemp("newsroom") / "northwind-bluefin"
    printed: dict[str, tuple[int, str]] = {}

    def step(name: str, *args: str) -> int:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(*args)
        printed[name] = (code, out.getvalue() + err.getvalue())
        return code

    assert step("init", "init", root, "--title", "Northwind buys Bluefin, source by source", "--subject", SUBJECT) == 0
    assert step("first build", "build", "--root", root) == 0
    for name in SEEDS:
        shutil.copy(FIXTURE / "seeds" / name, root / "seeds" / name)
        assert step(f"new source {name}", "new", "source", name, "--root", root) == 0
    for rel in ("sources/s000.yaml", "sources/s001.yaml", "sources/s002.yaml"):
        shutil.copy(FIXTURE / "content" / rel, root / "content" / rel)      # label, title, cleaning rules
    assert step("show", "show", "s000", "--root", root) == 0
    assert step("find", "show", "s001", "--root", root, "--find", "according to a filing") == 0
    for kind, name in (("person", "Marta Ruiz"), ("person", "Tomas Berg"), ("organization", "Northwind Foods"),
                       ("organization", "Bluefin Dairy"), ("event", "2024-05 Northwind agrees to buy Bluefin"),
                       ("claim", "How much is Northwind paying for Bluefin")):
        assert step(f"new {kind} {name}", "new", kind, name, "--root", root) == 0
    # the skeletons build as they are; then they are filled in (and the claim renamed to its id)
    assert step("check skeletons", "check", "--root", root) == 0
    (root / "content" / "claims" / "how-much-is-northwind-paying-for-bluefin.yaml").unlink()
    for path in (FIXTURE / "content").rglob("*"):
        if path.is_file() and path.parent.name != "sources":
            target = root / "content" / path.relative_to(FIXTURE / "content")
            shutil.copy(path, target)
    assert step("check", "check", "--root", root) == 0
    assert step("build", "build", "--root", root, "--base-url", "https://news.example.org/northwind-bluefin/") == 0
    return {"root": root, "out": root / "output", "printed": printed}


def test_init_writes_a_project_that_builds_at_once(project):
    root = project["root"]
    code, printed = project["printed"]["first build"]
    # it builds, and says where the placeholders a reader would see are (the home page's)
    assert code == 0 and "Built" in printed and "1 warnings" in printed
    assert "content/pages/index.md:3:14: warning: a 'TODO' placeholder is still here (and 1 more in this file)" in printed
    # every skeleton `new` wrote is named the same way, at its placeholder; filled in, none is left
    code, printed = project["printed"]["check skeletons"]
    for name in ("people/marta-ruiz.yaml", "organizations/bluefin-dairy.yaml",
                 "events/2024-05-northwind-agrees-to-buy-bluefin.yaml"):
        assert f"content/{name}:" in printed and "placeholder" in printed, name
    assert "0 warnings" in project["printed"]["build"][1], project["printed"]["build"][1]
    assert (root / "README.md").read_text().count("site-builder") > 10
    ignored = (root / ".gitignore").read_text().split()
    assert "/output/" in ignored and "/.site-builder-cache/" in ignored
    site = (root / "content" / "site.yaml").read_text()
    assert SUBJECT in site and "Northwind buys Bluefin, source by source" in site
    assert (root / "seeds" / "README.md").is_file() and not (root / "themes").exists()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    assert run("init", tmp_path / "taken") == 2
    assert "not empty" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "taken").iterdir()) == ["notes.txt"]
    assert run("init", tmp_path / "fresh") == 0           # an empty or new folder is fine
    assert 'title: "The deal, source by source"' in (tmp_path / "fresh" / "content" / "site.yaml").read_text()


def test_the_authors_readme_walks_from_init_to_publishing(project):
    readme = (project["root"] / "README.md").read_text()
    steps = ["site-builder init FOLDER", "`site-builder build` builds", "Put the articles in `seeds/`", "site-builder new source 000",
             "site-builder show s000`", "new person", "`site-builder check` validates", "`site-builder serve` builds",
             "site-builder build --base-url", "Publish** the `output/` folder"]
    at = [readme.find(step) for step in steps]
    assert -1 not in at and at == sorted(at), list(zip(steps, at, strict=True))


def test_the_site_never_mentions_the_first_deal(project):
    out = project["out"]
    checked = 0
    for path in out.rglob("*"):
        rel = path.relative_to(out).as_posix()
        if not path.is_file() or rel.startswith("pagefind/"):      # the search library's own code and index
            continue
        text = path.read_text(encoding="utf-8")
        found = FIRST_DEAL.search(text)
        assert found is None, f"{rel} says {found[0]!r}: ...{text[max(0, found.start() - 60):found.end() + 60]}..."
        checked += 1
    assert checked > 25


def test_nothing_in_the_builder_or_its_theme_speaks_of_the_first_deal():
    for path in (ROOT / "site_builder").rglob("*"):
        if path.is_file() and path.suffix in (".py", ".html", ".js", ".css", ".svg", ".txt", ".md"):
            text = path.read_text(encoding="utf-8")
            found = FIRST_DEAL.search(text)
            assert found is None, f"{path.relative_to(ROOT)} says {found[0]!r}"


def test_counts_subject_and_roles_come_from_the_project(project):
    out = project["out"]
    home = (out / "index.html").read_text()
    assert "3 articles, compared" in home and "the 3 articles disagree" in home
    people = (out / "people" / "index.html").read_text()
    assert f"named in the 3 articles on {SUBJECT.replace(chr(39), '&#39;')}" in people
    # the page with `role: people` is the People index's companion, whatever its title
    assert 'read <a href="../people.html">The founder and the buyer</a>' in people
    search = (out / "search.html").read_text()
    assert "the 3 articles" in search


def test_the_feed_has_site_derived_ids_and_no_space_before_punctuation(project):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(project["out"] / "feed.xml").getroot()
    assert feed.find("a:id", ns).text == "tag:news.example.org,2024-05:feed"
    entry = feed.find("a:entry", ns)
    assert entry.find("a:id", ns).text == "tag:news.example.org,2024-05:event/2024-05-northwind-agrees-to-buy-bluefin"
    assert entry.find("a:summary", ns).text == "Northwind Foods agrees to buy Bluefin Dairy."


def test_the_cleaned_text_is_exported_and_citations_count_in_it(project):
    out = project["out"]
    data = json.loads((out / "data" / "explainer.json").read_text())
    texts = {s["id"]: (out / s["text"]).read_text(encoding="utf-8") for s in data["sources"]}
    assert set(texts) == {"s000", "s001", "s002"}
    assert not texts["s000"].startswith("NORTHWIND")          # the ALL-CAPS headline is dropped (any case)
    for citation in data["citations"]:
        assert texts[citation["source"]][citation["start"]:citation["end"]] == citation["exact"]
    # a quote holding "[1]" is a quote like any other
    assert any("[1]" in c["exact"] for c in data["citations"])


def test_show_prints_blocks_offsets_rules_and_ready_markers(project):
    code, printed = project["printed"]["show"]
    assert code == 0
    assert re.search(r"\[0–\d+\] #p-[0-9a-f]{8}  \(paragraph, seed line 5\)", printed)
    assert "drop_title_lines: true → 2 changes (seed lines 1, 11)" in printed
    code, printed = project["printed"]["find"]
    assert code == 0 and '[[cite:s001 "according to a filing"]]' in printed and "(unique)" in printed


def test_the_walkthrough_printed(project):
    """What each step printed, for the record (shown with -s); every step succeeded."""
    for name, (code, printed) in project["printed"].items():
        assert code == 0, (name, printed)
        print(f"$ {name}\n{printed}")
