"""Language tags (BCP 47) as content writes them: a cleaning rule's `lang`, the site's `language`.

A tag reaches the page as an HTML `lang` attribute and the search index as Pagefind's language,
so it is checked where it is written, against the IANA registry (langcodes ships it), and a
wrong one is an error at its line naming the closest valid tag.
"""
from __future__ import annotations

import re

from babel import localedata

# BCP 47's syntax: subtags of 1 to 8 letters or digits joined by hyphens. (langcodes also reads
# "en_US" and other spellings no browser does: a tag must be written the way BCP 47 writes it.)
_SYNTAX = re.compile(r"[A-Za-z0-9]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_TWO_LETTERS = re.compile(r"[a-z]{2}")
EXAMPLES = "a BCP 47 language tag such as 'en', 'fr', 'pt-BR' or 'zh-Hant'"


def is_valid_tag(tag: str) -> bool:
    """Is `tag` a valid BCP 47 language tag as written ("en", "de-CH", "zh-Hant-TW", "x-private";
    not "eng", "en_US" or "english")?"""
    if not _SYNTAX.fullmatch(tag):
        return False
    if _TWO_LETTERS.fullmatch(tag) and localedata.exists(tag):
        # a two-letter language CLDR has data for ('en', 'zh'): valid without loading the registry,
        # whose tables cost a build from nothing ~50-100 ms of imports (tests/test_load.py checks
        # every such CLDR locale against the registry)
        return True
    # imported here: only a file that states a language needs the registry (~40 ms to load)
    from langcodes import Language, LanguageTagError
    try:
        return Language.get(tag, normalize=False).is_valid()
    except LanguageTagError:
        return False


def tag_problem(tag: str) -> tuple[str, str] | None:
    """(what is wrong, a hint naming the closest valid tag), or None for a valid tag."""
    if is_valid_tag(tag):
        return None
    return f"'{tag}' is not a valid language tag", _closest(tag)


def _closest(tag: str) -> str:
    """The registry's form of the tag ("eng" -> "en", "en_US" -> "en-US"), else of its longest
    valid start ("en-US-!!" -> "en-US"), else examples."""
    from langcodes import standardize_tag

    parts = [p for p in re.split(r"[^A-Za-z0-9]+", tag) if p]
    for end in range(len(parts), 0, -1):
        try:
            fixed = standardize_tag("-".join(parts[:end]))
        except ValueError:              # langcodes' LanguageTagError is one
            continue
        if fixed != "und" and is_valid_tag(fixed):
            return f"did you mean '{fixed}'?"
    return f"write {EXAMPLES}"
