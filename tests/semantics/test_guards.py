"""Every spelling of the type-checking guard: one detector, the same answer on every scan path.

Python is the judge: `pkg/boom.py` raises when imported, so importing `pkg.user` in a fresh
interpreter proves which branch runs. The whole-file scan and the located (imports-only) scan
must both call the branch that never runs TYPE_CHECKING, and the other CONDITIONAL.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from importmap.domain import Context
from importmap.guards import guard_names, header_guard, type_checking_guard
from importmap.import_outcome import Verdict
from importmap.scan.whole_file.salvage import salvage_imports
from tests.functional.helpers import run_in
from tests.semantics.graph_judge import both_scans, contexts_of, run_python, write_tree
from tests.semantics.judge_by_python import agree, tree

BODY, ELSE = "body", "else"

SPELLINGS = [
    ("from typing import TYPE_CHECKING", "TYPE_CHECKING", BODY),
    ("import typing", "typing.TYPE_CHECKING", BODY),
    ("import typing as t", "t.TYPE_CHECKING", BODY),
    ("from typing import TYPE_CHECKING as TC", "TC", BODY),
    ("from typing import (\n    TYPE_CHECKING as TC,\n)", "TC", BODY),
    ("from typing import TYPE_CHECKING", "TYPE_CHECKING is True", BODY),
    ("from typing import TYPE_CHECKING", "TYPE_CHECKING == True", BODY),
    ("from typing import TYPE_CHECKING", "TYPE_CHECKING is not False", BODY),
    ("from typing import TYPE_CHECKING", "TYPE_CHECKING and True", BODY),
    ("from typing import TYPE_CHECKING", "TYPE_CHECKING and VALUE", BODY),
    ("import typing_extensions", "typing_extensions.TYPE_CHECKING", BODY),
    ("from typing_extensions import TYPE_CHECKING", "TYPE_CHECKING", BODY),
    ("from typing_extensions import TYPE_CHECKING as TC", "TC", BODY),
    # A module that spares itself `import typing` (the standard library does this).
    ("TYPE_CHECKING = False", "TYPE_CHECKING", BODY),
    ("", "False", BODY),
    ("", "0", BODY),
    ("from typing import TYPE_CHECKING", "not TYPE_CHECKING", ELSE),
    ("from typing import TYPE_CHECKING as TC", "not TC", ELSE),
    ("import typing", "not typing.TYPE_CHECKING", ELSE),
    ("import typing as t", "not t.TYPE_CHECKING", ELSE),
    ("from typing import TYPE_CHECKING", "TYPE_CHECKING is False", ELSE),
    ("from typing import TYPE_CHECKING", "TYPE_CHECKING is not True", ELSE),
    ("", "not False", ELSE),
]


def _tree(tmp_path: Path, prelude: str, test: str, checking: str) -> Path:
    never, runs = ("boom", "fine") if checking == BODY else ("fine", "boom")
    # The prelude and the guarded block are apart, with code between: the located scan reads
    # the `if` block as a piece of its own, without the alias import.
    user = f"{prelude}\n\nVALUE = 1\n\n\nif {test}:\n    import pkg.{never}\nelse:\n    import pkg.{runs}\n"

    return write_tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/boom.py": "raise RuntimeError('a type-checking import ran')\n",
            "pkg/fine.py": "",
            "pkg/user.py": user,
        },
    )


@pytest.mark.parametrize(("prelude", "test", "checking"), SPELLINGS)
def test_python_never_runs_the_branch_every_scan_calls_type_checking(
    tmp_path: Path, prelude: str, test: str, checking: str
) -> None:
    root = _tree(tmp_path, prelude, test, checking)
    judged = run_python(root, "import pkg.user, sys; print(sorted(sys.modules))")
    assert judged.returncode == 0, judged.stderr
    assert "pkg.boom" not in judged.stdout and "pkg.fine" in judged.stdout
    for codebase in both_scans(root):
        found = contexts_of(codebase, "pkg.user")
        assert found["pkg.boom"] is Context.TYPE_CHECKING, (test, found)
        assert found["pkg.fine"] is Context.CONDITIONAL, (test, found)
        assert not codebase.errors


@pytest.mark.parametrize(("prelude", "test", "checking"), SPELLINGS)
def test_the_salvage_of_a_broken_file_asks_the_same_detector(
    prelude: str, test: str, checking: str
) -> None:
    # The file does not parse (the last line), so its imports are read line by line.
    text = f"{prelude}\nif {test}:\n    import boom\nelse:\n    import fine\ndef broken(:\n"
    found = {raw.module: raw.context for raw in salvage_imports(text)}
    never, runs = ("boom", "fine") if checking == BODY else ("fine", "boom")
    assert found[never] is Context.TYPE_CHECKING
    assert found[runs] is Context.CONDITIONAL


def test_the_detector_declines_what_may_run() -> None:
    names = guard_names("from typing import TYPE_CHECKING as TC\n")
    assert names == {"TYPE_CHECKING", "TC"}
    for header in ("if FLAG:", "if TC or FLAG:", "if True:", "if 'False':", "if TC is None:"):
        assert header_guard(header, names) is None, header
    assert header_guard("if not TC:  # why", names) is False
    assert header_guard("if TC:", frozenset({"TYPE_CHECKING"})) is None
    assert type_checking_guard.__module__ == "importmap.guards"


@pytest.mark.parametrize(
    ("guard", "duplicates"),
    [
        ("from typing import TYPE_CHECKING as TC\nif TC:", False),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING is True:", False),
        ("from typing import TYPE_CHECKING\nif not TYPE_CHECKING:\n    pass\nelse:", False),
        # IMP106 is ruff's F811: an import on a branch that may not run, then again, is no
        # redefinition of an unused name for ruff; the same import twice at the top is.
        ("FLAG = True\nif FLAG:", False),
        ("import json\nimport json\nif True:", True),
    ],
)
def test_imp106_reads_the_guard_as_the_import_scan_does(
    tmp_path: Path, guard: str, duplicates: bool
) -> None:
    # A name imported for the type checker and again at run time is no duplicate (IMP106).
    module = f"{guard}\n    import json\nimport json\nprint(json)\n"
    write_tree(tmp_path, {"app/__init__.py": "", "app/m.py": module})
    assert run_python(tmp_path, "import app.m").returncode == 0
    result = run_in(tmp_path, "check", "app", "--select", "IMP106")
    assert result.returncode == 0, result.stdout + result.stderr
    assert ("IMP106" in result.stdout) is duplicates, result.stdout


@pytest.mark.parametrize(("prelude", "test", "checking"), SPELLINGS)
def test_the_import_order_simulation_skips_the_same_branch(
    tmp_path: Path, prelude: str, test: str, checking: str
) -> None:
    # `pkg.back` imports a name `pkg.user` binds only at its end: the branch that imports it
    # would raise the circular ImportError, so the verdict shows which branch was taken.
    never, runs = ("back", "fine") if checking == BODY else ("fine", "back")
    user = (
        f"{prelude}\n\nVALUE = 1\n\n\nif {test}:\n    import pkg.{never}\n"
        f"else:\n    import pkg.{runs}\n\nLATER = 2\n"
    )
    root = tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/back.py": "from pkg.user import LATER\n",
            "pkg/fine.py": "",
            "pkg/user.py": user,
        },
    )
    assert agree(root, "pkg.user").verdict is Verdict.SURVIVES
