"""The cache directory every importmap cache lives in, marked so tools leave it alone.

It may sit in a repository someone else committed, so it is opened through `safe_fs`: a symlink
planted at its name, or at any name inside it, is never followed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from importmap.safe_fs import open_directory, write_if_missing

_GITIGNORE = b"# Created by importmap.\n*\n"
# https://bford.info/cachedir/: backup tools skip directories holding this file.
_CACHEDIR_TAG = (
    b"Signature: 8a477f597d28d172789f06886806bc55\n"
    b"# This file is a cache directory tag created by importmap.\n"
)


@contextmanager
def prepared_cache_dir(directory: Path) -> Iterator[int]:
    """A descriptor of `directory`, created with a CACHEDIR.TAG and a .gitignore if missing.

    Raises OSError (`safe_fs.UnsafePath` for a symlink) when it cannot be used.
    """
    with open_directory(directory, create=True) as descriptor:
        write_if_missing(descriptor, "CACHEDIR.TAG", _CACHEDIR_TAG)
        write_if_missing(descriptor, ".gitignore", _GITIGNORE)
        yield descriptor
