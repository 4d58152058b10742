from __future__ import annotations

from importmap.domain import ChainStep, Codebase, Context, Import, Module
from importmap.graph.build import ModuleGraph
from importmap.graph.chains import ChainQuery, external_names, shortest_chains
from importmap.graph.cycles import find_cycles
from importmap.graph.levels import collapse, package_at


def imp(importer: str, imported: str, line: int = 1, **changes: object) -> Import:
    path = importer.replace(".", "/") + ".py"
    return Import(
        importer=importer,
        line=line,
        column=1,
        imported=imported,
        statement=f"import {imported}",
        path=path,
        **changes,  # type: ignore[arg-type]
    )


def graph_of(*imports: Import) -> ModuleGraph:
    names = {record.importer for record in imports} | {
        record.imported for record in imports if not record.external
    }
    return ModuleGraph(names, imports)


def test_cycle_cut_lists_every_statement_of_the_edge() -> None:
    graph = graph_of(imp("p.a", "p.b", 1), imp("p.a", "p.b", 4), imp("p.b", "p.a", 2))
    [cycle] = find_cycles(graph)
    assert cycle.cut == (("p.b", "p.a"),)
    assert cycle.cut_imports == (ChainStep("p.b", "p.a", "p/b.py", 2, "import p.a"),)


def test_eager_cut_ignores_deferred_statements_of_the_edge() -> None:
    graph = graph_of(
        imp("p.a", "p.b", 1),
        imp("p.b", "p.a", 2),
        imp("p.b", "p.a", 9, context=Context.FUNCTION),
    )
    [cycle] = find_cycles(graph)
    assert cycle.eager
    # b -> a and a -> b each need one eager statement changed; name order breaks the tie.
    assert cycle.cut == (("p.a", "p.b"),)
    assert [step.line for step in cycle.cut_imports] == [1]


def test_chain_through_eager_edges_only() -> None:
    graph = graph_of(
        imp("p.a", "p.b", 1, context=Context.FUNCTION),
        imp("p.a", "p.c", 2),
        imp("p.c", "p.b", 3),
    )
    records = tuple(graph.imports_of_edge(*edge)[0] for edge in graph.edges())
    assert [len(c) for c in shortest_chains(graph, records, ChainQuery("p.a", "p.b"))] == [1]
    [eager] = shortest_chains(graph, records, ChainQuery("p.a", "p.b", eager=True))
    assert [(s.importer, s.imported, s.line) for s in eager] == [
        ("p.a", "p.c", 2),
        ("p.c", "p.b", 3),
    ]


def test_chain_to_a_submodule_of_an_external_package() -> None:
    pandas = imp("p.b", "pandas", 7, external=True, target="pandas.core.frame")
    records = (imp("p.a", "p.b", 1), pandas)
    graph = graph_of(*records)
    assert {"pandas", "pandas.core", "pandas.core.frame"} <= external_names(records)
    [chain] = shortest_chains(graph, records, ChainQuery("p.a", "pandas.core"))
    assert [(s.importer, s.imported, s.line) for s in chain] == [
        ("p.a", "p.b", 1),
        ("p.b", "pandas.core", 7),
    ]
    assert shortest_chains(graph, records, ChainQuery("p.b", "p.a")) == []


def test_collapse_keeps_lines_and_drops_imports_inside_a_package() -> None:
    codebase = Codebase(
        roots=("p",),
        modules=tuple(
            Module(name, name.replace(".", "/") + ".py", False)
            for name in ("p.x.one", "p.x.two", "p.y.three")
        ),
        imports=(
            imp("p.x.one", "p.x.two", 1),
            imp("p.x.one", "p.y.three", 2),
            imp("p.y.three", "p.x.two", 3),
        ),
    )
    assert package_at("p.x.one", 2) == "p.x"
    collapsed = collapse(codebase, 2)
    assert collapsed.modules == ("p.x", "p.y")
    assert collapsed.edges() == [("p.x", "p.y"), ("p.y", "p.x")]
    [cycle] = find_cycles(collapsed)
    assert [(s.importer, s.imported, s.path, s.line) for s in cycle.chain] == [
        ("p.x", "p.y", "p/x/one.py", 2),
        ("p.y", "p.x", "p/y/three.py", 3),
    ]
