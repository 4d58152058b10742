"""ruff's checks as the core sees them: ports, and what they report.

The import-order check (IMP104, ruff's I001) came first; one ruff run also answers IMP105 (F401)
and IMP106 (F811): ruff reads each file, its configuration and its noqa comments once for all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, order=True)
class TextEdit:
    """Replace the text between two 1-based (line, column) positions; columns count characters."""

    line: int
    column: int
    end_line: int
    end_column: int
    content: str


@dataclass(frozen=True, order=True)
class UnsortedBlock:
    path: Path
    line: int
    column: int
    edits: tuple[TextEdit, ...] = ()


class ImportSorter(Protocol):
    """Finds unsorted import blocks, honouring the project's own sorter settings."""

    name: str

    def unsorted(self, files: Sequence[Path]) -> tuple[UnsortedBlock, ...]: ...


@dataclass(frozen=True, order=True)
class LintDiagnostic:
    """One ruff diagnostic: where, ruff's code (F401) and ruff's own message."""

    path: Path
    line: int
    column: int
    code: str
    message: str


@dataclass(frozen=True)
class LintRun:
    unsorted: tuple[UnsortedBlock, ...] = ()
    # Every diagnostic but I001's, which are the unsorted blocks.
    diagnostics: tuple[LintDiagnostic, ...] = ()


@runtime_checkable
class ImportLinter(Protocol):
    """Checks files for some ruff codes in one run, with the project's own ruff settings."""

    name: str

    def lint(self, files: Sequence[Path], codes: Sequence[str]) -> LintRun: ...
