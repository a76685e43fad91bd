"""People and organizations the articles name, found by rules about how news prose writes names.

No list of names: a name is a run of capitalised words inside a sentence ("Acme Foods",
"Ministry of Fisheries", "iWidget"), cut where a title or role word stands ("Acme CEO Jane Roe":
the organization, the role, the person), without the words any sentence may start with. What
a name is comes from the words around it, by general rules of news English:

- a person: after a title or an honorific ("Senator", "CEO", "Dr."), before ", the chief
  executive of", ", who" or a verb of saying ("said", "told"), after an organization's
  possessive ("Acme's Jane Roe"), or named again by the last word alone ("Roe");
- an organization: a company suffix or a word for a body ("Inc", "Foods", "Labs", "AI",
  "Department", "University"), named again by its first word alone ("Acme"), before a
  title ("Acme CEO"), in a list after a plural noun for firms ("rivals such as");
- not a name: an acronym the article spells out in lower case ("earnings before interest
  and taxes (EBIT)"), a word that only qualifies other names ("AI" in "Acme AI", "Widget
  AI"), a demonym ("Chinese"), a month or a weekday.

A short form is merged into its full name when every article using it alone also names the
full form (so "Acme" stays apart from "Acme Research" when an article names Acme alone, and
"Roe" joins "Jane Roe").
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .text import Sentence

PERSON, ORGANIZATION = "person", "organization"

# role and title words (lower case); "chief executive" is matched as two words
ROLE_WORDS = frozenset(["ceo", "cfo", "cto", "coo", "cio", "chairman", "chairwoman", "chair", "chairperson", "president", "founder", "co-founder", "cofounder", "director", "head", "senator", "sen.", "rep.", "representative", "congressman", "congresswoman", "governor", "minister", "secretary", "mayor", "judge", "professor", "analyst", "adviser", "advisor", "partner", "spokesperson", "spokesman", "spokeswoman", "executive", "officer", "manager", "leader", "researcher", "scientist", "economist", "reporter", "editor", "owner", "boss", "chief", "investor", "lawyer", "attorney", "commissioner", "chancellor", "premier", "ambassador", "counsel"])
ROLE_MODIFIERS = frozenset(["former", "interim", "acting", "then", "new", "incoming", "outgoing", "deputy", "senior", "managing", "founding", "co", "vice", "executive"])
HONORIFICS = frozenset(["mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr.", "sir", "dame", "lord", "lady", "prof", "prof.",
                        "prince", "princess", "sheikh"])
# words that qualify a role in a title: "Chief Financial Officer", "General Counsel"
TITLE_ADJECTIVES = frozenset(["general", "financial", "operating", "technology", "technical", "marketing", "product",
                              "legal", "communications", "information", "assistant", "associate"])
ORG_SUFFIXES = frozenset(["inc", "inc.", "corp", "corp.", "corporation", "co", "co.", "company", "ltd", "ltd.", "llc", "plc", "ag", "sa", "gmbh", "group", "holdings", "partners", "capital", "ventures", "bank", "labs", "lab", "laboratory", "laboratories", "ai", "technologies", "technology", "systems", "software", "networks", "media", "foods", "food", "pharmaceuticals", "motors", "airlines", "energy", "post", "times", "journal", "news", "press", "daily", "weekly", "university", "college", "institute", "school", "department", "agency", "commission", "committee", "council", "ministry", "bureau", "authority", "board", "foundation", "association", "union", "fund", "trust", "exchange", "studios", "health", "insurance", "dairy", "farms", "industries", "enterprises", "solutions", "robotics", "analytics", "research"])
# plural nouns for bodies and for people, before "such as" / "like" / "including" in a list
ORG_NOUNS = frozenset(["companies", "firms", "giants", "rivals", "competitors", "clients", "customers", "labs", "startups", "start-ups", "vendors", "providers", "contractors", "players", "developers", "makers", "businesses", "outlets", "publications", "investors", "funds", "banks", "agencies", "groups", "brands", "suppliers", "buyers", "partners"])
PEOPLE_NOUNS = frozenset(["officials", "leaders", "executives", "people", "founders", "researchers", "scientists", "figures", "engineers", "politicians", "lawmakers", "senators", "analysts", "experts", "investors", "billionaires", "ceos"])
SAYING = frozenset(["said", "says", "told", "tells", "wrote", "writes", "added", "adds", "argued", "argues", "noted", "notes", "explained", "explains", "believes", "believe", "thinks", "warned", "warns", "called", "calls", "according"])
MONTHS_DAYS = frozenset(["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "jan", "jan.", "feb", "feb.", "mar", "mar.", "apr", "apr.", "jun", "jun.", "jul", "jul.", "aug", "aug.", "sep", "sep.", "sept", "sept.", "oct", "oct.", "nov", "nov.", "dec", "dec."])
# words that open sentences and clauses: never the start of a name
FUNCTION_WORDS = frozenset(["a", "an", "the", "this", "that", "these", "those", "it", "its", "he", "she", "his", "her", "they", "their", "them", "we", "our", "you", "your", "i", "in", "on", "at", "for", "to", "of", "by", "with", "from", "but", "and", "or", "nor", "as", "if", "when", "while", "after", "before", "since", "despite", "however", "meanwhile", "yet", "so", "although", "though", "because", "unlike", "like", "also", "still", "then", "now", "today", "there", "here", "what", "which", "who", "whom", "whose", "why", "how", "where", "all", "both", "each", "every", "some", "any", "many", "most", "more", "much", "such", "no", "not", "one", "two", "three", "according", "following", "amid", "among", "between", "during", "under", "over", "into", "about", "against", "without", "within", "beyond", "analysts", "critics", "sources"])
_ROLE_ALTERNATION = "|".join(re.escape(w) for w in sorted(ROLE_WORDS, key=len, reverse=True))
CONNECTORS = frozenset(("of", "for", "de", "du", "da", "van", "von", "der", "den", "la", "le", "&", "bin", "ibn", "al"))

_WORD = re.compile(r"[A-Za-z0-9][\w.&'’-]*")
_CAPITAL = re.compile(r"(?:[A-Z]|[a-z]+[A-Z])")        # "Acme", "AI", "iWidget"
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_ACRONYM_SPELT = re.compile(r"([a-z][a-z -]{6,80})\s*\(([A-Z][A-Z0-9]{1,9})\)")
_LIST_HEAD = re.compile(r"([A-Za-z-]+),?\s+(?:such as|like|including|among them)\s+$", re.I)


@dataclass
class Candidate:
    """A name, its short forms, where each occurs, and the evidence of what it names."""

    name: str
    aliases: list[str] = field(default_factory=list)
    spans: list[tuple[str, int, int]] = field(default_factory=list)     # (source, start, end), in order
    person: int = 0
    organization: int = 0

    @property
    def kind(self) -> str:
        return PERSON if self.person > self.organization else ORGANIZATION

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(s for s, _, _ in self.spans))


@dataclass(frozen=True)
class _Run:
    words: tuple[tuple[str, int, int], ...]      # (word, start, end) in the cleaned text
    sentence: Sentence

    @property
    def text(self) -> str:
        return " ".join(w for w, _, _ in self.words)


def _bare(word: str) -> str:
    return _POSSESSIVE.sub("", word)


_GROUPS = frozenset({"consortium", "group", "syndicate"})      # of bodies, led by one of them
_LED_BY = re.compile(r"\b(" + "|".join(sorted(ORG_NOUNS | _GROUPS)) +
                     r")\b[^.;:]{0,40}\bled by\s+$")


@dataclass(frozen=True)
class _Near:
    """The words around one mention of a name, within its sentence."""

    tokens: list[str]            # the name's words
    before: str                  # up to 60 characters before it
    after: str                   # up to 60 characters after it
    opening: str                 # the sentence up to it
    beyond: str                  # 20 characters after it, past its sentence's end ("Acme News. (2024, May 7)")
    possessive: bool             # written "Acme's"


_ROLE_WORD = re.compile(r"\b(?:" + _ROLE_ALTERNATION + r")\b")
_APPOSITIVE = re.compile(r"\s*,\s*(?:who\b|(?:the|a|an)\s+\w+|\w+\s+of\b|co-founder\b|founder\b)")
_APPOSITIVE_OF = re.compile(r"\s*,\s*(?:the|a|an)?\s*([\w -]+?)\s+(?:of|at)\s+")
_STEPS_IN_AS = re.compile(r"\s+(?:\w+\s+){0,3}?as\s+(?:an?\s+|the\s+|its\s+)?(?:[\w-]+\s+){0,3}?(?:"
                          + _ROLE_ALTERNATION + r")\b", re.I)
_PERSONAL_WORD = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+)?")
_PLACE_BEFORE = re.compile(r"\b(?:the|in|at|from|to|near)\s+(?:[A-Z]\w+\s+){0,3}(?:and\s+)?$", re.I)
_ROLE_OF = re.compile(r"\b(?:" + _ROLE_ALTERNATION + r")\s+(?:of|at)\s+(?:the\s+)?$", re.I)
_BODY = r"(?:company|firm|startup|start-up|lab|laboratory|maker|group|rival|accelerator|fund|bank|outlet|newspaper" \
        r"|publisher|agency|regulator|unit|subsidiary)"
_BODY_BEFORE = re.compile(r"\b" + _BODY + r"\s+$")
_BODY_AFTER = re.compile(r"\s+(?:\([^)]{1,60}\)\s+)?" + _BODY + r"\b")      # "Acme (Acme Research) lab"
_REFERENCE_START = re.compile(r"\s*\[?\d+\]?\.?\s*")
_REFERENCE_DATE = re.compile(r"\.?\s*\((?:19|20)\d\d")
_LISTED = re.compile(r"([A-Za-z-]+),?\s+(?:such as|like|including)\s+[^.;:]*?(?:,|\band)\s+$")


def _organization_evidence(near: _Near) -> int:
    """How strongly the words around a name say it is an organization's."""
    tokens, before, after = near.tokens, near.before, near.after
    score = 0
    if len(tokens) > 1 and (tokens[-1].lower() in ORG_SUFFIXES or
                            (tokens[0].isupper() and len(tokens[0]) > 1 and "." not in tokens[0])):
        score += 2                       # "Acme Foods", "LM Widgets"
    if len(tokens) > 1 and tokens[-1].lower() in ORG_SUFFIXES:
        return score
    if _ROLE_OF.search(before) or _BODY_BEFORE.search(before):
        score += 2                       # "co-founder of Acme", "the startup Acme"
    if re.match(r"['’]s\s+[A-Z][a-z]+\s+[A-Z][a-z]+", after):
        score += 1                       # "Acme's Jane Roe": whose people
    if len(tokens) > 2 and tokens[0].lower() in ORG_SUFFIXES and tokens[1] in CONNECTORS:
        score += 2                       # "Ministry of Fisheries", "University of Somewhere"
    if _BODY_AFTER.match(after):
        score += 1                       # "the Acme accelerator"
    if len(tokens) == 1 and re.search(r"\btold\s+$", before):
        score += 1                       # "told Acme News" (a person is told by name less often than by pronoun)
    if _REFERENCE_START.fullmatch(near.opening) and _REFERENCE_DATE.match(near.beyond):
        score += 1                       # a reference list's publisher: "[1] Acme News. (2024, May 7)."
    return score


def _list_noun(near: _Near) -> str:
    """The plural noun a list holding the name hangs from ("rivals such as ..."), if any."""
    if near.possessive:
        return ""                        # "rivals such as Jane Roe's Acme": the list is of what she owns
    head = _LIST_HEAD.search(near.before) or _LISTED.search(near.before) or _LED_BY.search(near.before)
    return head[1].lower() if head else ""


def _title_words(lows: list[str]) -> list[str]:
    """Which words of a run belong to a title (their lower-case form) and which do not (""): role
    words and honorifics, and the words that qualify a role before it ("Chief Financial Officer",
    "former CEO", "Vice President"), but not such a word before a name ("New Town")."""
    out = [""] * len(lows)
    for i in range(len(lows) - 1, -1, -1):
        low = lows[i]
        if low in ROLE_WORDS or low in HONORIFICS or low in MONTHS_DAYS or ((low in ROLE_MODIFIERS or low in TITLE_ADJECTIVES) and i + 1 < len(lows) and out[i + 1] and \
                lows[i + 1] not in MONTHS_DAYS):
            out[i] = low
    return out


def _is_name_word(word: str) -> bool:
    return bool(_CAPITAL.match(word)) and any(c.isalpha() for c in word)


_ABBREVIATIONS = frozenset(["inc", "corp", "co", "ltd", "jr", "sr", "st", "mr", "ms", "mrs", "dr", "prof", "gen", "sen", "rep"])


def _clean_word(word: str) -> str:
    """A word without the punctuation after it; an abbreviation keeps its full stop ("U.S.", "Inc.")."""
    stripped = word.rstrip(".,;:!?\"”)’'")
    if re.match(r"[A-Z][\w.&]*-[a-z]", stripped):
        return stripped.split("-", 1)[0]      # "Acme-affiliated": the name is "Acme"
    if word[len(stripped):].startswith(".") and ("." in stripped or stripped.lower() in _ABBREVIATIONS):
        return stripped + "."
    return stripped


def _runs(sentence: Sentence, text: str) -> Iterable[tuple[_Run, bool]]:
    """Runs of capitalised words (with connectors inside), and whether each opens the sentence
    (or a quotation, or a clause after a dash or colon: a capital there proves nothing)."""
    words = [(_clean_word(m[0]), m.start()) for m in _WORD.finditer(text, sentence.start, sentence.end)]
    words3 = [(w, a, a + len(w)) for w, a in words if w]
    run: list[tuple[str, int, int]] = []

    def opens(at: int) -> bool:
        before = text[sentence.start:at].rstrip()
        return not before or before[-1] in "“\"‘(—:–-*•"

    def flush() -> Iterable[tuple[_Run, bool]]:
        while run and run[-1][0] in CONNECTORS:
            run.pop()
        if run:
            yield _Run(tuple(run), sentence), opens(run[0][1])

    for i, word in enumerate(words3):
        joined = bool(run) and text[run[-1][2]:word[1]] in (" ", "-")
        if _is_name_word(word[0]) and (not run or joined):
            run.append(word)
        elif (run and joined and word[0] in CONNECTORS and i + 1 < len(words3)
              and _is_name_word(words3[i + 1][0]) and text[word[2]:words3[i + 1][1]] == " "):
            run.append(word)
            continue
        else:
            yield from flush()
            run = [word] if _is_name_word(word[0]) else []
        if (run and _bare(word[0]) != word[0]) or text[word[2]:word[2] + 1] in ",;:)”\"":
            yield from flush()           # a name ends at its possessive or at punctuation
            run = []
    yield from flush()


def _shouting(text: str) -> bool:
    """A headline in capitals ("ACME TO BUY WIDGETS"): its capitals say nothing of names."""
    words = re.findall(r"[A-Za-z]{3,}", text)
    return len(words) >= 3 and sum(w.isupper() for w in words) * 2 > len(words)


class NameFinder:
    """Every candidate name of a set of sentences (all of a project's articles)."""

    def __init__(self, texts: Mapping[str, str], sentences: list[Sentence]):
        self.texts = texts
        self.sentences = sentences
        corpus = re.sub(r"(?:https?://|www\.)\S+", " ", " ".join(texts.values()))     # "acme.com" is no word
        # the words the articles also write in lower case: a capital at a sentence's start proves nothing
        self.lower = frozenset(m[0] for m in re.finditer(r"\b[a-z][a-z'’-]*\b", corpus))
        self.spelt = frozenset(m[2] for m in _ACRONYM_SPELT.finditer(corpus)
                               if not any(w[:1].isupper() for w in m[1].split()))
        self.found: dict[str, Candidate] = {}
        self.pieces: dict[str, set[str]] = defaultdict(set)   # word -> the longer names it is part of

    # --- reading the runs -------------------------------------------------------------------------

    def read(self) -> list[Candidate]:
        runs = [(run, opens, self.texts[s.source]) for s in self.sentences for run, opens in _runs(s, self.texts[s.source])]
        # the words written with a capital inside a sentence somewhere: a sentence's first word is a
        # name only if it is one of these ("Acme agreed..." when "Acme" is capitalised elsewhere too)
        self.inside = frozenset(_bare(w) for run, opens, _ in runs for i, (w, _, _) in enumerate(run.words)
                                if i or not opens)
        for run, opens, text in runs:
            if not _shouting(run.sentence.text):
                self._take(run, opens, text)
        return self._finish()

    def _take(self, run: _Run, opens: bool, text: str) -> None:
        words = list(run.words)
        # a sentence's first word, when the articles write it in lower case too, is no name
        while words:
            first, low = _bare(words[0][0]), words[0][0].lower()
            at_open = opens and words[0] is run.words[0]
            if (low in FUNCTION_WORDS and not (low == "the" and not at_open and len(words) > 1)) \
                    or low in MONTHS_DAYS \
                    or (at_open and (low in self.lower or (first not in self.inside and
                                                           (len(words) == 1 or words[1][0] in CONNECTORS)))):
                words.pop(0)        # "The", a month, or a sentence's first word that may be any word
                continue
            break
        # split at titles and honorifics: "Acme CEO Jane Roe", "U.S. Senator Jane Roe", "Dr. Roe"
        pieces: list[tuple[list[tuple[str, int, int]], str]] = []     # (words, the title after them)
        current: list[tuple[str, int, int]] = []
        titles = _title_words([_bare(w).lower() for w, _, _ in words])
        for word, low in zip(words, titles, strict=True):
            if low:
                if current or not pieces:
                    pieces.append((current, low))
                current = []
            else:
                current.append(word)
        pieces.append((current, ""))
        for i, (part, title) in enumerate(pieces):
            while part and part[-1][0] in CONNECTORS:
                part.pop()
            while part and part[0][0] in CONNECTORS:
                part.pop(0)
            if not part:
                continue
            after_title = i > 0 and pieces[i - 1][1] not in MONTHS_DAYS and pieces[i - 1][1] != ""
            self._add(part, run.sentence, text, titled=after_title, before_title=title not in ("", *MONTHS_DAYS))

    def _add(self, words: list[tuple[str, int, int]], sentence: Sentence, text: str, *, titled: bool,
             before_title: bool) -> None:
        name = " ".join(_bare(w) for w, _, _ in words)
        start, end = words[0][1], words[-1][1] + len(_bare(words[-1][0]))
        if self._noise(name):
            return
        cand = self.found.setdefault(name, Candidate(name))
        cand.spans.append((sentence.source, start, end))
        tokens = name.split()
        if len(tokens) > 1:
            for token in tokens:
                self.pieces[token].add(name)
        near = _Near(tokens, text[max(sentence.start, start - 60):start], text[end:min(sentence.end, end + 60)],
                     text[sentence.start:start], text[end:end + 20], possessive=_bare(words[-1][0]) != words[-1][0])
        cand.person += self._person_evidence(near) + (2 if titled else 0)
        cand.organization += _organization_evidence(near) + (2 if before_title else 0)
        noun = _list_noun(near)
        if noun in ORG_NOUNS or noun in _GROUPS:
            cand.organization += 1       # "rivals such as Acme, Widgets and Foo", "banks led by Acme Bank"
        elif noun in PEOPLE_NOUNS:
            cand.person += 1             # "officials such as Jane Roe"

    def _person_evidence(self, near: _Near) -> int:
        """How strongly the words around a name say it is a person's."""
        tokens, before, after = near.tokens, near.before, near.after
        score = 0
        if _APPOSITIVE.match(after):     # "Jane Roe, the chief executive of Acme", "Jane Roe, who"
            of = _APPOSITIVE_OF.match(after)     # "Jane Roe, director of ...", not "Acme, maker of ..."
            if of is None or _ROLE_WORD.search(of[1].lower()):
                score += 2 if _ROLE_WORD.search(after.lower()[:40]) else 1
        if _STEPS_IN_AS.match(after):
            score += 2                   # "Jane Roe steps in as interim CEO"
        # shaped like a personal name ("Jane Roe", "Jean LeBlanc"): capitalised words the articles never
        # write in lower case, not a place ("in Lake Town and Port City"), not a label ("Acme's Plan:")
        personal = 2 <= len(tokens) <= 3 and all(_PERSONAL_WORD.fullmatch(t) for t in tokens) \
            and not any(t.lower() in self.lower for t in tokens) and tokens[-1].lower() not in ORG_SUFFIXES \
            and not after.startswith(":")
        if personal and not _PLACE_BEFORE.search(before):
            score += 1
        follow = re.match(r"\s+(\w+)", after)
        if follow and follow[1].lower() in SAYING:
            score += 1                   # "Roe said"
        if personal and re.search(r"[A-Z]\w*['’]s\s+$", before):
            score += 1                   # "Acme's Jane Roe"
        return score

    def _noise(self, name: str) -> bool:
        tokens = name.split()
        if len(tokens) == 1:
            word = tokens[0]
            low = word.lower()
            if low in FUNCTION_WORDS or low in MONTHS_DAYS or low in ROLE_WORDS or low in HONORIFICS:
                return True
            if word in self.spelt or low.rstrip(".") in ORG_SUFFIXES:
                return True
            if re.search(r"(?:ese|ian|ish)$", low) and word[0].isupper() and word[1:].islower():
                return True      # a demonym: Chinese, Canadian, British
            if len(word) == 1 or word.isdigit():
                return True
        if sum(len(t) >= 3 and t.isupper() for t in tokens) >= 2:
            return True          # a dateline or a headline in capitals: "SPRINGFIELD, May 3"
        return not any(c.isalpha() for c in name)

    # --- merging and deciding ---------------------------------------------------------------------

    def _finish(self) -> list[Candidate]:
        found = self.found
        # a word that only qualifies other names ("AI" in "Acme AI" and "Widget AI") is none itself
        for word, longer in self.pieces.items():
            if word in found and (len(longer) >= 3 or (len(longer) >= 2 and not any(n.split()[0] == word for n in longer))):
                del found[word]
        by_source: dict[str, set[str]] = defaultdict(set)
        for cand in found.values():
            for source, _, _ in cand.spans:
                by_source[cand.name].add(source)
        merged: dict[str, str] = {}
        for cand in sorted(found.values(), key=lambda c: (-len(c.name.split()), c.name)):
            tokens = cand.name.split()
            if len(tokens) < 2:
                continue
            for short, weight in ((tokens[-1], PERSON), (tokens[0], ORGANIZATION)):
                if short not in found or short in merged or short == cand.name:
                    continue
                owners = [c for c in found.values() if len(c.name.split()) > 1 and
                          (c.name.split()[-1] == short if weight == PERSON else c.name.split()[0] == short)]
                if len(owners) != 1 or not by_source[short] <= by_source[cand.name]:
                    continue
                merged[short] = cand.name
                if weight == PERSON and not (cand.organization > cand.person) and \
                        tokens[-1].lower() not in ORG_SUFFIXES:
                    cand.person += 2
                elif weight == ORGANIZATION:
                    cand.organization += 2
        for short, full in sorted(merged.items()):
            target, alias = found[full], found.pop(short)
            target.aliases.append(short)
            target.spans = sorted(target.spans + alias.spans, key=lambda s: (s[0], s[1]))
            target.person += alias.person
            target.organization += alias.organization
        out = []
        for cand in found.values():
            single = len(cand.name.split()) == 1
            mentions = len(cand.spans)
            evidence = cand.person + cand.organization
            if single and cand.name.lower() in self.lower and not cand.name.isupper() and evidence < 2:
                continue        # a common word the articles also write in lower case ("Summit" alone, also "summit")
            if mentions < 2 and evidence == 0:
                continue        # said once, nothing says what it names
            if not single and evidence == 0 and all(t.lower() in self.lower or t in CONNECTORS
                                                    for t in cand.name.split()):
                continue        # common words in title case: "Data Engine", "Strategic Contraction"
            out.append(cand)
        return sorted(out, key=lambda c: (-len(c.sources), -len(c.spans), c.name))
