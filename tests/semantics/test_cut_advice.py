"""The cut and the advice a maintainer would take: statements, not a package's own imports."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.functional.helpers import run_importmap
from tests.semantics.judge_by_python import run_python, tree


def cycles(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_importmap("cycles", "pkg", *args, cwd=root)


def test_the_cut_keeps_a_package_s_imports_of_its_own_submodules(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "pkg/__init__.py": "def register(f):\n    return f\n\n\nfrom . import a, b\n",
            "pkg/a.py": "from pkg import register\n",
            "pkg/b.py": "from pkg import register\n",
        },
    )
    [cycle] = json.loads(cycles(root, "--format", "json").stdout)["cycles"]
    assert cycle["order_safe"] is True
    assert [(cut["importer"], cut["imported"]) for cut in cycle["cut"]] == [
        ("pkg.a", "pkg"),
        ("pkg.b", "pkg"),
    ]
    for module in ("pkg", "pkg.a", "pkg.b"):
        assert run_python(root, module).exception is None


def test_one_statement_making_several_cut_edges_is_counted_once(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/hub.py": "from pkg import a, b, c\n",
            "pkg/a.py": "import pkg.hub\nfrom pkg.hub import a\n",
            "pkg/b.py": "import pkg.hub\nfrom pkg.hub import b\n",
            "pkg/c.py": "import pkg.hub\nfrom pkg.hub import c\n",
        },
    )
    text = cycles(root).stdout
    assert "   cut 3 edge(s), made by 1 statement(s), to break it:" in text


def test_advice_for_a_crash_is_checked_by_simulation(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/models.py": "from pkg.fields import Field\n\n\nclass Model:\n    pass\n",
            "pkg/fields.py": "from pkg.models import Model\n\n\nclass Field:\n"
            "    def model(self):\n        return Model\n",
        },
    )
    text = cycles(root).stdout
    # Each module reads the other's class at import time: no single move is enough.
    assert (
        "   fix: move the import at pkg/fields.py:1 below the definition of 'Field' at "
        "pkg/fields.py:4, which its partner reads while pkg.fields is partially initialised; "
        "and move the import at pkg/models.py:1 below the definition of 'Model' at "
        "pkg/models.py:4, which its partner reads while pkg.models is partially initialised"
    ) in text
    # The advice, applied, imports from either side.
    (root / "pkg" / "models.py").write_text(
        "class Model:\n    pass\n\n\nfrom pkg.fields import Field\n"
    )
    (root / "pkg" / "fields.py").write_text(
        "class Field:\n    def model(self):\n        return Model\n\n\n"
        "from pkg.models import Model\n"
    )
    for module in ("pkg.models", "pkg.fields"):
        assert run_python(root, module).exception is None
    assert "IMP003 order-safe import-time cycle" in cycles(root).stdout


def test_a_cycle_raising_inside_another_gets_that_cycle_s_fix(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            # Cycle A raises when entered from a2: a1 reads X before a2 binds it.
            "pkg/a1.py": "from pkg.a2 import X\n\nY = 1\n",
            "pkg/a2.py": "import pkg.a1\n\nX = 2\n",
            # Cycle B raises only inside A: b2 imports a2 first.
            "pkg/b1.py": "import pkg.b2\n",
            "pkg/b2.py": "import pkg.b1\nimport pkg.a2\n\nZ = 1\n",
        },
    )
    for module in ("pkg.a2", "pkg.b1", "pkg.b2"):
        assert run_python(root, module).exception == "ImportError"
    text = cycles(root).stdout
    fix_a = (
        "move the import at pkg/a2.py:1 below the definition of 'X' at pkg/a2.py:3, which its "
        "partner reads while pkg.a2 is partially initialised"
    )
    assert f"   fix: {fix_a}\n" in text
    assert "   fix: apply the fix advised for the cycle of pkg.a1: this cycle raises in it\n" in text
    # That one fix, applied, makes both cycles import from every side.
    (root / "pkg" / "a2.py").write_text("X = 2\n\nimport pkg.a1\n")
    for module in ("pkg.a1", "pkg.a2", "pkg.b1", "pkg.b2"):
        assert run_python(root, module).exception is None
