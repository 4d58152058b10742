"""Run the command the way a user or a CI job does."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from tests.functional.helpers import run_importmap, validate_report


def importmap(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The command in-process (tests/functional/helpers.py says why and when to spawn it)."""
    return run_importmap(*args, cwd=cwd, timeout=timeout)


def analyze_json(*paths: str, cwd: Path, timeout: float = 120) -> dict[str, Any]:
    result = importmap(
        "analyze",
        *paths,
        "--no-render",
        "--format",
        "json",
        "--out",
        "out",
        cwd=cwd,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    validate_report(report)
    return report


def module_names(report: dict[str, Any]) -> list[str]:
    return [module["name"] for module in report["modules"]]


def internal_edges(report: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (record["importer"], record["imported"])
        for record in report["imports"]
        if not record["external"] and not record["beyond_top_level"]
    }


def errors(report: dict[str, Any]) -> list[tuple[str, int, str]]:
    return [(error["path"], error["line"], error["message"]) for error in report["errors"]]
