"""`site-builder docs [TOPIC]`: the authoring reference, from the package, by topic; and every
pointer to it that the builder writes into a project names a topic that exists."""
from __future__ import annotations

import re

import pytest

from site_builder.cli import main
from site_builder.kinds import RECORD_KINDS
from site_builder.tools import init
from site_builder.tools.manual import SCHEMA, TOPICS, manual_text, sections, topic_text
from site_builder.tools.scaffold import FOLDERS, skeleton

POINTER = re.compile(r"site-builder docs ([a-z]+)|`docs ([a-z]+)`")


def docs(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["docs", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_docs_alone_lists_every_topic(capsys):
    code, out, err = docs(capsys)
    assert code == 0 and err == ""
    listed = re.findall(r"^  ([a-z]+) +\S", out, flags=re.M)
    assert listed == list(TOPICS)
    assert "site-builder docs TOPIC" in out


@pytest.mark.parametrize("name", list(TOPICS))
def test_every_topic_prints_each_of_its_sections(capsys, name):
    topic = TOPICS[name]
    code, out, err = docs(capsys, name)
    assert code == 0 and err == ""
    assert out.strip() == topic_text(topic) and len(out) > 200
    printed = [heading for _level, heading, _body in sections(out)]
    for start in topic.headings:       # a renamed heading would leave its topic short: it must fail here
        assert any(heading.casefold().startswith(start.casefold()) for heading in printed), (start, printed)


def test_the_record_kinds_topics_hold_their_keys_and_answer_to_the_kinds_name(capsys):
    for kind in RECORD_KINDS.values():
        code, out, _ = docs(capsys, kind.folder)
        assert code == 0 and f"content/{kind.folder}/" in out
        assert docs(capsys, kind.name)[1] == out           # `docs person` is `docs people`
    assert "    name: " in docs(capsys, "people")[1] and "statements:" in docs(capsys, "claims")[1]
    assert "[[cite:" in docs(capsys, "citations")[1] and "Hedges" in docs(capsys, "values")[1]
    assert "drop_title_lines" in docs(capsys, "cleaning")[1] and "base_url" in docs(capsys, "site")[1]
    assert "Exit" in docs(capsys, "errors")[1] or "exit" in docs(capsys, "errors")[1]


def test_every_section_of_the_schema_belongs_to_a_topic_of_its_own():
    """`docs schema` prints it all; each `##` section must also be reachable by a narrower topic
    (a section added to the manual without one is reported here: add it to TOPICS)."""
    narrow = {name: topic_text(topic) for name, topic in TOPICS.items() if topic.file == SCHEMA and topic.headings}
    for level, heading, body in sections(manual_text(SCHEMA)):
        if level == 2:
            assert any(body in text for text in narrow.values()), f"no topic prints '## {heading}'"


@pytest.mark.parametrize(("typed", "closest"), [("citaton", "citations"), ("clams", "claims"), ("eror", "errors")])
def test_an_unknown_topic_is_a_usage_error_naming_the_closest(capsys, typed, closest):
    code, out, err = docs(capsys, typed)
    assert code == 2 and out == ""
    assert f"unknown topic '{typed}'; did you mean '{closest}'?" in err


def test_sections_ignore_headings_inside_fenced_code():
    text = "# Title\n\nintro\n\n## One\n\n```\n## not a heading\n```\n\n### Two\n\nbody\n"
    assert [(level, heading) for level, heading, _ in sections(text)] == [(2, "One"), (3, "Two")]


def pointers(text: str) -> set[str]:
    return {a or b for a, b in POINTER.findall(text)}


def test_every_pointer_the_builder_writes_names_a_topic(tiny_project):
    """The skeletons of `new`, and the README and site.yaml of `init`, point at the offline
    reference by topic, never at a path in site_builder's repository."""
    (tiny_project / "seeds" / "b.txt").write_text("Another article.\n", encoding="utf-8")
    written = {kind: skeleton(tiny_project, kind, "b.txt" if kind == "source" else
                              "2024-03 Acme buys Widgets" if kind == "event" else "Acme Widgets")[1]
               for kind in FOLDERS}
    written["README.md"] = init.authors_readme("A title")
    written["site.yaml"] = init.site_yaml("A title", "a deal")
    for what, text in written.items():
        assert "docs/content-schema.md" not in text, what
        named = pointers(text)
        assert named, f"{what} does not point at `site-builder docs`"
        assert named <= set(TOPICS), (what, named - set(TOPICS))
    assert pointers(written["person"]) == {"people"} and pointers(written["claim"]) == {"claims"}
