"""Full-text search: Pagefind indexes the written site (before it is swapped in).

Pagefind is optional at run time: without it the site still builds, and the search
page says search is unavailable (its script is missing, the form still renders).
"""
from __future__ import annotations

from pathlib import Path


def index_site(folder: Path) -> bool:
    try:
        from pagefind.index import PagefindIndex, IndexConfig  # noqa: F401
    except ImportError:
        return False
    import asyncio

    async def run() -> None:
        config = IndexConfig(output_path=str(folder / "pagefind"))
        async with PagefindIndex(config=config) as index:
            await index.add_directory(str(folder))

    asyncio.run(run())
    return True
