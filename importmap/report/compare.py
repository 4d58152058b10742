"""`analyze --compare-to REPORT.json`: what changed since a saved report.

The saved report is read as data: only the fields compared (score, criteria, findings' codes,
cycles' members) are taken, each checked for its type, so a file that is not an importmap
report (or is damaged) is refused in one line rather than half-compared. A cycle is the same
cycle when it has the same members and the same kind (import-time or deferred).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from html import escape
from typing import Any

from importmap.errors import ImportmapError
from importmap.result import Report

CycleKey = tuple[bool, tuple[str, ...]]


@dataclass(frozen=True)
class CriterionChange:
    id: str
    title: str
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 1)


@dataclass(frozen=True)
class SavedReport:
    """The parts of a saved report.json that a comparison reads."""

    overall: float | None
    criteria: tuple[tuple[str, str, float | None], ...]
    findings: tuple[tuple[str, int], ...]
    cycles: frozenset[CycleKey]


@dataclass(frozen=True)
class Comparison:
    saved: str
    overall: CriterionChange
    criteria: tuple[CriterionChange, ...]
    # (code, before, after) for every code found in either report, sorted by code.
    findings: tuple[tuple[str, int, int], ...]
    new_cycles: tuple[CycleKey, ...]
    fixed_cycles: tuple[CycleKey, ...]


def parse_saved(text: str, name: str) -> SavedReport:
    """The saved report; ImportmapError (one line) when it is not an importmap report."""
    try:
        document = json.loads(text)
        return _saved(document)
    except ValueError:
        raise ImportmapError(f"--compare-to: {name} is not JSON") from None
    except (TypeError, KeyError, AttributeError):
        raise ImportmapError(f"--compare-to: {name} is not an importmap report.json") from None


def _saved(document: Any) -> SavedReport:
    if not isinstance(document, dict) or document.get("schema_version") != 1:
        raise TypeError("not a report")
    score = document["score"]
    criteria = tuple(
        (_text(item["id"]), _text(item["title"]), _score(item["score"]))
        for item in _list(score["criteria"])
    )
    codes = Counter(_text(item["code"]) for item in _list(document["findings"]))
    cycles = frozenset(
        (_flag(item["eager"]), tuple(sorted(_text(m) for m in _list(item["modules"]))))
        for item in _list(document["cycles"])
    )
    return SavedReport(_score(score["overall"]), criteria, tuple(sorted(codes.items())), cycles)


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("not a boolean")
    return value


def _score(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise TypeError("not a score")
    return float(value)


def compare(saved: SavedReport, report: Report, name: str) -> Comparison:
    before = {id_: (title, score) for id_, title, score in saved.criteria}
    criteria: list[CriterionChange] = []
    for criterion in report.score.criteria:
        old = before.pop(criterion.id, (criterion.title, None))[1]
        now = criterion.score if criterion.measured else None
        criteria.append(CriterionChange(criterion.id, criterion.title, old, now))
    # A criterion the saved report had and this one lacks (a rule deselected since).
    criteria += [CriterionChange(id_, title, score, None) for id_, (title, score) in before.items()]
    old_counts = dict(saved.findings)
    new_counts = Counter(finding.code for finding in report.findings)
    codes = sorted(set(old_counts) | set(new_counts))
    current = {(cycle.eager, tuple(sorted(cycle.modules))) for cycle in report.cycles}
    return Comparison(
        saved=name,
        overall=CriterionChange("overall", "Overall score", saved.overall, report.score.overall),
        criteria=tuple(criteria),
        findings=tuple((code, old_counts.get(code, 0), new_counts.get(code, 0)) for code in codes),
        new_cycles=tuple(sorted(current - saved.cycles)),
        fixed_cycles=tuple(sorted(saved.cycles - current)),
    )


def _value(score: float | None) -> str:
    return "-" if score is None else f"{score:.1f}"


def _delta(change: float | None) -> str:
    if change is None:
        return "-"
    return f"{change:+.1f}" if change else "0.0"


def _count_delta(before: int, after: int) -> str:
    return f"{after - before:+d}" if after != before else "0"


def _cycle(key: CycleKey) -> str:
    eager, members = key
    kind = "import-time" if eager else "deferred"
    return f"{kind} cycle of {', '.join(members)}"


def text_lines(comparison: Comparison) -> list[str]:
    """The terminal's lines: score, criteria that moved, codes whose count moved, cycles."""
    overall = comparison.overall
    lines = [
        f"since {comparison.saved}: score {_value(overall.before)} -> {_value(overall.after)} "
        f"({_delta(overall.change)})"
    ]
    for row in comparison.criteria:
        if row.before != row.after:
            lines.append(
                f"  {row.id}: {_value(row.before)} -> {_value(row.after)} ({_delta(row.change)})"
            )
    for code, before, after in comparison.findings:
        if before != after:
            lines.append(f"  {code}: {before} -> {after} ({_count_delta(before, after)})")
    lines += [f"  new: {_cycle(key)}" for key in comparison.new_cycles]
    lines += [f"  fixed: {_cycle(key)}" for key in comparison.fixed_cycles]
    if len(lines) == 1 and overall.before == overall.after:
        lines[0] += ", nothing else changed"
    return lines


def _cell(value: str) -> str:
    return value.replace("|", "\\|")


def markdown_lines(comparison: Comparison) -> list[str]:
    lines = [
        f"## Since {_cell(comparison.saved)}",
        "",
        "| criterion | before | now | change |",
        "| --- | --- | --- | --- |",
    ]
    for row in (comparison.overall, *comparison.criteria):
        name = row.title if row.id == "overall" else f"`{row.id}`"
        lines.append(
            f"| {name} | {_value(row.before)} | {_value(row.after)} | {_delta(row.change)} |"
        )
    if comparison.findings:
        lines += ["", "| code | before | now | change |", "| --- | --- | --- | --- |"]
        lines += [
            f"| `{code}` | {before} | {after} | {_count_delta(before, after)} |"
            for code, before, after in comparison.findings
        ]
    lines.append("")
    cycles = (("New cycles", comparison.new_cycles), ("Fixed cycles", comparison.fixed_cycles))
    for title, keys in cycles:
        if keys:
            lines += [f"{title}:", *(f"- {_cell(_cycle(key))}" for key in keys), ""]
    return lines


def html_section(comparison: Comparison) -> str:
    rows = "".join(
        f"<tr><td>{escape(row.title if row.id == 'overall' else row.id)}</td>"
        f"<td>{_value(row.before)}</td><td>{_value(row.after)}</td>"
        f"<td>{_delta(row.change)}</td></tr>"
        for row in (comparison.overall, *comparison.criteria)
    )
    codes = "".join(
        f"<tr><td>{escape(code)}</td><td>{before}</td><td>{after}</td>"
        f"<td>{_count_delta(before, after)}</td></tr>"
        for code, before, after in comparison.findings
    )
    cycles = "".join(
        f"<li>{escape(title)}: {escape(_cycle(key))}</li>"
        for title, keys in (("new", comparison.new_cycles), ("fixed", comparison.fixed_cycles))
        for key in keys
    )
    head = "<thead><tr><th>{}</th><th>before</th><th>now</th><th>change</th></tr></thead>"
    return (
        f'<section id="compare"><h2>Since {escape(comparison.saved)}</h2>'
        f"<table>{head.format('criterion')}<tbody>{rows}</tbody></table>"
        + (f"<table>{head.format('code')}<tbody>{codes}</tbody></table>" if codes else "")
        + (f"<ul>{cycles}</ul>" if cycles else "")
        + "</section>"
    )
