"""Facts about one parsed file beyond its imports: the classes it defines, the calls it makes.

What they are, and the pieces of them read off a single node or the text; `fact_walk` walks the
AST the import collector walks, so each file is still read and parsed once.
"""

from __future__ import annotations

import ast

_CACHE_DECORATORS = frozenset(
    {
        "cache",
        "lru_cache",
        "cached_property",
        "functools.cache",
        "functools.lru_cache",
        "functools.cached_property",
    }
)


def dotted_name(node: ast.expr) -> str:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Call):
        return dotted_name(node.func)
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def is_cache_decorator(decorator: str) -> bool:
    return decorator in _CACHE_DECORATORS
