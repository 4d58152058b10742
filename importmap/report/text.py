"""The default terminal summary, drawn with rich."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from importmap.domain import Interpreter, NotAnalysed, Report


def summary(report: Report) -> RenderableType:
    codebase = report.codebase
    eager_cycles = sum(1 for cycle in report.cycles if cycle.eager)
    deferred_cycles = len(report.cycles) - eager_cycles
    written = codebase.written_imports
    internal = sum(1 for record in written if record.internal)
    parts: list[RenderableType] = [
        Text(
            f"{len(codebase.modules)} modules, {len(written)} imports "
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
    if codebase.not_analysed:
        parts.append(not_analysed_summary(codebase.not_analysed))
    if codebase.interpreter is not None and codebase.interpreter.newer_syntax:
        parts.append(Text(interpreter_note(codebase.interpreter)))
    parts.append(score_table(report))
    overall = report.score.overall
    parts.append(Text(f"score: {overall:g}/100" if overall is not None else "score: not measured"))
    return Group(*parts)


# How many left-out paths the summary names before it points at report.json.
_NOT_ANALYSED_SHOWN = 5


def not_analysed_summary(left_out: Sequence[NotAnalysed]) -> Text:
    """One line per left-out path, the first few; every one is in report.json."""
    lines = [
        f"not analysed: {len(left_out)} path(s) under the roots, each with its reason in "
        'report.json "not_analysed"'
    ]
    lines.extend(f"  {entry.path}: {entry.reason}" for entry in left_out[:_NOT_ANALYSED_SHOWN])
    if len(left_out) > _NOT_ANALYSED_SHOWN:
        lines.append(f"  and {len(left_out) - _NOT_ANALYSED_SHOWN} more")
    return Text("\n".join(lines))


def interpreter_note(interpreter: Interpreter) -> str:
    """The one line that says which Python would see every fact."""
    count = len(interpreter.newer_syntax)
    return (
        f"python: {count} file(s) use syntax Python {interpreter.running} (running) rejects and "
        f"Python {interpreter.target} (requires-python {interpreter.requires_python}) accepts; "
        "their imports were read with grimp's parser, their other facts were not: Python "
        f"{interpreter.sees_every_fact} would see every fact"
    )


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
