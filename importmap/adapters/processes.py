"""The adapter that runs programs: the target interpreter for `heavy --measure` (one probe per
import) and `cycles --verify` (each member imported first)."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping, Sequence

from importmap.processes import ProcessResult


def run_process(
    argv: Sequence[str],
    timeout: float,
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
) -> ProcessResult:
    """Run an argument list (never a shell string) and capture its output; a process that
    outlives `timeout` seconds is killed, one that cannot start is reported, never raised."""
    try:
        done = subprocess.run(
            list(argv),
            capture_output=True,
            text=True,
            timeout=timeout,
            env=None if env is None else dict(env),
            cwd=cwd,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return ProcessResult(-1, "", f"timed out after {timeout:g} s", timed_out=True)
    except OSError as error:
        return ProcessResult(-1, "", f"cannot run {argv[0]}: {error.strerror or error}")
    return ProcessResult(done.returncode, done.stdout, done.stderr)
