"""The former name of `resolve.values` (kept so that code written against it still imports)."""
from __future__ import annotations

from .values import *  # noqa: F403
from .values import __all__  # noqa: F401
