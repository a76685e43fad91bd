"""Benchmark: from saving a one-line YAML edit to the rebuilt page being served.

The dev server runs in its own process (as `site-builder serve` does; search indexing off),
on a temporary copy of the project. For each edit the benchmark opens the record's page as a
browser tab would (its event stream), saves the record file with one line changed (a new
first line of a summary, a question, an event's title, a source's one-line summary) and
times how long until the server tells the tab to reload - which it does once the new page
is written and served; it then fetches the page to check that the edit is in it.

Records are drawn at random (seeded) from every record file, so the figures are those of
a typical file of each corpus; the medians per kind of record are printed too.

Two corpora: the real content, and the fair corpus of 1,000 sources (bench/fair_corpus.py: the
five real sources and seeds, copied 199 times each with new ids, labels and seed files).

Run: .venv/bin/python bench/bench_rebuild.py [--edits N] [--only real|fair]
"""
from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import corpus  # noqa: E402
import fair_corpus  # noqa: E402

PAGES = {"people": "people/{}.html", "organizations": "organizations/{}.html", "claims": "claims/{}.html",
         "events": "timeline.html", "sources": "sources/{}.html"}


# --- one-line edits ----------------------------------------------------------------------------------

def one_line_edit(path: Path, token: str) -> str | None:
    """The file's text with one line changed so that its page shows `token`; None if no rule fits."""
    text = path.read_text(encoding="utf-8")
    folder = path.parent.name
    if folder in ("people", "organizations"):      # a new first line of the summary
        pattern, replace = r"^(summary: >-\n)( +)", lambda m: f"{m[1]}{m[2]}{token}.\n{m[2]}"
    elif folder == "events":                       # the title
        pattern, replace = r"^(title: )(.*)$", lambda m: f"{m[1]}{m[2]} {token}"
    elif folder == "claims":                       # the question
        pattern, replace = r"^(question: )(.*?)(\??)$", lambda m: f"{m[1]}{m[2]} {token}{m[3]}"
    elif re.search(r"^summary:", text, re.M):      # a source's summary...
        pattern, replace = r"^(summary: )(.*)$", lambda m: f"{m[1]}{token}. {m[2]}"
    else:                                          # ...or a one-line summary where it had none
        pattern, replace = r"^(label: .*\n)", lambda m: f"{m[1]}summary: {token}.\n"
    new = re.sub(pattern, replace, text, count=1, flags=re.M)
    return new if new != text else None


# --- the server, in its own process --------------------------------------------------------------------

def run_server(root: Path) -> None:
    """(In the child process.) Serve `root` until stdin closes; report the port on stdout."""
    from site_builder.dev import DevServer, keep_heap

    with DevServer(root, port=0, search=False) as dev:
        keep_heap()             # as `site-builder serve` does
        print(f"READY {dev.port}", flush=True)
        sys.stdin.read()


class ServerDidNotStart(RuntimeError):
    pass


class Server:
    def __init__(self, root: Path, timeout: float | None = None, guard=None):
        """Start the server on `root`; with `timeout` (seconds), give up (and stop it) if its first
        build has not finished by then. `guard(process)`, if given, runs on a thread of its own
        while the server runs (bench/run's memory limit)."""
        self.process = subprocess.Popen([sys.executable, __file__, "--serve", str(root)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, cwd=ROOT)
        if guard is not None:
            threading.Thread(target=guard, args=(self.process,), daemon=True).start()
        self.lines: list[str] = []
        self.port = 0
        timer = threading.Timer(timeout, self.process.kill) if timeout else None
        if timer:
            timer.start()
        try:
            for line in self.process.stdout:  # type: ignore[union-attr]
                self.lines.append(line.rstrip("\n"))
                if line.startswith("READY "):
                    self.port = int(line.split()[1])
                    break
            else:
                self.process.wait()
                raise ServerDidNotStart(f"the server did not start within {timeout:.0f} s" if timeout and
                                        self.process.returncode == -9 else
                                        "the server did not start:\n" + "\n".join(self.lines))
        finally:
            if timer:
                timer.cancel()
        threading.Thread(target=lambda: self.lines.extend(l.rstrip("\n") for l in self.process.stdout),  # type: ignore
                         daemon=True).start()

    def get(self, path: str) -> bytes:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", "/" + path)
            return connection.getresponse().read()
        finally:
            connection.close()

    def rebuilds(self) -> list[float]:
        """The server's own timing of each update, in ms, from its terminal lines."""
        return [float(m[1]) for line in list(self.lines) if (m := re.search(r"written in (\d+) ms", line))]

    def failures(self) -> int:
        return sum(1 for line in list(self.lines) if line.startswith("Build failed"))

    def wait_idle(self, updates_before: int, calm: float = 0.2) -> None:
        """Wait for the update after `updates_before` to end, then for `calm` seconds without another."""
        while len(self.rebuilds()) <= updates_before:
            time.sleep(0.01)
        count, since = len(self.rebuilds()), time.monotonic()
        while time.monotonic() - since < calm:
            time.sleep(0.01)
            if len(self.rebuilds()) != count:
                count, since = len(self.rebuilds()), time.monotonic()

    def stop(self) -> None:
        self.process.stdin.close()  # type: ignore[union-attr]
        self.process.wait(timeout=120)


class EditFailed(RuntimeError):
    pass


def measure(server: Server, path: Path, token: str, deadline: float = 600) -> float | None:
    """Seconds from saving the edit to the open tab being told to reload (the server says so
    once the new page is written and served); then checks that the page has the edit."""
    new = one_line_edit(path, token)
    if new is None:
        return None
    page = PAGES[path.parent.name].format(path.stem)
    # the live-reload script's config (the preview's quote picker has a config of its own)
    configs = [json.loads(found) for found in re.findall(rb"const config = (\{.*?\});", server.get(page))]
    since = next(config["since"] for config in configs if "since" in config)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    connection.request("GET", f"/__site_builder__/events?page={page}&since={since}")   # the open tab
    events = connection.getresponse()
    assert events.fp.readline().startswith(b"retry:")
    started = time.perf_counter()
    path.write_text(new, encoding="utf-8")                      # the editor saves
    for line in events.fp:     # (the server writes a line at least every 15 s)
        if line.startswith(b"event: reload"):
            break
        if line.startswith(b"event: problems") and events.fp.readline().strip() != b"data: []":
            raise EditFailed(f"the edit of {path} made the build fail")
        if time.perf_counter() - started > deadline:
            raise EditFailed(f"no reload {deadline:.0f} s after the edit of {path}")
    elapsed = time.perf_counter() - started
    connection.close()
    assert token.encode() in server.get(page), f"{page} was reloaded without the edit"
    return elapsed


def record_files(root: Path) -> list[Path]:
    """Every record file whose edit the benchmark knows how to make and check."""
    return sorted(p for p in (root / "content").rglob("*.yaml") if p.parent.name in PAGES)


def edit_latencies(server: Server, choose, edits: int, warmup: int = 2, prefix: str = "Benchmark edit"
                   ) -> list[tuple[str, float]]:
    """(record file, ms) of `edits` measured one-line edits of the files `choose()` returns, each
    after the previous update has ended; the first `warmup` edits are made but not returned."""
    results: list[tuple[str, float]] = []
    n = 0
    while len(results) < edits + warmup:
        path = choose()
        n += 1
        done = len(server.rebuilds())
        elapsed = measure(server, path, f"{prefix} {n}")
        if elapsed is not None:
            results.append((f"{path.parent.name}/{path.name}", elapsed * 1000))
            server.wait_idle(done)  # the rest of the update, so the next edit starts on an idle server
    return results[warmup:]


def bench(name: str, root: Path, edits: int, seed: int = 7) -> None:
    started = time.perf_counter()
    server = Server(root)
    print(f"\n{name}: {sum(1 for _ in (root / 'content').rglob('*.yaml'))} YAML files; the server's first build "
          f"took {time.perf_counter() - started:.1f} s")
    rnd = random.Random(seed)
    files = record_files(root)
    rebuilds_before = len(server.rebuilds())
    try:
        results = edit_latencies(server, lambda: rnd.choice(files), edits)
    finally:
        server.stop()
    times = [ms for _, ms in results]
    whole = server.rebuilds()[rebuilds_before + 2:]
    print(f"  {len(results)} one-line edits of random records, save -> rebuilt page served (and the tab told to "
          f"reload): median {statistics.median(times):.0f} ms, p90 {_p90(times):.0f} ms, "
          f"min {min(times):.0f} ms, max {max(times):.0f} ms")
    if whole:
        print(f"  the whole update (every page, the data export, sitemap, feed), as the server timed it: "
              f"median {statistics.median(whole):.0f} ms, max {max(whole):.0f} ms")
    for kind in sorted({name.split("/")[0] for name, _ in results}):
        mine = [ms for name, ms in results if name.startswith(kind + "/")]
        print(f"    {kind:14} {len(mine):3} edits: median {statistics.median(mine):5.0f} ms, max {max(mine):5.0f} ms")
    slowest = sorted(results, key=lambda r: -r[1])[:3]
    print("  slowest: " + ", ".join(f"{name} {ms:.0f} ms" for name, ms in slowest))
    if server.failures():
        print(f"  ({server.failures()} updates read a file half-written and failed; the next one fixed it)")


def _p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) >= 2 else values[0]


p90 = _p90


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=30, help="measured edits per corpus (default 30)")
    parser.add_argument("--only", choices=["real", "fair"])
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        run_server(Path(args.serve))
        return
    with tempfile.TemporaryDirectory(prefix="bench-rebuild-") as tmp:
        if args.only in (None, "real"):
            bench("real content", corpus.copy_real(Path(tmp) / "real"), args.edits)
        if args.only in (None, "fair"):
            bench("fair corpus of 1,000 sources", fair_corpus.generate(Path(tmp) / "fair", 1000), args.edits)


if __name__ == "__main__":
    main()
