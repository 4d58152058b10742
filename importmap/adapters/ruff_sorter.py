"""ruff's I001 (isort-compatible) as the import-order check, run once over all files."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from importmap.adapters.isort_settings import ruff_overrides_for_isort
from importmap.errors import ImportmapError
from importmap.sorting import TextEdit, UnsortedBlock

# Enough for any command line; ruff reads many files per invocation.
_FILES_PER_RUN = 500


class RuffSorter:
    """Runs `ruff check --select I001` with the project's own ruff/isort settings.

    ruff discovers the nearest pyproject.toml/ruff.toml of each file itself; only the rule
    selection is forced, so `[tool.ruff.lint.isort]` settings apply. A project configured for
    isort rather than ruff has its isort settings passed on as `--config` overrides.
    """

    name = "ruff I001"

    def __init__(self, executable: Sequence[str] | None = None) -> None:
        self._command = tuple(executable) if executable is not None else _ruff_command()

    def unsorted(self, files: Sequence[Path]) -> tuple[UnsortedBlock, ...]:
        found: list[UnsortedBlock] = []
        ordered = sorted(files)
        resolved = _resolve_all(ordered)
        for start in range(0, len(ordered), _FILES_PER_RUN):
            found.extend(self._run(resolved[start : start + _FILES_PER_RUN]))
        return tuple(sorted(found))

    def _run(self, files: Sequence[str]) -> list[UnsortedBlock]:
        """Run ruff once over `files`, given with symbolic links resolved."""
        if not files:
            return []
        common = Path(os.path.commonpath(files))
        command = [
            *self._command,
            "check",
            "--select",
            "I001",
            "--output-format",
            "json",
            "--no-cache",
            "--no-fix",
            "--exit-zero",
            "--force-exclude",
            *ruff_overrides_for_isort(common if common.is_dir() else common.parent),
            "--",
            *files,
        ]
        # The report goes to a file, not a pipe: ruff never waits for this process to read it,
        # even while this process is busy (analyze runs the check beside its other work).
        with tempfile.TemporaryFile() as output:
            try:
                completed = subprocess.run(
                    command, stdout=output, stderr=subprocess.PIPE, text=True, check=False
                )
            except OSError as error:
                raise ImportmapError(f"cannot run ruff for IMP104: {error.strerror}") from error
            output.seek(0)
            printed = output.read()
        if completed.returncode != 0:
            said = " ".join(line.strip() for line in completed.stderr.splitlines() if line.strip())
            raise ImportmapError(
                f"ruff failed for IMP104 (exit {completed.returncode}): {said[:300] or 'no output'}"
            )
        try:
            diagnostics: list[dict[str, Any]] = json.loads(printed or b"[]")
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise ImportmapError(f"ruff printed unreadable JSON for IMP104: {error}") from error
        return [_block(item) for item in diagnostics if item.get("code") == "I001"]


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
