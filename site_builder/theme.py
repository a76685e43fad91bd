"""Where templates and static files come from: the project's theme over the packaged default.

A project's `themes/<name>/` overrides the default theme file by file (a template or static
file at the same path wins); what it does not have comes from the default theme that ships
in the package (`site_builder/themes/default/`). Hugo resolves layouts the same way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

PACKAGED = Path(__file__).resolve().parent / "themes"
DEFAULT = "default"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Theme:
    name: str
    layers: tuple[Path, ...]        # theme folders, the one that wins first

    @property
    def template_dirs(self) -> list[str]:
        return [str(layer / "templates") for layer in self.layers if (layer / "templates").is_dir()]

    @property
    def catalog_dirs(self) -> tuple[Path, ...]:
        """Message catalogs (i18n.py), the winning layer's first."""
        return tuple(layer / "locale" for layer in self.layers if (layer / "locale").is_dir())

    def static_files(self) -> dict[str, Path]:
        """Site path under assets/ -> the file that provides it."""
        found: dict[str, Path] = {}
        for layer in reversed(self.layers):          # the winning layer last, so it overwrites
            static = layer / "static"
            for path in sorted(static.rglob("*")) if static.is_dir() else ():
                # a file linking out of its theme is never published (load reports it)
                if path.is_file() and path.resolve().is_relative_to(static.resolve()):
                    found[f"assets/{path.relative_to(static).as_posix()}"] = path
        return dict(sorted(found.items()))

    def template_path(self, name: str) -> Path | None:
        """The file a template name is read from."""
        for folder in self.template_dirs:
            if (Path(folder) / name).is_file():
                return Path(folder) / name
        return None


def find_theme(root: Path, name: str) -> Theme | str:
    """The theme `name` of the project at `root`, or why there is none (a message)."""
    if not _NAME.match(name):
        return f"theme '{name}' is not a folder name: use letters, digits, '-' and '_'"
    own = root / "themes" / name
    layers = [own] if own.is_dir() and own.resolve().is_relative_to((root / "themes").resolve()) else []
    if name == DEFAULT or layers:
        layers.append(PACKAGED / DEFAULT)
        return Theme(name, tuple(layers))
    known = sorted({DEFAULT, *(p.name for p in (root / "themes").iterdir() if p.is_dir())}) \
        if (root / "themes").is_dir() else [DEFAULT]
    return f"theme '{name}' not found: no folder themes/{name}/ (themes here: {', '.join(known)})"
