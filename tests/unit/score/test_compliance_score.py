"""The compliance score: exact numbers for criteria with known ratios."""

from __future__ import annotations

from importmap.domain import Codebase, Cycle, Import, Module
from importmap.file_facts import Call, FileFacts
from importmap.score import (
    DEFAULT_WEIGHTS,
    MINIMUM_ITEMS,
    ScoreInput,
    compute_score,
    effective_weight,
    score_groups,
    top_level_groups,
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


def _given(**extra: object) -> ScoreInput:
    cycles = (Cycle(("app.m0", "app.m1"), eager=True, chain=()),)
    return ScoreInput(
        codebase=CODEBASE,
        cycles=cycles,
        unsorted_paths=frozenset({"app/m0.py", "app/m1.py", "app/m2.py"}),
        lint_paths=frozenset({"app/m4.py"}),
        services=find_service_use(CODEBASE),
        heavy_sites=(2, 4),
        **extra,  # type: ignore[arg-type]
    )


def test_each_criterion_has_its_known_ratio_over_production_modules() -> None:
    score = compute_score(_given())
    got = {c.id: (c.score, c.items) for c in score.criteria}
    # tests/test_app.py is test code: the score counts the 5 app modules only.
    assert got == {
        "absolute-imports": (80.0, 5),
        "no-wildcard-imports": (80.0, 5),
        "service-locator": (25.0, 4),
        "lazy-heavy-imports": (50.0, 4),
        "import-order": (40.0, 5),
        "import-lint": (80.0, 5),
        "no-cycles": (60.0, 5),
        "singleton-services": (100.0, 1),
    }
    # Every criterion counted fewer than 20 things: each weighs weight * items / 20.
    effective = {c.id: c.effective_weight for c in score.criteria}
    assert effective == {
        "absolute-imports": 0.5,
        "no-wildcard-imports": 0.5,
        "service-locator": 0.2,
        "lazy-heavy-imports": 0.4,
        "import-order": 0.25,
        "import-lint": 0.25,
        "no-cycles": 0.75,
        "singleton-services": 0.05,
    }
    measured = [k for k in got if got[k][0] is not None]
    expected = sum(got[k][0] * effective[k] for k in measured) / sum(effective.values())  # type: ignore[operator]
    assert score.overall == round(expected, 1) == 63.8


def test_a_small_sample_shows_its_count_and_weighs_in_proportion() -> None:
    lazy = next(c for c in compute_score(_given()).criteria if c.id == "lazy-heavy-imports")
    assert lazy.detail == (
        "2 of 4 heavy-module import sites are deferred (only 4, under 20: weight 2 counts as 0.4)"
    )
    assert (effective_weight(2.0, 3), effective_weight(2.0, 20), effective_weight(2.0, 500)) == (
        0.3,
        2.0,
        2.0,
    )
    assert MINIMUM_ITEMS == 20


def test_a_deselected_rule_leaves_its_criterion_out() -> None:
    every = {"IMP001", "IMP002", "IMP102", "IMP103", "IMP104", "IMP105", "IMP106", "IMP201"}
    score = compute_score(_given(selected=frozenset(every - {"IMP104"} | {"IMP301"})))
    order = next(c for c in score.criteria if c.id == "import-order")
    assert (order.measured, order.score, order.effective_weight, order.detail) == (
        False,
        None,
        0.0,
        "not measured (rule ignored): IMP104 deselected",
    )
    # absolute-imports counts IMP101 and IMP102: one of them selected keeps it.
    assert next(c for c in score.criteria if c.id == "absolute-imports").measured
    without_order = compute_score(_given(selected=frozenset(every | {"IMP101", "IMP301"})))
    assert score.overall != without_order.overall
    lint_off = compute_score(_given(selected=frozenset(every - {"IMP105", "IMP106"})))
    assert not next(c for c in lint_off.criteria if c.id == "import-lint").measured


def test_groups_score_each_top_level_package_alone() -> None:
    two = Codebase(
        roots=(".",),
        modules=(module("api.a"), module("api.b"), module("core.c"), module("tests.test_c")),
        imports=(imp("api.a", "api.b", level=1), imp("core.c", "api.a")),
    )
    given = ScoreInput(codebase=two, cycles=(), selected=None)
    groups = top_level_groups(two)
    assert groups == {
        "api": frozenset({"api.a", "api.b"}),
        "core": frozenset({"core.c"}),
        "tests": frozenset({"tests.test_c"}),
    }
    scored = score_groups(given, DEFAULT_WEIGHTS, groups)
    # The tests group is test code only: it has nothing the score counts, and is not shown.
    assert [(g.name, g.overall) for g in scored] == [("api", 85.7), ("core", 100.0)]
    absolute = {g.name: next(c for c in g.criteria if c.id == "absolute-imports") for g in scored}
    assert (absolute["api"].score, absolute["api"].items) == (50.0, 2)
    configured = top_level_groups(two, {"web": ["api.*"], "rest": ["core"]})
    assert configured == {"web": frozenset({"api.a", "api.b"}), "rest": frozenset({"core.c"})}


def test_unmeasured_criteria_are_left_out_of_the_mean_never_counted_as_100() -> None:
    score = compute_score(ScoreInput(codebase=CODEBASE, cycles=()))
    unmeasured = {c.id: c.detail for c in score.criteria if not c.measured}
    assert unmeasured == {
        "lazy-heavy-imports": "not measured: needs the heavy-import analysis (IMP201)",
        "import-order": "not measured: the import-order check (IMP104) did not run",
        "import-lint": "not measured: ruff's F401/F811 (IMP105/IMP106) did not run",
        "service-locator": (
            "not measured: no service-locator configured and no ServiceRegistry found"
        ),
        "singleton-services": "not measured: no service locator",
    }
    # absolute 80 (w2), wildcards 80 (w2), cycles 100 (w3), each on 5 of the 20 items.
    assert score.overall == round((80 * 0.5 + 80 * 0.5 + 100 * 0.75) / 1.75, 1)


def test_weights_are_configurable_and_zero_weight_drops_a_criterion() -> None:
    weights = dict.fromkeys(DEFAULT_WEIGHTS, 0.0) | {"no-wildcard-imports": 1.0}
    score = compute_score(ScoreInput(codebase=CODEBASE, cycles=()), weights)
    assert score.overall == 80.0
