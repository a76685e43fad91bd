"""The preview's own scripts: static/*.js beside this module, linted as JavaScript files, and
injected by the server into HTML responses (never into a file of the site) with their settings."""
from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

PLACEHOLDER = "__CONFIG__"      # the scripts' one undefined name: the server writes the settings there


@cache
def _source(name: str) -> str:
    return (resources.files(__package__) / "static" / name).read_text(encoding="utf-8")


def inline_script(name: str, attribute: str, config: dict[str, Any]) -> bytes:
    """A `<script ATTRIBUTE>` element holding static/NAME, its placeholder replaced by `config` as JSON."""
    # "<" escaped: a URL path such as "/</script><script>..." must stay inside the string
    settings = json.dumps(config).replace("<", "\\u003c")
    return f"\n<script {attribute}>\n{_source(name).replace(PLACEHOLDER, settings, 1)}</script>\n".encode()
