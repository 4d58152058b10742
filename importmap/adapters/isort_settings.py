"""Carry a project's isort settings over to ruff's isort implementation.

A project that configures isort (pyproject `[tool.isort]`, `.isort.cfg`, `setup.cfg`, `tox.ini`)
but not ruff would otherwise be checked with ruff's defaults. The settings both tools share become
`--config` overrides; a project that configures ruff keeps its ruff settings untouched.
"""

from __future__ import annotations

import configparser
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from importmap.toml_file import read_toml, table_at

_LISTS = {
    "known_first_party": "known-first-party",
    "known_third_party": "known-third-party",
    "known_local_folder": "known-local-folder",
    "extra_standard_library": "extra-standard-library",
    "force_to_top": "force-to-top",
}
_BOOLS = {
    "force_single_line": "force-single-line",
    "force_sort_within_sections": "force-sort-within-sections",
    "combine_as_imports": "combine-as-imports",
    "order_by_type": "order-by-type",
    "case_sensitive": "case-sensitive",
    "force_wrap_aliases": "force-wrap-aliases",
    "split_on_trailing_comma": "split-on-trailing-comma",
}
_INTEGER = re.compile(r"^-?[0-9]+$")
_INTS = {"lines_after_imports": "lines-after-imports", "lines_between_types": "lines-between-types"}
_SECTIONS = {
    "FUTURE": "future",
    "STDLIB": "standard-library",
    "THIRDPARTY": "third-party",
    "FIRSTPARTY": "first-party",
    "LOCALFOLDER": "local-folder",
}
_CFG_FILES = (
    (".isort.cfg", ("settings", "isort")),
    ("setup.cfg", ("isort", "tool:isort")),
    ("tox.ini", ("isort", "tool:isort")),
)


def ruff_overrides_for_isort(start: Path) -> tuple[str, ...]:
    """`--config` arguments for ruff, from the nearest isort configuration above `start`."""
    for directory in (start, *start.parents):
        if (directory / "ruff.toml").is_file() or (directory / ".ruff.toml").is_file():
            return ()
        tool = _tool_table(directory / "pyproject.toml")
        if "ruff" in tool:
            return ()
        if isinstance(tool.get("isort"), dict):
            return _overrides(tool["isort"])
        for name, sections in _CFG_FILES:
            found = _cfg_section(directory / name, sections)
            if found is not None:
                return _overrides(found)
        if (directory / ".git").exists():
            return ()
    return ()


def _overrides(settings: Mapping[str, Any]) -> tuple[str, ...]:
    overrides: list[str] = []
    for key, value in sorted(settings.items()):
        key = key.replace("-", "_")
        if key in _LISTS:
            overrides.append(f"lint.isort.{_LISTS[key]} = {_toml_array(_as_list(value))}")
        elif key in _BOOLS:
            truth = value if isinstance(value, bool) else str(value).lower() in ("true", "1", "yes")
            overrides.append(f"lint.isort.{_BOOLS[key]} = {'true' if truth else 'false'}")
        elif key in _INTS and _INTEGER.fullmatch(str(value).strip()):
            overrides.append(f"lint.isort.{_INTS[key]} = {int(value)}")
        elif key == "no_lines_before":
            sections = [_SECTIONS[s.upper()] for s in _as_list(value) if s.upper() in _SECTIONS]
            overrides.append(f"lint.isort.no-lines-before = {_toml_array(sections)}")
        elif key == "line_length" and str(value).strip().isdecimal():
            overrides.append(f"line-length = {int(value)}")
    return tuple(argument for override in overrides for argument in ("--config", override))


def _toml_array(items: list[str]) -> str:
    """A TOML array of strings. JSON's escapes are TOML's, except that ASCII-only JSON writes a
    character beyond U+FFFF as two surrogate escapes, which TOML rejects, and that JSON leaves
    DEL (U+007F) bare, which a TOML string may not hold."""
    return json.dumps(items, ensure_ascii=False).replace("\x7f", "\\u007f")


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    return [item.strip() for item in str(value).replace("\n", ",").split(",") if item.strip()]


def _tool_table(path: Path) -> dict[str, Any]:
    """pyproject.toml's [tool] table; a file that is not TOML, or whose `tool` is not a table,
    is an error naming it (the configuration check reads the same file the same way)."""
    if not path.is_file():
        return {}
    return table_at(read_toml(path), path, "tool") or {}


def _cfg_section(path: Path, sections: tuple[str, ...]) -> dict[str, str] | None:
    if not path.is_file():
        return None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (OSError, configparser.Error, UnicodeDecodeError):
        return None
    for section in sections:
        if parser.has_section(section):
            return dict(parser.items(section))
    return None
