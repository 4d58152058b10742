"""The tracker statuses, the chart's lines and points, the text rows, the temporary copy."""

from __future__ import annotations

import os
import stat
import tempfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from importmap.adapters.scratch_tree import MEMORY_DIR, ScratchTree
from importmap.errors import ImportmapError
from importmap.trend.chart import render_svg
from importmap.trend.model import CommitInfo, CriterionValue, Status, Trend, TrendPoint, status
from importmap.trend.table import text_rows

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (80.0, 100.0, Status.met),
        (100.0, 100.0, Status.met),
        (None, None, Status.not_started),
        (50.0, None, Status.not_started),
        (0.0, 0.0, Status.not_started),
        (None, 0.0, Status.not_started),
        (50.0, 60.0, Status.improving),
        (None, 60.0, Status.improving),
        (0.0, 10.0, Status.improving),
        (60.0, 60.0, Status.holding),
        (60.0, 50.0, Status.regressed),
        (10.0, 0.0, Status.regressed),
    ],
)
def test_status(first: float | None, last: float | None, expected: Status) -> None:
    assert status(first, last) is expected


def _point(number: int, overall: float | None, cycles: float | None, error: str = "") -> TrendPoint:
    commit = CommitInfo(f"{number:040x}", f"2026-01-0{number}T00:00:00+00:00", f"commit {number}")
    if error:
        return TrendPoint(commit, error=error)
    return TrendPoint(
        commit,
        overall=overall,
        criteria=(
            CriterionValue("no-cycles", "No <cycles> & more", cycles),
            CriterionValue("service-locator", "Locator", None),
        ),
        findings=(("IMP001", 2), ("IMP105", 1)),
    )


TREND = Trend(
    points=(
        _point(1, 50.0, None),
        _point(2, 60.0, 40.0),
        _point(3, None, None, error="path does not exist: src"),
        _point(4, 70.0, 80.0),
    ),
    paths=("src",),
    criteria=(("no-cycles", "No <cycles> & more"), ("service-locator", "Locator")),
)


def test_chart_draws_a_line_per_measured_series_through_its_measured_points() -> None:
    svg = ElementTree.fromstring(render_svg(TREND))
    lines = svg.findall(f"{SVG}polyline")
    # The locator is never measured: no line. The failed commit has no point on any line.
    assert [line.get("data-series") for line in lines] == ["overall", "no-cycles"]
    assert [len(line.get("points", "").split()) for line in lines] == [3, 2]
    assert len(svg.findall(f"{SVG}circle")) == 5
    # Titles are escaped text, not markup; the legend names each series by its id.
    legend = svg.findall(f"{SVG}g")
    assert [g.findtext(f"{SVG}text") for g in legend] == ["score", "no-cycles", "service-locator"]
    assert legend[1].findtext(f"{SVG}title") == "No <cycles> & more"
    # 100 at the top of the plot, 0 at the bottom: the overall line rises left to right.
    heights = [float(pair.split(",")[1]) for pair in lines[0].get("points", "").split()]
    assert heights == sorted(heights, reverse=True)


def test_text_rows() -> None:
    assert text_rows(TREND) == (
        "date        commit   score  no-cycles  service-locator  IMP001  IMP003  IMP401  IMP105\n"
        "2026-01-01  0000000  50.0   -          -                2       0       0       1\n"
        "2026-01-02  0000000  60.0   40.0       -                2       0       0       1\n"
        "2026-01-03  0000000  not analysed: path does not exist: src\n"
        "2026-01-04  0000000  70.0   80.0       -                2       0       0       1\n"
    )
    summary = {row.id: (row.first, row.last, row.change, row.status) for row in TREND.summary()}
    # The failed commit is left out; the first measured value of no-cycles is unknown.
    assert summary == {
        "overall": (50.0, 70.0, 20.0, Status.improving),
        "no-cycles": (None, 80.0, None, Status.improving),
        "service-locator": (None, None, None, Status.not_started),
    }


class _Blobs:
    def __init__(self) -> None:
        self.asked: list[list[str]] = []

    def __call__(self, hashes: Sequence[str]) -> Mapping[str, bytes]:
        self.asked.append(list(hashes))
        return {blob: blob.encode() for blob in hashes}


@pytest.mark.parametrize("on_disk", [False, True])
def test_copy_rewrites_only_what_changed_and_prunes_empty_directories(
    on_disk: bool, tmp_path: Path
) -> None:
    copy = ScratchTree(str(tmp_path) if on_disk else None)
    read = _Blobs()
    try:
        assert copy.move_to({"a/x.py": "1", "a/b/y.py": "2", "z.py": "3"}, read) == 3
        kept = (copy.root / "z.py").stat().st_mtime_ns
        # y.py is gone (its directory with it), x.py changed, a file takes b's place.
        assert copy.move_to({"a/x.py": "4", "a/b": "5", "z.py": "3"}, read) == 2
        assert read.asked == [["1", "2", "3"], ["4", "5"]]
        found = sorted(path.relative_to(copy.root).as_posix() for path in copy.root.rglob("*"))
        assert found == ["a", "a/b", "a/x.py", "z.py"]
        assert (copy.root / "a" / "b").read_bytes() == b"5"
        assert (copy.root / "z.py").stat().st_mtime_ns == kept
    finally:
        copy.close()
    assert not copy.root.exists()


def test_the_copy_is_made_in_memory_when_the_machine_has_it(tmp_path: Path) -> None:
    in_memory = os.path.isdir(MEMORY_DIR) and os.access(MEMORY_DIR, os.W_OK)
    copies = [ScratchTree(), ScratchTree(str(tmp_path))]
    try:
        default, given = (copy.root for copy in copies)
        expected = Path(os.path.realpath(MEMORY_DIR if in_memory else tempfile.gettempdir()))
        assert default.parent == expected
        assert given.parent == Path(os.path.realpath(tmp_path))
        # Only its maker reads it: the same rights as a temporary directory anywhere.
        assert stat.S_IMODE(default.stat().st_mode) == 0o700
    finally:
        for copy in copies:
            copy.close()
    assert not default.exists() and not given.exists()


@pytest.mark.parametrize("name", ["../x.py", "/etc/x.py", "a/../../x.py", ".git/config", "a//b"])
def test_copy_refuses_names_outside_it(name: str) -> None:
    copy = ScratchTree()
    try:
        with pytest.raises(ImportmapError, match="refusing a file named"):
            copy.move_to({name: "1"}, _Blobs())
        assert list(Path(copy.root).iterdir()) == []
    finally:
        copy.close()
