"""A cycle too large to simulate is judged UNKNOWN past the statement budget, never "safe":
its IMP001 stays an error. Python judges the ring: importing it raises RecursionError."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from importmap.analysis import AnalysisRequest, analyze
from importmap.import_outcome import Verdict
from importmap.semantics import machine

RING = 300


def _ring(root: Path) -> Path:
    package = root / "src" / "ring"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    for index in range(RING):
        following = (index + 1) % RING
        (package / f"m{index}.py").write_text(f"import ring.m{following}\n", encoding="utf-8")
    return root / "src"


def test_a_ring_past_the_budget_is_unknown_and_stays_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _ring(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", "import ring.m0"], cwd=source, capture_output=True, text=True
    )
    assert done.returncode != 0 and "RecursionError" in done.stderr
    # Enough for a few entries, each running its imports as deep as the simulator follows.
    monkeypatch.setattr(machine, "STATEMENT_BUDGET", 1_000)
    report = analyze(AnalysisRequest(paths=(source,), base_dir=tmp_path))
    (cycle,) = report.cycles
    assert len(cycle.modules) == RING and cycle.eager and cycle.order_safe is None
    verdicts = {entry.verdict for entry in cycle.entries}
    assert verdicts == {Verdict.UNKNOWN}
    spent = [entry for entry in cycle.entries if "statements the judgement" in entry.message]
    deep = [entry for entry in cycle.entries if "nested too deeply" in entry.message]
    # The first entries are read until the simulator's own depth gives out, the rest not at all.
    assert deep and spent and len(deep) + len(spent) == RING
    assert cycle.entries[: len(deep)] == tuple(deep)
    assert "1,000 statements" in spent[0].message
    (finding,) = [f for f in report.findings if f.code == "IMP001"]
    assert finding.severity.value == "error" and finding.path == "src/ring/m0.py"
    assert finding.message.endswith(
        "; whether importing ring.m0 first raises cannot be read: imports nested too deeply to "
        "follow"
    )



def test_each_cycle_has_the_whole_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _ring(tmp_path)
    # An order-safe pair, judged after the ring spent its budget (its names sort after it).
    (source / "ring" / "small_a.py").write_text("import ring.small_b\n\nX = 1\n", encoding="utf-8")
    (source / "ring" / "small_b.py").write_text("import ring.small_a\n\nY = 1\n", encoding="utf-8")
    for module in ("ring.small_a", "ring.small_b"):
        done = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=source)
        assert done.returncode == 0
    monkeypatch.setattr(machine, "STATEMENT_BUDGET", 1_000)
    report = analyze(AnalysisRequest(paths=(source,), base_dir=tmp_path))
    ring, pair = sorted(report.cycles, key=lambda cycle: -len(cycle.modules))
    assert ring.order_safe is None and len(ring.modules) == RING
    assert set(pair.modules) == {"ring.small_a", "ring.small_b"}
    assert pair.order_safe is True
    assert {entry.verdict for entry in pair.entries} == {Verdict.SURVIVES}
    assert sorted(f.code for f in report.findings if f.code in ("IMP001", "IMP003")) == [
        "IMP001",
        "IMP003",
    ]
