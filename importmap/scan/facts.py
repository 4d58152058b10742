"""Facts about one parsed file beyond its imports: bound names, names used, `__all__`, calls.

What they are, and the pieces of them read off a single node or the text; `fact_walk` walks the
AST the import collector walks, so each file is still read and parsed once.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from importmap.file_facts import Binding, Call, FileFacts

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


@dataclass(frozen=True)
class RawFacts:
    """FileFacts before the scanner knows the file's display path and module name."""

    bindings: tuple[Binding, ...]
    loaded: frozenset[str]
    string_annotation_names: frozenset[str]
    dunder_all: tuple[str, ...] | None
    classes: tuple[str, ...]
    calls: tuple[Call, ...]
    noqa: tuple[tuple[int, tuple[str, ...]], ...]

    def placed(self, path: str, module: str) -> FileFacts:
        return FileFacts(
            path=path,
            module=module,
            bindings=self.bindings,
            loaded=self.loaded,
            string_annotation_names=self.string_annotation_names,
            dunder_all=self.dunder_all,
            classes=self.classes,
            calls=self.calls,
            noqa=self.noqa,
        )


EMPTY_FACTS = RawFacts((), frozenset(), frozenset(), None, (), (), ())


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


def string_list(value: ast.expr | None) -> list[str] | None:
    if not isinstance(value, (ast.List, ast.Tuple)):
        return None
    return [
        element.value
        for element in value.elts
        if isinstance(element, ast.Constant) and isinstance(element.value, str)
    ]
