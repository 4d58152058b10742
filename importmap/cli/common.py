"""Pieces shared by the commands: choosing what to analyse, running it with a progress bar."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from importmap.analysis import AnalysisRequest, analyze
from importmap.config import load_settings
from importmap.domain import Report


def build_request(paths: list[Path] | None, exclude: list[str] | None) -> AnalysisRequest:
    """PATHs given, else `paths` from the config file, else `src/` if present, else `.`."""
    base_dir = Path.cwd()
    settings = load_settings(base_dir)
    chosen: tuple[Path, ...]
    if paths:
        chosen = tuple(paths)
    elif settings.paths:
        chosen = settings.paths
    elif (base_dir / "src").is_dir():
        chosen = (Path("src"),)
    else:
        chosen = (Path("."),)
    return AnalysisRequest(
        paths=chosen, base_dir=base_dir, exclude=settings.exclude + tuple(exclude or ())
    )


def run_analysis(request: AnalysisRequest) -> Report:
    if not sys.stderr.isatty():
        return analyze(request)
    console = Console(stderr=True)
    with Progress(
        TextColumn("scanning"), BarColumn(), MofNCompleteColumn(), console=console, transient=True
    ) as progress:
        task = progress.add_task("scan", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        return analyze(request, progress=advance)
