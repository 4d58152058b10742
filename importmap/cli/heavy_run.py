"""`importmap heavy` once its arguments are parsed: analyse, measure if asked, rank, print."""

from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from importmap.cli.analysis_runner import run_analysis
from importmap.cli.errors import fail
from importmap.domain import Codebase
from importmap.graph.build import ModuleGraph
from importmap.heavy.assess import assess_heavy, third_party_modules
from importmap.heavy.cache import cache_file, load_cached, store
from importmap.heavy.catalog import HeavyCatalog
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
from importmap.heavy.paths import HeavyScope
from importmap.heavy.sites import eager_heavy_sites
from importmap.heavy.startup import StartupRequest, build_startup
from importmap.usecases.analyze import build_request


@dataclass(frozen=True)
class HeavyRequest:
    """The command line of `importmap heavy`."""

    paths: list[Path] | None
    exclude: list[str] | None
    measure: bool
    # The interpreter to measure in; None: the active virtualenv's, else PATH's.
    python: str | None
    entry: tuple[str, ...]
    runs: int
    heavy_modules: tuple[str, ...]
    not_heavy: tuple[str, ...]
    threshold_ms: float | None
    lazy_helper: tuple[str, ...]
    # Where measurements are cached; None: measure again (--no-cache).
    cache_dir: Path | None
    json_only: bool


def find_heavy(asked: HeavyRequest) -> None:
    # The measurement cache and the scan cache live in the same directory, or in none.
    request = build_request(
        asked.paths, asked.exclude, cache_dir=asked.cache_dir, no_cache=asked.cache_dir is None
    )
    configured = request.settings.heavy
    # Flags add to the configured lists and replace the configured threshold.
    settings = replace(
        configured,
        heavy=configured.heavy + asked.heavy_modules,
        not_heavy=configured.not_heavy + asked.not_heavy,
        threshold_ms=configured.threshold_ms if asked.threshold_ms is None else asked.threshold_ms,
        lazy_helpers=configured.lazy_helpers + asked.lazy_helper,
    )
    request = replace(request, settings=replace(request.settings, heavy=settings))
    codebase = run_analysis(request).codebase
    known = {module.name for module in codebase.modules}
    for module in asked.entry:
        if module not in known:
            raise fail(f"--entry {module}: no such module in the analysed code")
    entries = [EntryPoint(m, "--entry") for m in asked.entry]
    entries.extend(console_script_entries(request.base_dir / "pyproject.toml"))
    entries = [e for e in entries if e.module in known]
    measurements: Measurements | None = None
    target = asked.python or _default_python()
    measured_at = ""
    if asked.measure:
        measurements = _measure(codebase, target, asked.runs, asked.cache_dir)
        measured_at = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    catalog = HeavyCatalog(settings, measurements.median_by_module() if measurements else None)
    assessment = assess_heavy(
        codebase,
        settings,
        entries,
        measurements.median_by_module() if measurements else None,
        base_dir=request.base_dir,
    )
    errors: list[tuple[str, str]] = []
    if asked.measure and asked.entry:
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
    startup = build_startup(
        StartupRequest(
            codebase=codebase,
            graph=ModuleGraph.from_codebase(codebase),
            catalog=catalog,
            eager_sites=eager_heavy_sites(codebase, catalog),
            uses=assessment.uses,
            scope=HeavyScope(settings, request.settings.test_patterns),
            base_dir=request.base_dir,
            extra_entries=[EntryPoint(m, "--entry") for m in asked.entry],
            measured_when=""
            if measurements is None
            else f"{measured_at} with {measurements.conditions.implementation} "
            f"{measurements.conditions.python_version}",
        )
    )
    result = HeavyResult(
        assessment, settings.threshold_ms, measurements, tuple(errors), startup=startup
    )
    if asked.json_only:
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
