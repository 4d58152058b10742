"""Files a user asks for (baseline, `-o` output) are written without following a symlink that a
repository committed at their name or their directory's name."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import MakeTree
from tests.hardening.cli import importmap

TREE = {"app/__init__.py": "", "app/a.py": "from . import b\n", "app/b.py": ""}


def test_a_baseline_name_that_is_a_symlink_is_replaced_not_written_through(
    make_tree: MakeTree, tmp_path: Path
) -> None:
    root = make_tree(TREE)
    outside = tmp_path / "precious.txt"
    outside.write_text("kept")
    (root / "importmap-baseline.json").symlink_to(outside)
    result = importmap("baseline", "app", cwd=root)
    assert result.returncode == 0, result.stderr
    assert outside.read_text() == "kept"
    baseline = root / "importmap-baseline.json"
    assert not baseline.is_symlink() and '"IMP101"' in baseline.read_text()


def test_an_output_directory_that_is_a_symlink_is_refused_in_one_line(
    make_tree: MakeTree, tmp_path: Path
) -> None:
    root = make_tree(TREE)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "out").symlink_to(outside)
    result = importmap("check", "app", "-o", "out/result.txt", cwd=root)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "cannot write out/result.txt" in result.stderr and "symlink" in result.stderr
    assert list(outside.iterdir()) == []
