"""Implicit imports of ancestor packages: `import a.b.c` runs a/__init__.py and a/b/__init__.py
before a/b/c.py. The graph records them as edges of their own (implicit, same statement and
context), cycle detection sees them, and `why`, report.json and the pictures show them.

Python is the judge: each module prints its name when it runs, so a fresh interpreter shows the
order; and the crash through a parent package is raised by CPython itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from importmap.domain import Context
from tests.functional.helpers import run_in, validate_report
from tests.semantics.graph_judge import both_scans, records, run_python, write_tree

SPELLINGS = ["import pkg.b.c", "from pkg.b import c", "from pkg.b.c import x"]


def _printing_tree(root: Path, statement: str) -> Path:
    return write_tree(
        root,
        {
            "pkg/__init__.py": "print('pkg')\n",
            "pkg/b/__init__.py": "print('pkg.b')\n",
            "pkg/b/c.py": "print('pkg.b.c')\nx = 1\n",
            "user.py": f"{statement}\n",
        },
    )


@pytest.mark.parametrize("statement", SPELLINGS)
def test_ancestors_run_first_and_are_recorded_as_implicit_eager_edges(
    tmp_path: Path, statement: str
) -> None:
    root = _printing_tree(tmp_path, statement)
    judged = run_python(root, "import user")
    assert judged.returncode == 0, judged.stderr
    assert judged.stdout.split() == ["pkg", "pkg.b", "pkg.b.c"]
    for codebase in both_scans(root):
        found = {(r.imported, r.implicit, r.context, r.line) for r in records(codebase, "user")}
        assert found == {
            ("pkg.b.c", False, Context.MODULE, 1),
            ("pkg", True, Context.MODULE, 1),
            ("pkg.b", True, Context.MODULE, 1),
        }
        assert all(record.eager for record in records(codebase, "user"))


def test_an_ancestor_import_inside_a_function_is_deferred_like_its_statement(
    tmp_path: Path,
) -> None:
    root = write_tree(
        tmp_path,
        {
            "pkg/__init__.py": "print('pkg')\n",
            "pkg/b/__init__.py": "print('pkg.b')\n",
            "pkg/b/c.py": "print('pkg.b.c')\n",
            "user.py": "def f():\n    import pkg.b.c\n",
        },
    )
    assert run_python(root, "import user").stdout == ""
    for codebase in both_scans(root):
        implicit = [r for r in records(codebase, "user") if r.implicit]
        assert [(r.imported, r.context) for r in implicit] == [
            ("pkg", Context.FUNCTION),
            ("pkg.b", Context.FUNCTION),
        ]


def test_the_importers_own_packages_are_no_edge(tmp_path: Path) -> None:
    # pkg.a runs with pkg in sys.modules already: `import pkg.b.c` re-runs nothing of pkg.
    root = write_tree(
        tmp_path,
        {
            "pkg/__init__.py": "print('pkg')\n",
            "pkg/a.py": "print('pkg.a')\nimport pkg.b.c\n",
            "pkg/b/__init__.py": "print('pkg.b')\n",
            "pkg/b/c.py": "print('pkg.b.c')\n",
        },
    )
    assert run_python(root, "import pkg.a").stdout.split() == ["pkg", "pkg.a", "pkg.b", "pkg.b.c"]
    for codebase in both_scans(root):
        assert {(r.imported, r.implicit) for r in records(codebase, "pkg.a")} == {
            ("pkg.b.c", False),
            ("pkg.b", True),
        }


CRASH = {
    "pkg/__init__.py": "",
    "pkg/a.py": "import pkg.b.c\n\nX = 1\n",
    "pkg/b/__init__.py": "from pkg.a import X\n",
    "pkg/b/c.py": "",
}


def test_the_crash_through_a_parent_package_fails_the_gate(tmp_path: Path) -> None:
    root = write_tree(tmp_path, CRASH)
    judged = run_python(root, "import pkg.a")
    assert judged.returncode == 1
    assert "cannot import name 'X' from partially initialized module 'pkg.a'" in judged.stderr
    assert "pkg/b/__init__.py" in judged.stderr
    result = run_in(root, "check", "pkg", "--select", "IMP001")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "IMP001" in result.stdout
    assert "pkg.a" in result.stdout and "pkg.b" in result.stdout


def test_report_json_why_and_pictures_show_the_implicit_edge(tmp_path: Path) -> None:
    root = write_tree(tmp_path, CRASH)
    result = run_in(root, "analyze", "pkg", "--format", "json", "--out", "out")
    report = json.loads(result.stdout)
    validate_report(report)
    edges = {
        (r["importer"], r["imported"], r["implicit"], r["eager"], r["line"])
        for r in report["imports"]
    }
    assert edges == {
        ("pkg.a", "pkg.b.c", False, True, 1),
        ("pkg.a", "pkg.b", True, True, 1),
        ("pkg.b", "pkg.a", False, True, 1),
    }
    assert [cycle["modules"] for cycle in report["cycles"]] == [["pkg.a", "pkg.b"]]

    why = run_in(root, "why", "pkg.a", "pkg.b", "pkg")
    assert why.returncode == 0, why.stderr
    assert (
        "pkg.a -> pkg.b  pkg/a.py:1  import pkg.b.c  (implicit: Python imports the package pkg.b first)"
        in why.stdout
    )

    picture = run_in(root, "graph", "pkg", "--format", "dot", "-o", "graph.dot")
    assert picture.returncode == 0, picture.stderr
    dot = (root / "graph.dot").read_text(encoding="utf-8")
    implicit_edges = [line for line in dot.splitlines() if "implicit" in line and "->" in line]
    assert len(implicit_edges) == 1 and "pkg.a -> pkg.b " in implicit_edges[0].replace('"', "")
    assert "dotted" in implicit_edges[0]
