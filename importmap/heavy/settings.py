"""What the user says about heavy modules; filled from CLI flags and the config file."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_THRESHOLD_MS = 100.0
# Migrations run from a management command, never at an entry point's start-up: a heavy import
# there is no start-up cost. `*migrations/*` also covers `db_migrations/versions/` (alembic in
# mlflow); fnmatch's `*` crosses "/".
DEFAULT_HEAVY_IGNORE: tuple[str, ...] = ("*migrations/*", "*/alembic/versions/*")


@dataclass(frozen=True)
class HeavySettings:
    # Modules always heavy / never heavy, whatever the reference table or a measurement says.
    heavy: tuple[str, ...] = ()
    not_heavy: tuple[str, ...] = ()
    threshold_ms: float = DEFAULT_THRESHOLD_MS
    # Dotted names of the project's own lazy-import helpers: `lazy("pandas")` defers pandas.
    lazy_helpers: tuple[str, ...] = ()
    # Entry modules named by the user (`[tool.importmap] entry-points`), "pkg.cli" or
    # "pkg.cli:main"; added to the ones found.
    entry_points: tuple[str, ...] = ()
    # Path globs whose heavy imports are neither IMP201 findings nor counted by the score.
    ignore: tuple[str, ...] = DEFAULT_HEAVY_IGNORE
    # Whether the test files (`test-patterns`) count too.
    check_tests: bool = False
