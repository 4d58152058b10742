"""The one hand lexer of scan/: exact answers for each kind of line it reads.

`CodeStarts` (tests/unit/scan/test_string_state.py) holds its string reader to Python's tokenizer
on generated code; these cases name each answer, and the best-guess reading the salvage of files
that do not parse relies on.
"""

from __future__ import annotations

import pytest

from importmap.domain import Context
from importmap.scan.lexer import (
    CODE,
    IMPOSSIBLE,
    IN_DOUBLE,
    IN_SINGLE,
    UNSURE,
    after_line,
    continuation_end,
    continues_above,
    opens_with_string,
    physical_lines,
)
from importmap.scan.whole_file.salvage import salvage_imports

# (line, state it begins in) -> (state it ends in, read surely; read as best guess)
AFTER_LINE = {
    "plain code": ("x = f(a)", CODE, CODE, CODE),
    "a triple string opens": ('x = """doc', CODE, IN_DOUBLE, IN_DOUBLE),
    "a triple string closes, a comment holds another": (
        'end""" + "x"  # """',
        IN_DOUBLE,
        CODE,
        CODE,
    ),
    "the other triple quote inside a string": ("it's ''' here", IN_DOUBLE, IN_DOUBLE, IN_DOUBLE),
    "an escaped quote does not close it": ("a \\''' b", IN_SINGLE, IN_SINGLE, IN_SINGLE),
    "one-line strings holding quotes and hashes": ("""s = "'''#" + '\"\"\"'""", CODE, CODE, CODE),
    "a one-line string left open": ("s = 'open", CODE, IMPOSSIBLE, CODE),
    "a one-line string continued by a backslash": ('s = "abc\\', CODE, UNSURE, '"'),
    "a backslash joint": ("x = 1 + \\", CODE, CODE, CODE),
    "a backslash before code": ("x = 1 \\ + 2", CODE, IMPOSSIBLE, CODE),
    "a triple-quoted f-string": ('s = f"""{x}', CODE, UNSURE, IN_DOUBLE),
    "an f-string whose braces do not pair": ('s = f"{x["a"]}"', CODE, UNSURE, CODE),
    "an f-string whose braces pair": ('s = rf"{x!r}" + "{"', CODE, CODE, CODE),
}


@pytest.mark.parametrize("name", sorted(AFTER_LINE))
def test_after_line(name: str) -> None:
    line, state, surely, best_guess = AFTER_LINE[name]
    assert after_line(line, state) == surely
    assert after_line(line, state, best_guess=True) == best_guess


def test_a_one_line_string_continued_by_backslashes_read_as_a_best_guess() -> None:
    lines = ["f(r'\"a\\", 'b """ \\', "c' + '''", "'''"]
    states = []
    state = CODE
    for line in lines:
        state = after_line(line, state, best_guess=True)
        states.append(state)
    assert states == ["'", "'", IN_SINGLE, CODE]
    # Not closed and not carried on by a backslash: the file is broken there; read on as code.
    assert after_line("abc", '"', best_guess=True) == CODE


def test_brackets_are_counted_in_code_only() -> None:
    depth = [0]
    assert after_line('f(a, [b, "(("  # )', CODE, depth) is CODE
    assert depth == [2]
    assert after_line('x"""  ) (', IN_DOUBLE, depth) is CODE
    assert depth == [2]


def test_physical_lines_break_where_python_does() -> None:
    assert physical_lines("a\r\nb\rc\fd\ne\x0bf\n") == ["a", "b", "c\fd", "e\x0bf", ""]
    assert physical_lines("one") == ["one"]


def test_line_joints() -> None:
    lines = ["import a, \\", "    b", "x = 1 \\ \t", "y"]
    assert [continues_above(lines, index) for index in range(4)] == [False, True, False, True]
    assert continuation_end(lines, 0) == 1


def test_continuation_end_of_bracketed_imports() -> None:
    assert continuation_end(["from a import (", "    b,  # c", "    d)", "x = 1"], 0) == 2
    assert continuation_end(["from a import (b,", "x = f(", ")"], 0) == 0
    assert continuation_end(["from a import (b)  # (", "x"], 0) == 0


def test_strings_opening_a_line() -> None:
    assert [opens_with_string(line) for line in ('"""', "rb'x'", "f(x)", "x = 'a'")] == [
        True,
        True,
        False,
        False,
    ]


def test_salvage_follows_a_one_line_string_over_lines() -> None:
    text = 's = \'"""\\\nimport example\\\n\'\nimport real\nx = (\n'
    assert [(raw.module, raw.line) for raw in salvage_imports(text)] == [("real", 4)]


def test_salvage_skips_a_docstring_that_holds_the_other_triple_quote() -> None:
    # Counting triple quotes (the reading before the lexer) took this docstring for closed at
    # once, and its example import for the file's.
    text = '"""Use \'\'\' like so:\nimport example\n"""\nimport real\nx = (\n'
    assert [(raw.module, raw.line, raw.context) for raw in salvage_imports(text)] == [
        ("real", 4, Context.MODULE)
    ]
