"""`importmap fix` on real projects keeps their own test results and `import PKG` working.

Slow (downloads pinned sdists, builds a venv per project, runs their tests twice): deselected by
default; run before a release with `pytest -m slow tests/hardening/test_fix_real_projects.py`.
The same script records the figures in docs/reliability.md (benchmarks/fix_real_projects.py).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "fix_real_projects.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fix_real_projects", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


BENCH = _script()


@pytest.mark.slow
@pytest.mark.parametrize("project", BENCH.PROJECTS, ids=lambda project: project.name)
def test_fix_keeps_the_projects_own_test_results(project: object, tmp_path: Path) -> None:
    importmap = Path(sys.executable).parent / "importmap"
    result = BENCH.measure(project, tmp_path, importmap)
    assert result.before.imports, result.before.summary
    assert result.before.passed > 0, result.before.summary
    assert result.fix_exit in (0, 1)
    # What Python says after the fix is what it said before.
    assert result.after.imports
    assert (result.after.passed, result.after.failed, result.after.errors) == (
        result.before.passed,
        result.before.failed,
        result.before.errors,
    ), result.after.summary
    # A refusal always says why.
    assert all(": " in refusal.removeprefix("left untouched: ") for refusal in result.refusals)
