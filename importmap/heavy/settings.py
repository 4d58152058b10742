"""What the user says about heavy modules; filled from CLI flags (and, later, the config file)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_THRESHOLD_MS = 100.0


@dataclass(frozen=True)
class HeavySettings:
    # Modules always heavy / never heavy, whatever the reference table or a measurement says.
    heavy: tuple[str, ...] = ()
    not_heavy: tuple[str, ...] = ()
    threshold_ms: float = DEFAULT_THRESHOLD_MS
    # Dotted names of the project's own lazy-import helpers: `lazy("pandas")` defers pandas.
    lazy_helpers: tuple[str, ...] = ()
