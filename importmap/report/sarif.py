"""SARIF 2.1.0: one rule per code, one result per finding, for code-scanning dashboards."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from importmap.domain import Finding, Severity
from importmap.gate import GateResult
from importmap.rules.base import RuleInfo
from importmap.version import __version__

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render_sarif(result: GateResult, catalogue: Sequence[RuleInfo]) -> str:
    rules = _rules(result, catalogue)
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "importmap",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "results": [_result(result, finding, index) for finding in result.findings],
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "toolExecutionNotifications": _notifications(result),
                    }
                ],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def artifact_uri(path: str) -> str:
    """A report path (relative, `/`-separated) as the URI reference SARIF requires (RFC 3986).

    Everything but unreserved characters and `/` is percent-encoded as UTF-8: a space, `%`, `#`,
    `?`, a newline, non-ASCII letters, and a `:` that would make the first segment a scheme.
    A name that is not valid in the file system's encoding (held as surrogate escapes) becomes
    its original bytes; any other lone surrogate, U+FFFD.
    """
    try:
        return quote(path, safe="/", errors="surrogateescape")
    except UnicodeEncodeError:
        return quote(_LONE_SURROGATE.sub("\ufffd", path), safe="/")


def _rules(result: GateResult, catalogue: Sequence[RuleInfo]) -> list[dict[str, Any]]:
    described: dict[str, tuple[str, str, Severity]] = {
        info.code: (info.name, info.summary, info.severity) for info in catalogue
    }
    for finding in result.findings:
        described.setdefault(finding.code, (finding.rule, finding.rule, finding.severity))
    return [
        {
            "id": code,
            "name": name,
            "shortDescription": {"text": summary},
            "defaultConfiguration": {
                "level": "error" if result.settings.fails_on(code) else _LEVELS[severity]
            },
        }
        for code, (name, summary, severity) in sorted(described.items())
    ]


def _result(result: GateResult, finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    text = finding.message if finding.fix is None else f"{finding.message}. Fix: {finding.fix}"
    return {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": "error" if result.fails(finding) else _LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(finding.path)},
                    # SARIF counts from 1; a whole-file finding may say line 0.
                    "region": {
                        "startLine": max(finding.line, 1),
                        "startColumn": max(finding.column, 1),
                    },
                }
            }
        ],
        "partialFingerprints": {"importmapKey/v1": finding.key},
    }


def _notifications(result: GateResult) -> list[dict[str, Any]]:
    """Unused suppressions and stale baseline entries: advice about the setup, not findings."""
    notes: list[dict[str, Any]] = []
    for unused in result.unused_suppressions:
        what = f"[{unused.code}]" if unused.code else ""
        notes.append(
            {
                "level": "warning",
                "message": {
                    "text": f"unused suppression: importmap: ignore{what} matches no finding"
                },
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": artifact_uri(unused.path)},
                            "region": {"startLine": max(unused.line, 1)},
                        }
                    }
                ],
            }
        )
    for entry in result.stale_baseline:
        notes.append(
            {
                "level": "note",
                "message": {
                    "text": f"baseline entry gone: {entry.key} (x{entry.count}); "
                    "tighten with --update-baseline"
                },
            }
        )
    return notes
