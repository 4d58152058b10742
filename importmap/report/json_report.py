"""The JSON report, schema version 1: a contract with users, extended but never renamed."""

from __future__ import annotations

import json
from typing import Any

from importmap import __version__
from importmap.domain import ChainStep, Cycle, Finding, HeavyUse, Import, Report

SCHEMA_VERSION = 1


def report_to_dict(report: Report) -> dict[str, Any]:
    codebase = report.codebase
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "importmap", "version": __version__},
        "roots": list(codebase.roots),
        "modules": [
            {"name": m.name, "path": m.path, "is_package": m.is_package} for m in codebase.modules
        ],
        "imports": [_import(record) for record in codebase.imports],
        "cycles": [_cycle(cycle) for cycle in report.cycles],
        "findings": [_finding(finding) for finding in report.findings],
        "heavy": [_heavy(use) for use in report.heavy],
        "score": {
            "overall": report.score.overall,
            "criteria": [
                {
                    "id": c.id,
                    "title": c.title,
                    "score": c.score,
                    "weight": c.weight,
                    "measured": c.measured,
                    "detail": c.detail,
                }
                for c in report.score.criteria
            ],
        },
        "errors": [{"path": e.path, "line": e.line, "message": e.message} for e in codebase.errors],
    }


def render_json(report: Report) -> str:
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False) + "\n"


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
    }


def _step(step: ChainStep) -> dict[str, Any]:
    return {
        "importer": step.importer,
        "imported": step.imported,
        "path": step.path,
        "line": step.line,
        "statement": step.statement,
    }


def _cycle(cycle: Cycle) -> dict[str, Any]:
    return {
        "modules": list(cycle.modules),
        "eager": cycle.eager,
        "chain": [_step(step) for step in cycle.chain],
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "module": finding.module,
        "message": finding.message,
        "fix": finding.fix,
    }


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
