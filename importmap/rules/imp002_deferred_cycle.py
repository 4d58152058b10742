"""IMP002 deferred-cycle: a cycle that exists only through deferred imports."""

from __future__ import annotations

from collections.abc import Iterator

from importmap.domain import Finding, Severity
from importmap.rules.base import RuleInfo, RuleInput, make_finding
from importmap.rules.cycle_messages import (
    cycle_key,
    cycle_sites,
    describe_chain,
    describe_cut,
)

INFO = RuleInfo(
    code="IMP002",
    name="deferred-cycle",
    summary="a cycle that exists only through deferred imports (function, TYPE_CHECKING, lazy)",
    severity=Severity.INFO,
)


class DeferredCycle:
    info = INFO

    def check(self, given: RuleInput) -> Iterator[Finding]:
        for cycle in given.cycles:
            if cycle.eager or not cycle.chain:
                continue
            first = cycle.chain[0]
            yield make_finding(
                INFO,
                path=first.path,
                line=first.line,
                column=1,
                module=first.importer,
                message=(
                    f"cycle of {len(cycle.modules)} module(s) through deferred imports, "
                    f"safe at import time: {describe_chain(cycle)}"
                ),
                key=cycle_key(cycle),
                fix=describe_cut(cycle),
                sites=cycle_sites(cycle, given.graph),
            )
