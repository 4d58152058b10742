"""A file's size and modification time: what says it changed, for every cache that keeps a run."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Stamp:
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: str | Path) -> Stamp | None:
        """The file's stamp, or None when it cannot be stat'ed."""
        try:
            status = os.stat(path)
        except OSError:
            return None
        return cls(status.st_size, status.st_mtime_ns)
