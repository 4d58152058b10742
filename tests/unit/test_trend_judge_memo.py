"""The cycle judge trend uses remembers one judgement and gives it again only when nothing the
simulation read has changed; Python judges each verdict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from importmap.analysis import AnalysisRequest, analyze
from importmap.graph.cycles import CycleMemo
from importmap.result import Report
from importmap.semantics.judge import CycleJudgeMemo

A = "from app import b\n\nX = 1\n"
# Same imports, same lines: only whether b reads a.X while a is half-imported differs.
B_RAISES = "from app import a\n\nY = 2\nZ = a.X\n"
B_SAFE = "from app import a\n\nY = 2\n\n\ndef z():\n    return a.X\n"


def _write(root: Path, b: str) -> None:
    package = root / "src" / "app"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text(A, encoding="utf-8")
    (package / "b.py").write_text(b, encoding="utf-8")


def _python_raises(root: Path) -> bool:
    done = subprocess.run(
        [sys.executable, "-c", "import app.a"], cwd=root / "src", capture_output=True, check=False
    )
    return done.returncode != 0


def _analyze(root: Path, judge: CycleJudgeMemo | None) -> Report:
    request = AnalysisRequest(paths=(root / "src",), base_dir=root)
    if judge is not None:
        request = AnalysisRequest(paths=(root / "src",), base_dir=root, judge=judge)
    return analyze(request)


def test_memo_reuses_only_an_unchanged_judgement(tmp_path: Path) -> None:
    memo = CycleJudgeMemo()
    verdicts = []
    for b in (B_RAISES, B_SAFE, B_SAFE, B_RAISES):
        _write(tmp_path, b)
        remembered = _analyze(tmp_path, memo)
        fresh = _analyze(tmp_path, None)
        assert remembered.cycles == fresh.cycles
        assert [f.code for f in remembered.findings] == [f.code for f in fresh.findings]
        (cycle,) = remembered.cycles
        assert cycle.order_safe is not _python_raises(tmp_path)
        verdicts.append(cycle.order_safe)
    assert verdicts == [False, True, True, False]
    # Only the third analysis read the same sources as the one before it.
    assert memo.reused == 1


# B_RAISES with a function whose body is edited: first on its own lines, then gaining a line,
# which moves the module-level statement after it.
B_BODY = "from app import a\n\n\ndef w():\n    return 1\n\n\nY = 2\nZ = a.X\n"
B_BODY_EDITED = "from app import a\n\n\ndef w():\n    return [a.X, 2]\n\n\nY = 2\nZ = a.X\n"
B_BODY_LONGER = (
    "from app import a\n\n\ndef w():\n    x = 1\n    return x\n\n\nY = 2\nZ = a.X\n"
)


def test_an_edit_inside_a_function_body_keeps_the_judgement_until_a_line_moves(
    tmp_path: Path,
) -> None:
    memo = CycleJudgeMemo()
    chains = []
    for b in (B_BODY, B_BODY_EDITED, B_BODY_EDITED, B_BODY_LONGER):
        _write(tmp_path, b)
        remembered = _analyze(tmp_path, memo)
        fresh = _analyze(tmp_path, None)
        assert remembered.cycles == fresh.cycles
        (cycle,) = remembered.cycles
        assert cycle.order_safe is False
        assert _python_raises(tmp_path)
        chains.append([entry.chain for entry in cycle.entries])
    # The edited body and the unchanged text after it: the simulator reads the same statements.
    # The longer body moves `Z = a.X` down a line, which the crash's chain names: simulated again.
    assert memo.reused == 2
    assert chains[0] == chains[1] == chains[2] != chains[3]


def test_cycle_memo_reuses_only_components_whose_imports_are_unchanged(tmp_path: Path) -> None:
    memo = CycleMemo()
    versions = [
        {"a": "from app import b\n", "b": "from app import a\n", "c": ""},
        # The import moved a line down: the chain's line changes, nothing is reused.
        {"a": "\nfrom app import b\n", "b": "from app import a\n", "c": ""},
        {"a": "\nfrom app import b\n", "b": "from app import a\n", "c": "X = 1\n"},
        # c joins the cycle: a new component.
        {"a": "\nfrom app import b\n", "b": "from app import c\n", "c": "from app import a\n"},
    ]
    chains = []
    for version in versions:
        package = tmp_path / "src" / "app"
        package.mkdir(parents=True, exist_ok=True)
        (package / "__init__.py").write_text("", encoding="utf-8")
        for name, text in version.items():
            (package / f"{name}.py").write_text(text, encoding="utf-8")
        request = AnalysisRequest(paths=(tmp_path / "src",), base_dir=tmp_path, find=memo)
        remembered = analyze(request)
        fresh = analyze(AnalysisRequest(paths=(tmp_path / "src",), base_dir=tmp_path))
        assert remembered.cycles == fresh.cycles
        chains.append([(step.importer, step.line) for step in remembered.cycles[0].chain])
    assert chains == [
        [("app.a", 1), ("app.b", 1)],
        [("app.a", 2), ("app.b", 1)],
        [("app.a", 2), ("app.b", 1)],
        [("app.a", 2), ("app.b", 1), ("app.c", 1)],
    ]
    # Only the third version's cycle was the second's.
    assert memo.reused == 1
