"""`CodeStarts.begins_in_code` says True only for lines that begin in code, never inside a string.

The truth comes from Python's tokenizer: a line begins inside a string when a string token starts
on an earlier line and ends on it or later.
"""

from __future__ import annotations

import io
import tokenize
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importmap.scan.imports_only.string_state import CodeStarts
from importmap.scan.lexer import physical_lines


def lines_inside_strings(text: str) -> set[int]:
    """0-based indexes of the lines that begin inside a string token."""
    inside: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        (first, _), (last, _) = token.start, token.end
        if token.type == tokenize.STRING or token.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
            inside.update(range(first, last))  # 1-based rows after the first: 0-based indexes
    return inside


# (text, header index, index of a line known to begin in code, whether the header surely does)
CASES = {
    "plain code": ("def f():\n    x = 1\n    import os\n", 0, 2, True),
    "one-line docstring with quotes inside": (
        'def f():\n    """It\'s "quoted"."""\n    import os\n',
        0,
        2,
        True,
    ),
    "docstring over lines, hashes and backslashes": (
        'def f():\n    r"""\n    # not a comment \\d\n    """\n    import os\n',
        0,
        4,
        True,
    ),
    "comments and strings holding triple quotes": (
        'def f():\n    x = \'"""\'  # """\n    import os\n',
        0,
        2,
        True,
    ),
    "header inside a string closed before a hidden quote": (
        'class A:\n    s = """\n  def fake():\n    """ # """\n    import os\n',
        2,
        4,
        False,
    ),
    "header inside a single-quoted triple string": (
        "s = '''\ndef fake():\n'''\nimport os\n",
        1,
        3,
        False,
    ),
    "header continuing a backslash line": (
        's = "abc\\\ndef fake(): \\\n"\nimport os\n',
        1,
        3,
        False,
    ),
    "a one-line string continued below the header": (
        'def f():\n    s = "abc\\\n"\n    import os\n',
        0,
        3,
        False,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_cases(name: str) -> None:
    text, start, stop, expected = CASES[name]
    lines = physical_lines(text)
    assert stop not in lines_inside_strings(text)
    assert start not in lines_inside_strings(text) or not expected
    assert CodeStarts(lines, [stop]).begins_in_code(start) is expected


def test_answers_do_not_depend_on_the_order_asked() -> None:
    text = 'def f():\n    """Doc\n    over lines."""\n    import a\n    """x"""\n    import b\n'
    lines = physical_lines(text)
    known = [3, 5]
    fresh = [CodeStarts(lines, known).begins_in_code(start) for start in range(len(lines))]
    shared = CodeStarts(lines, known)
    assert [shared.begins_in_code(start) for start in reversed(range(len(lines)))] == fresh[::-1]
    assert [shared.begins_in_code(start) for start in range(len(lines))] == fresh
    # Line 1 opens the docstring (in code); line 2 is inside it; 6 is the end of the file.
    assert fresh == [True, True, False, True, True, True, True]


def test_the_end_of_the_file_is_known_code() -> None:
    lines = physical_lines('def f():\n    """Doc."""\n    return 1\n')
    assert CodeStarts(lines, []).begins_in_code(0)
    inside = physical_lines('s = """\ndef fake():\n"""\n')
    assert not CodeStarts(inside, []).begins_in_code(1)


# Statements of a function body, each valid on its own: code, comments, and strings of every kind,
# some holding lines that look like code. `|` marks a line that keeps its column inside a string.
_STATEMENTS = st.sampled_from(
    [
        "x = 1",
        "def g():\n    return 1",
        '"""Doc."""',
        "'''Doc.'''",
        '"""\n|  def fake():\n|    """ # """',
        "'''\n|def fake():\n|''' # '''",
        "x = '" + '"""' + "'  # " + '"""',
        'y = "' + "'''" + '"  # ' + "'''",
        's = "abc\\\n|def fake(): \\\n|"',
        "t = 1 + \\\n|  2",
        "# a comment with " + '"""' + " and '''",
        'r"""\n|\\d # x\n|"""',
        "z = 'it' 's'",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_STATEMENTS, min_size=1, max_size=10), st.randoms(use_true_random=False))
def test_never_true_for_a_line_inside_a_string(statements: list[str], random: Random) -> None:
    body = [line for statement in statements for line in statement.split("\n")]
    text = "def f():\n    pass\n" + "".join(
        (line[1:] if line.startswith("|") else "    " + line) + "\n" for line in body
    )
    compile(text, "<generated>", "exec")  # every generated function is valid Python
    inside = lines_inside_strings(text)
    lines = physical_lines(text)
    # The caller's premise: the lines it names begin in code. Any of them may be named.
    in_code = [index for index in range(len(lines)) if index not in inside]
    known = random.sample(in_code, random.randint(0, len(in_code)))
    starts = CodeStarts(lines, known)
    for start in range(len(lines)):
        if starts.begins_in_code(start):
            assert start not in inside, (start, known)


@pytest.mark.parametrize(
    "text",
    [
        # Python 3.12: an f-string's braces may hold the quote that opened it.
        'def f():\n    x = f"{d["k"]}"\n    import os\n',
        # A triple-quoted f-string: its braces may hold its own triple quote.
        'def f():\n    x = f"""\n    {y}\n    """\n    import os\n',
    ],
)
def test_f_strings_whose_quotes_may_nest_make_the_answer_unsure(text: str) -> None:
    lines = physical_lines(text)
    assert not CodeStarts(lines, [len(lines) - 2]).begins_in_code(0)


def test_balanced_f_strings_are_read() -> None:
    lines = physical_lines('def f():\n    x = f"{a} and {b!r}"\n    import os\n')
    assert CodeStarts(lines, [2]).begins_in_code(0)
