"""The `check` use case in-process: a tiny tree on disk, the real analysis, an outcome cache
and git in memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from importmap.adapters.check_fingerprint import CheckInputs, fingerprint
from importmap.adapters.check_outcomes import Recalled
from importmap.adapters.files import read_source, read_text
from importmap.adapters.outcome_cache import CheckOutcome
from importmap.analysis import AnalysisRequest, analyze
from importmap.errors import ImportmapError
from importmap.result import Report
from importmap.usecases.check import CheckAdapters, CheckRequest, CheckResult, run_check
from importmap.usecases.inputs import Scope
from tests.conftest import MakeTree

CYCLE = {
    "app/__init__.py": "",
    "app/a.py": "from app.b import B\n\n\nclass A(B):\n    pass\n",
    "app/b.py": "from app.a import A\n\n\nclass B:\n    def f(self):\n        return A\n",
    "app/c.py": "import os\n\nX = os\n",
}
APP = Scope(paths=(Path("app"),))
EMPTY_BASELINE = '{"importmap_baseline": 1, "entries": []}\n'
# What `render_baseline` writes for no entries.
EMPTY_BASELINE_RENDERED = '{\n  "importmap_baseline": 1,\n  "entries": []\n}\n'


class MemoryOutcomes:
    """Outcomes by key, in memory; `given` answers the next recall."""

    def __init__(self, given: CheckOutcome | None = None) -> None:
        self.given = given
        self.asked: list[CheckInputs] = []
        self.kept: list[CheckOutcome] = []

    def recall(self, inputs: CheckInputs) -> Recalled:
        self.asked.append(inputs)
        return Recalled(fingerprint(inputs), self.given)

    def keep(self, recalled: Recalled, outcome: CheckOutcome, text_read: frozenset[str]) -> None:
        self.kept.append(outcome)


class ChangedFiles:
    def __init__(self, changed: frozenset[str]) -> None:
        self.changed = changed

    def changed_since(self, rev: str) -> frozenset[str]:
        return self.changed


def adapters(
    outcomes: MemoryOutcomes | None, changed: frozenset[str] = frozenset()
) -> CheckAdapters:
    def analyse(request: AnalysisRequest) -> Report:
        return analyze(request)

    return CheckAdapters(
        read_text=read_text,
        read_source=read_source,
        analyse=analyse,
        changed_files=lambda base_dir: ChangedFiles(changed),
        outcomes=None if outcomes is None else (lambda directory: outcomes),
    )


@pytest.fixture
def project(make_tree: MakeTree, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_tree(CYCLE)
    monkeypatch.chdir(root)
    return root


def test_a_fresh_run_gates_renders_and_keeps_the_outcome_under_the_request(
    project: Path,
) -> None:
    outcomes = MemoryOutcomes()
    request = CheckRequest(APP, select=("IMP0",))
    result = run_check(request, adapters(outcomes))
    assert not result.passed
    assert result.gate is not None
    assert [(f.code, f.path, f.line) for f in result.gate.failing] == [("IMP001", "app/a.py", 1)]
    assert result.rendered.startswith("app/a.py:1:1: IMP001 ")
    assert outcomes.kept == [CheckOutcome(result.rendered, 1)]
    # The request is the options' part of the key; IMP900 joins what `select` names.
    assert [asked.options for asked in outcomes.asked] == [request]
    assert outcomes.asked[0].settings.selection.select == ("IMP0", "IMP900")
    assert (result.baseline_text, result.notices) == (None, ())


def test_a_recalled_outcome_is_replayed_without_analysing(project: Path) -> None:
    outcomes = MemoryOutcomes(CheckOutcome("kept output\n", 0))

    def no_analysis(request: AnalysisRequest) -> Report:
        raise AssertionError("a replay must not analyse")

    given = adapters(outcomes)
    replaying = CheckAdapters(
        given.read_text, given.read_source, no_analysis, given.changed_files, given.outcomes
    )
    result = run_check(CheckRequest(APP), replaying)
    assert result == CheckResult("kept output\n", passed=True)
    assert outcomes.kept == []


def test_equal_options_are_one_key_and_any_other_option_another() -> None:
    one = CheckRequest(APP, fail_on=("IMP001",))
    assert one == CheckRequest(APP, fail_on=("IMP001",))
    assert hash(one) == hash(CheckRequest(APP, fail_on=("IMP001",)))
    assert one != CheckRequest(APP, fail_on=("IMP001",), show_all=True)


def test_update_baseline_returns_the_new_baseline_and_never_replays(project: Path) -> None:
    (project / "baseline.json").write_text(EMPTY_BASELINE, encoding="utf-8")
    outcomes = MemoryOutcomes(CheckOutcome("stale\n", 0))
    request = CheckRequest(APP, baseline=Path("baseline.json"), update_baseline=True)
    result = run_check(request, adapters(outcomes))
    assert outcomes.asked == [] and outcomes.kept == []
    assert result.baseline_text == EMPTY_BASELINE_RENDERED
    assert not result.passed
    # Nothing is written by the use case: the caller writes the baseline.
    assert (project / "baseline.json").read_text(encoding="utf-8") == EMPTY_BASELINE


def test_update_baseline_without_a_baseline_is_a_usage_error(project: Path) -> None:
    with pytest.raises(ImportmapError, match="^--update-baseline needs --baseline FILE$"):
        run_check(CheckRequest(update_baseline=True), adapters(None))


def test_pr_mode_reports_only_changed_files_and_says_what_it_left_out(project: Path) -> None:
    outcomes = MemoryOutcomes()
    request = CheckRequest(APP, diff_base="main", output_format="json")
    result = run_check(request, adapters(outcomes, frozenset({"app/c.py"})))
    assert outcomes.asked == []
    assert result.passed
    assert result.gate is not None and result.gate.findings == ()
    assert result.notices == (
        "importmap: PR mode: 1 file(s) changed since main; 1 finding(s) elsewhere not reported",
    )
    assert '"passed": true' in result.rendered


def test_the_gate_asks_the_configured_selection(
    make_tree: MakeTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_tree(
        {
            "pyproject.toml": '[tool.importmap]\nselect = ["IMP0"]\n',
            "app/__init__.py": "",
            "app/a.py": "from . import b  # importmap: ignore[IMP101]\n",
            "app/b.py": "X = 1\n",
        }
    )
    monkeypatch.chdir(root)
    result = run_check(CheckRequest(APP, output_format="json"), adapters(None))
    assert result.gate is not None
    # IMP101 did not run: its suppression cannot be called unused.
    assert result.gate.unused_suppressions == ()
    assert '"select": [\n      "IMP0",\n      "IMP900"\n    ],' in result.rendered
