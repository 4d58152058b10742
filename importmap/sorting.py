"""The import-order check as the core sees it: a port, and the blocks it reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


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
