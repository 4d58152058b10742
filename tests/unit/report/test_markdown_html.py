from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser

from importmap.domain import Criterion, Finding, HeavyUse, Report, Score, ScoreGroup, Severity
from importmap.report.html import GraphPicture, inline_svg, render_html
from importmap.report.markdown import render_markdown
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
    assert "1. **2 modules** (import time)" in text
    assert "   - `app.a` → `app.b` at `app/a.py:3`" in text
    assert "- `pandas` ← `app.c` ← `app.a`" in text
    assert "New findings" not in text


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

    assert "pandas &lt;eager&gt;" in page
    assert "<?xml" not in page and '<div id="graph"><svg viewBox="0 0 1 1"></svg></div>' in page
    for tag, attrs in collector.tags:
        assert not (attrs.get("src") or "").startswith("http"), tag
        assert tag != "link", "no external stylesheet"
    rows = [attrs for tag, attrs in collector.tags if tag == "tr" and "data-code" in attrs]
    assert [(r["data-code"], r["data-path"]) for r in rows] == [
        ("IMP001", "app/a.py"),
        ("IMP201", "app/c.py"),
    ]


def test_html_without_graphviz_shows_the_dot_source() -> None:
    page = render_html(_report(), GraphPicture(svg=None, dot='digraph "x" {}'))
    assert "digraph &quot;x&quot; {}" in page and 'id="graph"' not in page


def test_inline_svg_drops_the_prologue_only() -> None:
    assert inline_svg("<svg><!-- keep --></svg>") == "<svg><!-- keep --></svg>"


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
