"""The JSON report, schema version 1: a contract with users, extended but never renamed."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from json.encoder import encode_basestring
from typing import Any

from importmap.domain import (
    ChainStep,
    ContractResult,
    Criterion,
    Cycle,
    Finding,
    HeavyUse,
    Import,
    Interpreter,
    Startup,
)
from importmap.gate import GateResult
from importmap.priorities import Priority, rank
from importmap.report.json_text import LaidOut, dumps_indented
from importmap.result import Report
from importmap.version import __version__

SCHEMA_VERSION = 1


def report_to_dict(report: Report) -> dict[str, Any]:
    return _document(report, [_import(record) for record in report.codebase.imports])


def _document(report: Report, imports: object) -> dict[str, Any]:
    codebase = report.codebase
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "importmap", "version": __version__},
        "roots": list(codebase.roots),
        "modules": [
            {"name": m.name, "path": m.path, "is_package": m.is_package} for m in codebase.modules
        ],
        "imports": imports,
        "cycles": [cycle_to_dict(cycle) for cycle in report.cycles],
        "entry_crashes": entry_crashes(report.cycles),
        "findings": [_finding(finding) for finding in report.findings],
        "contracts": [contract_to_dict(result) for result in report.contracts],
        "heavy": [_heavy(use) for use in report.heavy],
        **({} if report.startup is None else {"startup": startup_to_dict(report.startup)}),
        "score": {
            "overall": report.score.overall,
            "criteria": [_criterion(c) for c in report.score.criteria],
            "groups": [
                {
                    "name": group.name,
                    "overall": group.overall,
                    "criteria": [_criterion(c) for c in group.criteria],
                }
                for group in report.score.groups
            ],
        },
        "errors": [{"path": e.path, "line": e.line, "message": e.message} for e in codebase.errors],
        "not_analysed": [{"path": n.path, "reason": n.reason} for n in codebase.not_analysed],
        "python": _python(codebase.interpreter),
        "priorities": [priority_to_dict(priority) for priority in rank(report)],
    }


def priority_to_dict(priority: Priority) -> dict[str, Any]:
    return {
        "module": priority.name,
        "kind": priority.kind,
        "score": priority.score,
        "points": priority.points,
        "findings": dict(priority.findings),
        "importers": priority.importers,
    }


def _python(interpreter: Interpreter | None) -> dict[str, Any]:
    if interpreter is None:
        interpreter = Interpreter(running=f"{sys.version_info[0]}.{sys.version_info[1]}")
    return {
        "running": interpreter.running,
        "requires_python": interpreter.requires_python,
        "target": interpreter.target,
        "newer_syntax": list(interpreter.newer_syntax),
        "sees_every_fact": interpreter.sees_every_fact,
    }


def _criterion(criterion: Criterion) -> dict[str, Any]:
    return {
        "id": criterion.id,
        "title": criterion.title,
        "score": criterion.score,
        "weight": criterion.weight,
        "measured": criterion.measured,
        "detail": criterion.detail,
        "items": criterion.items,
        "effective_weight": criterion.effective_weight,
    }


def render_json(report: Report) -> str:
    """`report_to_dict` as JSON, indented by 2, the import records laid out directly."""
    imports = LaidOut(_imports_text(report.codebase.imports, _MEMBER_INDENT))
    return dumps_indented(_document(report, imports)) + "\n"


_MEMBER_INDENT = "  "
_BOOLEAN = {False: "false", True: "true"}


def _imports_text(imports: Sequence[Import], indent: str) -> str:
    """`[_import(record) for record in imports]` as `dumps_indented` lays it out at `indent`,
    without making a dict per record: reports hold tens of thousands of them.

    Kept beside `_import` because a profile says it matters (2026-12-05, 2 shared cores, load 8):
    homeassistant 2024.3.3's 75,598 records (6,024 importing modules) take 0.37-0.46 s here,
    1.46-1.50 s as `_import`'s dicts through `dumps_indented`. tests/unit/report/test_json_text.py
    holds the two to the same text."""
    if not imports:
        return "[]"
    at = indent + "  "
    member = f",\n{at}  "
    text = encode_basestring
    boolean = _BOOLEAN
    records = ",\n".join(
        f'{at}{{\n{at}  "importer": {text(r.importer)}{member}"imported": {text(r.imported)}'
        f'{member}"path": {text(r.path)}{member}"line": {r.line:d}'
        f'{member}"column": {r.column:d}{member}"statement": {text(r.statement)}'
        f'{member}"relative": {boolean[r.relative]}{member}"level": {r.level:d}'
        f'{member}"wildcard": {boolean[r.wildcard]}{member}"external": {boolean[r.external]}'
        f'{member}"stdlib": {boolean[r.stdlib]}{member}"context": {text(r.context._value_)}'
        f'{member}"eager": {boolean[r.eager]}{member}"dynamic": {boolean[r.dynamic]}'
        f'{member}"beyond_top_level": {boolean[r.beyond_top_level]}'
        f'{member}"implicit": {boolean[r.implicit]}{member}"via": {text(r.via)}\n{at}}}'
        for r in imports
    )
    return f"[\n{records}\n{indent}]"


def _import(record: Import) -> dict[str, Any]:
    return {
        "importer": record.importer,
        "imported": record.imported,
        "path": record.path,
        "line": record.line,
        "column": record.column,
        "statement": record.statement,
        "relative": record.relative,
        "level": record.level,
        "wildcard": record.wildcard,
        "external": record.external,
        "stdlib": record.stdlib,
        "context": record.context.value,
        "eager": record.eager,
        "dynamic": record.dynamic,
        "beyond_top_level": record.beyond_top_level,
        "implicit": record.implicit,
        "via": record.via,
    }


def _step(step: ChainStep) -> dict[str, Any]:
    return {
        "importer": step.importer,
        "imported": step.imported,
        "path": step.path,
        "line": step.line,
        "statement": step.statement,
    }


def cycle_to_dict(cycle: Cycle) -> dict[str, Any]:
    by_edge = cycle.imports_by_cut_edge()
    return {
        "modules": list(cycle.modules),
        "eager": cycle.eager,
        "chain": [_step(step) for step in cycle.chain],
        "cut": [
            {
                "importer": importer,
                "imported": imported,
                "imports": [
                    {"path": step.path, "line": step.line, "statement": step.statement}
                    for step in by_edge.get((importer, imported), [])
                ],
            }
            for importer, imported in cycle.cut
        ],
        "order_safe": cycle.order_safe,
    }


def entry_crashes(cycles: Sequence[Cycle]) -> list[dict[str, Any]]:
    """Each cycle member whose import as the first of a fresh process raises, in cycle order."""
    return [
        {
            "module": entry.module,
            "exception": entry.exception,
            "message": entry.message,
            "path": entry.path,
            "line": entry.line,
            "chain": [
                {"module": frame.module, "path": frame.path, "line": frame.line}
                for frame in entry.chain
            ],
            "cycle": index,
        }
        for index, cycle in enumerate(cycles)
        for entry in cycle.entries
        if entry.raises
    ]


def contract_to_dict(result: ContractResult) -> dict[str, Any]:
    """A contract's verdict: each broken pair with its chain, a step per importing module."""
    return {
        "name": result.name,
        "type": result.type,
        "when": result.when,
        "kept": result.kept,
        "broken": [
            {
                "importer": broken.importer,
                "imported": broken.imported,
                "chain": [
                    {
                        "module": step.importer,
                        "imported": step.imported,
                        "path": step.path,
                        "line": step.line,
                        "statement": step.statement,
                    }
                    for step in broken.chain
                ],
            }
            for broken in result.broken
        ],
    }


def _finding(finding: Finding) -> dict[str, Any]:
    found: dict[str, Any] = {
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity._value_,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "module": finding.module,
        "message": finding.message,
        "fix": finding.fix,
        "key": finding.key,
    }
    if finding.source:
        # Decided by another tool (ruff F401): said only then, so other findings are unchanged.
        found["source"] = finding.source
    return found


def gate_to_dict(result: GateResult) -> dict[str, Any]:
    return {
        "passed": result.passed,
        "select": list(result.settings.select),
        "ignore": list(result.settings.ignore),
        "fail_on": list(result.settings.fail_on),
        "fail_under": result.settings.fail_under,
        "failing": len(result.failing),
        "suppressed": len(result.suppressed),
        "baselined": len(result.baselined),
        "unused_suppressions": [
            {"path": unused.path, "line": unused.line, "code": unused.code}
            for unused in result.unused_suppressions
        ],
        "stale_baseline": [
            {"key": entry.key, "code": entry.code, "count": entry.count}
            for entry in result.stale_baseline
        ],
    }


def render_check_json(report: Report, result: GateResult) -> str:
    """The report of the findings the gate reports, with the gate's verdict added."""
    document = report_to_dict(replace(report, findings=result.findings))
    document["gate"] = gate_to_dict(result)
    return dumps_indented(document) + "\n"


def _heavy(use: HeavyUse) -> dict[str, Any]:
    return {
        "package": use.package,
        "eagerly_loaded_by": list(use.eagerly_loaded_by),
        "cost_ms": use.cost_ms,
        "cost_source": use.cost_source,
        "chains": [
            {"module": module, "steps": [_step(step) for step in chain]}
            for module, chain in zip(use.eagerly_loaded_by, use.chains, strict=True)
        ],
    }


def startup_to_dict(startup: Startup) -> dict[str, Any]:
    """The start-up budget: entry points first, then the sites worth deferring (issue 18)."""
    return {
        "costs": startup.costs,
        "candidates": startup.candidates,
        "entry_points": [
            {
                "module": entry.module,
                "why": entry.why,
                "eager_cost_ms": entry.eager_cost_ms,
                "loads": [
                    {
                        "package": load.package,
                        "cost_ms": load.cost_ms,
                        "chain": [_step(step) for step in load.chain],
                    }
                    for load in entry.loads
                ],
                "source": entry.source,
            }
            for entry in startup.entry_points
        ],
        "sites": [
            {
                "path": site.path,
                "line": site.line,
                "module": site.module,
                "package": site.package,
                "saving_ms": site.saving_ms,
                "entry_points": list(site.entry_points),
                "folded": list(site.folded),
                "advice": site.advice,
                "used_at_import_time": site.used_at_import_time,
                "availability_check": site.availability_check,
            }
            for site in startup.sites
        ],
    }
