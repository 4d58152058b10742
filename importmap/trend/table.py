"""The trend as text: one row per commit for the terminal, and trend.md's tracker tables."""

from __future__ import annotations

from collections.abc import Sequence

from importmap.trend.model import CriterionTrend, Trend, TrendPoint


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _change(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:+.1f}" if value else "0.0"


def rows(trend: Trend) -> list[list[str]]:
    """The header, then one row per commit: date, commit, score, each criterion, the counts."""
    header = ["date", "commit", "score", *(c for c, _ in trend.criteria), *trend.codes]
    table = [header]
    for point in trend.points:
        if point.error:
            table.append([point.commit.day, point.commit.short, f"not analysed: {point.error}"])
            continue
        table.append(
            [
                point.commit.day,
                point.commit.short,
                _score(point.overall),
                *(_score(point.score_of(criterion)) for criterion, _ in trend.criteria),
                *(str(point.count(code)) for code in trend.codes),
            ]
        )
    return table


def text_rows(trend: Trend) -> str:
    """The rows in aligned columns (a row that could not be analysed says why, unaligned)."""
    table = rows(trend)
    width = len(table[0])
    sizes = [max(len(row[i]) for row in table if len(row) == width) for i in range(width)]
    lines = []
    for row in table:
        if len(row) != width:
            lines.append("  ".join(row))
            continue
        cells = (cell.ljust(size) for cell, size in zip(row, sizes, strict=True))
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], body: Sequence[Sequence[str]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(" --- " for _ in header) + "|",
        *("| " + " | ".join(_cell(cell) for cell in row) + " |" for row in body),
    ]


def _tracker_row(row: CriterionTrend) -> list[str]:
    name = row.title if row.id == "overall" else f"{row.title} (`{row.id}`)"
    return [name, _score(row.first), _score(row.last), _change(row.change), row.status.value]


def render_markdown(trend: Trend) -> str:
    points = trend.points
    first, last = points[0].commit, points[-1].commit
    lines = [
        "# importmap trend",
        "",
        f"{len(points)} commits, from `{first.short}` ({first.day}) to `{last.short}` "
        f"({last.day}); analysed: {', '.join(f'`{p}`' for p in trend.paths) or '`.`'}.",
        "",
        "## Criteria",
        "",
        *_table(
            ["criterion", "first", "last", "change", "status"],
            [_tracker_row(row) for row in trend.summary()],
        ),
        "",
        "✅ met (100) · 🔄 improving, or in progress (held, under 100) · ⚠️ regressed since the "
        "first commit · ⬜ not started (not measured, or 0 and unchanged)",
        "",
        "## Findings",
        "",
        *_table(["code", "first", "last", "change"], _finding_rows(trend)),
        "",
        "## Commits",
        "",
        *_table(
            ["date", "commit", "subject", "score", *trend.codes],
            [_commit_row(point, trend.codes) for point in points],
        ),
        "",
    ]
    return "\n".join(lines)


def _finding_rows(trend: Trend) -> list[list[str]]:
    analysed = [point for point in trend.points if not point.error]
    if not analysed:
        return []
    first, last = analysed[0], analysed[-1]
    return [
        [
            f"`{code}`",
            str(first.count(code)),
            str(last.count(code)),
            f"{last.count(code) - first.count(code):+d}"
            if last.count(code) != first.count(code)
            else "0",
        ]
        for code in trend.codes
    ]


def _commit_row(point: TrendPoint, codes: Sequence[str]) -> list[str]:
    head = [point.commit.day, f"`{point.commit.short}`", point.commit.subject]
    if point.error:
        return [*head, f"not analysed: {point.error}", *("-" for _ in codes)]
    return [*head, _score(point.overall), *(str(point.count(code)) for code in codes)]
