"""The command line exits without tearing its objects down, and loses no output doing so."""

from __future__ import annotations

import subprocess
import sys

import pytest

# The real process: the installed script, its streams and exit (tests/functional/helpers.py).
pytestmark = pytest.mark.e2e


def run_exit(code: str, written: int) -> subprocess.CompletedProcess[str]:
    program = (
        "import sys\n"
        "from importmap.cli.app import _exit_at_once\n"
        f"sys.stdout.write('x' * {written})\n"
        f"_exit_at_once({code})\n"
    )
    return subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize(("code", "status"), [("0", 0), ("1", 1), ("2", 2), ("None", 0)])
def test_buffered_output_is_flushed_and_the_status_kept(code: str, status: int) -> None:
    # More than any stream buffer holds: a lost flush would show as a short stdout.
    done = run_exit(code, 200_000)
    assert (done.returncode, len(done.stdout), done.stderr) == (status, 200_000, "")


def test_a_message_instead_of_a_status_is_printed_and_exits_1() -> None:
    done = run_exit("'importmap: gave up'", 10)
    assert (done.returncode, done.stdout, done.stderr) == (1, "x" * 10, "importmap: gave up\n")


def test_a_real_command_through_the_entry_point_keeps_its_output_and_code() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "importmap", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("importmap ")
