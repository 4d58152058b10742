"""The outcome cache of `check` on disk: the key of a run, the outcome kept under it, and the
outcome of the run before when the files changed since kept their imports.

What `usecases/check.py` is handed as its `OutcomeCache`: the fingerprint
(`check_fingerprint`), the stored outcomes (`outcome_cache`) and the comparison of changed
files' imports (`unchanged_imports`, imported only when a run may use it: an unchanged project
replays without loading the scanner).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from importmap.adapters.check_fingerprint import CheckInputs, Fingerprint, fingerprint
from importmap.adapters.outcome_cache import CheckOutcome, load_outcome, store_outcome

if TYPE_CHECKING:
    from importmap.scan.cache import ScanCache

Warn = Callable[[str], None]


@dataclass(frozen=True)
class Recalled:
    """What the cache knows of a run: its fingerprint, and the outcome to replay if any."""

    fingerprint: Fingerprint
    outcome: CheckOutcome | None
    # The per-file cache, when it was read to compare changed files (the analysis then need
    # not read it again).
    scans: ScanCache | None = None


class DiskOutcomes:
    """Outcomes kept in `outcomes/` of a cache directory."""

    def __init__(self, cache_dir: Path, warn: Warn) -> None:
        self.cache_dir = cache_dir
        self.warn = warn

    def recall(self, inputs: CheckInputs) -> Recalled:
        found = fingerprint(inputs)
        cached = load_outcome(self.cache_dir, found.key, self.warn)
        if cached is not None:
            return Recalled(found, cached)
        # Imported here: an unchanged project replays without loading the scanner.
        from importmap.adapters.unchanged_imports import reads_only_imports

        if not reads_only_imports(inputs.settings.selection):
            return Recalled(found, None)
        return self._unchanged_imports(found)

    def keep(self, recalled: Recalled, outcome: CheckOutcome, text_read: frozenset[str]) -> None:
        """`text_read`: the modules whose text, beyond their imports, the outcome depends on."""
        from importmap.adapters.unchanged_imports import store_stamps

        found = recalled.fingerprint
        store_outcome(self.cache_dir, found.key, outcome, self.warn)
        files = {
            os.fspath(module.file)
            for module in found.discovery.modules
            if module.file is not None and module.name in text_read
        }
        store_stamps(self.cache_dir, found, read=frozenset(files))

    def _unchanged_imports(self, found: Fingerprint) -> Recalled:
        """The outcome of the run before, when the files changed since kept their imports."""
        from importmap.adapters.unchanged_imports import (
            imports_kept,
            replay_candidate,
            store_stamps,
        )
        from importmap.scan.cache import ScanCache

        candidate = replay_candidate(self.cache_dir, found)
        if candidate is None:
            return Recalled(found, None)
        scans = ScanCache.load(self.cache_dir, self.warn)
        if not imports_kept(candidate, found, scans):
            return Recalled(found, None, scans)
        cached = load_outcome(self.cache_dir, candidate.key, self.warn)
        if cached is not None:
            # Stored under this run's key too: the same files unchanged again replay at once.
            store_outcome(self.cache_dir, found.key, cached, self.warn)
            store_stamps(self.cache_dir, found, candidate.scanned_at, candidate.read)
        return Recalled(found, cached, scans)
