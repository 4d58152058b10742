"""Every command given bad arguments exits 2 with one message and no traceback; --debug shows it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from importmap.cli.app import app
from importmap.graph.build import ModuleGraph
from tests.conftest import MakeTree
from tests.hardening.cli import importmap

ANALYSING = ["analyze", "check", "cycles", "fix", "why", "baseline", "heavy", "graph"]
COMMANDS = [*ANALYSING, "init"]
# Positional arguments a command needs before its paths.
LEADING = {"why": ["pkg.a", "pkg.b"]}

BAD_ARGUMENTS: list[tuple[str, list[str], str]] = [
    *[(command, ["--bogus"], "No such option: --bogus") for command in COMMANDS],
    *[
        (
            command,
            [*LEADING.get(command, []), "missing_dir"],
            "importmap: error: path does not exist: missing_dir",
        )
        for command in ANALYSING
    ],
    *[
        (command, ["--format", "nope"], "Invalid value for '--format'")
        for command in ("analyze", "check", "cycles", "heavy", "graph")
    ],
    ("init", ["extra"], "Got unexpected extra argument"),
    ("why", [], "Missing argument"),
    ("why", ["nosuch", "pkg.b"], "importmap: error: unknown module 'nosuch'"),
    ("fix", ["--select", "IMP001"], "importmap: error: --select: IMP001 cannot be fixed"),
    ("check", ["--select", "NOPE"], "importmap: error: --select: 'NOPE' is not a rule code"),
    ("analyze", ["--ignore", "X1"], "importmap: error: --ignore: 'X1' is not a rule code"),
    ("check", ["--fail-under", "abc"], "Invalid value for '--fail-under'"),
    ("graph", ["--depth", "-3"], "Invalid value for '--depth'"),
    ("heavy", ["--runs", "zero"], "Invalid value for '--runs'"),
]


@pytest.fixture
def project(make_tree: MakeTree, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_tree({"pkg/__init__.py": "", "pkg/a.py": "import pkg.b\n", "pkg/b.py": ""})
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize(("command", "arguments", "message"), BAD_ARGUMENTS)
def test_bad_arguments_exit_2_with_a_message(
    command: str, arguments: list[str], message: str, project: Path
) -> None:
    result = CliRunner().invoke(app, [command, *arguments])
    output = result.output
    assert result.exit_code == 2, output
    assert "Traceback" not in output
    assert message in output
    assert "Error" in output or "error" in output


def boom(*args: object, **kwargs: object) -> ModuleGraph:
    raise RuntimeError("boom")


def internal_error_arguments(command: str) -> list[str]:
    return [command, *LEADING.get(command, [])]


@pytest.mark.parametrize("command", COMMANDS)
def test_internal_errors_are_one_line_and_debug_shows_the_traceback(
    command: str, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if command == "init":
        monkeypatch.setattr("importmap.usecases.init.starter_section", boom)
    else:
        monkeypatch.setattr(ModuleGraph, "from_codebase", classmethod(boom))
    quiet = CliRunner().invoke(app, internal_error_arguments(command))
    assert quiet.exit_code == 2
    assert quiet.output == (
        "importmap: error: internal error: RuntimeError: boom (run with --debug for details)\n"
    )
    loud = CliRunner().invoke(app, [*internal_error_arguments(command), "--debug"])
    assert loud.exit_code == 2
    assert "Traceback (most recent call last)" in loud.output
    assert "RuntimeError: boom" in loud.output


PATCHED_RUN = (
    "import sys\n"
    "from importmap.graph.build import ModuleGraph\n"
    "def boom(*a, **k): raise RuntimeError('boom')\n"
    "ModuleGraph.from_codebase = classmethod(boom)\n"
    "from importmap.cli.app import main\n"
    "sys.argv = ['importmap', *sys.argv[1:]]\n"
    "main()\n"
)


@pytest.mark.e2e
def test_installed_command(project: Path) -> None:
    usage = importmap("analyze", "--bogus", cwd=project)
    assert usage.returncode == 2 and "No such option: --bogus" in usage.stderr
    missing = importmap("check", "missing_dir", cwd=project)
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr == "importmap: error: path does not exist: missing_dir\n"
    quiet = subprocess.run(
        [sys.executable, "-c", PATCHED_RUN, "check"], cwd=project, capture_output=True, text=True
    )
    assert quiet.returncode == 2
    assert quiet.stderr == (
        "importmap: error: internal error: RuntimeError: boom (run with --debug for details)\n"
    )
    loud = subprocess.run(
        [sys.executable, "-c", PATCHED_RUN, "check", "--debug"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert loud.returncode == 2
    assert "Traceback (most recent call last)" in loud.stderr
    assert loud.stderr.endswith(
        "importmap: error: internal error: RuntimeError: boom (run with --debug for details)\n"
    )
