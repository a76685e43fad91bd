"""The one table of page kinds: what the site renders, with which view, and how each kind
is treated (backlinks, labels, sitemap, search). Render, the sitemap, the search index and
the navigation all read it."""
from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .. import urls
from ..i18n import N_
from ..kinds import HOME_PAGE_ID
from ..resolve import Site
from .context import Backlinks, PageContext, PageSpec
from .slots import Backfill
from .views.claims import view_claim, view_claims, view_matrix
from .views.embed import view_claim_card, view_figures_card, view_timeline_card
from .views.entities import fill_entity, view_organization, view_organizations, view_people, view_person
from .views.home import view_home
from .views.narrative import view_not_found, view_page, view_search
from .views.sources import fill_source, fill_sources, view_source, view_sources
from .views.timeline import view_timeline
from .vocabulary import EMBED

View = Callable[[PageContext, PageSpec, Backlinks], tuple[str, Mapping[str, object]]]


@dataclass(frozen=True)
class PageKind:
    name: str
    view: View
    path: str = ""              # a single page: where it is; a record page not at its record's address: "…/{id}.html"
    record: str = ""            # one page per record of this kind (its address from kinds.py)
    label: str = ""             # how lists of pages name a single page; record pages use the record's label
    backlinks: Backfill | None = None    # lists who cites or links to it: filled in once every page is known
    section: str = ""           # a section of the main navigation, under this title
    search: str | None = "Index"    # the search filter it is indexed under; None: not indexed
    sitemap: bool = True
    noindex: bool = False       # served at any address (404): robots noindex, no canonical, absolute links
    # an embeddable card of that kind's page (same record): its canonical link, robots noindex, and
    # neither its citations nor its links count as backlinks (it repeats its page, in a frame)
    card_of: str = ""
    card_height: int = 0        # a card's height in px in a plain frame (a claim's: with no statement; embedding.py)

    def address(self, key: str = "") -> str:
        """Where its page (for the record `key`, if it has one) lives."""
        if self.record:
            return self.path.format(id=key) if self.path else urls.record(self.record, key)
        return self.path


ENTITY_BACKLINKS = Backfill("entities", fill_entity, "backlinks/entity.html")
PAGE_KINDS: dict[str, PageKind] = {kind.name: kind for kind in (
    PageKind("home", view_home, path=urls.HOME, label=N_("Home"), search=N_("Home")),
    PageKind("page", view_page, record="page", search=N_("Explainer")),
    PageKind("timeline", view_timeline, path=urls.TIMELINE, label=N_("Timeline"), section=N_("Timeline"), search=N_("Timeline")),
    PageKind("claims", view_claims, path=urls.CLAIMS, label=N_("Comparisons"), section=N_("Comparisons"),
             search=N_("Comparisons")),
    PageKind("matrix", view_matrix, path=urls.MATRIX, label=N_("Comparison matrix"), search=N_("Comparisons")),
    PageKind("people", view_people, path=urls.PEOPLE, label=N_("People"), section=N_("People")),
    PageKind("organizations", view_organizations, path=urls.ORGANIZATIONS, label=N_("Organizations"),
             section=N_("Organizations")),
    PageKind("sources", view_sources, path=urls.SOURCES, label=N_("Sources"), section=N_("Sources"),
             backlinks=Backfill("passages", fill_sources, "backlinks/sources.html")),
    PageKind("404", view_not_found, path="404.html", label=N_("Page not found"), search=None, sitemap=False,
             noindex=True),
    PageKind("search", view_search, path=urls.SEARCH, label=N_("Search"), search=None, sitemap=False),
    PageKind("claim", view_claim, record="claim", search=N_("Comparison")),
    PageKind("person", view_person, record="person", search=N_("Person"), backlinks=ENTITY_BACKLINKS),
    PageKind("organization", view_organization, record="organization", search=N_("Organization"),
             backlinks=ENTITY_BACKLINKS),
    PageKind("source", view_source, record="source", search=N_("Source article"),
             backlinks=Backfill("passages", fill_source, "backlinks/source.html")),
    PageKind("claim-card", view_claim_card, path="embed/claims/{id}.html", record="claim", label=N_("Comparison card"),
             search=None, sitemap=False, card_of="claim", card_height=360),
    PageKind("figures-card", view_figures_card, path="embed/key-figures.html", label=EMBED.msgids["key_figures"],
             search=None, sitemap=False, card_of="home", card_height=1120),
    PageKind("timeline-card", view_timeline_card, path="embed/timeline.html", label=EMBED.msgids["timeline"],
             search=None, sitemap=False, card_of="timeline", card_height=660),
)}
CARD_KINDS = {name: kind for name, kind in PAGE_KINDS.items() if kind.card_of}
SECTIONS = [(kind.section, kind.path) for kind in PAGE_KINDS.values() if kind.section]


def page_specs(site: Site) -> list[PageSpec]:
    """Every page of the site, in the table's order (record pages by id)."""
    c = site.content
    ids = {"page": sorted(pid for pid in c.pages if pid != HOME_PAGE_ID), "claim": sorted(c.claims),
           "person": sorted(c.people), "organization": sorted(c.organizations), "source": sorted(site.cleaned)}
    specs: list[PageSpec] = []
    for kind in PAGE_KINDS.values():
        if kind.record:
            specs += _record_specs(kind.name, tuple(ids[kind.record]))
        else:
            specs.append(PageSpec(kind.path, kind.name))
    return specs


@functools.lru_cache(maxsize=len(PAGE_KINDS))
def _record_specs(kind: str, ids: tuple[str, ...]) -> tuple[PageSpec, ...]:
    """The pages of a kind's records: the same while its ids are (an edit's build makes no 4,000
    PageSpecs again; a frozen dataclass's __init__ is the cost of a page's spec)."""
    return tuple(PageSpec(PAGE_KINDS[kind].address(rid), kind, rid) for rid in ids)
