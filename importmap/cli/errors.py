"""Turn every failure into one line and exit code 2; never a traceback unless --debug."""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from importmap.errors import ImportmapError

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str) -> typer.Exit:
    # rich only now: a run without errors does not pay for importing it.
    from rich.console import Console

    # One line whatever the message holds: CI logs and editors read errors line by line.
    one_line = " ".join(line.strip() for line in message.splitlines())
    Console(stderr=True, highlight=False, soft_wrap=True).print(
        f"importmap: error: {one_line}", markup=False
    )
    return typer.Exit(EXIT_ERROR)


def guarded(debug_flag: str = "debug") -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Run a command; report ImportmapError and unexpected errors as exit code 2."""

    def decorate(command: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(command)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return command(*args, **kwargs)
            except ImportmapError as error:
                raise fail(str(error)) from None
            except (typer.Exit, typer.Abort, KeyboardInterrupt):
                raise
            except Exception as error:  # noqa: BLE001 - the last line of defence
                if kwargs.get(debug_flag):
                    traceback.print_exc()
                raise fail(
                    f"internal error: {type(error).__name__}: {error} "
                    "(run with --debug for details)"
                ) from None

        return run

    return decorate
