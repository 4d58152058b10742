"""Fuzzing `scan_bytes`: whatever the bytes, one result, at most one problem, never an exception.

Where Python itself can judge the input (`compile` accepts it or not), the judgement is the oracle.
"""

from __future__ import annotations

import ast
import encodings.aliases
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importmap.domain import Context
from importmap.scan.scanner import FileScan, scan_bytes

RANDOM_EXAMPLES = 300
FRAGMENT_EXAMPLES = 300
TRUNCATION_EXAMPLES = 150


def check_invariants(scan: FileScan) -> None:
    assert isinstance(scan, FileScan)
    if scan.problem is not None:
        assert scan.problem.line >= 0
        assert scan.problem.message
        assert "\n" not in scan.problem.message
    for raw in scan.imports:
        assert raw.line >= 1 and raw.column >= 1
        assert isinstance(raw.context, Context)


def python_accepts(data: bytes) -> bool:
    try:
        ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def check_against_python(data: bytes, scan: FileScan) -> None:
    """Where Python's own parser (as `import` uses it) accepts the bytes, nothing is lost.

    `import` tolerates undecodable bytes inside comments that `python file.py` rejects; importmap
    sides with the interpreter and reports them, but must still find every import.
    """
    if not python_accepts(data):
        # PEP 810 `lazy import` is read on every Python; anything else Python rejects is a problem.
        assert scan.problem is not None or b"lazy" in data
        return
    if scan.problem is not None:
        assert scan.problem.message.startswith(("bad encoding", "cannot decode")), scan.problem
    expected = sorted(
        (node.lineno, node.module or "" if isinstance(node, ast.ImportFrom) else alias.name)
        for node in ast.walk(ast.parse(data))
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in (node.names if isinstance(node, ast.Import) else node.names[:1])
    )
    assert sorted((raw.line, raw.module) for raw in scan.imports if not raw.dynamic) == expected


@settings(max_examples=RANDOM_EXAMPLES)
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    scan = scan_bytes(data)
    check_invariants(scan)
    check_against_python(data, scan)


@settings(max_examples=RANDOM_EXAMPLES)
@given(st.text(max_size=2000))
def test_random_unicode(text: str) -> None:
    data = text.encode("utf-8", errors="surrogatepass")
    scan = scan_bytes(data)
    check_invariants(scan)
    check_against_python(data, scan)


# Pieces of Python-looking lines: imports, blocks, brackets, strings, odd whitespace.
FRAGMENTS = [
    "import a",
    "import a.b as c",
    "from . import x",
    "from ..p import (y,",
    "z)",
    "from a import *",
    "lazy import q",
    "lazy from r import s",
    "def f(",
    "def g():",
    "class K:",
    "if TYPE_CHECKING:",
    "try:",
    "except ImportError:",
    "else:",
    "elif x:",
    "    import d",
    "\timport e",
    "        pass",
    '"""',
    "'''",
    "x = (",
    ")",
    "]",
    "[",
    "\\",
    "# coding: latin-1",
    "type X = int",
    "def h[T](v: T) -> T: ...",
    "t'{a}'",
    "match v:",
    "    case 1:",
    "async def k():",
    "    await z",
    "importlib.import_module('m')",
    "__import__('n')",
    "\x00",
    "\ufeff",
    "\x0c",
    "\r",
    "é = 1",
    "if x: import w",
    "import a; import b",
    "from a import (b as c, d)",
]


@settings(max_examples=FRAGMENT_EXAMPLES)
@given(
    st.lists(st.sampled_from(FRAGMENTS), max_size=40),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_python_like_fragments(pieces: list[str], newline: str) -> None:
    data = newline.join(pieces).encode("utf-8")
    scan = scan_bytes(data)
    check_invariants(scan)
    check_against_python(data, scan)


TOP_LEVEL_IMPORTS = [f"import mod{i}" for i in range(30)]


@settings(max_examples=TRUNCATION_EXAMPLES)
@given(st.integers(0, len("\n".join(TOP_LEVEL_IMPORTS))), st.sampled_from(["def f(:\n", "x = (\n"]))
def test_truncated_file_keeps_every_complete_import_before_the_cut(cut: int, tail: str) -> None:
    """A file cut anywhere (and left broken) still yields each import line that was complete."""
    text = "\n".join(TOP_LEVEL_IMPORTS)[:cut]
    scan = scan_bytes((text + "\n" + tail).encode())
    check_invariants(scan)
    assert scan.problem is not None
    complete = [line for line in text.split("\n") if line in TOP_LEVEL_IMPORTS]
    found = [f"import {raw.module}" for raw in scan.imports]
    # The last line may be cut inside its name (`import mod1` from `import mod12`): a real import.
    assert found == [
        line for line in text.split("\n") if line.startswith("import ") and line != "import "
    ]
    assert set(complete) <= set(found)


def all_codecs() -> list[str]:
    names = set(encodings.aliases.aliases.values()) | {"utf_8", "utf_8_sig", "latin_1"}
    return sorted(names)


@pytest.mark.parametrize("codec", all_codecs())
def test_every_coding_cookie(codec: str) -> None:
    text = f"# -*- coding: {codec} -*-\nimport os\nfrom pkg import ñame\n"
    try:
        data = text.encode(codec)
    except (UnicodeError, LookupError, TypeError):
        # A codec that is not a text encoding (hex, zlib...) or cannot spell the file: the
        # cookie names it, the bytes are ASCII.
        data = text.encode("utf-8")
    scan = scan_bytes(data)
    check_invariants(scan)
    check_against_python(data, scan)
    if python_accepts(data):
        assert scan.problem is None
        assert [raw.module for raw in scan.imports] == ["os", "pkg"]


def test_cookie_naming_an_unknown_codec() -> None:
    scan = scan_bytes(b"# coding: no-such-codec\nimport os\n")
    assert scan.problem is not None
    assert scan.problem.message == "bad encoding: unknown encoding: no-such-codec"
    assert [raw.module for raw in scan.imports] == ["os"]


@pytest.mark.parametrize(
    ("name", "data", "problem_start", "modules"),
    [
        ("utf-8 BOM", b"\xef\xbb\xbfimport os\n", None, ["os"]),
        (
            "BOM and a latin-1 cookie",
            b"\xef\xbb\xbf# coding: latin-1\nimport os\n",
            "bad encoding",
            ["os"],
        ),
        ("utf-16 with BOM", "import os\n".encode("utf-16"), "bad encoding", []),
        ("CRLF", b"import os\r\nif x:\r\n    import sys\r\n", None, ["os", "sys"]),
        ("CR only", b"import os\rimport sys\r", None, ["os", "sys"]),
        (
            "null byte",
            b"import os\x00\nimport sys\n",
            "syntax error" if sys.version_info >= (3, 12) else "",
            ["sys"],
        ),
        (
            "mixed tabs and spaces",
            b"if x:\n\timport os\n        import sys\n",
            "syntax error",
            ["os", "sys"],
        ),
        ("invalid UTF-8 in line 2", b"import os\n\xff\xfe = 1\n", "cannot decode as utf-8", ["os"]),
        ("empty", b"", None, []),
        ("form feed", b"\x0cimport os\n", None, ["os"]),
        ("unclosed bracket", b"import os\nfrom a import (b,\n", "syntax error", ["os"]),
        ("unterminated docstring", b'import os\n"""\nimport sys\n', "syntax error", ["os"]),
    ],
)
def test_odd_bytes(name: str, data: bytes, problem_start: str | None, modules: list[str]) -> None:
    scan = scan_bytes(data)
    check_invariants(scan)
    if problem_start is None:
        assert scan.problem is None, name
    else:
        assert scan.problem is not None, name
        assert scan.problem.message.startswith(problem_start), scan.problem.message
    assert sorted(raw.module for raw in scan.imports) == modules, name


NEWER_SYNTAX = {
    # name: (snippet at line 2, first Python that parses it, line of the error before that)
    "type alias (3.12)": ("type X = int\n", (3, 12), 2),
    "PEP 695 generic function (3.12)": ("def f[T](x: T) -> T:\n    return x\n", (3, 12), 2),
    "PEP 695 generic class (3.12)": ("class Box[T]:\n    pass\n", (3, 12), 2),
    "t-string (3.14)": ("x = t'hello {name}'\n", (3, 14), 2),
    "except without parentheses (3.14)": ("try:\n    pass\nexcept A, B:\n    pass\n", (3, 14), 4),
}


@pytest.mark.parametrize("name", sorted(NEWER_SYNTAX))
def test_syntax_from_newer_pythons(name: str) -> None:
    """Parsed where this Python can; elsewhere one syntax error and the imports still found."""
    snippet, since, error_line = NEWER_SYNTAX[name]
    data = f"import os\n{snippet}def g():\n    import json\n".encode()
    scan = scan_bytes(data)
    check_invariants(scan)
    if sys.version_info >= since:
        assert scan.problem is None
    else:
        assert scan.problem is not None
        assert scan.problem.message.startswith("syntax error")
        assert scan.problem.line == error_line
    assert [(raw.module, raw.context) for raw in scan.imports] == [
        ("os", Context.MODULE),
        ("json", Context.FUNCTION),
    ]


def test_pep_810_lazy_imports_on_any_python() -> None:
    scan = scan_bytes(b"lazy import os\nlazy from a import b\nif x:\n    lazy import c\n")
    assert scan.problem is None
    assert [(raw.module, raw.context) for raw in scan.imports] == [
        ("os", Context.LAZY),
        ("a", Context.LAZY),
        ("c", Context.LAZY),
    ]


DEEP = {
    "binary operators": lambda n: "x = 1" + "+1" * n,
    "attribute chain": lambda n: "x = a" + ".b" * n,
    "call chain": lambda n: "x = f" + "()" * n,
    "not chain": lambda n: "x = " + "not " * n + "1",
    "nested lambdas": lambda n: "x = " + "lambda: " * n + "1",
    "conditional expressions": lambda n: "x = " + "1 if 1 else " * n + "1",
    "subscripts": lambda n: "x = a" + "[0]" * n,
    "nested parentheses": lambda n: "x = " + "(" * n + ")" * n,
    "nested lists": lambda n: "x = " + "[" * n + "]" * n,
    "elif chain": lambda n: "if x: pass\n" + "elif x: pass\n" * n,
    "decorators": lambda n: "@d\n" * n + "def f(): pass",
    "nested if blocks": lambda n: (
        "".join(" " * i + "if x:\n" for i in range(min(n, 120))) + " " * min(n, 120) + "pass"
    ),
    "not TYPE_CHECKING": lambda n: "if " + "not " * n + "TYPE_CHECKING:\n    import z",
}


@pytest.mark.parametrize("depth", [100, 900, 2500, 20000])
@pytest.mark.parametrize("shape", sorted(DEEP))
def test_deep_nesting_never_crashes(shape: str, depth: int) -> None:
    data = f"import os\n{DEEP[shape](depth)}\nimport sys\n".encode()
    scan = scan_bytes(data)
    check_invariants(scan)
    check_against_python(data, scan)
    assert {"os", "sys"} <= {raw.module for raw in scan.imports}


def test_large_files() -> None:
    ten_mb = 10 * 1024 * 1024
    cases = {
        "one 10 MB string": b'import os\nX = "' + b"a" * ten_mb + b'"\nimport sys\n',
        "10 MB of comment lines": b"import os\n"
        + b"# "
        + b"c" * 60
        + b"\n" * (ten_mb // 64)
        + b"import sys\n",
        "10 MB line of comment": b"import os  # " + b"x" * ten_mb + b"\nimport sys\n",
        "10 MB docstring, broken after it": b'import os\n"""'
        + b"t" * ten_mb
        + b'"""\nimport sys\ndef f(:\n',
    }
    for name, data in cases.items():
        scan = scan_bytes(data)
        check_invariants(scan)
        assert [raw.module for raw in scan.imports] == ["os", "sys"], name
    junk = scan_bytes(bytes(range(256)) * (ten_mb // 256))
    assert junk.problem is not None
    assert junk.problem.message.startswith("cannot decode as utf-8")


def test_files_of_broken_imports_stay_linear() -> None:
    """Thousands of unclosed or backslash-continued imports: salvage bounds its work per line."""
    for data in (
        b"from a import (b,\n" * 5000,
        b"import a \\\n" * 5000,
        b"from a import (b c)\n" * 5000,
        b"from a import (\n" + b"    b,\n" * 20000 + b"x = (\n",
    ):
        scan = scan_bytes(data)
        check_invariants(scan)
        assert scan.problem is not None
