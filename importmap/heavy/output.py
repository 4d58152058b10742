"""The `importmap heavy` result as plain data (JSON) and as text lines; nothing prints here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from importmap.domain import ChainStep, Startup
from importmap.heavy.assess import HeavyAssessment
from importmap.heavy.entries import EntryCost
from importmap.heavy.measure import Measurements


@dataclass(frozen=True)
class HeavyResult:
    assessment: HeavyAssessment
    threshold_ms: float
    measurements: Measurements | None = None
    entry_errors: tuple[tuple[str, str], ...] = ()
    startup: Startup | None = None


def _step(step: ChainStep) -> dict[str, Any]:
    return asdict(step)


def result_to_dict(result: HeavyResult) -> dict[str, Any]:
    assessment = result.assessment
    measured = result.measurements
    return {
        "threshold_ms": result.threshold_ms,
        "eager_sites": [
            {
                "module": a.site.record.importer,
                "path": a.site.record.path,
                "line": a.site.record.line,
                "column": a.site.record.column,
                "statement": a.site.record.statement,
                "context": a.site.record.context.value,
                "heavy": a.site.cost.module,
                "cost_ms": a.site.cost.cost_ms,
                "cost_source": a.site.cost.source,
                "fix": a.fix,
                "used_at_import_time": a.used_at_import_time,
            }
            for a in assessment.eager
        ],
        "deferred_sites": [asdict(site) for site in assessment.deferred],
        "heavy": [
            {
                "package": use.package,
                "cost_ms": use.cost_ms,
                "cost_source": use.cost_source,
                "eagerly_loaded_by": list(use.eagerly_loaded_by),
                "chains": [
                    {"module": module, "steps": [_step(s) for s in chain]}
                    for module, chain in zip(use.eagerly_loaded_by, use.chains, strict=True)
                ],
            }
            for use in assessment.uses
        ],
        "entries": [_entry(entry) for entry in assessment.entries],
        "entry_errors": [{"module": m, "error": e} for m, e in result.entry_errors],
        "measurement": None if measured is None else asdict(measured),
        "startup": None if result.startup is None else asdict(result.startup),
    }


def _entry(entry: EntryCost) -> dict[str, Any]:
    return {
        "module": entry.entry.module,
        "why": entry.entry.why,
        "cost_ms": round(entry.cost_ms, 2),
        "heavy": [
            {
                "package": h.package,
                "cost_ms": h.cost_ms,
                "measured_ms": h.measured_ms,
                "chain": [_step(s) for s in h.chain],
                "step_ms": list(h.step_ms),
            }
            for h in entry.heavy
        ],
    }


def chain_text(chain: Sequence[ChainStep], step_ms: Sequence[float | None] = ()) -> str:
    """`cli.py:2 → report.py:1 → pandas`, with measured milliseconds when known."""
    parts: list[str] = []
    for index, step in enumerate(chain):
        shown = f"{_short_path(step.path)}:{step.line}"
        cost = step_ms[index] if index < len(step_ms) else None
        parts.append(f"{shown} ({cost:g} ms)" if cost is not None else shown)
    return " → ".join([*parts, chain[-1].imported]) if chain else ""


def startup_lines(startup: Startup, threshold_ms: float) -> list[str]:
    """The budget per entry point, then the import sites ranked by what deferring one saves."""
    lines: list[str] = []
    if not startup.entry_points:
        lines.append("start-up budget: no entry point loads a heavy module eagerly")
    else:
        what = (
            "no entry point found: each module as its own entry point, costliest first"
            if startup.candidates
            else "per entry point"
        )
        lines.append(f"start-up budget ({what}; {startup.costs}):")
    for entry in startup.entry_points:
        lines.append(
            f"  {entry.module} [{entry.why}]: ≈{entry.eager_cost_ms:g} ms of heavy imports "
            f"({entry.source})"
        )
        for load in entry.loads:
            cost = "configured as heavy" if load.cost_ms is None else f"≈{load.cost_ms:g} ms"
            lines.append(f"    {load.package} ({cost}): {chain_text(load.chain)}")
    worth = [s for s in startup.sites if s.saving_ms >= threshold_ms and not s.used_at_import_time]
    if worth:
        lines.append(f"import sites worth deferring (saving ≥ {threshold_ms:g} ms), by saving:")
    for site in worth:
        lines.append(
            f"  {site.path}:{site.line}: {site.package}: saves ≈{site.saving_ms:g} ms for "
            f"{', '.join(site.entry_points[:3])}{' …' if len(site.entry_points) > 3 else ''}"
        )
        lines.append(f"    fix: {site.advice}")
        if site.folded:
            lines.append(f"    loaded anyway until this one is deferred: {', '.join(site.folded)}")
        for line, what in site.side_effects:
            lines.append(
                f"    must stay eager: {site.module} {what} at import (line {line}); "
                "importing it lazily would change what start-up does"
            )
    for site in startup.sites:
        if site.used_at_import_time:
            lines.append(f"  {site.path}:{site.line}: {site.package}: {site.advice}")
        elif site.saving_ms == 0 and site.folded:
            lines.append(
                f"  {site.package} is loaded anyway through several eager paths: deferring any "
                f"one import saves nothing ({site.path}:{site.line}, {', '.join(site.folded)})"
            )
    return lines


def result_lines(result: HeavyResult) -> list[str]:
    assessment = result.assessment
    lines: list[str] = []
    if result.startup is not None:
        lines.extend(startup_lines(result.startup, result.threshold_ms))
    if not assessment.eager:
        lines.append(f"no heavy module (≥ {result.threshold_ms:g} ms) is imported eagerly")
    else:
        lines.append(
            f"heavy modules imported at import time (threshold {result.threshold_ms:g} ms):"
        )
    for advice in assessment.eager:
        record = advice.site.record
        lines.append(
            f"  {record.path}:{record.line}:{record.column}: {advice.site.cost.module} "
            f"({advice.site.cost.describe()}): {record.statement}"
        )
        lines.append(f"    fix: {advice.fix}")
    for use in assessment.uses:
        loaders = ", ".join(use.eagerly_loaded_by)
        lines.append(
            f"{use.package} is loaded eagerly by {len(use.eagerly_loaded_by)} module(s): {loaders}"
        )
    if assessment.deferred:
        lines.append(f"deferred heavy imports: {len(assessment.deferred)}")
        for site in assessment.deferred:
            lines.append(f"  {site.path}:{site.line}: {site.heavy} ({site.mechanism})")
    ranked = [entry for entry in assessment.entries]
    if ranked:
        lines.append("entry points by eager heavy cost:")
    for entry in ranked:
        lines.append(f"  {entry.entry.module} [{entry.entry.why}]: {entry.cost_ms:g} ms")
        for heavy in entry.heavy:
            lines.append(f"    {chain_text(heavy.chain, heavy.step_ms)}")
    for module, error in result.entry_errors:
        lines.append(f"entry {module} could not be measured: {error}")
    if result.measurements is not None:
        lines.extend(_measurement_lines(result.measurements, result.threshold_ms))
    return lines


def _measurement_lines(measured: Measurements, threshold_ms: float) -> list[str]:
    c = measured.conditions
    blas = ", ".join(f"{k}={v}" for k, v in c.blas_threads) or "none"
    lines = [
        f"measured with {c.implementation} {c.python_version} ({c.executable}) on {c.platform}, "
        f"{c.cpu_count} CPU(s); BLAS threads: {blas}"
    ]
    for m in measured.measured:
        verdict = "heavy" if m.median_ms >= threshold_ms else "light"
        memory = "?" if m.peak_memory_kb is None else f"{m.peak_memory_kb} KB"
        lines.append(
            f"  {m.module} {m.version or '-'}: median {m.median_ms:g} ms "
            f"(min {m.min_ms:g}, max {m.max_ms:g}, {m.runs} runs), {m.module_count} modules, "
            f"peak memory +{memory}, {verdict}{' (cached)' if m.cached else ''}"
        )
    if measured.missing:
        lines.append(f"not installed: {', '.join(measured.missing)}")
    for module, error in measured.failed:
        lines.append(f"failed to import {module}: {error}")
    return lines


def _short_path(path: str) -> str:
    """The file name, with its package directory when the file is an `__init__.py`."""
    parts = path.split("/")
    return "/".join(parts[-2:]) if parts[-1] == "__init__.py" else parts[-1]
