"""The cut-down parse the simulator reads: every function body cut to `pass`, nothing else changed.

The judge is `ast.parse` of the whole source: the skeleton's tree must equal it with its
function bodies replaced by `pass`, statement lines included, or the skeleton must decline
(None: the simulator then parses the whole file).
"""

from __future__ import annotations

import ast
import textwrap

import pytest

from importmap.semantics.skeleton import parse_skeleton


def _bodies_cut(tree: ast.Module) -> str:
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            node.body = [ast.Pass()]
    return ast.dump(tree, include_attributes=False)


def _lines(tree: ast.Module) -> list[tuple[str, int]]:
    """Type and first line of every statement outside function bodies, in order."""
    found: list[tuple[str, int]] = []

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            found.append((type(node).__name__, node.lineno))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for field in ("body", "orelse", "finalbody"):
                visit(getattr(node, field, None) or [])
            for handler in getattr(node, "handlers", None) or []:
                visit(handler.body)

    visit(tree.body)
    return found


def _same_as_whole(source: str) -> ast.Module:
    skeleton = parse_skeleton(source)
    assert skeleton is not None
    whole = ast.parse(source)
    assert _bodies_cut(skeleton) == _bodies_cut(ast.parse(source))
    assert _lines(skeleton) == _lines(whole)
    return skeleton


CUT = {
    "plain": """
        import os
        def f(a, b=os.sep):
            x = 1
            return x
        VALUE = f(1)
        """,
    "multi-line signature with a lambda default and an annotation": """
        from typing import Dict
        def g(
            key=lambda item: item[0],
            table: Dict[str, int] = {"a": 1},
        ) -> Dict[str, int]:
            '''A docstring
            over lines.'''
            return {}
        AFTER = 1
        """,
    "decorators, methods, nested defs and classes": """
        import functools
        class A(object):
            attribute = 1
            @functools.lru_cache()
            def method(self):
                def inner():
                    class Local:
                        pass
                    return Local
                return inner
            async def coroutine(self):
                await self.method()
        B = A
        """,
    "defs under if and try, comment dedented in a body": """
        try:
            def h():
                pass
        # a comment at column 0 between two statements of the body
                return 2
        except ImportError:
            def h():
                return 3
        if True:
            def k(): return 4
        """,
    "one-line def with brackets over lines": """
        def one(): return [
            1,
        ]
        def two():
            return one()
        after = two
        """,
    "crlf line ends": "def f():\r\n    return 1\r\nX = 2\r\n",
}


@pytest.mark.parametrize("source", CUT.values(), ids=CUT.keys())
def test_the_cut_reads_as_the_whole_parse(source: str) -> None:
    _same_as_whole(textwrap.dedent(source))


def test_a_cut_body_keeps_every_line_number() -> None:
    source = "def f():\n    a = 1\n    b = 2\n    c = 3\nclass C:\n    x = 1\nZ = C\n"
    skeleton = _same_as_whole(source)
    assert [(type(node).__name__, node.lineno) for node in skeleton.body] == [
        ("FunctionDef", 1),
        ("ClassDef", 5),
        ("Assign", 7),
    ]
    function = skeleton.body[0]
    assert isinstance(function, ast.FunctionDef)
    assert [type(node).__name__ for node in function.body] == ["Pass"]


DECLINED = {
    # A string spanning the cut: the body's indentation ends inside it.
    "string at column 0 in a body": 'def f():\n    s = """\nx = 1\n"""\n    return s\nY = 2\n',
    # The def is text inside a string, not a statement.
    "def in a module docstring": '"""Example:\n\ndef fake():\n    pass\n"""\nX = 1\n',
    "docstring at column 0": "def f():\n    '''Doc\nat column 0.'''\n    return 1\nX = 1\n",
    "tab indentation": "if True:\n\tdef f():\n\t\treturn 1\n",
    "form feed": "def f():\n    return 1\n\x0c\nX = 1\n",
    "bracket continued at column 0": "def f():\n    x = (1,\n2)\n    return x\nY = 1\n",
    "backslash in a header": "def f(a, \\\n      b):\n    return a\n",
}


@pytest.mark.parametrize("source", DECLINED.values(), ids=DECLINED.keys())
def test_unsure_text_is_declined_or_read_the_same(source: str) -> None:
    ast.parse(source)  # valid Python: the simulator must read it one way or the other
    skeleton = parse_skeleton(source)
    if skeleton is not None:
        assert _bodies_cut(skeleton) == _bodies_cut(ast.parse(source))
        assert _lines(skeleton) == _lines(ast.parse(source))


def test_declines_what_it_cannot_be_sure_of() -> None:
    assert parse_skeleton(DECLINED["string at column 0 in a body"]) is None
    assert parse_skeleton(DECLINED["def in a module docstring"]) is None
    assert parse_skeleton("X = 1\n") is None  # nothing to cut: the whole parse is as fast


def test_invalid_source_is_declined() -> None:
    assert parse_skeleton("def f(:\n    pass\n") is None


def test_a_string_continuing_a_body_at_column_0_is_declined() -> None:
    # The string after the backslash is the body's: read at column 0 it would be a statement.
    source = 'def f():\n    x = \\\n"""text\n"""\n\n\ndef g():\n    return 1\n'
    assert parse_skeleton(source) is None
    source = 'def f():\n    x = (\n"""text"""\n    )\n    return x\nY = 1\n'
    assert parse_skeleton(source) is None
