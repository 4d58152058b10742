"""A persistent cache of per-file scans, so an unchanged file is never parsed twice.

The cache file lies in a directory a cloned repository may have committed, so it is data, never
code: JSON, read only through `safe_fs` (no symlink followed, at most MAX_BYTES read), and every
entry decoded by `codec`, which checks each value against the record's type before using it. A
cache that is damaged, hostile, too large or written by another version is ignored with one
warning and rebuilt.

Entries are keyed by the file's path and hold its stamp (size, modification time in
nanoseconds); the whole cache by importmap's version, the Python version (whose `ast` decides
what parses) and the format. It is written to a temporary file and renamed into place, so two
runs at once never leave a torn file: the last one to finish wins. An entry is decoded only when
it is asked for, so a run that needs a few files' scans (`check` comparing one edited file) does
not rebuild them all, and entries not asked for are written back as they were read.

`importmap trend` keys files by the git blob they were written from instead (`content_key`):
the key names the content, so the stamp is the fixed CONTENT_STAMP, and a commit whose files
were scanned at an earlier commit costs nothing, whatever their modification times. Its cache is
a file of its own (TREND_FILE_NAME), so trend and analyze never evict each other's entries.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from importmap.codec import Codec, CodecError
from importmap.safe_fs import open_directory, read_regular, replace_file
from importmap.scan.cache_dir import prepared_cache_dir
from importmap.scan.scanner import FileScan
from importmap.scan.stamp import Stamp
from importmap.version import __version__

_FORMAT = 6
FILE_NAME = "scan-cache.json"
TREND_FILE_NAME = "trend-scan-cache.json"
# homeassistant's cache (14k files, whole-file facts) is about 60 MB; a file larger than this is
# not ours, and reading it would cost more than scanning afresh.
MAX_BYTES = 512 * 1024 * 1024

Warn = Callable[[str], None]
_SCAN_CODEC = Codec(FileScan)
# The stamp of an entry keyed by its content: nothing about the file on disk says more.
CONTENT_STAMP = Stamp(size=-1, mtime_ns=-1)


def content_key(path: str, blob: str) -> str:
    """The key of a file written from git blob `blob` at `path` in the tree (`/`-separated):
    the path too, since a module's scan reads its name's package (`__init__.py`)."""
    return f"git-blob:{blob}:{path}"


@dataclass(frozen=True)
class CachedScan:
    stamp: Stamp
    with_facts: bool
    scan: FileScan
    # Scanned without facts: the fingerprint of the probes its `mentions` answer ("" for none).
    probes: str = ""


def _header() -> dict[str, Any]:
    return {
        "kind": "importmap-scan-cache",
        "format": _FORMAT,
        "importmap": __version__,
        "python": list(sys.version_info[:3]),
    }


# An entry as stored: [size, mtime_ns, with_facts, FileScan encoded by its codec, probes].
_Packed = list[Any]


class ScanCache:
    def __init__(
        self,
        directory: Path,
        entries: Mapping[str, CachedScan],
        packed: Mapping[str, _Packed] | None = None,
        file_name: str = FILE_NAME,
    ) -> None:
        self.directory = directory
        self.file_name = file_name
        # Lookups answered and not answered since the cache was read (trend reports them).
        self.hits = 0
        self.misses = 0
        # Put since the cache was read: packed when it is saved.
        self._entries = dict(entries)
        # As read from disk, written back as they are; `_unpacked` remembers those asked for.
        self._packed = {key: value for key, value in (packed or {}).items() if key not in entries}
        self._unpacked: dict[str, CachedScan] = {}
        self._changed = False

    @classmethod
    def load(cls, directory: Path, warn: Warn, file_name: str = FILE_NAME) -> ScanCache:
        path = directory / file_name
        empty = cls(directory, {}, file_name=file_name)
        try:
            with open_directory(directory) as descriptor:
                data = read_regular(descriptor, file_name, MAX_BYTES)
        except FileNotFoundError:
            return empty
        except OSError as error:
            warn(f"ignoring the cache at {path}: {_reason(error)}; not using it")
            return empty
        if data is None:
            return empty
        try:
            document = json.loads(data)
        except ValueError:  # invalid JSON and invalid UTF-8 alike
            warn(f"ignoring an unreadable cache at {path}; rebuilding it")
            return empty
        entries = document.get("entries") if isinstance(document, dict) else None
        if not isinstance(entries, dict) or document.get("header") != _header():
            warn(f"ignoring a cache written by another importmap or Python at {path}; rebuilding")
            return empty
        return cls(directory, {}, entries, file_name)

    def get(
        self, key: str, stamp: Stamp | None, with_facts: bool, probes: str | None = None
    ) -> FileScan | None:
        """The scan of `key` at `stamp`; with `with_facts`, only one with the file's facts;
        with `probes` (a fingerprint), one with its facts or whose mentions answer `probes`."""
        entry = self._entries.get(key) or self._unpacked.get(key)
        if entry is None and key in self._packed:
            entry = _unpack(self._packed[key])
            if entry is None:
                # Not an entry: scanned again, and not written back.
                del self._packed[key]
                self._changed = True
            else:
                self._unpacked[key] = entry
        if entry is None or stamp is None or entry.stamp != stamp:
            self.misses += 1
            return None
        if not entry.with_facts and (with_facts or probes not in (None, entry.probes)):
            self.misses += 1
            return None
        self.hits += 1
        return entry.scan

    def put(
        self, key: str, stamp: Stamp | None, with_facts: bool, scan: FileScan, probes: str = ""
    ) -> None:
        if stamp is None:
            return
        self._entries[key] = CachedScan(stamp, with_facts, scan, probes)
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
        packed = dict(self._packed)
        packed.update((key, _pack(entry)) for key, entry in self._entries.items())
        # json.dumps, not json.dump: only the one-shot encoder is the C one.
        data = json.dumps({"header": _header(), "entries": packed}).encode("utf-8")
        if len(data) > MAX_BYTES:
            warn(f"not writing the cache in {self.directory}: larger than {MAX_BYTES} bytes")
            return
        try:
            with prepared_cache_dir(self.directory) as descriptor:
                replace_file(descriptor, self.file_name, data)
        except OSError as error:
            warn(f"could not write the cache in {self.directory}: {_reason(error)}")


def _pack(entry: CachedScan) -> _Packed:
    return [
        entry.stamp.size,
        entry.stamp.mtime_ns,
        entry.with_facts,
        _SCAN_CODEC.encode(entry.scan),
        entry.probes,
    ]


def _unpack(packed: Any) -> CachedScan | None:
    """The entry, or None when it is not one (then the file is scanned again)."""
    try:
        size, mtime_ns, with_facts, scan, probes = packed
        if type(size) is not int or type(mtime_ns) is not int or type(with_facts) is not bool:
            return None
        if type(probes) is not str:
            return None
        return CachedScan(Stamp(size, mtime_ns), with_facts, _SCAN_CODEC.decode(scan), probes)
    except (TypeError, ValueError, CodecError):
        return None


def _reason(error: OSError) -> str:
    text = error.strerror or str(error)
    return f"{error.filename}: {text}" if isinstance(error.filename, str) else text
