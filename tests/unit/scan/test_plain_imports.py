"""A plain import line read without the parser gives exactly the parser's records, or None."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importmap.scan.imports_only.plain_imports import read_bracketed_import, read_plain_import
from importmap.scan.scanner import scan_bytes

READ = [
    "import os",
    "import os.path",
    "import os.path as p, sys, json as j",
    "import\tos  # comment",
    "from . import x",
    "from .. import x as y, z",
    "from .a.b import c",
    "from a.b import *",
    "from __future__ import annotations",
    "from  a  import  b ,c  # two spaces everywhere",
    "from ...pkg import x",
]
DECLINED = [
    "from a import (b, c)",  # brackets: read_bracketed_import's
    "import os; import sys",
    "import os \\",
    "lazy import os",
    "from typing import TYPE_CHECKING",
    "from café import x",
    "if x: import os",
    "    import os",
    'from fake import a  # """; from real import b',
    "import os  # it's",
    "x = 1",
]


@pytest.mark.parametrize("line", READ)
def test_plain_lines_equal_the_parser(line: str) -> None:
    assert read_plain_import(line, 1) == list(scan_bytes(line.encode()).imports)


@pytest.mark.parametrize("line", DECLINED)
def test_anything_else_goes_to_the_parser(line: str) -> None:
    assert read_plain_import(line, 1) is None


_NAMES = st.sampled_from(["a", "b_2", "_c", "Mod", "x1"])
_SPACE = st.sampled_from([" ", "  ", "\t", " \t"])
_GAP = st.sampled_from(["", " ", "\t"])


# The strategies are built once: hypothesis validates each new one, which cost as much as the
# drawing itself when they were built inside every draw.
_DOTTED = st.lists(_NAMES, min_size=1, max_size=3)
_ALIAS = st.one_of(st.just(None), _NAMES)
_TAIL = st.sampled_from(["", "  # note", "#", " "])
_ONE_TO_THREE = st.integers(1, 3)
_ZERO_TO_FIVE = st.integers(0, 5)
_ZERO_TO_THREE = st.integers(0, 3)


@st.composite
def import_lines(draw: st.DrawFn) -> str:
    space = draw(_SPACE)
    dotted = ".".join(draw(_DOTTED))
    aliased = draw(_ALIAS)
    alias = "" if aliased is None else f"{space}as{space}{aliased}"
    tail = draw(_TAIL)
    if draw(st.booleans()):
        listed = [f"{draw(_NAMES)}{alias}" for _ in range(draw(_ONE_TO_THREE))]
        names = "*" if draw(_ZERO_TO_FIVE) == 0 else f"{draw(_GAP)},{draw(_GAP)}".join(listed)
        dots = "." * draw(_ZERO_TO_THREE)
        module = dotted if not dots or draw(st.booleans()) else ""
        return f"from{space}{dots}{module}{space}import{space}{names}{tail}"
    listed = [f"{dotted}{alias}" for _ in range(draw(_ONE_TO_THREE))]
    return f"import{space}{', '.join(listed)}{tail}"


@settings(max_examples=400, deadline=None)
@given(import_lines())
def test_generated_lines_equal_the_parser_or_decline(line: str) -> None:
    records = read_plain_import(line, 1)
    if records is not None:
        assert records == list(scan_bytes(line.encode()).imports), line


BRACKETED = [
    "from a import (b, c)",
    "from a.b import (c as d)  # note",
    "from . import (\n    x,\n    y as z,\n)",
    "from ..m import (a,  # first\n\n    # between\n\tb)  # after",
    "from m import (\n    a\n    ,b\n    )",
    "from m import (  # opened\n a, b, c,\n d)",
]
BRACKETED_DECLINED = [
    'from fake import (  # """; from real import (y,\na)',
    "from m import (a); import b",
    "from m import (a,\n b); import c",
    "from m import (a,\n b) \\\n",
    "from m import (a,\n b as caf\u00e9)",
    "from typing import (\n    TYPE_CHECKING,\n)",
    "from m import (\n    a,\n",
    "import os",
    "lazy from m import (a)",
    "    from m import (a)",
]


@pytest.mark.parametrize("text", BRACKETED)
def test_bracketed_statements_equal_the_parser(text: str) -> None:
    lines = text.split("\n")
    found = read_bracketed_import(lines, 0)
    assert found is not None
    records, last = found
    assert records == list(scan_bytes(text.encode()).imports)
    assert last == len(lines) - 1


@pytest.mark.parametrize("text", BRACKETED_DECLINED)
def test_anything_else_in_brackets_goes_to_the_parser(text: str) -> None:
    assert read_bracketed_import(text.split("\n"), 0) is None


def test_bracketed_statement_is_found_among_other_lines() -> None:
    lines = ["x = 1", "from m import (", "    a,", ")", "y = (1,", "2)"]
    found = read_bracketed_import(lines, 1)
    assert found is not None
    assert found[1] == 3
    assert [record.names for record in found[0]] == [("a",)]


_LISTED = st.lists(_NAMES, min_size=1, max_size=4)
_ALIASES = st.sampled_from(["", " as x", "  as\ty"])
_ZERO_TO_TWO = st.integers(0, 2)
_BEFORE_BRACKET = st.sampled_from(["", " ", "\t"])
_BEFORE_NAME = st.sampled_from(["", " ", "\n    ", "  # c\n", "\n\n  "])
_BEFORE_CLOSE = st.sampled_from(["", "\n", " # end\n", "\n  "])
_AFTER_CLOSE = st.sampled_from(["", "  # done", " "])


@st.composite
def bracketed_statements(draw: st.DrawFn) -> str:
    names = draw(_LISTED)
    parts = [name + draw(_ALIASES) for name in names]
    pieces = ["from", draw(_SPACE), "." * draw(_ZERO_TO_TWO), "m.n", draw(_SPACE), "import"]
    pieces.append(draw(_BEFORE_BRACKET) + "(")
    for part in parts:
        pieces.append(draw(_BEFORE_NAME))
        pieces.append(part)
        pieces.append(draw(_GAP) + ",")
    if draw(st.booleans()):
        pieces.pop()  # no trailing comma
    pieces.append(draw(_BEFORE_CLOSE) + ")")
    pieces.append(draw(_AFTER_CLOSE))
    return "".join(pieces)


@settings(max_examples=400, deadline=None)
@given(bracketed_statements())
def test_generated_bracketed_statements_equal_the_parser_or_decline(text: str) -> None:
    lines = text.split("\n")
    found = read_bracketed_import(lines, 0)
    assert found is not None, text
    records, last = found
    assert records == list(scan_bytes(text.encode()).imports), text
    assert last == len(lines) - 1
