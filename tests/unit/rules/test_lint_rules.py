"""IMP105 unused-import and IMP106 duplicate-import: ruff's F401 and F811, under importmap codes.

Each tree is also checked by ruff itself, run the way a project runs it: importmap must report
the same files and lines, with the project's configuration applied.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from importmap.adapters.ruff_sorter import RuffSorter, _ruff_command
from importmap.analysis import AnalysisRequest, analyze
from importmap.result import Report
from tests.conftest import MakeTree


def report_of(root: Path, *paths: str) -> Report:
    chosen = tuple(root / path for path in paths) or (root,)
    return analyze(AnalysisRequest(paths=chosen, base_dir=root, sorter=RuffSorter()))


def found(root: Path, code: str, *paths: str) -> list[tuple[str, int, int]]:
    return [(f.path, f.line, f.column) for f in report_of(root, *paths).findings if f.code == code]


def ruff_says(root: Path, code: str) -> list[tuple[str, int, int]]:
    """What `ruff check --select CODE` run in `root` reports, as the project would run it."""
    completed = subprocess.run(
        [*_ruff_command(), "check", "--select", code, "--output-format", "json", "--no-cache"],
        cwd=root,
        capture_output=True,
        check=False,
    )
    return sorted(
        (
            Path(item["filename"]).relative_to(root).as_posix(),
            item["location"]["row"],
            item["location"]["column"],
        )
        for item in json.loads(completed.stdout)
    )


def test_unused_imports_are_ruffs_with_the_issues_false_positives_gone(
    make_tree: MakeTree,
) -> None:
    root = make_tree(
        {
            "pyproject.toml": ('[tool.ruff.lint.per-file-ignores]\n"pkg/ignored.py" = ["F401"]\n'),
            "pkg/__init__.py": "from pkg.a import helper\n",
            "pkg/a.py": (
                "from typing import Union, cast\n"
                "import os\n"
                "from pkg.models import User, App, Job\n"
                "def helper(value: Union['User', 'App']) -> None:\n"
                "    return cast('Job', value)\n"
                "import sys  # noqa: F401\n"
            ),
            "pkg/models.py": "class User: ...\nclass App: ...\nclass Job: ...\n",
            "pkg/whole_file.py": "# ruff: noqa: F401\nimport os\nimport json\n",
            "pkg/ignored.py": "import os\n",
            "pkg/exported.py": "from pkg.models import User, App\n__all__ = ['User']\n",
        }
    )
    assert found(root, "IMP105") == [
        ("pkg/__init__.py", 1, 19),
        ("pkg/a.py", 2, 8),
        ("pkg/exported.py", 1, 30),
    ]
    assert found(root, "IMP105") == ruff_says(root, "F401")


def test_a_finding_says_ruff_decided_it(make_tree: MakeTree) -> None:
    root = make_tree({"pkg/__init__.py": "", "pkg/a.py": "import os\nimport os\n"})
    findings = [f for f in report_of(root).findings if f.code in ("IMP105", "IMP106")]
    assert [(f.code, f.line, f.source, f.message) for f in findings] == [
        ("IMP105", 2, "ruff F401", "`os` imported but unused (ruff F401)"),
        (
            "IMP106",
            2,
            "ruff F811",
            "Redefinition of unused `os` from line 1: `os` redefined here (ruff F811)",
        ),
    ]
    # The key leaves out line numbers, so a baseline survives lines moving.
    assert [f.key for f in findings] == [
        "IMP105:pkg.a:`os` imported but unused",
        "IMP106:pkg.a:Redefinition of unused `os` from line `os` redefined here",
    ]


MUTUALLY_EXCLUSIVE = (
    "import sys\n"
    "try:\n"
    "    import tomllib as toml\n"
    "except ImportError:\n"
    "    import json as toml\n"
    "if sys.platform == 'win32':\n"
    "    import ntpath as paths\n"
    "else:\n"
    "    import posixpath as paths\n"
    "def load(early):\n"
    "    if early:\n"
    "        import json\n"
    "        return json.dumps(1)\n"
    "    import json\n"
    "    return json.dumps(2)\n"
    "print(load(True), load(False), toml.__name__ != '', paths.sep)\n"
)


def test_no_duplicate_on_mutually_exclusive_or_early_return_branches(
    make_tree: MakeTree,
) -> None:
    root = make_tree({"pkg/__init__.py": "", "pkg/branches.py": MUTUALLY_EXCLUSIVE})
    assert found(root, "IMP106") == [] == ruff_says(root, "F811")
    assert found(root, "IMP105") == []


def test_python_needs_the_import_on_the_early_return_branch(make_tree: MakeTree) -> None:
    """Why the re-import is not a duplicate: without it Python raises UnboundLocalError."""
    root = make_tree({"branches.py": MUTUALLY_EXCLUSIVE})
    ran = subprocess.run(
        [sys.executable, "branches.py"], cwd=root, capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0 and ran.stdout.startswith("1 2 True")
    removed = MUTUALLY_EXCLUSIVE.replace("        import json\n        return", "        return")
    (root / "removed.py").write_text(removed)
    broken = subprocess.run(
        [sys.executable, "removed.py"], cwd=root, capture_output=True, text=True, check=False
    )
    assert broken.returncode == 1 and "UnboundLocalError" in broken.stderr


def test_duplicates_are_ruffs_and_honour_noqa_and_per_file_ignores(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "ruff.toml": '[lint.per-file-ignores]\n"pkg/quiet.py" = ["F811"]\n',
            "pkg/__init__.py": "",
            "pkg/a.py": (
                "from json import loads\n"
                "from pickle import loads\n"
                "import os\n"
                "import os  # noqa: F811\n"
                "def f():\n"
                "    import sys, sys\n"
                "    return os, sys, loads\n"
            ),
            "pkg/quiet.py": "import os\nimport os\nprint(os)\n",
        }
    )
    assert found(root, "IMP106") == [("pkg/a.py", 2, 20), ("pkg/a.py", 6, 17)]
    assert found(root, "IMP106") == ruff_says(root, "F811")


def test_the_same_findings_from_the_root_or_the_package(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "pyproject.toml": '[tool.ruff.lint.per-file-ignores]\n"pkg/b.py" = ["F401"]\n',
            "pkg/__init__.py": "",
            "pkg/a.py": "import os\n",
            "pkg/b.py": "import os\n",
        }
    )
    assert found(root, "IMP105", "pkg") == found(root, "IMP105") == [("pkg/a.py", 1, 8)]


def test_without_ruff_the_lint_is_unmeasured_and_said_once(make_tree: MakeTree) -> None:
    root = make_tree({"pkg/__init__.py": "", "pkg/a.py": "import os\n"})
    said: list[str] = []
    report = analyze(
        AnalysisRequest(
            paths=(root,), base_dir=root, sorter=None, sorter_problem="ruff is not installed"
        ),
        warn=said.append,
    )
    assert said == ["ruff is not installed: IMP104, IMP105, IMP106 not checked"]
    assert [f.code for f in report.findings if f.code in ("IMP105", "IMP106")] == []
    by_id = {c.id: c for c in report.score.criteria}
    assert not by_id["import-lint"].measured
    assert "ruff is not installed" in by_id["import-lint"].detail
    assert not by_id["import-order"].measured


def test_a_ruff_that_fails_is_said_once_and_nothing_crashes(make_tree: MakeTree) -> None:
    root = make_tree({"pkg/__init__.py": "", "pkg/a.py": "import os\n"})
    said: list[str] = []
    report = analyze(
        AnalysisRequest(
            paths=(root,), base_dir=root, sorter=RuffSorter(executable=[str(root / "no-ruff")])
        ),
        warn=said.append,
    )
    assert len(said) == 1 and said[0].startswith("cannot run ruff")
    assert said[0].endswith(": IMP104, IMP105, IMP106 not checked")
    assert not {c.id: c for c in report.score.criteria}["import-lint"].measured


@pytest.mark.e2e
def test_a_too_old_ruff_is_said_once_by_the_command_and_nothing_crashes(
    make_tree: MakeTree,
) -> None:
    root = make_tree({"app/__init__.py": "", "app/a.py": "import os\n"})
    # A ruff 0.1.0 installation found before the real one: metadata says what Python would load.
    fake = root / "old-site"
    (fake / "ruff-0.1.0.dist-info").mkdir(parents=True)
    (fake / "ruff-0.1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: ruff\nVersion: 0.1.0\n", encoding="utf-8"
    )
    completed = subprocess.run(
        [sys.executable, "-m", "importmap", "analyze", "app", "-f", "json", "--no-cache",
         "--no-render", "--out", "out"],
        cwd=root, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(fake)},
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == (
        "importmap: warning: ruff 0.1.0 is older than 0.5: IMP104, IMP105, IMP106 not checked\n"
    )
    report = json.loads(completed.stdout)
    assert [f["code"] for f in report["findings"]] == []
    lint = next(c for c in report["score"]["criteria"] if c["id"] == "import-lint")
    assert (lint["measured"], lint["detail"]) == (
        False,
        "not measured: ruff's F401/F811 (IMP105/IMP106) did not run: ruff 0.1.0 is older than 0.5",
    )
