"""A `from X import name` that a call at import time runs reads `name` from X: when X is half
imported and has not bound it yet, CPython raises ImportError inside the call. The simulator
checks the names only where the import surely runs whenever the call does; everywhere else it
imports the module alone, as before, so no crash is claimed that Python might not raise.

Python is the judge of every tree: each member imported first in a fresh interpreter.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from importmap.domain import Context
from tests.functional.helpers import run_in
from tests.semantics.graph_judge import both_scans, records, run_python, write_tree

MEMBERS = ("app.a", "app.main")


def factory_tree(
    register: str, a: str = "import app.main\n\nX = 1\n", call: str = "create_app()"
) -> dict[str, str]:
    return {
        "app/__init__.py": "",
        "app/a.py": a,
        "app/main.py": f"from app.factory import create_app\n\napp = {call}\n",
        "app/factory.py": (
            "from app import helpers\n\n\ndef create_app():\n    return helpers.register()\n"
        ),
        "app/helpers.py": register,
    }


READS_X = "def register():\n    from app.a import X\n\n    return X\n"


# Before the import, statements that cannot end the function (review R1: each was missed).
STATEMENTS_THAT_RUN_ON = {
    "a nested function that returns": "    def g():\n        return 1\n\n",
    "a loop left by break": "    for _ in range(1):\n        break\n",
    "a loop whose turn ends by continue": "    for _ in range(1):\n        continue\n",
}


@pytest.mark.parametrize("case", sorted(STATEMENTS_THAT_RUN_ON))
def test_statements_that_cannot_end_the_function_leave_the_import_sure(
    tmp_path: Path, case: str
) -> None:
    register = READS_X.replace(
        "def register():\n", "def register():\n" + STATEMENTS_THAT_RUN_ON[case]
    )
    root = write_tree(tmp_path, factory_tree(register))
    judged = run_python(root, "import app.a")
    assert "ImportError: cannot import name 'X' from partially initialized module 'app.a'" in (
        judged.stderr
    )
    result = run_in(root, "check", "app", "--select", "IMP001", "--no-cache")
    assert result.returncode == 1, result.stdout
    assert "1 of 2 member(s) raise when imported first: app.a" in result.stdout


def test_a_name_read_from_a_half_imported_module_inside_a_call_raises(tmp_path: Path) -> None:
    root = write_tree(tmp_path, factory_tree(READS_X))
    judged = run_python(root, "import app.a")
    assert "ImportError: cannot import name 'X' from partially initialized module 'app.a'" in (
        judged.stderr
    )
    assert run_python(root, "import app.main").returncode == 0
    for codebase in both_scans(root):
        (called,) = [r for r in records(codebase, "app.main") if r.context is Context.CALLED]
        assert (called.imported, called.names, called.surely_runs) == ("app.a", ("X",), True)
    result = run_in(root, "check", "app", "--select", "IMP001", "--no-cache")
    assert result.returncode == 1, result.stdout
    assert (
        "raises when entered from app.a: ImportError: cannot import name 'X' from partially "
        "initialized module 'app.a'"
    ) in result.stdout
    assert "1 of 2 member(s) raise when imported first: app.a" in result.stdout


SAFE = {
    "the import sits in a try that catches ImportError": factory_tree(
        "def register():\n    try:\n        from app.a import X\n    except ImportError:\n"
        "        X = None\n    return X\n"
    ),
    "the function may return before the import": factory_tree(
        "ENABLED = False\n\n\ndef register():\n    if not ENABLED:\n        return None\n"
        "    from app.a import X\n\n    return X\n"
    ),
    "the function is a generator: calling it runs none of its body": factory_tree(
        "def register():\n    from app.a import X\n\n    yield X\n"
    ),
    "the function is decorated: the wrapper need not run its body": factory_tree(
        "def later(function):\n    return lambda: None\n\n\n@later\ndef register():\n"
        "    from app.a import X\n\n    return X\n"
    ),
    "the call is in a conditional expression that is not evaluated": factory_tree(
        READS_X, call="create_app() if len(__name__) > 99 else None"
    ),
    "the name is bound before the cycle closes": factory_tree(
        READS_X, a="X = 1\n\nimport app.main\n"
    ),
    # Found by a generated comparison with CPython (review R1): each claimed a crash before.
    "the call is past the first comparison of a chained one that fails": factory_tree(
        READS_X, call="0 > 1 < create_app()"
    ),
    "the caller binds the name again before calling it": factory_tree(
        READS_X, call="None\ncreate_app = lambda: None\napp = create_app()"
    ),
    "the function's module binds its name again": factory_tree(
        READS_X + "\n\nregister = lambda: None\n"
    ),
    "the caller calls a first def of the name, defined again after the call": factory_tree(READS_X)
    | {
        "app/main.py": (
            "def create_app():\n    return None\n\n\napp = create_app()\n\n\n"
            "def create_app():\n    from app.a import X\n\n    return X\n"
        ),
    },
    "the function calls through a local named like a module": factory_tree(READS_X)
    | {
        "app/factory.py": (
            "from app import helpers\n\n\nclass _Other:\n    @staticmethod\n"
            "    def register():\n        return None\n\n\ndef create_app():\n"
            "    helpers = _Other\n    return helpers.register()\n"
        ),
    },
    "the call sits in a while loop whose test is false": factory_tree(
        READS_X, call="None\nwhile False:\n    create_app()"
    ),
    "the call sits in a loop over an empty list": factory_tree(
        READS_X, call="None\nfor _ in []:\n    create_app()"
    ),
    "the import itself sits in a loop over an empty tuple": factory_tree(
        "", a="import app.main\n\nX = 1\n"
    )
    | {"app/main.py": "for _ in ():\n    from app.a import X\n"},
}


@pytest.mark.parametrize("case", sorted(SAFE))
def test_no_crash_is_claimed_where_python_imports_every_member(tmp_path: Path, case: str) -> None:
    root = write_tree(tmp_path, SAFE[case])
    for member in MEMBERS:
        judged = run_python(root, f"import {member}")
        assert judged.returncode == 0, (member, judged.stderr)
    result = run_in(root, "check", "app", "--select", "IMP001", "--no-cache")
    assert result.returncode == 0, result.stdout
