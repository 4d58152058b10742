"""IMP103 wildcard-import: `from x import *`; in test code it is only information."""

from __future__ import annotations

from collections.abc import Iterator

from importmap.domain import Finding, Severity
from importmap.patterns import PathGlobs
from importmap.rules.base import (
    RuleInfo,
    RuleInput,
    one_record_per_statement,
    statement_finding,
)

INFO = RuleInfo(
    code="IMP103",
    name="wildcard-import",
    summary="`from x import *` in production code",
    severity=Severity.WARNING,
    ruff_twin="F403",
    reads_noqa=True,
)


class WildcardImport:
    info = INFO

    def check(self, given: RuleInput) -> Iterator[Finding]:
        tests = PathGlobs(tuple(given.test_patterns))
        for record in one_record_per_statement(given.codebase.imports, lambda r: r.wildcard):
            in_tests = tests.matches(record.path)
            where = "test code" if in_tests else "production code"
            yield statement_finding(
                INFO,
                record,
                f"wildcard import '{record.statement}' in {where}: "
                "import the names it uses explicitly",
                severity=Severity.INFO if in_tests else None,
            )
