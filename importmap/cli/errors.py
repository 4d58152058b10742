"""Turn every failure into one line and exit code 2; never a traceback unless --debug."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any, ParamSpec, TypeVar

import typer
from typer.core import TyperGroup

from importmap.errors import ImportmapError

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

P = ParamSpec("P")
R = TypeVar("R")


def one_line(message: str) -> str:
    """`importmap: error: MESSAGE`, on one line whatever the message holds: CI logs and editors
    read errors line by line."""
    flat = " ".join(line.strip() for line in message.splitlines() if line.strip())
    return f"importmap: error: {flat}"


def fail(message: str) -> typer.Exit:
    # rich only now: a run without errors does not pay for importing it.
    from rich.console import Console

    Console(stderr=True, highlight=False, soft_wrap=True).print(one_line(message), markup=False)
    return typer.Exit(EXIT_ERROR)


# typer 0.2x carries its own copy of click (typer._click), older typers use click itself: the
# exceptions typer's main loop shows are those of the module its BadParameter comes from.
_CLICK = sys.modules[typer.BadParameter.__module__]
_CLICK_EXCEPTION: type[Exception] = _CLICK.ClickException
# `importmap` alone: the help is the answer, not an error message (click >= 8.2).
_HELP: tuple[type[Exception], ...] = tuple(
    getattr(_CLICK, name) for name in ("NoArgsIsHelpError",) if hasattr(_CLICK, name)
)


@contextmanager
def _usage_errors_in_one_line() -> Iterator[None]:
    """A usage error (unknown option, bad value, missing argument) shows as one line on stderr.

    click prints four: the usage, a hint, a blank line and the error; CI logs and editors that
    read errors line by line then show the usage line as the error.
    """
    try:
        yield
    except _CLICK_EXCEPTION as error:
        if not isinstance(error, _HELP):
            message = one_line(getattr(error, "format_message", error.__str__)())
            ctx = getattr(error, "ctx", None)
            if ctx is not None:
                message += f" (see '{ctx.command_path} --help')"

            def show(file: IO[Any] | None = None) -> None:
                typer.echo(message, file=file, err=file is None)

            # The error keeps its class and exit code: only how typer prints it changes.
            setattr(error, "show", show)  # noqa: B010
        raise


class OneLineCommands(TyperGroup):
    """The command group: every usage error of the group or its commands is one line."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        with _usage_errors_in_one_line():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Any) -> Any:
        # A command's own options are parsed here, when the group hands it the arguments.
        with _usage_errors_in_one_line():
            return super().invoke(ctx)


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
