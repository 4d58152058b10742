"""The compliance score: one criterion per line of the audit's import-consistency criteria.

Each criterion is a share (0-100) of the things it counts that comply. A criterion that does not
apply or cannot be measured has `measured: false`, says why, and is left out of the mean:

    overall = sum(score_i * weight_i) / sum(weight_i)   over measured criteria with weight_i > 0

The default weights are DEFAULT_WEIGHTS; `[tool.importmap.weights]` overrides them per criterion.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from importmap.domain import Codebase, Criterion, Cycle, Score
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
}
CRITERION_IDS: tuple[str, ...] = tuple(DEFAULT_WEIGHTS)

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


@dataclass(frozen=True)
class _Measure:
    score: float | None
    detail: str


def is_test_path(path: str, patterns: Sequence[str]) -> bool:
    name = path.rpartition("/")[2]
    matches = _any_of(tuple(patterns))
    return (
        matches(os.path.normcase(path)) is not None or matches(os.path.normcase(name)) is not None
    )


@lru_cache(maxsize=16)
def _any_of(patterns: tuple[str, ...]) -> Callable[[str], re.Match[str] | None]:
    """One expression for the patterns: `fnmatch` matches each against a translation of it."""
    alternatives = "|".join(f"(?:{fnmatch.translate(os.path.normcase(p))})" for p in patterns)
    return re.compile(alternatives or "(?!)").match


def _share(good: int, total: int, what: str, of: str = "") -> _Measure:
    """`good` of `total` as a score; `of` names what is counted when there is nothing to count."""
    if total == 0:
        return _Measure(None, f"not measured: no {of or what}")
    return _Measure(round(100.0 * good / total, 1), f"{good} of {total} {what}")


def _absolute_imports(given: ScoreInput) -> _Measure:
    files = _module_paths(given.codebase)
    relative = {record.path for record in given.codebase.imports if record.relative}
    return _share(len(files - relative), len(files), "modules use absolute imports only", "modules")


def _no_wildcards(given: ScoreInput) -> _Measure:
    production = {
        p for p in _module_paths(given.codebase) if not is_test_path(p, given.test_patterns)
    }
    wildcard = {r.path for r in given.codebase.imports if r.wildcard and r.path in production}
    return _share(
        len(production - wildcard),
        len(production),
        "production modules have no wildcard import",
        "production modules",
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
    return _Measure(measure.score, f"{measure.detail} ({services.assumption})")


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
    return _share(
        len(files - given.unsorted_paths), len(files), "files have sorted imports", "files"
    )


def _import_lint(given: ScoreInput) -> _Measure:
    if given.lint_paths is None:
        return _Measure(None, "not measured: IMP105/IMP106 did not run")
    files = _module_paths(given.codebase)
    return _share(
        len(files - given.lint_paths),
        len(files),
        "files have no unused or duplicate import",
        "files",
    )


def _no_cycles(given: ScoreInput) -> _Measure:
    names = {module.name for module in given.codebase.modules}
    in_cycle = {name for cycle in given.cycles if cycle.eager for name in cycle.modules}
    return _share(
        len(names - in_cycle), len(names), "modules are in no import-time cycle", "modules"
    )


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
)


def compute_score(given: ScoreInput, weights: Mapping[str, float] = DEFAULT_WEIGHTS) -> Score:
    criteria: list[Criterion] = []
    for criterion_id, title, measure in _CRITERIA:
        result = measure(given)
        criteria.append(
            Criterion(
                id=criterion_id,
                title=title,
                score=result.score,
                weight=weights.get(criterion_id, DEFAULT_WEIGHTS[criterion_id]),
                measured=result.score is not None,
                detail=result.detail,
            )
        )
    counted = [c for c in criteria if c.measured and c.weight > 0]
    total_weight = sum(c.weight for c in counted)
    overall = (
        round(sum((c.score or 0.0) * c.weight for c in counted) / total_weight, 1)
        if total_weight
        else None
    )
    return Score(overall=overall, criteria=tuple(criteria))
