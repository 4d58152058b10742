"""Cycles on graphs built in memory: eager versus deferred, chains, self-imports, nesting."""

from __future__ import annotations

from importmap.domain import Context, Import
from importmap.graph.build import ModuleGraph
from importmap.graph.cycles import find_cycles


def edge(importer: str, imported: str, line: int = 1, context: Context = Context.MODULE) -> Import:
    return Import(
        importer=importer,
        line=line,
        column=1,
        imported=imported,
        statement=f"import {imported}",
        path=f"{importer.replace('.', '/')}.py",
        context=context,
    )


def graph(*imports: Import) -> ModuleGraph:
    modules = {name for record in imports for name in (record.importer, record.imported)}
    return ModuleGraph(modules, imports)


def test_eager_two_module_cycle_with_chain() -> None:
    (cycle,) = find_cycles(graph(edge("a", "b", 3), edge("b", "a", 7)))
    assert cycle.modules == ("a", "b")
    assert cycle.eager
    assert [(s.importer, s.imported, s.path, s.line) for s in cycle.chain] == [
        ("a", "b", "a.py", 3),
        ("b", "a", "b.py", 7),
    ]


def test_cycle_through_a_function_level_import_is_deferred() -> None:
    (cycle,) = find_cycles(graph(edge("a", "b"), edge("b", "a", 5, Context.FUNCTION)))
    assert not cycle.eager
    assert [s.line for s in cycle.chain] == [1, 5]


def test_cycle_through_type_checking_or_lazy_is_deferred() -> None:
    for context in (Context.TYPE_CHECKING, Context.LAZY):
        (cycle,) = find_cycles(graph(edge("a", "b"), edge("b", "a", 2, context)))
        assert not cycle.eager


def test_conditional_and_class_imports_are_eager() -> None:
    (cycle,) = find_cycles(
        graph(edge("a", "b", 1, Context.CONDITIONAL), edge("b", "a", 1, Context.CLASS))
    )
    assert cycle.eager


def test_eager_edge_wins_when_an_edge_has_both_kinds() -> None:
    (cycle,) = find_cycles(
        graph(edge("a", "b"), edge("b", "a", 2, Context.FUNCTION), edge("b", "a", 9))
    )
    assert cycle.eager
    assert [s.line for s in cycle.chain] == [1, 9]


def test_self_import_is_no_cycle() -> None:
    # A module importing itself finds itself in sys.modules (a "cycle of 1 module" was a false
    # finding: tests/semantics/test_namespace_portions.py has Python judge it).
    assert find_cycles(graph(edge("a", "a", 4))) == []


def test_nested_components_report_eager_core_and_wider_deferred_component() -> None:
    cycles = find_cycles(
        graph(
            edge("a", "b"),
            edge("b", "a"),
            edge("b", "c"),
            edge("c", "d"),
            edge("d", "a", 3, Context.FUNCTION),
        )
    )
    assert [(c.modules, c.eager) for c in cycles] == [
        (("a", "b", "c", "d"), False),
        (("a", "b"), True),
    ]


def test_chain_is_the_shortest_cycle_in_the_component() -> None:
    cycles = find_cycles(
        graph(edge("a", "b"), edge("b", "c"), edge("c", "a"), edge("c", "d"), edge("d", "c"))
    )
    (cycle,) = cycles
    assert cycle.modules == ("a", "b", "c", "d")
    assert [(s.importer, s.imported) for s in cycle.chain] == [("c", "d"), ("d", "c")]


def test_acyclic_graph_has_no_cycles() -> None:
    assert find_cycles(graph(edge("a", "b"), edge("b", "c"), edge("a", "c"))) == []


def test_external_imports_never_make_cycles() -> None:
    external = Import(
        importer="a",
        line=1,
        column=1,
        imported="a",
        statement="import a",
        path="x.py",
        external=True,
    )
    assert find_cycles(ModuleGraph(["a"], [external])) == []


def test_a_deferred_cycle_around_an_import_time_one_is_shown_through_a_deferred_import() -> None:
    # a <-> b at import time (its own cycle), and b -> c -> a through a function's import: the
    # component {a, b, c} is a deferred cycle, whose shortest path a -> b -> a runs at import
    # time. Shown by that path, "safe at import time" would describe a cycle that may raise.
    found = find_cycles(
        graph(
            edge("a", "b"),
            edge("b", "a", 2),
            edge("b", "c", 3),
            edge("c", "a", 4, Context.FUNCTION),
        )
    )
    eager = [cycle for cycle in found if cycle.eager]
    deferred = [cycle for cycle in found if not cycle.eager]
    assert [cycle.modules for cycle in eager] == [("a", "b")]
    assert [cycle.modules for cycle in deferred] == [("a", "b", "c")]
    assert [(s.importer, s.imported, s.line) for s in deferred[0].chain] == [
        ("a", "b", 1),
        ("b", "c", 3),
        ("c", "a", 4),
    ]
