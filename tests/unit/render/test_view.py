from __future__ import annotations

import pytest

from importmap.domain import Context, HeavyUse
from importmap.errors import ImportmapError
from importmap.render.view import GraphOptions, NodeKind, build_view
from tests.unit.render.records import edge, report_of

NAMES = ("app", "app.a", "app.b", "app.c", "app.sub", "app.sub.x", "app.sub.y")
IMPORTS = (
    edge("app.a", "app.b", 3),
    edge("app.b", "app.a", 4),  # import-time cycle a <-> b
    edge("app.b", "app.c", 5, context=Context.FUNCTION),  # deferred
    edge("app.c", "app.sub.x", 2, level=2),  # relative
    edge("app.sub.x", "app.sub.y", 1),
    edge("app.sub.y", "app.a", 1),
    edge("app.sub.y", "app.a", 7),
    edge("app.a", "pandas", 1, external=True),
    edge("app.c", "requests", 2, external=True),
)


def test_module_level_view_keeps_every_module_and_edge_in_sorted_order() -> None:
    view = build_view(report_of(NAMES, IMPORTS), GraphOptions())

    assert view.node_names == NAMES
    assert [(e.source, e.target) for e in view.edges] == [
        ("app.a", "app.b"),
        ("app.b", "app.a"),
        ("app.b", "app.c"),
        ("app.c", "app.sub.x"),
        ("app.sub.x", "app.sub.y"),
        ("app.sub.y", "app.a"),
    ]
    assert not view.collapsed and view.notes == ()


def test_edges_carry_cycle_deferred_relative_and_count() -> None:
    view = build_view(report_of(NAMES, IMPORTS), GraphOptions())
    by_pair = {(e.source, e.target): e for e in view.edges}

    assert by_pair[("app.a", "app.b")].cycle and by_pair[("app.b", "app.a")].cycle
    assert not by_pair[("app.b", "app.c")].eager and not by_pair[("app.b", "app.c")].cycle
    assert by_pair[("app.c", "app.sub.x")].relative
    assert not by_pair[("app.a", "app.b")].relative
    assert by_pair[("app.sub.y", "app.a")].imports == 2
    nodes = {node.name: node for node in view.nodes}
    assert nodes["app.a"].in_cycle and nodes["app.b"].in_cycle and not nodes["app.c"].in_cycle


def test_labels_strip_the_common_prefix_and_clusters_follow_packages() -> None:
    view = build_view(report_of(NAMES, IMPORTS), GraphOptions())
    nodes = {node.name: node for node in view.nodes}

    assert nodes["app.sub.x"].label == "x"
    assert nodes["app.sub.x"].cluster == "app.sub"
    assert nodes["app.sub"].label == "__init__"
    assert nodes["app.sub"].cluster == "app.sub"
    assert nodes["app.a"].cluster == "app"
    assert dict(view.clusters) == {"app": "app", "app.sub": "app.sub"}


def test_common_prefix_is_stripped_from_unclustered_labels_and_cluster_titles() -> None:
    names = ("corp.app.one", "corp.app.sub.x", "corp.app.sub.y", "corp.app.two")
    view = build_view(report_of(names, [edge("corp.app.one", "corp.app.sub.x")]), GraphOptions())

    assert dict(view.clusters) == {"corp.app": "corp.app", "corp.app.sub": "sub"}
    alone = build_view(report_of(("corp.app.one", "corp.app.sub.x"), []), GraphOptions())
    assert {node.name: node.label for node in alone.nodes} == {
        "corp.app.one": "one",
        "corp.app.sub.x": "sub.x",
    }


def test_depth_collapses_to_packages_and_sums_imports() -> None:
    view = build_view(report_of(NAMES, IMPORTS), GraphOptions(depth=2))
    nodes = {node.name: node for node in view.nodes}

    assert view.node_names == ("app", "app.a", "app.b", "app.c", "app.sub")
    assert nodes["app.sub"].kind is NodeKind.PACKAGE and nodes["app.sub"].members == 3
    assert nodes["app.sub"].label == "sub\n(3 modules)"
    by_pair = {(e.source, e.target): e for e in view.edges}
    assert ("app.sub", "app.sub") not in by_pair  # internal edges vanish when collapsed
    assert by_pair[("app.sub", "app.a")].imports == 2
    assert by_pair[("app.sub", "app.a")].weight == 2.0
    assert view.collapsed and view.depth == 2


def test_large_graph_collapses_automatically_and_says_so() -> None:
    names = [f"big.p{p}.m{m}" for p in range(20) for m in range(10)]
    imports = [edge(names[i], names[i + 1]) for i in range(len(names) - 1)]
    view = build_view(report_of(names, imports), GraphOptions())

    assert view.collapsed and view.depth == 2
    assert view.node_names == tuple(sorted(f"big.p{p}" for p in range(20)))
    assert len(view.notes) == 1
    assert "200 modules are more than a readable 150" in view.notes[0]
    assert "--depth" in view.notes[0] and "--focus" in view.notes[0]


def test_focus_keeps_the_neighbourhood_in_both_directions() -> None:
    report = report_of(NAMES, IMPORTS)

    view = build_view(report, GraphOptions(focus="app.c", radius=1))
    assert view.node_names == ("app.b", "app.c", "app.sub.x")

    wider = build_view(report, GraphOptions(focus="app.c", radius=2))
    assert wider.node_names == ("app.a", "app.b", "app.c", "app.sub.x", "app.sub.y")


def test_unknown_focus_suggests_a_close_name() -> None:
    expected = r"no module named 'app.sub.z' in the graph; did you mean 'app.sub.[xy]'\?"
    with pytest.raises(ImportmapError, match=expected):
        build_view(report_of(NAMES, IMPORTS), GraphOptions(focus="app.sub.z"))


def test_cycles_only_and_exclude() -> None:
    report = report_of(NAMES, IMPORTS)

    # The deferred cycle a -> b -> c -> sub.x -> sub.y -> a counts too.
    assert build_view(report, GraphOptions(cycles_only=True)).node_names == (
        "app.a",
        "app.b",
        "app.c",
        "app.sub.x",
        "app.sub.y",
    )
    eager_only = report_of(NAMES, [i for i in IMPORTS if i.eager])
    assert build_view(eager_only, GraphOptions(cycles_only=True)).node_names == ("app.a", "app.b")
    excluded = build_view(report, GraphOptions(exclude=("app.sub.*",)))
    assert excluded.node_names == ("app", "app.a", "app.b", "app.c", "app.sub")


def test_externals_are_drawn_only_when_asked_and_heavy_ones_marked() -> None:
    heavy = (HeavyUse(package="pandas", eagerly_loaded_by=("app.a",)),)
    report = report_of(NAMES, IMPORTS, heavy)

    assert "pandas" not in build_view(report, GraphOptions()).node_names
    view = build_view(report, GraphOptions(externals=True))
    kinds = {node.name: node.kind for node in view.nodes}
    assert kinds["pandas"] is NodeKind.HEAVY
    assert kinds["requests"] is NodeKind.EXTERNAL
    assert ("app.a", "pandas") in {(e.source, e.target) for e in view.edges}
