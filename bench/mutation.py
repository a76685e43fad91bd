"""Mutation testing of the rule modules with mutmut ([tool.mutmut] in pyproject.toml; bench/mutation --help).

Targets, one at a time: the value reading (resolve/values/, which resolve/quantities.py re-exports),
resolve/comparisons.py, resolve/anchoring.py and markup.py. mutmut copies the package into mutants/,
and for each mutant runs only the selected tests that reached the mutated function. Prints, per
module: mutants, tested (all or a sample), killed, survived, timeouts, no tests, score, wall time; the
surviving mutants' names go to mutants/survivors-<module>.txt (`.venv/bin/mutmut show NAME` prints one's diff).

The score is killed (timeouts included, as mutmut counts them) over tested; a mutant no test reaches
counts as a survivor. A sample is drawn from the sorted mutant names with a fixed seed, so the same
sample is drawn again after an edit of the tests (not after an edit of the module: names shift).
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = ROOT / ".venv" / "bin" / "mutmut"

# module label -> the mutated files (relative to site_builder/); the smaller ones first
MODULES = {
    "anchoring": ["resolve/anchoring.py"],
    "markup": ["markup.py"],
    "comparisons": ["resolve/comparisons.py"],
    "values": ["resolve/values/__init__.py", "resolve/values/value.py", "resolve/values/hedges.py",
               "resolve/values/reading.py", "resolve/values/dates.py"],
}
# mutmut's exit codes, as its own `results` command reads them (mutmut/stats.py)
KILLED = {1, 3}
TIMEOUT = {36, 24, -24, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}
SENTINEL = "site_builder.__no_such_module__.*"


def meta_files(module: str) -> list[Path]:
    return [ROOT / "mutants" / "site_builder" / (f + ".meta") for f in MODULES[module]]


def results(module: str) -> dict[str, int | None]:
    codes: dict[str, int | None] = {}
    for meta in meta_files(module):
        codes.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return codes


def generate() -> None:
    """mutmut makes (or refreshes) its copy and mutants and runs the tests once to map tests to functions.

    `mutmut run` has no "generate only": it is asked for a mutant that does not exist, and stops there."""
    started = time.monotonic()
    done = subprocess.run([str(MUTMUT), "run", SENTINEL], cwd=ROOT, capture_output=True, text=True)
    missing = [m for module in MODULES for m in meta_files(module) if not m.exists()]
    if missing or "nothing matches" not in done.stderr + done.stdout:
        sys.stdout.write(done.stdout[-4000:])
        sys.stderr.write(done.stderr[-4000:])
        sys.exit(f"mutmut could not generate the mutants (missing: {', '.join(map(str, missing))})")
    print(f"generated mutants and test map in {time.monotonic() - started:.0f} s", file=sys.stderr)


def pick(names: list[str], sample: int, seed: int) -> list[str]:
    names = sorted(names)
    if sample <= 0 or sample >= len(names):
        return names
    return sorted(random.Random(seed).sample(names, sample))


def run_module(module: str, sample: int, seed: int, children: int, again: bool) -> dict[str, object]:
    chosen = pick(list(results(module)), sample, seed)
    log = ROOT / "mutants" / f"mutmut-{module}.log"
    survivors_file = ROOT / "mutants" / f"survivors-{module}.txt"
    # --survivors: only last run's survivors are run again (new tests kill; they never revive a killed mutant)
    # (and the sample's unchecked ones: a change of [tool.mutmut]'s test options clears mutmut's results)
    codes = results(module)
    last = set(survivors_file.read_text(encoding="utf-8").split()) if again and survivors_file.exists() else set()
    run = [n for n in chosen if n in last or codes[n] is None] if again else chosen
    # (never an empty list: `mutmut run` with no name runs every mutant)
    started = time.monotonic()
    # names are passed in batches: a command line has a length limit
    for i in range(0, len(run) if run else 0, 200):
        done = subprocess.run([str(MUTMUT), "run", "--max-children", str(children), *run[i:i + 200]],
                              cwd=ROOT, capture_output=True, text=True)
        log.write_text(done.stdout + done.stderr, encoding="utf-8")
        if done.returncode != 0:
            sys.exit(f"mutmut run failed on {module}: see {log}")
    wall = time.monotonic() - started
    codes = results(module)
    tally: Counter[str] = Counter()
    survivors: list[str] = []
    for name in chosen:
        code = codes[name]
        status = ("killed" if code in KILLED else "timeout" if code in TIMEOUT else "survived" if code in SURVIVED
                  else "no tests" if code in NO_TESTS else "other")
        tally[status] += 1
        if status in ("survived", "no tests", "other"):
            survivors.append(name)
    survivors_file.write_text("".join(s + "\n" for s in survivors), encoding="utf-8")
    tested = len(chosen)
    score = 100.0 * (tally["killed"] + tally["timeout"]) / tested if tested else 0.0
    return {"module": module, "mutants": len(codes), "tested": tested, "killed": tally["killed"],
            "survived": tally["survived"], "timeout": tally["timeout"], "no tests": tally["no tests"],
            "other": tally["other"], "score": score, "wall": wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", default=[],
                        help=f"the modules to test, among {', '.join(MODULES)} (default: all, smaller first)")
    parser.add_argument("--sample", type=int, default=0, help="test N mutants per module, drawn at random (0: all)")
    parser.add_argument("--seed", type=int, default=21, help="the sample's seed (default 21)")
    parser.add_argument("--max-children", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--survivors", action="store_true",
                        help="run only the last run's survivors again (same --sample and --seed), after adding tests")
    parser.add_argument("--no-generate", action="store_true", help="reuse mutants/ as it is (tests and code unchanged)")
    args = parser.parse_args()
    unknown = sorted(set(args.modules) - set(MODULES))
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}: choose among {', '.join(MODULES)}")
    if not MUTMUT.exists():
        sys.exit(f'{MUTMUT} is missing: .venv/bin/pip install -e ".[test,mutation]"')
    if not args.no_generate:
        generate()
    rows = []
    for module in args.modules or list(MODULES):
        row = run_module(module, args.sample, args.seed, args.max_children, args.survivors)
        rows.append(row)
        print(f"{module}: {row['killed']}/{row['tested']} killed, {row['wall']:.0f} s", file=sys.stderr)
    header = ["module", "mutants", "tested", "killed", "survived", "timeout", "no tests", "other", "score", "wall"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(f"{row[h]:.1f} %" if h == "score" else f"{row[h]:.0f} s" if h == "wall"
                                 else str(row[h]) for h in header) + " |")
    tested = sum(int(str(r["tested"])) for r in rows)
    killed = sum(int(str(r["killed"])) + int(str(r["timeout"])) for r in rows)
    wall = sum(float(str(r["wall"])) for r in rows)
    print(f"\ntotal: {killed}/{tested} killed, score {100.0 * killed / max(tested, 1):.1f} %, {wall:.0f} s"
          + (f" (sample of {args.sample} per module, seed {args.seed})" if args.sample else ""))


if __name__ == "__main__":
    main()
