"""What to fix first (importmap/priorities.py), as the terminal, report.md and report.html show it:
the first SHOWN modules, then the first SHOWN packages; report.json holds every entry."""

from __future__ import annotations

from html import escape

from rich.table import Table

from importmap.priorities import MODULE, PACKAGE, Priority, rank
from importmap.result import Report

SHOWN = 10
_TITLES = {MODULE: "modules", PACKAGE: "packages"}
EXPLANATION = (
    "points: error 3, warning 1; score = points × (1 + log2(1 + importers)); "
    "every entry in report.json priorities"
)


def _first(report: Report) -> dict[str, list[Priority]]:
    ranked = rank(report)
    return {kind: [p for p in ranked if p.kind == kind][:SHOWN] for kind in (MODULE, PACKAGE)}


def _findings(priority: Priority) -> str:
    return ", ".join(f"{code} × {count}" for code, count in priority.findings)


def priority_tables(report: Report) -> list[Table]:
    tables: list[Table] = []
    for kind, shown in _first(report).items():
        if not shown:
            continue
        table = Table(title=f"fix first: {_TITLES[kind]}", title_justify="left")
        table.add_column("#", justify="right")
        table.add_column(kind)
        table.add_column("score", justify="right")
        table.add_column("importers", justify="right")
        table.add_column("findings")
        for index, priority in enumerate(shown, start=1):
            table.add_row(
                str(index),
                priority.name,
                f"{priority.score:g}",
                str(priority.importers),
                _findings(priority),
            )
        tables.append(table)
    return tables


def priorities_markdown(report: Report) -> list[str]:
    first = _first(report)
    if not any(first.values()):
        return []
    lines = ["## What to fix first", "", f"_{EXPLANATION}._", ""]
    for kind, shown in first.items():
        if not shown:
            continue
        lines += [
            f"| # | {kind} | score | importers | findings |",
            "| ---: | --- | ---: | ---: | --- |",
        ]
        lines += [
            f"| {index} | `{p.name}` | {p.score:g} | {p.importers} | {_findings(p)} |"
            for index, p in enumerate(shown, start=1)
        ]
        lines.append("")
    return lines


def priorities_html(report: Report) -> str:
    first = _first(report)
    if not any(first.values()):
        return (
            '<section id="priorities"><h2>What to fix first</h2>'
            "<p>Nothing: no error or warning finding.</p></section>"
        )
    tables = "".join(
        f'<h3>{_TITLES[kind].capitalize()}</h3><table class="priorities" id="priorities-{kind}">'
        f"<thead><tr><th>#</th><th>{kind}</th><th>score</th><th>importers</th>"
        "<th>findings</th></tr></thead><tbody>"
        + "".join(
            f'<tr><td class="num">{index}</td><td><code>{escape(p.name)}</code></td>'
            f'<td class="num">{p.score:g}</td><td class="num">{p.importers}</td>'
            f"<td>{escape(_findings(p))}</td></tr>"
            for index, p in enumerate(shown, start=1)
        )
        + "</tbody></table>"
        for kind, shown in first.items()
        if shown
    )
    return (
        f'<section id="priorities"><h2>What to fix first</h2><p>{escape(EXPLANATION)}.</p>'
        f"{tables}</section>"
    )
