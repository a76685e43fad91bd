"""Watching the project: file events become `Change`s, and a burst of them one batch."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..pipeline import classify

QUIET = 0.01            # seconds without a new event before a burst counts as over: short, so a save shows
                        # at once; an editor's save is a burst of a few ms, and one that straddles it costs a
                        # second build, never a wrong one


# --- coalescing bursts of changes ----------------------------------------------------------

class Coalescer:
    """Collects changes from the watcher; hands them out as one batch once none has come
    for `quiet` seconds. An editor's save, a burst of events (temp file, write, rename,
    attributes) a few milliseconds long, is mostly one rebuild. A longer burst with pauses
    over `quiet` (a `git checkout` of many files) becomes a batch per pause: each rebuild is
    still right, and whatever comes during one waits, gathered, for the next."""

    def __init__(self, quiet: float = QUIET, clock: Callable[[], float] = time.monotonic):
        self.quiet = quiet
        self._clock = clock
        self._items: set = set()
        self._last = 0.0
        self._closed = False
        self._cond = threading.Condition()

    def add(self, item) -> None:
        with self._cond:
            self._items.add(item)
            self._last = self._clock()
            self._cond.notify_all()

    def take(self) -> frozenset:
        """Block until a burst is over and return it; an empty set once closed."""
        with self._cond:
            while not self._closed:
                if self._items:
                    wait = self._last + self.quiet - self._clock()
                    if wait <= 0:
                        batch = frozenset(self._items)
                        self._items.clear()
                        return batch
                    self._cond.wait(wait)
                else:
                    self._cond.wait()
            return frozenset()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


# --- the watcher -------------------------------------------------------------------------------

# watchdog event types that say nothing changed (the build reads files too)
_READ_EVENTS = frozenset({"opened", "closed_no_write"})


def watch(dev) -> Any:
    """Start watching content/, seeds/ and themes/ of `dev.root` for `dev.coalescer`."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if event.event_type in _READ_EVENTS or (event.is_directory and event.event_type == "modified"):
                return
            for raw in (event.src_path, getattr(event, "dest_path", "")):
                if raw:
                    path = Path(raw.decode() if isinstance(raw, bytes) else raw)
                    change = classify(dev.root, dev.state_of_build.theme, path, event.is_directory)
                    if change is not None:
                        dev.coalescer.add(change)

    observer = Observer()
    for name in ("content", "seeds", "themes"):
        folder = dev.root / name
        if folder.is_dir():
            observer.schedule(Handler(), str(folder), recursive=True)
    observer.daemon = True
    observer.start()
    return observer


