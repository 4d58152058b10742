"""Cycles for a terminal: what is in each, one shortest chain, and the fewest edges to cut."""

from __future__ import annotations

from collections.abc import Sequence

from importmap.domain import Cycle


def render_cycles_text(cycles: Sequence[Cycle], level: int | None = None) -> str:
    what = "modules" if level is None else f"packages at depth {level}"
    if not cycles:
        return f"no import cycles between {what}\n"
    eager = sum(1 for cycle in cycles if cycle.eager)
    safe = sum(1 for cycle in cycles if cycle.eager and cycle.order_safe is True)
    lines = [
        f"{len(cycles)} cycle(s) between {what}: {eager} at import time (IMP001), "
        f"{len(cycles) - eager} through deferred imports only (IMP002)"
    ]
    if safe:
        lines.append(
            f"{safe} of the {eager} import-time cycle(s) are order-safe (IMP003): "
            "no member raises when imported first"
        )
    for number, cycle in enumerate(cycles, start=1):
        lines.append("")
        lines.extend(_cycle(number, cycle))
    return "".join(line + "\n" for line in lines)


def _cycle(number: int, cycle: Cycle) -> list[str]:
    kind = _kind(cycle)
    lines = [f"{number}. {kind} of {len(cycle.modules)}: {', '.join(cycle.modules)}"]
    lines.extend(_entries(cycle))
    if cycle.advice:
        lines.append(f"   fix: {cycle.advice}")
    lines.append("   chain:")
    lines.extend(
        f"     {step.importer} -> {step.imported}  {step.path}:{step.line}  {step.statement}"
        for step in cycle.chain
    )
    statements = len({(step.path, step.line) for step in cycle.cut_imports})
    counted = (
        f"{len(cycle.cut)} edge(s)"
        if statements == len(cycle.cut_imports)
        else f"{len(cycle.cut)} edge(s), made by {statements} statement(s),"
    )
    lines.append(f"   cut {counted} to break it:")
    by_edge = cycle.imports_by_cut_edge()
    for importer, imported in cycle.cut:
        lines.append(f"     {importer} -> {imported}")
        lines.extend(
            f"       {step.path}:{step.line}  {step.statement}"
            for step in by_edge.get((importer, imported), [])
        )
    return lines


def _kind(cycle: Cycle) -> str:
    if not cycle.eager:
        return "IMP002 deferred cycle"
    if cycle.order_safe is True:
        return "IMP003 order-safe import-time cycle"
    if cycle.order_safe is False:
        return "IMP001 import-time cycle that raises"
    if cycle.entries:
        return "IMP001 import-time cycle (whether it raises cannot be read)"
    return "IMP001 import-time cycle"


def _entries(cycle: Cycle) -> list[str]:
    """What importing each member first would do, for the members that do not survive."""
    lines = []
    for entry in cycle.entries:
        if entry.raises is True:
            lines.append(
                f"   import {entry.module} first: raises {entry.exception}: {entry.message}"
                f"  at {entry.path}:{entry.line}"
            )
        elif entry.raises is None:
            lines.append(f"   import {entry.module} first: cannot be read: {entry.message}")
    return lines
