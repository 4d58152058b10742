"""The compliance score: one criterion per line of the audit's import-consistency criteria."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch

from importmap.domain import Codebase, Criterion, Cycle, Score
from importmap.heavy.sites import lazy_heavy_sites

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


@dataclass(frozen=True)
class _Measure:
    score: float | None
    detail: str


def is_test_path(path: str, patterns: Sequence[str]) -> bool:
    name = path.rpartition("/")[2]
    return any(fnmatch(path, pattern) or fnmatch(name, pattern) for pattern in patterns)


def _share(good: int, total: int, what: str) -> _Measure:
    if total == 0:
        return _Measure(None, f"no {what} to measure")
    return _Measure(round(100.0 * good / total, 1), f"{good} of {total} {what}")


def _absolute_imports(given: ScoreInput) -> _Measure:
    files = _module_paths(given.codebase)
    relative = {record.path for record in given.codebase.imports if record.relative}
    return _share(len(files - relative), len(files), "modules use absolute imports only")


def _no_wildcards(given: ScoreInput) -> _Measure:
    production = {
        p for p in _module_paths(given.codebase) if not is_test_path(p, given.test_patterns)
    }
    wildcard = {r.path for r in given.codebase.imports if r.wildcard and r.path in production}
    return _share(
        len(production - wildcard), len(production), "production modules have no wildcard import"
    )


def _no_cycles(given: ScoreInput) -> _Measure:
    names = {module.name for module in given.codebase.modules}
    in_cycle = {name for cycle in given.cycles if cycle.eager for name in cycle.modules}
    return _share(len(names - in_cycle), len(names), "modules are in no import-time cycle")


def _not_yet(rule: str) -> Callable[[ScoreInput], _Measure]:
    def measure(_: ScoreInput) -> _Measure:
        return _Measure(None, f"not measured: needs {rule}, which this version does not run")

    return measure


def _module_paths(codebase: Codebase) -> set[str]:
    return {module.path for module in codebase.modules if module.path.endswith(".py")}


_CRITERIA: tuple[tuple[str, str, Callable[[ScoreInput], _Measure]], ...] = (
    ("absolute-imports", "All imports follow the absolute path convention", _absolute_imports),
    ("no-wildcard-imports", "No wildcard imports in production code", _no_wildcards),
    ("service-locator", "Consistent service instantiation via service locator", _not_yet("IMP301")),
    (
        "lazy-heavy-imports",
        "Heavy dependencies use lazy loading",
        lambda given: _share(*lazy_heavy_sites(given.codebase), "heavy-module imports deferred"),
    ),
    ("import-order", "Import order consistent across all files", _not_yet("IMP104")),
    ("import-lint", "Automated linting passes on entire codebase", _not_yet("IMP105/IMP106")),
    ("no-cycles", "No circular import dependencies", _no_cycles),
    ("singleton-services", "Service locator provides singleton instances", _not_yet("IMP301")),
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
                weight=weights.get(criterion_id, 0.0),
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
