"""A file in syntax newer than the running Python, in a project whose requires-python accepts it,
is no IMP900: its imports still count, and the report says once which Python sees every fact.

Python is the judge: the running interpreter rejects the file (when it is older than 3.12), and
a 3.12+ interpreter, when one is installed, imports the tree.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from importmap.scan.target import lower_bound
from tests.functional.helpers import run_in, validate_report
from tests.semantics.graph_judge import run_python, write_tree

NEWER = sys.version_info < (3, 12)
needs_older_python = pytest.mark.skipif(not NEWER, reason="the running Python reads PEP 695")


def _tree(root: Path, requires: str) -> Path:
    return write_tree(
        root,
        {
            "pyproject.toml": f'[project]\nname = "gen"\nrequires-python = "{requires}"\n',
            "src/gen/__init__.py": "from gen.generic import first\n",
            "src/gen/generic.py": """\
                from gen import helpers

                type Pair[T] = tuple[T, T]


                def first[T](items: list[T]) -> T:
                    from gen.lazy import LAZY

                    return items[0] if LAZY else items[-1]
                """,
            "src/gen/helpers.py": "import gen.generic\n",
            "src/gen/lazy.py": "LAZY = True\n",
        },
    )


def _newer_python() -> str | None:
    """A Python 3.12 or later that runs here (a pyenv shim may name one it will not run)."""
    candidates = [shutil.which(name) for name in ("python3.13", "python3.12")]
    candidates += sorted(str(p) for p in Path.home().glob(".pyenv/versions/3.1[2-9]*/bin/python3"))
    for candidate in candidates:
        if candidate is None:
            continue
        probe = run_python(Path.cwd(), "assert sys.version_info >= (3, 12)", candidate)
        if probe.returncode == 0:
            return candidate
    return None


@needs_older_python
def test_pep_695_in_a_312_project_is_read_not_imp900(tmp_path: Path) -> None:
    root = _tree(tmp_path, ">=3.12")
    assert "SyntaxError" in run_python(root / "src", "import gen").stderr
    newer = _newer_python()
    if newer is not None:
        judged = run_python(root / "src", "import gen.lazy, gen; print(gen.first([1, 2]))", newer)
        assert judged.returncode == 0 and judged.stdout == "1\n", judged.stderr
    report = json.loads(run_in(root, "analyze", "src", "--format", "json", "--out", "o").stdout)
    validate_report(report)
    assert report["errors"] == []
    assert not [f for f in report["findings"] if f["code"] == "IMP900"]
    edges = {
        (r["importer"], r["imported"], r["context"], r["line"])
        for r in report["imports"]
        if r["importer"] == "gen.generic" and not r["implicit"]
    }
    assert edges == {
        ("gen.generic", "gen.helpers", "module", 1),
        ("gen.generic", "gen.lazy", "function", 7),
    }
    # The cycle through the newer file is found: gen.generic <-> gen.helpers.
    assert ["gen.generic", "gen.helpers"] in [c["modules"] for c in report["cycles"]]
    running = f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert report["python"] == {
        "running": running,
        "requires_python": ">=3.12",
        "target": "3.12",
        "newer_syntax": ["src/gen/generic.py"],
        "sees_every_fact": "3.12",
    }
    summary = run_in(root, "analyze", "src", "--out", "o2").stdout
    assert summary.count("would see every fact") == 1
    assert f"Python {running} (running) rejects and Python 3.12" in summary
    check = run_in(root, "check", "src", "--select", "IMP900")
    assert check.returncode == 0, check.stdout


@needs_older_python
def test_a_project_that_claims_the_running_python_still_gets_imp900(tmp_path: Path) -> None:
    root = _tree(tmp_path, ">=3.10")
    report = json.loads(run_in(root, "analyze", "src", "--format", "json", "--out", "o").stdout)
    assert [(e["path"], e["line"]) for e in report["errors"]] == [("src/gen/generic.py", 3)]
    assert [f["path"] for f in report["findings"] if f["code"] == "IMP900"] == [
        "src/gen/generic.py"
    ]
    assert report["python"]["newer_syntax"] == []
    assert report["python"]["sees_every_fact"] == report["python"]["running"]


@pytest.mark.parametrize(
    ("specifier", "bound"),
    [
        (">=3.12", (3, 12)),
        (">=3.12,<4", (3, 12)),
        ("<4, >= 3.13", (3, 13)),
        ("~=3.12", (3, 12)),
        ("==3.12.*", (3, 12)),
        (">3.11", (3, 11)),
        ("<3.14", None),
        ("", None),
    ],
)
def test_the_target_is_the_lower_bound_of_requires_python(
    specifier: str, bound: tuple[int, int] | None
) -> None:
    assert lower_bound(specifier) == bound
