"""The CLI's way to run an analysis: warnings on stderr, a progress bar on a terminal."""

from __future__ import annotations

import sys

from importmap.analysis import AnalysisRequest, analyze
from importmap.cli.common import warn
from importmap.result import Report


def run_analysis(request: AnalysisRequest) -> Report:
    if not sys.stderr.isatty():
        return analyze(request, warn=warn)
    # Only a terminal shows the bar: CI runs do not load rich's progress.
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn("scanning"), BarColumn(), MofNCompleteColumn(), console=console, transient=True
    ) as progress:
        task = progress.add_task("scan", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        return analyze(request, progress=advance, warn=warn)
