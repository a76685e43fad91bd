"""The open data export (`data/explainer.json`) and the site's machine-readable files.

Every `url` is relative to the site root. The JSON Schema is docs/explainer.schema.json.
"""
from __future__ import annotations

import functools
import html
import json
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from .. import model as m
from .. import urls
from ..i18n import N_, format_after, format_date, gettext  # the feed and card titles: in the site's language
from ..markup import plain_text
from ..render import PAGE_KINDS, Backlinks, RenderedPage
from ..render.embedding import card_height, oembed_document, oembed_path
from ..render.vocabulary import badge
from ..resolve import Site
from ..resolve.anchoring import Anchor
from ..resolve.comparisons import SINGLE, Comparison
from ..resolve.timeline import TimelineEntry
from ..slugs import slug
from .annotations import ANNOTATIONS, Cited, Since, annotations_jsonld
from .fragments import Basis, Fragments, dumps, dumps_items


def xml_escape(text: str) -> str:
    """Text for XML (html.escape: xml.sax.saxutils would import urllib.request, 10 ms a build)."""
    return html.escape(text, quote=False)


def quoteattr(text: str) -> str:
    return f'"{html.escape(text, quote=True)}"'


def _anchor_url(source: str, passage_id: str) -> str:
    return urls.passage(source, passage_id)


def _draft(record) -> dict:
    """`"draft": true` on a record not yet reviewed (`draft: true`); nothing on the others."""
    return {"draft": True} if record.draft else {}


def _claim(claim_id: str, claim, comparison: Comparison | None) -> dict:
    """A claim with its positions, which are compatible, and where each statement stands."""
    data: dict = {"id": claim_id, "question": claim.question, "kind": claim.kind,
                  "status": comparison.status if comparison else SINGLE, "url": urls.record("claim", claim_id),
                  "positions": [], "relations": [], "statements": []}
    if comparison is None:
        return data
    data["positions"] = [{"id": p.id, "label": p.label, "sources": list(p.sources),
                          "majority": p.id in comparison.bloc} for p in comparison.positions]
    data["relations"] = [{"positions": [r.a, r.b], "relation": r.kind} for r in comparison.relations]
    for s in comparison.statements:
        value = s.value
        data["statements"].append({
            "source": s.source, "position": s.position, "cell": s.cell, "badge": badge(comparison, s),
            "says": value.text if value else None, "value": value.normalized if value else None,
            "number": value.number if value else None, "low": value.low if value else None,
            "high": value.high if value else None, "hedge": (value.hedge or None) if value else None,
            "date": value.date.iso if value and value.date else None,
            "currency": (value.currency or "USD") if value and value.kind == "money" else None,
            "derived": (value.derived or None) if value else None,
            "exact": s.anchor.exact, "citations": [f"{a.source}:{a.passage_id}" for a in s.anchors],
            "citation": f"{s.source}:{s.anchor.passage_id}"})
    return data


def _embed(claim_id: str, base_url: str) -> dict:
    """A claim's card, and its oEmbed document (written only with a base_url: None without)."""
    card = PAGE_KINDS["claim-card"].address(claim_id)
    return {"card": card, "oembed": oembed_path(card) if base_url else None}


def data_files(site: Site, pages: list[RenderedPage], backlinks: Backlinks, base_url: str,
               stamp: str, fragments: Fragments | None = None, basis: Basis | None = None) -> dict[str, bytes]:
    """The machine-readable files: the open data export, the citations as W3C Web Annotations,
    each source's cleaned text, sitemap, robots.txt and feed. With `fragments` (kept in the
    build state) and the last good build (`basis`), the export and the annotations are joined
    from the basis's chunks whose inputs did not change."""
    fragments = fragments if fragments is not None else Fragments()
    fragments.begin()
    since = Since(Cited(basis.site, basis.backlinks) if basis is not None else None, Cited(site, backlinks))
    return {path: make() for path, make in _data_makers(site, pages, backlinks, base_url, stamp, fragments,
                                                          basis, since).items()}


def data_paths(site: Site, base_url: str = "") -> list[str]:
    """The paths of `data_files`, without making them (what the link check needs; with the
    site's address, the cards' oEmbed documents too)."""
    return list(_data_makers(site, [], Backlinks({}, {}), base_url, "", Fragments(), None, None))


def _data_makers(site: Site, pages: list[RenderedPage], backlinks: Backlinks, base_url: str, stamp: str,
                 fragments: Fragments, basis: Basis | None, since: Since | None) -> dict[str, Callable[[], bytes]]:
    texts = {cleaned_text_path(sid): cleaned.text for sid, cleaned in sorted(site.cleaned.items())}
    return {urls.DATA: lambda: explainer_json(site, backlinks, base_url, fragments, basis, since),
            ANNOTATIONS: lambda: annotations_jsonld(site, backlinks, base_url, fragments, basis, since),
            "sitemap.xml": lambda: sitemap(base_url, pages), "robots.txt": lambda: robots(base_url),
            FEED: lambda: atom_feed(site, base_url, stamp, fragments, basis, since),
            **{path: functools.partial(str.encode, text, "utf-8") for path, text in texts.items()},
            **oembed_makers(site, base_url)}


def _cards(site: Site) -> dict[str, tuple[str, int]]:
    """Every card of the site: its path -> its title and its height in a plain frame (one per
    claim, the key figures, the timeline). Titles as its page's: a claim's question, else the label."""
    c = site.content
    cards: dict[str, tuple[str, int]] = {}
    for kind in PAGE_KINDS.values():
        if kind.card_of and kind.record:
            cards.update((kind.address(cid), (claim.question, card_height(kind, site.comparisons.get(cid))))
                         for cid, claim in sorted(c.claims.items()))
        elif kind.card_of:
            cards[kind.address()] = (f"{gettext(kind.label)} · {c.site.title}", card_height(kind))
    return cards


def oembed_makers(site: Site, base_url: str) -> dict[str, Callable[[], bytes]]:
    """The static oEmbed document of each card. Its URLs must be absolute: without the site's
    address (base_url) no correct document exists, and none is written (nor linked)."""
    if not base_url:
        return {}
    base = base_url.rstrip("/") + "/"

    def make(card: str, title: str, height: int) -> bytes:
        document = oembed_document(base, card, title, height, site.content.site.title)
        return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return {oembed_path(card): functools.partial(make, card, title, height)
            for card, (title, height) in _cards(site).items()}


def cleaned_text_path(source_id: str) -> str:
    """Where a source's cleaned text is exported: exactly what quotes are matched against and
    what the export's citation `start`/`end` count in (code points), UTF-8."""
    return f"data/sources/{source_id}.txt"


def explainer_json(site: Site, backlinks: Backlinks, base_url: str = "", fragments: Fragments | None = None,
                   basis: Basis | None = None, since: Since | None = None) -> bytes:
    """The open data export, joined from one encoded chunk per source, person, organization,
    event and claim, and one per source's citations; with the last good build (`basis`, and
    what changed `since`) and `fragments`, the chunks whose inputs are unchanged are the
    basis's bytes."""
    f = fragments if fragments is not None else Fragments()
    c = site.content
    comparisons = site.comparisons
    since = since if since is not None else Since(None, Cited(site, backlinks))
    now = since.now
    # the badges and readings are in the site's language: a chunk made in another is not this one's
    out = f.joiner(urls.DATA, (base_url, c.site.language), basis)
    reusing = out.reusing and since.then is not None
    Key = tuple[str, str]       # (record kind, id): each record's chunk; ("citations", source id)

    def section(name: str, keys: list[Key], same: Callable[[Key], bool], make: Callable[[Key], str]) -> None:
        out.text(("," if name == "sources" else "],") + f'"{name}":[')    # (the first after the site's head)
        out.chunks(keys, same if reusing else None, make)

    def cites(owner: Key) -> list[str]:
        return sorted({f"{a.source}:{a.passage_id}" for a in now.anchors(owner)})

    out.text('{"site":' + dumps({"title": c.site.title, "description": c.site.description,
                                 "language": c.site.language}))

    def source(key: Key) -> str:
        s, cleaned = c.sources[key[1]], key[1] in site.cleaned
        return dumps({"id": s.id, "label": s.label, "title": s.title, "outlet": s.outlet, "author": s.author,
                      "date": s.date.iso if s.date else None, "url": s.url, "seed_file": s.seed,
                      "page": urls.record("source", s.id), "raw": urls.raw_seed(s.id),
                      "text": cleaned_text_path(s.id) if cleaned else None})
    section("sources", [("source", sid) for sid in sorted(c.sources)],
            lambda key: since.same_record(key) and since.unchanged(lambda cited: key[1] in cited.site.cleaned), source)

    def person(key: Key) -> str:
        p = c.people[key[1]]
        return dumps({"id": p.id, "name": p.name, "aliases": list(p.aliases), "url": urls.record("person", p.id),
                      "roles": [{"title": r.title, "organization": r.organization.id if r.organization else None,
                                 "from": r.start.iso if r.start else None, "to": r.end.iso if r.end else None}
                                for r in p.roles],
                      "citations": cites(key), **_draft(p)})
    section("people", [("person", pid) for pid in sorted(c.people)], since.same_citations, person)

    def organization(key: Key) -> str:
        o = c.organizations[key[1]]
        return dumps({"id": o.id, "name": o.name, "aliases": list(o.aliases), "kind": o.kind,
                      "url": urls.record("organization", o.id),
                      "relationships": [{"with": r.target.id, "relation": r.relation} for r in o.relationships],
                      "citations": cites(key), **_draft(o)})
    section("organizations", [("organization", oid) for oid in sorted(c.organizations)], since.same_citations,
            organization)

    def event(key: Key) -> str:
        t = now.entries[key[1]]
        e = t.event
        return dumps({"id": e.id, "title": e.title, "date": e.date.iso if e.date else None,
                      "precision": e.date.precision if e.date else None,
                      "qualifier": (e.date.qualifier or None) if e.date else None,
                      "date_basis": e.date_basis, "date_reason": e.date_reason or None,
                      "after": e.after.id if e.after else None, "year_only": t.year_only,
                      "url": urls.record("event", e.id),
                      "people": [r.id for r in e.people], "organizations": [r.id for r in e.organizations],
                      "alternatives": [{"date": a.date.iso, "precision": a.date.precision} for a in e.alternatives],
                      "citations": cites(key), **_draft(e)})

    def same_event(key: Key) -> bool:
        # an entry is more than its record: an `after:` event is dated by the one it follows
        return since.unchanged(lambda cited: cited.entries.get(key[1])) and since.same_citations(key)
    section("events", [("event", t.event.id) for t in site.timeline], same_event, event)

    def claim(key: Key) -> str:
        record, comparison = c.claims[key[1]], comparisons.get(key[1])
        return dumps({**_claim(key[1], record, comparison), "embed": _embed(key[1], base_url), **_draft(record)})
    section("claims", [("claim", cid) for cid in sorted(c.claims)],
            lambda key: since.same_record(key) and since.same_comparison(key[1]), claim)

    # each passage once (the first anchor of it: every anchor of one passage is the same span),
    # sources by id, passages by id: a source's citations are one chunk
    by_source = site.indexes.anchors_by_source

    def citations(key: Key) -> str:
        passages: dict[str, Anchor] = {}
        for anchor in by_source[key[1]]:
            passages.setdefault(anchor.passage_id, anchor)
        return dumps_items([_citation(anchor, backlinks) for _, anchor in sorted(passages.items())])

    def same_citations(key: Key) -> bool:
        sid = key[1]
        return not (sid in since.recleaned or sid in since.requoted or sid in since.moved_sources)
    section("citations", [("citations", sid) for sid in sorted(by_source) if by_source[sid]], same_citations,
            citations)
    out.text("]}\n")
    return out.done()


def _citation(a: Anchor, backlinks: Backlinks) -> dict:
    return {"id": f"{a.source}:{a.passage_id}", "source": a.source, "exact": a.exact, "prefix": a.prefix,
            "suffix": a.suffix, "start": a.start, "end": a.end, "status": "ok",
            "url": _anchor_url(a.source, a.passage_id),
            "cited_from": [target for target, _ in backlinks.passages.get(f"{a.source}#{a.passage_id}", [])]}


def sitemap(base_url: str, pages: list[RenderedPage]) -> bytes:
    base = base_url.rstrip("/") + "/" if base_url else ""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in sorted(pages, key=lambda p: p.path):
        if not PAGE_KINDS[page.kind].sitemap:
            continue
        lines.append(f"  <url><loc>{xml_escape(base + page.path)}</loc></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(base_url: str) -> bytes:
    text = "User-agent: *\nAllow: /\n"
    if base_url:
        text += f"Sitemap: {base_url.rstrip('/')}/sitemap.xml\n"
    return text.encode("utf-8")


FEED = "feed.xml"
FEED_TITLE = N_("%(site)s: timeline")


def atom_feed(site: Site, base_url: str, updated: str, fragments: Fragments | None = None,
              basis: Basis | None = None, since: Since | None = None) -> bytes:
    """An Atom feed of timeline events, newest first; ids are tag URIs, stable across builds
    (see `tag_authority`): an entry's id is the event's id, dated with the event's own date.
    With the last good build (`basis`) and `fragments`, an entry whose timeline entry is
    unchanged is the basis's bytes."""
    f = fragments if fragments is not None else Fragments()
    c = site.content
    base = base_url.rstrip("/") + "/" if base_url else ""
    authority = tag_authority(site, base_url, updated)
    # the dates are in the site's language: an entry made in another is not this one's
    out = f.joiner(FEED, (base, authority, c.site.language), basis)
    reusing = out.reusing and since is not None and since.then is not None
    out.text("\n".join([
        '<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{xml_escape(gettext(FEED_TITLE) % {'site': c.site.title})}</title>",
        f"  <id>tag:{authority}:feed</id>",
        f"  <updated>{updated}</updated>",
        f"  <author><name>{xml_escape(c.site.author or c.site.title)}</name></author>",
        f'  <link rel="alternate" href={quoteattr(base + urls.TIMELINE)}/>']))

    def entry(event_entry: TimelineEntry) -> str:
        event, date = event_entry.event, event_entry.date
        stamp = f"{date.year:04d}-{max(date.month, 1):02d}-{max(date.day, 1):02d}T00:00:00Z"
        label = format_date(event.date) if event.date is not None else format_after(date)
        return "\n".join([
            "  <entry>", f"    <title>{xml_escape(label)}: {xml_escape(event.title)}</title>",
            f"    <id>tag:{authority}:event/{event.id}</id>", f"    <updated>{stamp}</updated>",
            f'    <link rel="alternate" href={quoteattr(base + urls.record("event", event.id))}/>',
            f"    <summary>{xml_escape(plain_text(event.summary.value, limit=2000))}</summary>", "  </entry>"])

    def same(key: tuple[str, str]) -> bool:
        return m.unchanged(since.basis.entries.get(key[1]), entries[key[1]])  # type: ignore[union-attr]

    out.text("\n")
    entries = {t.event.id: t for t in site.timeline}
    out.chunks([("entry", t.event.id) for t in reversed(site.timeline)], same if reusing else None,
               lambda key: entry(entries[key[1]]), "\n")
    out.text("\n</feed>\n")
    return out.done()


def tag_authority(site: Site, base_url: str, updated: str) -> str:
    """The `authority,date` of the feed's tag URIs (RFC 4151), from the site itself: the host of
    the base URL (else the site title as a DNS-style name), and the date of the earliest dated
    article (else the earliest event, else the build date). Both stay put while the site's
    address or title and its articles do: re-dating an event, adding a later one, or a rebuild
    changes no id."""
    c = site.content
    host = urlsplit(base_url).hostname if base_url else None
    if not host:
        host = slug(c.site.title, 63) or "site-builder"      # a DNS label: at most 63 characters
    dated = [s.date for s in c.sources.values() if s.date is not None]
    if not dated:
        dated = [entry.date for entry in site.timeline]
    # "2021", "2021-03" or "2021-03-05": each a valid tag date
    return f"{host},{min(dated).iso if dated else updated[:10]}"


def build_timestamp(site: Site, epoch: str | None) -> str:
    """From SOURCE_DATE_EPOCH when set, else from the content itself (never the clock): the
    latest event (else article) date, else the Unix epoch (a project with no dates at all)."""
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    dates: list[m.PartialDate] = [entry.date for entry in site.timeline]
    dates = dates or [s.date for s in site.content.sources.values() if s.date is not None]
    if not dates:
        return "1970-01-01T00:00:00Z"
    latest = max(dates)
    return f"{latest.year:04d}-{max(latest.month, 1):02d}-{max(latest.day, 1):02d}T00:00:00Z"
