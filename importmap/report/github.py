"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request."""

from __future__ import annotations

from importmap.domain import Finding, Severity
from importmap.gate import GateResult


def render_github(result: GateResult) -> str:
    lines = [_annotation(result, finding) for finding in result.findings]
    for unused in result.unused_suppressions:
        what = f"[{unused.code}]" if unused.code else ""
        lines.append(
            _command(
                "warning",
                {"file": unused.path, "line": str(unused.line), "title": "unused suppression"},
                f"importmap: ignore{what} matches no finding any more; remove it",
            )
        )
    for entry in result.stale_baseline:
        lines.append(
            _command(
                "notice",
                {"title": "stale baseline entry"},
                f"{entry.key} is gone ({entry.count}); tighten with --update-baseline",
            )
        )
    if result.score_fails:
        lines.append(_command("error", {"title": "fail-under"}, _score_message(result)))
    return "".join(line + "\n" for line in lines)


def _score_message(result: GateResult) -> str:
    if result.score is None:
        return f"the score could not be measured; --fail-under {result.settings.fail_under:g}"
    return f"score {result.score:g} is under --fail-under {result.settings.fail_under:g}"


def _annotation(result: GateResult, finding: Finding) -> str:
    if result.fails(finding):
        level = "error"
    elif finding.severity is Severity.INFO:
        level = "notice"
    else:
        level = "warning"
    message = finding.message if finding.fix is None else f"{finding.message}\nfix: {finding.fix}"
    return _command(
        level,
        {
            "file": finding.path,
            "line": str(finding.line),
            "col": str(finding.column),
            "title": f"{finding.code} {finding.rule}",
        },
        message,
    )


def _command(level: str, properties: dict[str, str], message: str) -> str:
    listed = ",".join(f"{name}={_escape_property(value)}" for name, value in properties.items())
    return f"::{level} {listed}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
