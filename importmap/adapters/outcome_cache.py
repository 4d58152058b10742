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
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from importmap.safe_fs import open_directory, open_subdirectory, prune, read_regular, replace_file
from importmap.safe_fs import touch as touch_file
from importmap.scan.cache_dir import prepared_cache_dir

OUTCOMES_DIR = "outcomes"
# A handful: the same project checked with a few option sets (CI, pre-commit, by hand) stays
# answered; more would only keep outcomes of trees that no longer exist.
KEEP = 8
_FORMAT = 1
_SUFFIX = ".json"
# What an outcome's name looks like (its key is a hex digest): pruning deletes nothing else.
_NAMES = re.compile(r"[0-9a-f]{16,128}\.json")
# An outcome is a few screens of text; a larger file is not ours.
MAX_BYTES = 64 * 1024 * 1024

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
        raw = read_kept(cache_dir, path.name, touch=True)
    except OSError as error:
        warn(f"ignoring an unreadable check outcome at {path} ({_reason(error)}); rebuilding it")
        return None
    if raw is None:
        return None
    outcome = _parse(raw, key)
    if outcome is None:
        warn(f"ignoring an unreadable check outcome at {path}; rebuilding it")
        return None
    return outcome


def store_outcome(cache_dir: Path, key: str, outcome: CheckOutcome, warn: Warn) -> None:
    document = {
        "format": _FORMAT,
        "key": key,
        "exit_code": outcome.exit_code,
        "output": outcome.output,
    }
    try:
        # json.dumps, not json.dump: only the one-shot encoder is the C one.
        keep(cache_dir, _entry(cache_dir, key).name, json.dumps(document).encode("utf-8"), _NAMES)
    except OSError as error:
        warn(f"could not write the check outcome in {cache_dir / OUTCOMES_DIR}: {_reason(error)}")


def read_kept(cache_dir: Path, name: str, touch: bool = False) -> bytes | None:
    """The bytes of `outcomes/name`, None when there is none; OSError when it is unusable.

    `touch`: a hit makes the file the most recently used one, so pruning keeps it.
    """
    try:
        with open_directory(cache_dir) as top, open_subdirectory(top, OUTCOMES_DIR) as directory:
            data = read_regular(directory, name, MAX_BYTES)
            if data is not None and touch:
                touch_file(directory, name)
            return data
    except FileNotFoundError:
        return None


def keep(cache_dir: Path, name: str, data: bytes, names: re.Pattern[str]) -> None:
    """Write `outcomes/name` atomically, then keep only the KEEP newest files matching `names`."""
    with prepared_cache_dir(cache_dir) as top:
        with open_subdirectory(top, OUTCOMES_DIR, create=True) as directory:
            replace_file(directory, name, data)
            prune(directory, names, KEEP)


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


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
