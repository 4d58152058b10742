from __future__ import annotations

import json
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any

from importmap.domain import (
    ChainStep,
    Criterion,
    Finding,
    HeavyUse,
    Score,
    ScoreGroup,
    Severity,
)
from importmap.report.html import GraphPicture, Links, inline_svg, render_html
from importmap.report.markdown import render_markdown
from importmap.result import Report
from tests.unit.render.records import edge, report_of


def _report() -> Report:
    report = report_of(
        ("app.a", "app.b", "app.c"),
        (edge("app.a", "app.b", 3), edge("app.b", "app.a", 4)),
        heavy=(HeavyUse(package="pandas", eagerly_loaded_by=("app.c", "app.a")),),
    )
    findings = (
        Finding("app/a.py", 3, 1, "IMP001", "import-cycle", Severity.ERROR, "app.a", "cycle a|b"),
        Finding("app/c.py", 1, 1, "IMP201", "heavy", Severity.WARNING, "app.c", "pandas <eager>"),
    )
    score = Score(
        overall=72.5,
        criteria=(Criterion("no-cycles", "No cycles", 50.0, 3.0, True, "1 of 2 modules"),),
    )
    return replace(report, findings=findings, score=score)


def test_markdown_has_score_counts_cycles_heavy_and_escapes_pipes() -> None:
    text = render_markdown(_report())

    assert "Overall: **72.5/100**" in text
    assert "| No cycles | 50 | 3 | 1 of 2 modules |" in text
    assert "| IMP001 | import-cycle | error | 1 |" in text
    assert (
        "1. **Cycle 1: 2 modules** (cycles/1.svg)\\\n   chain: `app.a` → `app.b` → `app.a`" in text
    )
    assert "- `pandas` loaded by `app.c`, `app.a`" in text
    assert "New findings" not in text


def test_markdown_starts_with_the_verdict_then_failing_findings() -> None:
    text = render_markdown(_report())
    lines = text.splitlines()
    assert lines[2] == "**Failed**: 1 failing finding(s) (IMP001 × 1), score 72.5/100."
    assert text.index("## Failing findings") < text.index("## Import-time cycles")
    assert "| `app/a.py:3` | IMP001 | cycle a\\|b |" in text
    passed = render_markdown(replace(_report(), findings=()))
    assert passed.splitlines()[2] == "**Passed**: no failing finding, score 72.5/100."


def _big_report() -> Report:
    """60 import-time cycles of 3, each cut by 5 statements, and a heavy package loaded by 50."""
    names: list[str] = []
    imports = []
    for c in range(60):
        ring = [f"app.c{c:02d}.m{i}" for i in range(3)]
        names += ring
        imports += [edge(ring[i], ring[(i + 1) % 3], line) for i in range(3) for line in (1, 2)]
    report = report_of(names, imports)
    cycles = []
    for cycle in report.cycles:
        steps = tuple(
            ChainStep(cycle.modules[0], cycle.modules[1], "p.py", line, "import x")
            for line in range(5)
        )
        cycles.append(replace(cycle, cut_imports=steps))
    loaders = tuple(f"app.c{c:02d}.m0" for c in range(50))
    heavy = (HeavyUse(package="torch", eagerly_loaded_by=loaders, cost_ms=900.0),)
    deferred = replace(report.cycles[0], eager=False)
    return replace(report, cycles=(deferred, *cycles), heavy=heavy)


def test_markdown_caps_cycles_cuts_and_loaders_and_lists_import_time_cycles_first() -> None:
    text = render_markdown(_big_report())

    assert text.index("## Import-time cycles") < text.index("## Deferred cycles")
    assert "And 50 more import-time cycles in report.json." in text
    assert text.count("`p.py:") == 10 * 3  # three cut statements per shown cycle
    assert text.count("and 2 more statements") == 10
    assert (
        "- `torch` (900 ms) loaded by `app.c00.m0`, `app.c01.m0`, `app.c02.m0` and 47 more" in text
    )


def test_markdown_is_valid_commonmark_without_nested_lists() -> None:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(render_markdown(_big_report()))
    # Every list is flat, and each cycle item keeps its chain and cut inside the item.
    depth = 0
    deepest = 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            deepest = max(deepest, depth)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
    assert deepest == 1
    html = MarkdownIt("commonmark").render(render_markdown(_big_report()))
    assert "<li><strong>Cycle 1: 3 modules</strong> (cycles/1.svg)<br />" in html


def test_markdown_lists_new_findings_when_a_baseline_was_given() -> None:
    report = _report()
    text = render_markdown(report, new_findings=report.findings[1:])
    assert "## New findings versus the baseline" in text
    assert "- `app/c.py:1` **IMP201** pandas <eager>" in text
    assert "None: nothing new" in render_markdown(report, new_findings=())


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained_and_escapes_text() -> None:
    svg = '<?xml version="1.0"?>\n<!DOCTYPE svg>\n<!-- made -->\n<svg viewBox="0 0 1 1"></svg>'
    page = render_html(_report(), GraphPicture(svg=svg, dot="digraph {}"))
    collector = _Collector()
    collector.feed(page)

    assert "<?xml" not in page and '<div id="graph"><svg viewBox="0 0 1 1"></svg></div>' in page
    for tag, attrs in collector.tags:
        assert not (attrs.get("src") or "").startswith("http"), tag
        assert tag != "link", "no external stylesheet"
    # The findings travel as JSON (drawn a page at a time), "<" escaped so no text ends the script.
    data = _page_data(page)
    assert data["paths"] == ["app/a.py", "app/c.py"]
    assert data["findings"] == [
        ["IMP001", 0, 0, 3, 1, "cycle a|b", ""],
        ["IMP201", 1, 1, 1, 1, "pandas <eager>", ""],
    ]
    assert "pandas \\u003ceager>" in page
    assert data["modules"] == ["app.a", "app.b", "app.c"]
    assert data["cycleMembers"] == ["app.a", "app.b"]


def _page_data(page: str) -> dict[str, Any]:
    start = page.index('<script type="application/json" id="report-data">')
    text = page[page.index(">", start) + 1 : page.index("</script>", start)]
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def test_html_links_file_and_line_numbers_cycles_as_the_pictures_and_caps_heavy() -> None:
    report = _report()
    heavy = HeavyUse(
        package="torch",
        eagerly_loaded_by=tuple(f"app.m{i}" for i in range(40)),
        chains=(
            (
                ChainStep("app.m0", "app.x", "app/m0.py", 2, "import app.x"),
                ChainStep("app.x", "torch", "app/x.py", 5, "import torch"),
            ),
        ),
    )
    report = replace(
        report, heavy=(heavy,), cycles=(replace(report.cycles[0], eager=False), *report.cycles)
    )
    links = Links(prefix="../", editor="vscode://file/{path}:{line}")
    page = render_html(
        report, GraphPicture(svg=None, dot="", cycle_svgs={1: "<svg id=c1></svg>"}), links
    )

    assert '<a href="../app/a.py"><code>app/a.py:3</code></a>' in page
    assert '<a class="editor" href="vscode://file/app/a.py:3">open</a>' in page
    assert "<h3>Cycle 1: 2 modules, import-time</h3>" in page
    assert "<h3>Deferred cycle 1: 2 modules, deferred only</h3>" in page
    assert '<div class="cycle-picture"><svg id=c1></svg></div>' in page
    assert page.index("<h3>Cycle 1:") < page.index("<h3>Deferred cycle 1:")
    assert "<code>app.m2</code> and 37 more" in page and "app.m3<" not in page
    assert "<code>app.m0</code> &rarr; <code>app.x</code> &rarr; <code>torch</code>" in page
    assert _page_data(page)["editor"] == "vscode://file/{path}:{line}"


def test_html_without_graphviz_shows_the_dot_source() -> None:
    page = render_html(_report(), GraphPicture(svg=None, dot='digraph "x" {}'))
    assert "digraph &quot;x&quot; {}" in page and 'id="graph"' not in page


def test_inline_svg_drops_the_prologue_and_graphviz_comments() -> None:
    assert inline_svg("<svg><!-- a&#45;&gt;b -->\n<g>x</g></svg>") == "<svg><g>x</g></svg>"


def test_large_data_is_gzipped_in_base64_and_byte_stable() -> None:
    import base64
    import gzip

    findings = tuple(
        Finding(f"app/m{i}.py", i, 1, "IMP101", "relative", Severity.WARNING, "app", "x" * 100)
        for i in range(12_000)
    )
    report = replace(_report(), findings=findings)
    page = render_html(report, GraphPicture(svg=None, dot=""))
    start = page.index(
        '<script type="application/octet-stream" id="report-data" data-encoding="gzip-base64">'
    )
    packed = page[page.index(">", start) + 1 : page.index("</script>", start)]
    data = json.loads(gzip.decompress(base64.b64decode(packed)))
    assert len(data["findings"]) == 12_000 and data["findings"][5][3] == 5
    assert len(page) < 200_000
    assert render_html(report, GraphPicture(svg=None, dot="")) == page


def _grouped() -> Report:
    def criterion(score: float | None, items: int | None) -> Criterion:
        return Criterion("no-cycles", "No cycles", score, 3.0, score is not None, "d", items)

    groups = (
        ScoreGroup("web", 90.0, (criterion(90.0, 40),)),
        ScoreGroup("core<x>", 40.0, (criterion(None, None),)),
    )
    report = _report()
    return replace(report, score=replace(report.score, groups=groups))


def test_markdown_and_html_give_the_score_per_package_lowest_first() -> None:
    text = render_markdown(_grouped())
    assert "### Score per package" in text
    rows = [
        line for line in text.splitlines() if line.startswith("| core") or line.startswith("| web")
    ]
    assert rows == ["| core<x> | 40 | – |", "| web | 90 | 90 (40) |"]
    page = render_html(_grouped(), GraphPicture(svg="<svg></svg>", dot="digraph {}"))
    assert '<h3 id="score-groups">Score per package</h3>' in page
    assert page.index("core&lt;x&gt;") < page.index("<td>web</td>")
