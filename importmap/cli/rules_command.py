"""`importmap rules`: every rule code with its name, default severity and whether it is fixable."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from importmap.cli.errors import guarded


class RulesFormat(str, enum.Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


def register(app: typer.Typer) -> None:
    app.command()(rules)


@guarded()
def rules(
    output_format: Annotated[
        RulesFormat, typer.Option("--format", "-f", help="Output format.")
    ] = RulesFormat.text,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """List every rule: code, name, default severity, fixable, and what it reports."""
    # Imported here: the rules (and the graph code they use) load only when this command runs.
    from importmap.cli.rules_run import print_rules

    print_rules(output_format.value)
