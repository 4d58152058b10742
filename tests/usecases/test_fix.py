"""The `fix` use case in-process on tiny trees: what it changes, what remains, how often it
analyses."""

from __future__ import annotations

from pathlib import Path

import pytest

from importmap.adapters.files import read_source
from importmap.analysis import AnalysisRequest, analyze
from importmap.result import Report
from importmap.usecases.fix import FixRequest, FixResult, run_fix
from importmap.usecases.inputs import Scope
from tests.conftest import MakeTree


class CountingAnalysis:
    """The real analysis, counted."""

    def __init__(self) -> None:
        self.runs = 0

    def __call__(self, request: AnalysisRequest) -> Report:
        self.runs += 1
        return analyze(request)


def fix_in(root: Path, monkeypatch: pytest.MonkeyPatch, diff: bool) -> tuple[FixResult, int]:
    monkeypatch.chdir(root)
    analysis = CountingAnalysis()
    request = FixRequest(Scope(paths=(Path("app"),), no_cache=True), ("IMP101",), diff=diff)
    return run_fix(request, analysis, read_source), analysis.runs


def test_a_written_fix_is_analysed_again_and_nothing_remains(
    make_tree: MakeTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_tree(
        {"app/__init__.py": "", "app/a.py": "X = 1\n", "app/b.py": "from .a import X\n\nY = X\n"}
    )
    result, runs = fix_in(root, monkeypatch, diff=False)
    assert [(c.path, c.written, c.skipped) for c in result.changes] == [("app/b.py", True, "")]
    assert result.remaining == ()
    assert runs == 2
    assert (root / "app" / "b.py").read_text(encoding="utf-8") == "from app.a import X\n\nY = X\n"


def test_diff_writes_nothing_and_analyses_once(
    make_tree: MakeTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = "from .a import X\n\nY = X\n"
    root = make_tree({"app/__init__.py": "", "app/a.py": "X = 1\n", "app/b.py": before})
    result, runs = fix_in(root, monkeypatch, diff=True)
    assert [(c.path, c.written, c.after) for c in result.changes] == [
        ("app/b.py", False, b"from app.a import X\n\nY = X\n")
    ]
    assert (result.remaining, runs) == ((), 1)
    assert (root / "app" / "b.py").read_text(encoding="utf-8") == before


def test_nothing_to_write_is_analysed_once_and_what_cannot_be_fixed_remains(
    make_tree: MakeTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A relative import climbing above the top-level package: IMP102, which no fix rewrites.
    root = make_tree({"app/__init__.py": "", "app/a.py": "from .. import b\n"})
    result, runs = fix_in(root, monkeypatch, diff=False)
    assert result.changes == ()
    assert [(f.code, f.path, f.line) for f in result.remaining] == [("IMP102", "app/a.py", 1)]
    assert runs == 1
