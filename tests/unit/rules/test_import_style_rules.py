"""IMP101, IMP102, IMP103 on small trees: exact paths, lines, columns and fix text."""

from __future__ import annotations

from pathlib import Path

from importmap.analysis import AnalysisRequest, analyze
from importmap.domain import Finding, Severity
from tests.conftest import MakeTree


def findings(root: Path, code: str) -> list[Finding]:
    report = analyze(AnalysisRequest(paths=(root,), base_dir=root))
    return [finding for finding in report.findings if finding.code == code]


def brief(found: list[Finding]) -> list[tuple[str, int, int, str | None]]:
    return [(f.path, f.line, f.column, f.fix) for f in found]


def test_relative_imports_get_their_absolute_form(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "from .core import run\n",
            "app/core.py": "def run(): ...\ndef stop(): ...\n",
            "app/sub/__init__.py": "from . import leaf as leafy\n",
            "app/sub/leaf.py": "x = 1\n",
            "app/sub/deep/__init__.py": "",
            "app/sub/deep/mod.py": (
                "import os\n"
                "from ...core import (\n"
                "    run,  # the runner\n"
                "    stop,\n"
                ")\n"
                "def f():\n"
                "    from ..leaf import x as y\n"
            ),
        }
    )
    found = findings(root, "IMP101")
    assert brief(found) == [
        ("app/__init__.py", 1, 1, "from app.core import run"),
        ("app/sub/__init__.py", 1, 1, "from app.sub import leaf as leafy"),
        ("app/sub/deep/mod.py", 2, 1, "from app.core import (run, stop)"),
        ("app/sub/deep/mod.py", 7, 5, "from app.sub.leaf import x as y"),
    ]
    assert {f.severity for f in found} == {Severity.WARNING}
    assert (
        found[0].message
        == "relative import 'from .core import run': use 'from app.core import run'"
    )


def test_relative_import_above_the_top_level_is_imp102_without_fix(make_tree: MakeTree) -> None:
    root = make_tree({"app/__init__.py": "", "app/mod.py": "from ...elsewhere import thing\n"})
    assert brief(findings(root, "IMP102")) == [("app/mod.py", 1, 1, None)]
    assert findings(root, "IMP101") == []


def test_wildcard_is_a_warning_in_production_and_info_in_tests(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/mod.py": "x = 1\n",
            "app/use.py": "import sys\nfrom app.mod import *\n",
            "tests/__init__.py": "",
            "tests/helpers.py": "from app.mod import *\n",
            "tests/conftest.py": "from app.mod import *\n",
            "app/check_test.py": "from app.mod import *\n",
        }
    )
    found = findings(root, "IMP103")
    assert [(f.path, f.line, f.column, f.severity) for f in found] == [
        ("app/check_test.py", 1, 1, Severity.INFO),
        ("app/use.py", 2, 1, Severity.WARNING),
        ("tests/conftest.py", 1, 1, Severity.INFO),
        ("tests/helpers.py", 1, 1, Severity.INFO),
    ]
    assert found[1].message == (
        "wildcard import 'from app.mod import *' in production code: "
        "import the names it uses explicitly"
    )
