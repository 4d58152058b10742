"""Baselines: today's findings, recorded by an identity that survives moved lines.

An entry is a finding's `key` (rule plus modules or edge, never a line number) and how many
findings share it, so a file that gains a second identical problem still fails.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from importmap.domain import Finding
from importmap.errors import ImportmapError

BASELINE_VERSION = 1


@dataclass(frozen=True, order=True)
class BaselineEntry:
    key: str
    code: str
    count: int = 1


@dataclass(frozen=True)
class Baseline:
    entries: tuple[BaselineEntry, ...] = ()

    def counts(self) -> dict[str, int]:
        return {entry.key: entry.count for entry in self.entries}


def baseline_of(findings: Iterable[Finding]) -> Baseline:
    counted = Counter((finding.key, finding.code) for finding in findings)
    return Baseline(
        tuple(BaselineEntry(key, code, count) for (key, code), count in sorted(counted.items()))
    )


def split_by_baseline(
    baseline: Baseline, findings: Sequence[Finding]
) -> tuple[list[Finding], list[Finding], list[BaselineEntry]]:
    """(new findings, findings the baseline knows, entries no finding matches any more)."""
    allowance = baseline.counts()
    new: list[Finding] = []
    known: list[Finding] = []
    for finding in findings:
        if allowance.get(finding.key, 0) > 0:
            allowance[finding.key] -= 1
            known.append(finding)
        else:
            new.append(finding)
    stale = [
        BaselineEntry(entry.key, entry.code, allowance[entry.key])
        for entry in baseline.entries
        if allowance.get(entry.key, 0) > 0
    ]
    return new, known, stale


def tightened(baseline: Baseline, findings: Iterable[Finding]) -> Baseline:
    """The baseline without what is gone; never an entry or a count it did not have."""
    found = Counter(finding.key for finding in findings)
    return Baseline(
        tuple(
            BaselineEntry(entry.key, entry.code, min(entry.count, found[entry.key]))
            for entry in baseline.entries
            if found[entry.key] > 0
        )
    )


def render_baseline(baseline: Baseline) -> str:
    document = {
        "importmap_baseline": BASELINE_VERSION,
        "entries": [
            {"key": entry.key, "code": entry.code, "count": entry.count}
            for entry in sorted(baseline.entries)
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def parse_baseline(text: str, source: str) -> Baseline:
    try:
        document: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportmapError(f"{source}: not a baseline file: invalid JSON: {error}") from None
    if not isinstance(document, dict) or document.get("importmap_baseline") != BASELINE_VERSION:
        raise ImportmapError(
            f'{source}: not an importmap baseline (expected "importmap_baseline": '
            f"{BASELINE_VERSION}); write one with `importmap baseline -o {source}`"
        )
    raw_entries = document.get("entries")
    if not isinstance(raw_entries, list):
        raise ImportmapError(f'{source}: "entries" must be a list')
    entries: list[BaselineEntry] = []
    for index, raw in enumerate(raw_entries):
        if not (
            isinstance(raw, dict)
            and isinstance(raw.get("key"), str)
            and isinstance(raw.get("code"), str)
            and isinstance(raw.get("count", 1), int)
            and raw.get("count", 1) >= 1
        ):
            raise ImportmapError(
                f"{source}: entry {index} needs a string key and code and a count of at least 1"
            )
        entries.append(BaselineEntry(raw["key"], raw["code"], raw.get("count", 1)))
    return Baseline(tuple(sorted(entries)))
