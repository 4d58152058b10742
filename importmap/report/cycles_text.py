"""Cycles for a terminal: what is in each, one shortest chain, and the fewest edges to cut."""

from __future__ import annotations

from collections.abc import Sequence

from importmap.domain import Cycle


def render_cycles_text(cycles: Sequence[Cycle], level: int | None = None) -> str:
    what = "modules" if level is None else f"packages at depth {level}"
    if not cycles:
        return f"no import cycles between {what}\n"
    eager = sum(1 for cycle in cycles if cycle.eager)
    lines = [
        f"{len(cycles)} cycle(s) between {what}: {eager} at import time (IMP001), "
        f"{len(cycles) - eager} through deferred imports only (IMP002)"
    ]
    for number, cycle in enumerate(cycles, start=1):
        lines.append("")
        lines.extend(_cycle(number, cycle))
    return "".join(line + "\n" for line in lines)


def _cycle(number: int, cycle: Cycle) -> list[str]:
    kind = "IMP001 import-time cycle" if cycle.eager else "IMP002 deferred cycle"
    lines = [f"{number}. {kind} of {len(cycle.modules)}: {', '.join(cycle.modules)}", "   chain:"]
    lines.extend(
        f"     {step.importer} -> {step.imported}  {step.path}:{step.line}  {step.statement}"
        for step in cycle.chain
    )
    lines.append(f"   cut {len(cycle.cut)} edge(s) to break it:")
    by_edge = cycle.imports_by_cut_edge()
    for importer, imported in cycle.cut:
        lines.append(f"     {importer} -> {imported}")
        lines.extend(
            f"       {step.path}:{step.line}  {step.statement}"
            for step in by_edge.get((importer, imported), [])
        )
    return lines
