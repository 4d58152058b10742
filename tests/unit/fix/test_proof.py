"""The proof `fix` runs before writing: same tree apart from imports, same order in cycles."""

from __future__ import annotations

import ast

import pytest

from importmap.fix.proof import ModuleName, changed_beyond_imports, first_party_order
from importmap.guards import guard_names

PKG = ModuleName("pkg.mod", is_package=False)


def changed(old: str, new: str, name: ModuleName = PKG) -> str:
    return changed_beyond_imports(ast.parse(old), ast.parse(new), name)


def test_a_relative_import_made_absolute_is_the_same_program() -> None:
    old = "from .a import (x,\n  y as z)\nif x:\n    from ..top import w\n"
    new = "from pkg.sub.a import (x,\n  y as z)\nif x:\n    from pkg.top import w\n"
    assert changed(old, new, ModuleName("pkg.sub.mod", False)) == ""
    assert changed(old, new.replace("pkg.top", "top"), ModuleName("pkg.sub.mod", False)) != ""


def test_a_wrong_absolute_name_is_a_different_program() -> None:
    assert changed("from .a import x\n", "from src.pkg.a import x\n") == (
        "the fix would change more than import statements (near line 1)"
    )


def test_a_sorted_block_binds_the_same_names() -> None:
    old = "import sys\nimport os  # why\nfrom .a import y, x\n\nprint(os)\n"
    new = "import os  # why\nimport sys\n\nfrom .a import x, y\n\nprint(os)\n"
    assert changed(old, new) == ""


@pytest.mark.parametrize(
    ("new", "why"),
    [
        (
            "import os\nprint(sys)\n",
            "the fix would change more than import statements (near line 1)",
        ),
        (
            "import os\nimport sys\nprint(os)\nx = 1\n",
            "the fix would add or remove statements other than imports",
        ),
        (
            "import os\nprint(os)\n",
            "the fix would change more than import statements (near line 1)",
        ),
    ],
)
def test_anything_else_differs(new: str, why: str) -> None:
    assert changed("import os\nimport sys\nprint(os)\n", new) == why


def test_a_statement_moved_across_a_non_import_differs() -> None:
    old = "import a\nx = 1\nimport b\n"
    assert changed(old, "import a\nimport b\nx = 1\n") != ""


KNOWN = frozenset({"pkg", "pkg.a", "pkg.b", "pkg.c", "pkg.mod"})


PACKAGE = ModuleName("pkg", is_package=True)


def order(text: str) -> list[str]:
    return first_party_order(ast.parse(text), PACKAGE, KNOWN)


def test_order_follows_execution_not_functions_or_type_checking() -> None:
    text = (
        "import os\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from .c import C\n"
        "def later():\n"
        "    from . import c\n"
        "try:\n"
        "    from .b import x\n"
        "except ImportError:\n"
        "    from .a import x\n"
        "class K:\n"
        "    import pkg.mod\n"
    )
    assert order(text) == ["pkg.b", "pkg.a", "pkg.mod"]


def test_order_skips_the_branch_every_guard_spelling_keeps_from_run_time() -> None:
    # The same guard detector as the scan's (tests/semantics/test_guards.py lets Python judge).
    aliased = (
        "from typing import TYPE_CHECKING as TC\nif TC:\n    from .c import C\nfrom .a import x\n"
    )
    assert first_party_order(ast.parse(aliased), PACKAGE, KNOWN, guard_names(aliased)) == ["pkg.a"]
    negated = "import typing\nif not typing.TYPE_CHECKING:\n    from .a import x\nelse:\n    from .c import C\n"
    assert order(negated) == ["pkg.a"]
    assert order("if False:\n    from .c import C\nelse:\n    from .b import x\n") == ["pkg.b"]
    assert order("if FLAG:\n    from .c import C\nelse:\n    from .b import x\n") == [
        "pkg.c",
        "pkg.b",
    ]


def test_names_of_a_from_import_run_in_their_order() -> None:
    assert order("from . import b, a\n") == ["pkg.b", "pkg.a"]
    assert order("from . import a, b\n") == ["pkg.a", "pkg.b"]


def test_the_modules_own_packages_are_not_in_the_order() -> None:
    """They are in sys.modules before the module runs, so reaching them first runs nothing."""
    name = ModuleName("pkg.sub.mod", is_package=False)
    text = "import pkg.c\nfrom pkg.sub import x\nfrom pkg import a\n"
    known = KNOWN | {"pkg.sub", "pkg.sub.x"}
    assert first_party_order(ast.parse(text), name, known) == ["pkg.c", "pkg.sub.x", "pkg.a"]


def test_resolve_is_importlibs() -> None:
    assert ModuleName("a.b.c", False).resolve(1, "x") == "a.b.x"
    assert ModuleName("a.b", True).resolve(1, "x") == "a.b.x"
    assert ModuleName("a.b", True).resolve(2, None) == "a"
    assert ModuleName("a", True).resolve(2, None) is None
    assert ModuleName("a.b.c", False).resolve(0, "os") == "os"
