"""`importmap init`: write a commented starter configuration."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from importmap.cli.errors import fail, guarded
from importmap.cli.options import DebugOption
from importmap.config import parse_settings
from importmap.init_template import starter_section
from importmap.toml_file import parse_toml


def register(app: typer.Typer) -> None:
    app.command()(init)


@guarded()
def init(
    stdout: Annotated[
        bool, typer.Option("--stdout", help="Print the section instead of writing it.")
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Add a commented [tool.importmap] section to pyproject.toml (or write importmap.toml)."""
    base = Path.cwd()
    paths = ("src",) if (base / "src").is_dir() else (".",)
    pyproject = base / "pyproject.toml"
    section = starter_section(paths)
    if stdout:
        sys.stdout.write(section)
        return
    if (base / "importmap.toml").exists():
        raise fail("importmap.toml already exists; nothing written")
    if pyproject.is_file():
        target = pyproject
        before = pyproject.read_bytes()
        existing = before.decode("utf-8", errors="replace")
        tool = _toml(existing, pyproject).get("tool", {})
        if not isinstance(tool, dict):
            raise fail(f"{pyproject}: 'tool' must be a table ([tool]); nothing written")
        if "importmap" in tool:
            raise fail(f"{pyproject} already has a [tool.importmap] section; nothing written")
        newline = "\r\n" if "\r\n" in existing else "\n"
        separator = newline if existing.endswith("\n") or not existing else newline * 2
        after = existing + separator + section.replace("\n", newline)
    else:
        # importmap.toml holds the same [tool.importmap] table as pyproject.toml would.
        target, before, after = base / "importmap.toml", b"", section
    parse_settings(_toml(after, target)["tool"]["importmap"], target)
    # Imported here: the atomic writer (and tempfile) loads only when this command writes.
    from importmap.fix.source_file import FixSkipped, replace_atomically

    try:
        if before:
            replace_atomically(target, before, after.encode("utf-8"))
        else:
            from importmap.safe_fs import write_output

            write_output(target, after.encode("utf-8"))
    except FixSkipped as skipped:
        raise fail(f"{target}: {skipped}") from None
    except OSError as error:
        raise fail(f"cannot write {target}: {error.strerror}") from None
    sys.stdout.write(f"wrote a starter [tool.importmap] section to {target.name}\n")


def _toml(text: str, path: Path) -> dict[str, Any]:
    # ImportmapError (invalid or too deeply nested TOML) becomes one line in `guarded`.
    return parse_toml(text, path)
