"""What a trend is made of: the commits selected, one point per commit, a status per criterion."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

# The finding codes every row shows, found or not: cycles that raise, cycles whose order is
# safe, and broken contracts. Any other code found is counted too (`TrendPoint.findings`).
SHOWN_CODES = ("IMP001", "IMP003", "IMP401")
OVERALL = "overall"


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    # The committer date, ISO 8601 with its offset, as git prints it (%cI).
    date: str
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def day(self) -> str:
        return self.date[:10]


@dataclass(frozen=True)
class CommitSelection:
    """The last `last` commits of the first-parent history, or those since a date (`since`),
    within `rev_range` (`A..B`) or HEAD's history."""

    last: int | None = None
    since: str | None = None
    rev_range: str | None = None


@dataclass(frozen=True)
class CriterionValue:
    id: str
    title: str
    # None: not measured at this commit.
    score: float | None


@dataclass(frozen=True)
class TrendPoint:
    commit: CommitInfo
    overall: float | None = None
    criteria: tuple[CriterionValue, ...] = ()
    # Findings per code, every code found (sorted by code).
    findings: tuple[tuple[str, int], ...] = ()
    # Files scanned afresh at this commit (the others came from the blob cache).
    files_scanned: int = 0
    files_reused: int = 0
    # Why this commit could not be analysed ("" when it was): its point has no score.
    error: str = ""

    def count(self, code: str) -> int:
        return dict(self.findings).get(code, 0)

    def score_of(self, criterion: str) -> float | None:
        if criterion == OVERALL:
            return self.overall
        for value in self.criteria:
            if value.id == criterion:
                return value.score
        return None


class Status(str, enum.Enum):
    """A criterion's state, as a progress tracker shows it."""

    met = "✅ met"
    improving = "🔄 improving"
    holding = "🔄 in progress"
    regressed = "⚠️ regressed"
    not_started = "⬜ not started"


def status(first: float | None, last: float | None) -> Status:
    """Met at 100; not started when unmeasured, or at 0 without change; regressed when lower
    than at the first commit; improving when higher; in progress when it held between."""
    if last is None:
        return Status.not_started
    if last >= 100:
        return Status.met
    if first is not None and last < first:
        return Status.regressed
    if last == 0 and (first is None or first == 0):
        return Status.not_started
    if first is None or last > first:
        return Status.improving
    return Status.holding


def change(first: float | None, last: float | None) -> float | None:
    if first is None or last is None:
        return None
    return round(last - first, 1)


@dataclass(frozen=True)
class CriterionTrend:
    id: str
    title: str
    first: float | None
    last: float | None
    change: float | None
    status: Status


@dataclass(frozen=True)
class Trend:
    points: tuple[TrendPoint, ...]
    # What was analysed, relative to the repository's top directory.
    paths: tuple[str, ...] = ()
    # Every criterion seen at any commit, in the order the reports give them.
    criteria: tuple[tuple[str, str], ...] = field(default=())

    @property
    def codes(self) -> tuple[str, ...]:
        """SHOWN_CODES, then every other code found at some commit."""
        found = sorted({code for point in self.points for code, _ in point.findings})
        return SHOWN_CODES + tuple(code for code in found if code not in SHOWN_CODES)

    @property
    def files_scanned(self) -> int:
        return sum(point.files_scanned for point in self.points)

    @property
    def files_reused(self) -> int:
        return sum(point.files_reused for point in self.points)

    def summary(self) -> tuple[CriterionTrend, ...]:
        """The overall score, then each criterion: first and last measured, change, status."""
        analysed = [point for point in self.points if not point.error]
        rows: list[CriterionTrend] = []
        for criterion, title in ((OVERALL, "Overall score"), *self.criteria):
            values = [point.score_of(criterion) for point in analysed]
            first = values[0] if values else None
            last = values[-1] if values else None
            rows.append(
                CriterionTrend(
                    criterion, title, first, last, change(first, last), status(first, last)
                )
            )
        return tuple(rows)
