"""`init`: a commented starter `[tool.importmap]` section, and where it goes.

The section is appended to pyproject.toml (its line endings kept), or, without one, written as
importmap.toml; a project that has either already is left alone. What is written is parsed back
as importmap's settings first: a starter that importmap itself rejects is never written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from importmap.config import parse_settings
from importmap.errors import ImportmapError
from importmap.init_template import starter_section
from importmap.toml_file import parse_toml


@dataclass(frozen=True)
class InitPlan:
    target: Path
    # The file's bytes now (empty: it is new) and its text once the section is added.
    before: bytes
    after: str


def starter_for(base_dir: Path) -> str:
    """The section for the project in `base_dir`: its `paths` are src/ when there is one."""
    return starter_section(("src",) if (base_dir / "src").is_dir() else (".",))


def plan_init(base_dir: Path) -> InitPlan:
    section = starter_for(base_dir)
    pyproject = base_dir / "pyproject.toml"
    if (base_dir / "importmap.toml").exists():
        raise ImportmapError("importmap.toml already exists; nothing written")
    if pyproject.is_file():
        target = pyproject
        before = pyproject.read_bytes()
        existing = before.decode("utf-8", errors="replace")
        tool = _toml(existing, pyproject).get("tool", {})
        if not isinstance(tool, dict):
            raise ImportmapError(f"{pyproject}: 'tool' must be a table ([tool]); nothing written")
        if "importmap" in tool:
            raise ImportmapError(
                f"{pyproject} already has a [tool.importmap] section; nothing written"
            )
        newline = "\r\n" if "\r\n" in existing else "\n"
        separator = newline if existing.endswith("\n") or not existing else newline * 2
        after = existing + separator + section.replace("\n", newline)
    else:
        # importmap.toml holds the same [tool.importmap] table as pyproject.toml would.
        target, before, after = base_dir / "importmap.toml", b"", section
    parse_settings(_toml(after, target)["tool"]["importmap"], target)
    return InitPlan(target, before, after)


def _toml(text: str, path: Path) -> dict[str, Any]:
    # ImportmapError (invalid or too deeply nested TOML) becomes one line for the caller.
    return parse_toml(text, path)
