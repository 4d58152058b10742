"""The two kinds of pattern a user writes: module-name patterns and path globs. No I/O here.

Every setting that takes module names (`score-groups`, `allowed-in`, `service-locator`, `graph
--exclude`) asks ModulePattern, and every setting that takes path globs (`exclude`,
`test-patterns`, `per-file-ignores`, `heavy-ignore`, `graph --exclude`) asks PathGlobs, so a
pattern means the same in each. Contracts' `ignore` edges are segment patterns of their own
(contracts/patterns.py): there `*` is one dotted segment, which fnmatch cannot say.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase, translate
from functools import lru_cache


def within(module: str, package: str) -> bool:
    """Whether `module` is `package` or lies inside it (`a.b` is within `a`; `ab` is not)."""
    return module == package or module.startswith(package + ".")


@dataclass(frozen=True)
class ModulePattern:
    """`a.b` is that module and its submodules; a pattern with a glob character is also
    fnmatch over the whole dotted name (its `*` crosses dots: `app.*` is every module below
    `app`)."""

    text: str

    def matches(self, module: str) -> bool:
        return within(module, self.text) or fnmatchcase(module, self.text)


def module_matches_any(module: str, patterns: Iterable[str]) -> bool:
    """Whether any of the module-name patterns (ModulePattern) matches `module`."""
    return any(ModulePattern(pattern).matches(module) for pattern in patterns)


@dataclass(frozen=True)
class PathGlobs:
    """fnmatch globs over a `/`-separated path relative to where the walk started.

    A glob matches the path, the path with a leading `/` (so `*/migrations/*` also matches
    `migrations/x.py` at the root), the path below any directory (so `migrations/*` also
    matches `app/migrations/x.py`) or the file name (so `test_*.py` matches in any directory).
    A directory is also matched with a trailing `/`, so `*/tests/*` covers the directory itself.
    fnmatch's `*` crosses `/`. Case is folded where the file system folds it, as fnmatch does.
    """

    patterns: tuple[str, ...]

    def matches(self, path: str, directory: bool = False) -> bool:
        if not self.patterns:
            return False
        return _matches(_compiled(self.patterns), path, directory)

    def first_match(self, path: str, directory: bool = False) -> str | None:
        """The first pattern that matches, or None: for saying why a path was left out."""
        if not self.matches(path, directory):
            return None
        return next(p for p in self.patterns if _matches(_compiled((p,)), path, directory))


def _matches(compiled: tuple[re.Pattern[str], re.Pattern[str]], path: str, directory: bool) -> bool:
    rooted, named = compiled
    # `*/glob` over `/path` is the path itself (the `*` empty) or any tail of it below a `/`.
    shown = path if path.startswith("/") else "/" + path
    name = path.rstrip("/").rpartition("/")[2]
    return (
        rooted.match(shown) is not None
        or named.match(name) is not None
        or (directory and rooted.match(shown + "/") is not None)
    )


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    # One regex for all the patterns, each as fnmatch translates it: asked once per file.
    flags = re.IGNORECASE if os.path.normcase("A") == "a" else 0
    rooted = "|".join(f"{translate('*/' + p)}|{translate(p)}" for p in patterns)
    named = "|".join(translate(p) for p in patterns)
    return re.compile(rooted, flags), re.compile(named, flags)
