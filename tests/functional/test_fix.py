"""`importmap fix`, run as installed: round trips keep the graph, only import lines change."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import write_tree
from tests.functional.helpers import run_in as importmap

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "backend"

FIXTURES: dict[str, dict[str, str | bytes]] = {
    "init-and-nested": {
        "app/__init__.py": "from .core import run\n\n__all__ = ['run']\n",
        "app/core.py": "def run(): ...\n",
        "app/sub/__init__.py": "from . import leaf\n",
        "app/sub/leaf.py": "from ..core import run as go  # comment stays\n",
        "app/sub/deep/__init__.py": "",
        "app/sub/deep/mod.py": (
            "import os\n"
            "from ...core import (\n"
            "    run,\n"
            ")\n"
            "\n"
            "\n"
            "def later():\n"
            "    from ..leaf import go\n"
            "    return go, run, os\n"
        ),
    },
    "type-checking-and-lazy": {
        "lib/__init__.py": "",
        "lib/a.py": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n"
            "    from .b import B\n"
            "try:\n"
            "    from .b import B as Real\n"
            "except ImportError:\n"
            "    Real = None\n"
        ),
        "lib/b.py": "class B: ...\n",
    },
}


def edges(cwd: Path, target: str) -> set[tuple[str, str, str]]:
    result = importmap(cwd, "analyze", target, "--format", "json", "--out", str(cwd / ".out"))
    report = json.loads(result.stdout)
    return {(i["importer"], i["imported"], i["context"]) for i in report["imports"]}


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*.py"))
        if ".out" not in p.parts
    }


def assert_round_trip(root: Path, target: str) -> None:
    before_edges = edges(root, target)
    before = snapshot(root)
    result = importmap(root, "fix", target, "--no-sort")
    assert result.returncode == 0, result.stdout + result.stderr
    after = snapshot(root)
    assert edges(root, target) == before_edges
    assert set(after) == set(before)
    for name, content in after.items():
        compile(content, name, "exec")
        old_lines = before[name].decode("latin-1").splitlines()
        new_lines = content.decode("latin-1").splitlines()
        assert len(old_lines) == len(new_lines)
        for old, new in zip(old_lines, new_lines, strict=True):
            if old != new:
                assert old.lstrip().startswith(("from .", "lazy from .")), old
                assert new.lstrip().startswith(("from ", "lazy from ")), new
                assert new.split(" import ", 1)[1] == old.split(" import ", 1)[1]
    report = json.loads(importmap(root, "analyze", target, "-f", "json", "--out", ".out").stdout)
    assert [f for f in report["findings"] if f["code"] == "IMP101"] == []


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_round_trip_on_each_fixture(tmp_path: Path, name: str) -> None:
    write_tree(tmp_path, FIXTURES[name])
    assert_round_trip(tmp_path, ".")


def test_round_trip_on_the_example(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE / "src", tmp_path / "src")
    assert_round_trip(tmp_path, "src")
    assert (tmp_path / "src/utils/security_middleware.py").read_text().splitlines()[0] == (
        "from src.utils import security_utils"
    )


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    write_tree(tmp_path, FIXTURES["init-and-nested"])
    before = snapshot(tmp_path)
    result = importmap(tmp_path, "fix", ".", "--diff")
    assert result.returncode == 0, result.stderr
    assert snapshot(tmp_path) == before
    assert "--- a/app/__init__.py\n+++ b/app/__init__.py\n" in result.stdout
    assert "-from .core import run\n+from app.core import run\n" in result.stdout
    assert "+from app.core import run as go  # comment stays\n" in result.stdout


def test_crlf_latin1_cookie_and_file_mode_survive(tmp_path: Path) -> None:
    original = b"# -*- coding: latin-1 -*-\r\nNAME = '\xe9t\xe9'\r\nfrom .core import run\r\n"
    write_tree(tmp_path, {"app/__init__.py": "", "app/core.py": "run = 1\n", "app/m.py": original})
    (tmp_path / "app/m.py").chmod(0o640)
    result = importmap(tmp_path, "fix", ".")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "fixed: app/m.py\n"
    assert (tmp_path / "app/m.py").read_bytes() == original.replace(b"from .core", b"from app.core")
    assert (tmp_path / "app/m.py").stat().st_mode & 0o777 == 0o640


def test_unfixable_findings_are_listed_and_exit_1(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"app/__init__.py": "from .a import x\n", "app/a.py": "from ...up import y\nx = 1\n"},
    )
    result = importmap(tmp_path, "fix", ".")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "fixed: app/__init__.py",
        "app/a.py:1:1: IMP102 'from ...up import y' climbs 3 level(s) from app.a, above its "
        "top-level package: it fails at import time (not fixed)",
    ]


def test_select_imp104_sorts_with_the_checks_implementation(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/m.py": "import sys\nimport os  # why\n\n\ndef f():\n    return os, sys\n",
        },
    )
    before_edges = edges(tmp_path, ".")
    result = importmap(tmp_path, "fix", ".", "--select", "IMP104")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "app/m.py").read_text() == (
        "import os  # why\nimport sys\n\n\ndef f():\n    return os, sys\n"
    )
    assert edges(tmp_path, ".") == before_edges
    report = json.loads(importmap(tmp_path, "analyze", ".", "-f", "json").stdout)
    assert [f for f in report["findings"] if f["code"] == "IMP104"] == []


def test_an_unfixable_code_is_a_usage_error(tmp_path: Path) -> None:
    write_tree(tmp_path, {"app/__init__.py": ""})
    result = importmap(tmp_path, "fix", ".", "--select", "IMP103")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "importmap: error: --select: IMP103 cannot be fixed; fixable: IMP101, IMP104"
    )
