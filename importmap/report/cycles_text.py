"""Cycles for a terminal: what is in each, one shortest chain, and the fewest edges to cut."""

from __future__ import annotations

import json
from collections.abc import Sequence

from importmap.domain import Cycle
from importmap.import_outcome import EntryOutcome
from importmap.report.json_report import cycle_to_dict, entry_crashes
from importmap.semantics.verify import Observed

# A member imported first: predicted, what Python did, whether they agree (None: not comparable).
Checked = tuple[EntryOutcome, Observed, bool | None]


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


def render_cycles_json(
    cycles: Sequence[Cycle], level: int | None, verified: Sequence[Checked] | None
) -> str:
    """`verified`: None without --verify."""
    document: dict[str, object] = {
        "level": level,
        "cycles": [cycle_to_dict(cycle) for cycle in cycles],
        "entry_crashes": entry_crashes(cycles),
    }
    if verified is not None:
        document["verify"] = [
            {
                "module": predicted.module,
                "predicted": predicted.verdict.value,
                "predicted_text": predicted.text,
                "python": observed.reality.value,
                "python_text": observed.text,
                "agree": agree,
            }
            for predicted, observed, agree in verified
        ]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_verify_text(checks: Sequence[Checked], python: str) -> str:
    lines = ["", f"verified with {python}: each member imported first, in a fresh interpreter"]
    for predicted, observed, agree in checks:
        said = predicted.text or predicted.verdict.value
        real = observed.text or observed.reality.value
        if agree is None:
            lines.append(f"  not comparable  {predicted.module}: Python failed otherwise: {real}")
        elif agree:
            lines.append(f"  agree           {predicted.module}: {real}")
        else:
            lines.append(f"  DISAGREE        {predicted.module}: predicted {said}; Python: {real}")
    agreed = sum(1 for *_, agree in checks if agree)
    disagreed = sum(1 for *_, agree in checks if agree is False)
    other = sum(1 for *_, agree in checks if agree is None)
    lines.append(f"{agreed} agree, {disagreed} disagree, {other} not comparable (another failure)")
    return "".join(line + "\n" for line in lines)
