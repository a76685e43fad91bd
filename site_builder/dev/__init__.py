"""`site-builder serve`: build, serve on loopback, rebuild on change, reload the open tabs.

Its parts, one job each:

- the watcher (watchdog) turns file events under content/, seeds/ and the theme into
  `Change`s and drops what the build never reads (editor swap files, other themes);
- the `Coalescer` holds them until the burst of an editor's save is over (temp file,
  write, rename: one rebuild, not three);
- the builder thread runs the pipeline's `build` with the changed paths, which writes the files that changed
  into the served folder (a private temporary folder: `output/` is never touched);
- the HTTP server serves that folder. Into each HTML response (never into a file) it
  injects a small script that listens to `/__site_builder__/events` (server-sent events):
  the server tells the tab to reload when its page changed, and sends the build's
  problems, which the script shows as an overlay over the last good page. A fixed file
  sends an empty list, and the overlay goes. Into a source page it also injects the quote
  picker (`picker`): select words, get a citation marker for them, from `/__site_builder__/quote`. The pages open in a tab are rendered first
  and served as soon as they are ready (as Hugo's "fast render" does), the rest after;
- the search indexer runs Pagefind over the served folder once the edits pause.

Only files inside the served folder are served: no `..`, no absolute paths, no symlink
that leads out. The server binds to 127.0.0.1 unless told otherwise, and Ctrl-C stops it
cleanly (threads joined, the temporary folder removed).
"""
from __future__ import annotations

import gc
import http.server
import json
import mimetypes
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import parse_qs, unquote, urlsplit

from .. import urls
from ..pipeline import BuildOptions, BuildState, Change, Update, build
from ..write import LiveFolder
from .picker import QUOTE, picker_script, quote_for
from .scripts import inline_script
from .watch import QUIET, Coalescer, watch

EVENTS = "/__site_builder__/events"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
ANY_PAGE = "*"          # a change every page sees (a stylesheet, a script)
LINGER = 1.0            # seconds a closing connection still reads what the client sends
STOP_WAIT = 10.0        # seconds stop() waits for its threads, all together


# --- what the open tabs are told -------------------------------------------------------------

@dataclass
class LiveState:
    """The current build as the browser tabs see it. Shared by the builder and the HTTP
    threads; every read and write holds `cond`."""

    generation: int = 0                          # good builds so far
    version: int = 0                             # build attempts so far: each one is news to the tabs
    problems: list[str] = field(default_factory=list)
    changed_at: dict[str, int] = field(default_factory=dict)   # site path -> generation it last changed
    watching: Counter = field(default_factory=Counter)         # site path -> tabs open on it
    closed: bool = False
    cond: threading.Condition = field(default_factory=threading.Condition)

    def succeeded(self, paths: Iterable[str]) -> None:
        with self.cond:
            self.generation += 1
            for path in paths:
                # a stylesheet or script changes how every page looks
                self.changed_at[ANY_PAGE if path.startswith("assets/") else path] = self.generation
            self.problems = []
            self._news()

    def failed(self, problems: list[str]) -> None:
        with self.cond:
            self.problems = problems
            self._news()

    def close(self) -> None:
        with self.cond:
            self.closed = True
            self._news()

    def _news(self) -> None:
        self.version += 1
        self.cond.notify_all()

    def open_pages(self) -> frozenset[str]:
        with self.cond:
            return frozenset(page for page, tabs in self.watching.items() if tabs > 0)

    def stale(self, page: str, since: int) -> bool:
        """Has `page` (or every page) changed after generation `since`?"""
        return max(self.changed_at.get(page, 0), self.changed_at.get(ANY_PAGE, 0)) > since


# --- the HTTP side -----------------------------------------------------------------------------

def site_file(folder: Path, url_path: str) -> Path | None:
    """The file that a URL path names inside `folder` (which must be resolved), or None.
    Nothing outside the folder is ever returned: `..` segments, NUL bytes and backslashes
    are refused outright, and the resolved path (symlinks followed) must still be inside."""
    path = unquote(urlsplit(url_path).path)
    if "\0" in path or "\\" in path:
        return None
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if ".." in parts:
        return None
    candidate = folder.joinpath(*parts)
    try:
        # (inside the try: a name too long for the file system raises, it does not say False)
        if candidate.is_dir():
            candidate = candidate / "index.html"
        real = candidate.resolve(strict=True)
        if not real.is_relative_to(folder) or not real.is_file():
            return None
    except (OSError, RuntimeError, ValueError):
        return None
    return real


def live_script(page: str, generation: int) -> bytes:
    """The preview's own script: reload when this page changes, show the build's problems."""
    return inline_script("live.js", "data-site-builder-preview", {"events": EVENTS, "page": page, "since": generation})


def inject(page: bytes, script: bytes) -> bytes:
    at = page.rfind(b"</body>")
    return page[:at] + script + page[at:] if at != -1 else page + script


NO_SITE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not built yet</title></head>
<body><p>The site has not built yet: see the problems in the terminal (or above).</p></body></html>"""


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    # A connection that sends nothing for this long is closed: idle keep-alive connections
    # (and clients that open one and never finish a request) must not pin a thread forever.
    # The event stream is unaffected: it waits on the build, not on the socket.
    timeout = 60
    # An unparseable request gets a proper status line (the default, HTTP/0.9, answers
    # garbage with a bare HTML body that no client can tell from a page)
    default_request_version = "HTTP/1.0"

    def log_message(self, format: str, *args) -> None:
        pass

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == EVENTS:
            self._events()
        elif path == QUOTE:
            self._quote()
        else:
            self._respond(head=False)

    def _quote(self) -> None:
        """The quote picker's question: the citation marker for the words selected on a source page."""
        good = self.server.dev.state_of_build.good
        query = {key: values[0] for key, values in parse_qs(urlsplit(self.path).query).items()}
        status, answer = quote_for(good.site, query) if good is not None else (503, {"error": "not built yet"})
        self._send(status, json.dumps(answer, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8",
                   head=False)

    def _respond(self, head: bool) -> None:
        dev = self.server.dev
        with dev.state.cond:
            # read before the file: a build finishing in between then makes the tab reload
            generation = dev.state.generation
        url_path = urlsplit(self.path).path
        target = site_file(dev.folder, url_path)
        status = 200
        if target is not None and target.name == "index.html" and not url_path.endswith(("/", "index.html")):
            # a folder without its slash: its pages' relative links only work with the slash
            # one leading slash: "//people" must not become "//people/", another host to a browser
            self._send(301, b"", "text/plain", head, {"Location": "/" + url_path.lstrip("/") + "/"})
            return
        if target is None:
            status, target = 404, site_file(dev.folder, "/404.html")
        try:
            body = target.read_bytes() if target is not None else NO_SITE
        except OSError:     # pruned by a rebuild between finding it and reading it
            status, target, body = 404, None, NO_SITE
        ctype = mimetypes.guess_type(target.name if target is not None else "x.html")[0] or "application/octet-stream"
        if ctype == "text/html":
            page = url_path.lstrip("/")
            page = page + "index.html" if page.endswith("/") or not page else page
            script = live_script(unquote(page), generation)
            source = self._source_of(unquote(page)) if status == 200 else None
            if source is not None:
                script = picker_script(source) + script
            body = inject(body, script)
            ctype += "; charset=utf-8"
        elif ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        self._send(status, body, ctype, head)

    def _source_of(self, page: str) -> str | None:
        """The source whose page `page` is, in the last good build."""
        good = self.server.dev.state_of_build.good
        if good is None:
            return None
        return next((sid for sid in good.site.cleaned if urls.record("source", sid) == page), None)

    def _send(self, status: int, body: bytes, ctype: str, head: bool, headers: Mapping[str, str] | None = None
              ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self) -> None:
        """One tab's event stream: its problems now and after every build, and `reload`
        once its page changed after the generation it was served at."""
        query = parse_qs(urlsplit(self.path).query)
        page = query.get("page", [""])[0]
        try:
            since = int(query.get("since", ["0"])[0])
        except ValueError:
            since = 0
        state = self.server.dev.state
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        seen = -1
        with state.cond:
            state.watching[page] += 1        # its page is rendered first on the next change
        try:
            self.wfile.write(b"retry: 500\n\n")
            while True:
                with state.cond:
                    state.cond.wait_for(lambda: state.version != seen or state.closed, timeout=15)  # noqa: B023 (called at once)
                    if state.closed:
                        return
                    news, seen = state.version != seen, state.version
                    problems, reload = list(state.problems), not state.problems and state.stale(page, since)
                if not news:
                    self.wfile.write(b": still here\n\n")      # finds tabs that went away
                elif reload:
                    self.wfile.write(b"event: reload\ndata: {}\n\n")
                    self.wfile.flush()
                    return
                else:
                    self.wfile.write(f"event: problems\ndata: {json.dumps(problems)}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            return
        finally:
            with state.cond:
                state.watching[page] -= 1
                if state.watching[page] <= 0:   # any string can come as ?page=: keep only open ones
                    del state.watching[page]


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    # a browser opens several connections at once, a page of previews more: the default
    # backlog of 5 makes the rest wait for SYN retries (1 s, then 3 s) on a busy machine
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], dev: DevServer):
        self.dev = dev
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def handle_error(self, request, client_address) -> None:
        """A client that went away (a closed tab, a reset, a timed-out idle connection) is
        not news: no traceback in the author's terminal. Anything else is still printed."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)

    def shutdown_request(self, request) -> None:
        """Close as a lingering close does: stop sending, then read (and drop) what the client
        still sends, for a moment. Closing a socket with unread input makes the kernel send a
        reset, which can destroy the answer just sent: the 414 for a 100 KB request line, the
        431 for a thousand headers would never arrive."""
        try:
            request.shutdown(socket.SHUT_WR)
            request.settimeout(LINGER)
            deadline, drained = time.monotonic() + LINGER, 0
            while drained < 1 << 20 and time.monotonic() < deadline:
                chunk = request.recv(1 << 16)
                if not chunk:
                    break
                drained += len(chunk)
        except OSError:
            pass
        self.close_request(request)


# --- the server as a whole -----------------------------------------------------------------------

class DevServer:
    """The preview server. `start()` builds and starts serving; `stop()` undoes it all.

    Also what the tests and the benchmark drive: `port=0` picks a free port, `search=False`
    skips the search index, `folder` serves from a given (empty) folder instead of a
    temporary one."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8000, *, quiet: float = QUIET,
                 search: bool = True, folder: Path | None = None, out: TextIO | None = None):
        self.root = root.resolve()
        self.host, self.port = host, port
        self.search = search
        self.out = out or sys.stdout
        self.state_of_build = BuildState()
        self.coalescer = Coalescer(quiet)
        self.state = LiveState()
        self._own_folder = folder is None
        self.folder = (folder or Path(tempfile.mkdtemp(prefix="site-builder-serve-"))).resolve()
        self.updates: list[Update] = []          # every build attempt, for the tests and the benchmark
        self.live = LiveFolder(self.folder)
        self._http: _HTTPServer | None = None
        self._threads: list[threading.Thread] = []
        self._observer: Any = None
        self._search_wanted = threading.Event()
        self._stopping = threading.Event()

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def start(self) -> DevServer:
        self._http = _HTTPServer((self.host, self.port), self)   # bind first: a busy port fails fast
        self.port = self._http.server_address[1]
        self._observer = watch(self)   # before the first build: nothing saved meanwhile is missed
        self._rebuild(frozenset())
        good = self.state_of_build.good
        if good is not None:
            # which pages use which inputs, made now: the first edit finds its stale pages in it
            # at once rather than making it first (a second or so for 40,000 pages)
            _ = good.pages.users
        self._spawn("http", self._http.serve_forever)
        self._spawn("build", self._build_loop)
        if self.search:
            self._search_wanted.set()
            self._spawn("search", self._search_loop)
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._search_wanted.set()
        self.coalescer.close()
        self.state.close()
        if self._observer is not None:
            self._observer.stop()
        if self._http is not None:
            if any(thread.name == "site-builder-http" for thread in self._threads):
                self._http.shutdown()       # waits for serve_forever: only if it runs
            self._http.server_close()
        # one deadline for all: a busy indexer, a rebuild and the watcher must not add up
        # to 40 s of Ctrl-C on a loaded machine
        deadline = time.monotonic() + STOP_WAIT
        for thread in self._threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        if self._observer is not None:
            self._observer.join(timeout=max(0.0, deadline - time.monotonic()))
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> DevServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _spawn(self, name: str, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, name=f"site-builder-{name}", daemon=True)
        thread.start()
        self._threads.append(thread)

    def _build_loop(self) -> None:
        while not self._stopping.is_set():
            batch = self.coalescer.take()
            if batch and not self._stopping.is_set():
                self._rebuild(batch)

    def _rebuild(self, batch: frozenset[Change]) -> None:
        def served(paths: frozenset[str]) -> None:
            self.state.succeeded(paths)     # the tabs on those pages reload now

        try:
            update = build(BuildOptions(self.root), self.state_of_build, batch, folder=self.live, notify=served,
                           first=self.state.open_pages())
        except Exception:  # a bug, not bad content: show it, keep serving
            self.state.failed([traceback.format_exc()])
            print(traceback.format_exc(), file=self.out, flush=True)
            return
        self.updates.append(update)
        if not update.ok:
            problems = sorted(update.result.problems, key=lambda p: (p.severity != "error", p.position))
            shown = [problem.format(self.root) for problem in problems]
            self.state.failed(shown)
            print("\n".join(shown), file=self.out)
            print(f"Build failed: {len(update.result.errors)} error(s); still serving the last good site.",
                  file=self.out, flush=True)
            return
        self.state.succeeded(frozenset())        # no problems now: the overlay goes
        for problem in update.result.warnings:
            print(problem.format(self.root), file=self.out)
        what = ", ".join(sorted(c.path for c in batch)[:3]) + (", ..." if len(batch) > 3 else "")
        print(f"{'Rebuilt after ' + what if batch else 'Built'}: {update.rendered} pages rendered, "
              f"{len(update.written)} files written in {update.result.timings['total'] * 1000:.0f} ms",
              file=self.out, flush=True)
        if self.search:
            self._search_wanted.set()

    def _search_loop(self) -> None:
        """Index the served site for search, in the background, once the edits pause."""
        from ..write.search import index_site

        while not self._stopping.is_set():
            self._search_wanted.wait()
            self._search_wanted.clear()
            if self._stopping.wait(2.0):
                return
            if self._search_wanted.is_set():
                continue        # more edits came: wait for them to pause
            try:
                index_site(self.folder)
            except Exception as exc:  # search is a convenience in the preview: never stop serving for it
                print(f"search index not updated: {exc}", file=self.out, flush=True)


def keep_heap() -> None:
    """Most of what the first build made lives as long as the server (records, cleaned
    sources, pages): freezing it spares every later rebuild the cyclic collector's full
    scans of it, which cost ~200 ms each on a 1,000-source corpus. (A process-wide
    setting, so it is the command's to make, not DevServer's.)"""
    gc.collect()
    gc.freeze()


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000) -> int:
    """The `serve` command: runs until Ctrl-C (or SIGTERM)."""
    if not (root / "content").is_dir():
        print(f"error: {root} has no content/ folder; run from the project root or pass --root DIR", file=sys.stderr)
        return 2
    if host not in LOOPBACK:
        print(f"warning: serving on {host}: other machines can read the preview", file=sys.stderr)
    # A rebuild goes on (the data export) after it has served the edited pages, just when the
    # tab asks for them: at the default 5 ms switch interval, each of the request thread's many
    # waits for the GIL can cost 5 ms. 1 ms lets the reload through first (measured: 48 -> 32 ms).
    sys.setswitchinterval(0.001)
    dev = DevServer(root, host, port)
    try:
        dev.start()
    except OSError as exc:
        print(f"error: cannot serve on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        dev.stop()
        return 2
    keep_heap()
    stop = threading.Event()
    # Ctrl-C and SIGTERM only ask the loop below to stop. Both handlers are installed here, and
    # before "Serving" is printed: a process started in the background by a non-interactive
    # shell (a CI script, `cmd &`) inherits SIGINT as ignored, Python then leaves it ignored,
    # and Ctrl-C did nothing at all.
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        print(f"Serving {root} at {dev.url} (Ctrl-C to stop)", flush=True)
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        print("Stopping...", flush=True)
        dev.stop()
    return 0
