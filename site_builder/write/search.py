"""Full-text search: Pagefind indexes the written site (before it is swapped in).

Pagefind is optional at run time: without it the site still builds, and the search
page says search is unavailable (its script is missing, the form still renders).
"""
from __future__ import annotations

from pathlib import Path


def index_site(folder: Path) -> bool:
    try:
        from pagefind.index import IndexConfig, PagefindIndex
    except ImportError:
        return False
    import asyncio

    async def run() -> None:
        # citation markers repeat their passage in a hidden preview: keep them out of excerpts
        config = IndexConfig(output_path=str(folder / "pagefind"), exclude_selectors=[".cite"])
        async with PagefindIndex(config=config) as index:
            await index.add_directory(str(folder))

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(run())
        return True
    # Called from inside a running event loop (a dev server, a test driving a browser through
    # Playwright's sync API): asyncio.run() would refuse, so index on a worker thread.
    import threading

    failures: list[BaseException] = []

    def work() -> None:
        try:
            asyncio.run(run())
        except BaseException as exc:  # re-raised in the caller's thread
            failures.append(exc)

    worker = threading.Thread(target=work, name="pagefind-index")
    worker.start()
    worker.join()
    if failures:
        raise failures[0]
    return True
