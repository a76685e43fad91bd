"""The fair corpus, for benchmarks: the real project with its five articles copied into N sources.

A site about as big as the one Hugo builds for the same article texts, so that bench/run can put
our build next to Hugo + Pagefind on equal terms (the rich corpus of bench/corpus.py adds ~33
records per article and so ~25 pages per article, which Hugo does not have).

The real project (content/, seeds/, themes/) is copied as it is: its five sources, every person,
organization, event, claim and narrative page unchanged. Sources s005, s006, ... (four-digit ids
s0005... when N > 1000) are copies of the five in turn: copy i is of source i mod 5, with its own
copy of the seed file, its own label ("Copy 7 of The technical deep dive") and the original's
cleaning rules, title and notes. No record cites a copy, so the site has one page per article more
than the real site: about 1,150 pages at N = 1,000, where Hugo builds 1,002 (the articles, the home
page and the list of articles).

Deterministic, with no randomness at all: the same N gives the same files byte for byte, and the
sources of a smaller corpus are the first sources of a larger one (for N up to 1,000).

Run: .venv/bin/python bench/fair_corpus.py N DEST    (then: site-builder build --root DEST)
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus

ROOT = corpus.ROOT
REAL_SOURCES = corpus.REAL_SOURCES


def copy_source(original: str, number: int, sid: str) -> tuple[str, str, str]:
    """(the copy's YAML, its seed file's name, the original seed file's name) of source file text
    `original` copied as source number `number` with id `sid`."""
    seed = re.search(r"^seed:\s*(\S+)\s*$", original, re.M)
    label = re.search(r"^label:.*$", original, re.M)
    if seed is None or label is None:
        raise ValueError("a real source without a one-line 'seed:' or 'label:'")
    copy_seed = f"{sid[1:]}_copy_{seed[1].split('_', 1)[-1]}"
    old_label = yaml.safe_load(label[0])["label"]
    text = original.replace(seed[0], f"seed: {copy_seed}", 1)
    # a JSON string is a YAML string: the label stays valid whatever quotes the original has
    text = text.replace(label[0], f"label: {json.dumps(f'Copy {number} of {old_label}', ensure_ascii=False)}", 1)
    return text, copy_seed, seed[1]


def generate(dest: Path, n: int) -> Path:
    """Write the fair corpus of `n` sources (n >= 5: the real five, then copies) into `dest`."""
    if n < REAL_SOURCES:
        raise ValueError(f"at least {REAL_SOURCES} sources (the real ones)")
    corpus.copy_real(dest)
    sources = dest / "content" / "sources"
    originals = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "content" / "sources").glob("*.yaml"))]
    if len(originals) != REAL_SOURCES:
        raise ValueError(f"the real project has {len(originals)} sources, not {REAL_SOURCES}")
    for number in range(REAL_SOURCES, n):
        stem, original = originals[number % REAL_SOURCES]
        sid = corpus.source_id(n, number)
        text, copy_seed, seed = copy_source(original, number, sid)
        # a source's own notes may cite it: the copy's cite the copy
        text = text.replace(f"cite:{stem} ", f"cite:{sid} ")
        shutil.copyfile(dest / "seeds" / seed, dest / "seeds" / copy_seed)
        (sources / f"{sid}.yaml").write_text(text, encoding="utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, help="sources in all (the five real ones included)")
    parser.add_argument("dest", type=Path, help="folder to write the project into (created)")
    args = parser.parse_args()
    generate(args.dest, args.n)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in (args.dest / "seeds").iterdir())
    print(f"{args.dest}: {args.n} sources, {words:,} words of seeds")


if __name__ == "__main__":
    main()
