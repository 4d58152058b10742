"""The compliance score: exact numbers for criteria with known ratios."""

from __future__ import annotations

from fnmatch import fnmatch

from importmap.domain import Codebase, Cycle, Import, Module
from importmap.file_facts import Call, FileFacts
from importmap.score import (
    DEFAULT_TEST_PATTERNS,
    DEFAULT_WEIGHTS,
    ScoreInput,
    compute_score,
    is_test_path,
)
from importmap.services import find_service_use


def module(name: str) -> Module:
    return Module(name, name.replace(".", "/") + ".py", False)


MODULES = tuple(module(f"app.m{i}") for i in range(5)) + (module("tests.test_app"),)


def imp(importer: str, imported: str, **extra: object) -> Import:
    path = importer.replace(".", "/") + ".py"
    return Import(importer, 1, 1, imported, "import x", path, **extra)  # type: ignore[arg-type]


CODEBASE = Codebase(
    roots=(".",),
    modules=MODULES,
    imports=(
        imp("app.m0", "app.m1", level=1),  # 1 of 6 modules uses a relative import
        imp("app.m1", "app.m2", wildcard=True),  # 1 of 5 production modules uses a wildcard
        imp("tests.test_app", "app.m1", wildcard=True),  # test code: does not count
    ),
    facts=(
        FileFacts("app/m3.py", "app.m3", classes=("ServiceRegistry", "JobService")),
        FileFacts(
            "app/m4.py",
            "app.m4",
            calls=(
                Call("JobService", 3, 1, "", (), stored=False),
                Call("JobService", 4, 1, "run", (), stored=False),
                Call("JobService", 5, 1, "run", (), stored=False),
            ),
        ),
        FileFacts(
            "app/m3.py",
            "app.m3",
            calls=(Call("JobService", 9, 1, "ServiceRegistry.jobs", ("functools.cache",), False),),
        ),
    ),
)


def test_each_criterion_has_its_known_ratio() -> None:
    cycles = (Cycle(("app.m0", "app.m1"), eager=True, chain=()),)
    given = ScoreInput(
        codebase=CODEBASE,
        cycles=cycles,
        unsorted_paths=frozenset({"app/m0.py", "app/m1.py", "app/m2.py"}),
        lint_paths=frozenset({"app/m4.py"}),
        services=find_service_use(CODEBASE),
        heavy_sites=(2, 4),
    )
    score = compute_score(given)
    got = {c.id: (c.score, c.measured) for c in score.criteria}
    assert got == {
        "absolute-imports": (83.3, True),
        "no-wildcard-imports": (80.0, True),
        "service-locator": (25.0, True),
        "lazy-heavy-imports": (50.0, True),
        "import-order": (50.0, True),
        "import-lint": (83.3, True),
        "no-cycles": (66.7, True),
        "singleton-services": (100.0, True),
    }
    expected = sum(got[k][0] * w for k, w in DEFAULT_WEIGHTS.items()) / sum(
        DEFAULT_WEIGHTS.values()
    )
    assert score.overall == round(expected, 1) == 68.1


def test_unmeasured_criteria_are_left_out_of_the_mean_never_counted_as_100() -> None:
    score = compute_score(ScoreInput(codebase=CODEBASE, cycles=()))
    unmeasured = {c.id: c.detail for c in score.criteria if not c.measured}
    assert unmeasured == {
        "lazy-heavy-imports": "not measured: needs the heavy-import analysis (IMP201)",
        "import-order": "not measured: the import-order check (IMP104) did not run",
        "import-lint": "not measured: IMP105/IMP106 did not run",
        "service-locator": (
            "not measured: no service-locator configured and no ServiceRegistry found"
        ),
        "singleton-services": "not measured: no service locator",
    }
    # absolute 83.3 (w2), wildcards 80 (w2), cycles 100 (w3).
    assert score.overall == round((83.3 * 2 + 80 * 2 + 100 * 3) / 7, 1)


def test_weights_are_configurable_and_zero_weight_drops_a_criterion() -> None:
    weights = dict.fromkeys(DEFAULT_WEIGHTS, 0.0) | {"no-wildcard-imports": 1.0}
    score = compute_score(ScoreInput(codebase=CODEBASE, cycles=()), weights)
    assert score.overall == 80.0


def test_test_paths_are_those_fnmatch_matches() -> None:
    paths = [
        "tests/a.py",
        "a/tests/b.py",
        "test_x.py",
        "a/b/test_y.py",
        "x_test.py",
        "a/conftest.py",
        "a/b.py",
        "testsx/a.py",
        "tests",
        "a\nb/tests/c.py",
        "a/b_test.pyx",
    ]
    for patterns in (DEFAULT_TEST_PATTERNS, ("*.py",), (), ("[ab]*", "?/x", "a\\*")):
        for path in paths:
            name = path.rpartition("/")[2]
            expected = any(fnmatch(path, p) or fnmatch(name, p) for p in patterns)
            assert is_test_path(path, patterns) == expected, (path, patterns)
