"""What every command shares once it runs: warnings on stderr."""

from __future__ import annotations


def warn(message: str) -> None:
    # rich only when there is something to say: most runs warn about nothing.
    from rich.console import Console

    Console(stderr=True, highlight=False, soft_wrap=True).print(
        f"importmap: warning: {message}", markup=False
    )
