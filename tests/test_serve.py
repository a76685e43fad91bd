"""The dev server: serves the site, rebuilds on save, reloads tabs, shows errors, refuses escapes.

One server (on a copy of the real project) serves the whole module; every test that edits a
file puts it back. Waits poll for what the test needs to see, with generous time limits:
the machine may be busy.
"""
from __future__ import annotations

import contextlib
import http.client
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from projects import WAIT, copy_project, eventually, set_language

from site_builder.cli import make_parser
from site_builder.dev import EVENTS, Coalescer, DevServer, inject, site_file
from site_builder.pipeline import BuildOptions, build_site

PERSON = "content/people/alexandr-wang.yaml"
SENTINEL = "content/people/lucy-guo.yaml"       # another file, edited to mark the end of a burst
PAGE = "people/alexandr-wang.html"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"]


# Every wait here polls for what the test needs to see and names it when it fails. The bound
# is sized for a loaded 2-core machine (other builds running): long, but only a hang reaches it.


def settle(dev: DevServer, calm: float = 0.3) -> None:
    """Wait until the server has had nothing to do for `calm` seconds (events of an earlier
    test may still be arriving; a precondition, not an assertion)."""
    last = (len(dev.updates), time.monotonic())

    def calm_now():
        nonlocal last
        if len(dev.updates) != last[0]:
            last = (len(dev.updates), time.monotonic())
        return time.monotonic() - last[1] > calm
    eventually(calm_now, what="the server to settle")


@pytest.fixture(scope="module")
def dev(tmp_path_factory):
    base = tmp_path_factory.mktemp("serve")
    root = copy_project(base / "proj")
    folder = base / "served"          # inside this module's temporary folder, as all it writes
    folder.mkdir()
    server = DevServer(root, port=0, search=False, folder=folder, out=io.StringIO())
    with server:
        assert server.updates and server.updates[0].ok, server.out.getvalue()
        yield server


def get(dev: DevServer, path: str, method: str = "GET") -> tuple[int, dict, bytes]:
    """A raw request: `path` goes on the wire exactly as given (no client-side normalizing)."""
    connection = http.client.HTTPConnection("127.0.0.1", dev.port, timeout=WAIT)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@contextlib.contextmanager
def edited(dev: DevServer, rel: str, old: str, new: str):
    """Edit a file of the served project; put it back (and wait for the rebuild) afterwards."""
    path = dev.root / rel
    original = path.read_text(encoding="utf-8")
    assert old in original
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    try:
        yield path
    finally:
        count = len(dev.updates)
        path.write_text(original, encoding="utf-8")
        eventually(lambda: len(dev.updates) > count and dev.updates[-1].ok and not dev.state.problems,
                   what="the rebuild after putting the file back")


# --- serving -------------------------------------------------------------------------------------

def test_serves_the_site_with_the_live_script_only_in_responses(dev, tmp_path):
    status, headers, body = get(dev, "/" + PAGE)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"data-site-builder-preview" in body and EVENTS.encode() in body
    assert headers["Cache-Control"] == "no-store"
    on_disk = (dev.folder / PAGE).read_bytes()
    assert b"data-site-builder-preview" not in on_disk and body == inject(on_disk, body[body.rfind(b"\n<script"):
                                                                                   body.rfind(b"</body>")])
    built = build_site(BuildOptions(dev.root, tmp_path / "out"))
    assert built.ok
    for page in (tmp_path / "out").rglob("*.html"):
        assert b"site-builder-preview" not in page.read_bytes() and EVENTS.encode() not in page.read_bytes()
    # the served folder holds exactly what `build` writes (but the search index)
    served = {p.relative_to(dev.folder).as_posix() for p in dev.folder.rglob("*") if p.is_file()}
    written = {p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file()
               and not p.relative_to(tmp_path / "out").as_posix().startswith("pagefind/")}
    assert served == written


def test_folders_missing_pages_and_head(dev):
    status, headers, _ = get(dev, "/people")
    assert status == 301 and headers["Location"] == "/people/"
    status, _, body = get(dev, "/people/")
    assert status == 200 and body.lower().startswith(b"<!doctype html>"), (status, body[:100])
    status, _, body = get(dev, "/no/such/page.html")
    assert status == 404 and b"data-site-builder-preview" in body
    status, headers, body = get(dev, "/" + PAGE, method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 1000
    status, headers, _ = get(dev, "/assets/style.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css")


@pytest.fixture
def planted(dev):
    """A secret beside the served folder (inside the module's temporary folder) and links to it
    planted in the served folder; the links are taken out again afterwards, so no other test
    serves or lists them."""
    outside = dev.folder.parent / "secret.txt"
    outside.write_text("secret!", encoding="utf-8")
    links = {dev.folder / "link-out": dev.folder.parent, dev.folder / "file-link.txt": outside}
    for link, target in links.items():
        link.symlink_to(target)
    try:
        yield outside
    finally:
        for link in links:
            link.unlink()
        outside.unlink()


@pytest.mark.parametrize("path", ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/a/../../secret.txt",
                                  "//etc/passwd", "/%2fetc%2fpasswd", "/..\\secret.txt", "/link-out/secret.txt",
                                  "/file-link.txt", "/%00index.html"])
def test_path_escapes_are_refused(dev, planted, path):
    assert dev.folder.parent == planted.parent      # the secret is one step outside what is served
    status, _, body = get(dev, path)
    assert status == 404 and b"secret!" not in body


def test_a_url_cannot_inject_markup_into_the_live_script(dev):
    status, _, body = get(dev, "/%3C/script%3E%3Cscript%3Ealert(1)%3C/script%3E.html")
    assert status == 404 and b"</script><script>alert(1)" not in body


def test_site_file_stays_inside_the_folder(tmp_path):
    folder = (tmp_path / "site").resolve()
    (folder / "people").mkdir(parents=True)
    (folder / "people" / "index.html").write_text("x")
    (folder / "a.html").write_text("x")
    (tmp_path / "secret").write_text("x")
    (folder / "out").symlink_to(tmp_path / "secret")
    assert site_file(folder, "/a.html") == folder / "a.html"
    assert site_file(folder, "/people/") == folder / "people" / "index.html"
    assert site_file(folder, "/people/index.html?x=1") == folder / "people" / "index.html"
    for bad in ("/../secret", "/people/../../secret", "/%2E%2E/secret", "/out", "/a.html%00", "/nothing.html"):
        assert site_file(folder, bad) is None, bad


def test_the_server_binds_to_loopback_unless_told_otherwise(dev):
    args = make_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)
    assert dev.host == "127.0.0.1" and dev._http.server_address[0] == "127.0.0.1"


# --- rebuilding ------------------------------------------------------------------------------------

def test_a_saved_edit_is_served_and_reloads_the_tab(dev):
    settle(dev)
    generation, count = dev.state.generation, len(dev.updates)
    events = EventStream(dev, PAGE, generation)
    assert events.next() == ("problems", [])
    with edited(dev, PERSON, "summary: >-\n", "summary: >-\n  A freshly saved sentence.\n"):
        eventually(lambda: b"A freshly saved sentence." in get(dev, "/" + PAGE)[2], what="the edit to be served")
        assert events.next() == ("reload", {})
        # the page is served (and the tab told) before the data export is made: wait for the rest
        eventually(lambda: len(dev.updates) > count, what="the update to finish")
        assert dev.updates[count].written == {PAGE}


def test_a_burst_of_saves_is_one_rebuild(dev):
    settle(dev)
    dev.coalescer.quiet = 0.5       # the writes below take far less; a busy machine may still be slow
    try:
        count = len(dev.updates)
        path = dev.root / PERSON
        original = path.read_text(encoding="utf-8")
        with edited(dev, PERSON, "summary: >-\n", "summary: >-\n  Burst 0.\n"):
            for n in range(1, 6):          # an editor's save: temp file, then rename over the original
                temp = path.with_name(f".{path.name}.tmp{n}")
                temp.write_text(original.replace("summary: >-\n", f"summary: >-\n  Burst {n}.\n", 1), encoding="utf-8")
                os.replace(temp, path)
            eventually(lambda: b"Burst 5." in get(dev, "/" + PAGE)[2] and len(dev.updates) > count,
                       what="the last save to be served")
            # "one rebuild" is also "no second one later": a file event of the burst arriving late
            # would come before the sentinel's (the watcher hands them on in order), and so be a
            # rebuild of its own or in the sentinel's batch. No time is waited for nothing to happen.
            printed = len(dev.out.getvalue())
            with edited(dev, SENTINEL, "name:", "# the sentinel\nname:"):
                # (the update is recorded a moment before its line is printed: wait for both)
                eventually(lambda: len(dev.updates) > count + 1 and f"Rebuilt after {SENTINEL}:" in dev.out.getvalue()[printed:],
                           what="the sentinel's rebuild")
                assert len(dev.updates) == count + 2, "the burst was more than one rebuild"
                rebuilt = re.findall(r"^Rebuilt after ([^:]*):", dev.out.getvalue()[printed:], re.M)
                assert rebuilt == [SENTINEL], rebuilt
    finally:
        dev.coalescer.quiet = 0.02


def test_an_error_is_reported_and_the_last_good_site_stays(dev):
    good = get(dev, "/" + PAGE)[2]
    events = EventStream(dev, PAGE, dev.state.generation)
    assert events.next() == ("problems", [])
    with edited(dev, PERSON, 'cite:s003 "Back in 2016', 'cite:s003 "Back in 1999'):
        kind, problems = events.next()
        assert kind == "problems" and len(problems) >= 1
        assert problems[0].startswith(f"{PERSON}:") and "quote not found in s003" in problems[0]
        assert "closest passage" in problems[0]                  # the suggestion
        assert f"{PERSON}:" in dev.out.getvalue()                # the terminal says the same
        assert get(dev, "/" + PAGE)[2] == good
    assert events.next() == ("problems", [])                    # fixed: the overlay goes


class EventStream:
    """The server-sent events one tab receives."""

    def __init__(self, dev: DevServer, page: str, since: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", dev.port, timeout=WAIT)
        self.connection.request("GET", f"{EVENTS}?page={page}&since={since}")
        self.sock = self.connection.sock    # (the response takes it over: the connection forgets it)
        self.response = self.connection.getresponse()
        assert self.response.status == 200 and self.response.getheader("Content-Type") == "text/event-stream"

    def next(self, timeout: float = WAIT) -> tuple[str, object]:
        """The next event, within `timeout` seconds in all. (The stream sends a keep-alive every
        15 s: a socket timeout alone would never fire, and a missing event would hang the test;
        so each read may only wait for what is left of the one deadline.)"""
        deadline = time.monotonic() + timeout
        kind, data = "", ""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                pytest.fail(f"timed out after {timeout:.0f} s waiting for an event (got {kind!r} so far)")
            self.sock.settimeout(left)
            try:
                raw = self.response.fp.readline()
            except TimeoutError:
                pytest.fail(f"timed out after {timeout:.0f} s waiting for an event (got {kind!r} so far)")
            if not raw:
                pytest.fail(f"the event stream ended before an event came (got {kind!r} so far)")
            line = raw.decode("utf-8").rstrip("\n")
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                data = line[6:]
            elif not line and kind:
                return kind, json.loads(data)

    def close(self) -> None:
        self.response.close()
        self.sock.close()


def test_an_event_that_never_comes_fails_the_wait_instead_of_hanging_it(dev):
    """The keep-alives keep the socket busy: only the overall deadline ends the wait."""
    settle(dev)
    events = EventStream(dev, PAGE, dev.state.generation)
    try:
        assert events.next() == ("problems", [])
        with pytest.raises(pytest.fail.Exception, match="timed out after 1 s waiting for an event"):
            events.next(timeout=1)         # nothing changes: no event is due
    finally:
        events.close()


# --- in a real browser ----------------------------------------------------------------------------

def playwright_wait(what: str, wait, *args, **kwargs):
    """One Playwright wait, failing with what it waited for (its own timeout is the context's)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        return wait(*args, **kwargs)
    except PlaywrightTimeout:
        pytest.fail(f"timed out after {WAIT:.0f} s waiting for {what}", pytrace=False)


@pytest.fixture(scope="module")
def browser():
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"Chromium not found at {CHROMIUM} (CI=true: browser tests may not be skipped)")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.mark.browser
def test_the_overlay_appears_on_a_broken_file_and_clears_when_fixed(dev, browser):
    context = browser.new_context()
    context.set_default_timeout(WAIT * 1000)
    try:
        page = context.new_page()
        page.goto(dev.url + PAGE)
        with edited(dev, PERSON, 'cite:s003 "Back in 2016', 'cite:s003 "Back in 1999'):
            overlay = page.locator("#site-builder-overlay")
            playwright_wait("the error overlay to appear", overlay.wait_for, state="visible")
            assert overlay.get_attribute("lang") == "en"      # the builder's words, whatever the site's language
            text = overlay.inner_text()
            assert f"{PERSON}:" in text and "quote not found in s003" in text and "closest passage" in text
            assert page.locator("h1").count() >= 1           # the last good page is still underneath
        playwright_wait("the overlay to clear once the file is fixed", overlay.wait_for, state="detached")
        # a fix that changes the page reloads the tab with the new version
        with edited(dev, PERSON, "summary: >-\n", "summary: >-\n  Seen after the reload.\n"):
            playwright_wait("the tab to reload with the edit", page.get_by_text("Seen after the reload.").wait_for)
    finally:
        # Leave the page first: closing a context while its event stream is open can hang
        # Chromium's shutdown (seen once on a loaded machine), and close() has no timeout.
        for open_page in context.pages:
            with contextlib.suppress(Exception):
                open_page.goto("about:blank", timeout=10_000)
        context.close()


# --- a project's message catalog ------------------------------------------------------------------

CATALOG = "themes/default/locale/fr.po"       # the project's own French words, over the packaged ones
CATALOG_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n"Language: fr\\n"\n\n'
ONLY = 'msgid "The only article to answer"\nmsgstr "{}"\n'      # a badge: on claim and source pages, in the export
CLAIM = "claims/poison-pill.html"


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.relative_to(folder).as_posix().startswith("pagefind/")}


def test_an_edited_catalog_is_served_and_equals_a_fresh_build(tmp_path):
    """Saving a project's catalog rebuilds with its words: every page, the data export's badges and
    the cards; the served site is then byte for byte what a fresh build writes."""
    root = set_language(copy_project(tmp_path / "proj"), "fr")
    catalog = root / CATALOG
    catalog.parent.mkdir(parents=True)
    catalog.write_text(CATALOG_HEADER + ONLY.format("Seul à répondre"), encoding="utf-8")
    folder = tmp_path / "served"
    folder.mkdir()
    with DevServer(root, port=0, search=False, folder=folder, out=io.StringIO()) as dev:
        assert dev.updates and dev.updates[0].ok, dev.out.getvalue()
        assert "Seul à répondre" in get(dev, "/" + CLAIM)[2].decode("utf-8")
        settle(dev)
        count = len(dev.updates)
        # an editor's save: a temporary file renamed over the catalog
        temp = catalog.with_name(".fr.po.tmp")
        temp.write_text(CATALOG_HEADER + ONLY.format("Seule source à répondre"), encoding="utf-8")
        os.replace(temp, catalog)
        eventually(lambda: len(dev.updates) > count and dev.updates[-1].ok, what="the rebuild after the save")
        assert "Seule source à répondre" in get(dev, "/" + CLAIM)[2].decode("utf-8")
        export = (folder / "data" / "explainer.json").read_text(encoding="utf-8")
        assert '"badge":"Seule source à répondre"' in export and "Seul à répondre" not in export
        assert "Seule source à répondre" in (folder / "embed" / CLAIM).read_text(encoding="utf-8")
        served = files_under(folder)
        assert not [path for path, body in served.items() if b"Seul \xc3\xa0 r\xc3\xa9pondre" in body]
    fresh = build_site(BuildOptions(root, tmp_path / "out", search=False))
    assert fresh.ok
    written = files_under(tmp_path / "out")
    assert served.keys() == written.keys()
    assert [path for path in served if served[path] != written[path]] == []


# --- stopping -------------------------------------------------------------------------------------

def test_ctrl_c_stops_the_server_cleanly(tmp_path):
    root = copy_project(tmp_path / "proj")
    # PYTHONFAULTHANDLER: if it ever hangs, SIGABRT makes it print every thread's stack (below)
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONFAULTHANDLER": "1"}
    process = subprocess.Popen([sys.executable, "-m", "site_builder", "--root", str(root), "serve", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
        reader.start()
        url = eventually(lambda: next((l.split(" at ")[1].split()[0] for l in lines if l.startswith("Serving")), None),
                         timeout=120, what="the server to start")
        port = int(url.rsplit(":", 1)[1].strip("/"))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        connection.request("GET", "/")
        assert connection.getresponse().status == 200
        connection.close()
        assert list(tmp_path.glob("site-builder-serve-*"))
        process.send_signal(signal.SIGINT)
        try:
            returncode = process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)
            process.wait(timeout=WAIT)
            reader.join(timeout=WAIT)
            pytest.fail(f"timed out after {WAIT:.0f} s waiting for the server to stop on Ctrl-C; "
                        f"its threads were at:\n{''.join(lines[-200:])}")
        assert returncode == 0, "".join(lines)
        reader.join(timeout=WAIT)
        assert any(line.startswith("Stopping") for line in lines), lines
        assert not list(tmp_path.glob("site-builder-serve-*"))        # the served folder is gone
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=WAIT)


def test_coalescer_hands_out_a_burst_as_one_batch():
    coalescer = Coalescer(quiet=0.01)
    for n in range(5):
        coalescer.add(n)
    assert coalescer.take() == {0, 1, 2, 3, 4}
    done: list = []
    waiter = threading.Thread(target=lambda: done.append(coalescer.take()))
    waiter.start()
    coalescer.close()
    waiter.join(timeout=WAIT)
    assert done == [frozenset()]
