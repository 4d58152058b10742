"""Decide which modules are heavy: configured lists, then measurements, then the reference table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from importmap.domain import Import
from importmap.heavy.reference import REFERENCE_CONDITIONS, reference_cost
from importmap.heavy.settings import HeavySettings
from importmap.patterns import within


@dataclass(frozen=True)
class HeavyCost:
    module: str
    # None when the module is heavy only because the configuration says so.
    cost_ms: float | None
    source: str  # "configured", "measured" or "reference"

    def describe(self) -> str:
        if self.cost_ms is None:
            return "configured as heavy"
        if self.source == "reference":
            return f"≈{self.cost_ms:.0f} ms, reference table of {REFERENCE_CONDITIONS.when[:10]}"
        return f"≈{self.cost_ms:.0f} ms, {self.source} here"


def _covers(patterns: Iterable[str], module: str) -> str | None:
    """The most specific pattern that is `module` or one of its ancestor packages."""
    matches = [p for p in patterns if within(module, p)]
    return max(matches, key=len) if matches else None


def _nearest(costs: Mapping[str, float], module: str) -> tuple[str, float] | None:
    candidate = module
    while candidate:
        if candidate in costs:
            return candidate, costs[candidate]
        candidate = candidate.rpartition(".")[0]
    return None


class HeavyCatalog:
    """What the settings, any measurements and the reference table say about a module's cost."""

    def __init__(self, settings: HeavySettings, measured_ms: Mapping[str, float] | None = None):
        self.settings = settings
        self._measured = dict(measured_ms or {})
        # Every import of a module asks again: answered once per module.
        self._costs: dict[str, HeavyCost | None] = {}
        self._import_costs: dict[tuple[bool, str, str, tuple[str, ...]], HeavyCost | None] = {}

    def cost(self, module: str) -> HeavyCost | None:
        """The cost of importing `module` if it is heavy, else None."""
        if module not in self._costs:
            self._costs[module] = self._cost(module)
        return self._costs[module]

    def _cost(self, module: str) -> HeavyCost | None:
        declined = _covers(self.settings.not_heavy, module)
        declared = _covers(self.settings.heavy, module)
        if declined is not None and (declared is None or len(declined) >= len(declared)):
            return None
        known = self.known_cost(module)
        if declared is not None:
            return known or HeavyCost(declared, None, "configured")
        if known is not None and known.cost_ms is not None:
            return known if known.cost_ms >= self.settings.threshold_ms else None
        return None

    def known_cost(self, module: str) -> HeavyCost | None:
        """The measured or reference cost of `module`, heavy or not."""
        # Named after the row that priced it, so `import pandas.core.frame` counts as pandas.
        measured = _nearest(self._measured, module)
        if measured is not None:
            return HeavyCost(measured[0], measured[1], "measured")
        row = reference_cost(module)
        if row is not None:
            return HeavyCost(row.module, row.cost_ms, "reference")
        return None

    def cost_of_import(self, record: Import) -> HeavyCost | None:
        """The heaviest module an import statement loads: `from scipy import stats` loads
        scipy.stats, which costs far more than scipy."""
        if record.internal or record.beyond_top_level:
            return None
        # Many records import the same thing the same way: each way is priced once.
        key = (record.stdlib, record.target, record.imported, record.names)
        if key not in self._import_costs:
            self._import_costs[key] = self._cost_of_import(record)
        return self._import_costs[key]

    def _cost_of_import(self, record: Import) -> HeavyCost | None:
        if record.stdlib and _covers(self.settings.heavy, record.target) is None:
            return None
        loaded = [record.target or record.imported]
        loaded.extend(f"{loaded[0]}.{name}" for name in record.names if name != "*")
        costs = [c for c in (self.cost(module) for module in loaded) if c is not None]
        if not costs:
            return None
        return max(costs, key=lambda c: (c.cost_ms or 0.0, -len(c.module)))
