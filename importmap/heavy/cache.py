"""Measurements kept per interpreter and package version, so a second run costs nothing."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, fields, replace
from pathlib import Path
from typing import Any

from importmap.codec import Codec, CodecError
from importmap.heavy.measure import Conditions, ModuleMeasurement
from importmap.safe_fs import open_directory, read_regular, replace_file

CACHE_FORMAT = 1
# A few hundred rows of numbers; a larger file is not ours.
_MAX_BYTES = 16 * 1024 * 1024
_ROW = Codec(ModuleMeasurement)
_ROW_FIELDS = tuple(field.name for field in fields(ModuleMeasurement))


def cache_file(directory: Path, conditions: Conditions) -> Path:
    """One file per interpreter (path, implementation and version)."""
    identity = f"{conditions.executable}|{conditions.implementation}|{conditions.python_version}"
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
    return directory / f"importtime-{digest}.json"


def load_cached(
    path: Path, versions: dict[str, str], modules: tuple[str, ...], runs: int
) -> dict[str, ModuleMeasurement]:
    """Cached rows still valid: same package version, at least as many runs as asked for."""
    document = _read(path)
    if not isinstance(document, dict) or document.get("format") != CACHE_FORMAT:
        return {}
    rows = document.get("modules")
    if not isinstance(rows, dict):
        return {}
    valid: dict[str, ModuleMeasurement] = {}
    for module in modules:
        row = rows.get(module)
        if not isinstance(row, dict):
            continue
        try:
            # Every value checked against its field's type: the file is data someone may plant.
            decoded = _ROW.decode([row.get(name, False) for name in _ROW_FIELDS])
        except CodecError:
            continue
        found = replace(decoded, cached=True)
        if found.version == versions.get(module, "") and found.runs >= runs:
            valid[module] = found
    return valid


def store(path: Path, conditions: Conditions, measured: tuple[ModuleMeasurement, ...]) -> None:
    """Merge fresh measurements into the cache file; a cache that cannot be written is skipped."""
    document = _read(path)
    rows = document.get("modules") if isinstance(document, dict) else None
    if not isinstance(rows, dict) or document.get("format") != CACHE_FORMAT:
        rows = {}
    for measurement in measured:
        if not measurement.cached:
            rows[measurement.module] = {
                k: v for k, v in asdict(measurement).items() if k != "cached"
            }
    document = {"format": CACHE_FORMAT, "conditions": asdict(conditions), "modules": rows}
    data = (json.dumps(document, indent=2, sort_keys=True) + "\n").encode("utf-8")
    try:
        with open_directory(path.parent, create=True) as directory:
            replace_file(directory, path.name, data)
    except OSError:
        return


def _read(path: Path) -> Any:
    """The JSON document at `path`, None when there is none or it is not ours."""
    try:
        with open_directory(path.parent) as directory:
            data = read_regular(directory, path.name, _MAX_BYTES)
        return None if data is None else json.loads(data)
    except (OSError, ValueError):
        return None
