"""Run the installed importmap command as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SCHEMA_PATH = REPO / "importmap" / "report" / "schema" / "report-v1.schema.json"


def run_importmap(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "importmap", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def run_in(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed command run in `cwd`, as a user would type `importmap ARGS` there."""
    return run_importmap(*args, cwd=cwd)


def analyze_json(*args: str, cwd: Path) -> dict[str, Any]:
    result = run_importmap("analyze", *args, "--format", "json", "--out", "out", cwd=cwd)
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    validate_report(report)
    return report


def validate_report(report: dict[str, Any]) -> None:
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(report)
