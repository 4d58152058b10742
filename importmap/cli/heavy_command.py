"""`importmap heavy`: heavy modules loaded at import time, their chains, measured costs."""

from __future__ import annotations

import enum
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from importmap.cli.errors import guarded
from importmap.cli.options import DebugOption, ExcludeOption, PathsArgument
from importmap.heavy.settings import DEFAULT_THRESHOLD_MS
from importmap.usecases.inputs import Scope

if TYPE_CHECKING:
    from datetime import datetime

    from importmap.heavy.measure import ProgressCallback

Names = Optional[list[str]]  # noqa: UP045 - typer needs Optional here


class HeavyFormat(str, enum.Enum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command()(heavy)


@guarded()
def heavy(
    paths: PathsArgument = None,
    measure: Annotated[
        bool, typer.Option("--measure", help="Measure import costs in the target interpreter.")
    ] = False,
    python: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--python", help="Interpreter to measure in (default: active virtualenv, else PATH)."
        ),
    ] = None,
    entry: Annotated[
        Names,
        typer.Option("--entry", help="Entry module to rank (repeatable).", show_default=False),
    ] = None,
    runs: Annotated[int, typer.Option("--runs", min=1, help="Measured runs per module.")] = 5,
    heavy_modules: Annotated[
        Names, typer.Option("--heavy", help="Module always heavy (repeatable).", show_default=False)
    ] = None,
    not_heavy: Annotated[
        Names,
        typer.Option("--not-heavy", help="Module never heavy (repeatable).", show_default=False),
    ] = None,
    threshold_ms: Annotated[
        Optional[float],  # noqa: UP045 - typer needs Optional here
        typer.Option(
            "--threshold-ms",
            min=0,
            help=f"Cost from which a module is heavy (default: heavy-threshold-ms, else "
            f"{DEFAULT_THRESHOLD_MS:g}).",
            show_default=False,
        ),
    ] = None,
    lazy_helper: Annotated[
        Names,
        typer.Option(
            "--lazy-helper",
            help="Dotted name of a lazy-import helper, e.g. src.utils.lazy_imports.lazy.",
            show_default=False,
        ),
    ] = None,
    cache_dir: Annotated[
        Path, typer.Option("--cache-dir", help="Where measurements and per-file scans are cached.")
    ] = Path(".importmap_cache"),
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Measure and scan again; read and write no cache.")
    ] = False,
    output_format: Annotated[
        HeavyFormat, typer.Option("--format", "-f", help="What to print on stdout.")
    ] = HeavyFormat.text,
    exclude: ExcludeOption = None,
    debug: DebugOption = False,
) -> None:
    """Heavy modules imported at import time: where, through which chain, at what cost."""
    # Imported here: the analysis and the measuring load only when this command runs.
    from importmap.adapters.processes import run_process
    from importmap.cli.analysis_runner import run_analysis
    from importmap.heavy.output import result_lines, result_to_dict
    from importmap.usecases.heavy import HeavyAdapters, HeavyRequest, run_heavy

    request = HeavyRequest(
        scope=Scope.of(paths, exclude, cache_dir, no_cache),
        measure=measure,
        python=python or _default_python(),
        entry=tuple(entry or ()),
        runs=runs,
        heavy_modules=tuple(heavy_modules or ()),
        not_heavy=tuple(not_heavy or ()),
        threshold_ms=threshold_ms,
        lazy_helper=tuple(lazy_helper or ()),
    )
    adapters = HeavyAdapters(analyse=run_analysis, progress=_progress, now=_now, run=run_process)
    result = run_heavy(request, adapters)
    if output_format is HeavyFormat.json:
        sys.stdout.write(json.dumps(result_to_dict(result), indent=2, ensure_ascii=False) + "\n")
        return
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=True)
    for line in result_lines(result):
        console.print(line, markup=False)


def _now() -> datetime:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)


def _default_python() -> str:
    """The active virtualenv's interpreter, else `python3`/`python` on PATH, else this one."""
    import shutil

    venv = os.environ.get("VIRTUAL_ENV")
    if venv:
        for candidate in (Path(venv) / "bin" / "python", Path(venv) / "Scripts" / "python.exe"):
            if candidate.is_file():
                return str(candidate)
    return shutil.which("python3") or shutil.which("python") or sys.executable


@contextmanager
def _progress() -> Iterator[ProgressCallback | None]:
    """A progress bar on stderr when it is a terminal; silent otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("measuring imports"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("measure", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance
