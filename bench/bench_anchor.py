"""Benchmark: anchoring every citation of a synthetic 1,000-source corpus.

Sources are the five real cleaned seeds, each copied 200 times with a distinct
sentence prepended (so texts differ); each source gets 20 quotes taken from its text,
re-typeset (curly quotes, dashes, extra whitespace) so matching does real work, plus
one deliberate miss per 50 sources to exercise the fuzzy closest-passage path.

Run: .venv/bin/python bench/bench_anchor.py
"""
from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

from site_builder.load import load_content
from site_builder.resolve.anchoring import Anchor, SourceIndex
from site_builder.resolve.cleaning import clean_source

ROOT = Path(__file__).resolve().parent.parent


def corpus(n_sources: int = 1000, quotes_per_source: int = 20, seed: int = 7):
    rnd = random.Random(seed)
    content = load_content(ROOT).content
    base = [clean_source(s, content.seed_texts[sid]).text for sid, s in sorted(content.sources.items())]
    sources, quotes = [], []
    for i in range(n_sources):
        text = f"Synthetic source number {i} opens with its own sentence.\n\n" + base[i % len(base)]
        sources.append((f"x{i:04d}", text))
        for _ in range(quotes_per_source):
            words = text.split()
            start = rnd.randrange(0, len(words) - 12)
            quote = " ".join(words[start:start + rnd.randint(4, 12)])
            quote = quote.replace("'", "’").replace("—", " - ").replace(" ", "  ", 1)
            quotes.append((f"x{i:04d}", quote))
        if i % 50 == 0:
            quotes.append((f"x{i:04d}", "a quote that is nowhere in this source at all, not even close"))
    return sources, quotes


def run_once(sources, quotes) -> tuple[float, int, int]:
    started = time.perf_counter()
    indexes = {sid: SourceIndex(sid, text) for sid, text in sources}
    cache: dict = {}
    found = missed = 0
    for sid, quote in quotes:
        key = (sid, quote)
        if key not in cache:
            cache[key] = indexes[sid].anchor(quote)
        if isinstance(cache[key], Anchor):
            found += 1
        else:
            missed += 1
    return time.perf_counter() - started, found, missed


def main() -> None:
    sources, quotes = corpus()
    chars = sum(len(t) for _, t in sources)
    times = []
    for _ in range(5):
        elapsed, found, missed = run_once(sources, quotes)
        times.append(elapsed)
    print(f"corpus: {len(sources)} sources, {chars / 1e6:.1f} M characters, {len(quotes)} citations")
    print(f"anchored: {found} found, {missed} misses (closest passage computed for each)")
    print(f"time to index and anchor everything, 5 runs: median {statistics.median(times) * 1000:.0f} ms, "
          f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
