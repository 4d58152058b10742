"""A relative import above its top-level package makes grimp's scanner panic (grimp 3.20: a
slice index out of range): that file alone goes to the whole-file scan, the others keep the fast
path, and the cycle gate still sees every cycle."""

from __future__ import annotations

from tests.conftest import MakeTree
from tests.hardening.cli import importmap


def test_the_cycle_gate_survives_a_relative_import_above_the_top(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from ... import x\n",
            "pkg/b.py": "from pkg.c import C\nB = 1\n",
            "pkg/c.py": "from pkg.b import B\nC = 1\n",
        }
    )
    result = importmap("check", "pkg", "--select", "IMP001", "--no-cache", cwd=root)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("pkg/b.py:1:1: IMP001 ")
    assert "Traceback" not in result.stderr
    # The fast path was kept for the other files: no "parsed whole instead" warning.
    assert "parsed whole" not in result.stderr
    full = importmap("check", "pkg", "--no-cache", cwd=root)
    assert "pkg/a.py:1:1: IMP102 " in full.stdout
