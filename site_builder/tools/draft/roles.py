"""Role phrases: the title an article gives a person where it names them.

"Acme CEO Jane Roe", "the chief executive, Jane Roe", "Jane Roe, co-founder of Acme,", "Jane Roe
steps in as interim CEO": the role words, their qualifiers and owner come from `names`' tables (the
same words that cut a run of capitals at a title), so a role is read the way a name is split.
"""
from __future__ import annotations

import re

from .names import ROLE_MODIFIERS, ROLE_WORDS, TITLE_ADJECTIVES
from .text import Sentence


def _words(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


# a role phrase's core: role words and the words that qualify them, ending in a role word:
# "CEO", "interim CEO", "chief financial officer", "legal chief", "founder and CEO"
_ROLE = r"(?i:" + _words(ROLE_WORDS) + r")"
_CORE = (r"(?i:(?:(?:" + _words(ROLE_WORDS | ROLE_MODIFIERS | TITLE_ADJECTIVES) + r")[\s-]+(?:and\s+)?){0,4}"
         + _ROLE + r")\b")
_TAIL = r"(?:\s+(?:of|at|for|to|in)\s+[^,.;:!?]{1,50}?)?"           # "of Acme", "to the new owner"
_PHRASE_END = (r"(?=[,.;:!?)\"”]|\s+(?:while|who|which|that|and|said|says|told|will|would|has|had|is|was|were|"
               r"since|after|before|until|when)\b|$)")
_OWNER = r"(?:(?:the|a|an|its|his|her|their)\s+|[\w.&-]+['’]s\s+)?"     # "the", "Acme's", "the company's"
_ROLE_BEFORE = re.compile(r"(?:^|(?<=\s))((?:[A-Z][\w.&'’-]*\s+){0,3}" + _CORE + r")(,?)\s+$")
_ROLE_AFTER = re.compile(r"^,\s+" + _OWNER + r"(" + _CORE + _TAIL + r")" + _PHRASE_END)
_ROLE_AS = re.compile(r"^\s+(?:[a-z]+\s+){0,3}?as\s+" + _OWNER + r"(" + _CORE + _TAIL + r")" + _PHRASE_END)
_NEXT_NAME = re.compile(r",\s+[A-Z][a-z]+\s+[A-Z]")       # ", Jane Roe": a list goes on


def role_near(text: str, start: int, end: int, sentence: Sentence) -> tuple[str, int, int] | None:
    """The role phrase the sentence gives the name at [start, end) and where it is: "the chief
    executive, Jane Roe" (in a list of titles and names, a title before a name is its own),
    "Jane Roe, co-founder of Acme,", "Jane Roe steps in as interim CEO", "Acme CEO Jane Roe"."""
    before = text[max(sentence.start, start - 80):start]
    after = text[end:sentence.end]
    found_before = _ROLE_BEFORE.search(before)
    if found_before and found_before[2]:
        return _before(found_before, start, before)
    for pattern in (_ROLE_AFTER, _ROLE_AS):
        found = pattern.match(after)
        if found and not _NEXT_NAME.match(after, found.end(1)):
            return found[1].strip(), end + found.start(1), end + found.end(1)
    return _before(found_before, start, before) if found_before else None


def _before(found: re.Match, start: int, before: str) -> tuple[str, int, int]:
    phrase = found[1].strip()
    at = start - len(before) + found.start(1)
    return phrase, at, at + len(phrase)


def role_key(phrase: str) -> str:
    """Two role phrases are the same answer when their words are, names, articles and case aside:
    "Acme chief executive" and "its chief executive" are one role; "interim CEO" is another."""
    words = re.findall(r"[\w-]+", re.sub(r"['’]s\b", "", phrase))
    return " ".join(w.lower() for w in words if w.lower() in ROLE_WORDS | ROLE_MODIFIERS | TITLE_ADJECTIVES | {"of", "to"}
                    or (w.islower() and w not in ("the", "a", "an", "its", "his", "her", "their")))
