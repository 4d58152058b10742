"""What running a program gives back, and the one shape in which the core asks for it.

The core never starts a process itself: the use cases that run the target interpreter (`heavy
--measure`, `cycles --verify`) are handed a `ProcessRunner` by their caller, the composition
root, which passes `adapters.processes.run_process`; tests pass fakes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ProcessResult:
    returncode: int
    stdout: str
    stderr: str
    # Killed after its timeout (then `returncode` is -1 and `stderr` says so).
    timed_out: bool = False


class ProcessRunner(Protocol):
    """Run an argument list (never a shell string), capture its output as text."""

    def __call__(
        self,
        argv: Sequence[str],
        timeout: float,
        *,
        env: Mapping[str, str] | None = None,
        cwd: str | None = None,
    ) -> ProcessResult: ...
