"""What changed between two builds: file events as `Change`s, and what they touch as
dependency keys (deps.py), so that an incremental build renders exactly the stale pages.

What changed is found by comparing the previous and the new resolved site - records are
frozen dataclasses, so equality works - never by trusting timestamps.
"""
from __future__ import annotations

import dataclasses
import fnmatch
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import deps
from .. import model as m
from ..i18n import CATALOG_FOLDER
from ..kinds import BY_FOLDER, ENTITY_KINDS, RECORD_KINDS, records

if TYPE_CHECKING:       # (the render stage is imported by the build that renders)
    from ..render import PageSet, PageSpec, Renderer
    from ..resolve import Site
    from ..resolve.mentions import Entity, Mention


@dataclass(frozen=True)
class Change:
    """One changed path, by what it is to the build (after Zola's change kinds).

    kind: "record" (content/<folder>/<file> of a record kind), "page" (content/pages/*.md),
    "site" (content/site.yaml), "seed", "template", "asset" (theme static file), "catalog" (a
    message catalog, themes/<name>/locale/*.po), or "folder" (a folder appeared, vanished or
    moved: everything is read again)."""

    kind: str
    path: str            # relative to the project root, posix
    folder: str = ""     # record and page: the folder under content/
    template: str = ""   # template: its name, as templates refer to it


# changes that only a full load can take in (a theme file: the load checks the theme's files, and
# that the site's language has a catalog)
FULL_LOAD = frozenset({"site", "seed", "folder", "template", "asset", "catalog"})
# changes to what every page says though no record changed (a catalog's words are on every page,
# in the data export's badges and in the cards): everything is rendered and exported again
EVERY_PAGE = frozenset({"catalog"})


def classify(root: Path, theme: str, path: Path, is_directory: bool = False) -> Change | None:
    """What a changed path is to the build, or None when the build never reads it (editor
    swap and backup files, other themes, ...)."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return None
    if not parts:
        return None
    name = "/".join(parts)
    theme_parts = ("themes", theme)
    if is_directory:
        inside = parts[0] in ("content", "seeds") or parts[:2] == theme_parts
        return Change("folder", name) if inside else None
    if parts[0] == "content":
        if parts[1:] == ("site.yaml",):
            return Change("site", name)
        kind = BY_FOLDER.get(parts[1]) if len(parts) == 3 else None
        if kind is not None and fnmatch.fnmatchcase(parts[2], kind.pattern):
            return Change("page" if kind.name == "page" else "record", name, folder=parts[1])
        return None
    if parts[0] == "seeds" and len(parts) == 2:
        return Change("seed", name)
    if parts[:2] == theme_parts and len(parts) > 3:
        if parts[2] == "templates":
            return Change("template", name, template="/".join(parts[3:]))
        if parts[2] == "static":
            return Change("asset", name)
        if parts[2] == CATALOG_FOLDER and len(parts) == 4 and parts[3].endswith(".po"):
            return Change("catalog", name)
    return None


def changed_keys(before: tuple[Site, Renderer], after: tuple[Site, Renderer]) -> frozenset[str] | None:
    """The dependency keys whose inputs differ between two builds; None means every page
    (a record came or went, or the settings, navigation, build date or theme changed)."""
    (old_site, old_renderer), (new_site, new_renderer) = before, after
    old, new = old_site.content, new_site.content
    if any(records(old, kind).keys() != records(new, kind).keys() for kind in RECORD_KINDS):
        return None
    if (old.site != new.site or old_renderer.build_date != new_renderer.build_date
            or old_renderer.base_url != new_renderer.base_url or old_renderer.theme != new_renderer.theme
            or _site_view(old_renderer) != _site_view(new_renderer)):
        return None
    keys: set[str] = set()
    entities: set[Entity] = set()      # people and organizations whose record or mentions changed
    for name, kind in RECORD_KINDS.items():
        olds, news = records(old, name), records(new, name)
        if olds is news:
            continue        # load read none of the kind's files again (load.reload_content)
        for rid, record in news.items():
            was = olds[rid]
            if m.unchanged(was, record):
                continue
            keys.add(deps.record(name, rid))
            if name in ENTITY_KINDS:
                entities.add((name, rid))
            if kind.label_field and getattr(was, kind.label_field) != getattr(record, kind.label_field):
                keys.add(deps.name(name, rid))
            for target in _refs(was) ^ _refs(record):
                keys.update(deps.refs(k, target) for k in RECORD_KINDS if target in records(new, k))
    for sid in new.sources:
        if not (m.unchanged(old_site.cleaned.get(sid), new_site.cleaned.get(sid))
                and m.unchanged(old.seed_texts.get(sid), new.seed_texts.get(sid))):
            keys.update((deps.record("source", sid), deps.text(sid)))
        elif old_site.indexes.anchors_by_source.get(sid) != new_site.indexes.anchors_by_source.get(sid):
            # a passage newly cited (or no longer) is highlighted on its source's page, with its id:
            # the page looks up only the passages it had in the backlinks, so it must be told
            keys.add(deps.record("source", sid))
    for cid in new.claims:
        if not m.unchanged(old_site.comparisons.get(cid), new_site.comparisons.get(cid)):
            keys.add(deps.record("claim", cid))
    # an event's entry is more than its record: an `after:` event is dated by the one it follows
    # (the resolve memo hands back the same timeline while no event changed: nothing to look at)
    if not m.unchanged(old_site.timeline, new_site.timeline):
        old_entries = {entry.event.id: entry for entry in old_site.timeline}
        keys.update(deps.record("event", entry.event.id) for entry in new_site.timeline
                    if not m.unchanged(old_entries.get(entry.event.id), entry))
    if not m.unchanged(old_site.matcher.names, new_site.matcher.names):
        keys.add(deps.NAMES)
    if not m.unchanged(old_site.mentions, new_site.mentions):
        mention_keys, mentioned = _mention_keys(old_site.mentions, new_site.mentions)
        keys |= mention_keys
        entities |= mentioned
    keys.update(deps.listing(*entity) for entity in entities if _listing(old_site, entity) != _listing(new_site, entity))
    return frozenset(keys)


def _site_view(renderer: Renderer) -> dict:
    """What every page shows of the site (title, navigation, build date...), for comparing."""
    from ..render import PageContext, PageSpec

    return renderer.site_view(PageContext(renderer, PageSpec("", "search")))


def _listing(site: Site, entity: Entity) -> object:
    """What the indexes show of an entity beside its name (render.context.Listing)."""
    from ..render.context import entity_listing

    return entity_listing(site, entity)


def _refs(value: object) -> frozenset[str]:
    """The ids a record refers to (every `Ref` inside it)."""
    if isinstance(value, m.Ref):
        return frozenset({value.id})
    if dataclasses.is_dataclass(value):
        return frozenset().union(*(_refs(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, tuple):
        return frozenset().union(*(_refs(item) for item in value))
    return frozenset()


def _mention_keys(before: tuple[Mention, ...], after: tuple[Mention, ...]) -> tuple[set[str], set[Entity]]:
    """The keys of the sources whose mentions changed and of the entities whose list of mentions
    changed; and those entities."""
    sources = _changed_groups(before, after, lambda x: x.source)
    entities = _changed_groups(before, after, lambda x: x.entity)
    return {*(deps.record("source", s) for s in sources), *(deps.record(*e) for e in entities)}, entities


def _changed_groups(before: tuple[Mention, ...], after: tuple[Mention, ...], group: Callable[[Mention], Any]) -> set:
    """The groups (by `group`) whose mentions differ."""
    old: dict = defaultdict(list)
    new: dict = defaultdict(list)
    for mention in before:
        old[group(mention)].append(mention)
    for mention in after:
        new[group(mention)].append(mention)
    return {g for g in old.keys() | new.keys() if old.get(g) != new.get(g)}


def stale_pages(previous: PageSet, keys: frozenset[str] | None) -> Callable[[PageSpec], bool]:
    """Which pages must be rendered again: those that used any changed key in either pass (a
    page as written used all it did when rendered) and those new since `previous`. The dev
    server finds them from the few changed keys (`PageSet.users`), not by looking at every page."""
    if keys is None:
        return lambda spec: True
    known = previous.final
    stale = previous.using(keys)
    return lambda spec: spec.path in stale or spec.path not in known
