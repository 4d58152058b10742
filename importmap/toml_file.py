"""Reading a TOML file (pyproject.toml, importmap.toml) into a table, or one line saying why not.

Every reader of a configuration file goes through `read_toml`, so a broken file gives the same
message wherever it is read: from `[tool.importmap]`, from `[tool.isort]` for IMP104, or from
`[project.scripts]` for the heavy-import entries.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from importmap.errors import ImportmapError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

# Deeper than this, the key of a too-deep value is looked for (nothing real nests so deep).
_DEEP = 100


def read_toml(path: Path) -> dict[str, Any]:
    """The document's top-level table; ImportmapError naming the file for anything unreadable."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportmapError(f"{path}: cannot read: {error.strerror}") from error
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportmapError(f"{path}: invalid TOML: not UTF-8 (line {line})") from error
    return parse_toml(text, path)


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """`text` (read from `path`) as a table; ImportmapError naming the file if it is not TOML."""
    try:
        document: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ImportmapError(f"{path}: invalid TOML: {error}") from error
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively: a few hundred levels
        # exhaust Python's stack. Such a file is hostile or broken, never a configuration.
        raise ImportmapError(f"{path}: invalid TOML: {_too_deep(text)}") from None
    return document


def table_at(document: dict[str, Any], path: Path, *keys: str) -> dict[str, Any] | None:
    """The table at `keys` (e.g. "tool", "isort"), None if absent; a non-table is an error.

    `tool = 3` breaks every tool that reads pyproject.toml (PEP 518 makes `tool` a table), so it
    is reported with its key rather than taken for "no configuration".
    """
    current: Any = document
    for depth, key in enumerate(keys, start=1):
        current = current.get(key)
        if current is None:
            return None
        if not isinstance(current, dict):
            dotted = ".".join(keys[:depth])
            got = type(current).__name__
            raise ImportmapError(f"{path}: '{dotted}' must be a table (got {got})")
    table: dict[str, Any] = current
    return table


def _too_deep(text: str) -> str:
    """Where the nesting gets too deep: the key and line of the first value nested _DEEP deep."""
    depth = 0
    key_line = 1
    key = ""
    quote = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if depth == 0 and not quote:
            name, equals, _ = line.partition("=")
            if equals and name.strip() and not name.lstrip().startswith(("#", "[")):
                key, key_line = name.strip(), number
        for index, char in enumerate(line):
            if quote:
                if char == quote and (quote == "'" or _unescaped(line, index)):
                    quote = ""
            elif char in "\"'":
                quote = char
            elif char == "#":
                break
            elif char in "[{" and key:
                depth += 1
                if depth >= _DEEP:
                    return f"'{key}' (line {key_line}) is nested too deeply"
            elif char in "]}" and depth:
                depth -= 1
        quote = ""  # strings in a configuration's nested values stay on their line
    return "nested too deeply"


def _unescaped(line: str, index: int) -> bool:
    backslashes = len(line[:index]) - len(line[:index].rstrip("\\"))
    return backslashes % 2 == 0
