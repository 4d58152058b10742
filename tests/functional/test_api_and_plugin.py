"""The public API (`importmap.analyze`, `importmap.check`) and the pytest plugin, on real trees."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import importmap
from tests.conftest import MakeTree

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "backend"
CYCLE = {
    "app/__init__.py": "",
    # b reads A from a while a is half-initialised: `import app.a` raises ImportError.
    "app/a.py": "from app.b import B\n\n\nclass A(B):\n    pass\n",
    "app/b.py": "from app.a import A\n\n\nclass B:\n    def f(self):\n        return A\n",
    "app/c.py": "from . import a\n\n\ndef h():\n    return a\n",
}


def test_analyze_and_check_return_what_the_commands_compute(make_tree: MakeTree) -> None:
    root = make_tree(CYCLE)
    report = importmap.analyze("app", base_dir=root, cache=False)
    assert sorted((f.code, f.path, f.line) for f in report.findings) == [
        ("IMP001", "app/a.py", 1),
        ("IMP101", "app/c.py", 1),
    ]
    assert [cycle.modules for cycle in report.cycles] == [("app.a", "app.b")]
    verdict = importmap.check("app", base_dir=root, cache=False)
    assert not verdict.passed
    assert [(f.code, f.path, f.line) for f in verdict.failing] == [("IMP001", "app/a.py", 1)]
    assert importmap.check("app", base_dir=root, fail_on=["IMP9"], cache=False).passed
    assert importmap.check("app", base_dir=root, ignore=["IMP001"], cache=False).passed


@pytest.mark.e2e
def test_importing_importmap_loads_no_analysis() -> None:
    code = (
        "import sys, importmap; "
        "print(sorted(m for m in sys.modules if m.startswith('importmap')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "['importmap', 'importmap.version']"


def run_pytest(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def outcomes(stdout: str) -> list[str]:
    return sorted(
        line.split(" - ")[0]
        for line in stdout.splitlines()
        if line.startswith(("PASSED ", "FAILED ", "ERROR "))
    )


def example_copy(tmp_path: Path) -> Path:
    """The example project, copied: the plugin's scan cache is written where the project is, and
    two workers may run the example at once."""
    copy = tmp_path / "backend"
    shutil.copytree(
        EXAMPLE, copy, ignore=shutil.ignore_patterns("__pycache__", ".importmap_cache")
    )
    return copy


@pytest.mark.e2e
def test_the_example_s_import_consistency_tests_fail_where_the_example_breaks_the_criteria(
    tmp_path: Path,
) -> None:
    result = run_pytest(example_copy(tmp_path), "tests/test_import_consistency.py")
    assert result.returncode == 1, result.stdout + result.stderr
    assert outcomes(result.stdout) == [
        "FAILED tests/test_import_consistency.py::test_absolute_imports_only",
        "FAILED tests/test_import_consistency.py::test_no_import_cycles",
        "FAILED tests/test_import_consistency.py::test_no_wildcard_imports",
        "PASSED tests/test_import_consistency.py::test_score_is_at_least_70",
    ]
    assert (
        "src/routes/jobs.py:1:1: IMP103 wildcard import 'from src.models import *'"
        in result.stdout
    )
    assert "src/models/job.py:3:1: IMP001 " in result.stdout


@pytest.mark.e2e
def test_pytest_importmap_turns_the_gate_into_test_items(tmp_path: Path) -> None:
    result = run_pytest(example_copy(tmp_path), "--importmap", "-k", "importmap")
    assert result.returncode == 1, result.stdout + result.stderr
    # The example's pyproject.toml bans db.session.commit() outside its helper (IMP501), and its
    # layers contract is broken by the import that makes the import-time cycle (IMP401).
    assert outcomes(result.stdout) == [
        "FAILED ::importmap::src/main.py:12:IMP501",
        "FAILED ::importmap::src/models/job.py:3:IMP001",
        "FAILED ::importmap::src/models/job.py:3:IMP401",
        "FAILED ::importmap::src/services/job_service.py:14:IMP501",
        "FAILED ::importmap::src/services/job_service.py:8:IMP501",
        "FAILED ::importmap::src/tasks/utils.py:15:IMP501",
        "FAILED ::importmap::src/tasks/utils.py:9:IMP501",
    ]
    assert "\nsrc/models/job.py:3:1: IMP001 " in result.stdout


@pytest.mark.e2e
def test_pytest_importmap_on_a_clean_tree_is_one_passing_item(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/a.py": "import os\n",
            "tests/test_nothing.py": "def test_nothing():\n    pass\n",
            "pyproject.toml": "[tool.pytest.ini_options]\nimportmap_paths = ['app']\n",
        }
    )
    result = run_pytest(root, "--importmap")
    assert result.returncode == 0, result.stdout + result.stderr
    assert outcomes(result.stdout) == [
        "PASSED ::importmap::gate",
        "PASSED tests/test_nothing.py::test_nothing",
    ]


def test_check_reports_an_unreadable_file_whatever_select_says_as_the_command_does(
    make_tree: MakeTree,
) -> None:
    root = make_tree({"app/__init__.py": "", "app/a.py": "def broken(:\n"})
    verdict = importmap.check("app", base_dir=root, select=["IMP001"], cache=False)
    assert [(f.code, f.path) for f in verdict.failing] == [("IMP900", "app/a.py")]
    assert verdict.settings.select == ("IMP001", "IMP900")
    ignored = importmap.check(
        "app", base_dir=root, select=["IMP001"], ignore=["IMP900"], cache=False
    )
    assert ignored.passed
