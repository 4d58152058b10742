"""What to fix first: modules and packages ranked by their findings' severity and their importers."""

from __future__ import annotations

import math
from pathlib import Path

from rich.console import Console

from importmap.analysis import AnalysisRequest, analyze
from importmap.config import Settings
from importmap.priorities import priority_score, rank
from importmap.report.json_report import report_to_dict
from importmap.report.markdown import render_markdown
from importmap.report.text import print_summary
from importmap.result import Report
from importmap.selection import Selection
from tests.conftest import MakeTree

# app.core: one relative import beyond the top level (IMP102, error, 3 points) and a wildcard
# import (IMP103, warning, 1 point); imported by app.a, app.b and app.web.views (3 importers).
# app.web.views: one relative import (IMP101, warning, 1 point); imported by nobody.
# app.a: one wildcard import (IMP103, 1 point) and one relative import (IMP101, 1 point);
# imported by app.b.
TREE = {
    "app/__init__.py": "",
    "app/core.py": "from ... import nowhere\nfrom os.path import *\n",
    "app/a.py": "import app.core\nfrom os import *\nfrom . import b\n",
    "app/b.py": "import app.core\nimport app.a\n",
    "app/web/__init__.py": "",
    "app/web/views.py": "import app.core\nfrom . import helpers\n",
    "app/web/helpers.py": "",
}


def _report(root: Path) -> Report:
    settings = Settings(selection=Selection(select=("IMP1",)))
    return analyze(AnalysisRequest(paths=(root / "app",), base_dir=root, settings=settings))


def test_the_exact_ranking(make_tree: MakeTree) -> None:
    ranked = rank(_report(make_tree(TREE)))
    assert [(p.name, p.kind, p.score, p.points, p.importers) for p in ranked] == [
        ("app.core", "module", 12.0, 4, 3),
        ("app", "package", 7.0, 7, 0),
        ("app.a", "module", 4.0, 2, 1),
        # A tie: by name, then the module before the package of the same name.
        ("app.web", "package", 1.0, 1, 0),
        ("app.web.views", "module", 1.0, 1, 0),
    ]
    assert [dict(p.findings) for p in ranked] == [
        {"IMP102": 1, "IMP103": 1},
        {"IMP101": 2, "IMP102": 1, "IMP103": 2},
        {"IMP101": 1, "IMP103": 1},
        {"IMP101": 1},
        {"IMP101": 1},
    ]


def test_the_score_formula() -> None:
    assert priority_score(3, 0) == 3.0
    assert priority_score(3, 7) == 12.0
    assert priority_score(1, 100) == round(1 + math.log2(101), 2) == 7.66


def test_report_json_lists_every_entry_and_md_and_terminal_show_them(make_tree: MakeTree) -> None:
    report = _report(make_tree(TREE))
    assert report_to_dict(report)["priorities"][:2] == [
        {
            "module": "app.core",
            "kind": "module",
            "score": 12.0,
            "points": 4,
            "findings": {"IMP102": 1, "IMP103": 1},
            "importers": 3,
        },
        {
            "module": "app",
            "kind": "package",
            "score": 7.0,
            "points": 7,
            "findings": {"IMP101": 2, "IMP102": 1, "IMP103": 2},
            "importers": 0,
        },
    ]
    markdown = render_markdown(report)
    assert "## What to fix first" in markdown
    assert "| 1 | `app.core` | 12 | 3 | IMP102 × 1, IMP103 × 1 |" in markdown
    assert "| 2 | `app.a` | 4 | 1 | IMP101 × 1, IMP103 × 1 |" in markdown
    assert "| 1 | `app` | 7 | 0 | IMP101 × 2, IMP102 × 1, IMP103 × 2 |" in markdown
    console = Console(record=True, width=200)
    print_summary(report, console)
    text = console.export_text()
    assert "fix first: modules" in text and "fix first: packages" in text
    rows = [line.split("│")[1:-1] for line in text.splitlines() if "app.core " in line]
    assert [cell.strip() for cell in rows[0]] == [
        "1",
        "app.core",
        "12",
        "3",
        "IMP102 × 1, IMP103 × 1",
    ]


def test_only_the_first_ten_are_shown_and_info_carries_no_points(make_tree: MakeTree) -> None:
    files = {"app/__init__.py": ""}
    files.update({f"app/m{index:02}.py": "from os import *\n" for index in range(12)})
    # In test code a wildcard import is information only (IMP103): no points, not ranked.
    files["app/tests/__init__.py"] = ""
    files["app/tests/test_x.py"] = "from os import *\n"
    root = make_tree(files)
    report = _report(root)
    assert ("app.tests.test_x", "info") in {(f.module, f.severity.value) for f in report.findings}
    ranked = rank(report)
    assert "app.tests.test_x" not in {p.name for p in ranked}
    assert len([p for p in ranked if p.kind == "module"]) == 12
    markdown = render_markdown(report)
    assert "`app.m09`" in markdown and "`app.m10`" not in markdown
    assert len(report_to_dict(report)["priorities"]) == 13
