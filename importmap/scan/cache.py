"""A persistent cache of per-file scans, so an unchanged file is never parsed twice.

Entries are keyed by the file's path, size and modification time (nanoseconds), and the whole
cache by importmap's version, the Python version (whose `ast` decides what parses) and the
format. A cache that cannot be read, or was written by another version, is ignored with one
warning and rebuilt. It is written to a temporary file and renamed into place, so two runs at
once never leave a torn file: the last one to finish wins.

On disk each entry is a tuple, its import records tuples of plain values: pickle reads and writes
those several times faster than dataclass instances (homeassistant's 63k records). An entry
becomes a `FileScan` again only when it is asked for, so a run that needs a few files' scans
(`check` comparing one edited file) does not rebuild them all.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from importmap import __version__
from importmap.domain import Context
from importmap.scan.cache_dir import prepare_cache_dir
from importmap.scan.collect import RawImport
from importmap.scan.scanner import FileScan
from importmap.scan.stamp import Stamp

_FORMAT = 4
_FILE_NAME = "scan-cache.pickle"

Warn = Callable[[str], None]


@dataclass(frozen=True)
class CachedScan:
    stamp: Stamp
    with_facts: bool
    scan: FileScan


def _header() -> tuple[object, ...]:
    return ("importmap-scan-cache", _FORMAT, __version__, sys.version_info[:3])


# An entry as stored: (size, mtime_ns, with_facts, import rows, problem, facts, heavy facts,
# marked), each import row RawImport's fields in order, its context by value.
_Packed = tuple[Any, ...]
_RAW_IMPORT_FIELDS = tuple(field.name for field in fields(RawImport))
_CONTEXT_BY_VALUE = {context.value: context for context in Context}


class ScanCache:
    def __init__(
        self,
        directory: Path,
        entries: Mapping[str, CachedScan],
        packed: Mapping[str, _Packed] | None = None,
    ) -> None:
        self.directory = directory
        # Put since the cache was read: packed when it is saved.
        self._entries = dict(entries)
        # As read from disk, written back as they are; `_unpacked` remembers those asked for.
        self._packed = {key: value for key, value in (packed or {}).items() if key not in entries}
        self._unpacked: dict[str, CachedScan] = {}
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
        return cls(directory, {}, entries)

    def get(self, key: str, stamp: Stamp | None, with_facts: bool) -> FileScan | None:
        entry = self._entries.get(key) or self._unpacked.get(key)
        if entry is None and key in self._packed:
            entry = _unpack(self._packed[key])
            if entry is not None:
                self._unpacked[key] = entry
        if entry is None or stamp is None or entry.stamp != stamp:
            return None
        if with_facts and not entry.with_facts:
            return None
        return entry.scan

    def put(self, key: str, stamp: Stamp | None, with_facts: bool, scan: FileScan) -> None:
        if stamp is None:
            return
        self._entries[key] = CachedScan(stamp, with_facts, scan)
        self._packed.pop(key, None)
        self._unpacked.pop(key, None)
        self._changed = True

    def keep_only(self, keys: set[str]) -> None:
        """Forget files that are gone, so the cache does not grow without bound."""
        stale = (set(self._entries) | set(self._packed)) - keys
        for key in stale:
            self._entries.pop(key, None)
            self._packed.pop(key, None)
            self._unpacked.pop(key, None)
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
                packed = dict(self._packed)
                packed.update((key, _pack(entry)) for key, entry in self._entries.items())
                pickle.dump((_header(), packed), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(handle.name, self.directory / _FILE_NAME)
        except OSError as error:
            warn(f"could not write the cache in {self.directory}: {error.strerror or error}")
        finally:
            if os.path.exists(handle.name):
                os.unlink(handle.name)


def _pack(entry: CachedScan) -> _Packed:
    scan = entry.scan
    rows = tuple(
        (raw.line, raw.column, raw.module, raw.level, raw.names, raw.context.value)
        + (raw.statement, raw.is_from, raw.dynamic)
        for raw in scan.imports
    )
    return (
        entry.stamp.size,
        entry.stamp.mtime_ns,
        entry.with_facts,
        rows,
        scan.problem,
        scan.facts,
        scan.heavy_facts,
        scan.marked,
    )


def _unpack(packed: _Packed) -> CachedScan | None:
    """The entry, or None when it is not one (then the file is scanned again)."""
    try:
        size, mtime_ns, with_facts, rows, problem, facts, heavy_facts, marked = packed
        imports = tuple(map(_raw_import, rows))
    except (TypeError, ValueError, KeyError):
        return None
    scan = FileScan(imports, problem, facts, heavy_facts, marked)
    return CachedScan(Stamp(size, mtime_ns), with_facts, scan)


def _raw_import(row: tuple[Any, ...]) -> RawImport:
    # Filled like resolve's records: the frozen dataclass's __init__ would double the cost.
    line, column, module, level, names, context, statement, is_from, dynamic = row
    values = (line, column, module, level, names, _CONTEXT_BY_VALUE[context], statement)
    record: RawImport = object.__new__(RawImport)
    record.__dict__.update(zip(_RAW_IMPORT_FIELDS, (*values, is_from, dynamic), strict=True))
    return record
