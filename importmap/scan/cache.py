"""A persistent cache of per-file scans, so an unchanged file is never parsed twice.

Entries are keyed by the file's path, size and modification time (nanoseconds), and the whole
cache by importmap's version, the Python version (whose `ast` decides what parses) and the
format. A cache that cannot be read, or was written by another version, is ignored with one
warning and rebuilt. It is written to a temporary file and renamed into place, so two runs at
once never leave a torn file: the last one to finish wins.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from importmap import __version__
from importmap.scan.cache_dir import prepare_cache_dir
from importmap.scan.scanner import FileScan

_FORMAT = 2
_FILE_NAME = "scan-cache.pickle"

Warn = Callable[[str], None]


@dataclass(frozen=True)
class Stamp:
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: str | Path) -> Stamp | None:
        try:
            status = os.stat(path)
        except OSError:
            return None
        return cls(status.st_size, status.st_mtime_ns)


@dataclass(frozen=True)
class CachedScan:
    stamp: Stamp
    with_facts: bool
    scan: FileScan


def _header() -> tuple[object, ...]:
    return ("importmap-scan-cache", _FORMAT, __version__, sys.version_info[:3])


class ScanCache:
    def __init__(self, directory: Path, entries: Mapping[str, CachedScan]) -> None:
        self.directory = directory
        self._entries = dict(entries)
        self._changed = False

    @classmethod
    def load(cls, directory: Path, warn: Warn) -> ScanCache:
        path = directory / _FILE_NAME
        if not path.exists():
            return cls(directory, {})
        try:
            with path.open("rb") as handle:
                header, entries = pickle.load(handle)
        except Exception as error:  # noqa: BLE001 - any damage means: start afresh
            warn(f"ignoring an unreadable cache at {path} ({type(error).__name__}); rebuilding it")
            return cls(directory, {})
        if header != _header() or not isinstance(entries, dict):
            warn(f"ignoring a cache written by another importmap or Python at {path}; rebuilding")
            return cls(directory, {})
        return cls(directory, entries)

    def get(self, key: str, stamp: Stamp | None, with_facts: bool) -> FileScan | None:
        entry = self._entries.get(key)
        if entry is None or stamp is None or entry.stamp != stamp:
            return None
        if with_facts and not entry.with_facts:
            return None
        return entry.scan

    def put(self, key: str, stamp: Stamp | None, with_facts: bool, scan: FileScan) -> None:
        if stamp is None:
            return
        self._entries[key] = CachedScan(stamp, with_facts, scan)
        self._changed = True

    def keep_only(self, keys: set[str]) -> None:
        """Forget files that are gone, so the cache does not grow without bound."""
        stale = set(self._entries) - keys
        for key in stale:
            del self._entries[key]
        self._changed = self._changed or bool(stale)

    def save(self, warn: Warn) -> None:
        if not self._changed:
            return
        try:
            prepare_cache_dir(self.directory)
            handle = tempfile.NamedTemporaryFile(
                "wb", dir=self.directory, prefix=".scan-", suffix=".tmp", delete=False
            )
        except OSError as error:
            warn(f"could not write the cache in {self.directory}: {error.strerror or error}")
            return
        try:
            with handle:
                pickle.dump((_header(), self._entries), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(handle.name, self.directory / _FILE_NAME)
        except OSError as error:
            warn(f"could not write the cache in {self.directory}: {error.strerror or error}")
        finally:
            if os.path.exists(handle.name):
                os.unlink(handle.name)
