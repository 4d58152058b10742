"""importmap: map a Python codebase's imports and hold it to import-consistency criteria.

`importmap.analyze(...)` and `importmap.check(...)` are the public API (`importmap.api`). They
are loaded on first use, so `import importmap` (and every command's start-up) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from importmap.version import __version__

if TYPE_CHECKING:
    from importmap.api import analyze, check

__all__ = ["__version__", "analyze", "check"]


def __getattr__(name: str) -> Any:
    if name in ("analyze", "check"):
        from importmap import api

        return getattr(api, name)
    raise AttributeError(f"module 'importmap' has no attribute {name!r}")
