"""Writing the report directory of `importmap analyze`: pictures, Markdown, HTML."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from importmap.adapters.graphviz import GraphvizRunner
from importmap.domain import Finding
from importmap.graphviz_engine import INSTALL_HINT, GraphvizEngine, GraphvizFailed
from importmap.render.fit import draw_fitted
from importmap.render.pictures import cycle_pictures, overview
from importmap.render.view import GraphOptions
from importmap.report.compare import Comparison
from importmap.report.html import GraphPicture, Links
from importmap.report.reporters import ReportView, reporter
from importmap.result import Report
from importmap.safe_fs import open_directory, open_subdirectory, prune, write_output

CYCLES_DIR = "cycles"
_CYCLE_PICTURE = re.compile(r"[0-9]+\.(svg|dot)")


class ReportNotWritten(Exception):
    """A file of the report directory could not be written; the message says which and why."""


def write_report_files(
    report: Report,
    out: Path,
    *,
    render: bool,
    console: Console,
    runner: GraphvizEngine | None = None,
    new_findings: Sequence[Finding] | None = None,
    editor_url: str | None = None,
    comparison: Comparison | None = None,
) -> list[Path]:
    """Write graph.dot/svg, cycles/<n>.svg, report.md and report.html; return what was written.

    Without Graphviz the DOT files and the HTML (with the DOT inside) are still written, and
    one line says how to install it. ReportNotWritten when a file cannot be written.
    """
    runner = runner or GraphvizRunner()
    written: list[Path] = []
    picture = GraphPicture(svg=None, dot="")
    if render:
        drawn = overview(report, GraphOptions())
        have_dot = runner.available()
        svg: str | None = None
        dot = drawn.dot
        if have_dot:
            try:
                fitted = draw_fitted(runner, drawn.dot)
                dot, svg = fitted.dot, fitted.svg.decode("utf-8")
            except GraphvizFailed as error:
                console.print(f"importmap: graph.svg not drawn: {error}", markup=False)
        write_report_file(out / "graph.dot", dot, written)
        if svg is not None:
            write_report_file(out / "graph.svg", svg, written)
        cycles_dir = out / CYCLES_DIR
        _clear_old_pictures(cycles_dir)
        cycle_svgs: dict[int, str] = {}
        for cycle in cycle_pictures(report):
            write_report_file(cycles_dir / f"{cycle.number}.dot", cycle.dot, written)
            name = f"{cycle.number}.svg"
            rendered = _render_or_report(runner, cycle.dot, console, f"{CYCLES_DIR}/{name}")
            if have_dot and rendered is not None:
                write_report_file(cycles_dir / name, rendered, written)
                cycle_svgs[cycle.number] = rendered
        for note in drawn.view.notes:
            console.print(f"graph: {note}", markup=False)
        if not have_dot:
            console.print(f"importmap: {INSTALL_HINT}", markup=False)
        picture = GraphPicture(svg, dot, drawn.view.notes, cycle_svgs)
    view = ReportView(
        report,
        new_findings=new_findings,
        comparison=comparison,
        picture=picture,
        links=_links(out, editor_url),
    )
    write_report_file(out / "report.md", reporter("markdown").render(view), written)
    write_report_file(out / "report.html", reporter("html").render(view), written)
    return written


def _links(out: Path, editor: str | None) -> Links:
    """file:line links: report paths are relative to the working directory, the page is in out."""
    prefix = os.path.relpath(Path.cwd(), out.resolve()).replace(os.sep, "/")
    return Links(prefix="" if prefix == "." else prefix + "/", editor=editor)


def _render_or_report(runner: GraphvizEngine, dot: str, console: Console, name: str) -> str | None:
    """An SVG, or None after one line saying why: one failed picture must not lose the rest."""
    if not runner.available():
        return None
    try:
        return runner.render(dot, "svg").decode("utf-8")
    except GraphvizFailed as error:
        console.print(f"importmap: {name} not drawn: {error}", markup=False)
        return None


def _clear_old_pictures(cycles_dir: Path) -> None:
    # A previous run may have had more cycles; its leftovers would be mistaken for current ones.
    # Only the regular files importmap names there (`<n>.svg`, `<n>.dot`), never through a link:
    # a committed `reports/cycles -> elsewhere` must not delete anything elsewhere.
    try:
        with open_directory(cycles_dir.parent) as out, open_subdirectory(out, cycles_dir.name) as d:
            prune(d, _CYCLE_PICTURE, keep=0)
    except FileNotFoundError:
        return
    except OSError as error:
        raise ReportNotWritten(f"cannot clear {cycles_dir}: {error.strerror}") from None


def write_report_file(path: Path, text: str, written: list[Path]) -> None:
    try:
        write_output(path, text.encode("utf-8"))
    except OSError as error:
        raise ReportNotWritten(f"cannot write {path}: {error.strerror}") from None
    written.append(path)
