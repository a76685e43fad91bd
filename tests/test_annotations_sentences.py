"""Plain text (the data export's sentences, the feed's summaries, meta descriptions) mostly
without a parse (issue 22).

`markup.plain_text` reads a text that holds only words, punctuation, markers, plain links and
plainly flanking emphasis without markdown-it, and parses any other. Either way the words must
be exactly the parse's: these tests compare the two on written cases (each rule of the
reading) and on many made-up texts built from the pieces Markdown gives meaning to, seeded, so
a failure is the same on every run.
"""
from __future__ import annotations

import random

import pytest

from site_builder import markup
from site_builder.markup import plain_text

CITE = '[[cite:s001 "the quoted words"]]'


def plain(text: str, limit: int = 400) -> str:
    """What the parse reads."""
    return markup._one_line(markup._parsed_words(text), limit)


def read(text: str, limit: int = 400) -> str:
    return plain_text.__wrapped__(text, limit)     # not remembered: read every time


READ_WITHOUT_A_PARSE = [
    f"The fee was $40 million {CITE}.",
    f"It cut ties {CITE} with the lab.",
    f"It cut ties{CITE}with the lab.",
    f"Two markers {CITE} {CITE}, one after the other.",
    f"It grew {CITE}\nand grew {CITE} again.",
    f"The [“New World” analysis](source:s001) says so {CITE}.",
    f"[The piece](source:s002)'s 70% applies {CITE}.",
    f"[The Retavana briefing (s069)](source:s069) says {CITE}.",
    f"See [the filing](https://example.org/a/b.pdf) {CITE}.",
    f"It was *huge* {CITE}, **very** much (*so*) so.",
    f"*All of it* was sold {CITE}.",
    f'He said "*no*" to it {CITE}.',
    f"{CITE} after a full stop.",
    f"Line one\n{CITE} opens the second line.",
    f"{CITE}",
    f"The 2025 deal: 49% of it {CITE} - # not a heading, 1. not a list.",
]

PARSED_AGAIN = [
    f"It is `code {CITE}` here.",
    f"Escaped \\*stars\\* {CITE}.",
    f"Tom &amp; Jerry {CITE}.",
    f"An ![image](https://example.org/i.png) {CITE}.",
    f"It was *not closed {CITE}.",
    f"a*b*c {CITE}",
    f"Line one\n- a list item {CITE}",
    f"Line one\n1. a list item {CITE}",
    "Line one\n===",
    f"    indented {CITE}",
    f"[a link](javascript:alert(1)) {CITE}",
    f"[a *label*](source:s001) {CITE}",
    f"_under_ {CITE}",
    "x <https://example.org> y",
    f"a | b {CITE}",
    f"Line one\r- a list item {CITE}",
    "a NUL \0 is U+FFFD",
]


@pytest.mark.parametrize("text", READ_WITHOUT_A_PARSE)
def test_a_plain_text_is_read_without_a_parse_and_reads_as_the_parse_does(text, monkeypatch):
    expected = plain(text)
    monkeypatch.setattr(markup, "_parsed_words", lambda text: pytest.fail(f"parsed: {text!r}"))
    assert read(text) == expected


@pytest.mark.parametrize("text", PARSED_AGAIN)
def test_a_text_with_other_markup_is_parsed(text, monkeypatch):
    expected = plain(text)
    parsed = []
    words = markup._parsed_words
    monkeypatch.setattr(markup, "_parsed_words", lambda text: parsed.append(text) or words(text))
    assert read(text) == expected
    assert parsed == [text]


def test_a_long_sentence_is_cut_at_a_word_as_plain_text_cuts_it():
    text = " ".join(["word"] * 30) + f" {CITE}, and [more](source:s001) words."
    for limit in (10, 37, 60, 200):
        assert read(text, limit) == plain(text, limit)


PIECES = ["word", "Word", "fee", " ", " ", "  ", "\n", "\n ", "\n    ", "\t", "*", "**", "***", "_", "__", "[", "]",
          "(", ")", "!", "[label](source:s001)", "[The piece (s001)](source:s001)", "[a (b](source:s1)", "[a b](https://example.org/x#y)", "[c](person:jane-roe)",
          "![i](https://example.org/i.png)", CITE, '[[cite:s002 "x"]]', ".", ",", ";", ":", "?", '"', "“", "”",
          "‘", "’", "'", "-", "- ", "+ ", "1. ", "2) ", "# ", "> ", "=", "===", "---", "|", "`", "&amp;", "&", "<",
          ">", "\\", "~", "~~~", ":::", "12", "$", "%", "é", "\u00a0", "…", "\r", "\r\n", "\0", "(*", "*)", "*.", "\"*", "*\""]


@pytest.mark.parametrize("seed", range(4))
def test_made_up_texts_read_as_the_parse_reads_them(seed):
    rng = random.Random(seed)
    for _ in range(600):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 14)))
        assert read(text) == plain(text), repr(text)
