"""The installed `importmap` script: usage errors are one line, and `main()` never exits silently.

Run as a CI job runs it: the console script pip wrote, in a subprocess. Before, typer printed four
lines for a usage error (usage, hint, blank line, error) where README promises one, and an error
escaping the commands made `main()` exit 2 with nothing on stderr.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# The real process: the installed script, its streams and exit (tests/functional/helpers.py).
pytestmark = pytest.mark.e2e

SCRIPT = Path(sys.executable).with_name("importmap")

# (arguments, the one line on stderr)
USAGE_ERRORS: list[tuple[list[str], str]] = [
    (["check", "--bogus"], "No such option: --bogus (see 'importmap check --help')"),
    (["--bogus"], "No such option: --bogus (see 'importmap --help')"),
    (["nosuch"], "No such command 'nosuch'. (see 'importmap --help')"),
    (
        ["check", "--selct", "IMP1"],
        "No such option: --selct (Possible options: --help, --select) "
        "(see 'importmap check --help')",
    ),
    (
        ["check", "--format", "xml"],
        "Invalid value for '--format' / '-f': 'xml' is not one of 'text', 'json', 'github', "
        "'sarif', 'junit'. (see 'importmap check --help')",
    ),
    (
        ["check", "--fail-under", "nan"],
        "Invalid value for '--fail-under': nan is not a score from 0 to 100. "
        "(see 'importmap check --help')",
    ),
    (
        ["check", "--fail-under", "-inf"],
        "Invalid value for '--fail-under': -inf is not a score from 0 to 100. "
        "(see 'importmap check --help')",
    ),
    (["check", "--fail-under"], "Option '--fail-under' requires an argument."),
    (["why"], "Missing argument 'source'. (see 'importmap why --help')"),
    (["init", "extra"], "Got unexpected extra argument(s) (extra) (see 'importmap init --help')"),
    (
        ["graph", "--depth", "-3"],
        "Invalid value for '--depth': -3 is not in the range x>=1. (see 'importmap graph --help')",
    ),
]


def run(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *arguments], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def test_the_script_is_installed() -> None:
    assert SCRIPT.is_file()


@pytest.mark.parametrize(("arguments", "line"), USAGE_ERRORS)
def test_usage_errors_are_one_line(arguments: list[str], line: str, tmp_path: Path) -> None:
    result = run(*arguments, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"importmap: error: {line}\n"


def test_no_arguments_is_the_help_not_an_error(tmp_path: Path) -> None:
    result = run(cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("Usage: importmap [OPTIONS] COMMAND [ARGS]...")
    assert "error" not in result.stderr


# A failure outside every command's guard: here typer itself fails while parsing.
ESCAPING = (
    "import sys\n"
    "from importmap.cli import app as application\n"
    "def broken(*args, **kwargs):\n"
    "    raise LookupError('typer broke')\n"
    "application.app = broken\n"
    "sys.argv = ['importmap', *sys.argv[1:]]\n"
    "application.main()\n"
)


def test_an_error_escaping_the_commands_is_one_line(tmp_path: Path) -> None:
    quiet = subprocess.run(
        [sys.executable, "-c", ESCAPING, "check"], cwd=tmp_path, capture_output=True, text=True
    )
    assert (quiet.returncode, quiet.stdout) == (2, "")
    assert quiet.stderr == (
        "importmap: error: internal error: LookupError: typer broke "
        "(run with --debug for details)\n"
    )


def test_debug_shows_the_traceback_of_an_escaping_error(tmp_path: Path) -> None:
    loud = subprocess.run(
        [sys.executable, "-c", ESCAPING, "check", "--debug"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert loud.returncode == 2
    assert loud.stderr.startswith("Traceback (most recent call last):\n")
    assert "LookupError: typer broke\n" in loud.stderr
    assert loud.stderr.endswith(
        "importmap: error: internal error: LookupError: typer broke "
        "(run with --debug for details)\n"
    )


def test_an_interrupt_escaping_the_commands_says_so(tmp_path: Path) -> None:
    script = ESCAPING.replace("raise LookupError('typer broke')", "raise KeyboardInterrupt")
    result = subprocess.run(
        [sys.executable, "-c", script, "check"], cwd=tmp_path, capture_output=True, text=True
    )
    assert (result.returncode, result.stderr) == (2, "importmap: error: interrupted\n")
