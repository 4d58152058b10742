"""The default terminal summary, drawn with rich."""

from __future__ import annotations

from collections import Counter

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from importmap.domain import Report


def summary(report: Report) -> RenderableType:
    codebase = report.codebase
    eager_cycles = sum(1 for cycle in report.cycles if cycle.eager)
    deferred_cycles = len(report.cycles) - eager_cycles
    internal = sum(1 for record in codebase.imports if record.internal)
    parts: list[RenderableType] = [
        Text(
            f"{len(codebase.modules)} modules, {len(codebase.imports)} imports "
            f"({internal} first-party), roots: {', '.join(codebase.roots)}"
        ),
        Text(f"cycles: {eager_cycles} at import time, {deferred_cycles} deferred only"),
    ]
    counts = Counter(
        (finding.code, finding.rule, finding.severity._value_) for finding in report.findings
    )
    if counts:
        table = Table(title="findings", title_justify="left")
        table.add_column("code")
        table.add_column("rule")
        table.add_column("severity")
        table.add_column("count", justify="right")
        for (code, rule, severity), count in sorted(counts.items()):
            table.add_row(code, rule, severity, str(count))
        parts.append(table)
    else:
        parts.append(Text("findings: none"))
    for cycle in report.cycles:
        if cycle.eager and cycle.chain:
            steps = " -> ".join(
                f"{step.importer} ({step.path}:{step.line})" for step in cycle.chain
            )
            parts.append(Text(f"import cycle: {steps} -> {cycle.chain[-1].imported}", style="red"))
    if codebase.errors:
        parts.append(Text(f"errors: {len(codebase.errors)} file(s) could not be read or parsed"))
        for error in codebase.errors:
            parts.append(Text(f"  {error.path}:{error.line}: {error.message}"))
    parts.append(score_table(report))
    overall = report.score.overall
    parts.append(Text(f"score: {overall:g}/100" if overall is not None else "score: not measured"))
    return Group(*parts)


def score_table(report: Report) -> Table:
    table = Table(title="compliance score", title_justify="left")
    table.add_column("criterion")
    table.add_column("score", justify="right")
    table.add_column("weight", justify="right")
    table.add_column("detail")
    for criterion in report.score.criteria:
        shown = f"{criterion.score:g}" if criterion.score is not None else "-"
        table.add_row(criterion.id, shown, f"{criterion.weight:g}", criterion.detail)
    return table


def print_summary(report: Report, console: Console) -> None:
    console.print(summary(report))
