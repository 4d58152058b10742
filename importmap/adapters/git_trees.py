"""git as the source of a project's past: which commits, their trees, their files' bytes.

Read from git's objects only (`git log`, `git ls-tree`, `git cat-file --batch`): nothing is
checked out, so the working tree, the index and HEAD are never touched. Subprocesses get
argument lists, never shell strings; a revision is never taken for an option.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

from importmap.errors import ImportmapError
from importmap.trend.model import CommitInfo, CommitSelection

_TIMEOUT = 300
# Regular files, executable or not; links (120000) and submodules (160000) are left out: a link
# in a tree would be followed by whatever reads the written copy.
_FILE_MODES = frozenset({"100644", "100755"})


class GitTrees:
    """One repository's commits and the files of their trees, read from git's objects."""

    def __init__(self, start: Path, executable: str = "git") -> None:
        self._git = executable
        self._start = start
        try:
            top = self._run(["rev-parse", "--show-toplevel"], "")
        except ImportmapError:
            raise ImportmapError(f"{os.fspath(start)} is not in a git repository") from None
        self.top = Path(top)

    def commits(self, selection: CommitSelection) -> list[CommitInfo]:
        """The selected commits, oldest first (first parents only: the branch's own history)."""
        arguments = ["log", "--first-parent", "--reverse", "--format=%H%x00%cI%x00%s%x00"]
        if selection.since is not None:
            _refuse_option(selection.since, "--since")
            arguments.append(f"--since={selection.since}")
        if selection.last is not None and selection.since is None:
            # --reverse applies after -n: the last N, then oldest first.
            arguments.append(f"--max-count={selection.last}")
        revision = selection.rev_range or "HEAD"
        _refuse_option(revision, "--rev-range")
        self._verify(revision)
        arguments += [revision, "--"]
        fields = self._run(arguments, "git log failed").split("\0")
        commits: list[CommitInfo] = []
        for start in range(0, len(fields) - 2, 3):
            sha, date, subject = (field.strip("\n") for field in fields[start : start + 3])
            # A message in another encoding than UTF-8 is shown with replacement characters.
            shown = subject.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            commits.append(CommitInfo(sha, date, shown))
        return commits

    def files(self, commit: str, wanted: Iterable[str] = ()) -> dict[str, str]:
        """The regular files of `commit`'s tree, path (`/`, from the top) -> blob hash.

        `wanted`: path suffixes kept (`.py`, `/pyproject.toml`); empty keeps every file.
        """
        suffixes = tuple(wanted)
        listed = self._run(["ls-tree", "-r", "-z", "--full-tree", commit], "git ls-tree failed")
        found: dict[str, str] = {}
        for entry in listed.split("\0"):
            if not entry:
                continue
            header, _, path = entry.partition("\t")
            mode, kind, blob = header.split(" ")
            if kind != "blob" or mode not in _FILE_MODES:
                continue
            if suffixes and not ("/" + path).endswith(suffixes):
                continue
            found[path] = blob
        return found

    def blobs(self, hashes: Sequence[str]) -> dict[str, bytes]:
        """The bytes of each blob, read by one `git cat-file --batch`."""
        if not hashes:
            return {}
        unique = list(dict.fromkeys(hashes))
        command = [self._git, "cat-file", "--batch"]
        try:
            done = subprocess.run(
                command,
                cwd=self.top,
                input="".join(f"{blob}\n" for blob in unique).encode("ascii"),
                capture_output=True,
                check=False,
                timeout=_TIMEOUT,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise ImportmapError(f"git cat-file failed: {error}") from None
        if done.returncode != 0:
            raise ImportmapError(f"git cat-file failed: {_last_line(done.stderr)}")
        return _parse_batch(done.stdout, unique)

    def _verify(self, revision: str) -> None:
        for end in revision.split(".."):
            if end.startswith(".") or (end and end.startswith("-")):
                raise ImportmapError(f"'{revision}' is not a revision range")
            if end:
                self._run(
                    ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{end}^{{commit}}"],
                    f"'{end}' is not a known revision",
                )

    def _run(self, arguments: Sequence[str], meaning: str) -> str:
        """git's output; ImportmapError saying `meaning` (and git's last line) when it fails."""
        try:
            completed = subprocess.run(
                [self._git, *arguments],
                cwd=self._start,
                capture_output=True,
                check=False,
                timeout=_TIMEOUT,
            )
        except FileNotFoundError:
            raise ImportmapError("trend needs git, and git was not found") from None
        except NotADirectoryError:
            raise ImportmapError(f"{self._start} is not a directory") from None
        except subprocess.TimeoutExpired:
            raise ImportmapError(f"git {arguments[0]} did not finish in {_TIMEOUT} s") from None
        if completed.returncode != 0:
            said = _last_line(completed.stderr)
            raise ImportmapError(f"{meaning}: {said}" if said else meaning)
        return completed.stdout.decode("utf-8", errors="surrogateescape").strip("\n")


def _refuse_option(value: str, option: str) -> None:
    if value.startswith("-") or not value.strip():
        raise ImportmapError(f"{option}: '{value}' is not a revision or date")


def _last_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", errors="replace").strip().splitlines()
    return lines[-1] if lines else ""


def _parse_batch(output: bytes, hashes: Sequence[str]) -> dict[str, bytes]:
    """`<sha> <type> <size>\\n<bytes>\\n` per object, in the order asked."""
    found: dict[str, bytes] = {}
    position = 0
    for blob in hashes:
        end = output.index(b"\n", position)
        header = output[position:end].decode("ascii").split(" ")
        if len(header) != 3:
            raise ImportmapError(f"git cat-file: no object {blob}")
        size = int(header[2])
        found[blob] = output[end + 1 : end + 1 + size]
        position = end + 1 + size + 1
    return found
