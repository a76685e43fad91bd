"""Themes: the default ships in the package; a project's themes/ overrides it file by file."""
from __future__ import annotations

from site_builder.pipeline import BuildOptions, build_site
from site_builder.theme import PACKAGED, find_theme


def test_the_default_theme_ships_in_the_package(tiny_project):
    assert (PACKAGED / "default" / "templates" / "base.html").is_file()
    result = build_site(BuildOptions(tiny_project, write=False))
    assert result.ok, [p.format() for p in result.problems]
    assert "assets/style.css" in result.files


def test_a_project_overrides_one_template_and_one_asset(tiny_project):
    own = tiny_project / "themes" / "default"
    (own / "templates").mkdir(parents=True)
    (own / "static").mkdir()
    base = (PACKAGED / "default" / "templates" / "404.html").read_text(encoding="utf-8")
    (own / "templates" / "404.html").write_text(base.replace("</h1>", " (our own)</h1>", 1), encoding="utf-8")
    (own / "static" / "extra.css").write_text("body{}", encoding="utf-8")
    result = build_site(BuildOptions(tiny_project, write=False))
    assert result.ok
    assert b"(our own)" in result.files["404.html"]
    assert b"(our own)" not in result.files["index.html"]          # everything else from the package
    assert result.files["assets/extra.css"] == b"body{}" and "assets/site.js" in result.files


def test_an_unknown_or_escaping_theme_is_an_error_at_site_yaml(tiny_project):
    site = tiny_project / "content" / "site.yaml"
    for name, message in (("newsroom", "theme 'newsroom' not found"), ("../../etc", "leaves themes/")):
        site.write_text(f"title: Tiny\ndescription: A tiny explainer\ntheme: {name}\n", encoding="utf-8")
        result = build_site(BuildOptions(tiny_project, write=False))
        (error,) = result.errors
        assert message in error.message and error.position.path == "content/site.yaml"
    assert find_theme(tiny_project, "default").layers[-1] == PACKAGED / "default"  # type: ignore[union-attr]
