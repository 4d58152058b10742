"""The default terminal summary, drawn with rich.

Like `check`'s text, it stays short on any project: findings are counted per code, and the lists
(import cycles, unreadable files, score groups) show their first LISTED entries and count the
rest, unless `show_all`. report.md, report.html and report.json hold everything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from importmap.domain import Interpreter, NotAnalysed, ScoreGroup
from importmap.report.priorities_view import priority_tables
from importmap.result import Report

# Entries of each list shown before the rest are counted.
LISTED = 10


def summary(report: Report, show_all: bool = False) -> RenderableType:
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
    eager = [cycle for cycle in report.cycles if cycle.eager and cycle.chain]
    for cycle in eager if show_all else eager[:LISTED]:
        steps = " -> ".join(f"{step.importer} ({step.path}:{step.line})" for step in cycle.chain)
        parts.append(Text(f"import cycle: {steps} -> {cycle.chain[-1].imported}", style="red"))
    if not show_all and len(eager) > LISTED:
        parts.append(Text(f"... and {len(eager) - LISTED} more import cycle(s)", style="red"))
    if codebase.errors:
        parts.append(Text(f"errors: {len(codebase.errors)} file(s) could not be read or parsed"))
        errors = codebase.errors if show_all else codebase.errors[:LISTED]
        for error in errors:
            parts.append(Text(f"  {error.path}:{error.line}: {error.message}"))
        if len(errors) < len(codebase.errors):
            parts.append(Text(f"  ... and {len(codebase.errors) - len(errors)} more"))
    if codebase.not_analysed:
        parts.append(not_analysed_summary(codebase.not_analysed))
    if codebase.interpreter is not None and codebase.interpreter.newer_syntax:
        parts.append(Text(interpreter_note(codebase.interpreter)))
    parts.extend(priority_tables(report))
    parts.append(score_table(report))
    if len(report.score.groups) > 1:
        parts.append(groups_table(report.score.groups, show_all))
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


def groups_table(groups: tuple[ScoreGroup, ...], show_all: bool = False) -> Table:
    """Each group's overall score and criteria, lowest first: where a team would start."""
    ordered = sorted(groups, key=lambda g: (g.overall is None, g.overall or 0.0, g.name))
    shown = ordered if show_all else ordered[:LISTED]
    left = len(ordered) - len(shown)
    title = "score per package" + (
        f" (lowest {len(shown)}; {left} more in report.md)" if left else ""
    )
    table = Table(title=title, title_justify="left")
    table.add_column("package", no_wrap=True)
    table.add_column("score", justify="right")
    table.add_column("criteria (lowest first; unmeasured left out)")
    for group in shown:
        measured = sorted(
            (c for c in group.criteria if c.score is not None), key=lambda c: (c.score, c.id)
        )
        cells = ", ".join(f"{c.id} {c.score:g}" for c in measured)
        overall = f"{group.overall:g}" if group.overall is not None else "-"
        table.add_row(group.name, overall, cells or "-")
    return table


def print_summary(report: Report, console: Console, show_all: bool = False) -> None:
    console.print(summary(report, show_all))
