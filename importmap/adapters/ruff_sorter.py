"""ruff as the import-order check (I001) and the import lint (F401, F811), run once over all files.

ruff discovers each file's pyproject.toml/ruff.toml itself; only the rule selection is forced.
So per-file-ignores, noqa comments (line and file level), `__all__`, the target version and the
`[tool.ruff.lint.*]` settings all decide, as in the project's own ruff run.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import locale
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from importmap.adapters.isort_settings import ruff_overrides_for_isort
from importmap.errors import ImportmapError
from importmap.sorting import LintDiagnostic, LintRun, TextEdit, UnsortedBlock

# Enough for any command line; ruff reads many files per invocation.
_FILES_PER_RUN = 500
# ruff checks a run's files in parallel already; runs started together also overlap each one's
# start and end (homeassistant, 6,700 files in 14 runs: 1.1 s one after another, 0.6 s at once).
_RUNS_AT_ONCE = 8
# The oldest ruff whose command line and JSON output this adapter reads (`ruff check`,
# `--output-format json`); pyproject.toml requires it too.
MINIMUM_RUFF = (0, 5)
_SORT_CODE = "I001"

# How every ruff run here reads: JSON verdicts, no cache or fix of ruff's own, exit 0 whatever it
# finds, and ruff's own excludes applied to the files named.
_CHECK_FLAGS = (
    "--output-format",
    "json",
    "--no-cache",
    "--no-fix",
    "--exit-zero",
    "--force-exclude",
)


def ruff_problem() -> str:
    """Why the installed ruff cannot be used ("" when it can): missing, or older than needed."""
    try:
        version = metadata.version("ruff")
    except metadata.PackageNotFoundError:
        if importlib.util.find_spec("ruff") is None:
            return "ruff is not installed"
        return ""
    if _version_tuple(version) < MINIMUM_RUFF:
        wanted = ".".join(str(part) for part in MINIMUM_RUFF)
        return f"ruff {version} is older than {wanted}"
    return ""


def _version_tuple(version: str) -> tuple[int, ...]:
    parts: list[int] = []
    for part in version.split(".")[:2]:
        digits = "".join(character for character in part if character.isdigit()) or "0"
        parts.append(int(digits))
    return tuple(parts)


class RuffSorter:
    """Runs `ruff check --select I001[,F401,F811]` with the project's own ruff/isort settings.

    ruff discovers the nearest pyproject.toml/ruff.toml of each file itself; only the rule
    selection is forced, so `[tool.ruff.lint.isort]` settings, per-file-ignores and noqa
    comments apply. A project configured for isort rather than ruff has its isort settings
    passed on as `--config` overrides.
    """

    name = "ruff"

    def __init__(self, executable: Sequence[str] | None = None) -> None:
        self._command = tuple(executable) if executable is not None else _ruff_command()

    def unsorted(self, files: Sequence[Path]) -> tuple[UnsortedBlock, ...]:
        return self.lint(files, (_SORT_CODE,)).unsorted

    def lint(self, files: Sequence[Path], codes: Sequence[str]) -> LintRun:
        """ruff's diagnostics of `codes` on `files`, the I001 ones as unsorted blocks."""
        wanted = tuple(sorted(set(codes)))
        if not wanted or not files:
            return LintRun()
        ordered = _resolve_all(sorted(files))
        batches = [
            ordered[start : start + _FILES_PER_RUN]
            for start in range(0, len(ordered), _FILES_PER_RUN)
        ]
        found: list[dict[str, Any]] = []
        for first in range(0, len(batches), _RUNS_AT_ONCE):
            found.extend(self._run_together(batches[first : first + _RUNS_AT_ONCE], wanted))
        kept = [item for item in found if item.get("code") in wanted]
        return LintRun(
            unsorted=tuple(sorted(_block(i) for i in kept if i["code"] == _SORT_CODE)),
            diagnostics=tuple(sorted(_diagnostic(i) for i in kept if i["code"] != _SORT_CODE)),
        )

    def edits_for_text(self, path: Path, text: str) -> tuple[TextEdit, ...]:
        """ruff's I001 edits for `text`, read as the file at `path` (its settings apply).

        For `fix`, which sorts the text it rewrote before anything is written.
        """
        command = [
            *self._command,
            "check",
            "--select",
            "I001",
            *_CHECK_FLAGS,
            *ruff_overrides_for_isort(path.parent),
            "--stdin-filename",
            os.fspath(path),
            "-",
        ]
        try:
            done = subprocess.run(command, input=text.encode("utf-8"), capture_output=True)
        except OSError as error:
            raise ImportmapError(f"cannot run ruff for IMP104: {error.strerror}") from error
        if done.returncode != 0:
            said = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
            raise ImportmapError(
                f"ruff failed for IMP104 (exit {done.returncode}): {' '.join(said)[:300]}"
            )
        try:
            diagnostics: list[dict[str, Any]] = json.loads(done.stdout or b"[]")
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise ImportmapError(f"ruff printed unreadable JSON for IMP104: {error}") from error
        return tuple(
            edit
            for item in diagnostics
            if item.get("code") == "I001"
            for edit in _block(item).edits
        )

    def _run_together(
        self, batches: Sequence[Sequence[str]], codes: Sequence[str]
    ) -> list[dict[str, Any]]:
        """Run ruff on each batch at once; the first batch that fails says why."""
        runs: list[_Run] = []
        problems: list[ImportmapError] = []
        try:
            for batch in batches:
                runs.append(_Run(self._command_for(batch, codes)))
        except ImportmapError as problem:
            problems.append(problem)
        found: list[dict[str, Any]] = []
        for run in runs:
            try:
                found.extend(run.finish())
            except ImportmapError as problem:
                problems.append(problem)
        if problems:
            raise problems[0]
        return found

    def _command_for(self, files: Sequence[str], codes: Sequence[str]) -> list[str]:
        """ruff's command line for `files`, given with symbolic links resolved."""
        common = Path(os.path.commonpath(files))
        return [
            *self._command,
            "check",
            "--select",
            ",".join(codes),
            *_CHECK_FLAGS,
            *ruff_overrides_for_isort(common if common.is_dir() else common.parent),
            "--",
            *files,
        ]


class _Run:
    """One ruff process, started. What it prints goes to temporary files, not pipes: ruff never
    waits for this process to read, even while this process is busy (analyze runs the check
    beside its other work), and runs started together never block each other."""

    def __init__(self, command: Sequence[str]) -> None:
        self._output = tempfile.TemporaryFile()
        self._complaints = tempfile.TemporaryFile()
        try:
            self._process = subprocess.Popen(command, stdout=self._output, stderr=self._complaints)
        except OSError as error:
            self._close()
            raise ImportmapError(f"cannot run ruff: {error.strerror}") from error

    def finish(self) -> list[dict[str, Any]]:
        try:
            returncode = self._process.wait()
            printed = self._read(self._output)
            complaints = self._read(self._complaints)
        finally:
            self._close()
        if returncode != 0:
            text = complaints.decode(locale.getpreferredencoding(False), errors="replace")
            said = " ".join(line.strip() for line in text.splitlines() if line.strip())
            raise ImportmapError(f"ruff failed (exit {returncode}): {said[:300] or 'no output'}")
        try:
            diagnostics: list[dict[str, Any]] = json.loads(printed or b"[]")
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise ImportmapError(f"ruff printed unreadable JSON: {error}") from error
        return diagnostics

    @staticmethod
    def _read(handle: IO[bytes]) -> bytes:
        handle.seek(0)
        return handle.read()

    def _close(self) -> None:
        self._output.close()
        self._complaints.close()


def _ruff_command() -> tuple[str, ...]:
    """The ruff binary the installed ruff package ships: what `python -m ruff` runs, without
    starting Python again for each run."""
    try:
        find_ruff_bin = importlib.import_module("ruff").find_ruff_bin
        return (os.fspath(find_ruff_bin()),)
    except (ImportError, AttributeError, FileNotFoundError):
        # An older ruff package, or none: let Python find it.
        return (sys.executable, "-m", "ruff")


def _resolve_all(files: Sequence[Path]) -> list[str]:
    """`str(path.resolve())` of each file, resolving each directory once rather than every file
    (a path's resolution checks each of its components: thousands of system calls)."""
    resolved_directories: dict[str, str] = {}
    found: list[str] = []
    for path in files:
        # Split as given: `..` must follow the links before it, as resolve() does.
        directory, name = os.path.split(os.fspath(path))
        real_directory = resolved_directories.get(directory)
        if real_directory is None:
            real_directory = resolved_directories[directory] = os.path.realpath(directory)
        candidate = os.path.join(real_directory, name)
        # Only a link in the last component is left to resolve.
        found.append(os.path.realpath(candidate) if os.path.islink(candidate) else candidate)
    return found


def _block(item: dict[str, Any]) -> UnsortedBlock:
    fix = item.get("fix") or {}
    edits = tuple(
        TextEdit(
            line=edit["location"]["row"],
            column=edit["location"]["column"],
            end_line=edit["end_location"]["row"],
            end_column=edit["end_location"]["column"],
            content=edit["content"] or "",
        )
        for edit in fix.get("edits", [])
    )
    location = item["location"]
    return UnsortedBlock(Path(item["filename"]), location["row"], location["column"], edits)


def _diagnostic(item: dict[str, Any]) -> LintDiagnostic:
    location = item["location"]
    return LintDiagnostic(
        Path(item["filename"]),
        location["row"],
        location["column"],
        str(item["code"]),
        str(item.get("message") or ""),
    )
