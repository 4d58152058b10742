"""The measurement adapter's schedule and summary, over a runner that replays recorded output."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from importmap.heavy.cache import cache_file, load_cached, store
from importmap.heavy.measure import (
    MARKER,
    Conditions,
    MeasureRequest,
    measure_modules,
)
from importmap.processes import ProcessResult

CONDITIONS = Conditions(
    "/venv/bin/python", "3.11.7", "CPython", "Linux", 2, (("OMP_NUM_THREADS", "1"),)
)


class ReplayRunner:
    """Answers each probe with importtime rows whose cost grows with every call."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(
        self,
        argv: Sequence[str],
        timeout: float,
        *,
        env: Mapping[str, str] | None = None,
        cwd: str | None = None,
    ) -> ProcessResult:
        module = argv[5]
        self.calls.append(module)
        if module == "absent":
            return ProcessResult(0, json.dumps({"missing": True, "error": "No module"}), "")
        if module == "broken":
            return ProcessResult(0, json.dumps({"missing": False, "error": "ValueError: x"}), "")
        cost = 1000 * len(self.calls)
        stderr = "\n".join(
            [
                "import time:       100 |        100 | site",
                MARKER,
                f"import time:        10 |         10 |   {module}.inner",
                f"import time:     {cost} |     {cost + 10} | {module}",
            ]
        )
        return ProcessResult(0, json.dumps({"peak_kb": 2048}), stderr)


def test_one_warm_up_round_then_round_robin_runs() -> None:
    runner = ReplayRunner()
    request = MeasureRequest(python="python", modules=("alpha", "beta"), runs=3)
    progress: list[tuple[int, int]] = []
    result = measure_modules(
        request,
        runner=runner,
        progress=lambda done, total: progress.append((done, total)),
        conditions=(CONDITIONS, {"alpha": "1.0"}),
    )
    assert runner.calls == ["alpha", "beta"] * 4
    assert progress[-1] == (8, 8)
    alpha, beta = result.measured
    # Calls 3, 5, 7 are alpha's measured runs (call 1 was the warm-up).
    assert (alpha.min_ms, alpha.median_ms, alpha.max_ms) == (3.01, 5.01, 7.01)
    assert (alpha.runs, alpha.module_count, alpha.peak_memory_kb) == (3, 2, 2048)
    assert alpha.version == "1.0" and beta.version == ""
    assert result.median_by_module() == {"alpha": 5.01, "beta": 6.01}


def test_missing_and_failing_modules_are_listed_and_not_retried() -> None:
    runner = ReplayRunner()
    request = MeasureRequest(python="python", modules=("absent", "broken", "ok"), runs=2)
    result = measure_modules(request, runner=runner, conditions=(CONDITIONS, {}))
    assert runner.calls.count("absent") == 1 and runner.calls.count("broken") == 1
    assert result.missing == ("absent",)
    assert result.failed == (("broken", "ValueError: x"),)
    assert [m.module for m in result.measured] == ["ok"]


def test_cache_round_trip_per_version_and_runs(tmp_path: Path) -> None:
    runner = ReplayRunner()
    result = measure_modules(
        MeasureRequest("python", ("alpha",), runs=2),
        runner=runner,
        conditions=(CONDITIONS, {"alpha": "1.0"}),
    )
    path = cache_file(tmp_path, CONDITIONS)
    store(path, CONDITIONS, result.measured)
    cached = load_cached(path, {"alpha": "1.0"}, ("alpha",), runs=2)
    assert cached["alpha"].cached and cached["alpha"].median_ms == result.measured[0].median_ms
    assert load_cached(path, {"alpha": "2.0"}, ("alpha",), runs=2) == {}
    assert load_cached(path, {"alpha": "1.0"}, ("alpha",), runs=5) == {}
    other = Conditions("/usr/bin/python3.12", "3.12.1", "CPython", "Linux", 2)
    assert cache_file(tmp_path, other) != path
    again = ReplayRunner()
    reused = measure_modules(
        MeasureRequest("python", ("alpha",), runs=2),
        runner=again,
        cached=cached,
        conditions=(CONDITIONS, {"alpha": "1.0"}),
    )
    assert again.calls == [] and reused.measured == (cached["alpha"],)
