"""IMP104 unsorted-imports: an import block out of order, as the project's own sorter sees it."""

from __future__ import annotations

from collections.abc import Iterator

from importmap.domain import Finding, Severity
from importmap.rules.base import RuleInfo, RuleInput, make_finding

INFO = RuleInfo(
    code="IMP104",
    name="unsorted-imports",
    summary="an import block out of order",
    severity=Severity.WARNING,
    fixable=True,
    ruff_twin="I001",
    decided_by_ruff=True,
)


class UnsortedImports:
    info = INFO

    def check(self, given: RuleInput) -> Iterator[Finding]:
        if given.unsorted is None:
            return
        module_by_path = {module.path: module.name for module in given.codebase.modules}
        ordinal: dict[str, int] = {}
        for block in given.unsorted:
            path = block.path.as_posix()
            ordinal[path] = ordinal.get(path, 0) + 1
            yield make_finding(
                INFO,
                path=path,
                line=block.line,
                column=block.column,
                module=module_by_path.get(path, ""),
                message="import block is not sorted: run `importmap fix --select IMP104`",
                key=f"{path}:block-{ordinal[path]}",
            )
