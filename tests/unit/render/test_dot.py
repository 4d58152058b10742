from __future__ import annotations

import re
from dataclasses import replace

from importmap.domain import Context
from importmap.graph.build import ModuleGraph
from importmap.render.dot import CUT_COLOUR, CYCLE_COLOUR, build_cycle_dot, build_dot
from importmap.render.layouts import Layout, RankDir
from importmap.render.view import GraphOptions, build_view
from tests.unit.render.records import edge, report_of

NAMES = ("app", "app.a", "app.b", "app.c")
IMPORTS = (
    edge("app.a", "app.b", 3),
    edge("app.b", "app.a", 4),
    edge("app.b", "app.c", 5, context=Context.FUNCTION),
    edge("app.c", "app.a", 9, level=1),
)


def _edge_line(dot: str, source: str, target: str) -> str:
    pattern = re.compile(rf'^\s*"{re.escape(source)}" -> "{re.escape(target)}" \[.*\]$', re.M)
    found = pattern.findall(dot)
    assert len(found) == 1, dot
    return str(found[0])


def test_same_report_gives_byte_identical_dot() -> None:
    options = GraphOptions(externals=True)
    first = build_dot(build_view(report_of(NAMES, IMPORTS), options), options)
    second = build_dot(build_view(report_of(NAMES, reversed(IMPORTS)), options), options)
    assert first == second


def test_cycle_edges_are_red_and_bold_deferred_dashed_relative_hollow() -> None:
    options = GraphOptions()
    dot = build_dot(build_view(report_of(NAMES, IMPORTS), options), options)

    cycle = _edge_line(dot, "app.a", "app.b")
    assert f'color="{CYCLE_COLOUR}"' in cycle and "style=bold" in cycle
    deferred = _edge_line(dot, "app.b", "app.c")
    assert "style=dashed" in deferred and CYCLE_COLOUR not in deferred
    relative = _edge_line(dot, "app.c", "app.a")
    assert "arrowhead=onormal" in relative and "style" not in relative


def test_layout_rankdir_legend_and_clusters() -> None:
    options = GraphOptions(layout=Layout.sfdp, rankdir=RankDir.TB)
    dot = build_dot(build_view(report_of(NAMES, IMPORTS), options), options)

    assert "rankdir=TB" in dot and "overlap=prism" in dot
    assert "subgraph cluster_legend" in dot
    assert 'label="import-time cycle"' in dot and 'label="deferred import"' in dot
    assert 'id="cluster:app"' in dot


def test_notes_of_an_automatic_collapse_become_the_graph_title() -> None:
    options = GraphOptions(readable_nodes=2)
    view = build_view(report_of(NAMES, IMPORTS), options)
    dot = build_dot(view, options)

    assert view.collapsed
    assert "4 modules are more than a readable 2: collapsed to" in dot
    assert "thicker = more imports" in dot


def test_too_many_edges_collapse_the_picture_even_with_few_modules() -> None:
    report = report_of(NAMES, IMPORTS)
    edges = ModuleGraph.from_codebase(report.codebase).full.number_of_edges()
    assert len(NAMES) <= 150 and edges > 1
    roomy = build_view(report, GraphOptions(readable_edges=edges))
    dense = build_view(report, GraphOptions(readable_edges=1))

    assert not roomy.collapsed and not roomy.notes
    assert dense.collapsed and dense.depth is None
    assert dense.notes[0].startswith(f"{edges} imports are more than a readable 1: collapsed")


def test_cycle_picture_labels_every_edge_with_file_and_line_and_marks_the_cut() -> None:
    report = report_of(NAMES, IMPORTS)
    graph = ModuleGraph.from_codebase(report.codebase)
    cycle = next(c for c in report.cycles if c.eager)

    plain = build_cycle_dot(graph, replace(cycle, cut=()), "cycle 1")
    assert 'label="app/a.py:3"' in _edge_line(plain, "app.a", "app.b")
    assert 'label="app/b.py:4"' in _edge_line(plain, "app.b", "app.a")
    assert "app.c" not in plain  # only the cycle's modules

    cut = build_cycle_dot(graph, replace(cycle, cut=(("app.b", "app.a"),)), "cycle 1")
    cut_line = _edge_line(cut, "app.b", "app.a")
    assert 'label="cut: app/b.py:4"' in cut_line and CUT_COLOUR in cut_line
    assert CYCLE_COLOUR in _edge_line(cut, "app.a", "app.b")
    assert "suggested cut" in cut


def test_a_cycle_too_large_to_read_is_drawn_as_its_shortest_chain() -> None:
    names = [f"ring.m{i:02d}" for i in range(12)]
    imports = [edge(names[i], names[(i + 1) % 12], i + 1) for i in range(12)]
    imports.append(edge("ring.m00", "ring.m06", 40))  # a shortcut: chain m00..m06..m11
    report = report_of(names, imports)
    graph = ModuleGraph.from_codebase(report.codebase)
    cycle = next(c for c in report.cycles if c.eager)

    dot = build_cycle_dot(graph, cycle, "cycle 1", readable_nodes=8)

    assert "import-time cycle of 12 modules: showing its shortest chain of 7" in dot
    assert '"ring.m01"' not in dot and '"ring.m06" -> "ring.m07"' in dot
    assert 'label="ring/m00.py:40"' in _edge_line(dot, "ring.m00", "ring.m06")


def test_dense_graphs_keep_the_full_quality_layout() -> None:
    names = [f"d.m{i:02d}" for i in range(30)]
    dense = [edge(a, b) for a in names for b in names if a != b]
    options = GraphOptions()
    dot = build_dot(build_view(report_of(names, dense), options), options)
    assert "mclimit" not in dot and "nslimit" not in dot and "remincross" not in dot


def test_focus_node_and_cut_edges_are_marked() -> None:
    report = report_of(NAMES, IMPORTS)
    options = GraphOptions(focus="app.c")
    dot = build_dot(build_view(report, options), options)
    focus_line = next(line for line in dot.splitlines() if line.strip().startswith('"app.c" ['))
    assert "imnode module focus" in focus_line and "#ffe08a" in focus_line

    cycle = next(c for c in report.cycles if c.eager)
    cut = replace(report, cycles=(replace(cycle, cut=(("app.b", "app.a"),)),))
    only = GraphOptions(cycles_only=True)
    cut_dot = build_dot(build_view(cut, only), only)
    assert CUT_COLOUR in _edge_line(cut_dot, "app.b", "app.a")
    assert 'class="imedge cycle"' in _edge_line(cut_dot, "app.a", "app.b")
