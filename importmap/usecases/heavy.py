"""`heavy`: heavy modules imported at import time, where, through which chain, at what cost;
measured in the target interpreter when asked."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from importmap.analysis import fact_needs
from importmap.domain import Codebase, HeavyUse
from importmap.errors import ImportmapError
from importmap.heavy.assess import assess_heavy, third_party_modules
from importmap.heavy.cache import cache_file, load_cached, store
from importmap.heavy.catalog import HeavyCatalog
from importmap.heavy.chains import heavy_uses
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
from importmap.heavy.output import HeavyResult
from importmap.heavy.paths import HeavyScope
from importmap.heavy.sites import HeavySite, eager_heavy_sites
from importmap.heavy.startup import StartupRequest, build_startup
from importmap.processes import ProcessRunner
from importmap.result import Report
from importmap.scan.needs import EVERY_FILE
from importmap.usecases.analyze import Analyse, build_request
from importmap.usecases.inputs import Scope


@dataclass(frozen=True)
class HeavyRequest:
    """The options of `importmap heavy`."""

    # The measurement cache and the scan cache live in the same directory, or in none.
    scope: Scope
    measure: bool
    # The interpreter to measure in.
    python: str
    entry: tuple[str, ...]
    runs: int
    heavy_modules: tuple[str, ...]
    not_heavy: tuple[str, ...]
    threshold_ms: float | None
    lazy_helper: tuple[str, ...]

    @property
    def measurements_dir(self) -> Path | None:
        """Where measurements are cached; None: measure again (--no-cache)."""
        return None if self.scope.no_cache else self.scope.cache_dir


@dataclass(frozen=True)
class HeavyAdapters:
    analyse: Analyse
    # A progress callback for the measurement while the context is open (None: silent).
    progress: Callable[[], AbstractContextManager[ProgressCallback | None]]
    # The current time, for when the measurement was taken (UTC, aware).
    now: Callable[[], datetime]
    # Runs the target interpreter for --measure (`adapters.processes.run_process`).
    run: ProcessRunner


def run_heavy(asked: HeavyRequest, adapters: HeavyAdapters) -> HeavyResult:
    request = build_request(asked.scope)
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
    # Every eager site is advised, from its file's facts; a measured module may be heavy that
    # no setting names: then every file's facts are read.
    needs = (
        EVERY_FILE if asked.measure else fact_needs(request.settings, True, every_heavy_site=True)
    )
    request = replace(request, fact_needs=needs)
    report = adapters.analyse(request)
    codebase = report.codebase
    known = {module.name for module in codebase.modules}
    for module in asked.entry:
        if module not in known:
            raise ImportmapError(f"--entry {module}: no such module in the analysed code")
    entries = [EntryPoint(m, "--entry") for m in asked.entry]
    entries.extend(console_script_entries(request.base_dir / "pyproject.toml"))
    entries = [e for e in entries if e.module in known]
    measurements: Measurements | None = None
    target = asked.python
    measured_at = ""
    if asked.measure:
        measurements = _measure(codebase, target, asked.runs, asked.measurements_dir, adapters)
        measured_at = adapters.now().strftime("%Y-%m-%d %H:%M UTC")
    catalog = HeavyCatalog(settings, measurements.median_by_module() if measurements else None)
    sites, uses = _eager_sites(report, catalog, measured=measurements is not None)
    assessment = assess_heavy(codebase, catalog, sites, uses, entries, base_dir=request.base_dir)
    errors: list[tuple[str, str]] = []
    if asked.measure and asked.entry:
        roots = [str((request.base_dir / root).resolve()) for root in codebase.roots]
        joined = []
        for ranked in assessment.entries:
            if ranked.entry.why != "--entry":
                joined.append(ranked)
                continue
            probe = probe_import(target, ranked.entry.module, adapters.run, sys_path=roots)
            if probe.ok:
                joined.append(join_measured(ranked, probe.tree))
            else:
                errors.append((ranked.entry.module, probe.error))
                joined.append(ranked)
        assessment = replace(assessment, entries=tuple(joined))
    startup = build_startup(
        StartupRequest(
            codebase=codebase,
            graph=report.graph,
            catalog=catalog,
            eager_sites=sites,
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
    return HeavyResult(
        assessment, settings.threshold_ms, measurements, tuple(errors), startup=startup
    )


def _eager_sites(
    report: Report, catalog: HeavyCatalog, measured: bool
) -> tuple[tuple[HeavySite, ...], tuple[HeavyUse, ...]]:
    """The eager heavy sites as `catalog` costs them, and the heavy uses they make: the
    analysis's own, unless measured costs make other imports heavy (or the analysis ran
    without the heavy-import rules)."""
    if not measured and report.eager_heavy_sites is not None:
        return report.eager_heavy_sites, report.heavy
    sites = tuple(eager_heavy_sites(report.codebase, catalog))
    return sites, heavy_uses(report.graph, sites)


def _measure(
    codebase: Codebase, python: str, runs: int, cache_dir: Path | None, adapters: HeavyAdapters
) -> Measurements:
    modules = third_party_modules(codebase)
    try:
        conditions, versions = read_conditions(python, modules, adapters.run)
    except MeasurementError as error:
        raise ImportmapError(str(error)) from None
    cached = {}
    path = cache_file(cache_dir, conditions) if cache_dir is not None else None
    if path is not None:
        cached = load_cached(path, versions, modules, runs)
    request = MeasureRequest(python=python, modules=modules, runs=runs)
    with adapters.progress() as advance:
        found = measure_modules(
            request,
            adapters.run,
            progress=advance,
            cached=cached,
            conditions=(conditions, versions),
        )
    if path is not None:
        store(path, conditions, found.measured)
    return found
