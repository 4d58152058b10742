"""IMP003 order-safe-cycle: an import-time cycle that every entry order survives today."""

from __future__ import annotations

from collections.abc import Iterator

from importmap.domain import Finding, Severity
from importmap.rules.base import RuleInfo, RuleInput, chain_finding
from importmap.rules.cycle_messages import cycle_key, cycle_sites, describe_chain, describe_cut

INFO = RuleInfo(
    code="IMP003",
    name="order-safe-cycle",
    summary="an import-time cycle that imports cleanly whichever member comes first",
    severity=Severity.WARNING,
)


class OrderSafeCycle:
    info = INFO

    def check(self, given: RuleInput) -> Iterator[Finding]:
        for cycle in given.cycles:
            if not cycle.eager or not cycle.chain or cycle.order_safe is not True:
                continue
            size = len(cycle.modules)
            yield chain_finding(
                INFO,
                cycle.chain,
                f"import cycle of {size} module(s), every edge at import time, order-safe: "
                f"each member imports first without error (every name read from a "
                f"partially initialised module is bound by then): {describe_chain(cycle)}",
                cycle_key(cycle),
                fix=describe_cut(cycle),
                sites=cycle_sites(cycle, given.graph),
                cycle=cycle.ref,
            )
