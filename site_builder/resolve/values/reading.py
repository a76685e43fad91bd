"""Amounts, percentages and counts as articles write them: one grammar for each kind.

Currencies as symbols ("$", "€", "£", "US$", "C$"), codes ("USD 2.7 billion") and words ("2.7
billion dollars", "500 million euros", "pounds"); scales as words or letters (thousand, k, million,
m, mn, mln, billion, bn, bln, b, trillion, tn); numbers in digits or words ("three", "twenty-five",
"a dozen", "half a million"); vague quantities ("tens of thousands", "hundreds of millions of
dollars", "dozens"); percentages ("49%", "49 percent", "49 per cent", "49 pct") and fractions in
words ("half", "a third", "two-thirds"). A hedge is read only right before its number ("more
than doubled to $29 billion" is not hedged), or right after it ("40-odd", "$1bn-plus", "or so").
"""
from __future__ import annotations

import functools
import re
from dataclasses import replace

from .hedges import HEDGES, OPEN_BOUNDS, STRICT
from .value import Found, Value

_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9,
           "bln": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12, "crore": 1e7, "lakh": 1e5,
           "lakh crore": 1e12}
# (low, high) of a vague plural, in its unit: "tens of thousands" is 10-99 thousands
_VAGUE = {"tens": (10, 99), "hundreds": (100, 999), "dozens": (24, 99), "scores": (40, 199)}
_FRACTIONS = {"half": 50.0, "a half": 50.0, "one half": 50.0, "a third": 100 / 3, "one third": 100 / 3,
              "one-third": 100 / 3, "two thirds": 200 / 3, "two-thirds": 200 / 3, "a quarter": 25.0,
              "one quarter": 25.0, "one-quarter": 25.0, "three quarters": 75.0, "three-quarters": 75.0,
              "a fifth": 20.0, "one fifth": 20.0, "one-fifth": 20.0, "a tenth": 10.0, "one tenth": 10.0,
              "one-tenth": 10.0, "one in two": 50.0, "one in three": 100 / 3, "one in four": 25.0,
              "one in five": 20.0, "one in ten": 10.0}
FRACTION_STEP = 5.0         # "half" is read as a writer's rounding to 5 points: 47.5-52.5 %

_CURRENCY_PREFIX = {"us$": "USD", "u.s.$": "USD", "usd": "USD", "$": "USD", "c$": "CAD", "ca$": "CAD", "cad": "CAD",
                    "a$": "AUD", "au$": "AUD", "aud": "AUD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD", "€": "EUR",
                    "eur": "EUR", "£": "GBP", "gbp": "GBP", "¥": "JPY", "jpy": "JPY", "cny": "CNY", "rmb": "CNY",
                    "₹": "INR", "inr": "INR", "rs": "INR", "rs.": "INR", "chf": "CHF"}
_CURRENCY_WORD = {"dollar": "USD", "u.s. dollar": "USD", "us dollar": "USD", "american dollar": "USD",
                  "canadian dollar": "CAD", "australian dollar": "AUD", "hong kong dollar": "HKD",
                  "singapore dollar": "SGD", "euro": "EUR", "pound": "GBP", "pounds sterling": "GBP",
                  "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupee": "INR",
                  "swiss franc": "CHF", "usd": "USD", "eur": "EUR", "gbp": "GBP", "jpy": "JPY", "cny": "CNY",
                  "inr": "INR", "chf": "CHF", "cad": "CAD", "aud": "AUD"}


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PREFIX_HEDGES = [h for h in HEDGES if h not in ("or so", "or more", "+", "-plus")]
_HEDGE = rf"(?:(?P<hedge>{_alternation(_PREFIX_HEDGES)})\s*)?"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_WORD_NUMBER = (rf"(?:(?:a|one|{_alternation(_UNITS)})\s+hundred"
                rf"|(?:{_alternation(_TENS)})(?:[- ](?:{_alternation(_UNITS)}))?"
                rf"|{_alternation(_TEENS)}|{_alternation(_UNITS)}|half\s+a|a)")
_SCALE_WORD = r"(?:trillion|billion|million|thousand)"
# a count's scale words: the Indian press counts in lakh (100,000) and crore (10 million) too
_COUNT_SCALE = r"(?:trillion|billion|million|thousand|lakh\s+crore|crore|lakh)"
_SCALE = r"(?:[\s-]?(?:trillion|billion|million|thousand|lakh\s+crore|crore|lakh)|\s?(?:bn|bln|mn|mln|tn|trn)|(?:k|m|b))(?![\w])"
_SUFFIX = r"(?P<suffix>\+|-plus\b|\s+or\s+more\b|\s+or\s+so\b|-odd\b)?"
_CUR_PRE = rf"(?P<cur>{_alternation([k for k in _CURRENCY_PREFIX if not k.isalpha() and not k.endswith('.')])}" \
           r"|(?:USD|EUR|GBP|JPY|CNY|RMB|INR|CHF|CAD|AUD|Rs\.?)\s?)"
_CUR_WORD = (r"(?P<curw>(?:(?:U\.S\.|US|American|Canadian|Australian|Hong Kong|Singapore)\s)?dollars?"
             r"|euros?|pounds?(?:\ssterling)?|sterling|yen|yuan|renminbi|rupees?|Swiss\sfrancs?"
             r"|USD|EUR|GBP|JPY|CNY|INR|CHF|CAD|AUD)\b")
_NUMBER_AT = r"(?<![\w.,$€£¥-])"          # not inside another number, a word or a product name ("GPT-4")
_PERCENT = r"[\s-]?(?:%|percent\b|per\s?cent\b|pct\b|pc\b|percentage\s+points?\b)"

# each kind's patterns, as (source, flags): compiled when a text is first searched for that kind
# (`_compiled`), not at import - a build that reads no percentage never compiles its patterns,
# and `show`, `docs` and the like start without compiling any
_PATTERNS: dict[str, list[tuple[str, int]]] = {
    "money": [
        (rf"{_HEDGE}{_CUR_PRE}\s?(?P<num>{_DIGITS})(?P<scale1>{_SCALE})?"
         rf"(?:\s?(?:-|–|—|to)\s?(?:{_CUR_PRE.replace('?P<cur>', '?:')})?\s?(?P<high>{_DIGITS}))?"
         rf"(?P<scale>{_SCALE})?{_SUFFIX}", re.I),
        (rf"\bbetween\s+{_CUR_PRE}\s?(?P<num>{_DIGITS})(?P<scale1>{_SCALE})?\s+and\s+"
         rf"(?:{_CUR_PRE.replace('?P<cur>', '?:')})?\s?(?P<high>{_DIGITS})(?P<scale>{_SCALE})?", re.I),
        (rf"{_HEDGE}{_NUMBER_AT}(?:(?P<num>{_DIGITS})|(?P<word>{_WORD_NUMBER}))(?:\s|-)?"
         rf"(?P<scale>{_COUNT_SCALE}|bn|bln|mn|mln|tn|m|k)?\s+(?P<wordcur>{_CUR_WORD}){_SUFFIX}", re.I),
        # British prices in pence: "254p a share" is £2.54
        (rf"{_HEDGE}{_NUMBER_AT}(?P<num>{_DIGITS})(?P<pence>p|\s?pence)\b", re.I),
        (rf"{_HEDGE}{_NUMBER_AT}(?P<num>{_DIGITS})[\s-]?(?P<scale>{_SCALE_WORD})-(?P<wordcur>dollar|euro|pound)\b",
         re.I),
        (rf"{_HEDGE}\b(?:(?P<vague>tens|hundreds)\s+of\s+)?(?P<unit>thousands|millions|billions)\s+of\s+"
         rf"(?P<wordcur>{_CUR_WORD})", re.I),
    ],
    "percent": [
        (rf"{_HEDGE}{_NUMBER_AT}(?:(?P<num>{_DIGITS})|(?P<word>{_WORD_NUMBER}))"
         rf"(?:\s?(?:-|–|to)\s?(?P<high>{_DIGITS}))?{_PERCENT}", re.I),
        (rf"\bbetween\s+(?P<num>{_DIGITS})(?:{_PERCENT})?\s+and\s+(?P<high>{_DIGITS}){_PERCENT}", re.I),
        (rf"{_HEDGE}\b(?P<fraction>one\s+in\s+(?:two|three|four|five|ten))\b", re.I),
        (rf"{_HEDGE}(?<!first )(?<!second )(?<!latter )(?<!back )\b(?P<fraction>{_alternation(_FRACTIONS)})"
         rf"(?=\s+(?:of\b|the\b|its\b|their\b|his\b|her\b|that\b|(?-i:[A-Z]))|\s*[.,;:)]|\s*$)"
         rf"(?!\s+a\s+(?:million|billion|dozen))",
         re.I),
    ],
    "count": [
        (rf"{_HEDGE}\b(?:(?P<vague>tens|hundreds)\s+of\s+(?P<unit>thousands|millions|billions)"
         rf"|(?P<vague2>dozens|scores|hundreds|thousands|millions|billions)(?=\s+of\b|\s+more\b|\s*[.,;:)]|\s*$))", re.I),
        (rf"{_HEDGE}\b(?P<word>half\s+a\s+dozen|two\s+dozen|a\s+dozen|half\s+a(?=\s+{_SCALE_WORD})"
         rf"|(?:a|one|{_alternation(_UNITS)})\s+hundred|a(?=\s+(?:thousand|million|billion)\b)"
         rf"|(?:{_alternation(_TENS)})(?:[- ](?:{_alternation(_UNITS)}))?|{_alternation(_TEENS)}"
         rf"|{_alternation(_UNITS)})\b(?:\s(?P<scale>{_COUNT_SCALE})\b)?{_SUFFIX}", re.I),
        (rf"{_HEDGE}{_NUMBER_AT}(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?![\d.,]*\d)(?!\s?%)"
         rf"(?!\s?(?:percent|per\s?cent|pct|pc)\b)(?:\s(?P<scale>{_COUNT_SCALE})\b|(?P<scale2>k|m|bn)\b)?{_SUFFIX}",
         re.I),
    ],
}


@functools.cache
def _compiled(kind: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(source, flags) for source, flags in _PATTERNS[kind])


def find_numbers(kind: str, text: str) -> list[Found]:
    """Every value of `kind` (money, percent, count) in `text`, in order; where two readings
    overlap, the longer wins ("two billion dollars" over "two")."""
    candidates = []
    for rank, pattern in enumerate(_compiled(kind)):
        for match in pattern.finditer(text):
            if match.end() > match.start():
                candidates.append((match, rank))
    candidates.sort(key=lambda c: (-(c[0].end() - c[0].start()), c[1], c[0].start()))
    taken: list[tuple[int, int]] = []
    out = []
    for match, _ in candidates:
        start, end = match.start(), match.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        if any(a < end and start < b for a, b in taken):
            continue
        value = _read(kind, match, text[start:end])
        if value is None:
            continue
        value, start = _in_context(value, match, text, start)
        taken.append((start, end))
        out.append(Found(value, start, end, _partial(text, start, end)))
    return sorted(out, key=lambda f: f.start)


_PARTICLE_VERB = re.compile(r"(?i:\b(?:fork|hand|turn|sign|pass|hands?|forked|handed|turned|signed|passed|forks|turns"
                            r"|signs|took|taken|taking)\s*)$")
_NEGATION = re.compile(r"(?i:\b(?:not|never|no|n't)\b(?:\s+\w+){0,3}\s*)$|n't\s+(?:\w+\s+){0,3}$")
_FLIP = {"more than": "no more than", "over": "no more than", "above": "no more than",
         "less than": "at least", "fewer than": "at least", "under": "at least", "below": "at least"}


def _in_context(value: Value, match: re.Match, text: str, start: int) -> tuple[Value, int]:
    """A hedge read as the sentence means it: "forked over $2.7 billion" is not "over $2.7
    billion" (a verb's particle), and "never paid more than $100,000" is at most $100,000."""
    phrase = " ".join((match.groupdict().get("hedge") or "").lower().split())
    if not phrase:
        return value, start
    before = text[max(0, start - 40):start]
    if phrase == "over" and _PARTICLE_VERB.search(before):
        at = match.end("hedge")
        while text[at].isspace():
            at += 1
        return replace(value, text=text[at:start + len(value.text)], hedge="", open_bound=False,
                       strict=False), at
    if phrase in _FLIP and _NEGATION.search(before):
        hedge, bound, strict = _hedge(_FLIP[phrase])
        return replace(value, hedge=hedge, open_bound=bound, strict=strict), start
    return value, start


def _partial(text: str, start: int, end: int) -> str:
    """Why the words around a value show it was read only in part, or ''."""
    before, after = text[max(0, start - 2):start], text[end:end + 3]
    if re.search(r"\d[.,]?$", before) or re.match(r"[.,]?\d", after):
        lo, hi = max(0, start - 12), min(len(text), end + 12)
        return f"'{text[start:end]}' is only part of a number written '{' '.join(text[lo:hi].split())}'"
    return ""


def _hedge(phrase: str) -> tuple[str, bool, bool]:
    phrase = " ".join(phrase.lower().split())
    return HEDGES.get(phrase, ""), phrase in OPEN_BOUNDS, phrase in STRICT


def _word_number(words: str) -> tuple[float, float]:
    """(value, unit of its last stated digit) of a number in words: 'twenty-five' (25, 1)."""
    words = " ".join(words.lower().replace("-", " ").split())
    if words in ("a", "one"):
        return 1.0, 1.0
    if words == "half a":
        return 0.5, 0.1
    if words.endswith("dozen"):
        return {"a dozen": 12.0, "two dozen": 24.0, "half a dozen": 6.0}[words], 2.0
    if words.endswith("hundred"):
        head = words.split(" ")[0]
        return float(100 * _UNITS.get(head, 1)), 100.0
    parts = words.split(" ")
    if parts[0] in _TENS:
        unit = _UNITS.get(parts[1], 0) if len(parts) > 1 else 0
        return float(_TENS[parts[0]] + unit), 1.0 if unit else 10.0
    return float(_TEENS.get(words) or _UNITS[words]), 1.0


def _step(digits: str) -> float:
    """The unit of the last stated digit of a numeral: '2.7' 0.1, '650' 10, '14,000' 1,000."""
    digits = digits.replace(",", "")
    if "." in digits:
        return 10.0 ** -len(digits.split(".")[1])
    stripped = digits.rstrip("0")
    return 10.0 ** (len(digits) - len(stripped)) if stripped else 1.0


def _currency(groups: dict) -> str:
    if groups.get("cur"):
        return _CURRENCY_PREFIX[groups["cur"].strip().lower()]
    if groups.get("wordcur"):
        word = " ".join(groups["wordcur"].lower().split())
        for suffix in ("s", ""):
            key = word[:-1] if suffix and word.endswith("s") and word[:-1] in _CURRENCY_WORD else word
            if key in _CURRENCY_WORD:
                return _CURRENCY_WORD[key]
        return _CURRENCY_WORD.get(word.removesuffix(" sterling").rstrip("s"), "USD")
    return ""


def _read(kind: str, match: re.Match, text: str) -> Value | None:
    g = match.groupdict()
    hedge, bound, strict = _hedge(g.get("hedge") or "")
    suffix = " ".join((g.get("suffix") or "").split()).lower()
    if suffix and hedge and hedge != "around":
        return None             # "more than 40-odd": two limits; read as nothing rather than guess
    if suffix:                  # "some 1,000-plus": the limit says more than the estimate
        hedge, bound, strict = _hedge(suffix if suffix != "-odd" else "or so")
        if suffix == "-odd":
            hedge, bound, strict = "above", False, False
    currency = ("GBP" if g.get("pence") else _currency(g)) if kind == "money" else ""
    if g.get("vague") or g.get("vague2") or (g.get("unit") and not g.get("vague")):
        vague = (g.get("vague") or g.get("vague2") or "").lower()
        unit_word = (g.get("unit") or "").lower()
        unit = {"thousands": 1e3, "millions": 1e6, "billions": 1e9, "": 1}[unit_word]
        if vague in ("thousands", "millions", "billions"):
            unit, vague = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}[vague], ""
        low, high = _VAGUE.get(vague, (1, 9))
        return Value(kind, text, None, low * unit, high * unit + (unit - 1), "around", currency=currency)
    if g.get("fraction"):
        number = _FRACTIONS[" ".join(g["fraction"].lower().split())]
        return Value(kind, text, number, hedge=hedge, open_bound=bound, strict=strict, step=FRACTION_STEP)
    if g.get("word"):
        number, step = _word_number(g["word"])
    else:
        number, step = float(g["num"].replace(",", "")), _step(g["num"])
        if kind == "percent":
            step = min(step, 1.0)      # "60%" is stated to the point: percentages are written whole
    scale_word = " ".join((g.get("scale") or g.get("scale2") or g.get("scale1") or "").strip(" -").lower().split())
    if g.get("word") and g["word"].lower() in ("a", "half a") and not scale_word and kind != "percent":
        return None             # "a" alone is no number ("half a percent", which the pattern read, is 0.5 %)
    scale = 0.01 if g.get("pence") else _SCALES.get(scale_word, 1.0)
    if kind == "count" and not scale_word and not g.get("word") and re.fullmatch(r"(?:1[89]|20)\d{2}", g["num"]):
        return None             # a year, not a count
    if kind == "money" and not currency:
        return None
    if g.get("high"):
        high_scale = _SCALES.get((g.get("scale") or "").strip(" -").lower(), scale)
        low_scale = _SCALES.get((g.get("scale1") or "").strip(" -").lower(), high_scale)
        lo, hi = number * low_scale, float(g["high"].replace(",", "")) * high_scale
        if hi <= lo:
            return None
        return Value(kind, text, (lo + hi) / 2, lo, hi, hedge or "around", step=step * low_scale,
                     currency=currency)
    return Value(kind, text, number * scale, hedge=hedge, open_bound=bound, strict=strict, step=step * scale,
                 currency=currency)
