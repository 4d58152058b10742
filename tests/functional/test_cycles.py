"""`importmap cycles` and the cycle findings on real packages written to disk."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import MakeTree
from tests.functional.helpers import run_in as run_importmap


def cycles_json(cwd: Path, *args: str) -> list[dict[str, Any]]:
    result = run_importmap(cwd, "cycles", "app", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    cycles: list[dict[str, Any]] = json.loads(result.stdout)["cycles"]
    return cycles


def chain_of(cycle: dict[str, Any]) -> list[tuple[str, str, str, int]]:
    return [(s["importer"], s["imported"], s["path"], s["line"]) for s in cycle["chain"]]


def test_eager_cycle_has_its_chain_and_the_cut_with_every_line(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/a.py": "import app.b\nfrom app.b import thing\n",
            "app/b.py": "import os\n\nfrom app import a\n",
        }
    )
    [cycle] = cycles_json(root)
    assert cycle["modules"] == ["app.a", "app.b"]
    assert cycle["eager"] is True
    assert chain_of(cycle) == [
        ("app.a", "app.b", "app/a.py", 1),
        ("app.b", "app.a", "app/b.py", 3),
    ]
    # a -> b is made by two statements, b -> a by one: the cheaper edge is the one to cut.
    assert cycle["cut"] == [
        {
            "importer": "app.b",
            "imported": "app.a",
            "imports": [{"path": "app/b.py", "line": 3, "statement": "from app import a"}],
        }
    ]


def test_function_level_cycle_is_deferred_and_passes_the_gate(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/a.py": "import app.b\n",
            "app/b.py": "def load():\n    from app import a\n    return a\n",
        }
    )
    [cycle] = cycles_json(root)
    assert (cycle["modules"], cycle["eager"]) == (["app.a", "app.b"], False)
    assert chain_of(cycle) == [("app.a", "app.b", "app/a.py", 1), ("app.b", "app.a", "app/b.py", 2)]
    check = run_importmap(root, "check", "app")
    assert check.returncode == 0, check.stdout
    assert "IMP002 deferred-cycle (info)" in check.stdout


def test_type_checking_cycle_is_deferred(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/a.py": "import app.b\n",
            "app/b.py": (
                "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from app.a import A\n"
            ),
        }
    )
    [cycle] = cycles_json(root)
    assert (cycle["modules"], cycle["eager"]) == (["app.a", "app.b"], False)
    assert chain_of(cycle)[1] == ("app.b", "app.a", "app/b.py", 4)
    assert run_importmap(root, "check", "app").returncode == 0


def test_try_except_import_error_and_import_module_are_eager(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/a.py": "import app.b\n",
            "app/b.py": 'import importlib\n\nmod = importlib.import_module("app.c")\n',
            "app/c.py": "try:\n    from app import a\nexcept ImportError:\n    a = None\n",
        }
    )
    [cycle] = cycles_json(root)
    assert (cycle["modules"], cycle["eager"]) == (["app.a", "app.b", "app.c"], True)
    assert chain_of(cycle) == [
        ("app.a", "app.b", "app/a.py", 1),
        ("app.b", "app.c", "app/b.py", 3),
        ("app.c", "app.a", "app/c.py", 2),
    ]
    assert [(c["importer"], c["imported"]) for c in cycle["cut"]] == [("app.a", "app.b")]
    assert cycle["order_safe"] is True
    # `from app import a` finds app.a in sys.modules even while it is partial: CPython imports
    # this cycle from any member, so it is IMP003, a warning that does not fail the gate.
    check = run_importmap(root, "check", "app", "--show", "all")
    assert check.returncode == 0
    assert "app/a.py:1:1: IMP003 order-safe-cycle (warning)" in check.stdout


def test_self_import_is_no_cycle(make_tree: MakeTree) -> None:
    # The module finds itself in sys.modules: Python imports it without a word.
    root = make_tree({"app/__init__.py": "", "app/selfish.py": "import app.selfish\n"})
    judged = subprocess.run(
        [sys.executable, "-c", "import app.selfish"], cwd=root, capture_output=True, check=False
    )
    assert judged.returncode == 0
    assert cycles_json(root) == []


def test_nested_components_eager_inside_a_larger_deferred_one(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/a.py": "import app.b\n",
            "app/b.py": "import app.a\n\n\ndef later():\n    import app.c\n",
            "app/c.py": "import app.a\n",
        }
    )
    cycles = cycles_json(root)
    assert [(c["modules"], c["eager"]) for c in cycles] == [
        (["app.a", "app.b", "app.c"], False),
        (["app.a", "app.b"], True),
    ]
    assert [(c["importer"], c["imported"]) for c in cycles[1]["cut"]] == [("app.a", "app.b")]
    # One edge breaks both loops of the larger component: a -> b is on each.
    assert [(c["importer"], c["imported"]) for c in cycles[0]["cut"]] == [("app.a", "app.b")]


def test_level_collapses_modules_to_sibling_packages(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/x/__init__.py": "",
            "app/x/one.py": "import app.y.two\n",
            "app/x/four.py": "",
            "app/y/__init__.py": "",
            "app/y/two.py": "",
            "app/y/three.py": "import app.x.four\n",
        }
    )
    assert cycles_json(root) == []
    [cycle] = cycles_json(root, "--level", "2")
    assert (cycle["modules"], cycle["eager"]) == (["app.x", "app.y"], True)
    assert chain_of(cycle) == [
        ("app.x", "app.y", "app/x/one.py", 1),
        ("app.y", "app.x", "app/y/three.py", 1),
    ]
    text = run_importmap(root, "cycles", "app", "--level", "2")
    assert text.returncode == 0
    assert "1 cycle(s) between packages at depth 2" in text.stdout
    assert "IMP001 import-time cycle of 2: app.x, app.y" in text.stdout


def test_text_lists_largest_cycle_first_with_chain_and_cut(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/a.py": "import app.b\n",
            "app/b.py": "import app.a\n",
            "app/c.py": "import app.d\n",
            "app/d.py": "import app.e\n",
            "app/e.py": "import app.c\n",
        }
    )
    result = run_importmap(root, "cycles", "app")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "2 cycle(s) between modules: 2 at import time (IMP001), "
        "0 through deferred imports only (IMP002)",
        "2 of the 2 import-time cycle(s) are order-safe (IMP003): "
        "no member raises when imported first",
    ]
    # `import X` always succeeds: both cycles import from any member.
    assert lines[3] == "1. IMP003 order-safe import-time cycle of 3: app.c, app.d, app.e"
    assert "     app.c -> app.d  app/c.py:1  import app.d" in lines
    assert "   cut 1 edge(s) to break it:" in lines
    assert lines.index(lines[3]) < lines.index(
        "2. IMP003 order-safe import-time cycle of 2: app.a, app.b"
    )


def test_no_cycles_says_so(make_tree: MakeTree) -> None:
    root = make_tree({"app/__init__.py": "", "app/a.py": "import app.b\n", "app/b.py": ""})
    result = run_importmap(root, "cycles", "app")
    assert (result.returncode, result.stdout) == (0, "no import cycles between modules\n")
