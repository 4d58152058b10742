"""git as the source of the files a branch changed, run with argument lists only."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from importmap.errors import ImportmapError


class GitChangedFiles:
    """Files changed since the merge base of REV and HEAD, plus uncommitted and untracked ones.

    The merge base, not REV itself, so that what landed on the target branch after the pull
    request branched off does not count as changed by the pull request.
    """

    def __init__(self, base_dir: Path, executable: str = "git") -> None:
        self._base_dir = base_dir
        self._git = executable

    def changed_since(self, rev: str) -> frozenset[str]:
        if not rev or rev.startswith("-"):
            raise ImportmapError(f"--diff-base: '{rev}' is not a git revision")
        top = Path(self._run(["rev-parse", "--show-toplevel"]).strip())
        commit = self._run(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"]).strip()
        base = self._run(["merge-base", commit, "HEAD"]).strip()
        listed = self._run(["diff", "--name-only", "-z", base, "--"]).split("\0")
        listed += self._run(["ls-files", "--others", "--exclude-standard", "-z"]).split("\0")
        here = os.path.realpath(self._base_dir)
        return frozenset(
            Path(os.path.relpath(os.path.realpath(top / name), here)).as_posix()
            for name in listed
            if name
        )

    def _run(self, arguments: Sequence[str]) -> str:
        command = [self._git, *arguments]
        try:
            completed = subprocess.run(
                command,
                cwd=self._base_dir,
                capture_output=True,
                text=True,
                check=False,
                timeout=120,
            )
        except FileNotFoundError:
            raise ImportmapError("--diff-base needs git, and git was not found") from None
        except subprocess.TimeoutExpired:
            raise ImportmapError(f"git {arguments[0]} did not finish in 120 s") from None
        if completed.returncode != 0:
            detail = completed.stderr.strip().splitlines()
            reason = detail[-1] if detail else f"exit code {completed.returncode}"
            if arguments[:2] == ["rev-parse", "--verify"]:
                reason = f"'{arguments[-1].removesuffix('^{commit}')}' is not a known revision"
            raise ImportmapError(f"--diff-base: git {arguments[0]} failed: {reason}")
        return completed.stdout
