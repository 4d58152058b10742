"""What every rule is, and what it gets to look at."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from importmap.domain import (
    ChainStep,
    Codebase,
    ContractResult,
    Cycle,
    CycleRef,
    Finding,
    HeavySiteRef,
    Import,
    Severity,
    Startup,
)
from importmap.graph.build import ModuleGraph
from importmap.heavy.settings import HeavySettings
from importmap.scan.banned_calls import BannedCallScan
from importmap.score import DEFAULT_TEST_PATTERNS
from importmap.services import ServiceUse
from importmap.sorting import LintDiagnostic, UnsortedBlock


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
    # Reads the files' text itself (IMP501, only those that spell a banned call): an edit that
    # keeps every import can change its findings.
    reads_source: bool = False
    # The ruff (flake8) code of the same check: a noqa comment naming it silences this rule too.
    ruff_twin: str = ""
    # ruff decides it: the analysis reads ruff's verdicts for `ruff_twin`, and ruff reads what
    # noqa comments say of them.
    decided_by_ruff: bool = False
    # importmap reads the noqa comments on its findings' lines itself (rules/noqa.py).
    reads_noqa: bool = False


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
    # ruff's F401/F811 diagnostics (IMP105, IMP106), paths as shown; None when ruff did not lint.
    lint: tuple[LintDiagnostic, ...] | None = None
    # The start-up budget (IMP201); None when the heavy-import analysis did not run.
    startup: Startup | None = None
    # The calls to `[tool.importmap.banned-calls]` (IMP501); None when none are configured.
    banned_calls: BannedCallScan | None = None
    # The configured contracts as judged (IMP401); empty when none is configured.
    contracts: tuple[ContractResult, ...] = ()


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
    source: str = "",
    cycle: CycleRef | None = None,
    heavy_site: HeavySiteRef | None = None,
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
        source=source,
        cycle=cycle,
        heavy_site=heavy_site,
    )


def statement_finding(
    info: RuleInfo,
    record: Import,
    message: str,
    *,
    fix: str | None = None,
    severity: Severity | None = None,
) -> Finding:
    """A finding at an import statement, keyed by its importer and its text, not its line: a
    baseline entry survives the lines moving."""
    return make_finding(
        info,
        path=record.path,
        line=record.line,
        column=record.column,
        module=record.importer,
        message=message,
        key=f"{record.importer}:{record.statement}",
        fix=fix,
        severity=severity,
    )


def chain_finding(
    info: RuleInfo,
    chain: tuple[ChainStep, ...],
    message: str,
    key: str,
    *,
    fix: str | None = None,
    sites: tuple[tuple[str, int], ...] = (),
    cycle: CycleRef | None = None,
) -> Finding:
    """A finding about an import chain (a cycle, a broken contract), at its first step."""
    first = chain[0]
    return make_finding(
        info,
        path=first.path,
        line=first.line,
        column=1,
        module=first.importer,
        message=message,
        key=key,
        fix=fix,
        sites=sites,
        cycle=cycle,
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


def ruff_findings(info: RuleInfo, given: RuleInput, ruff_code: str) -> Iterator[Finding]:
    """ruff's `ruff_code` diagnostics as findings of `info`, with ruff's message and code.

    The key names the module and ruff's message without its line numbers, and counts repeats,
    so a baseline entry survives lines moving above it.
    """
    if given.lint is None:
        return
    module_by_path = {module.path: module.name for module in given.codebase.modules}
    ordinal: dict[str, int] = {}
    for diagnostic in given.lint:
        if diagnostic.code != ruff_code:
            continue
        path = diagnostic.path.as_posix()
        module = module_by_path.get(path, "")
        identity = f"{module}:{_without_numbers(diagnostic.message)}"
        ordinal[identity] = ordinal.get(identity, 0) + 1
        repeat = f"#{ordinal[identity]}" if ordinal[identity] > 1 else ""
        yield make_finding(
            info,
            path=path,
            line=diagnostic.line,
            column=diagnostic.column,
            module=module,
            message=f"{diagnostic.message} (ruff {ruff_code})",
            key=identity + repeat,
            source=f"ruff {ruff_code}",
        )


def _without_numbers(message: str) -> str:
    return " ".join(word for word in message.split() if not word.strip(".,:;").isdigit())
