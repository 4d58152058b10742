"""DOT source for a GraphView and for one import cycle, built with the `graphviz` package.

Nodes and edges go in sorted order and nothing depends on a clock or a hash seed, so the same
tree gives the same DOT byte for byte.
"""

from __future__ import annotations

import math
from collections import defaultdict

import graphviz

from importmap.domain import Cycle, Import
from importmap.graph.build import ModuleGraph
from importmap.render.layouts import Layout
from importmap.render.view import GraphOptions, GraphView, NodeKind, ViewEdge, ViewNode

FONT = "Helvetica"
CYCLE_COLOUR = "#d62728"
CUT_COLOUR = "#1f77b4"
DEFERRED_COLOUR = "#7f7f7f"
EDGE_COLOUR = "#4d4d4d"
FOCUS_FILL = "#ffe08a"
# A cycle picture labels every edge, so it stops being readable sooner than the overview.
READABLE_CYCLE_NODES = 60
# More boxes without a drawn edge than this, in one package, are wrapped into a block.
_WRAP_ABOVE = 8
# How many file:line labels one cycle edge lists before it says "and N more".
_EDGE_LABEL_LINES = 3

_NODE_STYLE: dict[NodeKind, dict[str, str]] = {
    NodeKind.MODULE: {"shape": "box", "style": "rounded,filled", "fillcolor": "#dbe9f6"},
    NodeKind.PACKAGE: {"shape": "folder", "style": "filled", "fillcolor": "#b7d3ee"},
    NodeKind.EXTERNAL: {"shape": "ellipse", "style": "filled", "fillcolor": "#eeeeee"},
    NodeKind.HEAVY: {
        "shape": "ellipse",
        "style": "filled,bold",
        "fillcolor": "#fdd49e",
        "color": "#d94801",
    },
}


def build_dot(view: GraphView, options: GraphOptions, title: str = "imports") -> str:
    digraph = graphviz.Digraph(name=title, engine=options.layout.value)
    digraph.attr(
        rankdir=options.rankdir.value,
        fontname=FONT,
        fontsize="12",
        compound="true",
        outputorder="edgesfirst",
    )
    if view.notes:
        digraph.attr(labelloc="t", label="\n".join(view.notes))
    if options.layout is Layout.sfdp:
        digraph.attr(overlap="prism", splines="true")
    digraph.attr("node", fontname=FONT, fontsize="11")
    digraph.attr("edge", fontname=FONT, fontsize="9", color=EDGE_COLOUR, arrowsize="0.7")

    by_cluster: dict[str, list[ViewNode]] = defaultdict(list)
    for node in view.nodes:
        by_cluster[node.cluster].append(node)
    for node in by_cluster.pop("", []):
        _add_node(digraph, node)
    for index, (cluster, label) in enumerate(view.clusters):
        with digraph.subgraph(name=f"cluster_{index}") as sub:
            sub.attr(label=label, style="rounded", color="#9ecae1", fontcolor="#08519c")
            sub.attr(id=f"cluster:{cluster}")
            for node in by_cluster.get(cluster, []):
                _add_node(sub, node)
    for edge in view.edges:
        _add_edge(digraph, edge, view.collapsed)
    _wrap_unlinked(digraph, view, options)
    _add_legend(digraph, view.collapsed)
    return str(digraph.source)


def _add_node(digraph: graphviz.Digraph, node: ViewNode) -> None:
    attributes = dict(_NODE_STYLE[node.kind])
    if node.in_cycle:
        attributes["color"] = CYCLE_COLOUR
        attributes["penwidth"] = "2"
    classes = f"imnode {node.kind.value}"
    if node.focus:
        attributes.update(fillcolor=FOCUS_FILL, penwidth="3", style="rounded,filled,bold")
        classes += " focus"
    digraph.node(
        node.name,
        label=node.label,
        tooltip=node.name,
        **{"class": classes},
        **attributes,
    )


def _add_edge(digraph: graphviz.Digraph, edge: ViewEdge, collapsed: bool) -> None:
    attributes: dict[str, str] = {}
    classes = ["imedge"]
    if edge.cut:
        attributes.update(color=CUT_COLOUR, style="bold,dashed", penwidth="3")
        classes.append("cut")
    elif edge.cycle:
        attributes.update(color=CYCLE_COLOUR, style="bold", penwidth="2.5")
        classes.append("cycle")
    elif not edge.eager:
        attributes.update(style="dashed", color=DEFERRED_COLOUR)
        classes.append("deferred")
    if edge.implicit:
        # Dotted, whatever else the edge is: no statement names this package.
        attributes["style"] = "bold,dotted" if edge.cycle else "dotted"
        classes.append("implicit")
    if edge.relative:
        attributes["arrowhead"] = "onormal"
        classes.append("relative")
    if collapsed and edge.imports > 1:
        attributes["penwidth"] = f"{max(edge.weight, float(attributes.get('penwidth', 1))):g}"
    noun = "import" if edge.imports == 1 else "imports"
    digraph.edge(
        edge.source,
        edge.target,
        tooltip=f"{edge.source} -> {edge.target}: {edge.imports} {noun}",
        **{"class": " ".join(classes)},
        **attributes,
    )


def _run(count: int, options: GraphOptions) -> int:
    """How many ranks a block of `count` boxes spans to be about as long as it is wide. Left
    to right, a box and its rank gap are about 3 times as long as a box is high; top to
    bottom, about 1.5 times as high as a box is wide."""
    across_ranks = options.rankdir.value in ("LR", "RL")
    return max(2, round(math.sqrt(count * (0.3 if across_ranks else 1.5))))


def _wrap_unlinked(digraph: graphviz.Digraph, view: GraphView, options: GraphOptions) -> None:
    """Boxes without a drawn edge all land in one rank, stacked into a strip (transformers at
    --depth 3: hundreds of them, 54,000 pt tall). Chained by invisible edges in runs, each
    package's unlinked boxes form a block about as wide as it is tall instead."""
    if options.layout is not Layout.dot:
        return
    linked = {edge.source for edge in view.edges} | {edge.target for edge in view.edges}
    by_cluster: dict[str, list[str]] = defaultdict(list)
    for node in view.nodes:
        if node.name not in linked:
            by_cluster[node.cluster].append(node.name)
    for cluster in sorted(by_cluster):
        names = by_cluster[cluster]
        if len(names) <= _WRAP_ABOVE:
            continue
        run = _run(len(names), options)
        for start in range(0, len(names), run):
            chunk = names[start : start + run]
            for a, b in zip(chunk, chunk[1:], strict=False):
                digraph.edge(a, b, style="invis", **{"class": "wrap"})


def _add_legend(digraph: graphviz.Digraph, collapsed: bool) -> None:
    with digraph.subgraph(name="cluster_legend") as legend:
        legend.attr(label="legend", style="rounded,dashed", color="#bdbdbd", id="legend")
        legend.attr("node", **{"class": "legend"})
        legend.attr("edge", **{"class": "legend"})
        legend.node("legend module", label="first-party module", **_NODE_STYLE[NodeKind.MODULE])
        legend.node("legend package", label="package (collapsed)", **_NODE_STYLE[NodeKind.PACKAGE])
        legend.node("legend external", label="third-party", **_NODE_STYLE[NodeKind.EXTERNAL])
        legend.node("legend heavy", label="heavy third-party", **_NODE_STYLE[NodeKind.HEAVY])
        legend.node("legend a", label="a", shape="plaintext")
        legend.node("legend b", label="b", shape="plaintext")
        legend.node("legend c", label="c", shape="plaintext")
        legend.node("legend d", label="d", shape="plaintext")
        legend.node("legend e", label="e", shape="plaintext")
        legend.edge(
            "legend a",
            "legend b",
            label="import-time cycle",
            color=CYCLE_COLOUR,
            style="bold",
            penwidth="2.5",
        )
        legend.edge(
            "legend b", "legend c", label="deferred import", style="dashed", color=DEFERRED_COLOUR
        )
        legend.node("legend e", label="e", shape="plaintext")
        legend.edge(
            "legend d",
            "legend e",
            label="suggested cut",
            color=CUT_COLOUR,
            style="bold,dashed",
            penwidth="3",
        )
        thickness = "; thicker = more imports" if collapsed else ""
        legend.edge(
            "legend c", "legend d", label=f"relative import{thickness}", arrowhead="onormal"
        )
        legend.edge("legend d", "legend e", label="parent package imported first", style="dotted")


def build_cycle_dot(
    graph: ModuleGraph, cycle: Cycle, title: str, readable_nodes: int = READABLE_CYCLE_NODES
) -> str:
    """One import cycle: its modules, every eager edge between them labelled with file:line.

    A cycle too large to read is drawn as its shortest chain only, and the title says so.
    """
    shown = set(cycle.modules)
    heading = f"import-time cycle of {len(cycle.modules)} modules"
    if len(shown) > readable_nodes and cycle.chain:
        shown = {step.importer for step in cycle.chain}
        heading += f": showing its shortest chain of {len(shown)}"
    cut = set(cycle.cut)
    if cut:
        heading += "; blue dashed = suggested cut"
    digraph = graphviz.Digraph(name=title)
    digraph.attr(rankdir="LR", fontname=FONT, labelloc="t", label=heading)
    digraph.attr("node", fontname=FONT, fontsize="11", **_NODE_STYLE[NodeKind.MODULE])
    digraph.attr("edge", fontname=FONT, fontsize="9")
    for name in sorted(shown):
        digraph.node(name, label=name, color=CYCLE_COLOUR, tooltip=name)
    for importer in sorted(shown):
        for imported in sorted(graph.eager.successors(importer)):
            if imported not in shown:
                continue
            records = [r for r in graph.imports_of_edge(importer, imported) if r.eager]
            label = _locations(records)
            implicit = all(record.implicit for record in records)
            if implicit:
                label = f"parent package first: {label}"
            if (importer, imported) in cut:
                digraph.edge(
                    importer,
                    imported,
                    label=f"cut: {label}",
                    color=CUT_COLOUR,
                    fontcolor=CUT_COLOUR,
                    style="bold,dashed",
                    penwidth="3",
                    **{"class": "cut"},
                )
            else:
                digraph.edge(
                    importer,
                    imported,
                    label=label,
                    color=CYCLE_COLOUR,
                    style="bold,dotted" if implicit else "bold",
                    penwidth="2",
                    **{"class": "cycle implicit" if implicit else "cycle"},
                )
    return str(digraph.source)


def _locations(records: list[Import]) -> str:
    shown = [f"{record.path}:{record.line}" for record in records[:_EDGE_LABEL_LINES]]
    hidden = len(records) - len(shown)
    if hidden > 0:
        shown.append(f"and {hidden} more")
    return "\n".join(shown)
