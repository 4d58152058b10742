"""The result of an analysis: what it found, and what it computed to find it.

A `Report` carries the module graph and the eager heavy import sites the analysis built, so
that its readers (the commands, the reporters, the pictures) use them instead of building
them again; and each finding about a cycle or a heavy site names it by value (`CycleRef`,
`HeavySiteRef`), looked up here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from importmap.domain import (
    Codebase,
    ContractResult,
    Cycle,
    CycleRef,
    Finding,
    HeavySiteRef,
    HeavyUse,
    Score,
    Startup,
    StartupSite,
)
from importmap.graph.build import ModuleGraph

if TYPE_CHECKING:
    # The type only: reading a report (the API, a reporter) need not load the heavy-import
    # reference table.
    from importmap.heavy.sites import HeavySite


@dataclass(frozen=True)
class Report:
    codebase: Codebase
    cycles: tuple[Cycle, ...] = ()
    findings: tuple[Finding, ...] = ()
    heavy: tuple[HeavyUse, ...] = ()
    score: Score = field(default_factory=lambda: Score(overall=None))
    # The start-up budget (issue 18); None when the heavy-import analysis did not run.
    startup: Startup | None = None
    # The `[[tool.importmap.contracts]]` judged (IMP401), in file order; empty when none.
    contracts: tuple[ContractResult, ...] = ()
    # The modules whose text, beyond their import records, the calls at import time and the
    # crash judgement read: an edit elsewhere that keeps every import changes neither.
    text_read: frozenset[str] = frozenset()
    # The imports of heavy modules that run at import time, as the configured catalogue costs
    # them (`heavy` and `startup` are made of them); None when the heavy-import analysis did
    # not run.
    eager_heavy_sites: tuple[HeavySite, ...] | None = None
    # The module graph the analysis built over `codebase`; None in a report made otherwise
    # (a test, by hand): `graph` then builds it, once, when first asked.
    built_graph: ModuleGraph | None = field(default=None, compare=False, repr=False)

    @cached_property
    def graph(self) -> ModuleGraph:
        """The module graph of `codebase`: the analysis's own, never built twice."""
        if self.built_graph is not None:
            return self.built_graph
        return ModuleGraph.from_codebase(self.codebase)

    def cycle_of(self, finding: Finding) -> Cycle | None:
        """The cycle the finding is about (IMP001-IMP003), None when it is about none here."""
        if finding.cycle is None:
            return None
        return self._cycles_by_ref.get(finding.cycle)

    def heavy_site_of(self, finding: Finding) -> StartupSite | None:
        """The start-up budget's heavy import site the finding is about (IMP201), or None."""
        if finding.heavy_site is None:
            return None
        return self._sites_by_ref.get(finding.heavy_site)

    @cached_property
    def _cycles_by_ref(self) -> dict[CycleRef, Cycle]:
        return {cycle.ref: cycle for cycle in self.cycles}

    @cached_property
    def _sites_by_ref(self) -> dict[HeavySiteRef, StartupSite]:
        sites = () if self.startup is None else self.startup.sites
        return {site.ref: site for site in sites}
