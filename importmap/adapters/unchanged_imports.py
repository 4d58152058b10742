"""Answer `check` at once when the only files changed since an outcome kept their imports.

Editing a function body, a docstring or a comment changes no import. When the selected rules
read nothing of a file but its imports (the cycle, relative, wildcard and unparsable-file rules),
such an edit cannot change what `check` prints: the outcome of the run before is the outcome
now. Two parts of the analysis read more of some files: the calls at import time (which function
bodies run imports) and the crash judgement of IMP001/IMP003 (the statements of the cycles'
members). Each records the modules it read (`Report.text_read`); an edit of one of those files
always analyses again, an edit of any other replays.

Beside each outcome its file stamps are kept (`<inputs key>.stamps` in `outcomes/`), each
with the stamp whose scan in the per-file cache holds the imports the outcome was computed from.
A run whose only differences are a few changed stamps scans just those files and compares their
imports with those scans. The same imports, lines, columns and statements, no parse problem, and no
`importmap:` suppression comment in either version: the old outcome is replayed.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from importmap.adapters.check_fingerprint import Fingerprint
from importmap.adapters.outcome_cache import keep, read_kept
from importmap.scan.cache import ScanCache
from importmap.scan.scanner import FileScan, scan_file
from importmap.scan.stamp import Stamp
from importmap.selection import Selection

# The codes whose findings read more of any file than its import records and whether it parses
# (names used, calls, the order and spacing of import blocks, noqa comments: IMP103's file-level
# one may sit on any line); tests hold this to the rules' own RuleInfo (`needs_facts`,
# `reads_source`, `reads_noqa`, `decided_by_ruff`), written here because the comparison must
# not load every rule. IMP001/IMP003 read the text of the modules the crash judgement simulates
# only, which the outcome records: they replay like the rules that read imports only.
FILE_TEXT_CODES = frozenset({"IMP103", "IMP104", "IMP105", "IMP106", "IMP201", "IMP301", "IMP501"})
# More changed files than this and comparing them costs about what analysing does.
MAX_CHANGED_FILES = 32
# 2: the files whose text the outcome read ("read").
_FORMAT = 2
_SUFFIX = ".stamps"
# What a stamps file's name looks like (its key is a hex digest): pruning deletes nothing else.
_NAMES = re.compile(r"[0-9a-f]{16,128}\.stamps")


def reads_only_imports(selection: Selection) -> bool:
    """Whether no selected rule reads more of every file than its imports (the files it does
    read are recorded with the outcome)."""
    return not any(selection.selects(code) for code in FILE_TEXT_CODES)


def store_stamps(
    cache_dir: Path,
    found: Fingerprint,
    scanned_at: dict[str, Stamp | None] | None = None,
    read: frozenset[str] = frozenset(),
) -> None:
    """Keep the stamps of the run whose outcome is stored under `found.key`.

    `scanned_at`: for files whose imports were compared rather than analysed, the stamp of the
    per-file cache's scan they equal; any other file was scanned at its stamp. `read`: the
    files (as `found.stamps` names them) whose text, beyond their imports, the outcome read.
    """
    scanned_at = scanned_at or {}
    document = {
        "format": _FORMAT,
        "key": found.key,
        "read": sorted(read),
        "stamps": [
            [file, _listed(stamp), _listed(scanned_at.get(file, stamp))]
            for file, stamp in found.stamps.items()
        ],
    }
    try:
        # The stamps of the KEEP most recent runs are kept, like the outcomes they belong to.
        keep(cache_dir, f"{found.inputs_key}{_SUFFIX}", json.dumps(document).encode(), _NAMES)
    except OSError:
        # Only a shortcut is lost: the next run analyses.
        return


@dataclass(frozen=True)
class Candidate:
    """A kept outcome whose run differs from this one only in a few files' stamps."""

    key: str
    changed: tuple[str, ...]
    # Per file: the stamp of the per-file cache's scan whose imports the outcome was computed
    # from; what `store_stamps` keeps when the outcome is replayed.
    scanned_at: dict[str, Stamp | None]
    # The files whose text, beyond their imports, the outcome read: an edit of one analyses.
    read: frozenset[str] = frozenset()


def replay_candidate(cache_dir: Path, found: Fingerprint) -> Candidate | None:
    """The kept outcome this run may replay if its changed files kept their imports, or None."""
    before = _load_stamps(cache_dir, f"{found.inputs_key}{_SUFFIX}")
    if before is None:
        return None
    key, old_stamps, read = before
    if old_stamps.keys() != found.stamps.keys():
        return None
    changed = tuple(file for file, stamp in found.stamps.items() if old_stamps[file][0] != stamp)
    if not changed or len(changed) > MAX_CHANGED_FILES or read.intersection(changed):
        return None
    scanned_at = {file: scanned for file, (_, scanned) in old_stamps.items()}
    return Candidate(key, changed, scanned_at, read)


def imports_kept(candidate: Candidate, found: Fingerprint, scans: ScanCache) -> bool:
    """Whether every changed file has the imports of the scan the kept outcome came from.

    A file found changed is left scanned in `scans`, at its new stamp.
    """
    for file in candidate.changed:
        scanned_at, now = candidate.scanned_at[file], found.stamps[file]
        if scanned_at is None or now is None:
            return False
        entry_key = os.path.abspath(file)
        kept = scans.get(entry_key, scanned_at, with_facts=False)
        scan = scan_file(Path(entry_key), with_facts=False)
        # Changed again while it was read: what was compared may not be what the key stamps.
        if Stamp.of(entry_key) != now:
            return False
        if kept is None or not _same_imports(kept, scan):
            # The analysis that follows takes this scan from the cache instead of reading again.
            scans.put(entry_key, now, False, scan)
            return False
    return True


def _same_imports(kept: FileScan, scan: FileScan) -> bool:
    # A suppression comment may have moved to another line: the gate reads those from the text.
    if kept.marked or scan.marked:
        return False
    # A file this interpreter cannot parse has its imports read again from its text, in the
    # project's target grammar (`scan/target.py`): its scan's imports are not the whole story.
    if kept.problem is not None or scan.problem is not None:
        return False
    return kept.imports == scan.imports


def _load_stamps(
    cache_dir: Path, name: str
) -> tuple[str, dict[str, tuple[Stamp | None, Stamp | None]], frozenset[str]] | None:
    """The kept outcome's key; per file, its stamp and the stamp of the scan it equals; the
    files whose text it read."""
    try:
        raw = read_kept(cache_dir, name)
        if raw is None:
            return None
        document = json.loads(raw)
        if document["format"] != _FORMAT:
            return None
        stamps = {
            file: (_stamp(stamp), _stamp(scanned_at))
            for file, stamp, scanned_at in document["stamps"]
        }
        key = document["key"]
        read = document["read"]
        if not isinstance(read, list) or not all(isinstance(file, str) for file in read):
            return None
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        # Missing or damaged: only the shortcut is lost, and storing the next outcome rewrites it.
        return None
    return (key, stamps, frozenset(read)) if isinstance(key, str) else None


def _listed(stamp: Stamp | None) -> list[int] | None:
    return None if stamp is None else [stamp.size, stamp.mtime_ns]


def _stamp(value: list[int] | None) -> Stamp | None:
    if value is None:
        return None
    size, mtime_ns = value
    if type(size) is not int or type(mtime_ns) is not int:
        raise TypeError("a stamp is two integers")
    return Stamp(size, mtime_ns)
