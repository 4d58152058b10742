"""Namespace portions inside regular packages, and the files left out, each with its reason.

Python imports a directory without __init__.py inside a regular package (flask 3.1's
flask/sansio/). Python is the judge: the tree imports in a fresh interpreter, and the graph
shows the edges Python follows, not a false edge to the package.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.functional.helpers import run_in, validate_report
from tests.semantics.graph_judge import both_scans, records, run_python, write_tree

FLASK_LIKE = {
    "flask/__init__.py": "from .app import Flask\n",
    "flask/app.py": "from .sansio.app import App\n\n\nclass Flask(App):\n    pass\n",
    "flask/helpers.py": "HELPER = 1\n",
    # No __init__.py here: a namespace portion inside the regular package flask.
    "flask/sansio/app.py": "from ..helpers import HELPER\n\n\nclass App:\n    pass\n",
}


def test_a_namespace_portion_inside_a_package_is_analysed(tmp_path: Path) -> None:
    root = write_tree(tmp_path, FLASK_LIKE)
    judged = run_python(root, "import flask, sys; print(sys.modules['flask.sansio.app'].App)")
    assert judged.returncode == 0, judged.stderr
    assert "flask.sansio.app.App" in judged.stdout
    for codebase in both_scans(root):
        names = {module.name for module in codebase.modules}
        assert {"flask.sansio", "flask.sansio.app"} <= names
        assert {(r.imported, r.implicit) for r in records(codebase, "flask.app")} == {
            ("flask.sansio.app", False),
            ("flask.sansio", True),
        }
        assert {r.imported for r in records(codebase, "flask.sansio.app")} == {"flask.helpers"}
        assert not codebase.not_analysed


def test_an_import_from_a_directory_without_init_is_no_cycle_of_one(tmp_path: Path) -> None:
    # Before, `from .sub.mod import X` here climbed to pkg itself: a "cycle of 1 module".
    root = write_tree(
        tmp_path,
        {"pkg/__init__.py": "from .sub.mod import X\n", "pkg/sub/mod.py": "X = 1\n"},
    )
    assert run_python(root, "import pkg; print(pkg.X)").stdout == "1\n"
    result = run_in(root, "check", "pkg", "--select", "IMP001,IMP002")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "IMP00" not in result.stdout


def test_every_python_file_left_out_is_listed_with_its_reason(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "src/app/__init__.py": "",
            "src/app/v1.backup.py": "import os\n",
            "src/app/core.py": "",
            "src/app/core/helpers.py": "",
            "src/tools-x/run.py": "",
            "src/tools-x/more/deep.py": "",
            "src/build/generated.py": "",
            "src/app/legacy/old.py": "",
            "src/notes.txt": "",
        },
    )
    # Python cannot find the file by any module name: `app.v1.backup` is looked up as app.v1.
    found = run_python(root / "src", "import importlib.util as u; print(u.find_spec('app.v1'))")
    assert found.stdout == "None\n", found.stderr
    judged = run_python(root / "src", "import app.core; print(app.core.__file__)")
    assert judged.stdout.strip().endswith("app/core.py")  # a module wins over a namespace
    result = run_in(
        root, "analyze", "src", "--exclude", "legacy", "--format", "json", "--out", "out"
    )
    report = json.loads(result.stdout)
    validate_report(report)
    reasons = {entry["path"]: entry["reason"] for entry in report["not_analysed"]}
    assert set(reasons) == {
        "src/app/v1.backup.py",
        "src/tools-x",
        "src/build",
        "src/app/legacy",
        "src/app/core/helpers.py",
    }
    assert "not an importable module name" in reasons["src/app/v1.backup.py"]
    assert "2 .py file(s)" in reasons["src/tools-x"]
    assert reasons["src/build"] == "excluded by default (build)"
    assert reasons["src/app/legacy"] == "excluded by the pattern 'legacy'"
    assert reasons["src/app/core/helpers.py"].startswith("shadowed")
    summary = run_in(root, "analyze", "src", "--exclude", "legacy", "--out", "out2")
    assert "not analysed: 5 path(s)" in summary.stdout
    assert "src/app/v1.backup.py: not an importable module name" in summary.stdout
