"""`[tool.importmap]` settings from pyproject.toml or importmap.toml, validated."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from importmap.errors import ImportmapError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

_KNOWN_KEYS: tuple[str, ...] = ("paths", "exclude")


@dataclass(frozen=True)
class Settings:
    paths: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    source: Path | None = None


def find_config_file(start: Path) -> Path | None:
    """The nearest importmap.toml, or pyproject.toml with a [tool.importmap] table, upwards."""
    for directory in (start, *start.parents):
        candidate = directory / "importmap.toml"
        if candidate.is_file():
            return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and "importmap" in _load(pyproject).get("tool", {}):
            return pyproject
    return None


def load_settings(start: Path) -> Settings:
    config_file = find_config_file(start)
    if config_file is None:
        return Settings()
    document = _load(config_file)
    table = document if config_file.name == "importmap.toml" else document["tool"]["importmap"]
    if not isinstance(table, dict):
        raise ImportmapError(f"{config_file}: [tool.importmap] must be a table")
    _validate(table, config_file)
    base = config_file.parent
    return Settings(
        paths=tuple(base / str(p) for p in table.get("paths", [])),
        exclude=tuple(str(p) for p in table.get("exclude", [])),
        source=config_file,
    )


def _load(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            document: dict[str, Any] = tomllib.load(handle)
            return document
    except tomllib.TOMLDecodeError as error:
        raise ImportmapError(f"{path}: invalid TOML: {error}") from error
    except OSError as error:
        raise ImportmapError(f"{path}: cannot read: {error.strerror}") from error


def _validate(table: Mapping[str, Any], config_file: Path) -> None:
    for key, value in table.items():
        if key not in _KNOWN_KEYS:
            close = difflib.get_close_matches(key, list(_KNOWN_KEYS), n=1)
            hint = (
                f"; did you mean '{close[0]}'?"
                if close
                else f"; known keys: {', '.join(_KNOWN_KEYS)}"
            )
            raise ImportmapError(f"{config_file}: unknown key '{key}' in [tool.importmap]{hint}")
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ImportmapError(
                f"{config_file}: '{key}' in [tool.importmap] must be a list of strings"
            )
