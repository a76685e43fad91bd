"""The site in its reader's language: message catalogs, and dates and numbers as the locale writes them.

- The site's `language:` (a BCP 47 tag) picks a catalog and a Babel locale. Catalogs are gettext
  `.po` files in a theme's `locale/` folder, one per language (`fr.po`, `de.po`, `pt-BR.po`); the
  default theme ships English, French, German and Spanish. A project's `themes/<name>/locale/<lang>.po`
  overrides any of their strings (entries it does not have come from the packaged catalog), or adds a
  language the builder does not ship (its missing strings then stay in English).
- Catalogs are compiled when first used, in memory (Babel reads the `.po` and writes the `.mo` into a
  buffer): no compiled file is committed, shipped or written next to the sources, so a project's
  edited catalog is always the one in use and nothing generated can go stale. The packaged
  catalogs' .mo files are kept once per install, as Python keeps its bytecode (in the package's
  `__pycache__`, named by the hash of their .po): a build then starts without Babel's catalog reader.
- Rendering activates one locale (`activated`) for the page being made; the views, the charts, the
  vocabulary and the templates (`jinja2.ext.i18n`) translate through `gettext` / `ngettext` here, and
  format with `format_date` / `format_number` / `format_money`. Nothing reads the machine's locale or
  the clock: the same sources give the same bytes anywhere.
"""
from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path

import babel
from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton
from babel.numbers import format_decimal, get_currency_symbol
from babel.support import NullTranslations, Translations

from . import model as m
from .kept import KeptFiles
from .model import CURRENCY_SYMBOLS, NUMBER_KINDS
from .theme import find_theme

CATALOG_FOLDER = "locale"          # in a theme's folder, next to templates/ and static/
PACKAGED_CATALOGS = Path(__file__).resolve().parent / "themes" / "default" / CATALOG_FOLDER
SOURCE_LANGUAGE = "en"             # the language of the msgids: the builder's own words


def N_(message: str) -> str:
    """Marks a msgid where it is defined (tables of labels); it is translated where shown."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Marks a msgid with its plural (one catalog entry, its forms by the language's rule)."""
    return singular, plural


@dataclass(frozen=True)
class SiteLocale:
    tag: str                       # as content/site.yaml gives it ("fr", "de-CH")
    babel: str                     # the Babel locale formats follow ("fr", "de_CH", "en_001")
    catalogs: tuple[Path, ...]     # the .po files used, the one that wins first
    rtl: bool

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


def catalog_dirs(root: Path, theme: str) -> tuple[Path, ...]:
    """Where the site's catalogs come from: its theme's locale/ folder, then the package's (as
    theme.Theme.catalog_dirs, for a theme load has not yet found)."""
    found = find_theme(root, theme)
    return found.catalog_dirs if not isinstance(found, str) else (PACKAGED_CATALOGS,)


def _names(folder: Path) -> dict[str, Path]:
    """Catalog name, normalized ('pt-br') -> its file."""
    return {p.stem.replace("_", "-").lower(): p for p in sorted(folder.glob("*.po"))} if folder.is_dir() else {}


def available(dirs: tuple[Path, ...]) -> list[str]:
    return sorted({name for folder in dirs for name in _names(folder)})


def _candidates(tag: str) -> list[str]:
    """'de-CH-1996' -> ['de-ch-1996', 'de-ch', 'de']: the most precise catalog first."""
    parts = tag.replace("_", "-").lower().split("-")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]


def language_problem(tag: str, dirs: tuple[Path, ...]) -> str | None:
    """Why the site cannot be written in `tag` (no catalog, no locale data), naming the closest
    languages that can; None when it can."""
    names = available(dirs)
    if not any(c in names for c in _candidates(tag)):
        base = _candidates(tag)[-1]
        hint = f"closest available: {_closest(tag, names)}; " if _closest(tag, names) else ""
        return (f"no catalog for language '{tag}': the theme's strings exist in {', '.join(names)} "
                f"({hint}or add themes/<name>/{CATALOG_FOLDER}/{base}.po to translate them)")
    try:
        _babel_locale(tag)
    except (ValueError, UnknownLocaleError):
        return f"language '{tag}' has no locale data for dates and numbers (CLDR); use a tag like {', '.join(names)}"
    return None


def _closest(tag: str, names: list[str]) -> str:
    """The catalog a reader of `tag` understands best (langcodes' distance between languages:
    Swiss German -> de, Catalan -> es); '' when none is close."""
    from langcodes import closest_match  # the IANA registry: loaded only for this message

    found, _ = closest_match(tag, names, max_distance=25)
    return found if found != "und" else ""


def _babel_locale(tag: str) -> Locale:
    # English with no region is CLDR's "world English" (en_001: "13 June 2025"), not the US's
    # ("June 13, 2025"); en-US asks for the latter
    if tag.replace("_", "-").lower() == "en":
        return Locale.parse("en_001")
    return Locale.parse(tag.replace("_", "-"), sep="-")


def site_locale(tag: str, dirs: tuple[Path, ...]) -> SiteLocale:
    """The locale of a site whose language passed `language_problem`; raises ValueError otherwise."""
    why = language_problem(tag, dirs)
    if why:
        raise ValueError(why)
    files = []
    for folder in dirs:
        names = _names(folder)
        found = next((names[c] for c in _candidates(tag) if c in names), None)
        if found is not None:
            files.append(found)
    locale = _babel_locale(tag)
    return SiteLocale(tag, str(locale), tuple(files), locale.character_order == "right-to-left")


def catalog_problems(path: Path) -> list[tuple[int, str, str]]:
    """What in a catalog a project brings would break the pages made with it: (line, what is
    wrong, how to fix it). A file that is not a gettext catalog is one problem at its line; so is
    a translation naming a placeholder its msgid has not (the page could not be made: the
    builder fills in only the msgid's), or whose '%' is not a placeholder ('%%' writes one)."""
    from babel.messages.pofile import PoFileError, read_po

    try:
        with path.open("rb") as f:
            catalog = read_po(f, abort_invalid=True)
    except PoFileError as exc:
        what = str(exc).rsplit(" on ", 1)[0]
        return [(exc.lineno + 1, f"not a gettext catalog: {what}",
                 'each entry is msgid "..." then msgstr "..." (msgid_plural, msgstr[0], msgstr[1] for plurals)')]
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return [(0, f"cannot read the catalog: {exc}", "save it as UTF-8 text in gettext's .po format")]
    problems: list[tuple[int, str, str]] = []
    for message in catalog:
        line = message.lineno or 0
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        forms = (message.string,) if isinstance(message.string, str) else tuple(message.string or ())
        known = {name for text in ids for name in placeholders(text) if name}
        if not message.id or not known:
            continue            # no placeholder: the builder does not %-format it
        values = dict.fromkeys(known, 0)
        for form in forms:
            extra = sorted({name for name in placeholders(form or "") if name} - known)
            if extra:
                problems.append((line, f"the translation of {ids[0]!r} names "
                                 f"{', '.join(f'%({name})s' for name in extra)}, which the builder does not fill in",
                                 f"use the msgid's placeholders: {', '.join(f'%({name})s' for name in sorted(known))}"))
                continue
            try:
                (form or "") % values
            except (ValueError, TypeError) as exc:
                problems.append((line, f"the translation of {ids[0]!r} is not a format string like its "
                                 f"msgid ({exc})", "write a percent sign as %%, a placeholder as %(name)s"))
    return problems


@functools.lru_cache(maxsize=32)
def _compiled(path: Path, stamp: tuple[int, int, int]) -> bytes:
    """One catalog compiled: the .mo's bytes (a fuzzy entry is left out, as msgfmt does). A
    packaged catalog's are kept once per install (`_packaged_catalogs`); a project's are made in
    memory each time, never written (its edited catalog is always the one in use)."""
    source = path.read_bytes()
    packaged = _packaged_catalogs() if path.parent == PACKAGED_CATALOGS else None
    if packaged is not None:
        kept = packaged._read(_catalog_name(path, source))
        if kept is not None:
            return kept
    data = _compile(source)
    if packaged is not None:
        packaged._write(_catalog_name(path, source), data)
    return data


def _catalog_name(path: Path, source: bytes) -> str:
    """A kept .mo's name: its catalog's, and the hash of the .po it was compiled from."""
    return f"{path.stem}-{hashlib.sha1(source).hexdigest()[:20]}.mo"


def _compile(source: bytes) -> bytes:
    # Babel's catalog reader is imported here: a build whose catalogs are all compiled already
    # (a packaged one, once per install) starts without it
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    buffer = io.BytesIO()
    write_mo(buffer, read_po(io.BytesIO(source)), use_fuzzy=False)
    return buffer.getvalue()


@functools.cache
def _packaged_catalogs() -> KeptFiles:
    """Where the packaged catalogs' .mo files are kept: the package's `__pycache__`, as the packaged
    templates' compiled code is (kept.KeptFiles: written whole, and - like Python's bytecode - not
    where Python may not write, PYTHONDONTWRITEBYTECODE or `-B`, but by an install step:
    `compile_packaged_catalogs`), named with Babel's version (another Babel may write another .mo)."""
    return KeptFiles(Path(__file__).resolve().parent / "__pycache__" / f"catalogs-babel-{babel.__version__}")


def compile_packaged_catalogs() -> int:
    """Compile every packaged catalog into the package's cache, as a first build would (for an
    install step, beside render.templates.compile_packaged, as bench/suite.py's compile_ahead
    runs both); returns how many there are."""
    cache = KeptFiles(_packaged_catalogs().folder, always=True)
    paths = sorted(PACKAGED_CATALOGS.glob("*.po"))
    for path in paths:
        source = path.read_bytes()
        cache._write(_catalog_name(path, source), _compile(source))
    return len(paths)


@functools.lru_cache(maxsize=16)
def _chain(files: tuple[tuple[Path, tuple[int, int, int]], ...]) -> NullTranslations:
    chain: NullTranslations = NullTranslations()       # past every catalog: the msgid, in English
    for path, stamp in reversed(files):
        link = Translations(fp=io.BytesIO(_compiled(path, stamp)))
        link.add_fallback(chain)
        chain = link
    return chain


def translations(locale: SiteLocale) -> NullTranslations:
    """The catalogs of `locale` chained: a project's entry first, then the package's, then the msgid."""
    return _chain(tuple((path, _stamp(path)) for path in locale.catalogs))


def _stamp(path: Path) -> tuple[int, int, int]:
    """When a catalog was last saved, as far as one stat tells: its time (which a file system may
    keep to the millisecond or coarser: two saves within one tick share it), its size and its
    inode (an editor's save renames a new file over the old one)."""
    info = path.stat()
    return info.st_mtime_ns, info.st_size, info.st_ino


# --- the active locale --------------------------------------------------------------------------

ENGLISH = SiteLocale("en", "en_001", (), False)
_NO_CATALOG = NullTranslations()
_ACTIVE: contextvars.ContextVar[tuple[SiteLocale, NullTranslations] | None] = contextvars.ContextVar(
    "site_locale", default=None)


@contextlib.contextmanager
def activated(locale: SiteLocale, catalog: NullTranslations) -> Iterator[None]:
    """Everything translated or formatted inside is for `locale`."""
    token = _ACTIVE.set((locale, catalog))
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def _current() -> tuple[SiteLocale, NullTranslations]:
    # outside a render (a unit test of a view's helper, the CLI's reports): the builder's own words
    return _ACTIVE.get() or (ENGLISH, _NO_CATALOG)


def current_locale() -> SiteLocale:
    return _current()[0]


def gettext(message: str) -> str:
    return _current()[1].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current()[1].ngettext(singular, plural, n)


def count(n: int, singular: str, plural: str) -> str:
    """'3 articles', '1 article': the number as the locale writes it, the words by its plural rule.
    The msgids carry '%(num)s'."""
    return ngettext(singular, plural, n) % {"num": format_number(n)}


# --- dates and numbers ------------------------------------------------------------------------

def format_number(value: float, decimals: int | None = None) -> str:
    """12,345.5 / 12 345,5 / 12.345,5. `decimals`: at most that many (no trailing zeros)."""
    return _format_number(value, decimals, current_locale().babel)


# remembered: a site writes the same few counts thousands of times ('3 articles' on every
# page), and Babel takes ~30 us a number (~0.1 s of the real site's cold render, profiled)
@functools.lru_cache(maxsize=1 << 12, typed=True)
def _format_number(value: float, decimals: int | None, locale: str) -> str:
    if decimals is not None:
        # the locale's own pattern stops at three places: an axis of small counts, 0.1 to 0.1015 a
        # tick 0.0005 apart, had read '0.1' three times
        return _fixed(value, decimals)
    if float(value).is_integer():
        value = int(value)
    return format_decimal(value, locale=locale, group_separator=True)


# the qualifier of a partial date ("late 2023"), the words of a relative date ("after 13 June 2025")
QUALIFIED = {"early": N_("early %(date)s"), "mid": N_("mid %(date)s"), "late": N_("late %(date)s"),
             "about": N_("about %(date)s"), "week of": N_("week of %(date)s"),
             "Q1": N_("Q1 %(date)s"), "Q2": N_("Q2 %(date)s"), "Q3": N_("Q3 %(date)s"), "Q4": N_("Q4 %(date)s"),
             "H1": N_("H1 %(date)s"), "H2": N_("H2 %(date)s")}
AFTER = N_("after %(date)s")


def format_date(date: m.PartialDate) -> str:
    """A date at its own precision, as the locale writes it: '13 June 2025', '2 août 2024',
    '13. Juni 2025', 'June 2025', 'late 2023'."""
    locale = current_locale().babel
    if date.day:
        text = babel_format_date(Date(date.year, date.month, date.day), "long", locale=locale)
    elif date.month:
        text = format_skeleton("yMMMM", Date(date.year, date.month, 1), locale=locale)
    else:
        text = str(date.year)
    if date.qualifier in QUALIFIED:
        return gettext(QUALIFIED[date.qualifier]) % {"date": text}
    return f"{date.qualifier} {text}" if date.qualifier else text


def month_initial(month: int) -> str:
    """A month's one-letter name, as the locale abbreviates it on a calendar strip (CLDR narrow)."""
    return Locale.parse(current_locale().babel).months["stand-alone"]["narrow"][month]


def format_after(date: m.PartialDate) -> str:
    return gettext(AFTER) % {"date": format_date(date)}


# money: the words and the symbol's place are the catalog's ("%(symbol)s%(amount)s billion" ->
# "%(amount)s Mrd. %(symbol)s"), the number Babel's, the symbol CLDR's for the locale ("$US" in
# French, "$" in German); English keeps the builder's own symbols ("$", "C$", "CHF "), which the
# msgids were written with (CLDR's world English would write "US$")
_MONEY_SCALES = ((1e12, N_plural("%(symbol)s%(amount)s trillion", "%(symbol)s%(amount)s trillion")),
                 (1e9, N_plural("%(symbol)s%(amount)s billion", "%(symbol)s%(amount)s billion")),
                 (1e6, N_plural("%(symbol)s%(amount)s million", "%(symbol)s%(amount)s million")))
MONEY = N_("%(symbol)s%(amount)s")
# the axis's short forms ("$2.5bn"), where space is short
_MONEY_SHORT = ((1e12, N_("%(symbol)s%(amount)stn")), (1e9, N_("%(symbol)s%(amount)sbn")),
                (1e6, N_("%(symbol)s%(amount)sm")))
PERCENT = N_("%(number)s%%")


def currency_symbol(currency: str) -> str:
    code = currency or "USD"
    if Locale.parse(current_locale().babel).language == SOURCE_LANGUAGE:
        return CURRENCY_SYMBOLS.get(code, code + " ")
    return get_currency_symbol(code, locale=current_locale().babel)


def _g(value: float, digits: int = 6) -> str:
    """As Python's %g writes it (`digits` significant digits), in the locale's digits."""
    value = float(f"{value:.{digits}g}")
    decimals = max(0, digits - (math.floor(math.log10(abs(value))) + 1)) if value else 0
    return _fixed(value, decimals)


def _plural_n(value: float) -> int:
    """An integer that takes the same plural form as `value` (gettext counts whole numbers; CLDR
    knows that French says '1,5 milliard' and Spanish '1,5 millones')."""
    if float(value).is_integer():
        return int(value)
    return 1 if Locale.parse(current_locale().babel).plural_form(value) == "one" else max(2, int(value))


def format_money(amount: float, currency: str = "USD") -> str:
    """'$2.1 billion', '2,1 milliards $US', '2,1 Mrd. $', '$420,000'."""
    symbol = currency_symbol(currency)
    amount = float(f"{amount:.6g}")        # 999,999,999 (the top of "hundreds of millions") is $1 billion
    for scale, (one, many) in _MONEY_SCALES:
        if amount >= scale:
            n = round(amount / scale, 6)
            return ngettext(one, many, _plural_n(n)) % {"symbol": symbol, "amount": _g(n)}
    return gettext(MONEY) % {"symbol": symbol, "amount": format_number(round(amount))}


def format_money_short(amount: float, decimals: int, scale: float, currency: str = "USD") -> str:
    """An axis tick: '$2.5bn', '2,5 Mrd. $'; `scale` one of 1e12, 1e9, 1e6, or 1 for plain amounts."""
    number = _fixed(amount / scale, decimals)
    symbol = currency_symbol(currency)
    for s, words in _MONEY_SHORT:
        if s == scale:
            return gettext(words) % {"symbol": symbol, "amount": number}
    return gettext(MONEY) % {"symbol": symbol, "amount": number}


def _fixed(value: float, decimals: int) -> str:
    """At most `decimals` decimals, no trailing zeros ('13.5', '13'), grouped as the locale groups."""
    return format_decimal(round(value, decimals), locale=current_locale().babel,
                          format="#,##0" + ("." + "#" * decimals if decimals else ""))


def format_percent_tick(number: float, decimals: int) -> str:
    return gettext(PERCENT) % {"number": _fixed(number, decimals)}


def format_percent(number: float) -> str:
    return gettext(PERCENT) % {"number": _g(number, 3) if number != int(number) else _g(number)}


def format_count(number: float) -> str:
    return format_number(round(number)) if number >= 1000 or number == int(number) else _g(number)


_HEDGES = {"below": N_("under %(value)s"), "around": N_("about %(value)s"), "above": N_("more than %(value)s")}


def format_value(value) -> str:
    """A value's reading in the site's words: resolve/values' Value.normalized, in the locale."""
    if value.kind == "date" and value.date is not None:
        return format_date(value.date)
    if value.kind not in NUMBER_KINDS:
        return value.phrase or value.text

    def one(amount: float) -> str:
        if value.kind == "percent":
            return format_percent(amount)
        return format_count(amount) if value.kind == "count" else format_money(amount, value.currency)

    def hedged(text: str) -> str:
        return gettext(_HEDGES[value.hedge]) % {"value": text} if value.hedge in _HEDGES else text

    if value.low is not None and value.high is not None:
        text = f"{one(value.low)}–{one(value.high)}"
        return text if value.number is None or not value.hedge or value.hedge == "around" else hedged(text)
    text = one(value.number or 0)
    if value.parts:
        text += " (" + " + ".join(one(part.number or 0) for part in value.parts) + ")"
    return hedged(text)


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")


def placeholders(text: str) -> list[str]:
    """The named placeholders of a msgid or msgstr, sorted (a translation must keep them all)."""
    return sorted(_PLACEHOLDER.findall(text))
