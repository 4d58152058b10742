"""`importmap contracts suggest`: the block it prints, pasted into the project's pyproject,
makes `importmap check` pass there; without its ignore lines it would not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from importmap.toml_file import parse_toml
from tests.conftest import MakeTree
from tests.functional.helpers import run_in

TREE = {
    "pkg/__init__.py": "",
    "pkg/web/__init__.py": "",
    "pkg/web/views.py": "import pkg.core.models\nimport pkg.util.text\n",
    "pkg/core/__init__.py": "",
    "pkg/core/models.py": "import pkg.util.text\n",
    "pkg/core/extra.py": "import pkg.util.text\n",
    "pkg/util/__init__.py": "",
    # Against the layers, at import time: the one import the contract has to ignore.
    "pkg/util/dates.py": "import pkg.core.models\n",
    # Not at import time: no say in the layers.
    "pkg/util/text.py": "def later():\n    import pkg.web.views\n",
}

BLOCK = """\
[[tool.importmap.contracts]]
name = "pkg layers"
type = "layers"
when = "import-time"
layers = [
    "pkg.web",
    "pkg.core",
    "pkg.util",
]
ignore = [
    "pkg.util.** -> pkg.core.**",
]
"""


def test_the_suggested_block_passes_check_where_it_was_suggested(make_tree: MakeTree) -> None:
    root = make_tree(TREE)
    result = run_in(root, "contracts", "suggest", "pkg", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "# importmap contracts suggest: pkg, import-time graph at depth 2: 3 packages in 3 "
        "layers (top first; `a | b` never import each other).\n"
        "# 1 import(s) go against these layers today; the contract ignores them (fix one, then "
        "drop its line):\n"
        "#   pkg/util/dates.py:1  import pkg.core.models  (pkg.util.dates -> pkg.core.models)\n"
        + BLOCK
    )
    (root / "pyproject.toml").write_text(
        '[tool.importmap]\npaths = ["pkg"]\n\n' + result.stdout, encoding="utf-8"
    )
    checked = run_in(root, "check", "--no-cache")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # The ignore line is what lets the one import through.
    without = result.stdout.replace('ignore = [\n    "pkg.util.** -> pkg.core.**",\n]\n', "")
    (root / "pyproject.toml").write_text(
        '[tool.importmap]\npaths = ["pkg"]\n\n' + without, encoding="utf-8"
    )
    checked = run_in(root, "check", "--no-cache")
    assert checked.returncode == 1
    assert [line for line in checked.stdout.splitlines() if " IMP401 " in line] == [
        "pkg/util/dates.py:1:1: IMP401 contract-broken (fails the gate): contract 'pkg layers' "
        "(layers) broken: pkg.util imports pkg.core at import time in 1 step: pkg.util.dates "
        "-> pkg.core.models  pkg/util/dates.py:1  import pkg.core.models"
    ]


def test_depth_and_name_options(make_tree: MakeTree) -> None:
    root = make_tree(TREE)
    result = run_in(
        root, "contracts", "suggest", "pkg", "--depth", "3", "--name", "fine", "--no-cache"
    )
    assert result.returncode == 0, result.stderr
    assert 'name = "fine"' in result.stdout
    assert '    "pkg.core.extra | pkg.util.dates | pkg.web.views",' in result.stdout
    assert "at depth 3:" in result.stdout


@pytest.mark.parametrize("name", ['say "no"\\', "two\nlines\tand\x7f"])
def test_any_name_prints_a_block_toml_reads_back(make_tree: MakeTree, name: str) -> None:
    # A newline or control character inside a TOML basic string is a syntax error.
    root = make_tree(TREE)
    result = run_in(root, "contracts", "suggest", "pkg", "--name", name, "--no-cache")
    assert result.returncode == 0, result.stderr
    [contract] = parse_toml(result.stdout, Path("suggested.toml"))["tool"]["importmap"]["contracts"]
    assert contract["name"] == name


def test_nothing_to_layer_exits_2(make_tree: MakeTree) -> None:
    root = make_tree({"one.py": "X = 1\n"})
    result = run_in(root, "contracts", "suggest", "one.py", "--no-cache")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "importmap: error: only 0 package(s) at depth 2: nothing to layer (try another --depth)"
    ]


def test_the_benchmark_script_runs_on_a_tiny_package(make_tree: MakeTree, tmp_path: Path) -> None:
    """benchmarks/contracts_suggest.py end to end, on TREE's package instead of django."""
    root = make_tree(TREE)
    out = tmp_path / "result.md"
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "contracts_suggest.py"
    result = subprocess.run(
        [sys.executable, str(script), "--django", str(root / "pkg"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "| `check --select IMP401` exit code with the block | 0 |" in text
    assert "| control: broken pairs | 1 |" in text
    assert "| imports against them today (listed, ignored by the block) | 1 |" in text
