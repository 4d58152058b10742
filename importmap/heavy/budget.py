"""The start-up budget: what each entry point's import loads eagerly, and what deferring one
heavy import site alone would save, computed on the eager import graph.

Every module's eager closure is summarised once, bottom-up over the graph's strongly connected
components: for each heavy module it loads, the one site that loads it, or MANY when several
sites do. Deferring a site saves something for an entry point only when it is that one site;
otherwise the heavy module is "loaded anyway" through another eager path. Any eager edge the
graph gains (implicit parent packages, calls at import time) is followed the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from importmap.domain import ChainStep, HeavyUse
from importmap.graph.build import ModuleGraph
from importmap.heavy.entries import EntryPoint
from importmap.heavy.sites import HeavySite

if TYPE_CHECKING:
    import networkx as nx

MANY = -1
# Loaded only by loaders that may load it (HeavySite.maybe): not counted as loaded, and a site
# beside such a loader saves nothing for sure (it merges with a site into MANY).
MAYBE = -2
# Shown (and written to report.json) when no entry point is found: the costliest candidates.
CANDIDATES_SHOWN = 10
_MAX_ENTRY_NAMES = 10

State = Mapping[str, int]
_EMPTY: dict[str, int] = {}


@dataclass(frozen=True)
class Saving:
    site: HeavySite
    # Largest first: (entry point, milliseconds saved at its start-up).
    by_entry: tuple[tuple[str, float], ...]

    @property
    def saving_ms(self) -> float:
        return self.by_entry[0][1] if self.by_entry else 0.0


@dataclass(frozen=True)
class EntryBudget:
    entry: EntryPoint
    cost_ms: float
    # (heavy module, its cost, the shortest eager chain to it), costliest first.
    loads: tuple[tuple[str, float | None, tuple[ChainStep, ...]], ...]
    measured: bool


@dataclass(frozen=True)
class Budget:
    entries: tuple[EntryBudget, ...]
    # Every site with its savings, in the order the sites were given.
    savings: tuple[Saving, ...]
    # Site index -> the site it is folded into (loaded anyway: deferring it alone saves nothing).
    folded_into: Mapping[int, int]
    candidates: bool


class Pricer:
    """The cost of a set of heavy modules: a module loaded by another one in the set (numpy by
    pandas, scipy by scipy.stats) is inside that one's cost and is not counted twice."""

    def __init__(
        self, costs: Mapping[str, float | None], includes: Callable[[str], Iterable[str]]
    ) -> None:
        self._costs = costs
        self._includes = {p: frozenset(includes(p)) for p in costs}
        self._totals: dict[frozenset[str], float] = {}

    def cost(self, package: str) -> float:
        return self._costs.get(package) or 0.0

    def total(self, packages: Iterable[str]) -> float:
        key = frozenset(packages)
        found = self._totals.get(key)
        if found is None:
            found = sum(self.cost(p) for p in key if not self._inside_another(p, key))
            self._totals[key] = found
        return found

    def _inside_another(self, package: str, packages: frozenset[str]) -> bool:
        return any(
            other != package
            and (package in self._includes.get(other, ()) or other.startswith(f"{package}."))
            for other in packages
        )

    def saving(self, packages: frozenset[str], package: str) -> float:
        return round(self.total(packages) - self.total(packages - {package}), 2)


def site_keys(sites: Sequence[HeavySite]) -> list[int]:
    """Each site's index, the records of one statement loading one heavy module sharing one."""
    first: dict[tuple[str, int, str], int] = {}
    return [
        first.setdefault((s.record.importer, s.record.line, s.cost.module), i)
        for i, s in enumerate(sites)
    ]


def closure_states(graph: ModuleGraph, sites: Sequence[HeavySite]) -> dict[str, State]:
    """For every module: each heavy module its import loads eagerly -> the one site loading it,
    or MANY. Modules with identical closures share one mapping (never modified after)."""
    import networkx as nx

    keys = site_keys(sites)
    own: dict[str, dict[str, int]] = defaultdict(dict)
    for index, site in enumerate(sites):
        state = own[site.record.importer]
        key = MAYBE if site.maybe else keys[index]
        package = site.cost.module
        state[package] = key if state.get(package, key) == key else MANY
    eager = graph.eager
    condensed = nx.condensation(eager)
    members: Mapping[int, set[str]] = nx.get_node_attributes(condensed, "members")
    component_state: dict[int, State] = {}
    states: dict[str, State] = {}
    for component in reversed(list(nx.topological_sort(condensed))):
        parts: list[State] = [own[m] for m in members[component] if m in own]
        parts.extend(component_state[c] for c in condensed.successors(component))
        merged = _merge(parts)
        component_state[component] = merged
        for module in members[component]:
            states[module] = merged
    return states


def _merge(parts: Sequence[State]) -> State:
    distinct: dict[int, State] = {}
    for part in parts:
        if part:
            distinct.setdefault(id(part), part)
    if not distinct:
        return _EMPTY
    if len(distinct) == 1:
        return next(iter(distinct.values()))
    merged: dict[str, int] = {}
    for part in distinct.values():
        for package, site in part.items():
            seen = merged.get(package)
            merged[package] = site if seen is None or seen == site else MANY
    return merged


def _reachable(digraph: nx.DiGraph, starts: Sequence[str]) -> set[str]:
    """Every module reached from any of `starts`, one breadth-first walk for all of them."""
    seen = {s for s in starts if s in digraph}
    frontier = list(seen)
    successors = digraph.successors
    while frontier:
        following = []
        for module in frontier:
            for found in successors(module):
                if found not in seen:
                    seen.add(found)
                    following.append(found)
        frontier = following
    return seen


@dataclass(frozen=True)
class BudgetInput:
    graph: ModuleGraph
    sites: Sequence[HeavySite]
    uses: Sequence[HeavyUse]
    entries: Sequence[EntryPoint]
    # Modules that may stand as their own entry point when no entry point reaches them.
    production: Callable[[str], bool]
    # Sites whose module is left out (tests, migrations): evaluated, never reported.
    reported: Callable[[HeavySite], bool]
    pricer: Pricer
    measured: Callable[[str], bool]


def compute_budget(given: BudgetInput) -> Budget:
    graph, sites = given.graph, given.sites
    states = closure_states(graph, sites)
    keys = site_keys(sites)
    named = [e for e in given.entries if e.module in states]
    reached = _reachable(graph.eager, [e.module for e in named])
    # Only with no entry point found does every production module stand as its own: a saving is
    # claimed for a named entry point, or for a module imported on its own. A framework that
    # loads modules by name (Django's views) needs them named in `entry-points`.
    candidates = (
        []
        if named
        else [
            EntryPoint(m, "candidate")
            for m in graph.modules
            if given.production(m) and _loads(states.get(m, _EMPTY))
        ]
    )
    candidate_modules = {c.module for c in candidates}
    by_site: dict[int, dict[str, float]] = defaultdict(dict)
    keysets: dict[int, frozenset[str]] = {}
    for entry in [*named, *candidates]:
        state = states[entry.module]
        packages = keysets.setdefault(id(state), _loads(state))
        for package, key in state.items():
            if key in (MANY, MAYBE):
                continue
            saving = given.pricer.saving(packages, package)
            if saving > 0:
                by_site[key][entry.module] = saving
    savings = tuple(
        Saving(site, tuple(sorted(by_site.get(keys[i], {}).items(), key=lambda e: (-e[1], e[0]))))
        for i, site in enumerate(sites)
    )
    chains = {
        (use.package, m): c
        for use in given.uses
        for m, c in zip(use.eagerly_loaded_by, use.chains, strict=True)
    }
    budgets = [_entry_budget(e, states[e.module], chains, given) for e in named]
    if not named:
        budgets = sorted(
            (_entry_budget(e, states[e.module], chains, given) for e in candidates),
            key=lambda b: (-b.cost_ms, b.entry.module),
        )[:CANDIDATES_SHOWN]
    else:
        budgets.sort(key=lambda b: (-b.cost_ms, b.entry.module))
    return Budget(
        entries=tuple(budgets),
        savings=savings,
        folded_into=_fold(
            graph,
            savings,
            keys,
            # Only a site some entry point or candidate loads eagerly is "loaded anyway".
            lambda site: (
                given.reported(site)
                and (site.record.importer in reached or site.record.importer in candidate_modules)
            ),
        ),
        candidates=not named,
    )


def _entry_budget(
    entry: EntryPoint,
    state: State,
    chains: Mapping[tuple[str, str], tuple[ChainStep, ...]],
    given: BudgetInput,
) -> EntryBudget:
    pricer = given.pricer
    loaded = _loads(state)
    loads = sorted(
        ((p, pricer.cost(p) or None, chains.get((p, entry.module), ())) for p in loaded),
        key=lambda load: (-(load[1] or 0.0), load[0]),
    )
    return EntryBudget(
        entry=entry,
        cost_ms=round(pricer.total(loaded), 2),
        loads=tuple(loads),
        measured=bool(loaded) and all(given.measured(p) for p in loaded),
    )


def _loads(state: State) -> frozenset[str]:
    """The heavy modules surely loaded: not those only a `maybe` loader loads."""
    return frozenset(p for p, key in state.items() if key != MAYBE)


def _fold(
    graph: ModuleGraph,
    savings: Sequence[Saving],
    keys: Sequence[int],
    reported: Callable[[HeavySite], bool],
) -> dict[int, int]:
    """Each reported site that saves nothing, folded into one site of the same heavy module:
    the one that saves the most, else the one in the module most modules import eagerly (the
    models module every view imports)."""
    by_package: dict[str, list[int]] = defaultdict(list)
    for index, saving in enumerate(savings):
        if keys[index] == index and reported(saving.site):
            by_package[saving.site.cost.module].append(index)
    importers = graph.eager.in_degree
    folded: dict[int, int] = {}
    for indexes in by_package.values():
        idle = [i for i in indexes if not savings[i].by_entry]
        if not idle:
            continue

        def rank(i: int) -> tuple[float, int, str, int]:
            record = savings[i].site.record
            return (-savings[i].saving_ms, -importers(record.importer), record.path, record.line)

        head = min(indexes, key=rank)
        folded.update((i, head) for i in idle if i != head)
    return folded
