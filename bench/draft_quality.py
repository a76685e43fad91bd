"""How close `site-builder draft` comes to a project's hand-made annotations.

The project's articles (content/sources, seeds/, content/site.yaml) are copied to a
temporary folder without its people, organizations, events, claims and pages; `draft` runs
there, and its proposals are compared with the hand-made records:

- people, organizations: recall (hand-made records whose name or an alias is proposed, as
  that kind) and precision (proposals whose name or an alias is a hand-made record of that
  kind); the misses and the proposals that match nothing are listed, for a person to judge;
- dated events: the hand-made events whose date an article states (not `inferred`) that are
  proposed with that date, by a citation in the same sentence as one of theirs;
- number and date claims: the hand-made claims about an amount, a count, a percentage or a
  date whose articles disagree (status not "agree" or "single source") that are proposed
  with the same value for each of their articles, and with the same status; and the share
  of the proposed ones that compare what a hand-made claim compares (precision);
- the wall time of a whole draft: `site-builder draft --json` as a process, and in process.

Prints figures beside the issue's goals; asserts nothing.

Run: .venv/bin/python bench/draft_quality.py [PROJECT] [--no-timing]      (default: this repository)
"""
from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from site_builder.pipeline import load_and_resolve
from site_builder.resolve.anchoring import Anchor, SourceIndex
from site_builder.resolve.comparisons import AGREE, SINGLE
from site_builder.tools.draft import make_draft, run_draft
from site_builder.tools.draft.proposals import Draft, Entity
from site_builder.tools.draft.reading import EQUAL, VALUE_KINDS, compare, normalize_value

ROOT = Path(__file__).resolve().parent.parent


SITE = "title: A test fixture\ndescription: Its articles and hand-made annotations.\n"


def copied(project: Path, dest: Path, annotations: bool) -> Path:
    """The project's articles and site settings, with or without its hand-made annotations
    (a test fixture has no content/site.yaml: a neutral one is written)."""
    shutil.copytree(project / "seeds", dest / "seeds")
    folders = ("sources", "people", "organizations", "events", "claims") if annotations else ("sources",)
    for folder in folders:
        if (project / "content" / folder).is_dir():
            shutil.copytree(project / "content" / folder, dest / "content" / folder)
    site = project / "content" / "site.yaml"
    (dest / "content" / "site.yaml").write_text(site.read_text(encoding="utf-8") if site.is_file() else SITE,
                                                encoding="utf-8")
    return dest


def _pct(n: int, d: int) -> str:
    return f"{n}/{d} = {100 * n / d:.0f} %" if d else "n/a (none)"


def _names(record) -> set[str]:
    return {record.name, *record.aliases}


JUDGEMENTS = "draft-judgements.yaml"    # a project's judged extra proposals (see tests/fixtures/musk-twitter)


def judgements(project: Path) -> dict:
    """A reader's judgement of proposed names the hand-made content leaves out: {kind: {"are": [...],
    "are_not": [...]}}; none when the project has no such file."""
    path = project / JUDGEMENTS
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {} if path.is_file() else {}


def entities(kind: str, hand: dict, proposed: tuple[Entity, ...], others: tuple[Entity, ...],
             goal: tuple[int, int], judged: dict | None = None) -> None:
    found = [r for r in hand.values() if any(_names(r) & {e.name, *e.aliases} for e in proposed)]
    wrong_kind = [r for r in hand.values() if r not in found and any(_names(r) & {e.name, *e.aliases} for e in others)]
    right = [e for e in proposed if any(_names(r) & {e.name, *e.aliases} for r in hand.values())]
    print(f"{kind}: recall {_pct(len(found), len(hand))} (goal ≥ {goal[0]} %), "
          f"precision {_pct(len(right), len(proposed))} (goal ≥ {goal[1]} %)")
    missed = sorted(r.name for r in hand.values() if r not in found)
    if missed:
        print(f"    missed: {', '.join(missed)}"
              + (f" (of which proposed as the other kind: {', '.join(sorted(r.name for r in wrong_kind))})"
                 if wrong_kind else ""))
    extra = [e.name for e in proposed if e not in right]
    if extra:
        print(f"    proposed, not in the hand-made content: {', '.join(extra)}")
    if judged is not None and extra:
        right_judged, unjudged = judged_precision(hand, proposed, judged)
        print(f"    precision with the judged extras ({JUDGEMENTS}): {_pct(right_judged, len(proposed))} "
              f"(goal ≥ {goal[1]} %)" + (f"; not judged, counted wrong: {', '.join(unjudged)}" if unjudged else ""))


def judged_precision(hand: dict, proposed: tuple[Entity, ...], judged: dict) -> tuple[int, list[str]]:
    """How many proposals are right, the hand-made content being completed by a reader's judgement
    of the rest (it is not a list of every name in the articles), and the names nobody judged
    (counted wrong)."""
    are, are_not = set(judged.get("are", ())), set(judged.get("are_not", ()))
    right = unjudged = 0
    names: list[str] = []
    for entity in proposed:
        if any(_names(r) & {entity.name, *entity.aliases} for r in hand.values()) or entity.name in are:
            right += 1
        elif entity.name not in are_not:
            unjudged += 1
            names.append(entity.name)
    return right, names


def events(site, draft: Draft, indexes: dict[str, SourceIndex]) -> None:
    spans: dict[str, list[tuple[str, int, int]]] = {}
    for citation in site.citations:
        if citation.owner[0] == "event":
            spans.setdefault(citation.owner[1], []).append(
                (citation.anchor.source, citation.anchor.start, citation.anchor.end))
    proposed = []
    for ev in draft.events:
        cites = []
        for cite in ev.citations:
            found = indexes[cite.source].anchor(cite.quote)
            if isinstance(found, Anchor):
                cites.append((cite.source, found.start, found.end))
        proposed.append((ev, cites))

    def meets(a: list[tuple[str, int, int]], b: list[tuple[str, int, int]]) -> bool:
        return any(s == t and x < y2 and y < x2 for s, x, x2 in a for t, y, y2 in b)

    stated = [e for e in site.content.events.values() if e.date is not None and not e.inferred]
    found = [e for e in stated if any(ev.date.iso == e.date.iso and meets(cites, spans.get(e.id, []))
                                      for ev, cites in proposed)]
    print(f"dated events: {_pct(len(found), len(stated))} of the hand-made events with a stated date proposed "
          f"with that date (goal ≥ 80 %); {len(draft.events)} events proposed in all")
    missed = [f"{e.id} ({e.date.iso})" for e in stated if e not in found]
    if missed:
        print(f"    missed: {', '.join(missed)}")


def claims(site, draft: Draft, indexes: dict[str, SourceIndex]) -> None:
    _claim_precision(site, draft, indexes)
    hand, found, same_status = claim_recall(site, draft)
    print(f"number and date claims: {_pct(len(found), len(hand))} of the hand-made disagreements proposed with "
          f"the same values, {_pct(len(same_status), len(hand))} with the same status too (goal: all)")
    for comparison in hand:
        if comparison not in same_status:
            shown = ", ".join(f"{s.source} {s.value.text if s.value else '?'}" for s in comparison.statements)
            why = "status differs" if comparison in found else "not proposed"
            print(f"    {comparison.claim.id} ({comparison.status}: {shown}): {why}")


def claim_recall(site, draft: Draft) -> tuple[list, list, list]:
    """(the hand-made number and date claims whose articles disagree, those proposed with the
    same value for each of their articles, those proposed with the same status too)."""
    hand = [c for c in site.comparisons.values()
            if c.claim.kind in VALUE_KINDS and c.status not in (AGREE, SINGLE)]
    found, same_status = [], []
    for comparison in hand:
        wanted = {s.source: s.value for s in comparison.statements if s.value is not None}
        for claim in draft.claims:
            if claim.kind != comparison.claim.kind:
                continue
            # read as the build reads them: a year-less or relative date against its article's date
            values = {s.source: normalize_value(claim.kind, s.value, site.content.sources[s.source].date)
                      for s in claim.statements}
            if all(source in values and _equal(values[source], value) for source, value in wanted.items()):
                if comparison not in found:
                    found.append(comparison)
                if claim.status == comparison.status:
                    same_status.append(comparison)
                    break
    return hand, found, same_status


def _claim_precision(site, draft: Draft, indexes: dict[str, SourceIndex]) -> None:
    """Of the proposed number and date claims, those that compare what a hand-made claim
    compares: in two of their articles at least, a statement's quote overlaps a quote of the
    same hand-made claim (of any kind: a count the editor filed as a role or a text claim
    counts). The others are listed, for a person to judge."""
    hand: dict[str, list[tuple[str, int, int]]] = {}
    for claim in site.content.claims.values():
        for statement in claim.statements:
            for quote in statement.quotes:
                anchor = site.anchors.get((statement.source.id, quote.text))
                if isinstance(anchor, Anchor):
                    hand.setdefault(claim.id, []).append((anchor.source, anchor.start, anchor.end))
    proposed = [c for c in draft.claims if c.kind in VALUE_KINDS]
    right, wrong = [], []
    for claim in proposed:
        spans = []
        for statement in claim.statements:
            found = indexes[statement.source].anchor(statement.quote)
            if isinstance(found, Anchor):
                spans.append((statement.source, found.start, found.end))
        if any(len({s for s, a, b in spans for t, x, y in passages if s == t and a < y and x < b}) >= 2
               for passages in hand.values()):
            right.append(claim)
        else:
            wrong.append(claim)
    print(f"number and date claims proposed: {len(proposed)}; precision {_pct(len(right), len(proposed))} compare "
          "what a hand-made claim compares (its quotes in two articles at least)")
    for claim in wrong:
        print(f"    not in the hand-made content: {claim.kind} {' / '.join(f'{s.source} {s.value}' for s in claim.statements)}")


def _equal(a, b) -> bool:
    return compare(a, b) == EQUAL


def timing(project: Path, runs: int = 3) -> None:
    """The median of a few runs: the machine is shared, a single run says little."""
    whole, inside, cpu = [], [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "site_builder", "draft", "--json", "--root", str(project)],
                       check=True, stdout=subprocess.DEVNULL)
        whole.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        started = time.perf_counter()
        run_draft(project, as_json=True, out=io.StringIO())
        inside.append(time.perf_counter() - started)
    print(f"wall time of a whole draft (median of {runs}): {statistics.median(whole):.2f} s as a process "
          f"(interpreter start and imports included), {statistics.median(inside):.2f} s in process (goal < 2 s); "
          f"the process's CPU time {statistics.median(cpu):.2f} s (what a shared machine's load does not inflate); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", nargs="?", default=str(ROOT), help="a project with hand-made content")
    parser.add_argument("--no-timing", action="store_true", help="leave out the wall time (three more drafts)")
    args = parser.parse_args()
    project = Path(args.project).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        site = load_and_resolve(copied(project, Path(tmp) / "hand-made", annotations=True))
        if site is None:
            return 1
        bare = copied(project, Path(tmp) / "articles", annotations=False)
        drafted = load_and_resolve(bare)
        assert drafted is not None
        draft = make_draft(drafted)
        print(f"{project.name}: {len(site.cleaned)} articles, "
              f"{sum(len(c.text.split()) for c in site.cleaned.values()):,} words")
        judged = judgements(project)
        entities("people", dict(site.content.people), draft.people, draft.organizations, (90, 70),
                 judged.get("people") if judged else None)
        entities("organizations", dict(site.content.organizations), draft.organizations, draft.people, (80, 60),
                 judged.get("organizations") if judged else None)
        indexes = {sid: SourceIndex(sid, c.text) for sid, c in site.cleaned.items()}
        events(site, draft, indexes)
        claims(site, draft, indexes)
        if not args.no_timing:
            timing(bare)
    return 0


if __name__ == "__main__":
    sys.exit(main())
