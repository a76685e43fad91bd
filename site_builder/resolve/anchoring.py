"""Quote anchoring: finding each cited quote in its source's cleaned text.

(The marker syntax, `[[cite:s003 "a 49% non-voting stake"]]`, is parsed by `markup`.)
Anchoring follows the W3C TextQuoteSelector / Hypothesis model: a quote is found in
the cleaned text of its source, forgiving typography only (quote marks, dashes,
whitespace, the `\\$` escape). What is found gets exact/prefix/suffix and code-point
start/end; what is not gets the closest passage and its similarity, so the author can
fix it in seconds (or let `check --fix-quotes` do it).
"""
from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

CONTEXT = 32  # characters of prefix/suffix, as Hypothesis stores them

_SINGLE = "‘’‚‛′`´"
_DOUBLE = "“”„‟″«»"
_DASHES = "‐‑‒–—―−"
# The one typography fold (quote marks, dashes, spaces to ASCII): quotes are matched with it,
# and cleaning compares lines with a source's title with it.
TYPOGRAPHY = str.maketrans({**dict.fromkeys(_SINGLE, "'"), **dict.fromkeys(_DOUBLE, '"'),
                            **dict.fromkeys(_DASHES, "-"),
                            **dict.fromkeys("\t\n\r\x0c\x0b\xa0\u2009\u202f\u2028\u2029", " ")})


# Runs that normalization rewrites (dash clusters, runs of spaces, `\$`); everything else
# maps one character to one character. `[ -]{2,}|\\\$` written so that a character class opens
# it: the engine skips in C to a space, dash or backslash (then the lookbehind says which it
# was), where the alternation made it try both branches at every character (~2x slower).
_EDITS = re.compile(r"[ \\-](?:(?<=[ -])[ -]+|(?<=\\)\$)")
# typography to fold: a handful of str.replace calls beat str.translate ~20x on long text
_FOLD = [(chr(k), v) for k, v in TYPOGRAPHY.items()]
_FOLD_ASCII = [(char, replacement) for char, replacement in _FOLD if char.isascii()]


def fold_typography(text: str) -> str:
    """`text.translate(TYPOGRAPHY)`, at the speed of a few C scans (each replacement is one
    character that no other key maps to, so replacing them one after another is the same).
    An ASCII text (`isascii` reads a flag) is scanned for the few ASCII keys only."""
    for char, replacement in _FOLD_ASCII if text.isascii() else _FOLD:
        if char in text:
            text = text.replace(char, replacement)
    return text


class OffsetMap:
    """Maps an offset in normalized text back to the original text.

    Only the few places where normalization shortened the text are stored (dash
    clusters, runs of spaces, escapes), so a 10 MB corpus costs kilobytes, not a list
    of ten million ints.
    """

    def __init__(self, edits: list[tuple[int, int, int, int]]):
        self.edits = edits                    # (norm start, norm length, orig start, orig end)
        self.starts = [e[0] for e in edits]

    def __call__(self, n: int) -> int:
        i = bisect.bisect_right(self.starts, n) - 1
        if i < 0:
            return n
        norm_start, norm_len, orig_start, orig_end = self.edits[i]
        if n < norm_start + norm_len:
            return orig_start + (n - norm_start)
        return orig_end + (n - norm_start - norm_len)


def normalize(text: str) -> tuple[str, OffsetMap]:
    """Typography-forgiving form of `text`, and the map back to original offsets.

    Quote marks and dashes fold to ASCII, runs of whitespace to one space, spaces around
    a dash disappear ("a — b" matches "a—b"), "--" counts as one dash, a backslash
    before `$` is dropped, and leading/trailing whitespace goes.
    """
    folded = fold_typography(text)
    pieces: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    state = [0, 0]  # [last original offset copied, normalized length so far]

    def edit(a: int, b: int, replacement: str) -> None:
        last, length = state
        pieces.append(folded[last:a])
        length += a - last
        edits.append((length, len(replacement), a, b))
        pieces.append(replacement)
        state[0], state[1] = b, length + len(replacement)

    lead = len(folded) - len(folded.lstrip(" "))
    if lead:
        edit(0, lead, "")
    body_end = len(folded.rstrip(" "))
    for match in _EDITS.finditer(folded, lead, body_end):
        a, b = match.span()
        found = match.group(0)
        # Only deletions: the character kept (the `$`, the first dash, the first space)
        # maps one to one, so a quote of just "-" anchors on the dash, not on a space.
        if found == "\\$":
            edit(a, a + 1, "")
            continue
        keep = a + found.find("-") if "-" in found else a
        if keep > a:
            edit(a, keep, "")
        if b > keep + 1:
            edit(keep + 1, b, "")
    if body_end < len(folded):
        edit(max(body_end, state[0]), len(folded), "")
    pieces.append(folded[state[0]:])
    return "".join(pieces), OffsetMap(edits)


@dataclass(frozen=True)
class Anchor:
    """Where a quote sits in a source's cleaned text (TextQuote + TextPosition selectors)."""

    source: str
    exact: str
    start: int
    end: int
    prefix: str
    suffix: str
    occurrences: int          # how many times the quote occurs (>1: ambiguous, first is used)

    @cached_property
    def passage_id(self) -> str:
        """Stable fragment id: depends only on the quoted words, not on anything around them."""
        key = normalize(self.exact)[0]
        return "q-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class Miss:
    """A quote that was not found: the closest passage, for the error message and --fix-quotes."""

    source: str
    quote: str
    closest: str
    start: int
    end: int
    similarity: float          # 0..1


class SourceIndex:
    """The normalized text of one source, built once and shared by all its quotes."""

    def __init__(self, source_id: str, text: str):
        self.source_id = source_id
        self.text = text

    @cached_property
    def _normalized(self) -> tuple[str, OffsetMap]:
        # built on the first quote asked, not with the index: an index read from the build state
        # (which keeps only the text, below) answers its remembered quotes without it
        return normalize(self.text)

    @property
    def norm(self) -> str:
        return self._normalized[0]

    def to_original(self, n: int) -> int:
        return self._normalized[1](n)

    def __getstate__(self) -> dict[str, str]:
        # the normalized text and its offset map are as big as the text and cheap to make again
        return {"source_id": self.source_id, "text": self.text}

    def anchor(self, quote: str) -> Anchor | Miss:
        needle = normalize(quote.strip())[0]
        if not needle:
            return Miss(self.source_id, quote, "", 0, 0, 0.0)
        first = self.norm.find(needle)
        if first == -1:
            return self.closest(quote)
        if _overlaps_itself(needle):
            occurrences, i = 0, first
            while i != -1:          # every start, overlapping ones too
                occurrences += 1
                i = self.norm.find(needle, i + 1)
        else:                       # no two occurrences can overlap: one C count finds them all
            occurrences = self.norm.count(needle, first)
        start, end = self.original_span(first, first + len(needle))
        return Anchor(self.source_id, self.text[start:end], start, end,
                      self.text[max(0, start - CONTEXT):start], self.text[end:end + CONTEXT], occurrences)

    def original_span(self, norm_start: int, norm_end: int) -> tuple[int, int]:
        return self.to_original(norm_start), self.to_original(norm_end - 1) + 1

    def closest(self, quote: str) -> Miss:
        """Best fuzzy passage (rapidfuzz's partial-ratio alignment), then its ends moved to the
        word boundaries that make it most similar to the quote: never a half word, never a
        space at either end, never the word before or after unless the quote has it."""
        from rapidfuzz import fuzz  # only a quote that does not match pays for the import

        needle = normalize(quote.strip())[0]
        result = fuzz.partial_ratio_alignment(needle, self.norm)
        if result is None or result.dest_end <= result.dest_start:
            return Miss(self.source_id, quote, "", 0, 0, 0.0)
        start, end = self.original_span(result.dest_start, result.dest_end)
        best = (-1.0, 0, start, end)
        for a in self._boundaries(start, starts=True):
            for b in self._boundaries(end, starts=False):
                if b <= a:
                    continue
                score = fuzz.ratio(needle, normalize(self.text[a:b])[0])
                # equal scores: the span closest to the alignment's own length
                candidate = (score, -abs((b - a) - (end - start)), a, b)
                if candidate > best:
                    best = candidate
        _, _, start, end = best
        closest = self.text[start:end]
        similarity = fuzz.ratio(needle, normalize(closest)[0]) / 100
        return Miss(self.source_id, quote, closest, start, end, round(similarity, 3))

    def _boundaries(self, at: int, starts: bool, words: int = 2) -> list[int]:
        """Word starts (or ends) near `at`: of the word `at` falls in and of `words` words either
        side, each also without its punctuation (`"CEO,"` ends after the comma and before it)."""
        text = self.text
        lo = max(0, at - 80)
        tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[lo:at + 80])]
        tokens = [(a + lo, b + lo) for a, b in tokens]
        if not tokens:
            return [at]
        nearest = min(range(len(tokens)), key=lambda i: min(abs(tokens[i][0] - at), abs(tokens[i][1] - at)))
        out: set[int] = set()
        for a, b in tokens[max(0, nearest - words):nearest + words + 1]:
            word = text[a:b]
            if starts:
                out.add(a)
                inner = next((i for i, c in enumerate(word) if c.isalnum()), None)
                if inner:
                    out.add(a + inner)
            else:
                out.add(b)
                inner = next((i for i, c in enumerate(reversed(word)) if c.isalnum()), None)
                if inner:
                    out.add(b - inner)
        return sorted(out)


def _overlaps_itself(needle: str) -> bool:
    """Whether two occurrences of `needle` can overlap: a later one would start at a place inside
    it that holds its first character and from where the rest of it is its own beginning."""
    at = needle.find(needle[0], 1)
    while at != -1:
        if needle.startswith(needle[at:]):
            return True
        at = needle.find(needle[0], at + 1)
    return False


@lru_cache(maxsize=65536)
def text_fragment(exact: str) -> str:
    """A browser Text Fragment directive (`:~:text=`) for the quote; highlight never depends on it."""
    from urllib.parse import quote as urlquote

    words = exact.split()
    if len(words) > 8:
        value = urlquote(" ".join(words[:4]), safe="") + "," + urlquote(" ".join(words[-4:]), safe="")
    else:
        value = urlquote(" ".join(words), safe="")
    return ":~:text=" + value.replace("-", "%2D")
