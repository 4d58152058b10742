"""`importmap rules` once its arguments are parsed: the rule table as text, JSON or Markdown."""

from __future__ import annotations

import json
import sys

from importmap.rules.base import RuleInfo
from importmap.rules.catalogue import fails_by_default, rule_infos


def print_rules(output_format: str) -> None:
    infos = rule_infos()
    if output_format == "json":
        sys.stdout.write(json.dumps([_as_dict(info) for info in infos], indent=2) + "\n")
    elif output_format == "markdown":
        sys.stdout.write(render_rules_markdown(infos))
    else:
        sys.stdout.write(render_rules_text(infos))


def _as_dict(info: RuleInfo) -> dict[str, object]:
    return {
        "code": info.code,
        "name": info.name,
        "severity": info.severity.value,
        "fixable": info.fixable,
        "fails_by_default": fails_by_default(info),
        "summary": info.summary,
    }


def render_rules_text(infos: tuple[RuleInfo, ...]) -> str:
    rows = [("code", "name", "severity", "fixable", "summary")] + [
        (info.code, info.name, info.severity.value, "yes" if info.fixable else "no", info.summary)
        for info in infos
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True))
        + "  "
        + row[4]
        for row in rows
    ]
    return "\n".join(lines) + "\n"


def render_rules_markdown(infos: tuple[RuleInfo, ...]) -> str:
    lines = [
        "| code | name | default severity | fixable | fails by default | what it reports |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for info in infos:
        lines.append(
            f"| [{info.code}](docs/rules/{info.code}.md) | {info.name} | {info.severity.value} "
            f"| {'yes' if info.fixable else 'no'} | {'yes' if fails_by_default(info) else 'no'} "
            f"| {info.summary} |"
        )
    return "\n".join(lines) + "\n"
