"""IMP102 relative-beyond-top-level: a relative import that climbs above the top-level package."""

from __future__ import annotations

from collections.abc import Iterator

from importmap.domain import Finding, Severity
from importmap.rules.base import (
    RuleInfo,
    RuleInput,
    one_record_per_statement,
    statement_finding,
)

INFO = RuleInfo(
    code="IMP102",
    name="relative-beyond-top-level",
    summary="a relative import that climbs above the top-level package",
    severity=Severity.ERROR,
)


class RelativeBeyondTopLevel:
    info = INFO

    def check(self, given: RuleInput) -> Iterator[Finding]:
        for record in one_record_per_statement(
            given.codebase.imports, lambda r: r.beyond_top_level
        ):
            yield statement_finding(
                INFO,
                record,
                f"'{record.statement}' climbs {record.level} level(s) from {record.importer}, "
                "above its top-level package: it fails at import time",
            )
