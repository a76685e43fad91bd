"""The one slug: how a name or a title becomes an id, a file name or a fragment."""
from __future__ import annotations

import re
import unicodedata

_NOT_ID = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = 0) -> str:
    """Lower-case ASCII words joined by hyphens, accents folded: 'Jane Roe' -> 'jane-roe',
    'Zoë Núñez' -> 'zoe-nunez'. Any other character separates words, as a space does
    ("Acme’s" -> 'acme-s', "A—B" -> 'a-b'); '' when nothing is left ('北京'). With `limit`, cut
    to at most that many characters, never ending on a hyphen."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    out = _NOT_ID.sub("-", letters).strip("-")
    return out[:limit].rstrip("-") if limit else out


_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")


def record_slug(text: str, limit: int = 0) -> str:
    """A new record's id from its name: the slug, with an apostrophe inside a word dropped rather than
    made a break ("Twitter's board" -> 'twitters-board', "O'Brien" -> 'obrien'). Only for ids that do
    not exist yet: heading ids keep `slug`, so fragments already published do not move."""
    return slug(_APOSTROPHE.sub("", text), limit)
