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
from importmap.errors import ImportmapError
from importmap.sorting import ImportSorter


def build_request(
    paths: list[Path] | None,
    exclude: list[str] | None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
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
    )


def override_selection(
    settings: Settings, select: list[str] | None, ignore: list[str] | None
) -> Settings:
    selection = settings.selection
    if select:
        selection = replace(selection, select=_codes(select, "--select"))
    if ignore:
        selection = replace(selection, ignore=_codes(ignore, "--ignore"))
    return replace(settings, selection=selection)


def _codes(values: list[str], flag: str) -> tuple[str, ...]:
    codes = tuple(code.strip().upper() for value in values for code in value.split(",") if code)
    for code in codes:
        if not (code == "ALL" or (code.startswith("IMP") and code[3:].isdigit() or code == "IMP")):
            raise ImportmapError(f"{flag}: '{code}' is not a rule code (IMP001, IMP1, ALL)")
    return codes


def default_sorter() -> ImportSorter | None:
    """ruff's I001 when ruff is installed; without it IMP104 and import-order are not measured."""
    if importlib.util.find_spec("ruff") is None:
        return None
    return RuffSorter()


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
