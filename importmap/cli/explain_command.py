"""`importmap explain IMP001`: print a rule's documentation page."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from importmap.cli.errors import guarded
from importmap.errors import ImportmapError


def register(app: typer.Typer) -> None:
    app.command()(explain)


@guarded()
def explain(
    code: Annotated[str, typer.Argument(help="A rule code (IMP001) or name (import-cycle).")],
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Print a rule's documentation: what it does, why, an example, the fix and its options."""
    # Imported here: the rules (and the graph code they use) load only when this command runs.
    from importmap.rules.catalogue import find_rule, rule_infos, rule_page

    info = find_rule(code)
    if info is None:
        known = ", ".join(known.code for known in rule_infos())
        raise ImportmapError(f"unknown rule '{code}'; known rules: {known}")
    sys.stdout.write(rule_page(info))
