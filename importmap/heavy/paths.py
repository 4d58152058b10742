"""Which files' heavy imports count: not tests, not migrations, unless configured so."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from importmap.heavy.settings import HeavySettings
from importmap.patterns import PathGlobs


class HeavyScope:
    def __init__(self, settings: HeavySettings, test_patterns: Sequence[str]) -> None:
        self._ignore = PathGlobs(tuple(settings.ignore))
        self._tests = PathGlobs(() if settings.check_tests else tuple(test_patterns))
        self.counts = lru_cache(maxsize=None)(self._counts)

    def _counts(self, path: str) -> bool:
        return not self._tests.matches(path) and not self._ignore.matches(path)
