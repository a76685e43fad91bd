"""The dev server as an attacker on the network (or a confused tool) sees it: it serves the
built site and nothing else, survives absurd requests, listens on loopback only, and keeps
serving edits while it is flooded.

One server (on the small project of tests/bad_inputs.py) for the module, serving from a
folder inside this test's temporary folder, so the "secret" beside it is ours alone.
"""
from __future__ import annotations

import http.client
import io
import socket
import threading
import time
from collections import Counter

import pytest
from bad_inputs import PERSON, write_project
from projects import WAIT, eventually

from site_builder.cli import make_parser
from site_builder.dev import DevServer, _Handler

SECRET = b"SECRET-51d2: not for the site"
PAGE = "people/jane-roe.html"


@pytest.fixture(scope="module")
def dev(tmp_path_factory):
    base = tmp_path_factory.mktemp("serve-hard")
    root = write_project(base / "proj")
    (base / "secret.txt").write_bytes(SECRET)                  # beside the served folder
    (root / "content" / "secret.txt").write_bytes(SECRET)      # inside the project, never built
    folder = base / "served"
    folder.mkdir()
    server = DevServer(root, port=0, search=False, folder=folder, out=io.StringIO())
    with server:
        assert server.updates and server.updates[0].ok, server.out.getvalue()
        (folder / "link-out").symlink_to(base)                  # links planted in the served folder
        (folder / "file-link.txt").symlink_to(base / "secret.txt")
        yield server


def raw(dev: DevServer, data: bytes, read: int = 1 << 16) -> bytes:
    """Send bytes as they are; return what the server answers before it closes, within WAIT
    seconds in all (a server that trickles bytes must not keep the test reading forever)."""
    deadline = time.monotonic() + WAIT
    with socket.create_connection(("127.0.0.1", dev.port), timeout=WAIT) as sock:
        try:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        except OSError:     # the server answered and closed before reading it all: read the answer
            pass
        chunks = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                pytest.fail(f"timed out after {WAIT:.0f} s waiting for the server to close the connection")
            sock.settimeout(left)
            chunk = sock.recv(read)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def status_of(answer: bytes) -> int:
    assert answer.startswith(b"HTTP/1."), answer[:200]
    return int(answer.split(b" ", 2)[1])


def get(dev: DevServer, path: str, method: str = "GET") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", dev.port, timeout=WAIT)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def alive(dev: DevServer) -> None:
    status, body = get(dev, "/" + PAGE)
    assert status == 200 and b"Jane Roe" in body


ESCAPES = [
    "/../secret.txt", "/../../secret.txt", "/./../secret.txt", "/a/b/../../../secret.txt",
    "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/.%2e/secret.txt", "/%2e./secret.txt",
    "/%252e%252e/secret.txt", "/%25252e%25252e/secret.txt",            # double and triple encoded
    "/..%2fsecret.txt", "/..%2Fsecret.txt", "/%2e%2e%2fsecret.txt",
    "/..\\secret.txt", "/..%5csecret.txt", "/%5c..%5csecret.txt", "\\..\\secret.txt",
    "/%c0%ae%c0%ae/secret.txt", "/%e0%80%ae%e0%80%ae/secret.txt",     # overlong UTF-8 dots
    "/%00../secret.txt", "/index.html%00", "/%00", "/..%00/secret.txt",
    "//etc/passwd", "/%2fetc%2fpasswd", "/%2Fetc/passwd", "///etc///passwd",
    "http://127.0.0.1/../secret.txt", "../secret.txt", "*",
    "/link-out/secret.txt", "/link-out/proj/content/site.yaml", "/file-link.txt",
    "/content/site.yaml", "/content/secret.txt", "/seeds/a.txt", "/" + PERSON, "/themes/default/templates/base.html",
    "/../proj/content/site.yaml", "/%2e%2e/proj/seeds/a.txt",
    "/" + "a" * 5000, "/" + "a/" * 3000, "/%ff%fe%fd",
]


@pytest.mark.parametrize("path", ESCAPES)
def test_only_the_built_site_is_served(dev, path):
    answer = raw(dev, f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode("latin-1"))
    assert 400 <= status_of(answer) < 500, answer[:300]
    assert SECRET not in answer and b"root:" not in answer and b"title: Tiny" not in answer
    alive(dev)


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_folder_redirect_stays_on_this_host(dev, method):
    answer = raw(dev, f"{method} //people HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
    assert status_of(answer) == 301
    location = [line for line in answer.split(b"\r\n") if line.lower().startswith(b"location:")]
    assert location == [b"Location: /people/"], location     # "//people/" would be the host "people"


def test_absurd_requests_are_refused_and_the_server_lives_on(dev):
    cases = {
        "a 100 KB request line": (b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", (414,)),
        "1,000 headers": (b"GET / HTTP/1.1\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(1000)) + b"\r\n", (431,)),
        "a 100 KB header": (b"GET / HTTP/1.1\r\nX-Big: " + b"v" * 100_000 + b"\r\n\r\n", (431, 400)),
        "not HTTP at all": (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(256)) + b"\r\n\r\n", (400,)),
        "an unknown method": (b"DELETE /index.html HTTP/1.1\r\nHost: x\r\n\r\n", (501,)),
        "a bad version": (b"GET / HTTP/9.9\r\n\r\n", (505, 400)),
        "a body it does not want": (b"POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\nxx", (501,)),
    }
    for what, (request, expected) in cases.items():
        answer = raw(dev, request)
        assert status_of(answer) in expected, (what, answer[:200])
        alive(dev)


def test_a_silent_connection_is_closed_and_does_not_hold_the_server(dev, monkeypatch):
    monkeypatch.setattr(_Handler, "timeout", 1)        # 60 s in use; the mechanism is the same
    with socket.create_connection(("127.0.0.1", dev.port), timeout=WAIT) as idle:
        idle.sendall(b"GET / HTT")                       # half a request line, then nothing
        alive(dev)                                       # others are served meanwhile
        started = time.monotonic()
        assert idle.recv(1024) == b""                    # closed by the server...
        assert time.monotonic() - started < WAIT         # ...long before a hang


def test_it_listens_on_loopback_unless_told_otherwise(dev):
    args = make_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1"
    assert DevServer.__init__.__defaults__[0] == "127.0.0.1"
    assert dev._http.server_address[0] == "127.0.0.1"
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))                  # no packet is sent: finds this machine's address
        address = probe.getsockname()[0]
    except OSError:
        address = "127.0.0.1"
    finally:
        probe.close()
    if address.startswith("127."):
        pytest.skip("this machine has no address but loopback to try")
    with pytest.raises(OSError):
        socket.create_connection((address, dev.port), timeout=5).close()


def test_a_flood_does_not_stop_it_serving_the_next_edit(dev):
    """500 bounded requests from 8 threads, and an edit saved in the middle of them."""
    statuses: Counter = Counter()
    failures: list[str] = []
    paths = ["/" + PAGE, "/index.html", "/people/", "/no/such.html", "/assets/style.css", "/../secret.txt"]

    def client(n: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", dev.port, timeout=WAIT)
        try:
            for i in range(63 if n < 7 else 59):
                try:
                    connection.request("HEAD" if i % 5 == 0 else "GET", paths[(n + i) % len(paths)])
                    response = connection.getresponse()
                    response.read()
                    statuses[response.status] += 1
                except (OSError, http.client.HTTPException) as exc:
                    failures.append(repr(exc))
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", dev.port, timeout=WAIT)
        finally:
            connection.close()

    person = dev.root / PERSON
    original = person.read_text(encoding="utf-8")
    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    try:
        person.write_text(original.replace("summary: >-\n", "summary: >-\n  Saved during the flood.\n", 1),
                          encoding="utf-8")
        eventually(lambda: b"Saved during the flood." in get(dev, "/" + PAGE)[1], "the edit to be served during the flood")
        for thread in threads:
            thread.join(timeout=WAIT * 2)
        assert not any(thread.is_alive() for thread in threads), "a client hung"
        assert not failures, failures[:5]
        assert sum(statuses.values()) == 500 and set(statuses) <= {200, 301, 404}, statuses
        alive(dev)
    finally:
        person.write_text(original, encoding="utf-8")
        eventually(lambda: b"Saved during the flood." not in get(dev, "/" + PAGE)[1], "the file put back to be served")


def test_clients_that_go_away_leave_no_traceback(dev, capfd, monkeypatch):
    """A tab closed mid-page resets its connection: the author's terminal must not fill up.
    What is waited for is the server done with each connection (its error handler, which
    would print the traceback, has run by then), not a time."""
    import struct

    done: list[object] = []
    handle = dev._http.process_request_thread        # one thread per connection, to its very end

    def counted(request, client_address):
        try:
            handle(request, client_address)
        finally:
            done.append(client_address)

    monkeypatch.setattr(dev._http, "process_request_thread", counted)
    for request in (b"GET /" + PAGE.encode() + b" HTTP/1.1\r\nHost: x\r\n\r\n", b"GET / HT"):
        sock = socket.create_connection(("127.0.0.1", dev.port), timeout=WAIT)
        sock.sendall(request)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = reset
        sock.close()
    alive(dev)
    eventually(lambda: len(done) >= 3, "the server to be done with the two reset connections and the next one")
    assert "Traceback" not in capfd.readouterr().err
    try:        # the positive control: a real error in a handler is printed, and seen here
        raise ValueError("a bug, not a client that went away")
    except ValueError:
        dev._http.handle_error(None, ("127.0.0.1", 0))
    assert "Traceback" in capfd.readouterr().err


def test_ctrl_c_stops_serve_even_when_started_with_sigint_ignored(tmp_path):
    """A non-interactive shell starts background jobs with SIGINT ignored, and Python keeps it
    so: `serve` installs its own handler, or Ctrl-C (and CI's SIGINT) would do nothing."""
    import os
    import signal
    import subprocess
    import sys

    root = write_project(tmp_path / "proj")
    process = subprocess.Popen([sys.executable, "-m", "site_builder", "--root", str(root), "serve", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "TMPDIR": str(tmp_path)},
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        lines: list[str] = []
        threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()
        eventually(lambda: any(line.startswith("Serving") for line in lines), "the server to start")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=WAIT) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=WAIT)
