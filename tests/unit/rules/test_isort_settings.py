"""A project's isort settings reach ruff's import-order check."""

from __future__ import annotations

from pathlib import Path

import pytest

from importmap.adapters.isort_settings import ruff_overrides_for_isort
from importmap.adapters.ruff_sorter import RuffSorter
from importmap.errors import ImportmapError
from tests.conftest import MakeTree


def test_setup_cfg_isort_settings_become_ruff_overrides(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "setup.cfg": (
                "[isort]\nprofile = black\nforce_single_line = True\n"
                "known_first_party = app, lib\nline_length = 88\nno_lines_before = LOCALFOLDER\n"
            ),
            "app/__init__.py": "",
        }
    )
    assert ruff_overrides_for_isort(root / "app") == (
        "--config",
        "lint.isort.force-single-line = true",
        "--config",
        'lint.isort.known-first-party = ["app", "lib"]',
        "--config",
        "line-length = 88",
        "--config",
        'lint.isort.no-lines-before = ["local-folder"]',
    )


def test_a_ruff_configuration_wins_over_isort(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "pyproject.toml": (
                "[tool.ruff]\nline-length = 100\n[tool.isort]\nforce_single_line = true\n"
            ),
            "app/__init__.py": "",
        }
    )
    assert ruff_overrides_for_isort(root / "app") == ()


def test_isort_force_single_line_is_honoured_by_the_check(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "pyproject.toml": "[tool.isort]\nforce_single_line = true\n",
            "app/__init__.py": "",
            "app/m.py": "from os import path, sep\n",
        }
    )
    blocks = RuffSorter().unsorted([root / "app/__init__.py", root / "app/m.py"])
    assert [(Path(b.path).name, b.line) for b in blocks] == [("m.py", 1)]


def test_ruff_is_given_and_reports_each_file_with_its_links_resolved(
    make_tree: MakeTree,
) -> None:
    unsorted = "from os import path, sep\n"
    root = make_tree(
        {
            "pyproject.toml": "[tool.isort]\nforce_single_line = true\n",
            "real/app/__init__.py": "",
            **{f"real/app/{name}.py": unsorted for name in ("m", "n", "t", "u")},
        }
    )
    (root / "linked").symlink_to(root / "real")
    (root / "real/app/alias.py").symlink_to(root / "real/app/t.py")
    files = [
        root / "linked/app/m.py",
        root / "linked/../real/app/n.py",
        root / "real/app/alias.py",
        root / "linked/app/../app/u.py",
    ]
    blocks = RuffSorter().unsorted(files)
    assert [str(b.path) for b in blocks] == sorted(str(path.resolve()) for path in files)
    assert [Path(b.path).name for b in blocks] == ["m.py", "n.py", "t.py", "u.py"]


def test_files_beyond_one_run_are_checked_in_runs_started_together(make_tree: MakeTree) -> None:
    unsorted = "import sys\nimport os\n"
    root = make_tree(
        {f"app/m{index:04d}.py": unsorted if index % 250 == 0 else "" for index in range(1201)}
    )
    blocks = RuffSorter().unsorted(sorted((root / "app").glob("*.py"), reverse=True))
    assert [Path(b.path).name for b in blocks] == [
        f"m{index:04d}.py" for index in range(0, 1201, 250)
    ]


def test_a_ruff_that_cannot_run_is_an_error(make_tree: MakeTree) -> None:
    root = make_tree({"app/m.py": "import os\n"})
    with pytest.raises(ImportmapError, match="cannot run ruff: "):
        RuffSorter(executable=[str(root / "no-such-ruff")]).unsorted([root / "app/m.py"])
