"""Embedding: where a card and its oEmbed document live, the snippet a host pastes, the document.

One place for what the claim page's "Embed" section, the cards and the data export all say,
so the snippet a reader copies and the `html` of the oEmbed document are the same bytes.

Embed code is made of absolute URLs (a host's page is elsewhere): without the site's public
address (`base_url`) there is no correct one, so none is made. The cards themselves work
everywhere (their own links are relative).
"""
from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING, TypedDict
from urllib.parse import urlsplit

from ..i18n import gettext
from ..resolve.quantities import VALUE_KINDS

if TYPE_CHECKING:
    from ..resolve.comparisons import Comparison
    from .context import PageContext
    from .pages import PageKind

# the namespaced message a card posts to its host (assets/embed-card.js -> assets/embed.js)
MESSAGE_TYPE = "explainer-embed:height"
FRAME_ATTRIBUTE = "data-explainer-embed"        # marks the frames the host script resizes
HOST_SCRIPT = "assets/embed.js"
# What a card needs of a sandbox: its own script (it reports its height), top navigation on a
# reader's click only (links open the explainer in the host's tab; no script can move the host
# page), popups that leave the sandbox (a link opened in a new tab is a normal page). Not its
# own origin (allow-same-origin): with allow-scripts it would let a frame of the host's own
# origin lift its sandbox (the Nu checker warns); the card's messages then come from the origin
# "null", and the host script checks the origin it was given against the frame's address.
SANDBOX = "allow-scripts allow-top-navigation-by-user-activation allow-popups allow-popups-to-escape-sandbox"
WIDTH = 640             # px: the oEmbed document's width (the frame itself takes its column's width)


def oembed_path(card: str) -> str:
    """The card's oEmbed document, beside it: embed/claims/x.html -> embed/claims/x.oembed.json."""
    return card.removesuffix(".html") + ".oembed.json"


def card_height(kind: PageKind, comparison: Comparison | None = None) -> int:
    """A card's height in a plain frame about WIDTH px wide, before the host script (if any) fits
    it to its content: a claim's card grows with its statements (two columns) and its chart."""
    if comparison is None:
        return kind.card_height
    statements = len(comparison.statements)
    chart = 90 + 60 * statements if comparison.claim.kind in VALUE_KINDS and statements else 0
    return kind.card_height + 180 * math.ceil(statements / 2) + chart


def origin(base_url: str) -> str:
    """The scheme, host and port the cards are served from: what the host script checks."""
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}"


def snippet(base_url: str, card: str, title: str, height: int) -> str:
    """The embed code: a frame that works alone at a fixed height, and the host script that
    resizes it to its content. `base_url` ends with a slash."""
    attr = html.escape
    return (f'<iframe src="{attr(base_url + card)}" title="{attr(title)}" height="{height}" '
            f'style="width:100%;border:0" loading="lazy" sandbox="{SANDBOX}" {FRAME_ATTRIBUTE}></iframe>\n'
            f'<script src="{attr(base_url + HOST_SCRIPT)}" data-origin="{attr(origin(base_url))}" async></script>')


def oembed_document(base_url: str, card: str, title: str, height: int, provider: str) -> dict:
    """The static oEmbed 1.0 document of a card (type `rich`: the frame and the host script)."""
    return {"version": "1.0", "type": "rich", "title": title, "provider_name": provider,
            "provider_url": base_url, "html": snippet(base_url, card, title, height),
            "width": WIDTH, "height": height, "cache_age": 86400}


class EmbedSection(TypedDict):
    card: str                       # the card, relative to the page showing the section
    code: str                       # the embed code ("" without a base_url)
    oembed: str                     # the oEmbed document's absolute URL ("" without a base_url)
    others: list[tuple[str, str]]   # the site's other cards, (label, href): found nowhere else
    copy_js: str                    # the copy button's script


def embed_section(ctx: PageContext, kind_name: str, key: str, title: str,
                  comparison: Comparison | None = None) -> EmbedSection:
    """What a page shows to embed its card: the code to copy, and where the card is."""
    kinds = ctx.renderer.page_kinds
    card = kinds[kind_name].address(key)
    base = ctx.renderer.base_url
    others = [(gettext(kind.label), ctx.rel(kind.address())) for kind in kinds.values()
              if kind.card_of and not kind.record and kind.name != kind_name]
    height = card_height(kinds[kind_name], comparison)
    return {"card": ctx.rel(card), "code": snippet(base, card, title, height) if base else "",
            "oembed": base + oembed_path(card) if base else "", "others": others,
            "copy_js": ctx.rel("assets/embed-copy.js")}
