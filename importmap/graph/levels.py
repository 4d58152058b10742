"""Package-level views: every module collapsed to its package at a given depth."""

from __future__ import annotations

from dataclasses import replace

from importmap.domain import Codebase
from importmap.graph.build import ModuleGraph


def package_at(module: str, depth: int) -> str:
    """`src.models.job` at depth 2 is `src.models`; names shorter than the depth stay."""
    return ".".join(module.split(".")[:depth])


def collapse(codebase: Codebase, depth: int) -> ModuleGraph:
    """The graph between packages at `depth`; imports inside one package disappear.

    Each edge keeps the import statements that make it, so cycles between packages still
    point at file:line.
    """
    if depth < 1:
        raise ValueError("depth must be at least 1")
    packages = {package_at(module.name, depth) for module in codebase.modules}
    imports = []
    for record in codebase.imports:
        if not record.internal:
            continue
        importer = package_at(record.importer, depth)
        imported = package_at(record.imported, depth)
        if importer != imported:
            imports.append(replace(record, importer=importer, imported=imported))
    return ModuleGraph(packages, imports)
