"""IMP101 relative-import: a relative import, reported with its absolute form."""

from __future__ import annotations

import re
from collections.abc import Iterator

from importmap.domain import Finding, Import, Severity
from importmap.rules.base import (
    RuleInfo,
    RuleInput,
    one_record_per_statement,
    statement_finding,
)

INFO = RuleInfo(
    code="IMP101",
    name="relative-import",
    summary="a relative import (fixable to absolute)",
    severity=Severity.WARNING,
    fixable=True,
)
_FROM_PART = re.compile(r"^(?P<lazy>lazy\s+)?from\s*\.+\s*[\w.]*\s+import\b")


def absolute_statement(record: Import) -> str:
    """The statement with its `from .x` part replaced by the absolute module."""
    return _FROM_PART.sub(
        lambda match: f"{match.group('lazy') or ''}from {record.target} import",
        record.statement,
        count=1,
    )


class RelativeImport:
    info = INFO

    def check(self, given: RuleInput) -> Iterator[Finding]:
        for record in one_record_per_statement(
            given.codebase.imports,
            lambda r: r.relative and not r.beyond_top_level and not r.dynamic,
        ):
            fix = absolute_statement(record)
            yield statement_finding(
                INFO, record, f"relative import '{record.statement}': use '{fix}'", fix=fix
            )
