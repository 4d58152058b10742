"""The GitHub Action: its shell step run here with GitHub's environment, and its wiring."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import MakeTree
from tests.functional.helpers import REPO

# The real process: the installed script, its streams and exit (tests/functional/helpers.py).
pytestmark = pytest.mark.e2e

SCRIPT = REPO / "ci" / "github_action.sh"
CYCLE_TREE = {
    "src/app/__init__.py": "",
    "src/app/a.py": "import app.b\n\nVALUE = app.b.VALUE\n",
    "src/app/b.py": "import app.a\n\nVALUE = 1\n\n\ndef first():\n    return app.a.VALUE\n",
    "src/app/c.py": "from . import a\n\nprint(a.VALUE)\n",
}


def run_action_step(
    project: Path, tmp_path: Path, **inputs: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, str], Path]:
    github = tmp_path / "github"
    github.mkdir()
    summary = github / "summary.md"
    outputs = github / "output"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(github),
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_STEP_SUMMARY": str(summary),
        **{f"IMPORTMAP_{name.upper()}": value for name, value in inputs.items()},
    }
    done = subprocess.run(
        ["bash", str(SCRIPT)], cwd=project, capture_output=True, text=True, env=env, timeout=300
    )
    written = dict(line.split("=", 1) for line in outputs.read_text(encoding="utf-8").splitlines())
    return done, written, summary


def test_failing_gate_annotates_summarises_and_writes_sarif(
    make_tree: MakeTree, tmp_path: Path
) -> None:
    project = make_tree({f"project/{path}": text for path, text in CYCLE_TREE.items()}) / "project"
    done, outputs, summary = run_action_step(project, tmp_path, sarif="true")
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(
        "::error file=src/app/a.py,line=1,col=1,title=IMP001 import-cycle::import cycle of 2 "
        "module(s), every edge at import time: app.a -> app.b -> app.a; raises when entered "
        "from app.b: AttributeError: "
    )
    assert lines[0].endswith("%0Afix: defer or remove the import app.a -> app.b (src/app/a.py:1)")
    assert lines[1:] == [
        "::warning file=src/app/c.py,line=1,col=1,title=IMP101 relative-import::relative import "
        "'from . import a': use 'from app import a'%0Afix: from app import a",
    ]
    assert outputs["exit-code"] == "1"
    report = Path(outputs["report-file"])
    assert report.read_text(encoding="utf-8").startswith("# importmap report\n")
    assert summary.read_text(encoding="utf-8") == report.read_text(encoding="utf-8")
    sarif = json.loads(Path(outputs["sarif-file"]).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert sorted(result["ruleId"] for result in results) == ["IMP001", "IMP101"]


def test_clean_project_passes_and_skips_what_was_not_asked(
    make_tree: MakeTree, tmp_path: Path
) -> None:
    project = make_tree({"project/src/app/__init__.py": "", "project/src/app/a.py": "X = 1\n"})
    done, outputs, summary = run_action_step(project / "project", tmp_path, summary="false")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert outputs["exit-code"] == "0"
    assert "sarif-file" not in outputs
    assert not summary.exists()


def test_paths_and_args_reach_importmap_check(make_tree: MakeTree, tmp_path: Path) -> None:
    project = make_tree({f"project/{path}": text for path, text in CYCLE_TREE.items()}) / "project"
    done, outputs, _ = run_action_step(
        project, tmp_path, paths="src", args="--ignore IMP001 --fail-on IMP101"
    )
    assert done.returncode == 1
    assert [line.split("::")[1].split(" ")[0] for line in done.stdout.splitlines()] == ["error"]
    assert "IMP101 relative-import" in done.stdout and "IMP001" not in done.stdout


def test_a_configuration_error_exits_2(make_tree: MakeTree, tmp_path: Path) -> None:
    project = make_tree({f"project/{path}": text for path, text in CYCLE_TREE.items()}) / "project"
    done, outputs, _ = run_action_step(project, tmp_path, args="--fail-on F401")
    assert done.returncode == 2
    assert outputs["exit-code"] == "2"


def test_action_yml_wires_every_input_to_the_script() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    run_step = next(step for step in steps if step.get("id") == "run")
    assert run_step["run"] == 'bash "$GITHUB_ACTION_PATH/ci/github_action.sh"'
    script_vars = set(re.findall(r"IMPORTMAP_[A-Z_]+", SCRIPT.read_text(encoding="utf-8")))
    assert script_vars == set(run_step["env"])
    for variable, value in run_step["env"].items():
        name = variable.removeprefix("IMPORTMAP_").lower().replace("_", "-")
        assert name in action["inputs"], variable
        assert value == f"${{{{ inputs.{name} }}}}"
    upload = next(step for step in steps if "upload-sarif" in step.get("uses", ""))
    assert upload["with"]["sarif_file"] == "${{ steps.run.outputs.sarif-file }}"
    assert steps[-1]["run"] == 'exit "${IMPORTMAP_EXIT_CODE:-2}"'
