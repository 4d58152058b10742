"""Which pictures a report gets: the overview graph and one drawing per import-time cycle."""

from __future__ import annotations

from dataclasses import dataclass

from importmap.domain import Cycle
from importmap.render.dot import build_cycle_dot, build_dot
from importmap.render.view import GraphOptions, GraphView, build_view
from importmap.result import Report


@dataclass(frozen=True)
class Overview:
    view: GraphView
    dot: str


@dataclass(frozen=True)
class CyclePicture:
    number: int
    cycle: Cycle
    dot: str


def overview(report: Report, options: GraphOptions) -> Overview:
    view = build_view(report, options)
    return Overview(view=view, dot=build_dot(view, options))


def cycle_pictures(report: Report) -> list[CyclePicture]:
    """Import-time cycles only, numbered from 1 in report order (largest first)."""
    graph = report.graph
    eager = [cycle for cycle in report.cycles if cycle.eager]
    return [
        CyclePicture(number, cycle, build_cycle_dot(graph, cycle, f"cycle {number}"))
        for number, cycle in enumerate(eager, start=1)
    ]
