"""The relative-import rewriter, the edit applier and the atomic writer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from importmap.analysis import AnalysisRequest, analyze
from importmap.errors import ImportmapError
from importmap.fix.install_names import InstalledNames
from importmap.fix.relative import absolutize, replace_ranges
from importmap.fix.source_file import FixSkipped, SourceFile, read_source, replace_atomically
from importmap.fix.use_case import FixContext, TextSorter, apply_fixes, plan_fixes
from importmap.sorting import TextEdit
from tests.conftest import MakeTree


def test_only_the_module_part_of_the_statement_changes() -> None:
    text = (
        "import os\n"
        "from . import (  # keep me\n"
        "    a,\n"
        "    b as c,\n"
        ")\n"
        "def f():\n"
        "    from ..x.y import z  # trailing\n"
        "lazy from .m import n\n"
    )
    fixed = absolutize(text, {(2, 1): "pkg", (7, 5): "top.x.y", (8, 1): "pkg.m"})
    assert fixed == (
        "import os\n"
        "from pkg import (  # keep me\n"
        "    a,\n"
        "    b as c,\n"
        ")\n"
        "def f():\n"
        "    from top.x.y import z  # trailing\n"
        "lazy from pkg.m import n\n"
    )


def test_crlf_line_endings_are_kept() -> None:
    text = "x = 'é'\r\nfrom .a import b\r\n"
    assert absolutize(text, {(2, 1): "pkg.a"}) == "x = 'é'\r\nfrom pkg.a import b\r\n"


def test_a_position_without_an_import_is_refused() -> None:
    with pytest.raises(FixSkipped, match="no import statement at line 1, column 5"):
        absolutize("from .a import b\n", {(1, 5): "pkg.a"})


def test_replace_ranges_applies_edits_by_line_and_column() -> None:
    text = "import sys\nimport os\n\nx = 1\n"
    edited = replace_ranges(text, [(1, 1, 3, 1, "import os\nimport sys\n")])
    assert edited == "import os\nimport sys\n\nx = 1\n"


def test_atomic_write_keeps_the_mode_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "mod.py"
    target.write_bytes(b"old\n")
    target.chmod(0o751)
    replace_atomically(target, b"old\n", b"new\n")
    assert target.read_bytes() == b"new\n"
    assert oct(target.stat().st_mode & 0o777) == oct(0o751)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mod.py"]


def test_a_file_changed_since_it_was_read_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "mod.py"
    target.write_bytes(b"edited by someone else\n")
    with pytest.raises(FixSkipped, match="changed since it was read"):
        replace_atomically(target, b"what we read\n", b"our fix\n")
    assert target.read_bytes() == b"edited by someone else\n"


def _context(root: Path, sorter: TextSorter | None = None) -> FixContext:
    return FixContext(
        base_dir=root,
        roots=(root.resolve(),),
        names=InstalledNames([root]),
        sorter=sorter,
    )


def test_fix_use_case_skips_a_file_edited_between_read_and_write(make_tree: MakeTree) -> None:
    root = make_tree({"pkg/__init__.py": "from .a import b\n", "pkg/a.py": "b = 1\n"})
    report = analyze(AnalysisRequest(paths=(root / "pkg",), base_dir=root))
    plan = plan_fixes(report.codebase, report.findings)

    def read_then_edit(path: Path) -> SourceFile:
        source = read_source(path)
        path.write_text("from .a import b  # edited meanwhile\n", encoding="utf-8")
        return source

    changes = apply_fixes(report.codebase, plan, _context(root), write=True, reader=read_then_edit)
    assert [(c.path, c.written, c.skipped) for c in changes] == [
        ("pkg/__init__.py", False, "the file changed since it was read")
    ]
    assert (root / "pkg/__init__.py").read_text() == "from .a import b  # edited meanwhile\n"


class _RenamingSorter:
    """A sorter gone wrong: its edit renames a variable, which no sorting may do."""

    def edits_for_text(self, path: Path, text: str) -> tuple[TextEdit, ...]:
        return (TextEdit(2, 1, 2, 2, "c"),)


def test_a_fix_that_would_change_more_than_imports_is_refused(make_tree: MakeTree) -> None:
    root = make_tree({"pkg/__init__.py": "from .a import b\nb = 2\n", "pkg/a.py": "b = 1\n"})
    report = analyze(AnalysisRequest(paths=(root / "pkg",), base_dir=root))
    plan = plan_fixes(report.codebase, report.findings, sort_rewritten=True)
    changes = apply_fixes(report.codebase, plan, _context(root, _RenamingSorter()), write=True)
    assert [c.skipped for c in changes] == [
        "the fix would change more than import statements (near line 2)"
    ]
    assert (root / "pkg/__init__.py").read_text() == "from .a import b\nb = 2\n"
    assert sorted(os.listdir(root / "pkg")) == ["__init__.py", "a.py"]


def test_a_file_that_does_not_parse_is_not_planned(make_tree: MakeTree) -> None:
    root = make_tree({"pkg/__init__.py": "from .a import b\ndef broken(:\n", "pkg/a.py": ""})
    report = analyze(AnalysisRequest(paths=(root / "pkg",), base_dir=root))
    assert [e.path for e in report.codebase.errors] == ["pkg/__init__.py"]
    assert plan_fixes(report.codebase, report.findings).targets == {}


def test_one_file_failing_never_stops_the_others_and_nothing_is_half_written(
    make_tree: MakeTree,
) -> None:
    """Validate all, then write all: a file with lone \\r endings (which crashed the run with
    IndexError after other files were written) is refused before anything is written."""
    root = make_tree(
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from .b import x\n",
            "pkg/b.py": b"x = 1\rfrom .a import x as y\r",
            "pkg/c.py": "from . import a\n",
        }
    )
    report = analyze(AnalysisRequest(paths=(root / "pkg",), base_dir=root))
    plan = plan_fixes(report.codebase, report.findings)
    written: list[str] = []

    def record(path: Path, expected: bytes, content: bytes) -> None:
        written.append(path.name)
        replace_atomically(path, expected, content)

    changes = apply_fixes(report.codebase, plan, _context(root), write=True, writer=record)
    assert [(c.path, c.written, c.skipped) for c in changes] == [
        ("pkg/a.py", True, ""),
        (
            "pkg/b.py",
            False,
            "line 1 ends with a lone \\r (old Mac line ending), which importmap does not "
            "rewrite; convert the line endings first",
        ),
        ("pkg/c.py", True, ""),
    ]
    assert written == ["a.py", "c.py"]
    assert (root / "pkg/b.py").read_bytes() == b"x = 1\rfrom .a import x as y\r"


class _BrokenSorter:
    """ruff rejecting the project's settings."""

    def edits_for_text(self, path: Path, text: str) -> tuple[TextEdit, ...]:
        raise ImportmapError("ruff failed for IMP104 (exit 2): bad setting")


def test_a_failing_sort_after_the_rewrite_leaves_the_rewrite_standing(make_tree: MakeTree) -> None:
    root = make_tree({"pkg/__init__.py": "import sys\nfrom .a import b\n", "pkg/a.py": "b = 1\n"})
    report = analyze(AnalysisRequest(paths=(root / "pkg",), base_dir=root))
    plan = plan_fixes(report.codebase, report.findings, sort_rewritten=True)
    changes = apply_fixes(report.codebase, plan, _context(root, _BrokenSorter()), write=True)
    assert [(c.path, c.written, c.skipped) for c in changes] == [("pkg/__init__.py", True, "")]
    assert (root / "pkg/__init__.py").read_text() == "import sys\nfrom pkg.a import b\n"
