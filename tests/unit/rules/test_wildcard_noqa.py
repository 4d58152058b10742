"""IMP103 is silenced by the noqa comments that silence ruff's F403, and only by those."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from importmap.adapters.ruff_sorter import _ruff_command
from importmap.analysis import AnalysisRequest, analyze
from importmap.rules.noqa import silenced
from tests.conftest import MakeTree

FILES = {
    "pkg/__init__.py": "",
    "pkg/bare.py": "from os import *  # noqa\n",
    "pkg/coded.py": "from os import *  # noqa: F403\n",
    "pkg/own_code.py": "from os import *  # noqa: IMP103\n",
    "pkg/listed.py": "from os import *  # NOQA:E501,F403\n",
    "pkg/other_code.py": "from os import *  # noqa: F401\n",
    "pkg/continued.py": "from os import \\\n    *  # noqa: F403\n",
    "pkg/whole_file.py": "# ruff: noqa: F403\nfrom os import *\n",
    "pkg/flake8_file.py": "# flake8: noqa\nfrom os import *\n",
    "pkg/flake8_other.py": "# flake8: noqa: F401\nfrom os import *\n",
    "pkg/plain.py": "from os import *\n",
}


def test_imp103_is_silent_where_ruff_f403_is(make_tree: MakeTree) -> None:
    root = make_tree(FILES)
    report = analyze(AnalysisRequest(paths=(root / "pkg",), base_dir=root))
    ours = sorted(f.path for f in report.findings if f.code == "IMP103")
    assert ours == ["pkg/flake8_other.py", "pkg/other_code.py", "pkg/plain.py"]
    # ruff itself, on the same files (IMP103's own code aside, which ruff does not know).
    completed = subprocess.run(
        [*_ruff_command(), "check", "--select", "F403", "--output-format", "json", "--no-cache"],
        cwd=root,
        capture_output=True,
        check=False,
    )
    ruffs = sorted(
        Path(item["filename"]).relative_to(root).as_posix() for item in json.loads(completed.stdout)
    )
    assert ruffs == sorted([*ours, "pkg/own_code.py"])


def test_noqa_lines_as_text() -> None:
    wildcard, unused = {"IMP103", "F403"}, {"IMP105", "F401"}
    assert silenced(wildcard, ["from a import *  # noqa"], 1)
    assert not silenced(wildcard, ["from a import *  # noqa: F401"], 1)
    assert silenced(unused, ["import os  # noqa: F401"], 1)
    assert not silenced(wildcard, ["from a import *", "x = 1  # noqa"], 1)
