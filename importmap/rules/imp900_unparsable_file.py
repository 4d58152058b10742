"""IMP900 unparsable-file: a file that could not be read or parsed."""

from __future__ import annotations

from collections.abc import Iterator

from importmap.domain import Finding, Severity
from importmap.rules.base import RuleInfo, RuleInput, make_finding

INFO = RuleInfo(
    code="IMP900",
    name="unparsable-file",
    summary="a file that could not be read or parsed",
    severity=Severity.ERROR,
)


class UnparsableFile:
    info = INFO

    def check(self, given: RuleInput) -> Iterator[Finding]:
        module_by_path = {module.path: module.name for module in given.codebase.modules}
        for error in given.codebase.errors:
            yield make_finding(
                INFO,
                path=error.path,
                line=max(error.line, 1),
                column=1,
                module=module_by_path.get(error.path, ""),
                message=error.message,
                key=error.path,
            )
