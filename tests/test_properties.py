"""Property-based tests: whatever an author (or a corrupted file) feeds them, the cleaner, the
quote matcher, the YAML loader, the record loader and the citation-marker parser return a
result or clean content errors (`Problem`s) - never an exception - and their results hold
together (offsets point at what they say, ids are unique, nothing is lost).

Example counts are modest (the suite runs on two busy cores) and there is no deadline:
a slow example on a loaded machine is not a failure, only a wrong or crashing one is.
"""
from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from site_builder import model as m
from site_builder.errors import Position, Problem
from site_builder.kinds import BY_FOLDER, RECORD_KINDS
from site_builder.load import load_page, load_record, text_problems
from site_builder.load.nodes import Map, Scalar, Seq, parse_yaml
from site_builder.markup import MARKER_START, parse
from site_builder.resolve.anchoring import Anchor, Miss, SourceIndex, normalize
from site_builder.resolve.cleaning import clean_source

SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- strategies ----------------------------------------------------------------------------------

# Text that looks like the articles: words, figures, punctuation, typography, Markdown, breaks.
_PIECES = ["Meta", "Scale AI", "Alexandr Wang", "$14.3 billion", "49%", "\\$", "**bold**", "[link](#)", "# ", "## ",
           "- ", "* ", "[1]", "I. ", "THE TITLE", "“", "”", "‘", "’", "—", "–", "--", " - ", "...", "\n", "\n\n",
           "\r\n", "\t", "  ", " ", ".", ",", "(", ")", "中文", "é", "\u00a0", "\u2028", "x", "0"]
article = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), max_size=40).map("".join)

# Regular expressions as cleaning rules hold them: the real kinds of rule, escaped words, and
# short patterns without nested quantifiers (a catastrophic pattern is an author's choice the
# builder cannot bound; see docs/errors.md).
_RULES = ["^Advertisement$", "^# ", r"^\[\d+\] ", "^- ", r"^[IVX]+\. ", r"^[A-Z ]{4,}$", "Leave a Reply", "[\u4e00-\u9fff]+",
          "^$", ".", "^", "$", r"\d+", "Meta|Scale"]


def _compiles(p: str) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # "possible nested set": a valid pattern all the same
        try:
            re.compile(p)
        except re.error:
            return False
    return True


pattern = st.one_of(st.sampled_from(_RULES), st.text(max_size=8).map(re.escape),
                    st.text(alphabet="abAB ^$.|[]-", max_size=6).filter(_compiles))


rules = st.builds(
    m.CleaningRules,
    markdown=st.booleans(), unescape=st.booleans(), dead_links=st.booleans(),
    drop_before=st.one_of(st.just(""), pattern), drop_from=st.one_of(st.just(""), pattern),
    drop_lines=st.lists(pattern, max_size=3).map(tuple), drop_title_lines=st.booleans(),
    headings=st.lists(st.builds(m.HeadingRule, pattern, st.integers(2, 6), st.booleans(),
                                st.lists(st.sampled_from(["AI", "CEO", "US"]), max_size=2).map(tuple)),
                      max_size=2).map(tuple),
    join_broken_paragraphs=st.booleans(), references=st.one_of(st.just(""), pattern),
    list_items=st.one_of(st.just(""), pattern),
    languages=st.lists(st.builds(m.LanguageRule, pattern, st.sampled_from(["zh", "fr"]),
                                 st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=2)),
                       max_size=2).map(tuple),
)

# YAML-ish text: the tokens that matter to a YAML parser, in any order.
_YAML_TOKENS = ["name", "summary", "roles", "title", ":", ": ", "- ", "-", "\n", "  ", "    ", "\t", "'", '"', "[", "]",
                "{", "}", ",", "&a", "*a", "&b", "*b", "<<: ", "? ", "!", "!!str ", "!!python/object ", "%YAML 1.1\n",
                "---\n", "...\n", "#", "|", ">-", "\\", "x", "2016", "true", "null", "~", "é", "\x00", "\x01", "\ufeff",
                "\u2028", "\x85", "\r", "[[cite:s000 \"x\"]]"]
yaml_text = st.lists(st.one_of(st.sampled_from(_YAML_TOKENS), st.text(max_size=4)), max_size=60).map("".join)


def _encodings(text: str) -> st.SearchStrategy[bytes]:
    return st.sampled_from([text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8"),
                            text.encode("utf-16"), text.encode("utf-16-le"), text.encode("latin-1", "replace")])


file_bytes = st.one_of(st.binary(max_size=300), yaml_text.flatmap(_encodings),
                       st.tuples(yaml_text, st.binary(max_size=4), yaml_text).map(
                           lambda t: t[0].encode("utf-8", "surrogatepass") + t[1] + t[2].encode("utf-8", "surrogatepass")))

marker_text = st.lists(st.one_of(st.sampled_from([MARKER_START, "[[cite:", "[cite:", "[[Cite:", "s000", "s1", " ", "  ", '"',
                                                  '\\"', "\\", "]]", "]", "[", "[[", "word", "\n", "“", "”", "](person:x)",
                                                  "](person:../x)", "](page:a \"t\")", "[r]: event:e\n", ")"]),
                                 st.text(max_size=3)), max_size=30).map("".join)


def source(rules_: m.CleaningRules, title: str | None = "THE TITLE") -> m.Source:
    return m.Source(id="s000", position=Position("content/sources/s000.yaml", 1, 1), seed="a.txt", label="A",
                    title=title, cleaning=rules_)


# --- the cleaner -----------------------------------------------------------------------------------

@SETTINGS
@given(seed=article, rules_=rules, title=st.one_of(st.none(), st.sampled_from(["THE TITLE", "Meta", ""])))
def test_cleaning_any_seed_with_any_rules_gives_consistent_blocks(seed, rules_, title):
    cleaned = clean_source(source(rules_, title), seed)
    assert cleaned.text == "\n\n".join(block.text for block in cleaned.blocks)
    ids = [block.id for block in cleaned.blocks]
    assert len(ids) == len(set(ids)), ids
    for block in cleaned.blocks:
        assert block.text and cleaned.text[block.start:block.end] == block.text
        assert block.kind in ("heading", "paragraph", "item", "reference")
        assert 1 <= block.seed_line <= max(1, len(seed.splitlines()))
        for span in block.spans:
            assert 0 <= span.start <= span.end <= len(block.text), (span, block.text)
    if cleaned.blocks:                       # what the renderer asks for: every offset has its block
        for offset in (0, len(cleaned.text) // 2, len(cleaned.text)):
            assert cleaned.block_at(offset) in cleaned.blocks


@SETTINGS
@given(seed=article, rules_=rules)
def test_cleaning_is_a_pure_function(seed, rules_):
    assert clean_source(source(rules_), seed) == clean_source(source(rules_), seed)


# --- the quote matcher --------------------------------------------------------------------------------

@SETTINGS
@given(text=article, quote=st.one_of(article, st.text(max_size=20)))
def test_anchoring_any_quote_in_any_text_is_an_anchor_or_a_miss(text, quote):
    result = SourceIndex("s000", text).anchor(quote)
    assert isinstance(result, (Anchor, Miss))
    if isinstance(result, Anchor):
        assert 0 <= result.start < result.end <= len(text)
        assert result.exact == text[result.start:result.end]
        assert result.prefix == text[max(0, result.start - 32):result.start]
        assert result.suffix == text[result.end:result.end + 32]
        assert result.occurrences >= 1
        assert normalize(result.exact)[0] == normalize(quote.strip())[0]
        assert result.passage_id.startswith("q-")
    else:
        assert 0 <= result.start <= result.end <= len(text) and 0.0 <= result.similarity <= 1.0
        assert result.closest == text[result.start:result.end]


@SETTINGS
@given(text=article.filter(lambda t: "\\" not in t), data=st.data())
def test_every_passage_of_the_normalized_text_is_found(text, data):
    """Quote any stretch of the text as the matcher sees it, and it anchors to a passage that
    reads the same (typography forgiven)."""
    index = SourceIndex("s000", text)
    assume(index.norm.strip())
    i = data.draw(st.integers(0, len(index.norm) - 1))
    j = data.draw(st.integers(i + 1, len(index.norm)))
    quote = index.norm[i:j]
    assume(quote.strip())
    result = index.anchor(quote)
    assert isinstance(result, Anchor), (text, quote, result)
    assert normalize(result.exact)[0] == normalize(quote.strip())[0]


@SETTINGS
@given(text=st.text(max_size=60))
def test_normalize_maps_every_offset_back_into_the_text(text):
    norm, to_original = normalize(text)
    for n in range(len(norm)):
        assert 0 <= to_original(n) < len(text)
    assert normalize(norm)[0] == norm or "\\" in text      # normalizing twice changes nothing (but a `\$` run)


# --- the YAML loader and the record loader ------------------------------------------------------------

@SETTINGS
@given(text=st.one_of(yaml_text, st.text(max_size=80)))
def test_parse_yaml_gives_nodes_or_problems(text):
    node, problems = parse_yaml(text, "f.yaml")
    assert all(isinstance(p, Problem) and p.position.path == "f.yaml" for p in problems)
    if problems:
        assert node is None
    stack = [node] if node is not None else []
    depth = 0
    while stack:                      # a tree of our nodes, every position inside the file
        current = stack.pop()
        assert isinstance(current, (Scalar, Seq, Map))
        assert current.position.line >= 1 and current.position.col >= 1
        if isinstance(current, Seq):
            stack.extend(current.items)
        elif isinstance(current, Map):
            stack.extend(value for _, value in current.entries.values())
        depth += 1
        assert depth < 10_000


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("props")
    for folder in BY_FOLDER:
        (root / "content" / folder).mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "seeds" / "a.txt").write_text("An article.\n", encoding="utf-8")
    return root


@SETTINGS
@given(data=file_bytes, folder=st.sampled_from(sorted(f for f in BY_FOLDER if f != "pages")))
def test_load_record_of_any_bytes_gives_a_record_or_problems(project, data, folder):
    path = project / "content" / folder / "x.yaml"
    path.write_bytes(data)
    record, problems = load_record(project, path, BY_FOLDER[folder])
    assert all(isinstance(p, Problem) for p in problems)
    assert all(p.position.path == f"content/{folder}/x.yaml" for p in problems)
    # (YAML also ends lines at U+2028, U+2029 and NEL, as str.splitlines does; a problem at the
    # end of the file is on the line after its last)
    lines = len(data.decode("utf-8", "replace").splitlines()) + 1
    assert all(0 <= p.position.line <= lines for p in problems), [(p.position, p.message) for p in problems]
    if record is None:
        assert any(p.severity == "error" for p in problems), "a refused record says why"
    for problem in problems:
        problem.format(project)        # the message prints, with its excerpt, whatever the file holds


@SETTINGS
@given(front=yaml_text, body=st.one_of(marker_text, st.binary(max_size=40).map(lambda b: b.decode("latin-1"))),
       bom=st.booleans(), crlf=st.booleans())
def test_load_page_of_any_text_gives_a_page_or_problems(project, front, body, bom, crlf):
    text = f"---\n{front}\n---\n{body}"
    if crlf:
        text = text.replace("\n", "\r\n")
    path = project / "content" / "pages" / "p.md"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass"))
    page, problems = load_page(project, path)
    assert all(isinstance(p, Problem) and p.position.path == "content/pages/p.md" for p in problems)
    assert page is not None or any(p.severity == "error" for p in problems), "a refused page says why"
    lines = len(text.splitlines()) + 1
    assert all(0 <= p.position.line <= lines for p in problems), [(p.position, p.message) for p in problems]
    for problem in problems:
        problem.format(project)


@SETTINGS
@given(values=st.dictionaries(st.sampled_from(["drop_before", "drop_from", "references", "list_items", "drop_lines",
                                                "markdown", "headings", "languages", "nonsense"]),
                              st.one_of(st.text(max_size=10), st.booleans(), st.integers(),
                                        st.lists(st.text(max_size=6), max_size=2),
                                        st.lists(st.fixed_dictionaries({"pattern": st.text(max_size=6),
                                                                        "level": st.integers(-3, 12)}), max_size=2)),
                              max_size=4),
       seed=article)
def test_any_cleaning_rules_the_loader_accepts_clean_any_seed(project, values, seed):
    """Through the loader: rules it accepts (patterns that compile, levels 2-6, ...) never make
    the cleaner raise; rules it refuses are problems at their place."""
    text = "seed: a.txt\nlabel: A\ncleaning: " + json.dumps(values) + "\n"
    path = project / "content" / "sources" / "s000.yaml"
    path.write_text(text, encoding="utf-8")
    record, problems = load_record(project, path, RECORD_KINDS["source"])
    assert all(isinstance(p, Problem) for p in problems)
    if record is not None:
        for rule in record.cleaning.headings:
            assert 2 <= rule.level <= 6
        clean_source(record, seed)
    else:
        assert any(p.severity == "error" for p in problems)


# --- the citation-marker parser -----------------------------------------------------------------------

@SETTINGS
@given(text=marker_text)
@example(text="\r[[cite:\n\r[[cite:")     # a lone carriage return ends a line for markdown-it too
def test_the_parser_accounts_for_every_marker_start(text):
    """Every `[[cite:` of a text is a marker, a malformed one, inside a marker's quote, or code."""
    parsed = parse(text)
    everywhere = text.count(MARKER_START)
    occurrences = [marker.occurrence for marker in parsed.markers]
    assert occurrences == sorted(occurrences) and list(parsed.malformed) == sorted(parsed.malformed)
    assert set(occurrences).isdisjoint(parsed.malformed)
    assert all(0 <= k < everywhere for k in (*occurrences, *parsed.malformed)), (occurrences, parsed.malformed)
    for marker in parsed.markers:
        assert marker.source and '"' not in marker.source


@SETTINGS
@given(raw=marker_text, line=st.integers(1, 50), col=st.integers(1, 20))
def test_text_checks_and_positions_of_any_text(raw, line, col):
    """The loader's checks on a text field, and every position it reports, for any text."""
    text = m.Text(raw, Position("f.yaml", line, col), raw)
    for problem in text_problems(text):
        assert isinstance(problem, Problem) and problem.position.path == "f.yaml"
        assert problem.position.line >= line
    positions = text.locate_all(MARKER_START)
    assert len(positions) == raw.count(MARKER_START)
