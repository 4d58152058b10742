"""The output formats behind one interface: a `Reporter` renders a `ReportView` to text.

`reporter(name)` is the registry, keyed by the names `--format` takes. Each reporter imports
its renderer when it runs: a command pays only for the format it writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from importmap.domain import Finding
from importmap.errors import ImportmapError
from importmap.result import Report

if TYPE_CHECKING:
    from importmap.gate import GateResult
    from importmap.report.compare import Comparison
    from importmap.report.html import GraphPicture, Links


@dataclass(frozen=True)
class ReportView:
    """What every reporter renders: the analysis, and what the command added to it."""

    report: Report
    # `check`: the gate's verdict (what is reported, what fails, suppressions, the baseline).
    gate: GateResult | None = None
    # Text: every finding rather than the failing ones in full and the rest counted.
    show_all: bool = False
    # `analyze --baseline`: the findings the baseline lacks.
    new_findings: Sequence[Finding] | None = None
    # `analyze --compare-to`: what changed since a saved report.
    comparison: Comparison | None = None
    # report.html: the drawn graph, and where file:line links point.
    picture: GraphPicture | None = None
    links: Links | None = None

    def verdict(self, output_format: str) -> GateResult:
        if self.gate is None:
            raise ImportmapError(f"the {output_format} format shows a gate's verdict: use check")
        return self.gate


class Reporter(Protocol):
    def render(self, view: ReportView) -> str: ...


class _Text:
    def render(self, view: ReportView) -> str:
        from importmap.report.check_text import render_check_text

        return render_check_text(view.verdict("text"), view.report, view.show_all)


class _Json:
    def render(self, view: ReportView) -> str:
        from importmap.report.json_report import render_check_json, render_json

        if view.gate is None:
            return render_json(view.report)
        return render_check_json(view.report, view.gate)


class _GitHub:
    def render(self, view: ReportView) -> str:
        from importmap.report.github import render_github

        return render_github(view.verdict("github"))


class _Sarif:
    def render(self, view: ReportView) -> str:
        from importmap.report.sarif import render_sarif
        from importmap.rules.registry import ALL_RULES

        return render_sarif(view.verdict("sarif"), [rule.info for rule in ALL_RULES])


class _JUnit:
    def render(self, view: ReportView) -> str:
        from importmap.report.junit import render_junit

        return render_junit(view.verdict("junit"))


class _Markdown:
    def render(self, view: ReportView) -> str:
        from importmap.report.markdown import render_markdown

        return render_markdown(view.report, view.new_findings, comparison=view.comparison)


class _Html:
    def render(self, view: ReportView) -> str:
        from importmap.report.html import GraphPicture, render_html

        picture = view.picture or GraphPicture(svg=None, dot="")
        return render_html(view.report, picture, view.links, view.comparison)


REPORTERS: dict[str, Reporter] = {
    "text": _Text(),
    "json": _Json(),
    "github": _GitHub(),
    "sarif": _Sarif(),
    "junit": _JUnit(),
    "markdown": _Markdown(),
    "html": _Html(),
}


def reporter(name: str) -> Reporter:
    try:
        return REPORTERS[name]
    except KeyError:
        raise ImportmapError(
            f"unknown output format '{name}'; known: {', '.join(REPORTERS)}"
        ) from None
