"""The theme's Jinja environment, and which templates each template pulls in.

The packaged theme's templates are compiled once per install, not once per build: their Jinja
bytecode (and the list of templates each pulls in) is kept beside the package's own Python
bytecode, in `site_builder/render/__pycache__/templates-<signature>/`, made on first use (where
Python writes its bytecode) or by `compile_packaged` (an install step, as compileall). A fresh
clone's first build, or a `--no-cache` one, then starts without compiling them (about a third
of the real site's cold render, 22 templates). The signature is that of the Jinja and Python
versions and of the environment's compile options: any other environment compiles anew.
A project's own templates are kept in its build state instead (`bytecode`).
"""
from __future__ import annotations

import hashlib
import inspect
import json
import sys
import weakref
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2 import meta as jinja_meta
from jinja2.nodes import EvalContext
from markupsafe import Markup

from .. import deps, i18n, markup
from ..kept import KeptFiles
from ..theme import PACKAGED, Theme
from .charts import coord
from .links import LinkRecording
from .vocabulary import CELL, COUNTS, DRAFT, EMBED, STATUS

# template name -> the templates it pulls in, per environment (shared while the environment is)
_TEMPLATE_DEPS: weakref.WeakKeyDictionary[jinja2.Environment, dict[str, frozenset[str]]] = weakref.WeakKeyDictionary()


_KEYS = jinja2.BytecodeCache()    # Jinja's own template keys and source checksums


def _plain(text, limit: int = 200) -> str:
    return markup.plain_text(getattr(text, "value", text) or "", limit)


def make_environment(theme: Theme, bytecode: Path | jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """The theme's environment; with `bytecode` (a folder, or a cache such as the build state's
    store), compiled templates are kept there between builds (Jinja checks each against its
    source, so an edited template is compiled again). The packaged theme's templates are also
    kept in the package's own cache (`Compiled`), whatever `bytecode` is."""
    inner = bytecode if isinstance(bytecode, jinja2.BytecodeCache) else None
    if isinstance(bytecode, Path):
        bytecode.mkdir(parents=True, exist_ok=True)
        inner = jinja2.FileSystemBytecodeCache(str(bytecode))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(theme.template_dirs),   # the project's templates first
        bytecode_cache=None,
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, extensions=["jinja2.ext.i18n", LinkRecording])
    # every string goes through the active locale's catalogs (i18n.activated, per page); new-style:
    # {{ _("%(n)s of %(total)s", n=..., total=...) }} formats and escapes its arguments
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["_"] = _gettext
    env.filters["tojson_compact"] = lambda v: Markup(json.dumps(v, ensure_ascii=False, sort_keys=True)
                                                     .replace("<", "\\u003c"))
    env.filters["plain"] = _plain
    # Jinja's `capitalize` lowercases the rest ("CEO" -> "Ceo"); labels keep their own case
    env.filters["capfirst"] = _capfirst
    env.globals["labels"] = {"status": STATUS, "cell": CELL, "draft": DRAFT, "embed": EMBED}
    # '3 articles': a counted noun of the vocabulary (COUNTS), by the locale's plural rule
    env.globals["count"] = lambda n, noun: i18n.count(n, *COUNTS[noun])
    env.filters["date"] = i18n.format_date
    env.filters["number"] = i18n.format_number
    # a chart's coordinate (templates/charts/): fixed precision, the same bytes every build
    env.filters["coord"] = coord
    # (set last: the signature of the package's cache reads the options and filters set above)
    env.bytecode_cache = Compiled(inner, _package_cache(_signature(env)))
    return env


def compile_packaged() -> int:
    """Compile every template of the packaged themes into the package's cache, as a first build
    would (for an install step, or a benchmark that measures builds after the first); returns how
    many templates there are."""
    from ..theme import DEFAULT

    env = make_environment(Theme(DEFAULT, (PACKAGED / DEFAULT,)))
    cache = env.bytecode_cache
    assert isinstance(cache, Compiled)
    cache.package = PackageCache(cache.package.folder, always=True)
    names = env.list_templates()
    for name in names:
        env.get_template(name)
        template_deps(env, name)
    return len(names)


def _signature(env: jinja2.Environment) -> str:
    """What compiled code depends on besides a template's source: the Jinja and Python versions
    and the environment's compile options (its syntax, whitespace control, autoescaping, the
    gettext style, its extensions and filter names)."""
    options = (jinja2.__version__, sys.implementation.cache_tag, sys.version, env.block_start_string,
               env.block_end_string, env.variable_start_string, env.variable_end_string,
               env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
               env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
               env.keep_trailing_newline, env.optimized, repr(env.autoescape),
               getattr(env, "newstyle_gettext", None), sorted(env.extensions), sorted(env.filters), sorted(env.tests),
               # an extension rewrites templates as they compile (links.LinkRecording): its code is part of theirs
               [_source_digest(inspect.getfile(type(ext))) for _, ext in sorted(env.extensions.items())])
    return hashlib.sha1(repr(options).encode()).hexdigest()[:16]


@lru_cache(maxsize=8)
def _source_digest(filename: str) -> str:
    """A digest of a module's file (an extension edited in a checkout compiles its templates anew)."""
    try:
        return hashlib.sha1(Path(filename).read_bytes()).hexdigest()
    except OSError:
        return ""


@lru_cache(maxsize=4)
def _package_cache(signature: str) -> PackageCache:
    return PackageCache(Path(__file__).resolve().parent / "__pycache__" / f"templates-{signature}")


def _packaged(filename: str | None) -> bool:
    """Whether a template file is one of the package's own themes' (not a project's)."""
    return filename is not None and Path(filename).resolve().is_relative_to(PACKAGED)


class PackageCache(KeptFiles):
    """The packaged templates' compiled code and direct dependencies, one file each per template,
    in a folder of the package (as Python keeps its bytecode in `__pycache__`; see KeptFiles)."""

    def load(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._read(f"{bucket.key}.code")
        if data is not None:
            bucket.bytecode_from_string(data)     # Jinja checks the version and the source's checksum

    def dump(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is not None:
            self._write(f"{bucket.key}.code", bucket.bytecode_to_string())

    def children(self, key: str, checksum: str) -> list[str] | None:
        """The templates a template's source (by its checksum) names directly, if kept."""
        data = self._read(f"{key}.deps")
        try:
            kept = json.loads(data) if data is not None else None
        except ValueError:
            return None
        if isinstance(kept, dict) and kept.get("checksum") == checksum and isinstance(kept.get("children"), list):
            return [str(child) for child in kept["children"]]
        return None

    def keep_children(self, key: str, checksum: str, children: list[str]) -> None:
        self._write(f"{key}.deps", json.dumps({"checksum": checksum, "children": children}).encode())


class Compiled(jinja2.BytecodeCache):
    """The environment's bytecode cache: `inner` (the build state's, if any) first, then, for a
    packaged template, the package's cache. What the package's cache had is also handed to
    `inner`, which keeps every template its build used."""

    def __init__(self, inner: jinja2.BytecodeCache | None, package: PackageCache):
        self.inner = inner
        self.package = package
        self._packaged: set[str] = set()     # the keys of packaged templates, seen by get_bucket

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> jinja2.bccache.Bucket:
        if self.inner is not None:
            bucket = self.inner.get_bucket(environment, name, filename, source)
        else:
            bucket = jinja2.bccache.Bucket(environment, self.get_cache_key(name, filename),
                                           self.get_source_checksum(source))
        if _packaged(filename):
            self._packaged.add(bucket.key)
            if bucket.code is None:
                self.package.load(bucket)
                if bucket.code is not None and self.inner is not None:
                    self.inner.set_bucket(bucket)
        return bucket

    def set_bucket(self, bucket: jinja2.bccache.Bucket) -> None:
        """A template just compiled: kept by `inner` and, if packaged, by the package."""
        if self.inner is not None:
            self.inner.set_bucket(bucket)
        if bucket.key in self._packaged:
            self.package.dump(bucket)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:    # (get_bucket does it)
        pass

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:    # (set_bucket does it)
        pass


@jinja2.pass_eval_context
def _gettext(eval_ctx: EvalContext, message: str, **variables: object) -> str:
    """`_`: what Jinja's newstyle `gettext` does (the message in the active catalogs, Markup where
    the template autoescapes, always %-formatted), called directly: Jinja's `_` looks `gettext`
    up and calls it through the template context, which calls the catalog through it again -
    three calls a message, tens of messages a page."""
    found = i18n.gettext(message)
    return (Markup(found) if eval_ctx.autoescape else found) % variables


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def template_deps(env: jinja2.Environment, name: str) -> frozenset[str]:
    """The template and everything it extends, includes or imports, recursively."""
    known = _TEMPLATE_DEPS.setdefault(env, {})
    if name not in known:
        source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        found = {deps.template(name)}
        for child in _children(env, name, filename, source):
            found |= template_deps(env, child)
        known[name] = frozenset(found)
    return known[name]


def _children(env: jinja2.Environment, name: str, filename: str | None, source: str) -> list[str]:
    """The templates `source` names (extends, includes, imports); for a packaged template, as
    the package's cache kept them for this very source (parsing is most of what the rest costs)."""
    cache = env.bytecode_cache
    package = cache.package if isinstance(cache, Compiled) and _packaged(filename) else None
    key, checksum = _KEYS.get_cache_key(name, filename), _KEYS.get_source_checksum(source)
    if package is not None:
        kept = package.children(key, checksum)
        if kept is not None:
            return kept
    # parsed with its name and file: a syntax error then names the template and its line
    children = [child for child in jinja_meta.find_referenced_templates(env.parse(source, name, filename)) if child]
    if package is not None:
        package.keep_children(key, checksum, children)
    return children
