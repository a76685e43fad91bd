"""A generated project of N articles, for benchmarks: the real project plus N - 5 made-up articles
and the records that annotate them, in the real content's proportions.

The real project (content/, seeds/, themes/) is copied as it is: its five sources, 14 people,
49 organizations, 37 events, 66 claims and narrative pages. Each generated article (s005, s006,
...; four-digit ids s0005... when N > 1000) comes with, on average, what each real article
comes with: 2.8 people, 9.8 organizations, 7.4 events and 11.2 claims, whose texts cite some
184 passages per article in all (the real content: 921 citations of five articles).

An article is ~2,000 words of prose assembled from the real articles' cleaned sentences: each
real person's or organization's name in a sentence is a slot, filled with a generated
entity - the article's own people and organizations, those of the two articles before it (so
every entity is mentioned in three articles), a few popular generated entities (Zipf-drawn) -
or, a quarter of the time, left as the real name (so Scale AI, Meta and Alexandr Wang stay the
corpus-wide hubs they are in the real articles). Every quote a generated record cites is
taken from the generated text itself, so it is an exact substring of its article.

Deterministic: the same N gives the same files byte for byte (seeded RNGs, one per article and
per record, keyed by the article's number: the articles of a smaller corpus are the first
articles of a larger one, word for word; only the records' choice of passages differs).

Run: .venv/bin/python bench/corpus.py N DEST    (then: site-builder check --root DEST)
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL_SOURCES = 5

# per generated article, as measured once in the real content (14, 49, 37, 66 records for 5 articles); fixed
# here, not read from content/, so a table of bench/RESULTS.md stays comparable after the editors add a claim
PEOPLE_PER_ARTICLE = 14 / 5
ORGS_PER_ARTICLE = 49 / 5
EVENTS_PER_ARTICLE = 37 / 5
CLAIMS_PER_ARTICLE = 66 / 5
WORDS = (1800, 2200)
KEEP_REAL_NAME = 0.25        # share of name slots left as the real article's name

FIRST_NAMES = ["Ada", "Adrian", "Aisha", "Alma", "Amir", "Ana", "Anika", "Arjun", "Aurora", "Ben", "Bianca", "Caleb", "Carmen", "Chen", "Chiara", "Dario", "Dev", "Diana", "Elena", "Elif", "Emeka", "Emil", "Erin", "Esme", "Farah", "Felix", "Freya", "Gael", "Grace", "Hana", "Hugo", "Ines", "Ingrid", "Isaac", "Ivan", "Jade", "Jonas", "Julia", "Kai", "Kamala", "Kenji", "Lara", "Leon", "Lina", "Luca", "Maya", "Malik", "Mara", "Marco", "Mei", "Mila", "Nadia", "Nico", "Nina", "Noor", "Omar", "Oscar", "Paola", "Priya", "Rafael", "Rania", "Ravi", "Rosa", "Ruth", "Sami", "Sara", "Selin", "Sofia", "Tariq", "Tess", "Theo", "Uma", "Vera", "Viktor", "Wen", "Yara", "Yusuf", "Zoe"]
SYLLABLES = ["ba", "be", "bo", "da", "de", "di", "do", "ka", "ke", "ki", "ko", "la", "le", "li", "lo", "ma", "me", "mi", "mo", "na", "ne", "ni", "no", "ra", "re", "ri", "ro", "sa", "se", "si", "so", "ta", "te", "ti", "to", "va", "ve", "vi", "za", "zo", "bel", "dar", "ken", "lan", "mar", "nor", "ran", "sen", "tor", "vin", "wen"]
ENDINGS = ["", "", "n", "r", "s", "th", "ck", "nd", "rt", "ll", "x", "ra", "na", "ro", "ssen", "ard", "ova", "ani", "ez"]
SECTORS = [("Analytics", "company"), ("Robotics", "company"), ("Systems", "company"), ("Data", "company"),
           ("Networks", "company"), ("Cloud", "company"), ("Semiconductor", "company"), ("Health", "company"),
           ("Labs", "ai-lab"), ("AI", "ai-lab"), ("Intelligence", "ai-lab"), ("Research", "research-lab"),
           ("Institute", "research-lab"), ("Capital", "investor"), ("Ventures", "investor"), ("Partners", "investor"),
           ("Times", "news-outlet"), ("Review", "news-outlet"), ("Authority", "government"),
           ("University", "university"), ("Studio", "product"), ("Foundation", "other")]
GENRES = ["profile", "analysis", "report", "explainer", "deep dive", "briefing", "column", "interview"]
OUTLETS = ["The Ledger", "Signal Weekly", "The Circuit", "Northline News", "Data Desk", "The Quarterly",
           "Frontier Post", "Market Brief"]
RELATIONS = ["investor", "customer", "rival", "partner", "supplier", "acquirer", "spin-off", "lender",
             "research partner", "former customer"]
ROLES = ["Chief executive", "Co-founder", "Chief technology officer", "Head of research", "Board member",
         "Investor", "Head of data operations", "General counsel", "Chief financial officer", "Adviser"]
EVENT_VERBS = ["signs a data contract with", "invests in", "hires engineers from", "announces a partnership with",
               "loses a customer to", "buys a stake in", "sues", "opens a lab with", "ends its contract with",
               "licenses a model to"]
PHRASES = ["leads the lab", "co-leads the lab", "advises the board", "runs data operations",
           "heads research", "left the company", "chairs the board"]


def source_id(n: int, number: int) -> str:
    """The id of source `number` in a corpus of `n`: s007, or s0007 when n > 1000 (ids sort as numbers)."""
    return f"s{number:0{4 if n > 1000 else 3}d}"


# --- the real material ---------------------------------------------------------------------------------

@dataclass
class Template:
    """A real sentence (or heading) with its real names cut out: parts[0] slot parts[1] slot ..."""

    parts: list[str]
    slots: list[tuple[str, str]]     # (kind "person" | "organization", the real name that was there)


@dataclass
class Material:
    sentences: list[Template]
    headings: list[Template]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“])")
_BAD = re.compile(r"[\[\]*#\\|_`<>{}\u4e00-\u9fff]|\$\d|^[-+•]|https?:")


def real_material() -> Material:
    sys.path.insert(0, str(ROOT))
    from site_builder.load import load_content
    from site_builder.resolve.cleaning import clean_source
    from site_builder.resolve.mentions import NameMatcher, entity_names

    content = load_content(ROOT).content
    assert content is not None, "the real content does not load"
    matcher = NameMatcher(entity_names(content))

    def template(text: str) -> Template:
        parts, slots, last = [], [], 0
        for start, end, (kind, _) in matcher.find(text):
            parts.append(text[last:start])
            slots.append((kind, text[start:end]))
            last = end
        parts.append(text[last:])
        return Template(parts, slots)

    sentences: list[Template] = []
    headings: list[Template] = []
    for sid in sorted(content.sources):
        cleaned = clean_source(content.sources[sid], content.seed_texts[sid])
        for block in cleaned.blocks:
            if block.kind == "heading":
                if not _BAD.search(block.text) and 2 <= len(block.text.split()) <= 9:
                    headings.append(template(block.text))
                continue
            if block.kind not in ("paragraph", "item"):
                continue
            for sentence in _SENTENCE_END.split(block.text):
                sentence = sentence.strip()
                if 7 <= len(sentence.split()) <= 60 and not _BAD.search(sentence) and sentence[-1] in ".!?”":
                    sentences.append(template(sentence))
    return Material(sentences, headings)


# --- generated entities -----------------------------------------------------------------------------------

@dataclass(eq=False)
class Entity:
    kind: str           # "person" | "organization"
    id: str
    name: str
    alias: str
    home: int           # the generated article (its number) the entity comes from
    org_kind: str = ""
    mentions: dict[int, list[str]] = field(default_factory=dict)   # article number -> sentences naming it


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Names:
    """Unique coined surnames and brands; never a real name, never each other."""

    def __init__(self, taken: set[str]):
        self.taken = set(taken)

    def coin(self, rnd: random.Random) -> str:
        while True:
            word = "".join(rnd.choice(SYLLABLES) for _ in range(rnd.choice((2, 2, 3)))) + rnd.choice(ENDINGS)
            word = word.capitalize()
            if len(word) >= 5 and word not in self.taken:
                self.taken.add(word)
                return word


def cumulative(rate: float, k: int) -> range:
    """Which of the records made at `rate` per article belong to generated article k."""
    return range(int(rate * k), int(rate * (k + 1)))


# --- articles ----------------------------------------------------------------------------------------------

@dataclass
class Article:
    number: int
    sid: str
    title: str
    label: str
    outlet: str
    date: str
    sentences: list[str]       # every sentence as written (paragraph text is these joined by spaces)
    seed: str                  # the seed file's text
    seed_name: str = ""


class Corpus:
    def __init__(self, n: int, material: Material, real_names: set[str]):
        self.n = n
        self.material = material
        self.names = Names(real_names)
        self.people: list[Entity] = []
        self.orgs: list[Entity] = []
        self.articles: list[Article] = []
        self.ids: set[str] = set()
        self.people_of: dict[int, list[Entity]] = {}     # generated article k -> its own people
        self.orgs_of: dict[int, list[Entity]] = {}

    def sid(self, number: int) -> str:
        return source_id(self.n, number)

    def new_id(self, base: str) -> str:
        candidate, i = base, 2
        while candidate in self.ids:
            candidate, i = f"{base}-{i}", i + 1
        self.ids.add(candidate)
        return candidate

    # entities of generated article k
    def make_entities(self, k: int) -> tuple[list[Entity], list[Entity]]:
        rnd = random.Random(f"entities-{k}")
        people, orgs = [], []
        for _ in cumulative(PEOPLE_PER_ARTICLE, k):
            surname = self.names.coin(rnd)
            name = f"{rnd.choice(FIRST_NAMES)} {surname}"
            people.append(Entity("person", self.new_id(slug(name)), name, surname, k))
        for _ in cumulative(ORGS_PER_ARTICLE, k):
            brand = self.names.coin(rnd)
            sector, org_kind = rnd.choice(SECTORS)
            name = f"{brand} {sector}"
            orgs.append(Entity("organization", self.new_id(slug(name)), name, brand, k, org_kind))
        self.people += people
        self.orgs += orgs
        self.people_of[k], self.orgs_of[k] = people, orgs
        return people, orgs

    def zipf(self, rnd: random.Random, pool: list[Entity], below: int) -> Entity | None:
        """A popular entity among those of articles before `below`: the j-th with weight 1/(j+1)."""
        count = sum(1 for e in pool[:400] if e.home < below)
        if not count:
            return None
        weights = [1 / (j + 1) for j in range(count)]
        return pool[rnd.choices(range(count), weights)[0]]

    def make_article(self, k: int, own_people: list[Entity], own_orgs: list[Entity]) -> Article:
        number = REAL_SOURCES + k
        rnd = random.Random(f"article-{k}")
        near_people = own_people + [e for j in (k - 2, k - 1) for e in self.people_of.get(j, [])]
        near_orgs = own_orgs + [e for j in (k - 2, k - 1) for e in self.orgs_of.get(j, [])]
        # each own entity gets a first few slots, so each is named several times
        queue = {"person": [e for e in own_people for _ in range(3)], "organization": [e for e in own_orgs for _ in range(3)]}
        neighbours = {"person": [e for e in near_people if e.home < k], "organization": [e for e in near_orgs if e.home < k]}
        for q in (*queue.values(), *neighbours.values()):
            rnd.shuffle(q)
        pools = {"person": self.people, "organization": self.orgs}
        near = {"person": near_people, "organization": near_orgs}
        used_in: dict[str, Entity] = {}

        def fill(template: Template, keep_real: bool = True) -> tuple[str, list[Entity]]:
            out, named = [template.parts[0]], []
            for (kind, real), tail in zip(template.slots, template.parts[1:], strict=True):
                entity = None
                roll = rnd.random()
                if queue[kind]:
                    entity = queue[kind].pop()
                elif neighbours[kind] and roll < 0.3:
                    entity = neighbours[kind].pop()
                elif keep_real and roll < 0.3 + KEEP_REAL_NAME:
                    entity = None
                elif roll < 0.85 and near[kind]:
                    entity = rnd.choice(near[kind])
                else:
                    entity = self.zipf(rnd, pools[kind], k) or (rnd.choice(near[kind]) if near[kind] else None)
                if entity is None:
                    out.append(real)
                else:
                    short = entity.id in used_in and rnd.random() < 0.4
                    out.append(entity.alias if short else entity.name)
                    used_in[entity.id] = entity
                    named.append(entity)
                out.append(tail)
            return "".join(out), named

        lead = own_orgs[0] if own_orgs else rnd.choice(self.orgs)
        genre = rnd.choice(GENRES)
        headline_pick = rnd.choice(self.material.headings)
        headline, _ = fill(headline_pick, keep_real=False)
        title = f"{lead.name}: {headline}"
        outlet = rnd.choice(OUTLETS)
        year = rnd.randint(2016, 2026)
        date = f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        order = list(range(len(self.material.sentences)))
        rnd.shuffle(order)
        target = rnd.randint(*WORDS)
        lines = [f"# {title}", ""]
        sentences: list[str] = []
        words, position = 0, 0
        seen_sentences: set[str] = set()
        while words < target:
            if position == 0 or rnd.random() < 0.18:
                heading, _ = fill(rnd.choice(self.material.headings))
                lines += [f"## {heading}", ""]
            paragraph = []
            for _ in range(rnd.randint(2, 6)):
                template = self.material.sentences[order[position % len(order)]]
                position += 1
                sentence, named = fill(template)
                if sentence in seen_sentences:
                    continue
                seen_sentences.add(sentence)
                paragraph.append(sentence)
                sentences.append(sentence)
                words += len(sentence.split())
                for entity in set(named):
                    entity.mentions.setdefault(number, []).append(sentence)
            if paragraph:
                lines += [" ".join(paragraph), ""]
        seed = "\n".join(lines)
        label = f"The {lead.alias} {genre} ({self.sid(number)})"
        article = Article(number, self.sid(number), title, label, outlet, date, sentences, seed)
        article.seed_name = f"{self.sid(number)[1:]}_{hashlib.sha1(seed.encode()).hexdigest()[:16]}.txt"
        return article

    def generate(self) -> None:
        for k in range(self.n - REAL_SOURCES):
            people, orgs = self.make_entities(k)
            self.articles.append(self.make_article(k, people, orgs))


# --- quotes ----------------------------------------------------------------------------------------------

_QUOTE_BAD = re.compile(r"[\"'\\\[\]]")


def quote_from(rnd: random.Random, article: Article, sentence: str, name: str | None = None) -> str | None:
    """A 6-12 word window of `sentence` (around `name` if given), found once in the article."""
    words = sentence.split(" ")
    if len(words) < 6:
        return None
    span = rnd.randint(6, min(12, len(words)))
    if name and name in sentence:
        at = len(sentence[:sentence.index(name)].split(" ")) - 1
        lo = max(0, min(at - rnd.randint(0, 3), len(words) - span))
    else:
        lo = rnd.randint(0, len(words) - span)
    for width in range(span, len(words) + 1):
        quote = " ".join(words[lo:lo + width]).strip(" ,;:")
        if not quote or _QUOTE_BAD.search(quote):
            return None
        if article.seed.count(quote) == 1:
            return quote
        if lo + width >= len(words):
            break
    return None


class Quotes:
    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.by_number = {a.number: a for a in corpus.articles}
        # (kind, article) -> its sentences stating exactly one value of that kind: read once, not
        # once per claim (the value reader over every sentence was 90 % of making a corpus)
        self._single: dict[tuple[str, int], list[str]] = {}

    def about(self, rnd: random.Random, entity: Entity | None, number: int) -> str:
        """A `[[cite:...]]` marker quoting article `number`, naming `entity` when it does."""
        article = self.by_number[number]
        candidates = list(entity.mentions.get(number, [])) if entity else []
        for attempt in range(400):
            if candidates and attempt < 30:     # a passage naming the entity, if one is quotable
                sentence = rnd.choice(candidates)
                quote = quote_from(rnd, article, sentence, entity.alias if entity.alias in sentence else entity.name)  # type: ignore[union-attr]
            else:
                quote = quote_from(rnd, article, rnd.choice(article.sentences))
            if quote:
                return f'[[cite:{article.sid} "{quote}"]]'
        raise RuntimeError(f"no quotable passage in {article.sid}")

    def raw(self, rnd: random.Random, entity: Entity | None, number: int) -> str:
        return self.about(rnd, entity, number).split('"', 1)[1].rsplit('"', 1)[0]

    def stating(self, rnd: random.Random, kind: str, number: int) -> str | None:
        """A quote of article `number` that states exactly one value of `kind` (a claim's value
        must be stated in its quote), found once in the article; None if it states none."""
        from site_builder.resolve.quantities import find_values

        article = self.by_number[number]
        if (kind, number) not in self._single:
            self._single[kind, number] = [s for s in article.sentences if len(find_values(kind, s)) == 1]
        sentences = list(self._single[kind, number])
        rnd.shuffle(sentences)
        for sentence in sentences[:40]:
            found = find_values(kind, sentence)[0]
            for pad in (20, 40, 80, 400):
                lo = sentence.rfind(" ", 0, max(0, found.start - pad)) + 1
                hi = sentence.find(" ", found.end + pad)
                quote = sentence[lo:hi if hi != -1 else len(sentence)].strip(" ,;:")
                if not _QUOTE_BAD.search(quote) and len(find_values(kind, quote)) == 1 \
                        and article.seed.count(quote) == 1:
                    return quote
        return None


def articles_naming(entity: Entity) -> list[int]:
    return sorted(entity.mentions) or [REAL_SOURCES + entity.home]


# --- YAML ----------------------------------------------------------------------------------------------------

def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


_PLAIN = re.compile(r"[A-Za-z0-9][\w $%’“”.,?!()&'-]*[\w.?!)’”%]")


def plain(text: str) -> str:
    """A plain YAML scalar where that is safe (as the real files write titles and questions, and
    as bench_rebuild's one-line edits expect), else a quoted one."""
    return text if _PLAIN.fullmatch(text) and ": " not in text and " #" not in text else q(text)


def folded(key: str, text: str, indent: str = "") -> str:
    return f"{indent}{key}: >-\n{indent}  {text}\n"


def source_yaml(corpus: Corpus, article: Article) -> str:
    return (f"# Generated article {article.number} (bench/corpus.py)\n"
            f"seed: {article.seed_name}\n"
            f"label: {plain(article.label)}\n"
            f"title: {plain(article.title)}\n"
            f"outlet: {q(article.outlet)}\n"
            f"date: {q(article.date)}\n"
            f"cleaning:\n  markdown: true\n  drop_title_lines: true\n")


def link(corpus: Corpus, number: int) -> str:
    article = corpus.articles[number - REAL_SOURCES]
    return f"[{article.label}](source:{article.sid})"


def person_yaml(corpus: Corpus, quotes: Quotes, person: Entity) -> str:
    rnd = random.Random(f"person-{person.id}")
    where = articles_naming(person)
    home = where[0]
    label = corpus.articles[home - REAL_SOURCES].label
    text = (f"{person.name} is named in [{label}](source:{corpus.sid(home)}) {quotes.about(rnd, person, home)}"
            f" and described there again {quotes.about(rnd, person, rnd.choice(where))}.")
    if len(where) > 1 and rnd.random() < 0.5:
        text += f" A later article also names {person.alias} {quotes.about(rnd, person, where[-1])}."
    lines = [f"name: {plain(person.name)}", f"aliases: [{q(person.alias)}]", folded("summary", text).rstrip("\n"), "roles:"]
    orgs = corpus.orgs_of[person.home] or corpus.orgs[:1]
    for _ in range(2):
        org = rnd.choice(orgs)
        lines += [f"  - title: {plain(rnd.choice(ROLES))}", f"    organization: {org.id}"]
        if rnd.random() < 0.5:
            lines.append(f"    from: {q(str(rnd.randint(2012, 2025)))}")
        cite = quotes.about(rnd, person, rnd.choice(where)) + quotes.about(rnd, org, rnd.choice(articles_naming(org)))
        lines.append(f"    cite: '{cite}'")
    return "\n".join(lines) + "\n"


def org_yaml(corpus: Corpus, quotes: Quotes, org: Entity) -> str:
    rnd = random.Random(f"organization-{org.id}")
    where = articles_naming(org)
    home = where[0]
    label = corpus.articles[home - REAL_SOURCES].label
    text = (f"{org.name} appears in [{label}](source:{corpus.sid(home)}) {quotes.about(rnd, org, home)}; "
            f"another passage puts it this way {quotes.about(rnd, org, rnd.choice(where))}.")
    if rnd.random() < 0.6:
        text += f" It is named again {quotes.about(rnd, org, rnd.choice(where))}."
    lines = [f"name: {plain(org.name)}", f"aliases: [{q(org.alias)}]", f"kind: {org.org_kind}",
             folded("summary", text).rstrip("\n"), "relationships:"]
    others = [e for j in range(org.home - 2, org.home + 3) for e in corpus.people_of.get(j, []) + corpus.orgs_of.get(j, [])
              if e.id != org.id]
    for _ in range(rnd.choice((2, 2, 3, 3))):
        other = rnd.choice(others)
        cite = quotes.about(rnd, org, rnd.choice(where)) + quotes.about(rnd, other, rnd.choice(articles_naming(other)))
        lines += [f"  - with: {other.id}", f"    relation: {plain(rnd.choice(RELATIONS))}", f"    cite: '{cite}'"]
    return "\n".join(lines) + "\n"


def event_yaml(corpus: Corpus, quotes: Quotes, k: int, rnd: random.Random) -> tuple[str, str]:
    number = REAL_SOURCES + k
    orgs = corpus.orgs_of[k] or corpus.orgs[:2]
    people = corpus.people_of[k]
    first, second = rnd.choice(orgs), rnd.choice(corpus.orgs[max(0, len(corpus.orgs) - 30):] if rnd.random() < 0.3 else orgs)
    year = rnd.randint(2014, 2026)
    date = [str(year), f"{year}-{rnd.randint(1, 12):02d}", f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"][rnd.randint(0, 2)]
    title = f"{first.name} {rnd.choice(EVENT_VERBS)} {second.name}" if second is not first else f"{first.name} reorganizes"
    event_id = corpus.new_id(slug(f"{year} {title}")[:60].rstrip("-"))
    text = (f"{title} {quotes.about(rnd, first, rnd.choice(articles_naming(first)))}; "
            f"[the article](source:{corpus.sid(number)}) adds {quotes.about(rnd, None, number)}"
            f" and {quotes.about(rnd, None, number)}.")
    if rnd.random() < 0.6:
        text += f" It also notes {quotes.about(rnd, second, rnd.choice(articles_naming(second)))}."
    lines = [f"date: {q(date)}", "date_basis: inferred", "date_reason: a date made up for the benchmark"]
    if rnd.random() < 0.1:
        lines.append(f"qualifier: {rnd.choice(['early', 'mid', 'late', 'about'])}")
    lines += [f"title: {plain(title)}", folded("summary", text).rstrip("\n")]
    named_people = sorted({p.id for p in people if rnd.random() < 0.5})
    if named_people:
        lines.append(f"people: [{', '.join(named_people)}]")
    lines.append(f"organizations: [{', '.join(sorted({first.id, second.id}))}]")
    if rnd.random() < 6 / 37 * 1.5:
        other = rnd.choice(articles_naming(first))
        lines += ["alternatives:", f"  - date: {q(str(year - rnd.randint(0, 1)))}",
                  folded("summary", f"Another account dates it differently {quotes.about(rnd, first, other)}"
                                    f"{quotes.about(rnd, None, other)}.", "    ").rstrip("\n")]
    return event_id, "\n".join(lines) + "\n"


CLAIM_KINDS = ["text", "text", "money", "percent", "count", "date", "yesno", "role"]


def claim_yaml(corpus: Corpus, quotes: Quotes, k: int, rnd: random.Random) -> tuple[str, str]:
    orgs = corpus.orgs_of[k] or corpus.orgs[:1]
    org = rnd.choice(orgs)
    people = corpus.people_of[k]
    kind = rnd.choice(CLAIM_KINDS)
    person = rnd.choice(people) if people else None
    year = rnd.randint(2015, 2026)
    question, values = {
        "money": (f"How much did {org.name} raise in {year}?", lambda: f"${rnd.randint(5, 950)} million"),
        "percent": (f"What share of its market does {org.name} hold?", lambda: f"{rnd.randint(1, 70)}%"),
        "count": (f"How many people work at {org.name}?", lambda: f"{rnd.randint(20, 30000):,}"),
        "date": (f"When did {org.name} launch its first product?",
                 lambda: f"{rnd.randint(2010, 2026)}-{rnd.randint(1, 12):02d}"),
        "yesno": (f"Did {org.name} confirm the {year} deal?", lambda: rnd.choice(["yes", "no"])),
        "role": (f"What is {person.name if person else org.alias + 's founder'}'s role at {org.name}?",
                 lambda: rnd.choice(PHRASES)),
        "text": (f"What did {org.name} get out of its {year} partnership?",
                 lambda: rnd.choice(["data access", "engineers", "a board seat", "compute", "customers"])),
    }[kind]
    claim_id = corpus.new_id(slug(f"{org.id} {kind} {year}"))
    where = articles_naming(org)
    sources = [REAL_SOURCES + k] + [n for n in where if n != REAL_SOURCES + k]
    extra = [n for n in (REAL_SOURCES + k + 1, REAL_SOURCES + k - 1) if REAL_SOURCES <= n < corpus.n]
    sources = list(dict.fromkeys(sources + extra))[:rnd.choice((2, 2, 3))]
    lines = [f"question: {plain(question)}", f"kind: {kind}"]
    if person and rnd.random() < 0.4:
        lines.append(f"people: [{person.id}]")
    lines += [f"organizations: [{org.id}]", "statements:"]
    numbers = kind in ("money", "percent", "count", "date")
    for number in sources:
        if numbers:      # the value is the one the quote states (the builder refuses any other)
            quote = quotes.stating(rnd, kind, number)
            if quote is None:
                continue
            lines += [f"  - source: {corpus.sid(number)}", f"    quote: {q(quote)}"]
        else:
            lines += [f"  - source: {corpus.sid(number)}", f"    quote: {q(quotes.raw(rnd, org, number))}",
                      f"    value: {q(values())}"]
    if lines[-1] == "statements:":    # no article states a value of this kind: ask what it got instead
        return claim_yaml(corpus, quotes, k, rnd)
    note = (f"The articles differ on this {quotes.about(rnd, org, sources[0])}; "
            f"{link(corpus, sources[-1])} says {quotes.about(rnd, None, sources[-1])}.")
    lines.append(folded("note", note).rstrip("\n"))
    return claim_id, "\n".join(lines) + "\n"


# --- the project -----------------------------------------------------------------------------------------------

def real_names() -> set[str]:
    sys.path.insert(0, str(ROOT))
    from site_builder.load import load_content

    content = load_content(ROOT).content
    names = set()
    for record in (*content.people.values(), *content.organizations.values()):
        names.add(record.name)
        names.update(record.aliases)
        names.update(record.name.split())
    return names


def copy_real(dest: Path) -> Path:
    """The real project's inputs (content, seeds, themes), copied into `dest` (created)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("content", "seeds", "themes"):
        shutil.copytree(ROOT / name, dest / name, dirs_exist_ok=True)
    return dest


def generate(dest: Path, n: int) -> Path:
    """Write the project of `n` articles (n >= 5: the five real ones, then generated ones) into `dest`."""
    if n < REAL_SOURCES:
        raise ValueError(f"at least {REAL_SOURCES} articles (the real ones)")
    copy_real(dest)
    corpus = Corpus(n, real_material(), real_names())
    corpus.generate()
    quotes = Quotes(corpus)
    content = dest / "content"
    for article in corpus.articles:
        (dest / "seeds" / article.seed_name).write_text(article.seed, encoding="utf-8")
        (content / "sources" / f"{article.sid}.yaml").write_text(source_yaml(corpus, article), encoding="utf-8")
    for person in corpus.people:
        (content / "people" / f"{person.id}.yaml").write_text(person_yaml(corpus, quotes, person), encoding="utf-8")
    for org in corpus.orgs:
        (content / "organizations" / f"{org.id}.yaml").write_text(org_yaml(corpus, quotes, org), encoding="utf-8")
    for k in range(n - REAL_SOURCES):
        rnd = random.Random(f"records-{k}")
        for _ in cumulative(EVENTS_PER_ARTICLE, k):
            event_id, text = event_yaml(corpus, quotes, k, rnd)
            (content / "events" / f"{event_id}.yaml").write_text(text, encoding="utf-8")
        for _ in cumulative(CLAIMS_PER_ARTICLE, k):
            claim_id, text = claim_yaml(corpus, quotes, k, rnd)
            (content / "claims" / f"{claim_id}.yaml").write_text(text, encoding="utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, help="articles in all (the five real ones included)")
    parser.add_argument("dest", type=Path, help="folder to write the project into (created)")
    args = parser.parse_args()
    generate(args.dest, args.n)
    files = sum(1 for _ in (args.dest / "content").rglob("*.yaml"))
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in (args.dest / "seeds").iterdir())
    print(f"{args.dest}: {args.n} articles, {words:,} words of seeds, {files:,} YAML files")


if __name__ == "__main__":
    main()
