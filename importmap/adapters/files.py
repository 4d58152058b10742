"""File access for the commands and the API: the readers and writers the core is handed."""

from __future__ import annotations

from pathlib import Path

from importmap.errors import ImportmapError
from importmap.safe_fs import write_output


def read_source(path: str) -> str | None:
    """A scanned file's text by its report path (relative to the working directory)."""
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise ImportmapError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        # A saved report or baseline is JSON, always UTF-8: any other bytes are the wrong file.
        raise ImportmapError(f"cannot read {path}: not UTF-8 text") from None


def write_text(path: Path, text: str) -> None:
    try:
        write_output(path, text.encode("utf-8"))
    except OSError as error:
        raise ImportmapError(f"cannot write {path}: {error.strerror}") from None
