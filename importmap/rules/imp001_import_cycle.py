"""IMP001 import-cycle: a cycle whose every edge runs at import time."""

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
    code="IMP001",
    name="import-cycle",
    summary="a cycle whose every edge runs at import time",
    severity=Severity.ERROR,
)


class ImportCycle:
    info = INFO

    def check(self, given: RuleInput) -> Iterator[Finding]:
        for cycle in given.cycles:
            if not cycle.eager or not cycle.chain:
                continue
            first = cycle.chain[0]
            yield make_finding(
                INFO,
                path=first.path,
                line=first.line,
                column=1,
                module=first.importer,
                message=(
                    f"import cycle of {len(cycle.modules)} module(s), every edge at import time: "
                    f"{describe_chain(cycle)}"
                ),
                key=cycle_key(cycle),
                fix=describe_cut(cycle),
                sites=cycle_sites(cycle, given.graph),
            )
