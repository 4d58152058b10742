"""Run one command as a whole process and measure its wall time and peak memory."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

GNU_TIME = Path("/usr/bin/time")


@dataclass(frozen=True)
class Sample:
    """One run: wall seconds, peak RSS in MiB (None when unknown), exit code, timed out."""

    seconds: float
    peak_mib: float | None
    returncode: int | None
    timed_out: bool


def have_gnu_time() -> bool:
    return GNU_TIME.exists() and os.access(GNU_TIME, os.X_OK)


def clear_dirs(paths: list[Path]) -> None:
    """Delete cache directories so that the next run is cold."""
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists():
            path.unlink()


def run_measured(
    argv: list[str],
    *,
    cwd: Path,
    env: dict[str, str],
    timeout: float,
    stdout_path: Path,
    stderr_path: Path,
) -> Sample:
    """Run argv under GNU time (for the child's max RSS) and time it from here.

    The wall time is taken around the whole process so that interpreter start-up counts, as a
    user of the command line would feel it. The child runs in its own session so that a timeout
    can kill it together with everything it started.
    """
    with tempfile.NamedTemporaryFile(prefix="bench-time-", suffix=".txt", delete=False) as handle:
        time_file = Path(handle.name)
    full = [str(GNU_TIME), "-f", "%M", "-o", str(time_file), *argv] if have_gnu_time() else argv
    timed_out = False
    with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            full, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True
        )
        try:
            returncode: int | None = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            returncode = None
        seconds = time.perf_counter() - start
    peak = _read_peak_mib(time_file)
    time_file.unlink(missing_ok=True)
    if returncode is not None and have_gnu_time() and peak is None:
        # GNU time could not run the command at all (it reports that as exit 127).
        returncode = returncode or 127
    return Sample(seconds=seconds, peak_mib=peak, returncode=returncode, timed_out=timed_out)


def _read_peak_mib(time_file: Path) -> float | None:
    try:
        lines = time_file.read_text(encoding="utf-8").split()
    except OSError:
        return None
    # GNU time may prefix "Command exited with non-zero status N"; the figure is the last word.
    for word in reversed(lines):
        if word.isdigit():
            return int(word) / 1024
    return None
