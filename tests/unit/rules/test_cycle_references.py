"""The three cycle rules name the cycle each finding is about by value; its key is unchanged."""

from __future__ import annotations

from dataclasses import replace

from importmap.domain import Codebase, Context, CycleRef, Import, Module
from importmap.graph.build import ModuleGraph
from importmap.graph.cycles import find_cycles
from importmap.rules.base import RuleInput
from importmap.rules.imp001_import_cycle import ImportCycle
from importmap.rules.imp002_deferred_cycle import DeferredCycle
from importmap.rules.imp003_order_safe_cycle import OrderSafeCycle


def _edge(importer: str, imported: str, context: Context = Context.MODULE) -> Import:
    return Import(
        importer=importer,
        line=1,
        column=1,
        imported=imported,
        statement=f"import {imported}",
        path=f"{importer.replace('.', '/')}.py",
        context=context,
    )


IMPORTS = (
    # a <-> b at import time; c <-> d only through a function-level import.
    _edge("p.a", "p.b"),
    _edge("p.b", "p.a"),
    _edge("p.c", "p.d"),
    _edge("p.d", "p.c", Context.FUNCTION),
)
NAMES = ("p.a", "p.b", "p.c", "p.d")
CODEBASE = Codebase(
    roots=(".",),
    modules=tuple(Module(name, f"{name.replace('.', '/')}.py", False) for name in NAMES),
    imports=IMPORTS,
)
GRAPH = ModuleGraph(NAMES, IMPORTS)


def test_each_cycle_finding_refers_to_its_cycle_whatever_its_kind() -> None:
    eager, deferred = find_cycles(GRAPH)
    assert (eager.modules, eager.eager, deferred.modules, deferred.eager) == (
        ("p.a", "p.b"),
        True,
        ("p.c", "p.d"),
        False,
    )
    given = RuleInput(codebase=CODEBASE, graph=GRAPH, cycles=(eager, deferred))
    (raising,) = ImportCycle().check(given)
    (through_functions,) = DeferredCycle().check(given)
    safe = RuleInput(
        codebase=CODEBASE, graph=GRAPH, cycles=(replace(eager, order_safe=True), deferred)
    )
    (order_safe,) = OrderSafeCycle().check(safe)
    assert [(f.code, f.cycle, f.key) for f in (raising, through_functions, order_safe)] == [
        ("IMP001", CycleRef(("p.a", "p.b")), "IMP001:p.a,p.b"),
        ("IMP002", CycleRef(("p.c", "p.d")), "IMP002:p.c,p.d"),
        ("IMP003", CycleRef(("p.a", "p.b")), "IMP003:p.a,p.b"),
    ]
