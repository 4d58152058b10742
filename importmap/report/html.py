"""The HTML report: one self-contained file, readable offline, with its small script inlined."""

from __future__ import annotations

import base64
import gzip
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from importlib import resources

from importmap.domain import ChainStep, Cycle, HeavyUse
from importmap.report.compare import Comparison, html_section
from importmap.report.priorities_view import priorities_html
from importmap.result import Report
from importmap.version import __version__

# Lines of a chain, and loaders of a heavy package, shown before "and N more".
_CHAIN_STEPS = 12
_LOADERS = 3
# Cycle pictures are embedded while their total stays under this; beyond, they are linked.
_EMBEDDED_PICTURES_BYTES = 1_000_000
_SEVERITIES = ("error", "warning", "info")
# Data larger than this is sent gzipped: messages repeat a lot (a fifth of the size, or less).
_PACK_ABOVE_CHARS = 1_000_000

_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)
_XML_PROLOGUE = re.compile(r"\A\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?(<!--.*?-->\s*)*", re.S)


@dataclass(frozen=True)
class GraphPicture:
    """The overview graph as the page shows it: an SVG when Graphviz drew one, else DOT text."""

    svg: str | None
    dot: str
    notes: tuple[str, ...] = ()
    # The import-time cycle pictures by their number (cycles/N.svg), embedded in the page.
    cycle_svgs: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Links:
    """Where `file:line` points: a link relative to the report (`prefix` + path, e.g. "../"
    when the report sits one directory below the paths' base), and an editor URL template
    with {path} and {line}, such as `vscode://file/{path}:{line}` (None: no editor link)."""

    prefix: str = ""
    editor: str | None = None


def _asset(name: str) -> str:
    return resources.files("importmap.report").joinpath("assets").joinpath(name).read_text("utf-8")


def inline_svg(svg: str) -> str:
    """The <svg> element alone: the XML prologue and DOCTYPE do not belong inside HTML, and
    Graphviz's comments (one per node and edge) are weight without use."""
    return _COMMENT.sub("", _XML_PROLOGUE.sub("", svg, count=1)).strip()


def render_html(
    report: Report,
    picture: GraphPicture,
    links: Links | None = None,
    comparison: Comparison | None = None,
) -> str:
    links = links or Links()
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
        '<a href="#heavy">Heavy imports</a><a href="#priorities">Fix first</a></nav>',
        "<main>",
        "" if comparison is None else html_section(comparison),
        _score(report),
        _graph(picture),
        _findings(report),
        priorities_html(report),
        _cycles(report.cycles, picture.cycle_svgs, links),
        _heavy(report),
        _errors(report),
        "</main>",
        _data(report, links),
        f"<script>{_asset('report.js')}</script>",
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def render_graph_page(report: Report, picture: GraphPicture) -> str:
    """`graph --format html`: the interactive graph alone (search, drill down, pan and zoom)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">",
        "<title>importmap graph</title>",
        f"<style>{_asset('report.css')}</style>",
        "</head><body>",
        f"<header><h1>importmap graph</h1><p>{len(report.codebase.modules)} modules "
        f"&middot; importmap {escape(__version__)}</p></header>",
        "<main>",
        _graph(picture),
        "</main>",
        _data(report, Links(), findings=False),
        f"<script>{_asset('report.js')}</script>",
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def _json_script(element_id: str, value: object) -> str:
    # "<" never appears raw, so no text in the data can close the script element.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    if len(text) <= _PACK_ABOVE_CHARS:
        return f'<script type="application/json" id="{element_id}">{text}</script>'
    # A large report's data goes gzipped (mtime 0: the same bytes every run), in base64.
    packed = base64.b64encode(gzip.compress(text.encode("utf-8"), mtime=0)).decode("ascii")
    return (
        f'<script type="application/octet-stream" id="{element_id}" '
        f'data-encoding="gzip-base64">{packed}</script>'
    )


def _data(report: Report, links: Links, findings: bool = True) -> str:
    """What the script needs, as JSON: every module (for search and drill-down) and, compactly,
    every finding (the table is drawn a page at a time from this, never all at once)."""
    cycle_members = sorted({name for c in report.cycles if c.eager for name in c.modules})
    names = [module.name for module in report.codebase.modules]
    data: dict[str, object] = {
        "modules": names,
        "edges": _module_edges(report, names),
        "cycleMembers": cycle_members,
        "linkPrefix": links.prefix,
        "editor": links.editor,
    }
    if findings:
        paths: dict[str, int] = {}
        rows = []
        for f in report.findings:
            index = paths.setdefault(f.path, len(paths))
            rows.append(
                [
                    f.code,
                    _SEVERITIES.index(f.severity._value_),
                    index,
                    f.line,
                    f.column,
                    f.message,
                    # A fix the message already spells out is not sent twice (IMP101's is).
                    "" if not f.fix or f.fix in f.message else f.fix,
                ]
            )
        data["paths"] = list(paths)
        data["findings"] = rows
    return _json_script("report-data", data)


def _module_edges(report: Report, names: list[str]) -> list[int]:
    """Every module-level edge once, as flat triples (importer, imported, kind) of indexes into
    `names`: the page opens any collapsed box from these. Kind 0 is deferred only, 1 has an
    import-time import, 2 is an import-time edge inside an import-time cycle."""
    index = {name: number for number, name in enumerate(names)}
    cycle_of = {name: n for n, c in enumerate(report.cycles) if c.eager for name in c.modules}
    graph = report.graph
    flat: list[int] = []
    for importer, imported in graph.edges():
        if importer == imported or importer not in index or imported not in index:
            continue
        kind = 1 if graph.is_eager_edge(importer, imported) else 0
        cycle = cycle_of.get(importer)
        if kind and cycle is not None and cycle == cycle_of.get(imported):
            kind = 2
        flat += (index[importer], index[imported], kind)
    return flat


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
    # Room for more score tables (per group) after the criteria: one <section>, many tables.
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
        body = f'<div class="graph-area"><div id="graph">{inline_svg(picture.svg)}</div></div>'
        controls = (
            '<div class="controls">'
            '<label>Find a module <input type="search" id="module-search" '
            'placeholder="any module, drawn or collapsed"></label>'
            '<span id="module-search-status" class="muted" aria-live="polite"></span>'
            '<button type="button" id="zoom-in" aria-label="zoom in">+</button>'
            '<button type="button" id="zoom-out" aria-label="zoom out">&minus;</button>'
            '<button type="button" id="zoom-reset">reset</button></div>'
            '<p class="graph-help muted">Scroll to zoom, drag to pan. Click a module (or Tab to '
            "it and press Enter): what it imports turns blue, what imports it turns green. "
            "Click a package box (or Enter on it) to open it in place, level by level; click "
            "its title bar to close it. The search finds every module and opens its boxes.</p>"
            '<p id="selection"></p>'
        )
    return f'<section id="graph-section"><h2>Graph</h2>{notes}{controls}{body}</section>'


def _findings(report: Report) -> str:
    counts = Counter(finding.code for finding in report.findings)
    options = "".join(
        f'<option value="{escape(code)}">{escape(code)} ({count})</option>'
        for code, count in sorted(counts.items())
    )
    return (
        '<section id="findings-section"><h2>Findings</h2><div class="controls">'
        '<label>Code <select id="finding-code"><option value="">all codes</option>'
        f"{options}</select></label>"
        '<label>Path <input type="search" id="finding-search" placeholder="filter by path">'
        "</label>"
        '<label>Group by <select id="finding-group"><option value="">nothing</option>'
        '<option value="code">code</option><option value="file">file</option></select></label>'
        '<span id="finding-count" class="muted" aria-live="polite"></span>'
        '<span class="pager"><button type="button" id="page-prev">previous</button>'
        '<span id="page-status"></span>'
        '<button type="button" id="page-next">next</button></span></div>'
        '<table id="findings"><colgroup><col class="c-code"><col class="c-sev">'
        '<col class="c-where"><col></colgroup>'
        "<thead><tr><th>code</th><th>severity</th><th>where</th>"
        "<th>message</th></tr></thead><tbody></tbody></table></section>"
    )


def _cycles(cycles: tuple[Cycle, ...], pictures: Mapping[int, str], links: Links) -> str:
    if not cycles:
        return '<section id="cycles"><h2>Cycles</h2><p>No import cycles.</p></section>'
    eager = [cycle for cycle in cycles if cycle.eager]
    deferred = [cycle for cycle in cycles if not cycle.eager]
    embed = sum(len(svg) for svg in pictures.values()) <= _EMBEDDED_PICTURES_BYTES
    items = []
    for number, cycle in enumerate(eager, start=1):
        svg = pictures.get(number)
        drawn = (
            f'<div class="cycle-picture">{inline_svg(svg)}</div>'
            if svg is not None and embed
            else f'<p><a href="cycles/{number}.svg">cycles/{number}.svg</a></p>'
        )
        items.append(_cycle(f"Cycle {number}", "import-time", cycle, links, drawn))
    for number, cycle in enumerate(deferred, start=1):
        items.append(_cycle(f"Deferred cycle {number}", "deferred only", cycle, links, ""))
    return f'<section id="cycles"><h2>Cycles</h2>{"".join(items)}</section>'


def _where(path: str, line: int, links: Links) -> str:
    text = f"{escape(path)}:{line}"
    link = f'<a href="{escape(links.prefix + path)}"><code>{text}</code></a>'
    if links.editor:
        url = links.editor.replace("{path}", path).replace("{line}", str(line))
        link += f' <a class="editor" href="{escape(url)}">open</a>'
    return link


def _steps(chain: tuple[ChainStep, ...], links: Links) -> str:
    shown = "".join(
        f"<li><code>{escape(step.importer)}</code> imports "
        f"<code>{escape(step.imported)}</code> at {_where(step.path, step.line, links)}: "
        f"<code>{escape(step.statement)}</code></li>"
        for step in chain[:_CHAIN_STEPS]
    )
    hidden = len(chain) - _CHAIN_STEPS
    more = f'<li class="muted">and {hidden} more steps</li>' if hidden > 0 else ""
    return f'<ol class="chain">{shown}{more}</ol>'


def _cycle(title: str, kind: str, cycle: Cycle, links: Links, drawn: str) -> str:
    cut = ""
    if cycle.cut_imports:
        statements = "".join(
            f"<li>{_where(step.path, step.line, links)}: <code>{escape(step.statement)}</code></li>"
            for step in cycle.cut_imports[:_CHAIN_STEPS]
        )
        hidden = len(cycle.cut_imports) - _CHAIN_STEPS
        more = f'<li class="muted">and {hidden} more statements</li>' if hidden > 0 else ""
        cut = f"<p>Suggested cut, as statements:</p><ul>{statements}{more}</ul>"
    elif cycle.cut:
        cut = (
            "<p>Suggested cut: "
            + ", ".join(f"<code>{escape(a)} &rarr; {escape(b)}</code>" for a, b in cycle.cut)
            + "</p>"
        )
    return (
        f'<div class="cycle" data-eager="{str(cycle.eager).lower()}">'
        f"<h3>{title}: {len(cycle.modules)} modules, {kind}</h3>"
        f'<details><summary>modules</summary><p class="muted">'
        f"{escape(', '.join(cycle.modules))}</p></details>"
        f"{drawn}{_steps(cycle.chain, links)}{cut}</div>"
    )


def _heavy(report: Report) -> str:
    if not report.heavy:
        return (
            '<section id="heavy"><h2>Heavy imports</h2>'
            "<p>No heavy dependency is loaded at import time.</p></section>"
        )
    rows = "".join(_heavy_row(use) for use in report.heavy)
    return (
        '<section id="heavy"><h2>Heavy imports</h2><table><thead><tr><th>package</th>'
        "<th>loaded at import time by</th><th>chain from the first</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def _heavy_row(use: HeavyUse) -> str:
    loaders = use.eagerly_loaded_by
    shown = ", ".join(f"<code>{escape(name)}</code>" for name in loaders[:_LOADERS])
    hidden = len(loaders) - _LOADERS
    if hidden > 0:
        shown += f" and {hidden} more"
    chain = ""
    if use.chains and use.chains[0]:
        steps = use.chains[0]
        names = [step.importer for step in steps] + [steps[-1].imported]
        chain = " &rarr; ".join(f"<code>{escape(name)}</code>" for name in names)
    cost = f" ({use.cost_ms:g} ms)" if use.cost_ms is not None else ""
    return (
        f"<tr><td><code>{escape(use.package)}</code>{cost}</td><td>{shown}</td>"
        f"<td>{chain}</td></tr>"
    )


def _errors(report: Report) -> str:
    errors = report.codebase.errors
    if not errors:
        return ""
    rows = "".join(
        f"<li><code>{escape(e.path)}:{e.line}</code>: {escape(e.message)}</li>" for e in errors
    )
    return f'<section id="errors"><h2>Files not read</h2><ul>{rows}</ul></section>'
