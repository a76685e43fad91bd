"""Full-text search: Pagefind indexes the written pages, in its own processes, shard by shard.

The indexed pages are split into shards: the groups the build passes (the pages one search
label holds, in the order the builder finishes them: `Indexing`) each by a hash of their paths
(`plan`, `shard_of`), so a shard's pages depend on their kind and path, never on their content.
Each shard is its own Pagefind bundle, made by running the Pagefind binary (shipped by
`pagefind[bin]`) over a folder holding what Pagefind reads of that shard's pages
(`indexed_view`), at their paths in the site (so the index's URLs are the site's). The search
page loads the first bundle (`pagefind/`) and merges the others (`pagefind/<n>/`, listed in
`pagefind/shards.json`) with Pagefind's `mergeIndex`. Each shard's bundle is kept, by the hash
of what Pagefind reads of its pages, in the build state folder: a build runs Pagefind only for
the shards whose indexed text changed. An edit changes few pages' indexed text: a claim's
question is on its page, the claims index, the matrix and the pages of the organizations it is
about; the pages citing it list it in sections Pagefind ignores (a source's "cited by", an
entity's backlinks), cut out before the key is taken, so those pages' shards are kept.

A shard is indexed as soon as its pages are all final and staged, on the second core while the
builder renders the other pages, checks links and writes the other files: the groups are sharded
apart, and filled shard by shard. Without the binary the site still builds; the search page then
says search is unavailable (its script is missing, the form still renders).
"""
from __future__ import annotations

import hashlib
import importlib
import json
import os
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

EXCLUDE = ".cite"    # citation markers repeat their passage in a hidden preview: keep them out of excerpts
BUNDLE = "pagefind"             # the first shard's bundle, at the site's pagefind/; the others in it, by number
SHARDS_FILE = "shards.json"     # in pagefind/: the folders of the other bundles, for the search page to merge
NOTE = ".pages"                 # a note in the store, named by a shard's pages: the key of their bundle
VIEW = 1                        # the version of `indexed_view`, in each shard's key: a change makes new bundles
# Measured (issue 22): each Pagefind run costs ~0.01-0.03 s of CPU to start, and indexing
# ~0.13-0.19 s of CPU per MB of HTML. CPU seconds of Pagefind, medians of 2-3 runs (a shared
# machine; shard counts alternated), for a cold index / after one page edited / after the
# 11 pages one claim's question changes (the pages as written, before `indexed_view`):
#   real site, 219 pages, 3.9 MB:  1 shard 0.59 / 0.52 / 0.54;  2 shards 0.59 / 0.26 / 0.56;
#                                  4 shards 0.63 / 0.13 / 0.58; 8 shards 0.70 / 0.10 / 0.62
#   fair corpus at 100, 314 pages, 7.0 MB: 1 shard 1.34 / 1.45; 4 shards 1.45 / 0.32; 16 shards 1.88 / 0.08
# Each bundle also brings its own Pagefind runtime (~70 kB of WebAssembly fetched by the search
# page, ~650 kB on disk: 0.96 MB for the real site in one shard, 5.5 MB in eight). On a small
# site more shards cost a cold build more than they save an edit. Hence about 128 pages a shard
# (the real site: 2 shards; the fair corpus at 1,000: 15, the rich one at 100: 24, their groups'
# labels apart: `plan`), counted in pages, not bytes: the page count changes only when a record
# comes or goes, the bytes with every edit (and a count that flips re-indexes every shard).
# What Pagefind reads (`indexed_view`), one bundle of a whole site: the rich corpus at 100, its
# pages 71 MB, 7.6 s of Pagefind's CPU; their views 27 MB, 5.1 s; the real site 3.9 MB, 0.73 s;
# 1.6 MB, 0.53 s. One claim's question edited on the rich corpus (15 pages changed): 10 of 24
# shards re-indexed before (pages sharded by path alone, keyed by their bytes: 3.9-4.7 s of
# Pagefind's CPU); 4 now (its claims' shard, the claims' lists, the 2 organizations it is about:
# 0.9-1.05 s), the 5 sources citing it changed only in their ignored "cited by" sections.
PAGES_PER_SHARD = 128
MAX_SHARDS = 16
WORKERS = 2                     # Pagefind processes at once: it is multi-threaded itself


# What Pagefind reads of a page (`indexed_view`): the markup a page kind marks for search.
BODY = b"data-pagefind-body"        # an indexed page's body (a page without one is never indexed)
IGNORE = b"data-pagefind-ignore"
MARKER = b'<span class="cite">'     # a citation marker (partials/marker.html): what EXCLUDE selects
# Elements whose end tag HTML never leaves out: an ignored one ends where its tags balance. Others
# (a <p>, an <li>: their end tag may be implied) are left in, for Pagefind to ignore itself.
CLOSED = frozenset({b"section", b"div", b"aside", b"details", b"span", b"nav", b"figure", b"form",
                    b"table", b"ul", b"ol", b"blockquote", b"header", b"footer", b"article"})
SPACE = b" \t\n\r\f/>"             # what may follow a tag's name


class SearchIndexFailed(RuntimeError):
    pass


@lru_cache(maxsize=1)
def _executable() -> Path | None:
    """The Pagefind binary, looked up as `pagefind.service.get_executable` does (the variable
    PAGEFIND_BINARY_PATH, the extended then the plain binary package, then the PATH), once per
    process. Not by importing `pagefind.service`: it imports asyncio for its own service, which
    we never use (20-40 ms of every build's start, measured with `python -X importtime`)."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named is not None:
        return Path(named)
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        return Path(module.get_executable())
    found = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(found) if found else None


def shard_count(pages: int) -> int:
    """How many shards for a site of `pages` pages: a power of two near pages / PAGES_PER_SHARD.
    Each Pagefind run starts in ~0.02 s of CPU: small shards make an edit cheap and a cold build dearer."""
    count = 1
    while count < MAX_SHARDS and count * 2 * PAGES_PER_SHARD <= pages * 1.5:
        count *= 2
    return count


def shard_of(path: str, count: int) -> int:
    """The shard of the page at `path`: a stable hash of the path (never of Python's `hash`,
    which differs from process to process). The home page is always in shard 0, so that the
    first bundle, the one the search page loads, exists."""
    if path == "index.html":
        return 0
    return int.from_bytes(hashlib.sha1(path.encode("utf-8")).digest()[:4], "big") % count


def indexed_view(page: bytes) -> bytes:
    """The page as Pagefind needs it to index it the same: its body without the elements Pagefind
    ignores (`data-pagefind-ignore`, the citation markers of EXCLUDE). Pagefind parses every byte
    it is given, ignored or not; and an edit often changes only ignored sections (a claim's
    question is listed in the "cited by" section of each source citing it): cut out, they leave
    the shard's key, hence its bundle, as it was. Measured on the 100-article rich corpus: the
    indexed pages' 62 MB are 27 MB so; the bundles made from either are the same bytes.
    What is not plainly an element to cut is left in, for Pagefind to ignore itself: an element
    whose end tag may be implied, an ignored one holding Pagefind attributes (meta and filters
    apply even there), `data-pagefind-ignore="all"`, or the words in the text rather than a tag."""
    start = page.find(BODY)
    if start == -1:
        return page
    parts = [page[:start]]
    pos = start
    ignore, marker = page.find(IGNORE, pos), page.find(MARKER, pos)
    while ignore != -1 or marker != -1:
        if marker != -1 and (ignore == -1 or marker < ignore):
            begin, name, found = marker, b"span", marker
        else:
            begin, found = page.rfind(b"<", pos, ignore), ignore
            name = page[begin + 1:begin + 1 + len(max(CLOSED, key=len)) + 1].split(maxsplit=1)[0] if begin != -1 else b""
            if (begin == -1 or name not in CLOSED or page.find(b">", begin, ignore) != -1
                    or page[ignore - 1] not in b" \t\n\r\f" or page.startswith(b'="all"', ignore + len(IGNORE))):
                ignore = page.find(IGNORE, ignore + 1)     # not a tag's attribute to act on: left in
                continue
        end = _element_end(page, begin, name)
        if end is None:
            return page     # not balanced: Pagefind reads the page whole
        if page.find(b"data-pagefind-", found + 1, end) != -1:
            if found == ignore:
                ignore = page.find(IGNORE, ignore + 1)
            else:
                marker = page.find(MARKER, marker + 1)
            continue        # meta, filters or another ignored element inside: left in
        parts.append(page[pos:begin])
        pos = end
        if ignore != -1 and ignore < pos:
            ignore = page.find(IGNORE, pos)
        if marker != -1 and marker < pos:
            marker = page.find(MARKER, pos)
    parts.append(page[pos:])
    return b"".join(parts)


def _element_end(page: bytes, begin: int, name: bytes) -> int | None:
    """Where the element whose start tag is at `begin` ends: after the end tag that balances it
    (the same name's start and end tags counted), or None if none does."""
    opening, closing = b"<" + name, b"</" + name + b">"
    depth, pos = 1, page.find(b">", begin) + 1
    while pos:
        close = page.find(closing, pos)
        if close == -1:
            return None
        opened = page.find(opening, pos, close)
        while opened != -1:
            if page[opened + len(opening)] in SPACE:
                depth += 1
            opened = page.find(opening, opened + 1, close)
        depth -= 1
        pos = close + len(closing)
        if depth == 0:
            return pos
    return None


def shard_key(pages: Mapping[str, bytes], what: str = "views") -> str:
    """What a shard's bundle is made from: its pages' paths and what Pagefind reads of them
    (`indexed_view`: `what` is "views"), and how Pagefind runs. Of the pages as written (`what`
    is "pages"): the name of the note that says which bundle was made from these very pages."""
    digest = hashlib.sha1(f"{_executable()}\0{EXCLUDE}\0{VIEW}\0{what}\0".encode())
    for path in sorted(pages):
        digest.update(path.encode("utf-8") + b"\0" + hashlib.sha1(pages[path]).digest())
    return digest.hexdigest()


def bundle_folder(index: int) -> str:
    """Where shard number `index` (in the order of `plan`) goes in the site."""
    return BUNDLE if index == 0 else f"{BUNDLE}/{index}"


Group = Sequence[Sequence[str]]    # the paths of the pages a build finishes together, by search label


def plan(groups: Sequence[Group]) -> list[list[str]]:
    """The site's non-empty shards, in order: each a list of page paths. Each group (the pages a
    build finishes together: `Indexing`) is split into shards of its own: in one shard if it is
    small (`shard_count`), else each of its labels' pages apart. A small site's few shards cost
    a reader the least (each bundle is fetched: its Pagefind runtime, ~70 kB, and its index);
    on a large one, an edit changes the pages of few labels (a claim's question: its page, the
    claims' lists, the organizations it is about), and the labels whose every page changes with
    most edits (the claims' lists) have shards of their own, of a few pages."""
    shards: list[list[str]] = []
    for group in groups:
        if shard_count(sum(map(len, group))) == 1:
            group = [[path for label in group for path in label]]
        for paths in group:
            count = shard_count(len(paths))
            split: list[list[str]] = [[] for _ in range(count)]
            for path in paths:
                split[shard_of(path, count)].append(path)
            shards += [shard for shard in split if shard]
    return shards


class Indexing:
    """Pagefind running over the shards of a site being staged, each as soon as its pages are
    all there (`add`), unless `store` already holds that shard's bundle; `wait` for it (then the
    bundles are placed in the site), or `cancel` it.

    The pages come in `groups` (each a list of labels' pages: `plan`), each sharded apart: a
    build finishes its pages in groups (the
    pages without backlinks first, the articles as their passages' backlinks are filled, the
    person and organization pages last, `render_pages`), so the shards of an early group are
    indexed on the second core while the builder still renders the later ones. One shard mixing
    the groups would wait for the last.

    `store` keeps one bundle per shard key (the build state folder's, or a temporary one);
    `runs` counts the Pagefind runs this indexing made (a test reads it)."""

    def __init__(self, site: Path, groups: Sequence[Group], store: Path,
                 place: Callable[[Path, Path], None]):
        self.site = site
        self.store = store
        self.place = place              # copies a kept bundle into the site (as new files)
        self.shards = plan(groups)
        self.binary = _executable()
        self.runs = 0
        self._shard_of = {path: index for index, shard in enumerate(self.shards) for path in shard}
        self._pages: list[dict[str, bytes]] = [{} for _ in self.shards]
        self._keys: list[str | None] = [None] * len(self.shards)
        self._notes: set[str] = set()
        self._cancelled = threading.Event()
        self._processes: set[subprocess.Popen] = set()
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._futures: list[Future] = []

    def rank(self, path: str) -> int:
        """The shard of a page, in indexing order: the order to finish pages in (a page not
        indexed: after every shard's)."""
        return self._shard_of.get(path, len(self.shards))

    def add(self, path: str, body: bytes) -> None:
        """A page of the site is staged, as it will be served: its shard starts once whole.
        (A page in no group is not indexed.)"""
        index = self._shard_of.get(path)
        if index is None:
            return
        pages = self._pages[index]
        pages[path] = body
        if len(pages) == len(self.shards[index]):
            self._start(index)

    def _start(self, index: int) -> None:
        """The shard's pages are all there: its bundle is the kept one made from the same
        pages (a note, by the pages' bytes, names it: no view to make), or the kept one made
        from the same views, or Pagefind makes it. The views cost ~5 ms of CPU a MB of pages
        (0.3 s for the rich corpus's 62 MB): only the shards whose pages changed make them."""
        pages = self._pages[index]
        self._pages[index] = {}
        written = shard_key(pages, "pages")
        if self.binary is None:
            self._keys[index] = written
            return
        note = self.store / f"{written}{NOTE}"
        self._notes.add(note.name)
        try:    # kept: marked as used now, so that no build beside this one prunes it meanwhile
            key = note.read_text(encoding="ascii")
            if len(key) != len(written) or key.strip("0123456789abcdef"):
                raise ValueError(f"not a shard's key: {note}")
            os.utime(self.store / key)
            os.utime(note)
            self._keys[index] = key
            return
        except (OSError, ValueError):
            pass
        views = {path: indexed_view(body) for path, body in pages.items()}
        key = self._keys[index] = shard_key(views)
        try:
            os.utime(self.store / key)
            _write_note(note, key)
            return
        except OSError:
            pass
        if self._pool is None:
            self.store.mkdir(parents=True, exist_ok=True)
            self._pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="pagefind")
        self._futures.append(self._pool.submit(self._index, key, views, note))

    def _index(self, key: str, pages: Mapping[str, bytes], note: Path) -> None:
        """Run Pagefind over a folder of what it reads of this shard's pages (at their paths in
        the site), into the store under the shard's key."""
        if self._cancelled.is_set():
            return
        work = Path(tempfile.mkdtemp(prefix=f".shard-{os.getpid()}-", dir=self.store))
        try:
            site = work / "site"
            for path in pages:
                (site / path).parent.mkdir(parents=True, exist_ok=True)
                (site / path).write_bytes(pages[path])
            bundle = work / "bundle"
            process = subprocess.Popen(
                [str(self.binary), "--site", str(site), "--output-path", str(bundle), "--exclude-selectors", EXCLUDE,
                 "--silent"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            with self._lock:
                self._processes.add(process)
                self.runs += 1
            try:
                output, _ = process.communicate()
            finally:
                with self._lock:
                    self._processes.discard(process)
            if self._cancelled.is_set():
                return
            if process.returncode != 0:
                raise SearchIndexFailed(f"pagefind exited {process.returncode}: "
                                        f"{output.decode('utf-8', 'replace').strip()[-500:]}")
            try:    # another build may have kept the same shard meanwhile: its bundle is the same
                os.rename(bundle, self.store / key)
            except OSError:
                if not (self.store / key).is_dir():
                    raise
            _write_note(note, key)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def wait(self) -> bool:
        """True once every shard's bundle is in the site; False when Pagefind is not installed."""
        if self.binary is None:
            return False
        try:
            missing = [shard[0] for shard, key in zip(self.shards, self._keys, strict=True) if key is None]
            if missing:
                raise RuntimeError(f"pages never staged for the search index, e.g. {missing[0]}")
            for future in self._futures:
                future.result()
        except BaseException:
            self.cancel()
            raise
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
        for index, key in enumerate(self._keys):
            self.place(self.store / str(key), self.site / bundle_folder(index))
        others = [f"{index}/" for index in range(1, len(self.shards))]
        (self.site / BUNDLE / SHARDS_FILE).write_text(json.dumps({"merge": others, "stale": 0}) + "\n",
                                                      encoding="utf-8")
        return True

    def keys(self) -> set[str]:
        """The names in the store this build uses: its shards' bundles and the notes naming them."""
        return {key for key in self._keys if key is not None} | self._notes

    def cancel(self) -> None:
        self._cancelled.set()
        with self._lock:
            for process in self._processes:
                if process.poll() is None:
                    process.kill()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


def _write_note(note: Path, key: str) -> None:
    """Say which bundle the pages `note` is named after make (atomically: a build beside this one
    may read it)."""
    tmp = note.with_name(f".shard-{os.getpid()}-{secrets.token_hex(4)}{NOTE}")
    tmp.write_text(key, encoding="ascii")
    os.replace(tmp, note)


RECENT = 600    # seconds: a bundle this new may be another build's, still to be placed in its site


def prune(store: Path, keep: set[str]) -> None:
    """Delete the kept bundles no shard of this build uses, and the work folders of killed runs.
    A bundle made in the last minutes is left for now: a build running beside this one, of
    other pages, may have made it and not placed it yet."""
    if not store.is_dir():
        return
    now = time.time()
    for entry in store.iterdir():
        if entry.name.startswith(".shard-"):
            pid = entry.name.split("-")[1]
            if pid.isdigit() and process_alive(int(pid)):
                continue
        elif entry.name in keep or now - entry.stat().st_mtime < RECENT:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:   # a note
            entry.unlink(missing_ok=True)


def process_alive(pid: int) -> bool:
    """Whether a process (a build that left a folder named after its pid) still runs."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:     # someone else's process: alive
        return True
    return True


def temporary_store(near: Path) -> Path:
    """A store for a build without a build state folder: deleted after the build."""
    store = near.parent / f".{near.name}.search-{os.getpid()}-{secrets.token_hex(4)}"
    store.mkdir(parents=True)
    return store


def _shards_file(folder: Path) -> dict:
    try:
        return json.loads((folder / BUNDLE / SHARDS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_shards_file(folder: Path, listing: dict) -> None:
    """Atomically: the search page reads it while the preview rewrites it."""
    target = folder / BUNDLE / SHARDS_FILE
    tmp = target.with_name(f".{SHARDS_FILE}.{os.getpid()}-{secrets.token_hex(4)}")
    tmp.write_text(json.dumps(listing) + "\n", encoding="utf-8")
    os.replace(tmp, target)


def mark_stale(folder: Path) -> None:
    """The preview's pages changed after its search index was made: the search page says the
    index may be behind until `index_site` has caught up. (Nothing to say before any index.)"""
    if not (folder / BUNDLE / "pagefind.js").is_file():
        return
    listing = _shards_file(folder)
    _write_shards_file(folder, {"merge": listing.get("merge", []), "stale": int(listing.get("stale", 0)) + 1})


def index_site(folder: Path) -> bool:
    """Index a written site for search as one bundle (the dev server's served folder): True when
    done. The index is said to be current only if no page changed while Pagefind ran."""
    binary = _executable()
    if binary is None:
        return False
    stale = _shards_file(folder).get("stale", 0)
    process = subprocess.run([str(binary), "--site", str(folder), "--exclude-selectors", EXCLUDE, "--silent"],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if process.returncode != 0:
        raise SearchIndexFailed(f"pagefind exited {process.returncode}: "
                                f"{process.stdout.decode('utf-8', 'replace').strip()[-500:]}")
    # one bundle (a shards file left from a build would have the page merge bundles that are gone),
    # current unless pages changed meanwhile (the preview indexes again then)
    now = _shards_file(folder).get("stale", 0)
    _write_shards_file(folder, {"merge": [], "stale": 0 if now == stale else now})
    return True
