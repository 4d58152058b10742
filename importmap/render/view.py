"""What a picture shows: the nodes and edges chosen from a Report, before any drawing.

Pure: no Graphviz here. Every tuple is sorted, so the same tree always gives the same view.
"""

from __future__ import annotations

import difflib
import enum
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import networkx as nx

from importmap.domain import Cycle, Import
from importmap.errors import ImportmapError
from importmap.graph.build import ModuleGraph
from importmap.patterns import PathGlobs, module_matches_any
from importmap.render.collapse import Box, Collapser
from importmap.render.layouts import Layout, RankDir
from importmap.render.stdlib import is_stdlib, parse_version
from importmap.result import Report

# Above this many nodes a drawing stops being readable, so the overview collapses to packages.
READABLE_NODES = 150
# Graphviz's layout grows much faster than the edge count: on a generated 20,000-module tree,
# 150 package nodes with about 10,000 edges took dot 46 s, and no one reads that many arrows.
READABLE_EDGES = 600
# The node budget never shrinks below this while it makes room for edges.
_SMALLEST_BUDGET = 20


class NodeKind(str, enum.Enum):
    MODULE = "module"
    PACKAGE = "package"
    EXTERNAL = "external"
    HEAVY = "heavy"


@dataclass(frozen=True)
class GraphOptions:
    depth: int | None = None
    focus: str | None = None
    radius: int = 1
    cycles_only: bool = False
    # With cycles_only: draw the deferred cycles too, not only the import-time ones.
    deferred_cycles: bool = False
    externals: bool = False
    exclude: tuple[str, ...] = ()
    layout: Layout = Layout.dot
    rankdir: RankDir = RankDir.LR
    readable_nodes: int = READABLE_NODES
    readable_edges: int = READABLE_EDGES


@dataclass(frozen=True, order=True)
class ViewNode:
    name: str
    label: str
    kind: NodeKind
    cluster: str = ""
    members: int = 1
    in_cycle: bool = False
    focus: bool = False


@dataclass(frozen=True, order=True)
class ViewEdge:
    source: str
    target: str
    imports: int
    eager: bool
    cycle: bool
    relative: bool
    # Every import making the edge is an ancestor package Python imports first (no statement
    # names it): drawn dotted.
    implicit: bool = False
    # A suggested cut of an import cycle (drawn by --cycles-only).
    cut: bool = False

    @property
    def weight(self) -> float:
        """Line thickness: grows with the import count, slowly, so one edge never swamps."""
        return round(1.0 + min(4.0, math.log2(self.imports)), 2) if self.imports > 1 else 1.0


@dataclass(frozen=True)
class GraphView:
    nodes: tuple[ViewNode, ...]
    edges: tuple[ViewEdge, ...]
    clusters: tuple[tuple[str, str], ...]
    depth: int | None
    collapsed: bool
    notes: tuple[str, ...] = field(default=())

    @property
    def node_names(self) -> tuple[str, ...]:
        return tuple(node.name for node in self.nodes)


def build_view(report: Report, options: GraphOptions) -> GraphView:
    graph = report.graph
    paths = {module.name: module.path for module in report.codebase.modules}
    excluded = PathGlobs(options.exclude)
    kept = {
        name
        for name in graph.modules
        if not module_matches_any(name, options.exclude)
        and not (name in paths and excluded.matches(paths[name]))
    }
    cycle_of = _eager_cycle_members(report)
    if options.cycles_only:
        return cycles_view(report, graph, kept, options)
    allowed: Callable[[str, str], bool] | None = None
    if options.focus is not None:
        kept, allowed = _neighbourhood(graph, kept, options.focus, options.radius)

    module_edges = [
        (a, b)
        for a, b in graph.edges()
        if a in kept and b in kept and (allowed is None or allowed(a, b))
    ]
    cycle_module_edges = [
        (a, b)
        for a, b in module_edges
        if a != b
        and cycle_of.get(a) is not None
        and cycle_of.get(a) == cycle_of.get(b)
        and graph.is_eager_edge(a, b)
    ]
    notes: list[str] = []
    too_many = (
        f"{len(kept)} modules are more than a readable {options.readable_nodes}"
        if len(kept) > options.readable_nodes
        else f"{len(module_edges)} imports are more than a readable {options.readable_edges}"
        if len(module_edges) > options.readable_edges
        else None
    )
    owner: Callable[[str], str] = _same
    groups: dict[str, Box] = {}
    collapsed = options.depth is not None or too_many is not None
    if collapsed:
        collapser = Collapser(kept, cycle_module_edges, options.focus)
        _fit(collapser, module_edges, options)
        owner = collapser.owner
        groups = {box.name: box for box in collapser.boxes()}
        if options.depth is None and too_many is not None:
            hint = (
                "a smaller --radius for detail"
                if options.focus is not None
                else "--depth N or --focus MODULE --radius N for detail"
            )
            notes.append(
                f"{too_many}: collapsed to {len(groups)} boxes, opening the largest packages and "
                f"those with import-time cycles; use {hint}"
            )

    members: dict[str, int] = defaultdict(int)
    for name in kept:
        members[owner(name)] += 1
    in_cycle_nodes = {owner(name) for name in kept if name in cycle_of}

    edge_records: dict[tuple[str, str], list[Import]] = defaultdict(list)
    cycle_edges = {(owner(a), owner(b)) for a, b in cycle_module_edges}
    for importer, imported in module_edges:
        source, target = owner(importer), owner(imported)
        if source == target and importer != imported:
            continue  # an import inside one collapsed package says nothing at this level
        edge_records[(source, target)].extend(graph.imports_of_edge(importer, imported))

    if collapsed and len(edge_records) > options.readable_edges:
        implied = _implied(set(edge_records), cycle_edges)
        for pair in implied:
            del edge_records[pair]
        if implied:
            notes.append(
                f"{len(implied)} edges between boxes that another drawn path already implies "
                "are left out"
            )
    if collapsed and len(edge_records) > options.readable_edges:
        weak = _weakest(edge_records, cycle_edges, options.readable_edges)
        most = max(len(edge_records[pair]) for pair in weak) if weak else 0
        for pair in weak:
            del edge_records[pair]
        notes.append(
            f"{len(weak)} more edges of at most {most} imports each are left out "
            "(import-time cycle edges never are)"
        )

    heavy = {use.package for use in report.heavy}
    external_nodes: set[str] = set()
    if options.externals:
        interpreter = report.codebase.interpreter
        python = parse_version(interpreter.target) if interpreter is not None else None
        for record in report.codebase.imports:
            if not record.external or record.stdlib or is_stdlib(record.imported, python):
                continue
            if record.importer not in kept:
                continue
            source = owner(record.importer)
            if record.imported in members:
                continue  # a first-party name wins; never draw two nodes with one id
            external_nodes.add(record.imported)
            edge_records[(source, record.imported)].append(record)

    first_party = sorted(members)
    prefix = _common_prefix(first_party)
    parents = {name: groups[name].parent if name in groups else "" for name in first_party}
    clusters = _clusters(first_party, parents)
    nodes = [
        ViewNode(
            name=name,
            label=_label(name, prefix, clusters.get(name, ""), members[name], groups.get(name)),
            kind=NodeKind.MODULE if _is_module(name, groups) else NodeKind.PACKAGE,
            cluster=clusters.get(name, ""),
            members=members[name],
            in_cycle=name in in_cycle_nodes,
            focus=name == options.focus,
        )
        for name in first_party
    ]
    nodes.extend(
        ViewNode(
            name=name,
            label=name,
            kind=NodeKind.HEAVY if name in heavy else NodeKind.EXTERNAL,
        )
        for name in sorted(external_nodes)
    )
    edges = [
        ViewEdge(
            source=source,
            target=target,
            imports=len(records),
            eager=any(record.eager for record in records),
            cycle=(source, target) in cycle_edges,
            relative=any(record.relative for record in records),
            implicit=all(record.implicit for record in records),
        )
        for (source, target), records in sorted(edge_records.items())
    ]
    cluster_labels = tuple(
        (cluster, _strip(cluster, prefix) or cluster) for cluster in sorted(set(clusters.values()))
    )
    return GraphView(
        nodes=tuple(nodes),
        edges=tuple(edges),
        clusters=cluster_labels,
        depth=options.depth,
        collapsed=collapsed,
        notes=tuple(notes),
    )


def cycles_view(
    report: Report, graph: ModuleGraph, kept: set[str], options: GraphOptions
) -> GraphView:
    """Each import cycle as its own cluster, numbered as in the report, its cut edges marked.

    Only import-time cycles unless `deferred_cycles`; only the edges inside each cycle (the
    import-time ones for an import-time cycle).
    """
    chosen: list[tuple[str, Cycle]] = []
    eager = [cycle for cycle in report.cycles if cycle.eager]
    chosen += [(f"import-time cycle {n}", c) for n, c in enumerate(eager, start=1)]
    if options.deferred_cycles:
        deferred = [cycle for cycle in report.cycles if not cycle.eager]
        chosen += [(f"deferred cycle {n}", c) for n, c in enumerate(deferred, start=1)]
    placed: dict[str, str] = {}
    nodes: list[ViewNode] = []
    edges: list[ViewEdge] = []
    clusters: list[tuple[str, str]] = []
    prefix = _common_prefix(sorted({name for _, cycle in chosen for name in cycle.modules}))
    for title, cycle in chosen:
        members = sorted(name for name in cycle.modules if name in kept and name not in placed)
        if not members:
            continue
        clusters.append((title, f"{title}: {len(cycle.modules)} modules"))
        for name in members:
            placed[name] = title
            label = _strip(name, prefix)
            nodes.append(
                ViewNode(name, label, NodeKind.MODULE, cluster=title, in_cycle=cycle.eager)
            )
        cut = set(cycle.cut)
        for importer in members:
            for imported in sorted(graph.full.successors(importer)):
                if placed.get(imported) != title:
                    continue
                records = graph.imports_of_edge(importer, imported)
                if cycle.eager:
                    records = tuple(record for record in records if record.eager)
                if not records:
                    continue
                edges.append(
                    ViewEdge(
                        source=importer,
                        target=imported,
                        imports=len(records),
                        eager=any(record.eager for record in records),
                        cycle=cycle.eager,
                        relative=any(record.relative for record in records),
                        cut=(importer, imported) in cut,
                    )
                )
    notes = () if chosen else ("no import-time cycles",)
    return GraphView(
        nodes=tuple(nodes),
        edges=tuple(edges),
        clusters=tuple(clusters),
        depth=None,
        collapsed=False,
        notes=notes,
    )


def _eager_cycle_members(report: Report) -> dict[str, int]:
    return {
        name: index
        for index, cycle in enumerate(report.cycles)
        if cycle.eager
        for name in cycle.modules
    }


def _implied(edges: set[tuple[str, str]], keep: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """The edges a transitive reduction drops: A -> C when A -> B -> C is drawn anyway.

    Computed on the graph of strongly connected components (a reduction needs no cycles); edges
    inside a component and the import-time cycle edges in `keep` always stay.
    """
    digraph = nx.DiGraph(sorted(edges))
    condensed = nx.condensation(digraph)
    component = condensed.graph["mapping"]
    reduced = set(nx.transitive_reduction(condensed).edges())
    return sorted(
        (a, b)
        for a, b in edges
        if (a, b) not in keep
        and component[a] != component[b]
        and (component[a], component[b]) not in reduced
    )


def _weakest(
    records: dict[tuple[str, str], list[Import]], keep: set[tuple[str, str]], budget: int
) -> list[tuple[str, str]]:
    """The edges with the fewest imports beyond the edge budget, cycle edges aside: dot's time
    grows with the edges far more than with the boxes, and thin edges say the least."""
    optional = sorted(
        (pair for pair in records if pair not in keep),
        key=lambda pair: (-len(records[pair]), pair),
    )
    room = max(0, budget - sum(1 for pair in records if pair in keep))
    return sorted(optional[room:])


def _same(name: str) -> str:
    return name


def _is_module(name: str, groups: dict[str, Box]) -> bool:
    box = groups.get(name)
    return box is None or box.is_module


def _fit(collapser: Collapser, edges: list[tuple[str, str]], options: GraphOptions) -> None:
    """Open boxes within the node budget, then shrink the budget until the edges nearly fit."""
    budget = options.readable_nodes
    while True:
        collapser.run(budget, options.depth)
        if options.depth is not None or budget <= _SMALLEST_BUDGET:
            return
        owner = collapser.owner
        drawn = {(owner(a), owner(b)) for a, b in edges}
        # Up to twice the edge budget, the thinnest edges are left out instead (`_weakest`).
        if sum(1 for a, b in drawn if a != b) <= 2 * options.readable_edges:
            return
        budget = max(_SMALLEST_BUDGET, budget * 3 // 4)


def _neighbourhood(
    graph: ModuleGraph, kept: set[str], focus: str, radius: int
) -> tuple[set[str], Callable[[str, str], bool]]:
    """What the focus imports and what imports it, `radius` steps out, and the edges on those
    paths only (an edge between two neighbours that is on neither path is left out)."""
    if focus not in kept:
        close = difflib.get_close_matches(focus, sorted(kept), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ImportmapError(f"--focus: no module named '{focus}' in the graph{hint}")
    if radius < 0:
        raise ImportmapError("--radius must be 0 or more")
    forward = _distances(focus, radius, graph.full.successors, kept)
    backward = _distances(focus, radius, graph.full.predecessors, kept)

    def on_a_path(importer: str, imported: str) -> bool:
        ahead = forward.get(importer)
        behind = backward.get(imported)
        return (ahead is not None and forward.get(imported) == ahead + 1) or (
            behind is not None and backward.get(importer) == behind + 1
        )

    return set(forward) | set(backward), on_a_path


def _distances(
    start: str, radius: int, step: Callable[[str], Iterable[str]], kept: set[str]
) -> dict[str, int]:
    distance = {start: 0}
    frontier = [start]
    for reached in range(1, radius + 1):
        following: list[str] = []
        for name in frontier:
            for other in sorted(step(name)):
                if other in kept and other not in distance:
                    distance[other] = reached
                    following.append(other)
        frontier = following
    return distance


def _common_prefix(names: list[str]) -> str:
    """The dotted package that every name sits under, stripped from labels to keep them short."""
    if not names:
        return ""
    split = [name.split(".") for name in names]
    common: list[str] = []
    for parts in zip(*split, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    # Never strip a whole name: a node needs a label.
    shortest = min(len(parts) for parts in split)
    return ".".join(common[: max(0, min(len(common), shortest - 1))])


def _clusters(names: list[str], parents: dict[str, str]) -> dict[str, str]:
    """Each node's package cluster; a package with drawn submodules holds its own __init__ too.

    A node's package is the one it was opened from (a name range `pkg[a..f]` belongs to `pkg`).
    """
    name_set = set(names)

    def parent_of(name: str) -> str:
        return parents.get(name) or name.rpartition(".")[0]

    parents_with_children: dict[str, int] = defaultdict(int)
    for name in names:
        parent = parent_of(name)
        if parent:
            parents_with_children[parent] += 1
    assignment: dict[str, str] = {}
    for name in names:
        if name in parents_with_children:
            assignment[name] = name
            continue
        parent = parent_of(name)
        if parent and (parents_with_children[parent] > 1 or parent in name_set):
            assignment[name] = parent
    return assignment


def _strip(name: str, prefix: str) -> str:
    if prefix and name.startswith(prefix + "."):
        return name[len(prefix) + 1 :]
    return name


def _label(name: str, prefix: str, cluster: str, members: int, box: Box | None = None) -> str:
    if box is not None and box.label != box.name:
        short = box.label  # a name range of a package's children
    elif cluster == name:
        short = "__init__" if members == 1 else name.rpartition(".")[2]
    elif cluster:
        short = name.rpartition(".")[2]
    else:
        short = _strip(name, prefix)
    return f"{short}\n({members} modules)" if members > 1 else short
