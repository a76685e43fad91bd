"""End to end: the real site, determinism, atomic failure, exit codes, citations that land."""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape as _escape
from projects import ROOT, STARTS, Builder, copy_project, started, warm_up, without_state

from site_builder import urls
from site_builder.cli import main
from site_builder.pipeline import BuildOptions, build_site
from site_builder.pipeline.cache import cached_build

# search indexes are built by the pagefind binary; they are checked by the browser tests
SKIP_DIRS = ("pagefind/",)


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()
            and not p.relative_to(folder).as_posix().startswith(SKIP_DIRS)}


RECORD_FOLDERS = {"sources": "source", "people": "person", "organizations": "organization", "events": "event",
                  "claims": "claim"}


def record_files(folder: str) -> list[str]:
    """The ids the real content's files in content/FOLDER/ define (a record's id is its file's name)."""
    return sorted(p.stem for p in (ROOT / "content" / folder).glob("*.yaml"))


def test_real_site_has_home_sources_and_data(real_build):
    _result, out = real_build
    assert (out / "index.html").is_file()
    data = json.loads((out / "data" / "explainer.json").read_text())
    # every record file is in the export, once, and has its page (and nothing else is exported)
    for folder in RECORD_FOLDERS:
        exported = [record["id"] for record in data[folder]]
        assert sorted(exported) == record_files(folder), folder
        for record in data[folder]:     # its own page, or its place on one (an event's, on the timeline)
            page, _, fragment = urls.record(RECORD_FOLDERS[folder], record["id"]).partition("#")
            assert (out / page).is_file(), (folder, record["id"])
            assert not fragment or f'id="{fragment}"' in (out / page).read_text(encoding="utf-8"), (folder, fragment)
    for source in data["sources"]:
        assert (out / source["page"]).is_file() and (out / source["raw"]).is_file()
        assert source["seed_file"] and "url" in source
        # the raw article is published byte for byte as it is in seeds/
        assert (out / source["raw"]).read_bytes() == (ROOT / "seeds" / source["seed_file"]).read_bytes()


def test_citation_export_follows_text_quote_and_position_selectors(real_build):
    result, out = real_build
    data = json.loads((out / "data" / "explainer.json").read_text())
    cleaned = result.site.cleaned
    assert data["citations"]
    for c in data["citations"]:
        text = cleaned[c["source"]].text
        assert text[c["start"]:c["end"]] == c["exact"]
        assert text[:c["start"]].endswith(c["prefix"]) and text[c["end"]:].startswith(c["suffix"])
        assert c["status"] == "ok" and c["url"].startswith(f"sources/{c['source']}.html#q-")
        assert c["cited_from"], c  # every exported quote is shown somewhere
    price = next(c for c in data["claims"] if c["id"] == "deal-price")
    assert price["status"] == "conflict" and price["url"] == "claims/deal-price.html"


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.marks, self.cites, self.hrefs = set(), set(), [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "mark" and "cited" in (a.get("class") or "") and a.get("id"):
            self.marks.add(a["id"])
        if tag == "a" and a.get("class") == "cite-link":
            self.cites.append(a["href"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_every_marker_lands_on_a_highlight_and_every_highlight_links_back(real_build):
    _, out = real_build
    pages = {p.relative_to(out).as_posix(): _parse(p) for p in out.rglob("*.html")
             if not p.relative_to(out).as_posix().startswith("pagefind/")}
    markers = 0
    for path, page in pages.items():
        for href in page.cites:
            markers += 1
            target, _, fragment = href.partition("#")
            fragment = fragment.split(":~:")[0]
            target_path = os.path.normpath(os.path.join(os.path.dirname(path), target))
            assert fragment in pages[target_path].marks, (path, href)
    assert markers > 200
    for sid in ("s000", "s001", "s002", "s003", "s004"):
        page = pages[f"sources/{sid}.html"]
        assert page.marks, sid
        back = [h for h in page.hrefs if "#cite-" in h]
        for mark in page.marks:
            assert any(f"-{mark}" in h for h in back), (sid, mark)


@pytest.mark.parametrize("start", STARTS)
def test_two_builds_are_byte_identical(tmp_path, start):
    """A build from nothing, and one (cold: from nothing again; warm: on a build state that
    differs from the files by an edit), write the same bytes."""
    first = build_site(BuildOptions(ROOT, tmp_path / "a", search=False))
    root = copy_project(tmp_path / "copy")
    if start == "warm":
        warm_up(root, "content/people/alexandr-wang.yaml",
                lambda: cached_build(BuildOptions(root, tmp_path / "warm-up", search=False)))
    second = cached_build(BuildOptions(root, tmp_path / "b", search=False))
    assert first.ok and second.ok
    assert second.result.from_state == (start == "warm")
    assert (second.rendered == len(first.pages)) if start == "cold" else (0 < second.rendered < len(first.pages))
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


def test_links_are_relative_and_base_url_only_in_canonical(tmp_path):
    result = build_site(BuildOptions(ROOT, tmp_path / "o", base_url="https://example.org/deal/"))
    assert result.ok
    html = (tmp_path / "o" / "people" / "alexandr-wang.html").read_text()
    assert '<link rel="canonical" href="https://example.org/deal/people/alexandr-wang.html">' in html
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert all(not h.startswith("/") for h in hrefs)
    assert "https://example.org/deal/index.html" in (tmp_path / "o" / "sitemap.xml").read_text()


@pytest.mark.parametrize("start", STARTS)
@pytest.mark.parametrize("breakage, expected", [
    (("content/people/alexandr-wang.yaml", "name: Alexandr Wang\n", "name: [Alexandr Wang\n"),
     r"content/people/alexandr-wang\.yaml:\d+:\d+: error: YAML syntax error"),
    (("content/people/alexandr-wang.yaml", "name: Alexandr Wang\n", "name: Alexandr Wang\nname: Wang\n"),
     r"content/people/alexandr-wang\.yaml:2:1: error: duplicate key 'name'"),
    (("content/events/2016-scale-ai-founded.yaml", "alexandr-wang, lucy-guo]", "alexandr-wang, lucy-gou]"),
     r"content/events/2016-scale-ai-founded\.yaml:\d+:\d+: error: unknown person id 'lucy-gou'; did you mean 'lucy-guo'\?"),
    (("content/claims/deal-price.yaml", "acquisition of 49% of Scale AI", "acquisition of 48% of Scale AI"),
     r"content/claims/deal-price\.yaml:\d+:\d+: error: quote not found in s000: .*closest passage in s000 \(9\d% similar"),
])
def test_a_failed_build_exits_1_names_the_place_and_leaves_output_untouched(tmp_path, capsys, breakage, expected,
                                                                            start):
    root = copy_project(tmp_path / "copy")
    assert main(["build", "--root", str(root)]) == 0
    if start == "cold":
        without_state(root)
    before = tree_digest(root / "output")
    path, old, new = breakage
    text = (root / path).read_text()
    assert old in text
    (root / path).write_text(text.replace(old, new, 1))
    capsys.readouterr()
    assert main(["build", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert re.search(expected, err), err
    started(err, start)
    assert tree_digest(root / "output") == before
    assert not [p for p in root.iterdir() if p.name.startswith(".output.")]  # no staging debris


@pytest.mark.parametrize("start", STARTS)
def test_all_errors_are_reported_together(tmp_path, capsys, start):
    root = copy_project(tmp_path / "copy")
    if start == "warm":
        assert main(["build", "--root", str(root), "--output", str(tmp_path / "o")]) == 0
    for name in ("content/people/lucy-guo.yaml", "content/people/jason-droege.yaml"):
        path = root / name
        path.write_text(path.read_text().replace("name:", "nmae:", 1))
    capsys.readouterr()
    assert main(["check", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "lucy-guo.yaml" in err and "jason-droege.yaml" in err and "did you mean 'name'" in err
    started(err, start)


def test_usage_errors_exit_2(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "site_builder", "bild"], capture_output=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2
    assert main(["check", "--root", str(tmp_path)]) == 2


def test_summary_line(tmp_path, capsys):
    assert main(["build", "--root", str(ROOT), "--output", str(tmp_path / "o"), "--no-cache"]) == 0
    out = capsys.readouterr().out
    people = len(record_files("people"))
    assert re.search(rf"Built \d+ pages \(.*\b{people} person\b.*\), \d+ rendered from nothing; \d+ citations of "
                     rf"\d+ quotes verified; .* in \d+ ms", out), out


def test_content_cannot_inject_html(tiny_project):
    (tiny_project / "content" / "people" / "evil.yaml").write_text(
        'name: "<script>alert(1)</script>"\nsummary: >-\n  <img src=x onerror=alert(1)> [[cite:s000 "It has 500 employees"]]\n')
    result = build_site(BuildOptions(tiny_project, tiny_project / "output"))
    assert result.ok, [p.format() for p in result.errors]
    html = (tiny_project / "output" / "people" / "evil.html").read_text()
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_fix_quotes_rewrites_a_drifted_quote(tmp_path, capsys):
    root = copy_project(tmp_path / "copy")
    path = root / "content" / "claims" / "deal-price.yaml"
    path.write_text(path.read_text().replace("acquisition of 49% of Scale AI", "acquisition of 48% of Scale AI"))
    assert main(["check", "--root", str(root), "--fix-quotes"]) == 1
    assert "now: \"a $14.3 billion acquisition of 49% of Scale AI\"" in capsys.readouterr().out
    assert main(["check", "--root", str(root), "--fix-quotes", "--apply"]) == 0
    assert main(["check", "--root", str(root)]) == 0


def test_export_validates_against_its_json_schema(real_build):
    import jsonschema

    _, out = real_build
    schema = json.loads((ROOT / "docs" / "explainer.schema.json").read_text())
    data = json.loads((out / "data" / "explainer.json").read_text())
    jsonschema.validate(data, schema)
    # each claim names its card, which exists; no oEmbed document without a base_url (it needs absolute URLs)
    assert data["claims"] and all((out / c["embed"]["card"]).is_file() and c["embed"]["oembed"] is None
                                  for c in data["claims"])


def test_narrative_pages_are_cited_reachable_and_link_every_claim_and_source(real_build):
    result, out = real_build
    content = result.site.content
    assert not [p for p in result.warnings if "paragraph without a citation" in p.message]
    chapters = [p for p in content.pages.values() if p.id != "index"]
    assert sorted(content.pages) == sorted(p.stem for p in (ROOT / "content" / "pages").glob("*.md"))
    assert "index" in content.pages and chapters
    home = _parse(out / "index.html")
    for page in chapters:
        assert page.nav, page.id
        assert f"{page.id}.html" in home.hrefs, page.id
    linked: set[str] = set()
    for page in content.pages.values():
        path = out / ("index.html" if page.id == "index" else f"{page.id}.html")
        for href in _parse(path).hrefs:
            linked.add(os.path.normpath(href.split("#")[0]))
    for claim_id in content.claims:
        assert f"claims/{claim_id}.html" in linked, claim_id
    for source_id in content.sources:
        assert f"sources/{source_id}.html" in linked, source_id


def test_entities_and_timeline_meet_the_bar(real_build):
    result, out = real_build
    content = result.site.content
    for folder in RECORD_FOLDERS:           # every record file loaded, none lost or added
        assert sorted(getattr(content, folder)) == record_files(folder), folder
    owners = {c.owner for c in result.site.citations}
    for kind, records in (("person", content.people), ("organization", content.organizations),
                          ("event", content.events), ("claim", content.claims)):
        for record_id in records:
            assert (kind, record_id) in owners, (kind, record_id)  # every record carries a verified citation
    # every mention of Wang in every source (by name or alias) is counted per article, and a few
    # of each article's are shown, each linking to its paragraph
    import re as _re
    per_source = {sid: len(_re.findall(r"(?<![\w.-])(?:Alexandr Wang|Wang)(?![\w-])", c.text))
                  for sid, c in result.site.cleaned.items()}
    html = (out / "people" / "alexandr-wang.html").read_text(encoding="utf-8")
    assert sum(per_source.values()) > 50 and f'<span class="count">{sum(per_source.values())}</span>' in html
    for sid, n in per_source.items():
        if n:
            label = str(_escape(result.site.content.sources[sid].label))
            assert f"{n} mention" in html.split(f'<span class="mention-source">{label}</span>', 1)[1][:80], sid
    mention_links = [h for h in _parse(out / "people" / "alexandr-wang.html").hrefs
                     if _re.match(r"\.\./sources/s00\d\.html#(p|h|ref)-", h)]
    assert len(mention_links) >= sum(min(n, 5) for n in per_source.values())
    assert {h[11:15] for h in mention_links} == {"s000", "s001", "s002", "s003", "s004"}
    timeline = (out / "timeline.html").read_text()
    assert '<time datetime="2016">2016</time>' in timeline and "late 2023" in timeline


def test_real_site_badges_agree_only_with_a_majority_and_the_timeline_keeps_its_order(real_build):
    _, out = real_build
    data = json.loads((out / "data" / "explainer.json").read_text())
    for claim in data["claims"]:
        statements = claim["statements"]
        sizes = {p["id"]: len(p["sources"]) for p in claim["positions"]}
        for statement in statements:
            if statement["cell"] == "agrees":
                assert 2 * sizes[statement["position"]] > len(statements), (claim["id"], statement["source"])
        if claim["status"] == "conflict":
            assert any(r["relation"] == "conflict" for r in claim["relations"]), claim["id"]
    events = data["events"]
    years = [e["date"][:4] if e["date"] else None for e in events]
    for i, event in enumerate(events):
        if event["year_only"]:      # nothing dated more precisely follows it in its year
            later = [e for e, y in zip(events[i + 1:], years[i + 1:], strict=True) if y == years[i]]
            assert all(e["year_only"] for e in later), (event["id"], [e["id"] for e in later])
    assert any(e["date_basis"] == "inferred" for e in events)
    timeline = (out / "timeline.html").read_text(encoding="utf-8")
    for event in events:
        if event["date_basis"] == "inferred":
            item = timeline[timeline.index(f'id="{event["id"]}"'):]
            assert "Inferred date:" in item[:item.index("</li>")], event["id"]


def test_timings_json(tmp_path):
    path = tmp_path / "timings.json"
    # (--no-cache: a build of the repository's own project must not leave a build state in it)
    assert main(["build", "--root", str(ROOT), "--output", str(tmp_path / "o"), "--no-cache",
                 "--timings-json", str(path)]) == 0
    timings = json.loads(path.read_text())
    stages = ("load", "resolve", "render", "write", "links", "data")
    assert {*stages, "total"} == timings.keys()
    # each stage is a part of the build, timed apart: none is negative, together they fit in the total
    assert all(timings[stage] >= 0 for stage in stages)
    assert sum(timings[stage] for stage in stages) <= timings["total"]


def test_relationship_labels_keep_the_authors_case(real_build):
    """A relationship shows as "Relation: other party", its label as written ("CEO", not
    Jinja's capitalize: "Ceo"), only the first letter raised."""
    result, out = real_build
    checked = 0
    for org_id, org in result.site.content.organizations.items():
        page = (out / "organizations" / f"{org_id}.html").read_text(encoding="utf-8")
        for rel in org.relationships:
            label = rel.relation[:1].upper() + rel.relation[1:]
            assert f'<span class="role-title">{_escape(label)}</span>:' in page, (org_id, rel.relation)
            checked += 1
    assert checked > 50


def _break_for_every_stage(root: Path) -> tuple[str, str]:
    """One load error (an unknown key in a person that events and claims refer to) and one
    resolve error (a misquoted passage in another file). Returns the two files."""
    person, other = root / "content/people/lucy-guo.yaml", root / "content/organizations/meta.yaml"
    person.write_text(person.read_text() + "\nbogus_key: 1\n")
    text = other.read_text()
    quote = re.search(r'\[\[cite:s\d{3} "([^"]+)"', text).group(1)
    other.write_text(text.replace(quote, quote + " zzz", 1))
    return "content/people/lucy-guo.yaml", "content/organizations/meta.yaml"


@pytest.mark.parametrize("start", STARTS)
def test_errors_of_every_stage_are_reported_together_without_knock_on_errors(tmp_path, capsys, start):
    root = copy_project(tmp_path / "copy")
    if start == "warm":
        assert main(["build", "--root", str(root), "--output", str(tmp_path / "o")]) == 0
        capsys.readouterr()
    assert (root / "content/events/2018-lucy-guo-leaves-scale-ai.yaml").read_text().count("lucy-guo")
    person, other = _break_for_every_stage(root)
    source = root / "content/sources/s002.yaml"        # and a source whose seed is missing
    seed = re.search(r"^seed: (\S+)", source.read_text(), re.M).group(1)
    (root / "seeds" / seed).rename(tmp_path / "moved.txt")
    assert main(["build", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    errors = re.findall(r"^(\S+?):\d+:\d+: error: (.*)$", err, re.M)
    assert sorted(path for path, _ in errors) == sorted([person, other, "content/sources/s002.yaml"]), err
    # what refers to the person that did not load, or quotes the source without a seed, is not
    # reported: those references may be right, and the file's own error says what to fix
    assert "lucy-guo'" not in err and "in s002" not in err and "Build failed: 3 error(s)" in err
    started(err, start)


def test_the_dev_server_reports_every_stage_too_and_forgets_errors_once_fixed(tmp_path):
    root = copy_project(tmp_path / "copy")
    builder = Builder(root)
    assert builder.update().result.ok
    person, other = _break_for_every_stage(root)
    update = builder.update([builder.classify(root / person), builder.classify(root / other)])
    assert sorted(p.position.path for p in update.result.errors) == sorted([person, other])
    good = (root / person).read_text().replace("\nbogus_key: 1\n", "")
    (root / person).write_text(good)
    update = builder.update([builder.classify(root / person)])
    assert [p.position.path for p in update.result.errors] == [other]


def test_mention_snippets_mark_a_cut_once_and_only_where_the_text_is_cut(real_build):
    """An entity page's mention shows the article's words; '…' stands where the paragraph was cut,
    once (the snippet cut it; the template adds none), never where the paragraph begins or ends."""
    _result, out = real_build
    snippets = []
    for page in (out / "people").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "……" not in html, page.name
        snippets += re.findall(r'<li><a href="[^"]*#[^"]*">(.*?)</a></li>', html)
    assert snippets, "no mention snippets found on the people pages"
    assert any(not s.startswith("…") for s in snippets) and any(s.startswith("…") for s in snippets)
