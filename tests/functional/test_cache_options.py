"""Every command that reads the per-file scan cache takes --no-cache and --cache-dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_tree
from tests.functional.helpers import run_in

TREE = {"app/__init__.py": "", "app/a.py": "import app.b\n", "app/b.py": "X = 1\n"}
COMMANDS = {
    "analyze": ("analyze", "app", "--no-render", "--out", "out"),
    "check": ("check", "app"),
    "cycles": ("cycles", "app"),
    "why": ("why", "app.a", "app.b", "app"),
    "graph": ("graph", "app", "-f", "dot", "-o", "graph.dot"),
    "heavy": ("heavy", "app"),
    "baseline": ("baseline", "app", "-o", "baseline.json"),
    "fix": ("fix", "app", "--diff"),
}


def _files_under(directory: Path) -> list[Path]:
    return sorted(path for path in directory.rglob("*") if path.is_file())


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_cache_writes_no_cache_and_cache_dir_chooses_it(tmp_path: Path, command: str) -> None:
    root = write_tree(tmp_path, TREE)
    args = COMMANDS[command]
    plain = run_in(root, *args, "--no-cache")
    assert plain.returncode in (0, 1), plain.stderr
    assert not (root / ".importmap_cache").exists()
    chosen = run_in(root, *args, "--cache-dir", "elsewhere")
    assert chosen.returncode == plain.returncode, chosen.stderr
    assert not (root / ".importmap_cache").exists()
    assert _files_under(root / "elsewhere"), f"{command} wrote no cache in --cache-dir"
