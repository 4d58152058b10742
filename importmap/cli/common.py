"""Pieces shared by the commands: choosing what to analyse, running it with a progress bar."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from importmap.adapters.ruff_sorter import RuffSorter
from importmap.analysis import AnalysisRequest, analyze
from importmap.config import Settings, load_settings
from importmap.domain import Report
from importmap.gate import parse_codes
from importmap.sorting import ImportSorter

DEFAULT_CACHE_DIR = Path(".importmap_cache")


def build_request(
    paths: list[Path] | None,
    exclude: list[str] | None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    cache_dir: Path | None = None,
    no_cache: bool = False,
) -> AnalysisRequest:
    """PATHs given, else `paths` from the config file, else `src/` if present, else `.`.

    Flags given on the command line replace the file's values (`--exclude` adds to them).
    """
    base_dir = Path.cwd()
    settings = override_selection(load_settings(base_dir), select, ignore)
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
        paths=chosen,
        base_dir=base_dir,
        exclude=settings.exclude + tuple(exclude or ()),
        settings=settings,
        sorter=default_sorter(),
        cache_dir=None if no_cache else base_dir / (cache_dir or DEFAULT_CACHE_DIR),
    )


def override_selection(
    settings: Settings, select: list[str] | None, ignore: list[str] | None
) -> Settings:
    selection = settings.selection
    if select:
        selection = replace(selection, select=parse_codes(select, "--select"))
    if ignore:
        selection = replace(selection, ignore=parse_codes(ignore, "--ignore"))
    return replace(settings, selection=selection)


def default_sorter() -> ImportSorter | None:
    """ruff's I001 when ruff is installed; without it IMP104 and import-order are not measured."""
    if importlib.util.find_spec("ruff") is None:
        return None
    return RuffSorter()


def warn(message: str) -> None:
    Console(stderr=True, highlight=False, soft_wrap=True).print(
        f"importmap: warning: {message}", markup=False
    )


def run_analysis(request: AnalysisRequest) -> Report:
    if not sys.stderr.isatty():
        return analyze(request, warn=warn)
    console = Console(stderr=True)
    with Progress(
        TextColumn("scanning"), BarColumn(), MofNCompleteColumn(), console=console, transient=True
    ) as progress:
        task = progress.add_task("scan", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        return analyze(request, progress=advance, warn=warn)
