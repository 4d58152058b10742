"""Writing the report directory of `importmap analyze`: pictures, Markdown, HTML."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from importmap.cli.errors import fail
from importmap.config import load_settings
from importmap.domain import Finding, Report
from importmap.render.graphviz_runner import INSTALL_HINT, GraphvizFailed, GraphvizRunner
from importmap.render.pictures import cycle_pictures, overview
from importmap.render.view import GraphOptions
from importmap.report.html import GraphPicture, Links, render_html
from importmap.report.markdown import render_markdown

CYCLES_DIR = "cycles"


def write_report_files(
    report: Report,
    out: Path,
    *,
    render: bool,
    console: Console,
    runner: GraphvizRunner | None = None,
    new_findings: Sequence[Finding] | None = None,
) -> list[Path]:
    """Write graph.dot/svg, cycles/<n>.svg, report.md and report.html; return what was written.

    Without Graphviz the DOT files and the HTML (with the DOT inside) are still written, and
    one line says how to install it.
    """
    runner = runner or GraphvizRunner()
    written: list[Path] = []
    picture = GraphPicture(svg=None, dot="")
    if render:
        drawn = overview(report, GraphOptions())
        have_dot = runner.available()
        svg: str | None = None
        _write(out / "graph.dot", drawn.dot, written)
        if have_dot:
            svg = _render_or_report(runner, drawn.dot, console, "graph.svg")
            if svg is not None:
                _write(out / "graph.svg", svg, written)
        cycles_dir = out / CYCLES_DIR
        _clear_old_pictures(cycles_dir)
        cycle_svgs: dict[int, str] = {}
        for cycle in cycle_pictures(report):
            _write(cycles_dir / f"{cycle.number}.dot", cycle.dot, written)
            name = f"{cycle.number}.svg"
            rendered = _render_or_report(runner, cycle.dot, console, f"{CYCLES_DIR}/{name}")
            if have_dot and rendered is not None:
                _write(cycles_dir / name, rendered, written)
                cycle_svgs[cycle.number] = rendered
        for note in drawn.view.notes:
            console.print(f"graph: {note}", markup=False)
        if not have_dot:
            console.print(f"importmap: {INSTALL_HINT}", markup=False)
        picture = GraphPicture(svg, drawn.dot, drawn.view.notes, cycle_svgs)
    _write(out / "report.md", render_markdown(report, new_findings), written)
    _write(out / "report.html", render_html(report, picture, _links(out)), written)
    return written


def _links(out: Path) -> Links:
    """file:line links: report paths are relative to the working directory, the page is in out."""
    prefix = os.path.relpath(Path.cwd(), out.resolve()).replace(os.sep, "/")
    editor = load_settings(Path.cwd()).editor_url
    return Links(prefix="" if prefix == "." else prefix + "/", editor=editor)


def _render_or_report(runner: GraphvizRunner, dot: str, console: Console, name: str) -> str | None:
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
    if cycles_dir.is_dir():
        for stale in sorted(cycles_dir.glob("*.svg")) + sorted(cycles_dir.glob("*.dot")):
            stale.unlink()


def _write(path: Path, text: str, written: list[Path]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise fail(f"cannot write {path}: {error.strerror}") from None
    written.append(path)
