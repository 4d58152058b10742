"""IMP401 contract-broken: an import chain a `[[tool.importmap.contracts]]` table forbids."""

from __future__ import annotations

from collections.abc import Iterator

from importmap.contracts.spec import IMPORT_TIME
from importmap.domain import ContractBreak, ContractResult, Finding, Severity
from importmap.graph.chains import describe_step
from importmap.rules.base import RuleInfo, RuleInput, chain_finding

INFO = RuleInfo(
    code="IMP401",
    name="contract-broken",
    summary="an import chain that a configured contract (layers, forbidden, ...) forbids",
    severity=Severity.ERROR,
)


class ContractBroken:
    info = INFO

    def check(self, given: RuleInput) -> Iterator[Finding]:
        for result in given.contracts:
            for broken in result.broken:
                yield chain_finding(
                    INFO,
                    broken.chain,
                    describe_break(result, broken),
                    # No line numbers: a baseline entry survives the lines moving.
                    f"{result.name}:{broken.importer}->{broken.imported}",
                    # A suppression on any step's line silences it: any of them can be cut.
                    sites=tuple(sorted({(step.path, step.line) for step in broken.chain})),
                )


def describe_break(result: ContractResult, broken: ContractBreak) -> str:
    at_import_time = " at import time" if result.when == IMPORT_TIME else ""
    steps = len(broken.chain)
    chain = "; ".join(describe_step(step) for step in broken.chain)
    return (
        f"contract '{result.name}' ({result.type}) broken: {broken.importer} imports "
        f"{broken.imported}{at_import_time} in {steps} step{'s' if steps != 1 else ''}: {chain}"
    )
