"""What a picture shows: the nodes and edges chosen from a Report, before any drawing.

Pure: no Graphviz here. Every tuple is sorted, so the same tree always gives the same view.
"""

from __future__ import annotations

import difflib
import enum
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatch

import networkx as nx

from importmap.domain import Import, Report
from importmap.errors import ImportmapError
from importmap.graph.build import ModuleGraph
from importmap.render.layouts import Layout, RankDir

# Above this many nodes a drawing stops being readable, so the overview collapses to packages.
READABLE_NODES = 150
# Graphviz's layout grows much faster than the edge count: on a generated 20,000-module tree,
# 150 package nodes with about 10,000 edges took dot 46 s, and no one reads that many arrows.
READABLE_EDGES = 1500


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
    graph = ModuleGraph.from_codebase(report.codebase)
    paths = {module.name: module.path for module in report.codebase.modules}
    kept = {
        name
        for name in graph.modules
        if not any(fnmatch(name, g) or fnmatch(paths.get(name, ""), g) for g in options.exclude)
    }
    cycle_of = _eager_cycle_members(report)
    if options.cycles_only:
        in_any_cycle = {name for cycle in report.cycles for name in cycle.modules}
        kept &= in_any_cycle
    if options.focus is not None:
        kept = _neighbourhood(graph, kept, options.focus, options.radius)

    notes: list[str] = []
    depth = options.depth
    collapsed = depth is not None
    kept_edges = _kept_edges(graph, kept) if depth is None else []
    too_many = (
        f"{len(kept)} modules are more than a readable {options.readable_nodes}"
        if len(kept) > options.readable_nodes
        else f"{len(kept_edges)} imports are more than a readable {options.readable_edges}"
        if len(kept_edges) > options.readable_edges
        else None
    )
    if depth is None and too_many is not None:
        depth = _readable_depth(kept, kept_edges, options)
        collapsed = True
        notes.append(
            f"{too_many}: collapsed to packages at depth {depth}; "
            "use --depth N or --focus MODULE --radius N for detail"
        )

    def shown(name: str) -> str:
        return _collapse(name, depth) if depth is not None else name

    members: dict[str, int] = defaultdict(int)
    for name in kept:
        members[shown(name)] += 1
    in_cycle_nodes = {shown(name) for name in kept if name in cycle_of}

    edge_records: dict[tuple[str, str], list[Import]] = defaultdict(list)
    cycle_edges: set[tuple[str, str]] = set()
    for importer, imported in graph.edges():
        if importer not in kept or imported not in kept:
            continue
        source, target = shown(importer), shown(imported)
        if source == target and importer != imported:
            continue  # an import inside one collapsed package says nothing at this level
        records = graph.imports_of_edge(importer, imported)
        edge_records[(source, target)].extend(records)
        same_cycle = cycle_of.get(importer) is not None and (
            cycle_of.get(importer) == cycle_of.get(imported)
        )
        if same_cycle and any(record.eager for record in records):
            cycle_edges.add((source, target))

    heavy = {use.package for use in report.heavy}
    external_nodes: set[str] = set()
    if options.externals:
        for record in report.codebase.imports:
            if record.external and not record.stdlib and record.importer in kept:
                source = shown(record.importer)
                if record.imported in members:
                    continue  # a first-party name wins; never draw two nodes with one id
                external_nodes.add(record.imported)
                edge_records[(source, record.imported)].append(record)

    first_party = sorted(members)
    prefix = _common_prefix(first_party)
    clusters = _clusters(first_party)
    nodes = [
        ViewNode(
            name=name,
            label=_label(name, prefix, clusters.get(name, ""), members[name]),
            kind=NodeKind.PACKAGE if members[name] > 1 else NodeKind.MODULE,
            cluster=clusters.get(name, ""),
            members=members[name],
            in_cycle=name in in_cycle_nodes,
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
        depth=depth,
        collapsed=collapsed,
        notes=tuple(notes),
    )


def _eager_cycle_members(report: Report) -> dict[str, int]:
    return {
        name: index
        for index, cycle in enumerate(report.cycles)
        if cycle.eager
        for name in cycle.modules
    }


def _neighbourhood(graph: ModuleGraph, kept: set[str], focus: str, radius: int) -> set[str]:
    if focus not in kept:
        close = difflib.get_close_matches(focus, sorted(kept), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ImportmapError(f"--focus: no module named '{focus}' in the graph{hint}")
    if radius < 0:
        raise ImportmapError("--radius must be 0 or more")
    # Both directions: what the module imports and what imports it, `radius` steps out.
    undirected = graph.full.subgraph(sorted(kept)).to_undirected(as_view=True)
    return set(nx.ego_graph(undirected, focus, radius=radius).nodes)


def _collapse(name: str, depth: int) -> str:
    return ".".join(name.split(".")[:depth])


def _kept_edges(graph: ModuleGraph, kept: set[str]) -> list[tuple[str, str]]:
    return [(a, b) for a, b in graph.full.edges() if a in kept and b in kept]


def _readable_depth(
    names: Iterable[str], edges: list[tuple[str, str]], options: GraphOptions
) -> int:
    """The deepest package level whose collapsed graph still fits the readable nodes and edges."""
    names = sorted(names)
    deepest = max(name.count(".") + 1 for name in names)
    for depth in range(deepest, 0, -1):
        if len({_collapse(name, depth) for name in names}) > options.readable_nodes:
            continue
        collapsed = {(_collapse(a, depth), _collapse(b, depth)) for a, b in edges}
        if sum(1 for a, b in collapsed if a != b) <= options.readable_edges:
            return depth
    return 1


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


def _clusters(names: list[str]) -> dict[str, str]:
    """Each node's package cluster; a package with drawn submodules holds its own __init__ too."""
    name_set = set(names)
    parents_with_children: dict[str, int] = defaultdict(int)
    for name in names:
        parent = name.rpartition(".")[0]
        if parent:
            parents_with_children[parent] += 1
    assignment: dict[str, str] = {}
    for name in names:
        if name in parents_with_children:
            assignment[name] = name
            continue
        parent = name.rpartition(".")[0]
        if parent and (parents_with_children[parent] > 1 or parent in name_set):
            assignment[name] = parent
    return assignment


def _strip(name: str, prefix: str) -> str:
    if prefix and name.startswith(prefix + "."):
        return name[len(prefix) + 1 :]
    return name


def _label(name: str, prefix: str, cluster: str, members: int) -> str:
    if cluster == name:
        short = "__init__" if members == 1 else name.rpartition(".")[2]
    elif cluster:
        short = name.rpartition(".")[2]
    else:
        short = _strip(name, prefix)
    return f"{short}\n({members} modules)" if members > 1 else short
