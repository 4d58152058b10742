"""Which files' heavy imports count: not tests, not migrations, unless configured so."""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from functools import lru_cache

from importmap.heavy.settings import HeavySettings
from importmap.score import is_test_path


def glob_matches(path: str, pattern: str) -> bool:
    """fnmatch over a report path, its file name, and the path with a leading "/": so
    `*/migrations/*` also matches `migrations/0001_initial.py` at the analysed root."""
    name = path.rpartition("/")[2]
    return (
        fnmatch.fnmatch(path, pattern)
        or fnmatch.fnmatch(name, pattern)
        or fnmatch.fnmatch(f"/{path}", pattern)
    )


class HeavyScope:
    def __init__(self, settings: HeavySettings, test_patterns: Sequence[str]) -> None:
        self._ignore = settings.ignore
        self._tests = () if settings.check_tests else tuple(test_patterns)
        self.counts = lru_cache(maxsize=None)(self._counts)

    def _counts(self, path: str) -> bool:
        if self._tests and is_test_path(path, self._tests):
            return False
        return not any(glob_matches(path, pattern) for pattern in self._ignore)
