"""`site-builder draft`: propose the annotations from the articles, for an editor to curate.

Reads the project's cleaned articles and proposes people, organizations, events and claims
(`proposals`), each quote verified against its article. By default it prints a readable report
and writes nothing; `--json` prints the proposals as one object; `--write` writes them (all, or
`--only` some kinds or ids) as YAML files marked `draft: true`, never over an existing file.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from ...pipeline import load_and_resolve
from .proposals import Draft, make_draft
from .write import KINDS, write_draft

__all__ = ["KINDS", "draft_json", "make_draft", "run_draft"]


def draft_json(draft: Draft) -> dict[str, Any]:
    """The documented shape, exactly: site_builder/manual/content-schema.md ("Drafting from the articles"; `site-builder docs draft`)."""
    def entities(items) -> list[dict[str, Any]]:
        return [{"name": e.name, "aliases": list(e.aliases),
                 "mentions": [{"source": c.source, "quote": c.quote} for c in e.mentions]} for e in items]
    return {
        "people": entities(draft.people),
        "organizations": entities(draft.organizations),
        "events": [{"date": e.date.iso, "title": e.title,
                    "citations": [{"source": c.source, "quote": c.quote} for c in e.citations]} for e in draft.events],
        "claims": [{"kind": c.kind, "statements": [{"source": s.source, "quote": s.quote, "value": s.value}
                                                   for s in c.statements]} for c in draft.claims],
    }


def _report(draft: Draft, out: TextIO) -> None:
    def line(text: str = "") -> None:
        print(text, file=out)

    for title, items in (("People", draft.people), ("Organizations", draft.organizations)):
        line(f"{title} ({len(items)} proposed)")
        for e in items:
            aka = f" (also {', '.join(e.aliases)})" if e.aliases else ""
            line(f"  {e.id}: {e.name}{aka}: {e.count} mention{'s' if e.count != 1 else ''} "
                 f"in {len(e.mentions)} article{'s' if len(e.mentions) != 1 else ''}")
            if e.role:
                line(f"      role: {e.role}")
            for cite in e.mentions:
                line(f'      [[cite:{cite.source} "{cite.quote}"]]')
        line()
    if draft.known:
        line(f"Already in the project ({len(draft.known)}): "
             + ", ".join(f"{e.name} ({e.existing})" for e in draft.known))
        line()
    line(f"Events ({len(draft.events)} proposed)")
    for ev in draft.events:
        line(f"  {ev.id}: {ev.date.label} ({ev.date.precision}): {ev.title}")
        for cite in ev.citations:
            line(f'      [[cite:{cite.source} "{cite.quote}"]]')
    line()
    line(f"Claims ({len(draft.claims)} proposed)")
    for claim in draft.claims:
        line(f"  {claim.id}: {claim.kind}, {claim.status or 'not comparable'}: {claim.question}")
        for s in claim.statements:
            line(f'      {s.source} {s.value!r}: "{s.quote}"')
    for shown, claims in draft.covered:
        line(f"  (already compared by {claims}: {shown})")
    line()
    line("Nothing was written. `site-builder draft --write` writes these as files marked `draft: true` "
         "(or `--write --only people,claims`, or ids); each page says it is a draft until you remove the mark.")


def run_draft(root: Path, *, as_json: bool = False, write: bool = False, only: str | None = None,
              out: TextIO | None = None) -> int:
    out = out or sys.stdout
    if not (root / "content").is_dir():
        print(f"error: {root} has no content/ folder; run from the project root or pass --root DIR", file=sys.stderr)
        return 2
    if only is not None and not write:
        print("error: --only chooses what --write writes: add --write", file=sys.stderr)
        return 2
    site = load_and_resolve(root)
    if site is None:
        return 1
    draft = make_draft(site)
    if not site.cleaned and not as_json:
        print("The project has no article yet: put them in seeds/, then `site-builder new source FILE` for each.",
              file=sys.stderr)
    if write:
        return write_draft(root, site.content, draft, only, out)
    if as_json:
        out.write(json.dumps(draft_json(draft), ensure_ascii=False, indent=2) + "\n")
        return 0
    _report(draft, out)
    return 0
