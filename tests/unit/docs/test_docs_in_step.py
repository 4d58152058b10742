"""The documentation names every field of the JSON Schema and every criterion of the score."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from importmap.score import DEFAULT_WEIGHTS

REPO = Path(__file__).resolve().parents[3]
SCHEMA = REPO / "importmap" / "report" / "schema" / "report-v1.schema.json"


def schema_fields(node: dict[str, Any], prefix: str = "") -> list[str]:
    """Dotted field paths (`imports[].line`), not descending into shared $defs."""
    found: list[str] = []
    for name, child in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        found.append(path)
        if child.get("type") == "object":
            found.extend(schema_fields(child, f"{path}."))
        items = child.get("items")
        if child.get("type") == "array" and isinstance(items, dict) and "properties" in items:
            found.extend(schema_fields(items, f"{path}[]."))
    return found


def test_report_schema_doc_names_every_field_of_the_schema() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    doc = (REPO / "docs" / "report-schema.md").read_text(encoding="utf-8")
    fields = schema_fields(schema)
    assert "imports[].beyond_top_level" in fields and "gate.stale_baseline[].count" in fields
    missing = [field for field in fields if f"`{field}`" not in doc]
    assert missing == []


def test_score_doc_gives_every_criterion_with_its_default_weight() -> None:
    doc = (REPO / "docs" / "score.md").read_text(encoding="utf-8")
    rows = {
        cells[1].strip("`"): float(cells[5])
        for line in doc.splitlines()
        if line.startswith("| `")
        for cells in [[cell.strip() for cell in line.split("|")]]
    }
    assert rows == dict(DEFAULT_WEIGHTS)
