"""The theme's message catalogs: every msgid the builder and the default theme use, and the
shipped `.po` files kept in step with them.

    python -m site_builder.tools.catalogs          # add new msgids to each catalog (empty: to translate),
                                                   # mark dropped ones obsolete, report what is untranslated

The `.po` files are the sources (in git, shipped in the package); they are compiled in memory when
a site is built (i18n.py), never to a committed `.mo`. tests/test_i18n.py fails while a catalog
misses a msgid, has an empty or fuzzy entry, or drops a placeholder.
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from ..i18n import PACKAGED_CATALOGS, SOURCE_LANGUAGE

PACKAGE = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "N_plural": (1, 2)}
METHODS = [("themes/**/templates/**.html", "jinja2.ext:babel_extract"),
           ("themes/**/templates/*.html", "jinja2.ext:babel_extract"),
           ("**.py", "python")]
OPTIONS = {"themes/**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true",
                                           "lstrip_blocks": "true"},
           "themes/**/templates/*.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true",
                                          "lstrip_blocks": "true"}}


def extract() -> Catalog:
    """Every msgid in the package's Python and the default theme's templates."""
    catalog = Catalog(project="site_builder", locale=SOURCE_LANGUAGE)
    for filename, lineno, message, comments, context in extract_from_dir(
            PACKAGE, METHODS, OPTIONS, KEYWORDS, strip_comment_tags=True):
        if filename.startswith(("tests", "bench")):
            continue
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def update(path: Path, template: Catalog) -> list[str]:
    """Add the template's new msgids to the catalog at `path`, keep its translations; returns the
    msgids still untranslated there."""
    with path.open("rb") as f:
        catalog = read_po(f)
    catalog.update(template, no_fuzzy_matching=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=120, omit_header=False, sort_output=False, ignore_obsolete=True,
                 include_lineno=False)
    return [str(m.id) for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]


def main() -> int:
    template = extract()
    for path in sorted(PACKAGED_CATALOGS.glob("*.po")):
        missing = update(path, template)
        print(f"{path.name}: {len(template) - len(missing)} of {len(template)} translated")
        for msgid in missing:
            print(f"  untranslated: {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
