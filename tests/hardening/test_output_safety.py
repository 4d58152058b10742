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


CYCLE = {
    "app/__init__.py": "",
    "app/a.py": "from app import b\n",
    "app/b.py": "from app import a\n",
}


def test_a_committed_link_in_the_report_directory_is_replaced_not_written_through(
    make_tree: MakeTree, tmp_path: Path
) -> None:
    root = make_tree(CYCLE)
    outside = tmp_path / "bashrc"
    outside.write_text("kept")
    (root / "reports").mkdir()
    (root / "reports" / "report.json").symlink_to(outside)
    result = importmap("analyze", "app", "--out", "reports", cwd=root)
    assert result.returncode == 0, result.stderr
    assert outside.read_text() == "kept"
    assert not (root / "reports" / "report.json").is_symlink()
    assert (root / "reports" / "cycles" / "1.dot").is_file()


def test_stale_pictures_are_cleared_only_inside_the_report_directory(
    make_tree: MakeTree, tmp_path: Path
) -> None:
    root = make_tree(CYCLE)
    victims = tmp_path / "victims"
    victims.mkdir()
    for name in ("1.svg", "2.dot", "notes.svg"):
        (victims / name).write_text("kept")
    (root / "reports").mkdir()
    (root / "reports" / "cycles").symlink_to(victims)
    result = importmap("analyze", "app", "--out", "reports", cwd=root)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "reports/cycles" in result.stderr
    assert sorted(p.name for p in victims.iterdir()) == ["1.svg", "2.dot", "notes.svg"]
    assert all(p.read_text() == "kept" for p in victims.iterdir())
    # A real directory: its stale pictures go, anything else stays.
    (root / "reports" / "cycles").unlink()
    (root / "reports" / "cycles").mkdir()
    for name in ("7.svg", "7.dot", "mine.svg"):
        (root / "reports" / "cycles" / name).write_text("old")
    assert importmap("analyze", "app", "--out", "reports", cwd=root).returncode == 0
    left = sorted(p.name for p in (root / "reports" / "cycles").iterdir())
    assert "7.svg" not in left and "7.dot" not in left and "mine.svg" in left
