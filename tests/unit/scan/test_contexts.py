"""Each import's context, from a parsed file, for every placement the scanner distinguishes."""

from __future__ import annotations

import textwrap

import pytest

from importmap.domain import Context
from importmap.scan.scanner import scan_bytes


def contexts(source: str) -> list[tuple[int, str, Context]]:
    scan = scan_bytes(textwrap.dedent(source).encode())
    assert scan.problem is None
    return [(raw.line, raw.module, raw.context) for raw in scan.imports]


def test_module_level_imports_are_module_context() -> None:
    assert contexts("import a\nfrom b import c\n") == [
        (1, "a", Context.MODULE),
        (2, "b", Context.MODULE),
    ]


@pytest.mark.parametrize(
    "source",
    [
        "if X:\n    import a\n",
        "try:\n    import a\nexcept ImportError:\n    pass\n",
        "with x:\n    import a\n",
        "for i in x:\n    import a\n",
        "while x:\n    import a\n",
        "match x:\n    case 1:\n        import a\n",
    ],
)
def test_module_level_blocks_are_conditional(source: str) -> None:
    assert contexts(source) == [
        (source.count("\n", 0, source.index("import a")) + 1, "a", Context.CONDITIONAL)
    ]


def test_except_branch_and_else_are_conditional() -> None:
    source = """\
    try:
        import a
    except ImportError:
        import b
    else:
        import c
    finally:
        import d
    """
    assert [c for _, _, c in contexts(source)] == [Context.CONDITIONAL] * 4


def test_class_body_is_class_context_and_methods_are_function() -> None:
    source = """\
    class A:
        import a
        def m(self):
            import b
        x = lambda: __import__("c")
    """
    assert contexts(source) == [
        (2, "a", Context.CLASS),
        (4, "b", Context.FUNCTION),
        (5, "c", Context.FUNCTION),
    ]


def test_function_wins_over_everything_inside_it() -> None:
    source = """\
    async def f():
        if TYPE_CHECKING:
            import a
        try:
            import b
        except ImportError:
            pass
    """
    assert [c for _, _, c in contexts(source)] == [Context.FUNCTION, Context.FUNCTION]


@pytest.mark.parametrize(
    "guard",
    [
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:",
        "import typing\nif typing.TYPE_CHECKING:",
        "import typing as t\nif t.TYPE_CHECKING:",
        "from typing import TYPE_CHECKING as TC\nif TC:",
        "from typing_extensions import TYPE_CHECKING\nif TYPE_CHECKING:",
    ],
)
def test_type_checking_guards_and_aliases(guard: str) -> None:
    source = f"{guard}\n    import a\nelse:\n    import b\n"
    found = [(m, c) for _, m, c in contexts(source) if m in ("a", "b")]
    assert found == [("a", Context.TYPE_CHECKING), ("b", Context.CONDITIONAL)]


def test_not_type_checking_swaps_the_branches() -> None:
    source = "if not TYPE_CHECKING:\n    import a\nelse:\n    import b\n"
    assert contexts(source) == [(2, "a", Context.CONDITIONAL), (4, "b", Context.TYPE_CHECKING)]


def test_type_checking_inside_class_is_type_checking() -> None:
    source = "class A:\n    if TYPE_CHECKING:\n        import a\n"
    assert contexts(source) == [(3, "a", Context.TYPE_CHECKING)]


def test_pep_810_lazy_imports_are_recognised() -> None:
    source = """\
    lazy import a
    lazy from b import c
    import d
    lazy = 3
    """
    scan = scan_bytes(textwrap.dedent(source).encode())
    assert scan.problem is None
    assert [(r.line, r.column, r.module, r.context, r.statement) for r in scan.imports] == [
        (1, 1, "a", Context.LAZY, "lazy import a"),
        (2, 1, "b", Context.LAZY, "lazy from b import c"),
        (3, 1, "d", Context.MODULE, "import d"),
    ]


def test_lazy_inside_type_checking_is_type_checking() -> None:
    source = "if TYPE_CHECKING:\n    lazy import a\n"
    assert contexts(source) == [(2, "a", Context.TYPE_CHECKING)]


def test_dynamic_imports_with_literal_names() -> None:
    source = """\
    import importlib
    from importlib import import_module
    plugin = importlib.import_module("pkg.plugin")
    other = import_module("pkg.other")
    legacy = __import__("pkg.legacy")
    def later():
        return importlib.import_module("pkg.late")
    not_literal = importlib.import_module(name_var)
    """
    scan = scan_bytes(textwrap.dedent(source).encode())
    dynamic = [(r.line, r.module, r.context, r.dynamic) for r in scan.imports if r.dynamic]
    assert dynamic == [
        (3, "pkg.plugin", Context.MODULE, True),
        (4, "pkg.other", Context.MODULE, True),
        (5, "pkg.legacy", Context.MODULE, True),
        (7, "pkg.late", Context.FUNCTION, True),
    ]
    assert [r.statement for r in scan.imports if r.dynamic][
        0
    ] == 'importlib.import_module("pkg.plugin")'


def test_relative_dynamic_import_needs_its_own_package_as_anchor() -> None:
    source = (
        "import importlib\n"
        'a = importlib.import_module(".x", __package__)\n'
        'b = importlib.import_module(".y")\n'
        'c = importlib.import_module(".z", package=__name__)\n'
        # The anchor is another package, unknown statically: no edge is guessed.
        'd = importlib.import_module(".management", app_config.name)\n'
        # A string anchor names the package: an absolute import of it.
        'e = importlib.import_module(".tokenization", "transformers")\n'
        'f = importlib.import_module("..util", package="pkg.sub")\n'
        'g = importlib.import_module("..", "pkg.sub")\n'
        # More dots than the anchor has parts: an error at run time, no edge.
        'h = importlib.import_module("...x", "pkg.sub")\n'
        'i = importlib.import_module(".x", "pkg..sub")\n'
    )
    dynamic = [(r.module, r.level) for r in scan_bytes(source.encode()).imports if r.dynamic]
    assert dynamic == [
        ("x", 1),
        ("z", 1),
        ("transformers.tokenization", 0),
        ("pkg.util", 0),
        ("pkg", 0),
    ]


def test_multi_line_statement_text_is_one_line() -> None:
    source = "from pkg import (\n    a,\n    b,\n)\n"
    scan = scan_bytes(source.encode())
    assert [(r.line, r.statement, r.names) for r in scan.imports] == [
        (1, "from pkg import (a, b)", ("a", "b"))
    ]


def test_relative_levels_and_wildcards() -> None:
    source = "from . import x\nfrom ..a import b\nfrom ...c.d import *\n"
    scan = scan_bytes(source.encode())
    assert [(r.module, r.level, r.names, r.wildcard) for r in scan.imports] == [
        ("", 1, ("x",), False),
        ("a", 2, ("b",), False),
        ("c.d", 3, ("*",), True),
    ]


def test_columns_are_one_based() -> None:
    source = "if x:\n    import a\n"
    assert [r.column for r in scan_bytes(source.encode()).imports] == [5]
