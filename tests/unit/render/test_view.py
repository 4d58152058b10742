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

    assert view.collapsed and view.depth is None
    # 20 packages of 10: each opening adds 9 boxes, so 14 open (146 boxes) and 6 stay closed.
    assert len(view.nodes) == 146
    assert sum(1 for node in view.nodes if node.kind is NodeKind.PACKAGE) == 6
    assert len(view.notes) == 1
    assert "200 modules are more than a readable 150: collapsed to" in view.notes[0]
    assert "--depth" in view.notes[0] and "--focus" in view.notes[0]


def test_adaptive_collapse_opens_the_largest_package_within_the_budget() -> None:
    names = [f"app.big.m{m}" for m in range(8)] + ["app.small.x", "app.small.y", "app.one"]
    view = build_view(report_of(names, []), GraphOptions(readable_nodes=10))

    # app opens (3 boxes), then app.big (8 modules, 10 boxes in all); app.small would not fit.
    assert view.node_names == (*sorted(f"app.big.m{m}" for m in range(8)), "app.one", "app.small")
    nodes = {node.name: node for node in view.nodes}
    assert nodes["app.small"].kind is NodeKind.PACKAGE and nodes["app.small"].members == 2


def test_no_box_holds_more_than_a_quarter_when_it_has_sub_packages() -> None:
    # 40 sub-packages of 5 modules: 200 modules, and only 12 boxes allowed.
    names = [f"app.comp.c{c:02d}.m{m}" for c in range(40) for m in range(5)] + ["app.core"]
    view = build_view(report_of(names, []), GraphOptions(readable_nodes=12))

    assert max(node.members for node in view.nodes) <= 0.25 * len(names)
    ranges = [node for node in view.nodes if "[" in node.name]
    assert ranges and all(node.cluster == "app.comp" for node in ranges)
    assert ranges[0].name == "app.comp[c00..c" + ranges[0].name.split("..c")[1]


def test_import_time_cycle_edges_stay_red_when_collapsed() -> None:
    # The cycle a.x <-> a.y sits deep inside one package of a large tree.
    names = [f"top.p{p}.m{m}" for p in range(12) for m in range(20)]
    names += ["top.deep.a.x", "top.deep.a.y"]
    imports = [edge("top.deep.a.x", "top.deep.a.y"), edge("top.deep.a.y", "top.deep.a.x")]
    imports += [edge("top.p0.m0", "top.deep.a.x")]
    view = build_view(report_of(names, imports), GraphOptions(readable_nodes=14))

    red = {(e.source, e.target) for e in view.edges if e.cycle}
    assert red == {("top.deep.a.x", "top.deep.a.y"), ("top.deep.a.y", "top.deep.a.x")}
    nodes = {node.name: node for node in view.nodes}
    assert nodes["top.deep.a.x"].in_cycle and nodes["top.deep.a.y"].in_cycle


def test_depth_still_shows_cycle_edges_and_is_byte_stable() -> None:
    report = report_of(NAMES, IMPORTS)
    view = build_view(report, GraphOptions(depth=1))
    assert ("app.a", "app.b") in {(e.source, e.target) for e in view.edges if e.cycle}
    assert build_view(report, GraphOptions(depth=1)) == view


def test_focus_keeps_the_neighbourhood_in_both_directions() -> None:
    report = report_of(NAMES, IMPORTS)

    view = build_view(report, GraphOptions(focus="app.c", radius=1))
    assert view.node_names == ("app.b", "app.c", "app.sub.x")
    assert [node.name for node in view.nodes if node.focus] == ["app.c"]

    wider = build_view(report, GraphOptions(focus="app.c", radius=2))
    assert wider.node_names == ("app.a", "app.b", "app.c", "app.sub.x", "app.sub.y")
    # Only edges on the paths from and to the focus: a -> b (importer of an importer) and
    # sub.x -> sub.y (import of an import), never sub.y -> a (between the two sides).
    assert {(e.source, e.target) for e in wider.edges} == {
        ("app.a", "app.b"),
        ("app.b", "app.c"),
        ("app.c", "app.sub.x"),
        ("app.sub.x", "app.sub.y"),
    }


def test_focus_is_never_collapsed_away() -> None:
    names = [f"big.p{p}.m{m}" for p in range(10) for m in range(10)]
    imports = [edge("big.p0.m0", name) for name in names[1:]]
    view = build_view(report_of(names, imports), GraphOptions(focus="big.p0.m0", readable_nodes=5))
    assert view.collapsed
    assert view.notes[0].endswith("use a smaller --radius for detail")
    assert "big.p0.m0" in view.node_names
    assert [node.name for node in view.nodes if node.focus] == ["big.p0.m0"]


def test_unknown_focus_suggests_a_close_name() -> None:
    expected = r"no module named 'app.sub.z' in the graph; did you mean 'app.sub.[xy]'\?"
    with pytest.raises(ImportmapError, match=expected):
        build_view(report_of(NAMES, IMPORTS), GraphOptions(focus="app.sub.z"))


def test_cycles_only_draws_import_time_cycles_each_in_its_cluster() -> None:
    report = report_of(NAMES, IMPORTS)

    only = build_view(report, GraphOptions(cycles_only=True))
    assert only.node_names == ("app.a", "app.b")
    assert dict(only.clusters) == {"import-time cycle 1": "import-time cycle 1: 2 modules"}
    assert {node.cluster for node in only.nodes} == {"import-time cycle 1"}
    assert all(e.cycle for e in only.edges) and len(only.edges) == 2

    # The deferred cycle a -> b -> c -> sub.x -> sub.y -> a only behind the flag; a and b are
    # already drawn in the import-time one.
    both = build_view(report, GraphOptions(cycles_only=True, deferred_cycles=True))
    assert both.node_names == ("app.a", "app.b", "app.c", "app.sub.x", "app.sub.y")
    assert {n.name: n.cluster for n in both.nodes}["app.c"] == "deferred cycle 1"


def test_exclude() -> None:
    excluded = build_view(report_of(NAMES, IMPORTS), GraphOptions(exclude=("app.sub.*",)))
    assert excluded.node_names == ("app", "app.a", "app.b", "app.c", "app.sub")
    # A module name is a ModulePattern, as in every setting: the package and its submodules.
    package = build_view(report_of(NAMES, IMPORTS), GraphOptions(exclude=("app.sub",)))
    assert package.node_names == ("app", "app.a", "app.b", "app.c")
    # A path glob matches the path or the file name, as `exclude` does.
    by_name = build_view(report_of(NAMES, IMPORTS), GraphOptions(exclude=("x.py",)))
    assert by_name.node_names == ("app", "app.a", "app.b", "app.c", "app.sub", "app.sub.y")


def test_externals_are_drawn_only_when_asked_and_heavy_ones_marked() -> None:
    heavy = (HeavyUse(package="pandas", eagerly_loaded_by=("app.a",)),)
    report = report_of(NAMES, IMPORTS, heavy)

    assert "pandas" not in build_view(report, GraphOptions()).node_names
    view = build_view(report, GraphOptions(externals=True))
    kinds = {node.name: node.kind for node in view.nodes}
    assert kinds["pandas"] is NodeKind.HEAVY
    assert kinds["requests"] is NodeKind.EXTERNAL
    assert ("app.a", "pandas") in {(e.source, e.target) for e in view.edges}


def test_externals_leave_out_the_standard_library_and_main() -> None:
    imports = (edge("app.a", "__main__", external=True), edge("app.a", "os", external=True))
    view = build_view(report_of(("app.a",), imports), GraphOptions(externals=True))
    assert view.node_names == ("app.a",)
