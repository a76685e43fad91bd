"""The layout keeps data flowing one way: a stage never imports from a later one.

Order: the base modules (model, errors, schema, kinds, urls, deps, markup, slugs, months, theme, i18n, kept) < load
< resolve < render < write < pipeline < dev, tools < cli. A module may import from its own stage, an
earlier one, or the base.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "site_builder"
ORDER = {"base": 0, "load": 1, "resolve": 2, "render": 3, "write": 4, "pipeline": 5, "dev": 6, "tools": 6, "cli": 7}
BASE = {"model", "errors", "schema", "kinds", "urls", "deps", "markup", "slugs", "months", "theme", "i18n", "kept", "__init__"}


def _stage(parts: tuple[str, ...]) -> str:
    head = parts[0]
    if head == "__main__":          # `python -m site_builder`: the command line
        return "cli"
    return "base" if head in BASE else head


def _imports(path: Path) -> list[tuple[str, int]]:
    """(absolute module inside site_builder, line) for every import of a site_builder module."""
    rel = path.relative_to(PACKAGE).with_suffix("").parts
    package = rel[:-1]     # a module's package; for an __init__, the package it opens
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1] if node.level > 1 else package
                target = (*base, *(node.module.split(".") if node.module else ()))
                names = [target] if node.module else [(*target, alias.name) for alias in node.names]
                out += [(".".join(t), node.lineno) for t in names]
            elif node.module and node.module.startswith("site_builder."):
                out.append((node.module.removeprefix("site_builder."), node.lineno))
        elif isinstance(node, ast.Import):
            out += [(a.name.removeprefix("site_builder."), node.lineno) for a in node.names
                    if a.name.startswith("site_builder.")]
    return out


def test_no_stage_imports_from_a_later_one():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        mine = _stage(parts)
        for target, line in _imports(path):
            theirs = _stage(tuple(target.split(".")))
            if theirs in ORDER and ORDER[theirs] > ORDER[mine]:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line}: {mine} imports {target} ({theirs})")
    assert not wrong, "\n".join(wrong)


def test_the_check_would_see_a_backward_import(tmp_path, monkeypatch):
    bad = tmp_path / "site_builder" / "resolve"
    bad.mkdir(parents=True)
    (bad / "oops.py").write_text("from ..render import Renderer\nfrom ..load import load_content\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", tmp_path / "site_builder")
    assert [t for t, _ in _imports(bad / "oops.py")] == ["render", "load"]


def test_the_check_sees_every_stage():
    stages = {_stage(path.relative_to(PACKAGE).with_suffix("").parts) for path in PACKAGE.rglob("*.py")}
    assert stages == set(ORDER), stages
