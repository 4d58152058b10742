"""`check` on a project with 30,000 findings: the failures first, under 200 lines of text."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import write_tree
from tests.functional.helpers import run_in

MODULES = 500
RELATIVE_PER_MODULE = 60


def _big_tree(root: Path) -> Path:
    files: dict[str, str] = {"pkg/__init__.py": ""}
    relative = "".join(f"from . import m{i}\n" for i in range(RELATIVE_PER_MODULE))
    for index in range(MODULES):
        files[f"pkg/m{index}.py"] = relative
    # Three imports beyond the top-level package: IMP102 fails the gate by default.
    for index in range(3):
        files[f"pkg/beyond{index}.py"] = "from ..outside import thing\n"
    return write_tree(root, files)


def test_thirty_thousand_findings_print_the_failures_first_in_under_200_lines(
    tmp_path: Path,
) -> None:
    root = _big_tree(tmp_path)
    selection = ("--select", "IMP101,IMP102", "--no-cache")
    text = run_in(root, "check", "pkg", *selection)
    assert text.returncode == 1, text.stderr
    lines = text.stdout.splitlines()
    assert len(lines) < 200
    # The three failures, in full, come first; then one line for the 30,000 others.
    assert [line.split(":")[0] for line in lines[:3]] == [
        "pkg/beyond0.py",
        "pkg/beyond1.py",
        "pkg/beyond2.py",
    ]
    assert all("IMP102 relative-beyond-top-level (fails the gate)" in line for line in lines[:3])
    assert "IMP101 relative-import (warning): 30000 finding(s), not failing the gate" in lines
    assert lines[-1].startswith("importmap check failed: 30003 finding(s), 3 failing the gate")

    everything = run_in(root, "check", "pkg", *selection, "--show", "all")
    assert len(everything.stdout.splitlines()) >= 30003 + 1
    machine = run_in(root, "check", "pkg", *selection, "--format", "json")
    assert len(json.loads(machine.stdout)["findings"]) == 30003
