"""The HTML report: one self-contained file, readable offline, with its small script inlined."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html import escape
from importlib import resources

from importmap.domain import Cycle, Finding, Report
from importmap.version import __version__

_XML_PROLOGUE = re.compile(r"\A\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?(<!--.*?-->\s*)*", re.S)


@dataclass(frozen=True)
class GraphPicture:
    """The overview graph as the page shows it: an SVG when Graphviz drew one, else DOT text."""

    svg: str | None
    dot: str
    notes: tuple[str, ...] = ()


def _asset(name: str) -> str:
    return resources.files("importmap.report").joinpath("assets").joinpath(name).read_text("utf-8")


def inline_svg(svg: str) -> str:
    """The <svg> element alone: the XML prologue and DOCTYPE do not belong inside HTML."""
    return _XML_PROLOGUE.sub("", svg, count=1).strip()


def render_html(report: Report, picture: GraphPicture) -> str:
    codebase = report.codebase
    eager = sum(1 for cycle in report.cycles if cycle.eager)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # No request may leave the page: forbid every source but the inline ones.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">",
        "<title>importmap report</title>",
        f"<style>{_asset('report.css')}</style>",
        "</head><body>",
        "<header><h1>importmap report</h1>",
        f"<p>{len(codebase.modules)} modules, {len(codebase.written_imports)} imports, "
        f"{eager} import-time cycle(s), {len(report.cycles) - eager} deferred, "
        f"{len(report.findings)} finding(s) &middot; roots: "
        f"{escape(', '.join(codebase.roots))} &middot; importmap {escape(__version__)}</p>",
        "</header>",
        '<nav><a href="#score">Score</a><a href="#graph-section">Graph</a>'
        '<a href="#findings-section">Findings</a><a href="#cycles">Cycles</a>'
        '<a href="#heavy">Heavy imports</a></nav>',
        "<main>",
        _score(report),
        _graph(picture),
        _findings(report),
        _cycles(report.cycles),
        _heavy(report),
        _errors(report),
        "</main>",
        f"<script>{_asset('report.js')}</script>",
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def _score(report: Report) -> str:
    score = report.score
    overall = "not measured" if score.overall is None else f"{score.overall:g} / 100"
    rows = "".join(
        "<tr>"
        f"<td>{escape(c.title)}<br><code class=muted>{escape(c.id)}</code></td>"
        f'<td class="num">{"&ndash;" if c.score is None else f"{c.score:g}"}</td>'
        f'<td class="num">{c.weight:g}</td>'
        f"<td>{escape(c.detail)}</td></tr>"
        for c in score.criteria
    )
    table = (
        "<table><thead><tr><th>criterion</th><th>score</th><th>weight</th><th>detail</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else ""
    )
    return (
        f'<section id="score"><h2>Score</h2><p class="overall" id="overall">{overall}</p>'
        f"{table}{_score_groups(report)}</section>"
    )


def _score_groups(report: Report) -> str:
    """The score per top-level package (or configured group), lowest first."""
    groups = sorted(
        report.score.groups, key=lambda g: (g.overall is None, g.overall or 0.0, g.name)
    )
    if not groups:
        return ""
    head = "".join(f"<th><code>{escape(c.id)}</code></th>" for c in groups[0].criteria)
    rows = "".join(
        f"<tr><td>{escape(group.name)}</td>"
        f'<td class="num">{"&ndash;" if group.overall is None else f"{group.overall:g}"}</td>'
        + "".join(
            f'<td class="num" title="{escape(c.detail)}">'
            f"{'&ndash;' if c.score is None else f'{c.score:g}'}</td>"
            for c in group.criteria
        )
        + "</tr>"
        for group in groups
    )
    return (
        '<h3 id="score-groups">Score per package</h3>'
        f"<table><thead><tr><th>package</th><th>score</th>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _graph(picture: GraphPicture) -> str:
    notes = "".join(f'<p class="note">{escape(note)}</p>' for note in picture.notes)
    if picture.svg is None:
        body = (
            "<p>The graph picture needs Graphviz, which was not available; "
            "its DOT source follows.</p>"
            f'<pre class="dot">{escape(picture.dot)}</pre>'
        )
        controls = ""
    else:
        body = f'<div id="graph">{inline_svg(picture.svg)}</div>'
        controls = (
            '<div class="controls">'
            '<label>Find a module <input type="search" id="module-search" '
            'placeholder="e.g. services.registry"></label>'
            '<span id="module-search-status" class="muted"></span>'
            '<button type="button" id="zoom-in">+</button>'
            '<button type="button" id="zoom-out">&minus;</button>'
            '<button type="button" id="zoom-reset">reset</button></div>'
            '<p class="graph-help muted">Scroll to zoom, drag to pan. Click a module: what it '
            "imports turns blue, what imports it turns green.</p>"
            '<p id="selection"></p>'
        )
    return f'<section id="graph-section"><h2>Graph</h2>{notes}{controls}{body}</section>'


def _finding_row(finding: Finding) -> str:
    # Each field escaped once, though shown twice; `_value_` is the enum's value without the
    # property lookup (`.value`), asked for tens of thousands of findings.
    code = escape(finding.code)
    path = escape(finding.path)
    severity = escape(finding.severity._value_)
    fix = f'<br><span class="muted">fix: {escape(finding.fix)}</span>' if finding.fix else ""
    return (
        f'<tr data-code="{code}" data-path="{path}">'
        f"<td><code>{code}</code></td>"
        f'<td class="sev-{severity}">{severity}</td>'
        f"<td><code>{path}:{finding.line}:{finding.column}</code></td>"
        f"<td>{escape(finding.message)}{fix}</td></tr>"
    )


def _findings(report: Report) -> str:
    counts = Counter(finding.code for finding in report.findings)
    options = "".join(
        f'<option value="{escape(code)}">{escape(code)} ({count})</option>'
        for code, count in sorted(counts.items())
    )
    rows = "".join(_finding_row(finding) for finding in report.findings)
    return (
        '<section id="findings-section"><h2>Findings</h2><div class="controls">'
        '<label>Code <select id="finding-code"><option value="">all codes</option>'
        f"{options}</select></label>"
        '<label>Path <input type="search" id="finding-search" placeholder="filter by path">'
        '</label><span id="finding-count" class="muted"></span></div>'
        '<table id="findings"><thead><tr><th>code</th><th>severity</th><th>where</th>'
        f"<th>message</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _cycles(cycles: tuple[Cycle, ...]) -> str:
    if not cycles:
        return '<section id="cycles"><h2>Cycles</h2><p>No import cycles.</p></section>'
    items = []
    for number, cycle in enumerate(cycles, start=1):
        kind = "import-time" if cycle.eager else "deferred only"
        steps = "".join(
            f"<li><code>{escape(step.importer)}</code> imports "
            f"<code>{escape(step.imported)}</code> at "
            f"<code>{escape(step.path)}:{step.line}</code>: "
            f"<code>{escape(step.statement)}</code></li>"
            for step in cycle.chain
        )
        cut = (
            "<p>Suggested cut: "
            + ", ".join(f"<code>{escape(a)} &rarr; {escape(b)}</code>" for a, b in cycle.cut)
            + "</p>"
            if cycle.cut
            else ""
        )
        items.append(
            f'<div class="cycle" data-eager="{str(cycle.eager).lower()}">'
            f"<h3>Cycle {number}: {len(cycle.modules)} modules, {kind}</h3>"
            f'<p class="muted">{escape(", ".join(cycle.modules))}</p>'
            f'<ol class="chain">{steps}</ol>{cut}</div>'
        )
    return f'<section id="cycles"><h2>Cycles</h2>{"".join(items)}</section>'


def _heavy(report: Report) -> str:
    if not report.heavy:
        return (
            '<section id="heavy"><h2>Heavy imports</h2>'
            "<p>No heavy dependency is loaded at import time.</p></section>"
        )
    rows = "".join(
        f"<tr><td><code>{escape(use.package)}</code></td><td>"
        + " &larr; ".join(f"<code>{escape(name)}</code>" for name in use.eagerly_loaded_by)
        + "</td></tr>"
        for use in report.heavy
    )
    return (
        '<section id="heavy"><h2>Heavy imports</h2><table><thead><tr><th>package</th>'
        f"<th>loaded at import time by</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _errors(report: Report) -> str:
    errors = report.codebase.errors
    if not errors:
        return ""
    rows = "".join(
        f"<li><code>{escape(e.path)}:{e.line}</code>: {escape(e.message)}</li>" for e in errors
    )
    return f'<section id="errors"><h2>Files not read</h2><ul>{rows}</ul></section>'
