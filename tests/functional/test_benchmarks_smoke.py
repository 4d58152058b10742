"""The benchmark script runs end to end on a tiny generated package (no timing assertions)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "benchmarks" / "run.py"


def test_benchmark_script_writes_the_tables_for_a_tiny_synthetic_package(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    # One row of each kind the script measures (another interpreter's snippet, a cold run, warm
    # runs that edit a file): the other importmap rows only repeat these with other arguments
    # and cost 5 s of CPU more.
    rows = [
        "grimp build_graph",
        "importmap analyze --no-render",
        "importmap check --select IMP001 (one file edited, imports kept)",
        "importmap check --select IMP001 (one file edited, an import added)",
    ]
    argv = [
        sys.executable, str(SCRIPT), "--tools", "importmap,grimp", "--packages", "none",
        "--synthetic", "50", "--repeat", "1", "--work-dir", str(tmp_path / "work"),
        "--out", str(out), "--rows", ";".join(rows),
    ]  # fmt: skip
    result = subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr

    text = out.read_text(encoding="utf-8")
    assert "## Synthetic trees (scaling)" in text
    assert "| tool | synthetic 50 (" in text
    lines = [line for line in text.splitlines() if line.startswith("| ")]
    assert [line.split(" | ")[0].removeprefix("| ") for line in lines[1:]] == rows
    assert all(" s (" in line for line in lines[1:])
    # Peers and rows that were not asked for get no row.
    assert not any(line.startswith(("| pydeps", "| importmap analyze |")) for line in lines)

    raw = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    measured = raw["results"]["synthetic 50"]
    assert sorted(measured) == sorted(rows)
    assert measured["importmap analyze --no-render"]["status"] == "ok"
    assert measured["grimp build_graph"]["status"] == "ok"
    assert len(measured["importmap analyze --no-render"]["seconds"]) == 1
    # The generated tree is real code on disk: a package of 50 modules plus its __init__ files.
    assert raw["targets"][0]["files"] > 50
    # The one-file-edited rows ran, and left the file they edited as it was.
    for row in ("imports kept", "an import added"):
        edited = measured[f"importmap check --select IMP001 (one file edited, {row})"]
        assert edited["status"] == "ok" and len(edited["seconds"]) == 1
    inits = sorted((tmp_path / "work" / "synthetic" / "synth-50").rglob("__init__.py"))
    assert inits
    assert not any("importmap benchmark" in path.read_text(encoding="utf-8") for path in inits)


def test_synthetic_generator_is_deterministic(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import synth
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    first = synth.generate(tmp_path / "a", 120, seed=3)
    second = synth.generate(tmp_path / "b", 120, seed=3)
    files_a = sorted(p.relative_to(first) for p in first.rglob("*.py"))
    files_b = sorted(p.relative_to(second) for p in second.rglob("*.py"))
    assert files_a == files_b
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files_a)
    sources = "".join((first / f).read_text(encoding="utf-8") for f in files_a)
    assert "from ." in sources  # relative imports
    assert "\n    import " in sources or "\n    from " in sources  # function-level imports
