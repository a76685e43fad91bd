"""The preview's quote picker: select words on a source page, get a citation marker for them.

Only `serve` has it: the server injects `picker_script` into a source page's HTML response
(never into a file, so the built site has none of it), and answers `QUOTE` requests from
it with `quote_for`. The script measures the selection in the cleaned text of the block
(paragraph) it starts in - the block's id and the offsets within it, not counting the
editors' translations the page adds - and the server returns the marker for those exact
words, widened to whole words and extended until unique in the source, by the same code
as `site-builder show --find` (`tools.show.unique_quote`, on the quote matcher's
`SourceIndex`).

The panel is keyboard accessible: it announces the marker (a polite live region), its
buttons are reachable with Tab, Alt+C copies the marker, Escape closes the panel.
"""
from __future__ import annotations

from collections.abc import Mapping

from ..resolve import Site
from ..resolve.anchoring import SourceIndex, normalize
from ..tools.show import unique_quote
from .scripts import inline_script

QUOTE = "/__site_builder__/quote"


def quote_for(site: Site, query: Mapping[str, str]) -> tuple[int, dict]:
    """(HTTP status, JSON answer) for a picker request: `source`, `block` (its id), `start` and
    `end` (offsets in that block's text) and `text` (the selected words, to check them by)."""
    source_id, block_id = query.get("source", ""), query.get("block", "")
    cleaned = site.cleaned.get(source_id)
    if cleaned is None:
        return 404, {"error": f"no source '{source_id}'"}
    block = next((b for b in cleaned.blocks if b.id == block_id), None)
    if block is None:
        return 404, {"error": f"no block '{block_id}' in {source_id}"}
    try:
        start, end = int(query.get("start", "")), int(query.get("end", ""))
    except ValueError:
        return 400, {"error": "start and end must be whole numbers"}
    start, end = max(0, min(start, len(block.text))), max(0, min(end, len(block.text)))
    if end <= start:
        return 400, {"error": "select some words first"}
    selected = query.get("text", "")
    if selected and normalize(selected)[0] != normalize(block.text[start:end])[0]:
        # the page and the cleaned text disagree on where the words are: find them in the block
        at = normalize(block.text)[0].find(normalize(selected)[0])
        if at == -1:
            return 409, {"error": "the selection is not in the cleaned text of this paragraph"}
        norm_map = SourceIndex(source_id, block.text)
        start, end = norm_map.original_span(at, at + len(normalize(selected)[0]))
    index = SourceIndex(source_id, cleaned.text)
    found = unique_quote(cleaned, index, block.start + start, block.start + end)
    return 200, {"source": source_id, "block": found.block, "quote": found.quote, "marker": found.marker,
                 "start": found.start, "end": found.end, "occurrences": found.occurrences}


def picker_script(source_id: str) -> bytes:
    """The picker for one source page (static/picker.js): measures the selection, asks QUOTE, shows the marker."""
    return inline_script("picker.js", "data-site-builder-picker", {"endpoint": QUOTE, "source": source_id})
