"""`importmap init`: write a commented starter configuration."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from importmap.cli.errors import fail, guarded
from importmap.cli.options import DebugOption


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
    from importmap.usecases.init import plan_init, starter_for

    if stdout:
        sys.stdout.write(starter_for(Path.cwd()))
        return
    plan = plan_init(Path.cwd())
    # Imported here: the atomic writer (and tempfile) loads only when this command writes.
    from importmap.fix.source_file import FixSkipped, replace_atomically

    try:
        if plan.before:
            replace_atomically(plan.target, plan.before, plan.after.encode("utf-8"))
        else:
            from importmap.safe_fs import write_output

            write_output(plan.target, plan.after.encode("utf-8"))
    except FixSkipped as skipped:
        raise fail(f"{plan.target}: {skipped}") from None
    except OSError as error:
        raise fail(f"cannot write {plan.target}: {error.strerror}") from None
    sys.stdout.write(f"wrote a starter [tool.importmap] section to {plan.target.name}\n")
