"""In-memory codebases for the render tests: no files, no scanner."""

from __future__ import annotations

from collections.abc import Iterable

from importmap.domain import Codebase, Context, HeavyUse, Import, Module
from importmap.graph.build import ModuleGraph
from importmap.graph.cycles import find_cycles
from importmap.result import Report


def module(name: str) -> Module:
    return Module(name=name, path=name.replace(".", "/") + ".py", is_package=False)


def edge(
    importer: str,
    imported: str,
    line: int = 1,
    *,
    context: Context = Context.MODULE,
    level: int = 0,
    external: bool = False,
) -> Import:
    return Import(
        importer=importer,
        line=line,
        column=1,
        imported=imported,
        statement=f"import {imported}",
        path=importer.replace(".", "/") + ".py",
        level=level,
        external=external,
        context=context,
        target=imported,
    )


def report_of(
    names: Iterable[str], imports: Iterable[Import], heavy: Iterable[HeavyUse] = ()
) -> Report:
    codebase = Codebase(
        roots=(".",),
        modules=tuple(sorted(module(name) for name in names)),
        imports=tuple(sorted(imports)),
    )
    cycles = tuple(find_cycles(ModuleGraph.from_codebase(codebase)))
    return Report(codebase=codebase, cycles=cycles, heavy=tuple(heavy))
