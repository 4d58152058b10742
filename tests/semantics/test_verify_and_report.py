"""`cycles --verify` runs real Python; report.json's order_safe and entry_crashes agree with it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.functional.helpers import run_importmap
from tests.semantics.judge_by_python import run_python, tree

CRASHING = {
    "app/__init__.py": "",
    "app/models.py": "from app.services import Service\n\n\nclass Model:\n    pass\n",
    "app/services.py": "from app.models import Model\n\n\nclass Service:\n    pass\n",
    "app/registry.py": "import app.plugins\n\nPLUGINS = []\n",
    "app/plugins.py": "import app.registry\n\n\ndef register():\n    app.registry.PLUGINS.append(1)\n",
}


def importmap(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_importmap(*args, cwd=root)


def test_report_names_exactly_the_members_python_cannot_import_first(tmp_path: Path) -> None:
    root = tree(tmp_path, CRASHING)
    done = importmap(root, "analyze", "app", "--format", "json", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    document = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    safe = {tuple(cycle["modules"]): cycle["order_safe"] for cycle in document["cycles"]}
    assert safe == {("app.models", "app.services"): False, ("app.plugins", "app.registry"): True}
    crashes = {crash["module"]: crash for crash in document["entry_crashes"]}
    members = ["app.models", "app.services", "app.plugins", "app.registry"]
    raising = [module for module in members if run_python(root, module).exception is not None]
    assert sorted(crashes) == sorted(raising) == ["app.models", "app.services"]
    crash = crashes["app.models"]
    assert crash == {
        "module": "app.models",
        "exception": "ImportError",
        "message": "cannot import name 'Model' from partially initialized module 'app.models' "
        "(most likely due to a circular import) (app/models.py)",
        "path": "app/services.py",
        "line": 1,
        "chain": [
            {"module": "app.models", "path": "app/models.py", "line": 1},
            {"module": "app.services", "path": "app/services.py", "line": 1},
        ],
        "cycle": 0,
    }
    real = run_python(root, "app.models")
    assert real.message == crash["message"].replace(
        "(app/models.py)", f"({root / 'app' / 'models.py'})"
    )
    codes = sorted(
        finding["code"] for finding in document["findings"] if "IMP00" in finding["code"]
    )
    assert codes == ["IMP001", "IMP003"]


def test_verify_imports_each_member_first_and_says_they_agree(tmp_path: Path) -> None:
    root = tree(tmp_path, CRASHING)
    done = importmap(root, "cycles", "app", "--verify", "--python", sys.executable)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "4 agree, 0 disagree, 0 not comparable (another failure)"
    assert "  agree           app.registry: ok" in lines
    assert (
        "  agree           app.services: ImportError: cannot import name 'Service' from "
        "partially initialized module 'app.services' (most likely due to a circular import) "
        "(app/services.py)"
    ) in lines


def test_verify_fails_when_python_disagrees(tmp_path: Path) -> None:
    # A module __getattr__ the simulator cannot read: it says unknown, Python imports it.
    root = tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/a.py": "def __getattr__(name):\n    return 1\n\n\nimport app.b\n",
            "app/b.py": "from app import a\n\nVALUE = a.MISSING\n",
        },
    )
    done = importmap(root, "cycles", "app", "--verify")
    assert done.returncode == 1
    assert "  DISAGREE        app.a: predicted " in done.stdout


def test_verify_with_a_program_that_is_no_python_is_a_one_line_usage_error(tmp_path: Path) -> None:
    root = tree(tmp_path, CRASHING)
    missing = tmp_path / "no-such-python"
    done = importmap(root, "cycles", "app", "--verify", "--python", str(missing))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"importmap: error: --python {missing}: cannot ask it its version (cannot run "
        f"{missing}: No such file or directory); pass a Python interpreter\n"
    )
