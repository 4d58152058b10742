"""What every rule is, and what it gets to look at."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from importmap.domain import Codebase, Cycle, Finding, Import, Severity, Startup
from importmap.graph.build import ModuleGraph
from importmap.heavy.settings import HeavySettings
from importmap.score import DEFAULT_TEST_PATTERNS
from importmap.services import ServiceUse
from importmap.sorting import UnsortedBlock


@dataclass(frozen=True)
class RuleInfo:
    code: str
    name: str
    summary: str
    severity: Severity
    fixable: bool = False
    # Needs the per-file facts (names used, calls, lazy mechanisms), which cost a whole-file
    # parse of every module; rules without them run on import records alone.
    needs_facts: bool = False


@dataclass(frozen=True)
class RuleInput:
    """Everything the analysis has computed, shared by all rules."""

    codebase: Codebase
    graph: ModuleGraph
    cycles: tuple[Cycle, ...]
    heavy: HeavySettings = field(default_factory=HeavySettings)
    test_patterns: tuple[str, ...] = DEFAULT_TEST_PATTERNS
    # Where services are built (IMP301); None when no locator is configured or found.
    services: ServiceUse | None = None
    # Unsorted import blocks (IMP104), paths as shown; None when the sort check did not run.
    unsorted: tuple[UnsortedBlock, ...] | None = None
    # The start-up budget (IMP201); None when the heavy-import analysis did not run.
    startup: Startup | None = None


class Rule(Protocol):
    info: RuleInfo

    def check(self, given: RuleInput) -> Iterable[Finding]: ...


def make_finding(
    info: RuleInfo,
    *,
    path: str,
    line: int,
    column: int,
    module: str,
    message: str,
    key: str,
    fix: str | None = None,
    severity: Severity | None = None,
    sites: tuple[tuple[str, int], ...] = (),
) -> Finding:
    return Finding(
        path=path,
        line=line,
        column=column,
        code=info.code,
        rule=info.name,
        severity=severity or info.severity,
        module=module,
        message=message,
        fix=fix,
        key=f"{info.code}:{key}",
        sites=sites,
    )


def one_record_per_statement(
    imports: Iterable[Import], wanted: Callable[[Import], bool]
) -> Iterator[Import]:
    """The first wanted record of each statement: `from . import a, b` makes two records but is
    one statement, and one finding."""
    seen: set[tuple[str, int, int]] = set()
    for record in imports:
        place = (record.path, record.line, record.column)
        if wanted(record) and place not in seen:
            seen.add(place)
            yield record
