"""The cycle judge trend uses remembers one judgement and gives it again only when nothing the
simulation read has changed; Python judges each verdict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from importmap.analysis import AnalysisRequest, analyze
from importmap.domain import Report
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
