"""What to fix first: modules and packages ranked by the findings they carry and their importers.

A module's points are its findings weighted by severity (SEVERITY_POINTS); its importers are the
first-party modules whose own statements import it (fan-in of the import graph). The score is

    score = points * (1 + log2(1 + importers))

so a finding in a module that 7 others import weighs four times one in a module nobody imports,
and 100 importers only weigh 7.7 times: fan-in breaks ties between similar modules, it does not
bury a module full of errors under a popular one with a warning. A package adds up the findings
of every module under it, and counts the modules outside it that import any of them.

Sorted by score, highest first, then by name, modules before packages of the same name.
docs/report-schema.md (`priorities`) gives an example.
"""

from __future__ import annotations

import math
import weakref
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from importmap.domain import Finding, Import, Severity
from importmap.patterns import within
from importmap.result import Report

# Errors fail the gate by default; warnings are debt; information is a note, not a fault.
SEVERITY_POINTS: dict[Severity, int] = {
    Severity.ERROR: 3,
    Severity.WARNING: 1,
    Severity.INFO: 0,
}
MODULE = "module"
PACKAGE = "package"


@dataclass(frozen=True)
class Priority:
    name: str
    kind: str
    score: float
    points: int
    # (code, count), by code.
    findings: tuple[tuple[str, int], ...]
    importers: int


def priority_score(points: int, importers: int) -> float:
    return round(points * (1 + math.log2(1 + importers)), 2)


def rank(report: Report) -> tuple[Priority, ...]:
    """Every module and package whose findings carry points, the one to fix first first.

    The last report's ranking is kept: `analyze` writes it into report.json, report.md and
    report.html (homeassistant: 0.36 s each time)."""
    last = _last_ranked.get("report")
    if last is not None and last[0]() is report:
        return last[1]
    ranked = _rank(report)
    _last_ranked["report"] = (weakref.ref(report), ranked)
    return ranked


# By identity, never by equality: comparing two reports compares every import record.
_last_ranked: dict[str, tuple[weakref.ref[Report], tuple[Priority, ...]]] = {}


def _rank(report: Report) -> tuple[Priority, ...]:
    codebase = report.codebase
    names = {module.name for module in codebase.modules}
    packages = sorted(module.name for module in codebase.modules if module.is_package)
    findings_of: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if finding.module in names and SEVERITY_POINTS[finding.severity] > 0:
            findings_of.setdefault(finding.module, []).append(finding)
    importers_of: dict[str, set[str]] = {}
    for record in _written_edges(codebase.imports):
        importers_of.setdefault(record.imported, set()).add(record.importer)
    ranked = [
        _priority(name, MODULE, found, len(importers_of.get(name, ())))
        for name, found in findings_of.items()
    ]
    members: dict[str, list[str]] = {package: [] for package in packages}
    for name in sorted(names):
        for ancestor in _ancestors(name):
            if ancestor in members:
                members[ancestor].append(name)
    for package in packages:
        inside = [name for name in members[package] if name in findings_of]
        if not inside:
            continue
        outside_importers = {
            importer
            for name in members[package]
            for importer in importers_of.get(name, ())
            if not within(importer, package)
        }
        found = [finding for name in inside for finding in findings_of[name]]
        ranked.append(_priority(package, PACKAGE, found, len(outside_importers)))
    return tuple(sorted(ranked, key=lambda p: (-p.score, p.name, p.kind)))


def _priority(name: str, kind: str, found: list[Finding], importers: int) -> Priority:
    points = sum(SEVERITY_POINTS[finding.severity] for finding in found)
    counts = Counter(finding.code for finding in found)
    return Priority(
        name=name,
        kind=kind,
        score=priority_score(points, importers),
        points=points,
        findings=tuple(sorted(counts.items())),
        importers=importers,
    )


def _written_edges(imports: Iterable[Import]) -> Iterable[Import]:
    """First-party imports the importer's own statements make: an ancestor package Python runs
    on the way (`implicit`) is not an import anyone wrote."""
    return (
        record
        for record in imports
        if record.internal and not record.implicit and record.importer != record.imported
    )


def _ancestors(name: str) -> Iterable[str]:
    """The name itself and every package above it: `a.b.c`, `a.b`, `a`."""
    while name:
        yield name
        name = name.rpartition(".")[0]
