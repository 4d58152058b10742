"""Files that do not decode or parse: reported, and their import lines salvaged."""

from __future__ import annotations

from importmap.domain import Context
from importmap.scan.scanner import scan_bytes


def test_syntax_error_is_reported_with_its_line_and_imports_are_salvaged() -> None:
    source = b"import os\nfrom pkg import a, b\n\ndef broken(:\n    import inside\n\nimport after\n"
    scan = scan_bytes(source)
    assert scan.problem is not None
    assert scan.problem.line == 4
    assert scan.problem.message.startswith("syntax error")
    assert [(r.line, r.module, r.names) for r in scan.imports] == [
        (1, "os", ()),
        (2, "pkg", ("a", "b")),
        (5, "inside", ()),
        (7, "after", ()),
    ]


def test_salvaged_imports_keep_an_indentation_based_context() -> None:
    source = (
        b"import a\n"
        b"if TYPE_CHECKING:\n    import b\n"
        b"def f():\n    import c\n"
        b"class K:\n    import d\n"
        b"try:\n    import e\nexcept ImportError:\n    pass\n"
        b"x = = 1\n"
    )
    scan = scan_bytes(source)
    assert scan.problem is not None
    assert [(r.module, r.context) for r in scan.imports] == [
        ("a", Context.MODULE),
        ("b", Context.TYPE_CHECKING),
        ("c", Context.FUNCTION),
        ("d", Context.CLASS),
        ("e", Context.CONDITIONAL),
    ]


def test_non_utf8_file_is_reported_and_still_scanned() -> None:
    scan = scan_bytes(b"import os\nname = '\xff\xfe'\nimport json\n")
    assert scan.problem is not None
    assert scan.problem.line == 2
    assert "cannot decode as utf-8" in scan.problem.message
    assert [r.module for r in scan.imports] == ["os", "json"]


def test_latin1_coding_cookie_is_honoured() -> None:
    scan = scan_bytes(b"# -*- coding: latin-1 -*-\nname = '\xe9'\nimport os\n")
    assert scan.problem is None
    assert [r.module for r in scan.imports] == ["os"]


def test_utf8_bom_and_crlf() -> None:
    scan = scan_bytes(b"\xef\xbb\xbfimport os\r\nimport json\r\n")
    assert scan.problem is None
    assert [(r.line, r.module) for r in scan.imports] == [(1, "os"), (2, "json")]


def test_empty_file_has_no_imports_and_no_problem() -> None:
    scan = scan_bytes(b"")
    assert scan.imports == ()
    assert scan.problem is None


def test_null_bytes_are_a_problem_not_a_crash() -> None:
    scan = scan_bytes(b"import os\x00\n")
    assert scan.problem is not None


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    scan = scan_bytes(b"import os\nx = " + b"(" * 5000 + b")" * 5000 + b"\n")
    assert scan.problem is not None
    assert [r.module for r in scan.imports] == ["os"]
