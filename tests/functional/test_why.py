"""`importmap why A B`: shortest chains with file:line, to modules and external packages."""

from __future__ import annotations

from tests.conftest import MakeTree
from tests.functional.helpers import run_in as run_importmap

TREE = {
    "app/__init__.py": "",
    "app/main.py": "import app.routes\n",
    "app/routes.py": "import app.service\n\n\ndef later():\n    import app.report\n",
    "app/service.py": "import app.models\n",
    "app/models.py": "",
    "app/report.py": "import pandas as pd\n",
}


def test_chain_to_a_module_with_every_line(make_tree: MakeTree) -> None:
    root = make_tree(TREE)
    result = run_importmap(root, "why", "app.main", "app.models", "app")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "app.main imports app.models in 3 steps; 1 shortest chain(s):",
        "chain 1:",
        "  app.main -> app.routes  app/main.py:1  import app.routes",
        "  app.routes -> app.service  app/routes.py:1  import app.service",
        "  app.service -> app.models  app/service.py:1  import app.models",
    ]


def test_chain_to_an_external_package(make_tree: MakeTree) -> None:
    root = make_tree(TREE)
    result = run_importmap(root, "why", "app.main", "pandas", "app")
    assert result.returncode == 0
    assert result.stdout.splitlines()[2:] == [
        "  app.main -> app.routes  app/main.py:1  import app.routes",
        "  app.routes -> app.report  app/routes.py:5  import app.report",
        "  app.report -> pandas  app/report.py:1  import pandas as pd",
    ]


def test_eager_only_skips_function_level_imports(make_tree: MakeTree) -> None:
    root = make_tree(TREE)
    result = run_importmap(root, "why", "app.main", "pandas", "app", "--eager")
    assert result.returncode == 1
    assert result.stdout == (
        "no import chain from app.main to pandas through imports that run at import time\n"
    )


def test_several_shortest_chains(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/top.py": "import app.left\nimport app.right\n",
            "app/left.py": "import app.bottom\n",
            "app/right.py": "import app.bottom\n",
            "app/bottom.py": "",
        }
    )
    result = run_importmap(root, "why", "app.top", "app.bottom", "app")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "app.top imports app.bottom in 2 steps; 2 shortest chain(s):",
        "chain 1:",
        "  app.top -> app.left  app/top.py:1  import app.left",
        "  app.left -> app.bottom  app/left.py:1  import app.bottom",
        "chain 2:",
        "  app.top -> app.right  app/top.py:2  import app.right",
        "  app.right -> app.bottom  app/right.py:1  import app.bottom",
    ]


def test_unknown_names_exit_2_with_the_closest(make_tree: MakeTree) -> None:
    root = make_tree(TREE)
    source = run_importmap(root, "why", "app.mian", "app.models", "app")
    assert source.returncode == 2
    assert source.stderr.startswith(
        "importmap: error: unknown module 'app.mian'; closest: app.main"
    )
    target = run_importmap(root, "why", "app.main", "pandsa", "app")
    assert target.returncode == 2
    assert target.stderr == (
        "importmap: error: unknown module or package 'pandsa'; closest: pandas\n"
    )
