"""`site-builder figures`: every amount, percentage, count and date in the cleaned sources.

Figures are grouped so that one quantity stated differently across sources lands in one
group, and an author sees whether a claim already compares it. The rule, for two figures
of one kind (money, percent, count, date):

- the same value, near enough: money and counts within 10 %, percentages within 10 % or
  1 point, dates the same date at the same precision, or two days a day apart; or
- from different sources, about the same thing, and within reach of each other: the words
  near each figure (up to 8 either side, in its sentence, and not past half-way to the
  next figure) share at least two key words, one of them not a name, or three names (or count
  the same thing: "40 employees", "60 employees"; see `same_counted`), and the group they make
  spans at most a factor of 2 (10 for figures named by the same word or counting the same thing;
  any for two groups' sizes written "a 1,500-person team", "a 50-person unit"; percentages 15
  points; dates that share days, two days at most a week apart, or months or years next to each
  other). So "$2 billion" and "$3 billion", both what Acme paid, are one group; "$2 billion"
  paid and "$40 million" of revenue are not.

Figures of the same value group first (A near B, B near C: one group); groups then merge
by topic while their span allows. A group is marked "≠" when two of its sources state values
that differ by the comparison rules of claims ("$2.1 billion" and "$2.4 billion"; not "May
2024" and "7 May 2024", which is "≈"); one that no claim covers is an *unexplained
difference*, listed again at the end.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..model import PartialDate
from ..months import MONTH_NUMBERS, MONTHS
from ..pipeline import load_and_resolve
from ..resolve.values import DIFFERENT, EQUAL, HEDGES, Value, compare, day_span, find_values

KINDS = ("money", "percent", "date", "count")   # an overlap goes to the earlier kind: "$5 billion" is money


@dataclass(frozen=True)
class Figure:
    source: str
    kind: str
    text: str
    value: Value
    start: int            # offset in the cleaned text
    sentence: str
    topic: frozenset[str] = field(default=frozenset(), compare=False)   # key words near it (stems)
    names: frozenset[str] = field(default=frozenset(), compare=False)   # those of them that are names
    counted: str = ""     # a count's counted noun (stem): "employe" in "40 employees", "contractor" in
                          # "tens of thousands of contractors", "person" in "a 1,500-person team"
    size: bool = False    # the count is a group's size, written as a compound adjective ("a 50-strong unit")
    problem: str = ""     # why its words could not be read whole (it is then listed apart, never grouped)
    head: frozenset[str] = field(default=frozenset(), compare=False)   # the key words naming it: "valu" in "a $5bn valuation"


_URL = re.compile(r"https?://\S+|www\.\S+")


def find_figures(source_id: str, text: str, reference: PartialDate | None = None) -> list[Figure]:
    """Every value in `text`, found by the same finder that reads claims' quotes (but in a
    web address: "example.com/2024/05/..."); `reference` is the article's date, against which
    dates without a year and relative ones are read. A value the finder could not read whole
    is a figure with its `problem`."""
    taken: list[tuple[int, int]] = [m.span() for m in _URL.finditer(text)]
    found: list[Figure] = []
    for kind in KINDS:
        for hit in find_values(kind, text, reference):
            if any(a < hit.end and hit.start < b for a, b in taken):
                continue
            if kind == "count" and not _counts_something(hit, text):
                continue
            taken.append((hit.start, hit.end))
            counted, size = _counted(text, hit) if kind == "count" else ("", False)
            found.append(Figure(source_id, kind, hit.value.text, hit.value, hit.start,
                                _sentence(text, hit.start), counted=counted, size=size, problem=hit.problem))
    found.sort(key=lambda f: f.start)
    proper = proper_nouns(text)
    out = []
    for i, figure in enumerate(found):
        # the words between two figures of one sentence are shared out: each gets the half
        # nearer to it (a figure in another sentence takes none of this one's words)
        end = figure.start + len(figure.text)
        before = found[i - 1].start + len(found[i - 1].text) if i else 0
        after = found[i + 1].start if i + 1 < len(found) else len(text)
        lo = _share(text, before, figure.start) if i and _one_sentence(text, before, figure.start) else 0
        hi = _share(text, end, after) if i + 1 < len(found) and _one_sentence(text, end, after) else len(text)
        topic, names = _topic(text, figure.start, end, lo, hi, proper)
        out.append(replace(figure, topic=topic, names=names, head=_head(text, figure.start, end)))
    return out


# what a count counts: the first noun after it, past two words at most ("40 full-time employees";
# "500,000 annotators across", not "across"); a verb or a unit of time is not counted: "4 was", "40 years"
_UNCOUNTED = (r"(?!(?:is|was|has|does|says|as|its|his|this|plus|minus|times|years?|months?|weeks?|days?"
              r"|hours?|are|were|have|had|of|the|an?|things|ways|reasons|sides|points|steps)\b)")
_COUNTED = re.compile(rf"[\s-]{_UNCOUNTED}(?:(?!(?:of|the|an?|and|or|to|in)\b)[a-z-]+\s){{0,2}}?{_UNCOUNTED}"
                      r"([a-z]+s|people|staff|workforce|person|strong|member)\b")
# a group's size as a compound adjective: "a 1,500-person team", "a 50-strong unit", "a 12-member board",
# "a 300-employee firm" (not a unit of time or measure: "a 28-year-old", "100,000-level tasks", "40-odd";
# nor a participle: "a Model 4-based system")
_COMPOUND = re.compile(r"-(?!(?:year|month|week|day|hour|minute|second|level|odd|plus|fold|point|percent|times?"
                       r"|mile|foot|feet|inch|page|way|storey|story|degree|bit)\b)(?![a-z]+ed\b)([a-z]+)\b(?!-)")
_MEMBERS = frozenset({"person", "people", "strong", "member", "man", "men", "head"})   # all count a group's members
# a vague quantity counts what follows "of": "tens of thousands of contractors", "dozens of engineers"
_VAGUE_OF = re.compile(r"\s+of\s+(?!(?:the|its|his|her|their|our|these|those|them|us)\b)"
                       r"(?:[a-z-]+\s){0,2}?([a-z]+s|people|staff)\b")
_COUNT_BEFORE = re.compile(r"\b(?:team|staff|workforce|headcount|group|crew|total|roster|base) of\s+$", re.I)


_AGE_AFTER = re.compile(r"-year-old\b|\s+years?\s+old\b")
_AGE_BEFORE = re.compile(r"\b(?:at|aged|age|turning)\s+(?:just\s+|only\s+)?$", re.I)


def _counts_something(hit, text: str) -> bool:
    """A count worth listing: hedged, scaled, large, vague, or counting something ("40 employees",
    "a 40-person team", "a staff of 40", "three engineers"), or an age ("a 28-year-old", "at 17").
    A bare "4" (Model 4, Windows 11) or a spelled number that counts nothing in particular ("one of
    the", "two said") is noise here; a claim can still cite it."""
    value = hit.value
    if value.low is not None or (value.number or 0) >= 1000:
        return True
    if value.hedge and hit.value.text[-1:].isdigit():
        return True
    if _COUNTED.match(text, hit.end) or (_COMPOUND.match(text, hit.end) and not _AGE_AFTER.match(text, hit.end)):
        return True
    if _AGE_AFTER.match(text, hit.end) or _AGE_BEFORE.search(text[max(0, hit.start - 20):hit.start]):
        return True         # an age counts years: "a 28-year-old", "at 17", "aged 19"
    return bool(_COUNT_BEFORE.search(text[max(0, hit.start - 40):hit.start]))


def _counted(text: str, hit) -> tuple[str, bool]:
    """(the stem of what a count counts, whether it is a group's size written as a compound
    adjective). A compound's members ("-person", "-strong", "-member") are all "person"."""
    compound = _COMPOUND.match(text, hit.end)
    if compound and not _AGE_AFTER.match(text, hit.end):
        word = compound[1]
        return ("person" if word in _MEMBERS else _stem(word)), True
    if hit.value.low is not None and hit.value.number is None:       # a vague quantity
        vague = _VAGUE_OF.match(text, hit.end)
        if vague:
            return _stem(vague[1]), False
    match = _COUNTED.match(text, hit.end)
    return (_stem(match[1]) if match and match[1] not in ("strong",) else ""), False


def _agent_root(counted: str) -> str:
    """The verb an agent noun is made from ("annotator" annotat-, "labeler" label-), or ""."""
    if len(counted) >= 6 and counted.endswith(("er", "or")):
        return counted[:-2]
    return ""


def same_counted(a: Figure, b: Figure) -> bool:
    """Do two counts count the same thing? The same noun ("40 employees", "60 employees"), or
    one counts the doers of what the other's words say its noun does ("500,000 annotators";
    "tens of thousands of contractors ... for data labeling" beside "500,000+ labelers")."""
    if not a.counted or not b.counted:
        return False
    if a.counted == b.counted:
        return True
    root_a, root_b = _agent_root(a.counted), _agent_root(b.counted)
    return bool(root_a and root_a in b.topic) or bool(root_b and root_b in a.topic)


_STOP = frozenset(["a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "but", "nor", "as", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "it", "its", "it's", "this", "that", "these", "those", "which", "who", "whom", "whose", "what", "when", "where", "while", "than", "then", "there", "their", "they", "them", "he", "she", "his", "her", "him", "we", "our", "you", "your", "i", "not", "no", "so", "if", "into", "onto", "over", "under", "about", "after", "before", "up", "down", "out", "more", "most", "less", "least", "very", "also", "just", "only", "such", "per", "each", "other", "some", "any", "all", "both", "few", "many", "much", "can", "could", "would", "should", "may", "might", "will", "shall", "do", "does", "did", "done", "said", "says", "say", "saying", "according", "reportedly", "reported", "report", "reports", "told", "tells", "year", "years", "month", "months", "day", "days", "week", "weeks", "time", "times", "since", "until", "around", "nearly", "almost", "roughly", "approximately", "estimated", "least", "than", "like", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions", "trillion", "percent", "dozen", "dozens", "tens", "us", "new", "first", "last", "later", "earlier", "now", "today", "recent", "recently", "yet", "still", "even", "how", "why"]) | set(MONTH_NUMBERS) | {h for phrase in HEDGES for h in phrase.split()}
_IRREGULAR = {"paid": "pay", "sold": "sell", "bought": "buy", "spent": "spend", "raised": "rais", "grew": "grow",
              "lost": "los", "won": "win", "led": "lead", "took": "take", "made": "make", "people": "person"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
DAY_SLIP = 1        # days: two exact days this close are one date written from two time zones or reports
DATE_REACH = 7      # days: two dates further apart are of two events, however alike their sentences
WINDOW = 8          # words either side of a figure that say what it is about


def _stem(word: str) -> str:
    """A crude stem, enough to meet "valued"/"valuation", "employees"/"employee", "paid"/"pay"."""
    word = word.lower().replace("’", "'").removesuffix("'s").rstrip("'")
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "es", "ed", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[:-len(suffix)]
            break
    return word


_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+(?=[A-Z“\"(\[])")
_FULL_MONTHS = frozenset(name.lower() for name in MONTHS)    # "in April. The board" ends a sentence; "Apr. 5" not
# words a period abbreviates, never a sentence's end: "Nov. 29", "Mr. Musk", "U.S. regulators"
_ABBREVIATIONS = frozenset({*(m for m in MONTH_NUMBERS if m not in _FULL_MONTHS), "mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "corp", "co", "ltd",
                            "no", "vs", "gov", "sen", "rep", "gen", "prof", "mt", "ft", "approx"})


def _sentence_ends(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Where sentences end in [lo, hi): (the end mark, the next sentence's start); a period after
    an abbreviation or a single letter ends nothing."""
    out = []
    for match in re.finditer(r"[.!?][\"”’)]?\s+", text[lo:hi]):
        at = lo + match.start()
        word = re.search(r"(\w+)$", text[max(0, at - 12):at])
        if text[at] == "." and word and (word[1].lower() in _ABBREVIATIONS or
                                         (len(word[1]) == 1 and word[1].isalpha())):
            continue
        out.append((at, lo + match.end()))
    return out


_CLAUSE_MARK = re.compile(r"[,;:()—–]|\s-\s")


def _share(text: str, end: int, start: int) -> int:
    """Where the words between two figures of a sentence ([end, start)) are shared out: at the
    clause mark nearest half-way ("founded in 1987 by Jane Roe, has 40 staff": the founder's name
    is the year's), else half-way. A mark right after a figure only sets it off ("In June 2025,
    Acme bought 49%": the buyer is the date's too)."""
    middle = (end + start) // 2
    marks = [m.start() for m in _CLAUSE_MARK.finditer(text, end, start) if m.start() - end > 1 and start - m.end() > 1]
    return min(marks, key=lambda at: (abs(at - middle), at)) if marks else middle


def _one_sentence(text: str, end: int, start: int) -> bool:
    """Do the words from `end` (a figure's end, its own period included: "in April.") to `start`
    stay in one sentence and paragraph?"""
    lo = max(0, end - 1)
    return "\n" not in text[lo:start] and not _sentence_ends(text, lo, start)


def _topic(text: str, start: int, end: int, lo: int, hi: int, proper: frozenset[str]
           ) -> tuple[frozenset[str], frozenset[str]]:
    """The key words within WINDOW words of a figure, in its own sentence and within
    [lo, hi), and which of them are names."""
    lo = max(lo, text.rfind("\n", 0, start) + 1)
    line_end = text.find("\n", end)
    hi = min(hi, len(text) if line_end == -1 else line_end)
    for match in _SENTENCE_END.finditer(text, lo, hi):
        if match.end() <= start:
            lo = match.end()
        elif match.start() >= end - 1:        # (a figure may end with its sentence's period: "in April.")
            hi = match.start() + 1
            break
    while lo < start and not text[lo - 1:lo].isspace() and lo > 0:      # whole words only
        lo += 1
    while hi > end and hi < len(text) and text[hi].isalnum() and text[hi - 1].isalnum():   # not inside a word
        hi -= 1
    before = list(_WORD.finditer(text, lo, start))[-WINDOW:]
    after = list(_WORD.finditer(text, end, hi))[:WINDOW]
    words = {_stem(m[0]) for m in before + after if m[0].lower() not in _STOP}
    words = {w for w in words if len(w) >= 3}
    return frozenset(words), frozenset(words & proper)


def proper_nouns(text: str) -> frozenset[str]:
    """The stems of the words `text` capitalizes inside a sentence: names ("Widgets", "Jane")."""
    starts = {0} | {m.end() for m in _SENTENCE_END.finditer(text)} | {m.end() for m in re.finditer(r"\n+", text)}
    found, lower = set(), set()
    for match in _WORD.finditer(text):
        if match[0][0].isupper() and match.start() not in starts and text[match.start() - 1] not in "\"“(['‘":
            found.add(_stem(match[0]))
        elif match[0][0].islower():
            lower.add(_stem(match[0]))
    # a stem the text also writes in lower case is a word ("Foundations" and "founded"), not a name
    return frozenset(found - lower)


def _sentence(text: str, at: int) -> str:
    """The figure's sentence; a short paragraph (a reference, a list item) whole."""
    lo = text.rfind("\n", 0, at) + 1
    hi = text.find("\n", at)
    hi = len(text) if hi == -1 else hi
    if hi - lo <= 240:
        return " ".join(text[lo:hi].split())
    ends = _sentence_ends(text, lo, hi)
    start = max([after for mark, after in ends if after <= at], default=lo)
    end = min([mark + 1 for mark, _ in ends if mark >= at], default=hi)
    if end - start > 220:          # a long sentence: the part around the figure, which must show
        lo_cut = max(start, min(at - 100, end - 217))
        hi_cut = min(end, lo_cut + 217)
        while lo_cut > start and not text[lo_cut - 1].isspace():
            lo_cut += 1
        head = "…" if lo_cut > start else ""
        tail = "…" if hi_cut < end else ""
        return head + " ".join(text[lo_cut:hi_cut].split()) + tail
    return " ".join(text[start:end].split())


_HEAD_AFTER = re.compile(r"[\s-]+([A-Za-z]+)")


def _head(text: str, start: int, end: int) -> frozenset[str]:
    """The key words that name a figure (stems): the word right after it ('valuation' in "a $1
    billion valuation") and the nearest key word among the four before it, in its sentence
    ('valued' in "valued Character.AI at $5 billion")."""
    heads = set()
    after = _HEAD_AFTER.match(text, end) if text[end - 1:end] not in (".", "!", "?") else None
    if after and after[1].lower() not in _STOP and len(after[1]) >= 3:
        heads.add(_stem(after[1]))
    before = re.split(r"[.;:!?]\s", text[max(0, start - 60):start])[-1]
    for word in reversed(_WORD.findall(before)[-4:]):
        if word.lower() not in _STOP and len(word) >= 3 and not word[0].isupper():
            heads.add(_stem(word))
            break
    return frozenset(heads)


def _magnitude(value: Value) -> float:
    if value.date is not None:
        return value.date.year * 12 + (value.date.month or 6)
    return value.number if value.number is not None else ((value.low or 0) + (value.high or 0)) / 2


def _close(a: Value, b: Value) -> bool:
    """The same value, near enough, whatever the sentences say."""
    if a.currency != b.currency:
        return False
    if a.date is not None and b.date is not None:
        # the same date at the same precision, or two days a day apart ("the night of Oct. 27" in
        # San Francisco is 28 October in London); "late April" and "April 25", or "April 1" and
        # "April 25" through "April", meet only where their sentences say the same thing
        if a.date.precision == b.date.precision == "day" and not a.date.qualifier and not b.date.qualifier:
            return abs(day_span(a.date)[0] - day_span(b.date)[0]) <= dt.timedelta(days=DAY_SLIP)
        return a.date == b.date
    x, y = _magnitude(a), _magnitude(b)
    if a.kind == "percent" and abs(x - y) <= 1:
        return True
    return abs(x - y) <= 0.10 * max(abs(x), abs(y), 1e-9)


def _within_reach(group: list[Figure], same_head: bool = False, sizes: bool = False) -> bool:
    """Values near enough to be statements of one quantity, if the sentences say so: within a
    factor of 2, or of 10 for figures named by the same word ("valued at $5 billion", "a $1
    billion valuation") or counting the same thing ("500,000 annotators", "tens of thousands
    of contractors" who label), which an editor must see side by side; a group's size written
    as a compound adjective by two articles ("a 1,500-person team", "a 50-person unit") at any
    distance: the articles of one deal seldom size two groups of people, and where they do the
    editor must see them side by side."""
    if len({f.value.currency for f in group}) > 1:
        return False
    if sizes and group[0].kind == "count":
        return True
    dates = [f.value.date for f in group if f.value.date is not None]
    if dates:
        return all(_dates_within_reach(a, b) for i, a in enumerate(dates) for b in dates[i + 1:])
    values = [_magnitude(f.value) for f in group]
    if group[0].kind == "percent":
        return max(values) - min(values) <= (30 if same_head else 15)
    return min(values) > 0 and max(values) / min(values) <= (10 if same_head else 2)


def _dates_within_reach(a: PartialDate, b: PartialDate) -> bool:
    """Two dates of one event, as writers a little apart date it: they share days ("late April"
    and "April 25"), or are two days at most DATE_REACH apart ("Oct. 27" and "28 October"), or
    two months or years next to each other ("founded in 1987", "in 1988")."""
    (a_lo, a_hi), (b_lo, b_hi) = day_span(a), day_span(b)
    if a_lo <= b_hi and b_lo <= a_hi:
        return True
    if a.precision != b.precision or a.qualifier or b.qualifier:
        return False
    gap = max(a_lo, b_lo) - min(a_hi, b_hi)
    return gap <= dt.timedelta(days=DATE_REACH if a.precision == "day" else 1)


def same_topic(a: Figure, b: Figure) -> bool:
    """Do two figures' sentences talk about the same thing? Dates of which one holds the other,
    a month at most ("June 2025", "June 13, 2025"), need only one key word in common (a name
    will do): a writer who gives the month dates the same day less precisely."""
    shared = (a.topic | a.head) & (b.topic | b.head)
    if shared and a.value.date is not None and b.value.date is not None and _nested(a.value.date, b.value.date):
        return True
    if same_counted(a, b):
        return True
    return len(shared) >= 3 or (len(shared) >= 2 and bool(shared - (a.names | b.names)))


def _nested(a: PartialDate, b: PartialDate) -> bool:
    """Does one date's span hold the other's, the wider being a month or less?"""
    (a_lo, a_hi), (b_lo, b_hi) = day_span(a), day_span(b)
    wide = max(a_hi - a_lo, b_hi - b_lo)
    return wide <= dt.timedelta(days=31) and ((a_lo <= b_lo and b_hi <= a_hi) or (b_lo <= a_lo and a_hi <= b_hi))


def group_figures(figures: list[Figure]) -> list[list[Figure]]:
    """Figures in groups by the rule of the module's docstring, each group in value order,
    the groups by kind and then value."""
    groups: list[list[Figure]] = []
    for kind in ("money", "percent", "count", "date"):
        ordered = sorted((f for f in figures if f.kind == kind), key=lambda f: (_magnitude(f.value), f.source, f.start))
        parent = list(range(len(ordered)))

        def find(i: int, parent: list[int] = parent) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        members: dict[int, list[int]] = {i: [i] for i in range(len(ordered))}
        for i, a in enumerate(ordered):
            for j in range(i + 1, len(ordered)):
                ri, rj = find(i), find(j)
                # every two dates of a cluster close, not a chain of days one apart
                if ri != rj and _close(a.value, ordered[j].value) and (
                        kind != "date" or all(_close(ordered[x].value, ordered[y].value)
                                              for x in members[ri] for y in members[rj])):
                    parent[rj] = ri
                    members[ri] += members.pop(rj)
        clusters: dict[int, list[Figure]] = {}
        for i, figure in enumerate(ordered):
            clusters.setdefault(find(i), []).append(figure)
        groups += _merge_by_topic(list(clusters.values()))
    return groups


def _merge_by_topic(groups: list[list[Figure]]) -> list[list[Figure]]:
    """Merge two groups when figures of theirs from different sources talk about the same
    thing and the merged group stays within reach; again until nothing merges."""
    merged = True
    while merged:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                a, b = groups[i], groups[j]
                pairs = [(x, y) for x in a for y in b if x.source != y.source and same_topic(x, y)]
                same_head = any(x.head & y.head or same_counted(x, y) for x, y in pairs)
                sizes = any(x.size and y.size and x.counted == y.counted for x, y in pairs)
                if pairs and _within_reach(a + b, same_head, sizes):
                    groups[i] = sorted(a + b, key=lambda f: (_magnitude(f.value), f.source, f.start))
                    del groups[j]
                    merged = True
                    break
            if merged:
                break
    return sorted(groups, key=lambda g: (_magnitude(g[0].value), g[0].source))


def print_figures(root: Path, out=None) -> int:
    out = out or sys.stdout
    site = load_and_resolve(root)
    if site is None:
        return 1
    covered: dict[tuple[str, int], set[str]] = {}
    for claim in site.content.claims.values():
        for statement in claim.statements:
            for quote in statement.quotes:
                anchor = site.anchors.get((statement.source.id, quote.text))
                if anchor:
                    for offset in range(anchor.start, anchor.end):
                        covered.setdefault((anchor.source, offset), set()).add(claim.id)
    dates = {sid: source.date for sid, source in site.content.sources.items()}
    found = [f for sid, cleaned in sorted(site.cleaned.items()) for f in find_figures(sid, cleaned.text, dates.get(sid))]
    figures = [f for f in found if not f.problem]
    groups = group_figures(figures)
    unexplained: list[list[Figure]] = []
    for group in groups:
        sources = sorted({f.source for f in group})
        shown = sorted({f.text for f in group}, key=str.casefold)
        claims = sorted(set().union(*(covered.get((f.source, f.start), set()) for f in group)))
        verdicts = {compare(a.value, b.value) for i, a in enumerate(group) for b in group[i + 1:]
                    if a.source != b.source}
        differs = DIFFERENT in verdicts
        mark = "≠" if differs else "≈" if verdicts - {EQUAL} else "="
        note = f"claims: {', '.join(claims)}" if claims else ("NOT COVERED BY A CLAIM" if differs else "no claim")
        if differs and not claims:
            unexplained.append(group)
        print(f"{mark} {group[0].kind}: {' / '.join(shown)}  [{', '.join(sources)}]  {note}", file=out)
        for figure in group:
            print(f"    {figure.source} {figure.text!r:28} {figure.sentence}", file=out)
    if unexplained:
        print(f"\nUnexplained differences: {len(unexplained)} quantit{'y' if len(unexplained) == 1 else 'ies'} "
              "stated differently across sources that no claim compares "
              "(`site-builder new claim \"QUESTION\"`, then a statement per source):", file=out)
        for group in unexplained:
            by_source = " / ".join(f"{f.text} [{f.source}]" for f in group)
            print(f"  {group[0].kind}: {by_source}", file=out)
    unread = [f for f in found if f.problem]
    if unread:
        print(f"\nRead only in part ({len(unread)}): a claim quoting these needs a 'value:' it can read, or the "
              "source's 'date:':", file=out)
        for figure in unread:
            print(f"  {figure.source} {figure.problem}", file=out)
    print(f"\n{len(figures)} figures in {len(groups)} groups; {len(unexplained)} groups state a quantity differently "
          f"across sources with no claim covering them.", file=out)
    return 0
