"""What `importmap check` printed and how it exited, kept to answer an unchanged project at once.

One outcome is one small JSON file in `outcomes/` of the cache directory, named by its key (a
digest of every input of the run, see `check_fingerprint`). It is written to a temporary file
and renamed into place, so two runs at once never leave a torn file, and runs with different
keys never overwrite each other's outcome. Only the most recently used few are kept. An outcome
that cannot be read, or that belongs to another key, is ignored with one warning; the run then
analyses and writes it again.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from importmap.scan.cache_dir import prepare_cache_dir

OUTCOMES_DIR = "outcomes"
# A handful: the same project checked with a few option sets (CI, pre-commit, by hand) stays
# answered; more would only keep outcomes of trees that no longer exist.
KEEP = 8
_FORMAT = 1
_SUFFIX = ".json"
_TEMP_PREFIX = ".outcome-"
# A temporary file this old belongs to a run that was killed before it could rename it.
_ABANDONED_AFTER_SECONDS = 3600.0

Warn = Callable[[str], None]


@dataclass(frozen=True)
class CheckOutcome:
    """What `check` wrote (to stdout or --output) and its exit code (0 passed, 1 failed)."""

    output: str
    exit_code: int


def load_outcome(cache_dir: Path, key: str, warn: Warn) -> CheckOutcome | None:
    """The outcome stored under `key`, or None (never stored, or unusable: one warning)."""
    path = _entry(cache_dir, key)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        warn(f"ignoring an unreadable check outcome at {path} ({_reason(error)}); rebuilding it")
        return None
    outcome = _parse(raw, key)
    if outcome is None:
        warn(f"ignoring an unreadable check outcome at {path}; rebuilding it")
        return None
    # A hit makes the entry the most recently used one, so pruning keeps it.
    try:
        os.utime(path)
    except OSError:
        pass
    return outcome


def store_outcome(cache_dir: Path, key: str, outcome: CheckOutcome, warn: Warn) -> None:
    directory = cache_dir / OUTCOMES_DIR
    document = {
        "format": _FORMAT,
        "key": key,
        "exit_code": outcome.exit_code,
        "output": outcome.output,
    }
    temporary: Path | None = None
    try:
        prepare_cache_dir(cache_dir)
        directory.mkdir(exist_ok=True)
        # Unique per run: two runs storing the same key at once each rename a whole file.
        temporary = directory / f"{_TEMP_PREFIX}{os.getpid()}-{time.monotonic_ns()}.tmp"
        with temporary.open("x", encoding="utf-8") as handle:
            # json.dumps, not json.dump: only the one-shot encoder is the C one.
            handle.write(json.dumps(document))
        os.replace(temporary, _entry(cache_dir, key))
        temporary = None
    except OSError as error:
        warn(f"could not write the check outcome in {directory}: {_reason(error)}")
    finally:
        if temporary is not None:
            remove(temporary)
    prune(directory)


def _entry(cache_dir: Path, key: str) -> Path:
    return cache_dir / OUTCOMES_DIR / f"{key}{_SUFFIX}"


def _parse(raw: bytes, key: str) -> CheckOutcome | None:
    try:
        document = json.loads(raw)
    except ValueError:  # invalid JSON or invalid UTF-8 alike
        return None
    if not isinstance(document, dict) or document.get("format") != _FORMAT:
        return None
    output = document.get("output")
    exit_code = document.get("exit_code")
    # The key inside guards against a file copied or renamed to another key's name.
    if document.get("key") != key or not isinstance(output, str) or exit_code not in (0, 1):
        return None
    return CheckOutcome(output=output, exit_code=exit_code)


def prune(directory: Path, suffix: str = _SUFFIX, temp_prefix: str = _TEMP_PREFIX) -> None:
    """Keep the KEEP most recently used files ending in `suffix`; drop temporary files (named
    `temp_prefix...`) of runs killed before they could rename them.

    Another run may prune at the same time: an entry already gone is simply not there.
    """
    kept: list[tuple[int, Path]] = []
    now = time.time()
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        try:
            status = entry.stat()
        except OSError:
            continue
        path = Path(entry.path)
        if entry.name.endswith(suffix):
            kept.append((status.st_mtime_ns, path))
        elif entry.name.startswith(temp_prefix) and now - status.st_mtime > (
            _ABANDONED_AFTER_SECONDS
        ):
            remove(path)
    kept.sort(reverse=True)
    for _, path in kept[KEEP:]:
        remove(path)


def remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
