"""The typer application: thin commands over the library core."""

from __future__ import annotations

import os
import sys
import traceback
from typing import Annotated, NoReturn

import typer

from importmap.cli.errors import EXIT_ERROR, OneLineCommands, one_line
from importmap.version import __version__

app = typer.Typer(
    cls=OneLineCommands,
    name="importmap",
    help="Map a Python codebase's imports and hold it to import-consistency criteria.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"importmap {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """importmap: import graphs, cycles and import-consistency checks for Python code."""


def _register_commands() -> None:
    # One module per command group; each adds its commands to `app`, in the order of `--help`.
    from importmap.cli import (
        analyze_command,
        baseline_command,
        check_command,
        contracts_command,
        cycles_command,
        explain_command,
        fix_command,
        graph_command,
        heavy_command,
        init_command,
        rules_command,
        trend_command,
        why_command,
    )

    for command_group in (
        analyze_command,
        check_command,
        cycles_command,
        why_command,
        baseline_command,
        heavy_command,
        graph_command,
        fix_command,
        init_command,
        rules_command,
        explain_command,
        trend_command,
        contracts_command,
    ):
        command_group.register(app)


_register_commands()


def main() -> None:
    try:
        app()
    except SystemExit as finished:
        _exit_at_once(finished.code)
    except BaseException as error:  # noqa: BLE001 - the console script's last line of defence
        # Commands report their own errors (cli/errors.py); this is what escapes them: an
        # error in typer, in an option's callback, or while the command's module loads.
        if "--debug" in sys.argv[1:]:
            traceback.print_exc()
        print(one_line(_describe(error)), file=sys.stderr)
        _exit_at_once(EXIT_ERROR)


def _describe(error: BaseException) -> str:
    if isinstance(error, KeyboardInterrupt):
        return "interrupted"
    return f"internal error: {type(error).__name__}: {error} (run with --debug for details)"


def _exit_at_once(code: object) -> NoReturn:
    """Exit as SystemExit(code) would, without freeing the run's objects one by one first.

    A finished analysis holds every import record, syntax fact and graph; the interpreter's
    shutdown frees them object by object (0.1 s of a 2.5 s check on homeassistant), memory the
    operating system takes back at once. Everything the command writes is written by now: its
    files are closed, its worker processes and threads joined; the standard streams are flushed
    here. atexit hooks do not run: `main` is the console script's entry, not a library call
    (profile or measure coverage through `app`).
    """
    if isinstance(code, int):
        status = code
    elif code is None:
        status = 0
    else:
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            # A reader that went away (a closed pipe) or a stream already closed.
            status = status or EXIT_ERROR
    os._exit(status)
