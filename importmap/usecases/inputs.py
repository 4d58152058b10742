"""What a command analyses: the paths, the exclusions, the settings with the options applied.

Light on purpose: `importmap check` answering from its outcome cache needs only this. Building
the analysis request is `usecases/analyze.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from importmap.config import Settings, load_settings

DEFAULT_CACHE_DIR = Path(".importmap_cache")


@dataclass(frozen=True)
class Scope:
    """What to analyse as the options of most commands say it."""

    # Empty: `paths` from the configuration, else src/, else the working directory.
    paths: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    cache_dir: Path | None = None
    no_cache: bool = False

    @classmethod
    def of(
        cls,
        paths: list[Path] | None,
        exclude: list[str] | None,
        cache_dir: Path | None = None,
        no_cache: bool = False,
    ) -> Scope:
        """From command-line options: typer gives None for a list option not given."""
        return cls(tuple(paths or ()), tuple(exclude or ()), cache_dir, no_cache)


@dataclass(frozen=True)
class Inputs:
    """What a command analyses and with which settings."""

    paths: tuple[Path, ...]
    base_dir: Path
    exclude: tuple[str, ...]
    settings: Settings
    # None: no cache (--no-cache).
    cache_dir: Path | None


def choose_inputs(
    scope: Scope,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    fail_on: Sequence[str] = (),
    fail_under: float | None = None,
) -> Inputs:
    """PATHs given, else `paths` from the config file, else `src/` if present, else `.`.

    Options given replace the file's values (`--exclude` adds to them): the settings hold the
    one `Selection` of the run. Paths are relative to the working directory, as the reports
    show them.
    """
    base_dir = Path.cwd()
    configured = load_settings(base_dir)
    selection = configured.selection.overridden(select, ignore, fail_on, fail_under)
    settings = replace(configured, selection=selection)
    chosen: tuple[Path, ...]
    if scope.paths:
        chosen = scope.paths
    elif settings.paths:
        chosen = settings.paths
    elif (base_dir / "src").is_dir():
        chosen = (Path("src"),)
    else:
        chosen = (Path("."),)
    return Inputs(
        paths=chosen,
        base_dir=base_dir,
        exclude=settings.exclude + scope.exclude,
        settings=settings,
        cache_dir=None if scope.no_cache else base_dir / (scope.cache_dir or DEFAULT_CACHE_DIR),
    )
