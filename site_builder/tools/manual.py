"""`site-builder docs [TOPIC]`: the authoring reference, shipped inside the package, read offline.

The reference is Markdown in site_builder/manual/ (the files the repository's README links to),
so an author who installed a wheel reads the same text as one browsing the repository. A topic
is a set of sections of those files named by the start of their headings: a `##` heading brings
everything under it (its `###` subsections too), a `###` heading only itself. A topic with no
headings is its whole file. The record kinds' topics come from the kinds table (`people` is the
section on content/people/), and a kind's own name finds its topic (`docs person`).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import resources
from typing import TextIO

from ..errors import suggestion
from ..kinds import RECORD_KINDS

SCHEMA = "content-schema.md"
ERRORS = "errors.md"


@dataclass(frozen=True)
class Topic:
    name: str
    about: str                        # one line, in the list `site-builder docs` prints
    file: str                         # in site_builder/manual/
    headings: tuple[str, ...] = ()    # the start of each section's heading; none: the whole file


_KIND_EXTRAS = {"events": ("Dates",)}   # an event's date is explained in its own section

TOPICS: dict[str, Topic] = {topic.name: topic for topic in (
    Topic("schema", "every key of every content file, by record kind (all of the kinds below)", SCHEMA),
    Topic("site", "content/site.yaml: title, description, subject, language, base URL, author, theme", SCHEMA,
          ("content/site.yaml",)),
    *(Topic(kind.folder, f"the keys of each {kind.name} record (content/{kind.folder}/)", SCHEMA,
            (f"content/{kind.folder}/", *_KIND_EXTRAS.get(kind.folder, ()))) for kind in RECORD_KINDS.values()),
    Topic("citations", "citation markers: the syntax, what quotes must match, escapes inside a quote", SCHEMA,
          ("The cleaned text", "Citation markers")),
    Topic("values", "values and hedges: how amounts, percentages, counts and dates are read and compared; "
          "statuses and badges", SCHEMA, ("Dates", "Positions of money", "Statuses and badges")),
    Topic("cleaning", "a source's cleaning rules: from the seed to the cleaned text quotes must match", SCHEMA,
          ("The cleaned text", "content/sources/")),
    Topic("new", "starting a record: site-builder new KIND NAME", SCHEMA, ("Starting a new record",)),
    Topic("draft", "records proposed from the articles: site-builder draft, draft: true, check --strict", SCHEMA,
          ("Drafting from the articles",)),
    Topic("themes", "a project's theme: overriding templates, and the partials that draw citation markers, "
          "previews, reference lists and source blocks", "themes.md"),
    Topic("errors", "every error and warning message: what causes it, how to fix it", ERRORS),
)}
ALIASES = {kind.name: kind.folder for kind in RECORD_KINDS.values()}    # `docs person` -> people


def manual_text(file: str) -> str:
    return (resources.files("site_builder") / "manual" / file).read_text(encoding="utf-8")


def sections(text: str) -> list[tuple[int, str, str]]:
    """(level, heading, text with its heading) for each `##` and `###` section of a Markdown
    text, in order; a `##` section's text stops at its first `###`. Fenced code is not read
    for headings (an error message can start with `#`)."""
    found: list[tuple[int, str, list[str]]] = []
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        level = len(line) - len(line.lstrip("#"))
        if not fenced and level in (2, 3) and line[level:level + 1] == " ":
            found.append((level, line[level:].strip(), []))
        if found:
            found[-1][2].append(line)
    return [(level, heading, "\n".join(lines).strip()) for level, heading, lines in found]


def topic_text(topic: Topic) -> str:
    text = manual_text(topic.file)
    if not topic.headings:
        return text.strip()
    chosen: list[str] = []
    taking = 0              # the level of the `##` section being taken, with its subsections; 0: none
    for level, heading, body in sections(text):
        if taking and level > taking:
            chosen.append(body)
            continue
        taking = 0
        if any(heading.casefold().startswith(start.casefold()) for start in topic.headings):
            chosen.append(body)
            taking = level if level == 2 else 0
    return "\n\n".join(chosen)


def topic_list() -> str:
    width = max(len(name) for name in TOPICS)
    lines = [f"  {name:<{width}}  {topic.about}" for name, topic in TOPICS.items()]
    return ("The authoring reference, offline. `site-builder docs TOPIC` prints one topic:\n\n"
            + "\n".join(lines)
            + f"\n\nThe whole reference is Markdown in {resources.files('site_builder') / 'manual'}.")


def print_docs(topic: str | None, out: TextIO | None = None) -> int:
    """The `docs` command: 0 with the topic (or the list of topics) printed, 2 for an unknown topic."""
    out = out or sys.stdout
    if topic is None:
        print(topic_list(), file=out)
        return 0
    name = ALIASES.get(topic.lower(), topic.lower())
    if name not in TOPICS:
        print(f"error: unknown topic '{topic}'; {suggestion(topic.lower(), TOPICS, 'topic')} "
              f"(`site-builder docs` lists the topics)", file=sys.stderr)
        return 2
    print(topic_text(TOPICS[name]), file=out)
    return 0
