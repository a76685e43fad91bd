"""The theme's Jinja environment, and which templates each template pulls in."""
from __future__ import annotations

import json
import weakref
from pathlib import Path

import jinja2
from jinja2 import meta as jinja_meta
from markupsafe import Markup

from .. import deps, i18n, markup
from ..theme import Theme
from .charts import coord
from .links import LinkRecording
from .vocabulary import CELL, COUNTS, DRAFT, EMBED, STATUS

# template name -> the templates it pulls in, per environment (shared while the environment is)
_TEMPLATE_DEPS: weakref.WeakKeyDictionary[jinja2.Environment, dict[str, frozenset[str]]] = weakref.WeakKeyDictionary()


def _plain(text, limit: int = 200) -> str:
    return markup.plain_text(getattr(text, "value", text) or "", limit)


def make_environment(theme: Theme, bytecode: Path | jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """The theme's environment; with `bytecode` (a folder, or a cache such as the build state's
    store), compiled templates are kept there between builds (Jinja checks each against its
    source, so an edited template is compiled again)."""
    cache = bytecode if isinstance(bytecode, jinja2.BytecodeCache) else None
    if isinstance(bytecode, Path):
        bytecode.mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(bytecode))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(theme.template_dirs),   # the project's templates first
        bytecode_cache=cache,
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, extensions=["jinja2.ext.i18n", LinkRecording])
    # every string goes through the active locale's catalogs (i18n.activated, per page); new-style:
    # {{ _("%(n)s of %(total)s", n=..., total=...) }} formats and escapes its arguments
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
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
    return env


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def template_deps(env: jinja2.Environment, name: str) -> frozenset[str]:
    """The template and everything it extends, includes or imports, recursively."""
    known = _TEMPLATE_DEPS.setdefault(env, {})
    if name not in known:
        source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        found = {deps.template(name)}
        # parsed with its name and file: a syntax error then names the template and its line
        for child in jinja_meta.find_referenced_templates(env.parse(source, name, filename)):
            if child:
                found |= template_deps(env, child)
        known[name] = frozenset(found)
    return known[name]
