"""The overview's proportions: a drawing that comes out as a tall strip is drawn again wider.

`dot` stacks across each rank every box of that rank and a virtual node for every edge passing
through it, so a graph with few ranks and many long edges comes out as a strip: django's
overview at --depth 3 was 2,907 x 13,314 pt. Its ranks cannot be known before the layout
(dot breaks cycles and balances ranks its own way), so the first drawing is measured: when it
is more than TALLEST times as long across the ranks as along them, it is drawn once more with
the boxes packed closer across the ranks (`nodesep`) and the ranks spread apart (`ranksep`)
so that both sides come out about equal. Deterministic: the same drawing gives the same DOT.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from importmap.graphviz_engine import GraphvizEngine
from importmap.render.layouts import Layout, RankDir

# A drawing longer across its ranks than this many times along them is drawn again.
TALLEST = 1.6
# The spacing of the second drawing, in inches: boxes (and edges) across a rank, and the most
# room ever put between two ranks (dot's default is 0.5).
PACKED_NODE_SEP = 0.1
LARGEST_RANK_SEP = 8.0
_DEFAULT_RANK_SEP = 0.5
# What packing the boxes keeps of the length across the ranks (measured on django: 0.58-0.6).
_PACKED_SHARE = 0.6
_POINTS_PER_INCH = 72.0
_SVG = "{http://www.w3.org/2000/svg}"
_VIEW_BOX = re.compile(r'viewBox="([\d.\s-]+)"')


@dataclass(frozen=True)
class Drawn:
    """The DOT that was drawn (the overview's, or its respaced copy) and its SVG."""

    dot: str
    svg: bytes


def draw_fitted(
    runner: GraphvizEngine, dot: str, rankdir: RankDir = RankDir.LR, layout: Layout = Layout.dot
) -> Drawn:
    """The overview as SVG, drawn a second time with wider ranks when it is a tall strip."""
    engine = layout.value
    svg = runner.render(dot, "svg", engine)
    if layout is not Layout.dot:
        return Drawn(dot, svg)
    spacing = respacing(svg.decode("utf-8"), rankdir in (RankDir.LR, RankDir.RL))
    if spacing is None:
        return Drawn(dot, svg)
    respaced = with_spacing(dot, *spacing)
    return Drawn(respaced, runner.render(respaced, "svg", engine))


def respacing(svg: str, along_is_width: bool) -> tuple[float, float] | None:
    """(nodesep, ranksep) in inches for a second drawing, or None when the first one is fine."""
    found = _VIEW_BOX.search(svg)
    if found is None:
        return None
    numbers = [float(value) for value in found.group(1).split()]
    width, height = numbers[2], numbers[3]
    along, across = (width, height) if along_is_width else (height, width)
    if along <= 0 or across <= TALLEST * along:
        return None
    ranks = _ranks(svg, along_is_width)
    wanted = across * _PACKED_SHARE - along  # points to add along the ranks
    spread = _DEFAULT_RANK_SEP + wanted / _POINTS_PER_INCH / max(1, ranks - 1)
    return PACKED_NODE_SEP, round(min(LARGEST_RANK_SEP, max(_DEFAULT_RANK_SEP, spread)), 2)


def with_spacing(dot: str, node_sep: float, rank_sep: float) -> str:
    """The DOT with graph-wide spacing attributes, stated right after its first line."""
    head, newline, rest = dot.partition("\n")
    return f"{head}{newline}\tnodesep={node_sep:g} ranksep={rank_sep:g}\n{rest}"


def _ranks(svg: str, along_is_width: bool) -> int:
    """How many ranks the drawing has: dot centres a rank's boxes on one line."""
    try:
        root = ET.fromstring(svg)
    except ET.ParseError:
        return 1
    positions: set[int] = set()
    for group in root.iter(f"{_SVG}g"):
        classes = (group.get("class") or "").split()
        if "node" not in classes or "legend" in classes:
            continue
        text = next(group.iter(f"{_SVG}text"), None)
        if text is None:
            continue
        value = text.get("x" if along_is_width else "y")
        if value is not None:
            # Two-line labels start a little off the centre: a rank is far wider than that.
            positions.add(round(float(value) / 20))
    return max(1, len(positions))
