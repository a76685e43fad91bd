"""The site in its reader's language: complete catalogs, locale formats, the real site built in
French and German with no English UI string left, a project's own catalog, a right-to-left
language, and an error for a language no catalog covers."""
from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from projects import ROOT, SEED, TINY_SITE, write_files

from site_builder import i18n
from site_builder import model as m
from site_builder.cli import main
from site_builder.kept import KeptFiles
from site_builder.pipeline import BuildOptions, Change, build_site, classify
from site_builder.render import vocabulary
from site_builder.render.pages import PAGE_KINDS
from site_builder.render.views.common import KIND_LABELS, UNSTATED
from site_builder.tools.catalogs import extract

SHIPPED = ("en", "fr", "de", "es")


def catalog(lang: str):
    with (i18n.PACKAGED_CATALOGS / f"{lang}.po").open("rb") as f:
        return read_po(f)


def vocabulary_msgids() -> set:
    """Every label the vocabulary tables hold: a label merged in without its N_() mark is still
    checked (extraction finds only marked strings)."""
    found: set = set()
    for table in (vocabulary.STATUS, vocabulary.CELL):
        for label in table.values():
            found |= {label.text} | ({label.explain} if label.explain else set())
    found |= set(vocabulary.RELATION.values()) | set(vocabulary.CHART_TITLE.values())
    found |= set(vocabulary.EMBED.msgids.values()) | set(vocabulary.DERIVED.values())
    found |= set(vocabulary.COUNTS.values()) | set(KIND_LABELS.values()) | set(UNSTATED.values())
    found |= {k.label for k in PAGE_KINDS.values() if k.label} | {k.search for k in PAGE_KINDS.values() if k.search}
    return found


@pytest.mark.parametrize("lang", SHIPPED)
def test_catalog_is_complete(lang):
    """Every msgid of the code and templates is in the catalog, translated (every plural form),
    not fuzzy, with the same placeholders; the plural forms are the language's."""
    po = catalog(lang)
    wanted = {msg.id if isinstance(msg.id, str) else tuple(msg.id) for msg in extract() if msg.id}
    wanted |= vocabulary_msgids()
    have = {msg.id if isinstance(msg.id, str) else tuple(msg.id): msg for msg in po if msg.id}
    missing = sorted(map(str, wanted - set(have)))
    assert not missing, f"{lang}.po misses {len(missing)} msgids (python -m site_builder.tools.catalogs): {missing}"
    problems = []
    for key in sorted(wanted, key=str):
        msg = have[key]
        forms = msg.string if isinstance(msg.string, tuple) else (msg.string,)
        if msg.fuzzy or not all(forms):
            problems.append(f"fuzzy or empty: {key!r}")
        ids = key if isinstance(key, tuple) else (key,)
        allowed = set(i18n.placeholders("".join(ids)))
        for form in forms:
            extra = set(i18n.placeholders(form)) - allowed
            if extra:
                problems.append(f"{key!r}: unknown placeholders {extra} in {form!r}")
        if not isinstance(key, tuple) and set(i18n.placeholders(forms[0])) != allowed:
            problems.append(f"{key!r}: placeholders differ in {forms[0]!r}")
        if isinstance(key, tuple) and len(forms) != po.num_plurals:
            problems.append(f"{key!r}: {len(forms)} plural forms, the language has {po.num_plurals}")
    assert not problems, "\n".join(problems)


def test_english_catalog_is_the_msgids():
    """English output stays what the builder writes (the msgids are its English)."""
    for msg in catalog("en"):
        if msg.id:
            assert msg.string == msg.id, msg.id


def test_typography():
    """French: « » and a narrow no-break space before ; : ! ? and inside the guillemets;
    German: „ “; Spanish: « »; no English curly quotes in any of them."""
    for lang, bad in (("fr", re.compile(r"[“”]| [;:!?]|«[^\u202f]|[^\u202f]»")), ("de", re.compile(r"[”«»]")),
                      ("es", re.compile(r"[“”]| [;:!?]"))):
        for msg in catalog(lang):
            for form in (msg.string if isinstance(msg.string, tuple) else (msg.string,)):
                if msg.id and form:
                    assert not bad.search(form), f"{lang}: {form!r}"


def locale(tag: str):
    dirs = (i18n.PACKAGED_CATALOGS,)
    found = i18n.site_locale(tag, dirs)
    return i18n.activated(found, i18n.translations(found))


@pytest.mark.parametrize(("tag", "date", "month", "money", "percent", "count"), [
    ("en", "2 August 2024", "June 2025", "$14.3 billion", "49%", "12,000"),
    ("en-US", "August 2, 2024", "June 2025", "$14.3 billion", "49%", "12,000"),
    ("fr", "2 août 2024", "juin 2025", "14,3\u00a0milliards $US", "49\u202f%", "12\u202f000"),
    ("de", "2. August 2024", "Juni 2025", "14,3\u00a0Mrd.\u00a0$", "49\u00a0%", "12.000"),
    ("es", "2 de agosto de 2024", "junio de 2025", "14,3\u00a0mil millones de US$", "49\u00a0%", "12.000"),
])
def test_formats_follow_the_locale(tag, date, month, money, percent, count):
    with locale(tag):
        assert i18n.format_date(m.PartialDate(2024, 8, 2)) == date
        assert i18n.format_date(m.PartialDate(2025, 6)) == month
        assert i18n.format_money(14.3e9) == money
        assert i18n.format_percent(49) == percent
        assert i18n.format_count(12000) == count


def test_plural_forms():
    """French counts 0 and 1 as singular (and 1.5 billion); German and English only 1."""
    with locale("fr"):
        assert i18n.count(0, *vocabulary.COUNTS["article"]) == "0 article"
        assert i18n.count(2, *vocabulary.COUNTS["event"]) == "2 événements"
        assert i18n.format_money(1.5e9) == "1,5\u00a0milliard $US"
    with locale("de"):
        assert i18n.count(0, *vocabulary.COUNTS["event"]) == "0 Ereignisse"
        assert i18n.count(1, *vocabulary.COUNTS["event"]) == "1 Ereignis"
    with locale("es"):
        assert i18n.format_money(1.5e6) == "1,5\u00a0millones de US$"
    assert i18n.count(1, *vocabulary.COUNTS["article"]) == "1 article"      # no locale active: English


def test_dates_are_qualified_in_the_locale():
    with locale("de"):
        assert i18n.format_date(m.PartialDate(2023, 0, 0, "late")) == "Ende 2023"
        assert i18n.format_date(m.PartialDate(2025, 6, 13)) == "13. Juni 2025"
    with locale("fr"):
        assert i18n.format_date(m.PartialDate(2024, 0, 0, "Q2")) == "2e trimestre 2024"


# --- the real site, in French and in German --------------------------------------------------

class VisibleText(HTMLParser):
    """A page's visible text nodes (and the labels a screen reader speaks), each with whether it
    is inside an element marked as another language (an article's own words)."""

    SKIP = frozenset({"script", "style", "noscript", "template"})
    SPOKEN = ("aria-label", "title", "alt", "placeholder")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []     # (tag, foreign, skipped)
        self.nodes: list[str] = []
        self.page_lang = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        foreign = bool(self.stack and self.stack[-1][1])
        skipped = bool(self.stack and self.stack[-1][2]) or tag in self.SKIP
        if tag == "html":
            self.page_lang = attrs.get("lang", "")
        elif "lang" in attrs and attrs["lang"] != self.page_lang:
            foreign = True
        if not foreign and not skipped and tag != "meta":
            self.nodes += [attrs[a] for a in self.SPOKEN if attrs.get(a)]
        if tag not in {"meta", "link", "br", "img", "input", "hr", "base", "source", "wbr", "col"}:
            self.stack.append((tag, foreign, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.stack and (self.stack[-1][1] or self.stack[-1][2]):
            return
        if data.strip():
            self.nodes.append(data)


def fold(text: str) -> str:
    """Compared without typography: quotes, spaces, case."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip().lower()


def english_fragments(lang: str) -> set[str]:
    """The English catalog's strings, cut at their placeholders, that the other language does
    not write the same way ("Sources" is French too; "Sources cited on this page" is not)."""
    target = {msg.id if isinstance(msg.id, str) else tuple(msg.id): msg.string for msg in catalog(lang) if msg.id}
    fragments: set[str] = set()
    for msg in catalog("en"):
        if not msg.id:
            continue
        key = msg.id if isinstance(msg.id, str) else tuple(msg.id)
        translated = fold(" ".join(target[key]) if isinstance(target[key], tuple) else target[key])
        for form in (msg.string if isinstance(msg.string, tuple) else (msg.string,)):
            for piece in re.split(r"%\(\w+\)s|%%|\{\w+\}", form):
                piece = fold(piece).strip(" .,:;()“”\"'·–-")
                # a fragment proves English when it has two words or one long one
                if (" " in piece or len(piece) >= 9) and piece not in translated:
                    fragments.add(piece)
    return fragments


def content_corpus(root: Path) -> str:
    """The editors' and the articles' own words: everything content/ and seeds/ hold."""
    texts = [p.read_text(encoding="utf-8", errors="replace") for folder in ("content", "seeds")
             for p in sorted((root / folder).rglob("*")) if p.is_file()]
    return fold("\n".join(texts)).replace("''", "'")


@pytest.fixture(params=["fr", "de"])
def localized_site(request, site_in_language):
    """The real project in French / German, its articles English (conftest.site_in_language)."""
    return request.param, *site_in_language(request.param)


def test_every_page_kind_is_in_the_language(localized_site):
    """The visible text of every page kind (text nodes and spoken labels outside an article's
    own words) holds no string of the English catalog, once the editors' and the articles' own
    words (content/, seeds/: English here) are set aside."""
    lang, root, out, _ = localized_site
    fragments = english_fragments(lang)
    # the check can fail: the English it looks for is there to find
    assert {"sources cited on this page", "how the deal came about", "agrees with the"} <= fragments
    corpus = content_corpus(root)
    paths = sorted(out.rglob("*.html"))
    assert len(paths) > 200
    seen_kinds = set()
    left: list[str] = []
    for path in paths:
        html = path.read_text(encoding="utf-8")
        parser = VisibleText()
        parser.feed(html)
        assert parser.page_lang == lang, path
        kind = re.search(r'<body class="[^"]*kind-([\w-]+)', html)
        seen_kinds.add(kind.group(1) if kind else "?")
        for node in parser.nodes:
            text = fold(node)
            # a node that is the editors' or an article's own words (or a piece of them) is content
            if len(text) < 4 or text.strip(" .,:;()'\"…") in corpus:
                continue
            for segment in ui_segments(text, corpus):
                left += [f"{path.relative_to(out)}: {fragment!r} in {node.strip()[:120]!r}" for fragment in fragments
                         if re.search(rf"(?<![\w-]){re.escape(fragment)}(?![\w-])", segment)]
    assert set(PAGE_KINDS) <= seen_kinds, sorted(set(PAGE_KINDS) - seen_kinds)
    assert not left, f"{len(left)} English UI strings left:\n" + "\n".join(sorted(set(left))[:40])


def ui_segments(text: str, corpus: str) -> list[str]:
    """The parts of a text node that are not content: each word is content when it is part of a
    run of two words or more that occurs in the corpus (a node mixing UI words with a name, a
    title or a note keeps its UI words, in the runs they form)."""
    words = text.split(" ")
    content = [False] * len(words)
    for i in range(len(words)):
        for j in range(len(words), i + 1, -1):      # the longest run from i
            run = " ".join(words[i:j]).strip(" .,:;()'\"…")
            if len(run) > 6 and run in corpus:
                content[i:j] = [True] * (j - i)
                break
    segments, current = [], []
    for word, is_content in zip(words, content, strict=True):
        if is_content:
            segments.append(" ".join(current))
            current = []
        else:
            current.append(word)
    return [seg for seg in (*segments, " ".join(current)) if seg]


def test_articles_words_are_marked_english(localized_site):
    """Quotes and values are shown as the articles wrote them, marked lang="en"; the page's own
    words are the site's language, and dates and amounts are formatted for it."""
    lang, _, out, _ = localized_site
    claim = (out / "claims" / "deal-price.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in claim
    assert '<blockquote class="quote" cite=' in claim and 'lang="en"><p>' in claim
    assert re.search(r'<span class="value-words" lang="en">[^<]*\$14\.3 billion', claim)
    # "nearly $15 billion" (an article's words) beside the site's reading of it, in the site's language
    reading = {"fr": "lu comme moins de 15\u00a0milliards $US", "de": "gelesen als unter 15\u00a0Mrd.\u00a0$"}[lang]
    assert reading in claim
    timeline = (out / "timeline.html").read_text(encoding="utf-8")
    assert {"fr": "13 juin 2025", "de": "13. Juni 2025"}[lang] in timeline
    source = (out / "sources" / "s001.html").read_text(encoding="utf-8")
    assert '<article class="source-text" aria-label="' in source and '"lang="en">' not in source
    assert re.search(r'<article class="source-text" aria-label="[^"]+" lang="en">', source)


# every place an article's own words are shown: what the test below finds them in (a few of each at least)
ARTICLE_WORDS_SHOWN = ("article.source-text", "blockquote.quote", "ul.mentions", "section.references",
                       "span.cell-value", "span.says", "span.cite-context")
RUN = 5          # words: a run this long that an article has and the editors' own words do not is the article's
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def word_runs(text: str) -> set[str]:
    words = [w.replace("’", "'") for w in _WORD.findall(text.lower())]
    return {" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


class TextNodes(HTMLParser):
    """A page's text nodes, each with the elements it is in ("main.wrap>blockquote.quote>p") and
    whether one of them marks another language than the page's."""

    VOID = frozenset({"meta", "link", "br", "img", "input", "hr", "base", "source", "wbr", "col"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, str]] = []      # (tag, foreign, path)
        self.nodes: list[tuple[str, bool, str]] = []      # (text, foreign, path)
        self.page_lang = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        foreign = bool(self.stack and self.stack[-1][1])
        if tag == "html":
            self.page_lang = attrs.get("lang", "")
        elif "lang" in attrs:
            foreign = attrs["lang"] != self.page_lang
        name = tag + "".join(f".{c}" for c in (attrs.get("class") or "").split()[:1])
        if tag not in self.VOID:
            self.stack.append((tag, foreign, f"{self.stack[-1][2]}>{name}" if self.stack else name))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] not in ("script", "style") and data.strip():
            self.nodes.append((data, *self.stack[-1][1:]))


def article_word_nodes(root: Path, out: Path) -> list[tuple[str, bool, str, str]]:
    """(page, marked, where, text) of every text node that shows an article's own words: a run of
    words of an article's cleaned text (data/sources/) that the editors' own words do not have.
    The editors' words are content/ without what they quote (citation markers, `quote:` fields):
    their prose quoting an article in its sentences stays theirs."""
    articles = set().union(*(word_runs(p.read_text(encoding="utf-8")) for p in (out / "data" / "sources").glob("*.txt")))
    editors = "\n".join(p.read_text(encoding="utf-8") for p in sorted((root / "content").rglob("*")) if p.is_file())
    editors = re.sub(r'(?m)\[\[cite:[^\]]*\]\]|^\s*(?:quote:|-)\s*"(?:[^"\\]|\\.)*"\s*$', " | ", editors)
    theirs = articles - word_runs(editors)
    found = []
    for path in sorted(out.rglob("*.html")):
        parser = TextNodes()
        parser.feed(path.read_text(encoding="utf-8"))
        found += [(path.relative_to(out).as_posix(), foreign, where, text.strip()) for text, foreign, where
                  in parser.nodes if word_runs(text) & theirs]
    return found


@pytest.fixture(scope="module")
def french_article_words(site_in_language):
    root, out, _ = site_in_language("fr")
    return article_word_nodes(root, out)


def unmarked(nodes, preview: bool) -> list[str]:
    return [f"{page}: {where}: {text[:80]!r}" for page, foreign, where, text in nodes
            if not foreign and ("span.cite-preview" in where) == preview]


def test_an_articles_words_are_marked_with_its_language_wherever_shown(french_article_words):
    """On a French site quoting English articles, every element that shows an article's own words
    (its text, quotes, mention snippets, values, the reference list) is inside lang="en"."""
    left = unmarked(french_article_words, preview=False)
    assert not left, f"{len(left)} text nodes of an article's words not marked lang=\"en\":\n" + "\n".join(left[:30])
    shown = {name for _, foreign, where, _ in french_article_words if foreign for name in ARTICLE_WORDS_SHOWN
             if name in where}
    assert shown == set(ARTICLE_WORDS_SHOWN)      # the check finds the words it checks, everywhere they are


def test_a_citation_previews_passage_is_marked_with_its_language(french_article_words):
    left = unmarked(french_article_words, preview=True)
    assert not left, f"{len(left)} text nodes of citation previews not marked lang=\"en\":\n" + "\n".join(left[:10])


def test_english_site_marks_nothing(real_build):
    """With the site and its articles in one language, no element carries a lang of its own."""
    _, out = real_build
    claim = (out / "claims" / "deal-price.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in claim and ' lang="en"' not in claim.split("<html", 1)[1].split(">", 1)[1]


# --- catalogs a project brings ------------------------------------------------------------------

def tiny(tmp_path: Path, site_extra: str, files: dict[str, str] | None = None) -> Path:
    site = dict(TINY_SITE)
    site["content/site.yaml"] = TINY_SITE["content/site.yaml"] + site_extra
    root = write_files(tmp_path / "proj", {**site, **(files or {})})
    (root / "seeds").mkdir()
    (root / "seeds" / "a.txt").write_text(SEED, encoding="utf-8")
    return root


PO_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n"Language: {lang}\\n"\n\n'


def test_a_project_catalog_overrides_a_string(tmp_path):
    """themes/<name>/locale/fr.po wins over the packaged fr.po for the strings it has; the rest
    stays the packaged French."""
    po = PO_HEADER.format(lang="fr") + 'msgid "Timeline"\nmsgstr "Frise"\n'
    root = tiny(tmp_path, "language: fr\ntheme: maison\n", {"themes/maison/locale/fr.po": po})
    out = tmp_path / "out"
    result = build_site(BuildOptions(root, out))
    assert result.ok, [p.format(root) for p in result.errors]
    home = (out / "index.html").read_text(encoding="utf-8")
    assert ">Frise</a>" in home and ">Chronologie<" not in home
    assert "Sources citées sur cette page" in (out / "people" / "jane-roe.html").read_text(encoding="utf-8")


def test_an_edited_catalog_is_a_change_a_warm_build_takes_in(tmp_path):
    """A project's catalog is an input: the build state's next build renders every page again with
    its new words, byte for byte a build from nothing. (The dev server: tests/test_serve.py.)"""
    po = PO_HEADER.format(lang="fr") + 'msgid "Timeline"\nmsgstr "{}"\n'
    root = tiny(tmp_path, "language: fr\ntheme: maison\n", {"themes/maison/locale/fr.po": po.format("Frise")})
    catalog = root / "themes/maison/locale/fr.po"
    assert classify(root, "maison", catalog) == Change("catalog", "themes/maison/locale/fr.po")
    assert classify(root, "default", catalog) is None                # another theme's: never read
    assert classify(root, "maison", catalog.with_name("fr.po~")) is None

    def build(out: str, *extra: str) -> dict[str, bytes]:
        assert main(["build", "--root", str(root), "--output", str(tmp_path / out), *extra]) == 0
        return {p.relative_to(tmp_path / out).as_posix(): p.read_bytes()
                for p in sorted((tmp_path / out).rglob("*")) if p.is_file()}

    first = build("first")
    catalog.write_text(po.format("Frise des événements"), encoding="utf-8")
    warm, cold = build("warm"), build("cold", "--no-cache")
    assert [path for path in warm.keys() | cold.keys() if warm.get(path) != cold.get(path)] == []
    pages = [path for path in warm if path.endswith(".html")]
    assert pages and all(">Frise des événements</a>" in warm[path].decode("utf-8") for path in pages
                         if ">Frise</a>" in first[path].decode("utf-8"))
    assert ">Frise des événements</a>" in warm["index.html"].decode("utf-8")


@pytest.mark.parametrize("entries, line, expected", [
    ('msgid "Timeline"\nmsgstr "Frise\nmsgid broken\n', 8, "not a gettext catalog"),
    ('msgid "%(num)s article"\nmsgid_plural "%(num)s articles"\nmsgstr[0] "%(n)s article"\nmsgstr[1] "%(num)s articles"\n',
     6, "names %(n)s, which the builder does not fill in; use the msgid's placeholders: %(num)s"),
    ('msgid "under %(value)s"\nmsgstr "sous 100% %(value)s"\n', 6, "is not a format string like its msgid"),
], ids=["syntax", "unknown placeholder", "lone percent"])
def test_a_broken_project_catalog_is_an_error_at_its_line(tmp_path, entries, line, expected):
    """A project's catalog is checked as its records are: a mistake is an error at its line, not
    a traceback while the pages are made (nor a warning Babel prints and the build ignores)."""
    root = tiny(tmp_path, "language: fr\n", {"themes/default/locale/fr.po": PO_HEADER.format(lang="fr") + entries})
    result = build_site(BuildOptions(root, tmp_path / "out"))
    assert not result.ok
    messages = [p.format(root, excerpt=False) for p in result.errors]
    assert any(text.startswith(f"themes/default/locale/fr.po:{line}:1: error: ") and expected in text
               for text in messages), messages
    assert not (tmp_path / "out").exists()


def test_a_right_to_left_language(tmp_path):
    """Arabic, from a project's own catalog (one string): dir="rtl" on every page, its string
    shown, the rest in English (the catalog's fallback), dates in Arabic."""
    po = PO_HEADER.format(lang="ar") + 'msgid "Search"\nmsgstr "بحث"\n'
    root = tiny(tmp_path, "language: ar\n", {"themes/default/locale/ar.po": po})
    out = tmp_path / "out"
    result = build_site(BuildOptions(root, out))
    assert result.ok, [p.format(root) for p in result.errors]
    pages = sorted(out.rglob("*.html"))
    assert pages
    for page in pages:
        assert '<html lang="ar" dir="rtl">' in page.read_text(encoding="utf-8"), page
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "بحث</a>" in home and "Skip to content" in home


def test_a_language_without_a_catalog_is_an_error_at_its_line(tmp_path):
    root = tiny(tmp_path, "language: ca\n")
    result = build_site(BuildOptions(root, tmp_path / "out"))
    assert not result.ok
    messages = [p.format(root, excerpt=False) for p in result.errors]
    assert any(text.startswith("content/site.yaml:3:") and "no catalog for language 'ca'" in text
               and "closest available: es" in text for text in messages), messages
    assert not (tmp_path / "out").exists()


def test_the_shipped_catalogs_are_the_only_sources():
    """.po files in the package; no compiled catalog is kept next to them (compiled in memory)."""
    folder = i18n.PACKAGED_CATALOGS
    assert sorted(p.name for p in folder.iterdir()) == [f"{lang}.po" for lang in sorted(SHIPPED)]
    assert ROOT.joinpath("pyproject.toml").read_text(encoding="utf-8").count("themes/*/locale/*.po") == 1


@pytest.fixture
def kept_catalogs(tmp_path, monkeypatch):
    """The packaged catalogs in a temporary folder, kept (compiled) in another: what an install
    keeps in the package's __pycache__, without writing there."""
    packaged = tmp_path / "locale"
    packaged.mkdir()
    (packaged / "fr.po").write_bytes((i18n.PACKAGED_CATALOGS / "fr.po").read_bytes())
    kept = KeptFiles(tmp_path / "kept")
    monkeypatch.setattr(i18n, "PACKAGED_CATALOGS", packaged)
    monkeypatch.setattr(i18n, "_packaged_catalogs", lambda: kept)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    i18n._compiled.cache_clear()
    yield packaged / "fr.po", tmp_path / "kept"
    i18n._compiled.cache_clear()


def test_a_packaged_catalog_is_compiled_once_and_read_as_kept(kept_catalogs):
    po, kept = kept_catalogs
    compiled = i18n._compiled(po, i18n._stamp(po))
    assert compiled == i18n._compile(po.read_bytes())
    files = list(kept.iterdir())
    assert [f.read_bytes() for f in files] == [compiled]
    # a later build reads the kept file instead of compiling (here a marked one, to tell them apart)
    files[0].write_bytes(b"kept")
    i18n._compiled.cache_clear()
    assert i18n._compiled(po, i18n._stamp(po)) == b"kept"
    # an edited catalog is another file's name: compiled anew, never the stale one
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Sources"', 'msgstr "Les sources"', 1),
                  encoding="utf-8")
    i18n._compiled.cache_clear()
    edited = i18n._compiled(po, i18n._stamp(po))
    assert edited not in (b"kept", compiled) and b"Les sources" in edited
    assert len(list(kept.iterdir())) == 2


def test_no_compiled_catalog_is_written_where_python_writes_no_bytecode_nor_for_a_project(kept_catalogs,
                                                                                        monkeypatch, tmp_path):
    po, kept = kept_catalogs
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert i18n._compiled(po, i18n._stamp(po)) == i18n._compile(po.read_bytes())
    assert not kept.exists()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    project = tmp_path / "themes" / "mine" / "locale"
    project.mkdir(parents=True)
    (project / "fr.po").write_bytes(po.read_bytes())
    i18n._compiled(project / "fr.po", i18n._stamp(project / "fr.po"))
    assert not kept.exists()        # a project's catalog is compiled in memory, each time
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert i18n.compile_packaged_catalogs() == 1                  # the install step writes all the same
    assert len(list(kept.iterdir())) == 1
