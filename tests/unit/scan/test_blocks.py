"""Reading imports from their enclosing blocks gives what the whole-file scan gives, or nothing.

`imports_from_blocks` may decline (None) when indentation misleads it; it must never return a
different answer. The located lines here come from `ast`, as grimp's would.
"""

from __future__ import annotations

import ast
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importmap.domain import Context
from importmap.scan.imports_only import blocks as blocks_module
from importmap.scan.imports_only.blocks import imports_from_blocks
from importmap.scan.lexer import physical_lines
from importmap.scan.scanner import scan_bytes
from importmap.scan.source import parse
from importmap.scan.whole_file.collect import RawImport


def located_lines(text: str) -> set[int]:
    tree, _, problem = parse(text)
    if tree is None:
        raise SyntaxError(problem)
    return {
        node.lineno for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
    }


def whole_file(text: str) -> list[RawImport]:
    return sorted(scan_bytes(text.encode()).imports, key=_order)


def from_blocks(text: str) -> list[RawImport] | None:
    found = imports_from_blocks(text, located_lines(text))
    return None if found is None else sorted(found, key=_order)


def assert_agrees_or_declines(text: str) -> None:
    """The blocks' answer is the whole file's, or there is none (the caller parses it whole)."""
    found = from_blocks(text)
    assert found is None or found == whole_file(text)


def _order(raw: RawImport) -> tuple[int, int, str]:
    return (raw.line, raw.column, raw.module)


READ_FROM_BLOCKS = {
    "method": """
        import os


        class A:
            x = 1

            @property
            def f(self):
                '''Doc.'''
                import json
                return json

            def g(self):
                if self:
                    from os import path
        """,
    "multi-line header": """
        class A:
            def f(
                self,
                a: int = (
                    1
                ),
            ) -> None:
                import json
        """,
    "type checking alias": """
        from typing import TYPE_CHECKING as TC
        import sys

        if TC:
            from collections import OrderedDict
        else:
            OrderedDict = dict
        if not TC:
            import json
        """,
    "try chain": """
        try:
            import ujson as json
        except ImportError:
            import json
        else:
            pass
        finally:
            import os
        """,
    "one-line compounds at column 0": """
        if sys: import json
        try: import ujson
        except ImportError: ujson = None
        """,
    "nested def in class in if": """
        import sys
        if sys.version_info >= (3, 11):
            class A:
                import json

                async def f(self):
                    for x in ():
                        import os
        """,
    "col-0 comment inside a function": """
        def f():
            x = 1
        # a comment at column 0
            import json
        """,
    "match and with": """
        def handle(command):
            match command:
                case "a":
                    import json
        with open("x") as handle:
            import os
        """,
    "parenthesised and continued imports": """
        def f():
            from os import (
                path,
                sep,
            )
            import json, \\
                sys
        """,
    "lazy": """
        lazy import json
        def f():
            lazy from os import path
        """,
    "semicolons": """
        def f():
            x = 1; import json
        x = 2; import os
        """,
    "dynamic imports": """
        import importlib

        PLUGIN = importlib.import_module("json")


        def load(name):
            handler = (lambda: __import__("os.path"))
            return importlib.import_module(
                ".sub", __package__
            )
        """,
    # Below its last import a block is not read, so nothing there can mislead.
    "bracket continued at column 0 below the import": """
        def f():
            import json
            return dict(
        a=1,
        )
        import os
        """,
    "string at column 0 below the import": '''
        def f():
            import json
            text = """
        x
        """
        ''',
    "plain import of import_module, then the call": """
        from importlib import import_module
        import os

        PLUGIN = import_module("json")
        """,
    "decorated class holding an import": """
        @decorator(
            1,
        )
        class A:
            import json
        """,
}


READ_FROM_BLOCKS["bracketed at module level, dynamic mention in a comment"] = """
    from pkg import (  # not importlib.import_module("x")
        a,
        b,
    )


    def f():
        from pkg import (
            c,
        )
        return importlib.import_module("pkg.d")
    """


# Lines that look like imports at column 0 but are not read as such by Python: the one above
# continues into them, or they start inside a string that ends before the real import.
CONTINUED_OR_INSIDE_A_STRING = [
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING: \\\nfrom m import (a,\n b)\n",
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING: \\\nfrom m import a\n",
    "def f(): \\\nimport os\n",
    's = """\nfrom fake import (  # """; from real import (y,\na)\n',
    's = """\nfrom fake import a  # """; from real import b\n',
    's = """\nif x:  # """; import os\n',
]


@pytest.mark.parametrize("text", CONTINUED_OR_INSIDE_A_STRING)
def test_lines_continued_or_inside_a_string_agree_or_decline(text: str) -> None:
    assert_agrees_or_declines(text)


@pytest.mark.parametrize("name", sorted(READ_FROM_BLOCKS))
def test_blocks_equal_the_whole_file_scan(name: str) -> None:
    text = textwrap.dedent(READ_FROM_BLOCKS[name]).lstrip("\n")
    assert from_blocks(text) == whole_file(text)


def test_contexts_read_from_blocks() -> None:
    text = textwrap.dedent(READ_FROM_BLOCKS["type checking alias"]).lstrip("\n")
    contexts = {raw.module: raw.context for raw in from_blocks(text) or []}
    assert contexts == {
        "typing": Context.MODULE,
        "sys": Context.MODULE,
        "collections": Context.TYPE_CHECKING,
        "json": Context.CONDITIONAL,
    }


MISLEADING = {
    "dynamic import after a string closed at column 0": '''
        def f():
            text = """
        x
        """
            m = importlib.import_module("json")
            text = """
        y
        """
        ''',
    "string end hidden behind a comment": '''
        class A:
            s = """
        def f():
            # """
            import json
        ''',
    "docstring lines at column 0 or looking like code": '''
        def h(x):
            r"""
            Over lines, with a line at column 0:
        like this one, or one that looks like code:
          def fake():
            """
            import sys
        ''',
    "string at column 0 above the import": '''
        def f():
            text = """
        def g():
        """
            import json
        ''',
}


@pytest.mark.parametrize("name", sorted(MISLEADING))
def test_misleading_indentation_declines_rather_than_guessing(name: str) -> None:
    text = textwrap.dedent(MISLEADING[name]).lstrip("\n")
    assert from_blocks(text) is None
    assert whole_file(text)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_endings_other_than_newline(newline: str) -> None:
    text = "import os\ndef f():\n    import json\n".replace("\n", newline)
    assert from_blocks(text) == whole_file(text)
    assert [raw.line for raw in from_blocks(text) or []] == [1, 3]


def test_form_feed_does_not_shift_lines() -> None:
    text = "import os\n\f\ndef f():\n    import json\n"
    assert len(physical_lines(text)) == 5
    assert from_blocks(text) == whole_file(text)
    assert [(raw.line, raw.statement) for raw in whole_file(text)] == [
        (1, "import os"),
        (4, "import json"),
    ]


# A line inside a string that looks like a block's header: read from that line down, the string
# looks like code (its closing quote opens a "docstring" that a comment then closes).
HEADER_INSIDE_A_STRING = {
    "def in a string above a class-level import": (
        'class A:\n    text = """\n  def fake():\n    """ # """\n    import json\n',
        Context.CLASS,
    ),
    "if in a string above a class-level import": (
        'class A:\n    text = """\nif True:\n    """ # """\n    import json\n',
        Context.CLASS,
    ),
    "def in single-quoted triple string": (
        "class A:\n    text = '''\n  def fake():\n    ''' # '''\n    import json\n",
        Context.CLASS,
    ),
    "def in a one-line string continued by a backslash": (
        'class A:\n    text = "abc\\\n  def fake(): \\\n"\n    import json\n',
        Context.CLASS,
    ),
}


@pytest.mark.parametrize("name", sorted(HEADER_INSIDE_A_STRING))
def test_a_header_inside_a_string_is_never_taken_for_code(name: str) -> None:
    text, context = HEADER_INSIDE_A_STRING[name]
    assert [raw.context for raw in whole_file(text)] == [context]
    assert_agrees_or_declines(text)


# Found by review (2026-11-29). Each agrees with the whole file or declines.
REVIEWED = {
    # A form feed resets the column: `\fif x:` is a top-level statement, not an indented line.
    "form feed before a top-level if": "def f():\n    pass\n\fif x:\n    pass\nelse:\n    import os\n",
    "form feed before a top-level try": (
        "def f():\n    pass\n\ftry:\n    pass\nexcept ImportError:\n    import os\n"
    ),
    # Dedenting a piece must not change a string that spans lines.
    "multi-line string argument in a method": (
        'class A:\n    def f(self):\n        importlib.import_module("""\n        a""")\n'
    ),
    # A line at column 0 inside brackets is no statement of its own.
    "dynamic call at column 0 inside brackets": "def f():\n    z = f(\n__import__('w')\n    )\n",
    "dynamic call at column 0 inside a list": "x = [\nimportlib.import_module('w')]\n",
    "dynamic call at column 0 inside a return": "def f():\n    return (\nimport_module('w'))\n",
}


@pytest.mark.parametrize("name", sorted(REVIEWED))
def test_reviewed_cases_agree_or_decline(name: str) -> None:
    text = REVIEWED[name]
    assert_agrees_or_declines(text)


def test_a_dynamic_import_in_an_except_or_case_body_is_recorded_once() -> None:
    text = (
        "try:\n    pass\nexcept ImportError:\n    importlib.import_module('a')\n"
        "    def f():\n        importlib.import_module('b')\n"
        "match x:\n    case 1 if importlib.import_module('c'):\n"
        "        importlib.import_module('d')\n"
    )
    assert [(raw.module, raw.context) for raw in whole_file(text)] == [
        ("a", Context.CONDITIONAL),
        ("b", Context.FUNCTION),
        ("c", Context.MODULE),
        ("d", Context.CONDITIONAL),
    ]
    assert_agrees_or_declines(text)


# Imports inside a function, read from their lines: no parse at all.
READ_AS_TEXT = {
    "docstrings of every shape": '''
        def f():
            """It's a docstring: "quoted" words."""
            import json


        def g():
            \'\'\'Single-quoted.\'\'\'
            from os import path


        def h(x):
            r"""
            Over lines, with \\backslashes, 'quotes' and # hashes.
            """
            import sys
        ''',
    "methods, decorators, signatures over lines": """
        class A:
            @property
            def f(
                self,
                value: int = 1,
            ) -> int:
                # A comment with a "quote"
                total = value + \\
                    1
                from . import sibling
                from .pkg import (
                    a,  # why
                    b,
                )
                import os.path as osp, re
                return total
        """,
    "def inside blocks that would not defer": """
        import typing

        if typing.TYPE_CHECKING:
            class B:
                def g(self):
                    if self:
                        import collections
        try:
            def h():
                from .. import parent
        except ImportError:
            pass
        """,
}


@pytest.mark.parametrize("name", sorted(READ_AS_TEXT))
def test_imports_in_functions_are_read_from_their_lines(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = textwrap.dedent(READ_AS_TEXT[name]).lstrip("\n")
    expected = whole_file(text)
    assert {raw.context for raw in expected} - {Context.MODULE} == {Context.FUNCTION}

    def no_parse(text: str) -> None:
        raise AssertionError("parsed a block")

    monkeypatch.setattr(blocks_module, "parse", no_parse)
    assert from_blocks(text) == expected


# Generated modules: statements nested in every kind of block, with strings and comments whose
# lines sit at any indentation. Whatever the nesting, blocks agree with the whole file or decline.
_SIMPLE = st.sampled_from(
    [
        "import json",
        "from os import path",
        "from . import sibling",
        "x = 1",
        "pass",
        "# comment",
        # `|` marks a line inside a string: it keeps its column whatever the nesting.
        'text = """\n|import fake\n|  def g():\n|"""',
        'text = """\n  if x:\n"""',
        "value = call(\n    1,\n)",
        "if x: import sys",
        'm = importlib.import_module("json")',
        # A header continued by `\` into an import at column 0: one logical line.
        "if TYPE_CHECKING: \\\n|from os import (path,\n|  sep)",
        # A string that ends on a line looking like an import, before the real one.
        'text = """\n|from fake import (  # """; from os import (sep,\n|path)',
        'text = """\n|from fake import a  # """; import json',
        # A string holding a `def` at a lower indentation, closed where a comment hides the
        # next triple quote: read from the `def` down, the string looks like a docstring.
        'text = """\n|  def fake():\n|    """ # """',
        "text = '''\n|def fake():\n|'''  # '''",
        # A one-line string continued by a backslash, holding a `def`.
        'text = "abc\\\n|  def fake(): \\\n|"',
        # Docstrings of every shape, and strings holding triple quotes.
        '"""Doc with it\'s apostrophe."""',
        "'''Doc in single quotes.'''",
        '"""\nDoc over lines.\n"""',
        'r"""Doc with \\backslash."""',
        'quotes = \'"""\'',
        "total = 1 + \\\n    2",
        # A dynamic import on a line at column 0 inside brackets.
        "value = call(\n|__import__('json'),\n)",
    ]
)
_HEADERS = st.sampled_from(
    [
        "def f():",
        "async def f(\n    a,\n):",
        "class A:",
        "if TYPE_CHECKING:",
        "if x:",
        "for x in y:",
        "while x:",
        "with x:",
        "try:",
    ]
)


@st.composite
def blocks(draw: st.DrawFn, depth: int = 0) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        if depth < 3 and draw(st.booleans()):
            header = draw(_HEADERS)
            body = draw(blocks(depth + 1))
            lines.extend(header.split("\n"))
            lines.extend(line if line.startswith("|") else "    " + line for line in body)
            if header == "try:":
                lines.extend(["except ImportError:", "    import os"])
        else:
            lines.extend(draw(_SIMPLE).split("\n"))
    return lines


@settings(max_examples=300, deadline=None)
@given(blocks())
def test_generated_modules_agree_or_decline(lines: list[str]) -> None:
    text = "\n".join(line.removeprefix("|") for line in lines) + "\n"
    try:
        located = located_lines(text)
    except SyntaxError:
        return
    found = imports_from_blocks(text, located)
    if found is not None:
        assert sorted(found, key=_order) == whole_file(text)
