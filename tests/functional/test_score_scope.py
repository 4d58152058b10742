"""The score of the same code does not depend on where importmap is pointed, and lists groups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import write_tree
from tests.functional.helpers import analyze_json, run_in

REPOSITORY = {
    "shop/__init__.py": "",
    "shop/models.py": "import os\nfrom .util import helper\n\nVALUE = helper(os.sep)\n",
    "shop/util.py": (
        "import sys\nimport json\n\n\ndef helper(value):\n    import pandas\n\n"
        "    return value, sys, pandas\n"
    ),
    "shop/api/__init__.py": "",
    "shop/api/views.py": "from shop.models import VALUE\n\nVIEW = VALUE\n",
    "shop/migrations/__init__.py": "",
    "shop/migrations/0001_initial.py": "from .. import models\nimport os\n",
    "tests/__init__.py": "",
    "tests/test_models.py": "from shop.models import *\nimport json\nfrom . import helpers\n",
    "tests/helpers.py": "import os\nimport pandas\n\nFRAME = pandas.DataFrame\n",
    "conftest.py": "import sys\n",
    "migrations/0002_more.py": "import os\n",
}


def _score(report: dict[str, Any]) -> tuple[Any, ...]:
    score = report["score"]
    return (
        score["overall"],
        [(c["id"], c["score"], c["items"], c["effective_weight"]) for c in score["criteria"]],
    )


def test_root_or_package_gives_the_same_score(tmp_path: Path) -> None:
    root = write_tree(tmp_path, REPOSITORY)
    at_root = analyze_json(".", "--no-cache", cwd=root)
    at_package = analyze_json("shop", "--no-cache", cwd=root)
    inside = analyze_json(".", "--no-cache", cwd=root / "shop")
    # The root run analyses more files (tests, migrations, conftest.py) ...
    assert len(at_root["modules"]) > len(at_package["modules"])
    # ... but scores only the production code, which is the same.
    assert _score(at_root) == _score(at_package)
    lint = {c["id"]: c for c in at_package["score"]["criteria"]}["import-lint"]
    assert (lint["score"], lint["items"]) == (80.0, 5)  # shop/util.py: json unused
    heavy = {c["id"]: c for c in at_root["score"]["criteria"]}["lazy-heavy-imports"]
    # The eager pandas import in tests/ does not count: 1 of 1 production site is deferred.
    assert (heavy["score"], heavy["items"]) == (100.0, 1)
    # Pointed at from inside the package, module names and paths start lower: the score holds.
    assert _score(inside)[1] == _score(at_package)[1]


def test_groups_give_each_top_level_package_its_score(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "pyproject.toml": '[tool.importmap.score-groups]\napi = ["shop.api"]\n',
            **REPOSITORY,
        },
    )
    grouped = analyze_json("shop", "--no-cache", cwd=root)["score"]["groups"]
    assert [g["name"] for g in grouped] == ["api"]
    api = {c["id"]: c for c in grouped[0]["criteria"]}
    assert (api["absolute-imports"]["score"], api["absolute-imports"]["items"]) == (100.0, 2)
    (root / "pyproject.toml").unlink()
    by_package = analyze_json(".", "--no-cache", cwd=root)["score"]["groups"]
    # tests/ and migrations/ hold no production module: no group for them.
    assert [g["name"] for g in by_package] == ["shop"]


def test_the_terminal_summary_shows_the_score_per_package(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {**REPOSITORY, "billing/__init__.py": "", "billing/invoice.py": "from . import x\n"},
    )
    result = run_in(root, "analyze", ".", "--no-cache", "--no-render", "--out", "out")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index("score per package")
    rows = [line.split("│")[1:4] for line in lines[start:] if line.startswith("│")]
    named = [(name.strip(), score.strip()) for name, score, _ in rows if name.strip()]
    # Lowest first: billing's relative import costs it absolute-imports; each package's score
    # is the one it gets analysed alone.
    alone = analyze_json("shop", "--no-cache", cwd=root)["score"]["overall"]
    assert named == [("billing", "83.3"), ("shop", f"{alone:g}")]
    assert rows[0][2].strip().startswith("absolute-imports 50, import-lint 50,")
