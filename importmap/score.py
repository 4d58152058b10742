"""The compliance score: one criterion per line of the audit's import-consistency criteria.

Each criterion is a share (0-100) of the things it counts that comply. A criterion that does not
apply, cannot be measured or whose rule is deselected has `measured: false`, says why, and is left
out of the mean. A criterion measured on few things weighs less (docs/score.md):

    effective_i = weight_i * min(1, items_i / MINIMUM_ITEMS)
    overall = sum(score_i * effective_i) / sum(effective_i)   over measured criteria

The score counts production code only: modules matching the test patterns or in a migrations
directory are left out, so pointing at a repository root (tests beside the package) or at the
package gives the same score. The same criteria are computed per top-level package (or
configured group) so a team sees where to start.

The default weights are DEFAULT_WEIGHTS; `[tool.importmap.weights]` overrides them per criterion.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace

from importmap.domain import (
    Codebase,
    ContractResult,
    Criterion,
    Cycle,
    Import,
    Module,
    ScanError,
    Score,
    ScoreGroup,
)
from importmap.file_facts import FileFacts
from importmap.patterns import PathGlobs, module_matches_any
from importmap.scan.banned_calls import BannedCallScan
from importmap.services import ServiceUse

DEFAULT_WEIGHTS: Mapping[str, float] = {
    "absolute-imports": 2.0,
    "no-wildcard-imports": 2.0,
    "service-locator": 1.0,
    "lazy-heavy-imports": 2.0,
    "import-order": 1.0,
    "import-lint": 1.0,
    "no-cycles": 3.0,
    "singleton-services": 1.0,
    "banned-calls": 2.0,
    "contracts": 3.0,
}
CRITERION_IDS: tuple[str, ...] = tuple(DEFAULT_WEIGHTS)
# The rules whose findings each criterion counts: a criterion none of whose rules is selected
# is not measured ("rule ignored").
RULES_BY_CRITERION: Mapping[str, tuple[str, ...]] = {
    "absolute-imports": ("IMP101", "IMP102"),
    "no-wildcard-imports": ("IMP103",),
    "service-locator": ("IMP301",),
    "lazy-heavy-imports": ("IMP201",),
    "import-order": ("IMP104",),
    "import-lint": ("IMP105", "IMP106"),
    "no-cycles": ("IMP001",),
    "singleton-services": ("IMP301",),
    "banned-calls": ("IMP501",),
    "contracts": ("IMP401",),
}
# Under this many counted things a criterion's weight shrinks in proportion (docs/score.md).
MINIMUM_ITEMS = 20
# Migrations are generated code, left out of the score like tests.
MIGRATION_PATTERNS: tuple[str, ...] = ("migrations/*", "*/migrations/*")

DEFAULT_TEST_PATTERNS: tuple[str, ...] = (
    "tests/*",
    "*/tests/*",
    "test_*.py",
    "*_test.py",
    "conftest.py",
)


@dataclass(frozen=True)
class ScoreInput:
    codebase: Codebase
    cycles: Sequence[Cycle]
    test_patterns: Sequence[str] = DEFAULT_TEST_PATTERNS
    # Files with an unsorted import block; None when the sort check did not run.
    unsorted_paths: frozenset[str] | None = None
    # Why the sort check did not run, when it did not.
    order_problem: str = ""
    # Files with an unused or duplicate import; None when those rules did not run.
    lint_paths: frozenset[str] | None = None
    services: ServiceUse | None = None
    # (deferred, all) import sites of heavy modules; None when the heavy analysis did not run.
    heavy_sites: tuple[int, int] | None = None
    # The selected rule codes; None: every rule is selected.
    selected: frozenset[str] | None = None
    # Calls to [tool.importmap.banned-calls]; None when none are configured (no criterion).
    banned_calls: BannedCallScan | None = None
    # The configured contracts as judged; None when none is configured, () in a score group
    # (a contract judges the whole project).
    contracts: tuple[ContractResult, ...] | None = None


@dataclass(frozen=True)
class _Measure:
    score: float | None
    detail: str
    items: int | None = None


def _share(good: int, total: int, what: str, of: str = "") -> _Measure:
    """`good` of `total` as a score; `of` names what is counted when there is nothing to count."""
    if total == 0:
        return _Measure(None, f"not measured: no {of or what}")
    return _Measure(round(100.0 * good / total, 1), f"{good} of {total} {what}", total)


def _share_without(items: set[str], offending: Set[str], what: str, of: str) -> _Measure:
    """The share of `items` (module paths or names) that are not `offending`."""
    return _share(len(items - offending), len(items), what, of)


def _absolute_imports(given: ScoreInput) -> _Measure:
    files = _module_paths(given.codebase)
    relative = {record.path for record in given.codebase.imports if record.relative}
    return _share_without(files, relative, "modules use absolute imports only", "modules")


def _no_wildcards(given: ScoreInput) -> _Measure:
    tests = PathGlobs(tuple(given.test_patterns))
    production = {p for p in _module_paths(given.codebase) if not tests.matches(p)}
    wildcard = {r.path for r in given.codebase.imports if r.wildcard and r.path in production}
    return _share_without(
        production, wildcard, "production modules have no wildcard import", "production modules"
    )


def _service_locator(given: ScoreInput) -> _Measure:
    services = given.services
    if services is None:
        return _Measure(
            None, "not measured: no service-locator configured and no ServiceRegistry found"
        )
    through = sum(1 for i in services.instantiations if i.via_locator)
    measure = _share(
        through,
        len(services.instantiations),
        "service instantiations go through the locator",
        "service instantiations",
    )
    return _with_assumption(measure, services)


def _singletons(given: ScoreInput) -> _Measure:
    services = given.services
    if services is None:
        return _Measure(None, "not measured: no service locator")
    providers = services.providers
    cached = sum(1 for provider in providers if provider.cached)
    return _with_assumption(
        _share(
            cached, len(providers), "locator providers cache their instance", "locator providers"
        ),
        services,
    )


def _with_assumption(measure: _Measure, services: ServiceUse) -> _Measure:
    if not services.assumption:
        return measure
    return _Measure(measure.score, f"{measure.detail} ({services.assumption})", measure.items)


def _lazy_heavy(given: ScoreInput) -> _Measure:
    if given.heavy_sites is None:
        return _Measure(None, "not measured: needs the heavy-import analysis (IMP201)")
    deferred, total = given.heavy_sites
    return _share(deferred, total, "heavy-module import sites are deferred", "heavy-module imports")


def _import_order(given: ScoreInput) -> _Measure:
    if given.unsorted_paths is None:
        reason = f": {given.order_problem}" if given.order_problem else ""
        return _Measure(None, f"not measured: the import-order check (IMP104) did not run{reason}")
    files = _module_paths(given.codebase)
    return _share_without(files, given.unsorted_paths, "files have sorted imports", "files")


def _import_lint(given: ScoreInput) -> _Measure:
    if given.lint_paths is None:
        reason = f": {given.order_problem}" if given.order_problem else ""
        return _Measure(None, f"not measured: ruff's F401/F811 (IMP105/IMP106) did not run{reason}")
    files = _module_paths(given.codebase)
    return _share_without(
        files, given.lint_paths, "files have no unused or duplicate import", "files"
    )


def _no_cycles(given: ScoreInput) -> _Measure:
    names = {module.name for module in given.codebase.modules}
    in_cycle = {name for cycle in given.cycles if cycle.eager for name in cycle.modules}
    return _share_without(names, in_cycle, "modules are in no import-time cycle", "modules")


def _banned_calls(given: ScoreInput) -> _Measure:
    scan = given.banned_calls
    if scan is None:
        return _Measure(None, "not measured: no banned-calls configured")
    files = _module_paths(given.codebase)
    calling = {site.path for site in scan.sites if not site.allowed}
    return _share_without(
        files, calling, "production modules make no banned call", "production modules"
    )


def _contracts(given: ScoreInput) -> _Measure:
    if given.contracts is None:
        return _Measure(None, "not measured: no contract configured ([[tool.importmap.contracts]])")
    if not given.contracts:
        return _Measure(None, "not measured: contracts judge the whole project, not one group")
    kept = sum(1 for result in given.contracts if result.kept)
    return _share(kept, len(given.contracts), "contracts are kept", "contracts")


def _module_paths(codebase: Codebase) -> set[str]:
    return {module.path for module in codebase.modules if module.path.endswith(".py")}


_CRITERIA: tuple[tuple[str, str, Callable[[ScoreInput], _Measure]], ...] = (
    ("absolute-imports", "All imports follow the absolute path convention", _absolute_imports),
    ("no-wildcard-imports", "No wildcard imports in production code", _no_wildcards),
    ("service-locator", "Consistent service instantiation via service locator", _service_locator),
    ("lazy-heavy-imports", "Heavy dependencies use lazy loading", _lazy_heavy),
    ("import-order", "Import order consistent across all files", _import_order),
    ("import-lint", "Automated linting passes on entire codebase", _import_lint),
    ("no-cycles", "No circular import dependencies", _no_cycles),
    ("singleton-services", "Service locator provides singleton instances", _singletons),
    ("banned-calls", "No banned calls outside the modules that allow them", _banned_calls),
    ("contracts", "Architecture contracts are kept", _contracts),
)
# Criteria listed only when configured: a project without them sees the same criteria as before.
_CONFIGURED_ONLY: Mapping[str, Callable[[ScoreInput], bool]] = {
    "banned-calls": lambda given: given.banned_calls is not None,
    "contracts": lambda given: given.contracts is not None,
}


def compute_score(given: ScoreInput, weights: Mapping[str, float] = DEFAULT_WEIGHTS) -> Score:
    """The score of the production modules of `given.codebase`."""
    production = production_only(given.codebase, given.test_patterns)
    overall, criteria = _criteria(replace(given, codebase=production), weights)
    return Score(overall=overall, criteria=criteria)


def score_groups(
    given: ScoreInput,
    weights: Mapping[str, float],
    groups: Mapping[str, frozenset[str]],
    heavy_sites: Callable[[Codebase], tuple[int, int] | None] | None = None,
) -> tuple[ScoreGroup, ...]:
    """The score of each group of modules (name -> module names), computed as the whole one.

    `heavy_sites` counts a group's heavy import sites; without it the criterion is unmeasured.
    """
    production = production_only(given.codebase, given.test_patterns)
    found: list[ScoreGroup] = []
    for name, part in _partition(production, groups).items():
        if not part.modules:
            continue
        services = given.services
        if services is not None:
            paths = {module.path for module in part.modules}
            services = replace(
                services,
                instantiations=tuple(i for i in services.instantiations if i.path in paths),
            )
        overall, criteria = _criteria(
            replace(
                given,
                codebase=part,
                services=services,
                heavy_sites=heavy_sites(part) if heavy_sites is not None else None,
                contracts=None if given.contracts is None else (),
            ),
            weights,
        )
        found.append(ScoreGroup(name=name, overall=overall, criteria=criteria))
    return tuple(found)


def _partition(codebase: Codebase, groups: Mapping[str, frozenset[str]]) -> dict[str, Codebase]:
    """`restrict(codebase, modules)` for every group, in one pass over the codebase (a root
    with hundreds of top-level modules has as many groups)."""
    groups_of: dict[str, list[str]] = {}
    for group, members in groups.items():
        for member in members:
            groups_of.setdefault(member, []).append(group)
    none: list[str] = []
    by_path = {module.path: groups_of.get(module.name, none) for module in codebase.modules}
    parts = {group: _Part() for group in groups}
    for module in codebase.modules:
        for group in groups_of.get(module.name, none):
            parts[group].modules.append(module)
    for record in codebase.imports:
        for group in groups_of.get(record.importer, none):
            parts[group].imports.append(record)
    for error in codebase.errors:
        for group in by_path.get(error.path, none):
            parts[group].errors.append(error)
    for facts in codebase.facts:
        for group in by_path.get(facts.path, none):
            parts[group].facts.append(facts)
    return {
        group: replace(
            codebase,
            modules=tuple(part.modules),
            imports=tuple(part.imports),
            errors=tuple(part.errors),
            facts=tuple(part.facts),
            marked_paths=(),
        )
        for group, part in parts.items()
    }


@dataclass
class _Part:
    modules: list[Module] = field(default_factory=list)
    imports: list[Import] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    facts: list[FileFacts] = field(default_factory=list)


def top_level_groups(
    codebase: Codebase, configured: Mapping[str, Sequence[str]] | None = None
) -> dict[str, frozenset[str]]:
    """Module names by group: each configured group's fnmatch patterns over module names, else
    each top-level package (the first part of the module name)."""
    names = sorted(module.name for module in codebase.modules)
    if configured:
        return {
            group: frozenset(name for name in names if module_matches_any(name, patterns))
            for group, patterns in configured.items()
        }
    grouped: dict[str, set[str]] = {}
    for name in names:
        grouped.setdefault(name.partition(".")[0], set()).add(name)
    return {group: frozenset(members) for group, members in sorted(grouped.items())}


def production_only(codebase: Codebase, test_patterns: Sequence[str]) -> Codebase:
    """The codebase without test modules and migrations: what the score counts."""
    left_out = PathGlobs((*test_patterns, *MIGRATION_PATTERNS))
    # A namespace package's path is its directory.
    kept = {
        module.name
        for module in codebase.modules
        if not left_out.matches(module.path, directory=not module.path.endswith(".py"))
    }
    if len(kept) == len(codebase.modules):
        return codebase
    return restrict(codebase, kept)


def restrict(codebase: Codebase, modules: frozenset[str] | set[str]) -> Codebase:
    """The part of `codebase` that `modules` are: their files, imports, errors and facts."""
    paths = {module.path for module in codebase.modules if module.name in modules}
    return replace(
        codebase,
        modules=tuple(module for module in codebase.modules if module.name in modules),
        imports=tuple(record for record in codebase.imports if record.importer in modules),
        errors=tuple(error for error in codebase.errors if error.path in paths),
        facts=tuple(facts for facts in codebase.facts if facts.path in paths),
        marked_paths=tuple(path for path in codebase.marked_paths if path in paths),
    )


def effective_weight(weight: float, items: int | None) -> float:
    """The weight a criterion measured on `items` things carries: shrunk under MINIMUM_ITEMS."""
    if items is None:
        return 0.0
    return weight * min(1.0, items / MINIMUM_ITEMS)


def _criteria(
    given: ScoreInput, weights: Mapping[str, float]
) -> tuple[float | None, tuple[Criterion, ...]]:
    criteria: list[Criterion] = []
    for criterion_id, title, measure in _CRITERIA:
        configured = _CONFIGURED_ONLY.get(criterion_id)
        if configured is not None and not configured(given):
            continue
        weight = weights.get(criterion_id, DEFAULT_WEIGHTS[criterion_id])
        rules = RULES_BY_CRITERION[criterion_id]
        if given.selected is not None and not any(code in given.selected for code in rules):
            result = _Measure(None, f"not measured (rule ignored): {', '.join(rules)} deselected")
        else:
            result = measure(given)
        effective = effective_weight(weight, result.items) if result.score is not None else 0.0
        detail = result.detail
        if result.score is not None and result.items is not None and result.items < MINIMUM_ITEMS:
            detail = (
                f"{detail} (only {result.items}, under {MINIMUM_ITEMS}: "
                f"weight {weight:g} counts as {effective:.2g})"
            )
        criteria.append(
            Criterion(
                id=criterion_id,
                title=title,
                score=result.score,
                weight=weight,
                measured=result.score is not None,
                detail=detail,
                items=result.items if result.score is not None else None,
                effective_weight=round(effective, 3),
            )
        )
    counted = [c for c in criteria if c.measured and c.effective_weight > 0]
    total_weight = sum(c.effective_weight for c in counted)
    overall = (
        round(sum((c.score or 0.0) * c.effective_weight for c in counted) / total_weight, 1)
        if total_weight
        else None
    )
    return overall, tuple(criteria)
