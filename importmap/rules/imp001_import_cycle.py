"""IMP001 import-cycle: an import-time cycle that raises when entered from one of its members."""

from __future__ import annotations

from collections.abc import Iterator

from importmap.domain import Cycle, Finding, Severity
from importmap.import_outcome import EntryOutcome, Verdict
from importmap.rules.base import RuleInfo, RuleInput, chain_finding
from importmap.rules.cycle_messages import cycle_key, cycle_sites, describe_chain, describe_cut

INFO = RuleInfo(
    code="IMP001",
    name="import-cycle",
    summary="an import-time cycle that raises when entered from one of its members",
    severity=Severity.ERROR,
)


class ImportCycle:
    info = INFO

    def check(self, given: RuleInput) -> Iterator[Finding]:
        for cycle in given.cycles:
            if not cycle.eager or not cycle.chain or cycle.order_safe is True:
                continue
            sites = cycle_sites(cycle, given.graph)
            # The finding stays at the cycle's first edge (where baselines and suppressions
            # found it before); the line that raises is in the message, and may hold a
            # suppression too.
            raising = _first(cycle, Verdict.RAISES) or _first(cycle, Verdict.UNKNOWN)
            if raising is not None and raising.path:
                sites = tuple(sorted({*sites, (raising.path, raising.line)}))
            yield chain_finding(
                INFO,
                cycle.chain,
                describe_crash(cycle, raising),
                cycle_key(cycle),
                fix=cycle.advice or describe_cut(cycle),
                sites=sites,
                cycle=cycle.ref,
            )


def _first(cycle: Cycle, verdict: Verdict) -> EntryOutcome | None:
    return next((entry for entry in cycle.entries if entry.verdict is verdict), None)


def describe_crash(cycle: Cycle, outcome: EntryOutcome | None) -> str:
    size = len(cycle.modules)
    graph_view = (
        f"import cycle of {size} module(s), every edge at import time: {describe_chain(cycle)}"
    )
    if outcome is None:
        # Not simulated (the analysis ran without it): the cycle as the graph shows it.
        return graph_view
    if outcome.verdict is Verdict.UNKNOWN:
        return (
            f"{graph_view}; whether importing {outcome.module} first raises cannot be read: "
            f"{outcome.message}"
        )
    chain = " -> ".join(f"{frame.module} ({frame.path}:{frame.line})" for frame in outcome.chain)
    raising = [entry.module for entry in cycle.entries if entry.verdict is Verdict.RAISES]
    return (
        f"{graph_view}; raises when entered from {outcome.module}: {outcome.exception}: "
        f"{outcome.message} at {outcome.path}:{outcome.line} (executing: {chain}); "
        f"{len(raising)} of {size} member(s) raise when imported first: {', '.join(raising)}"
    )
