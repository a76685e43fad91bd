"""Stage 1: YAML with positions, schema checks, and messages that point at file:line:col."""
from __future__ import annotations

from pathlib import Path

from projects import write_files

from site_builder.load import load_content
from site_builder.load.nodes import Map, Scalar, parse_yaml


def test_scalars_keep_raw_text_and_position():
    node, problems = parse_yaml('date: 2016\nwhen: 2025-06-13\nname: "x"\n', "f.yaml")
    assert not problems and isinstance(node, Map)
    date = node.entries["date"][1]
    assert isinstance(date, Scalar) and date.text == "2016" and date.tag == "int"
    assert node.entries["when"][1].text == "2025-06-13"  # never a datetime.date
    assert (node.entries["name"][1].position.line, node.entries["name"][1].position.col) == (3, 7)


def test_duplicate_key_is_an_error_at_the_second_key():
    _, problems = parse_yaml("name: a\nsummary: b\nname: c\n", "p.yaml")
    assert len(problems) == 1
    assert str(problems[0].position) == "p.yaml:3:1"
    assert "duplicate key 'name'" in problems[0].message and "line 1" in problems[0].hint


def test_syntax_error_names_line_and_column():
    node, problems = parse_yaml("name: [unclosed\nsummary: x\n", "bad.yaml")
    assert node is None and len(problems) == 1
    assert problems[0].position.path == "bad.yaml" and problems[0].position.line >= 1
    assert "YAML syntax error" in problems[0].message


def _problems(tiny_project: Path, files: dict[str, str]) -> list[str]:
    write_files(tiny_project, files)
    return [p.format() for p in load_content(tiny_project).problems]


def test_unknown_key_suggests_the_intended_one(tiny_project):
    messages = _problems(tiny_project, {"content/people/x.yaml": "name: X\nsumary: hello\n"})
    assert any("content/people/x.yaml:2:1: error: unknown key 'sumary' in person; did you mean 'summary'?" in m
               for m in messages), messages


def test_missing_required_and_wrong_type_are_all_reported(tiny_project):
    messages = _problems(tiny_project, {
        "content/people/x.yaml": "name: X\n",
        "content/organizations/y.yaml": "name: [a, b]\nkind: company\nsummary: s\n",
        "content/events/e.yaml": "date: June 2025\ntitle: t\nsummary: s\n",
    })
    joined = "\n".join(messages)
    assert "content/people/x.yaml:1:1: error: missing required key 'summary' in person" in joined
    assert "content/organizations/y.yaml:1:7: error: 'name' must be text, got a list" in joined
    assert "content/events/e.yaml:1:7: error: 'date' must be a date" in joined


def test_choice_fields_suggest_the_closest_value(tiny_project):
    messages = _problems(tiny_project, {"content/organizations/y.yaml": "name: Y\nkind: compnay\nsummary: s\n"})
    assert any("'kind' cannot be 'compnay'; did you mean 'company'?" in m for m in messages), messages


def test_invalid_file_id(tiny_project):
    messages = _problems(tiny_project, {"content/people/Bad_Name.yaml": "name: X\nsummary: s\n"})
    assert any("'Bad_Name' is not a valid id" in m for m in messages)


def test_missing_seed_suggests_existing_file(tiny_project):
    messages = _problems(tiny_project, {"content/sources/s001.yaml": "seed: b.txt\nlabel: B\n"})
    assert any("seed file 'b.txt' does not exist" in m and "'a.txt'" in m for m in messages), messages


def test_marker_positions_point_into_folded_text(tiny_project):
    write_files(tiny_project, {"content/people/x.yaml":
                               'name: X\nsummary: >-\n  First line\n  then [[cite:s000 "quote"]] here.\n'})
    person = load_content(tiny_project).content.people["x"]
    (pos,) = person.summary.locate_all("[[cite:")
    assert (pos.line, pos.col) == (4, 8)


def test_an_unknown_id_link_in_folded_text_is_reported_where_it_is_written(tiny_project):
    from site_builder.resolve import resolve

    write_files(tiny_project, {"content/people/x.yaml":
                               'name: X\nsummary: >-\n  First line\n  second [[cite:s000 "It has 500 employees"]],\n'
                               '  see [Y](organization:widgest).\n'})
    _, problems = resolve(load_content(tiny_project).content)
    (problem,) = [p for p in problems if "unknown organization id" in p.message]
    assert str(problem.position) == "content/people/x.yaml:5:11" and "did you mean 'widgets'?" in problem.hint


def test_language_tags_are_bcp47_with_the_closest_valid_tag(tmp_path: Path):
    from site_builder.load.langtag import is_valid_tag, tag_problem

    for good in ("en", "EN", "de-CH", "pt-BR", "zh-Hant-TW", "sr-Latn", "x-private", "de-CH-1996"):
        assert is_valid_tag(good) and tag_problem(good) is None, good
    hints = {"en_US": "did you mean 'en-US'?", "eng": "did you mean 'en'?", "fra": "did you mean 'fr'?",
             "en-US-!!": "did you mean 'en-US'?", "en-": "did you mean 'en'?", "en US": "did you mean 'en-US'?"}
    for bad, hint in hints.items():
        assert tag_problem(bad) == (f"'{bad}' is not a valid language tag", hint), bad
    for bad in ("english", "zz", "q", "", 'x" onmouseover="alert(1)', "a" * 9):
        problem = tag_problem(bad)
        assert problem is not None and "BCP 47" in problem[1], bad

    # a two-letter language CLDR (Babel) has data for is taken as valid without the registry:
    # each must be valid by the registry itself (langcodes), or a site in it would pass unchecked
    from babel import localedata
    from langcodes import Language

    two_letters = [name for name in localedata.locale_identifiers() if len(name) == 2 and name.islower()]
    assert len(two_letters) > 100 and "zh" in two_letters
    assert [tag for tag in two_letters if not Language.get(tag, normalize=False).is_valid()] == []

    root = write_files(tmp_path / "p", {
        "content/site.yaml": "title: T\ndescription: D\nlanguage: en_GB\n",
        "content/sources/s000.yaml": ("seed: a.txt\nlabel: A\ncleaning:\n  languages:\n"
                                      "    - pattern: 'x'\n      lang: 'x\" onmouseover=\"alert(1)'\n"),
    })
    (root / "seeds").mkdir()
    (root / "seeds" / "a.txt").write_text("Words.\n", encoding="utf-8")
    problems = load_content(root).problems
    assert [(str(p.position), p.message) for p in problems] == [
        ("content/site.yaml:3:11", "'language': 'en_GB' is not a valid language tag"),
        ("content/sources/s000.yaml:6:13", "'lang': 'x\" onmouseover=\"alert(1)' is not a valid language tag")]
    assert problems[0].hint == "did you mean 'en-GB'?"


def test_decisions_read_a_problem_s_code_not_its_words(tmp_path: Path):
    """Two files for one id force a full load; a duplicate key keeps the file's tree; the
    messages may be reworded freely."""
    from site_builder.errors import DUPLICATE_ID, DUPLICATE_KEY
    from site_builder.load import reload_content

    node, problems = parse_yaml("name: a\nname: b\nsummary: c\n", "p.yaml")
    assert isinstance(node, Map) and [p.code for p in problems] == [DUPLICATE_KEY]
    root = write_files(tmp_path / "p", {
        "content/site.yaml": "title: T\ndescription: D\n",
        "content/people/jane-roe.yaml": "name: Jane Roe\nsummary: A person.\n",
        "content/people/jane-roe.yml": "name: Jane Roe\nsummary: A person.\n",
    })
    loaded = load_content(root)
    assert [p.code for p in loaded.problems if p.severity == "error"] == [DUPLICATE_ID]
    assert reload_content(root, loaded, ["content/people/jane-roe.yaml"]) is None


def test_one_slug_folds_accents_and_splits_on_punctuation(tmp_path: Path):
    """The slug of ids, heading fragments and file names: accents folded ('Zoë' is 'zoe'
    everywhere, not only in `new`), any other character a word break."""
    from site_builder.slugs import slug

    assert slug("Zoë Núñez") == "zoe-nunez" and slug("Jane Roe") == "jane-roe"
    assert slug("Acme’s AI—strategy") == "acme-s-ai-strategy"       # as heading ids have always been
    assert slug("北京") == "" and slug("  --  ") == ""
    assert slug("The Future Landscape and Roe’s Lasting Impact on the Market", 48) == (
        "the-future-landscape-and-roe-s-lasting-impact-on")
    assert slug("a b c d", 4) == "a-b"                                # never ends on a hyphen
    root = write_files(tmp_path / "p", {"content/site.yaml": "title: T\ndescription: D\n",
                                        "content/people/Zoë_Núñez.yaml": "name: Zoë Núñez\nsummary: S.\n"})
    loaded = load_content(root)
    assert loaded.content is not None and ("people", "zoe-nunez") in loaded.content.unloaded
