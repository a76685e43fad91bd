"""The packaged theme's templates compiled once per install (render/templates.py, issue 22 item 7):
a new environment - a new build process - loads their bytecode and their includes from the
package's cache instead of compiling and parsing them again; a project's own templates never go
there; nothing is written where Python may not write bytecode, except by the install step.

Each test points the package's cache at its temporary folder (the real one is the package's
`render/__pycache__/`, which a test must not write)."""
from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import pytest

from site_builder.render import templates
from site_builder.theme import DEFAULT, PACKAGED, Theme

PACKAGED_THEME = Theme(DEFAULT, (PACKAGED / DEFAULT,))


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    cache = tmp_path / "package-cache"
    monkeypatch.setattr(templates, "_package_cache", lambda signature: templates.PackageCache(cache))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return cache


def _kept(folder: Path, suffix: str) -> set[str]:
    return {p.stem for p in folder.glob(f"*.{suffix}")} if folder.is_dir() else set()


def _refuse(what: str):
    def refuse(*args, **kwargs):
        raise AssertionError(f"{what} again: the package's cache was not used")
    return refuse


def test_a_new_environment_loads_the_packaged_templates_without_compiling_or_parsing(folder):
    first = templates.make_environment(PACKAGED_THEME)
    deps = templates.template_deps(first, "person.html")
    html = first.get_template("person.html")
    assert len(deps) > 1, "person.html extends and includes other templates"
    assert _kept(folder, "code") and _kept(folder, "deps"), "compiled code and includes kept"

    second = templates.make_environment(PACKAGED_THEME)
    second.compile = _refuse("compiled")          # type: ignore[method-assign]
    second.parse = _refuse("parsed")              # type: ignore[method-assign]
    assert templates.template_deps(second, "person.html") == deps
    again = second.get_template("person.html")
    assert again.filename == html.filename and again is not html


def test_a_template_of_the_project_is_not_kept_in_the_package(folder, tmp_path):
    own = tmp_path / "theme"
    (own / "templates").mkdir(parents=True)
    (own / "templates" / "base.html").write_text("<html>{% block content %}{% endblock %}</html>\n", encoding="utf-8")
    env = templates.make_environment(Theme("own", (own, PACKAGED / DEFAULT)))
    env.get_template("base.html")
    env.get_template("search.html")        # packaged, and extends the project's base.html
    templates.template_deps(env, "search.html")
    key = jinja2.BytecodeCache().get_cache_key
    assert key("search.html", str(PACKAGED / DEFAULT / "templates" / "search.html")) in _kept(folder, "code")
    assert key("base.html", str(own / "templates" / "base.html")) not in _kept(folder, "code") | _kept(folder, "deps")
    assert key("base.html", str(PACKAGED / DEFAULT / "templates" / "base.html")) not in _kept(folder, "code"), \
        "the packaged base.html was never read: the project's wins"


def test_kept_includes_of_another_source_are_not_used(folder):
    cache = templates.PackageCache(folder)
    cache.keep_children("k", "checksum-of-the-source", ["base.html"])
    assert cache.children("k", "checksum-of-the-source") == ["base.html"]
    assert cache.children("k", "checksum-of-an-edited-source") is None
    (folder / "k.deps").write_text("{not json", encoding="utf-8")
    assert cache.children("k", "checksum-of-the-source") is None


def test_nothing_is_written_where_python_writes_no_bytecode_but_by_the_install_step(folder, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    env = templates.make_environment(PACKAGED_THEME)
    env.get_template("person.html")
    templates.template_deps(env, "person.html")
    assert not _kept(folder, "code") and not _kept(folder, "deps")
    count = templates.compile_packaged()
    assert count == len(env.list_templates()) and len(_kept(folder, "code")) == count
