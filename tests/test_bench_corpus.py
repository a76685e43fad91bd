"""The benchmark corpus generator (bench/corpus.py): a valid project, quotes taken from the
generated text, the real proportions, the same files for the same N. No timing here."""
from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import pytest
import yaml
from projects import ROOT

from site_builder.cli import main
from site_builder.resolve.mentions import trie_regex

sys.path.insert(0, str(ROOT / "bench"))
import corpus

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
