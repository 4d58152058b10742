"""Measurements kept per interpreter and package version, so a second run costs nothing."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from importmap.heavy.measure import Conditions, ModuleMeasurement

CACHE_FORMAT = 1


def cache_file(directory: Path, conditions: Conditions) -> Path:
    """One file per interpreter (path, implementation and version)."""
    identity = f"{conditions.executable}|{conditions.implementation}|{conditions.python_version}"
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
    return directory / f"importtime-{digest}.json"


def load_cached(
    path: Path, versions: dict[str, str], modules: tuple[str, ...], runs: int
) -> dict[str, ModuleMeasurement]:
    """Cached rows still valid: same package version, at least as many runs as asked for."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(document, dict) or document.get("format") != CACHE_FORMAT:
        return {}
    rows: dict[str, Any] = document.get("modules", {})
    valid: dict[str, ModuleMeasurement] = {}
    for module in modules:
        row = rows.get(module)
        if not isinstance(row, dict):
            continue
        try:
            found = ModuleMeasurement(**{**row, "cached": True})
        except TypeError:
            continue
        if found.version == versions.get(module, "") and found.runs >= runs:
            valid[module] = found
    return valid


def store(path: Path, conditions: Conditions, measured: tuple[ModuleMeasurement, ...]) -> None:
    """Merge fresh measurements into the cache file; a cache that cannot be written is skipped."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        rows = document["modules"] if document.get("format") == CACHE_FORMAT else {}
    except (OSError, ValueError, KeyError, AttributeError):
        rows = {}
    for measurement in measured:
        if not measurement.cached:
            rows[measurement.module] = {
                k: v for k, v in asdict(measurement).items() if k != "cached"
            }
    document = {"format": CACHE_FORMAT, "conditions": asdict(conditions), "modules": rows}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    except OSError:
        return
