"""`importmap heavy`: heavy modules loaded at import time, their chains, measured costs."""

from __future__ import annotations

import enum
import json
import os
import shutil
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from importmap.cli.common import build_request, run_analysis
from importmap.cli.errors import fail, guarded
from importmap.cli.options import DebugOption, ExcludeOption, PathsArgument
from importmap.domain import Codebase
from importmap.heavy.assess import assess_heavy, third_party_modules
from importmap.heavy.cache import cache_file, load_cached, store
from importmap.heavy.entries import (
    EntryPoint,
    console_script_entries,
    join_measured,
)
from importmap.heavy.measure import (
    MeasurementError,
    Measurements,
    MeasureRequest,
    ProgressCallback,
    measure_modules,
    probe_import,
    read_conditions,
)
from importmap.heavy.output import HeavyResult, result_lines, result_to_dict
from importmap.heavy.settings import DEFAULT_THRESHOLD_MS, HeavySettings

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
        Path, typer.Option("--cache-dir", help="Where measurements are cached.")
    ] = Path(".importmap_cache"),
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Measure again.")] = False,
    output_format: Annotated[
        HeavyFormat, typer.Option("--format", "-f", help="What to print on stdout.")
    ] = HeavyFormat.text,
    exclude: ExcludeOption = None,
    debug: DebugOption = False,
) -> None:
    """Heavy modules imported at import time: where, through which chain, at what cost."""
    request = build_request(paths, exclude)
    configured = request.settings.heavy
    # Flags add to the configured lists and replace the configured threshold.
    settings = HeavySettings(
        heavy=configured.heavy + tuple(heavy_modules or ()),
        not_heavy=configured.not_heavy + tuple(not_heavy or ()),
        threshold_ms=configured.threshold_ms if threshold_ms is None else threshold_ms,
        lazy_helpers=configured.lazy_helpers + tuple(lazy_helper or ()),
    )
    request = replace(request, settings=replace(request.settings, heavy=settings))
    codebase = run_analysis(request).codebase
    known = {module.name for module in codebase.modules}
    for module in entry or ():
        if module not in known:
            raise fail(f"--entry {module}: no such module in the analysed code")
    entries = [EntryPoint(m, "--entry") for m in entry or ()]
    entries.extend(console_script_entries(request.base_dir / "pyproject.toml"))
    entries = [e for e in entries if e.module in known]
    measurements: Measurements | None = None
    target = python or _default_python()
    if measure:
        measurements = _measure(codebase, target, runs, None if no_cache else cache_dir)
    assessment = assess_heavy(
        codebase,
        settings,
        entries,
        measurements.median_by_module() if measurements else None,
    )
    errors: list[tuple[str, str]] = []
    if measure and entry:
        roots = [str((request.base_dir / root).resolve()) for root in codebase.roots]
        joined = []
        for ranked in assessment.entries:
            if ranked.entry.why != "--entry":
                joined.append(ranked)
                continue
            probe = probe_import(target, ranked.entry.module, sys_path=roots)
            if probe.ok:
                joined.append(join_measured(ranked, probe.tree))
            else:
                errors.append((ranked.entry.module, probe.error))
                joined.append(ranked)
        assessment = replace(assessment, entries=tuple(joined))
    result = HeavyResult(assessment, settings.threshold_ms, measurements, tuple(errors))
    if output_format is HeavyFormat.json:
        sys.stdout.write(json.dumps(result_to_dict(result), indent=2, ensure_ascii=False) + "\n")
        return
    console = Console(highlight=False, soft_wrap=True)
    for line in result_lines(result):
        console.print(line, markup=False)


def _default_python() -> str:
    """The active virtualenv's interpreter, else `python3`/`python` on PATH, else this one."""
    venv = os.environ.get("VIRTUAL_ENV")
    if venv:
        for candidate in (Path(venv) / "bin" / "python", Path(venv) / "Scripts" / "python.exe"):
            if candidate.is_file():
                return str(candidate)
    return shutil.which("python3") or shutil.which("python") or sys.executable


def _measure(codebase: Codebase, python: str, runs: int, cache_dir: Path | None) -> Measurements:
    modules = third_party_modules(codebase)
    try:
        conditions, versions = read_conditions(python, modules)
    except MeasurementError as error:
        raise fail(str(error)) from None
    cached = {}
    path = cache_file(cache_dir, conditions) if cache_dir is not None else None
    if path is not None:
        cached = load_cached(path, versions, modules, runs)
    request = MeasureRequest(python=python, modules=modules, runs=runs)
    with _progress() as advance:
        found = measure_modules(
            request, progress=advance, cached=cached, conditions=(conditions, versions)
        )
    if path is not None:
        store(path, conditions, found.measured)
    return found


class _progress:
    """A progress bar on stderr when it is a terminal; silent otherwise."""

    def __enter__(self) -> ProgressCallback | None:
        if not sys.stderr.isatty():
            self._bar: Progress | None = None
            return None
        self._bar = Progress(
            TextColumn("measuring imports"),
            BarColumn(),
            MofNCompleteColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._bar.__enter__()
        task = self._bar.add_task("measure", total=None)
        bar = self._bar

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return advance

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
