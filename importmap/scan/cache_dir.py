"""The cache directory every importmap cache lives in, marked so tools leave it alone."""

from __future__ import annotations

from pathlib import Path

_GITIGNORE = "# Created by importmap.\n*\n"
# https://bford.info/cachedir/: backup tools skip directories holding this file.
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by importmap.\n"
)


def prepare_cache_dir(directory: Path) -> None:
    """Create `directory` with a CACHEDIR.TAG and a .gitignore; raises OSError when it cannot."""
    directory.mkdir(parents=True, exist_ok=True)
    _write_if_missing(directory / "CACHEDIR.TAG", _CACHEDIR_TAG)
    _write_if_missing(directory / ".gitignore", _GITIGNORE)


def _write_if_missing(path: Path, text: str) -> None:
    if not path.exists():
        path.write_text(text, encoding="utf-8")
