"""Run the importmap command as a user would: in-process through the typer app, or spawned."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SCHEMA_PATH = REPO / "importmap" / "report" / "schema" / "report-v1.schema.json"


def run_importmap(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`importmap ARGS` typed in `cwd`: its exit code, standard output and standard error.

    Run in-process through the typer app (a spawn costs a fresh interpreter and its imports,
    about 0.3 s of CPU each, hundreds of times in the suite); the console script's own wrapper
    (`main`: an escaping error is one line and exit 2) is replayed here. A test that needs what
    only a real process shows (the installed script, the streams' closing, `os._exit`, signals,
    the start-up imports, another environment) uses `spawn_importmap`. IMPORTMAP_TESTS_SPAWN=1
    spawns every command, to show that no test passes only in-process (module state, caches).
    """
    if env is not None or os.environ.get("IMPORTMAP_TESTS_SPAWN") == "1":
        return spawn_importmap(*args, cwd=cwd, env=env, timeout=timeout)
    return invoke_importmap(*args, cwd=cwd)


def spawn_importmap(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The installed command in its own process (end to end)."""
    return subprocess.run(
        [sys.executable, "-m", "importmap", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def invoke_importmap(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The typer app called in this process, in `cwd`, as the console script calls it."""
    from typer.testing import CliRunner

    from importmap.cli.app import _describe, app
    from importmap.cli.errors import EXIT_ERROR, one_line

    previous = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args), prog_name="importmap")
    finally:
        os.chdir(previous)
    code = result.exit_code
    stderr = result.stderr
    error = result.exception
    if error is not None and not isinstance(error, SystemExit):
        # What `importmap.cli.app.main` does with an error that escapes the command.
        if "--debug" in args:
            import traceback

            stderr += "".join(traceback.format_exception(error))
        stderr += one_line(_describe(error)) + "\n"
        code = EXIT_ERROR
    return subprocess.CompletedProcess(["importmap", *args], code, result.stdout, stderr)


def run_in(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command run in `cwd`, as a user would type `importmap ARGS` there."""
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
