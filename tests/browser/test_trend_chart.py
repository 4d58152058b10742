"""trend.svg in a real headless Chromium: it parses as SVG, draws every line, logs no error."""

from __future__ import annotations

from pathlib import Path

from importmap.trend.chart import render_svg
from importmap.trend.model import CommitInfo, CriterionValue, Trend, TrendPoint
from tests.browser.chromium import Driver, needs_chromium

pytestmark = needs_chromium

CRITERIA = (
    ("absolute-imports", "All imports follow the absolute path convention"),
    ("no-cycles", "No circular import dependencies"),
    ("service-locator", "Consistent service instantiation via service locator"),
    ("contracts", 'Layer <contracts> & "rules" hold'),
)


def _trend(commits: int) -> Trend:
    points = []
    for number in range(commits):
        commit = CommitInfo(f"{number:040x}", "2026-01-01T00:00:00+00:00", f"commit {number}")
        if number == 7:
            points.append(TrendPoint(commit, error="path does not exist: src"))
            continue
        values = (
            CriterionValue("absolute-imports", CRITERIA[0][1], 50.0 + number),
            CriterionValue("no-cycles", CRITERIA[1][1], 100.0 - number % 3 * 10),
            CriterionValue("service-locator", CRITERIA[2][1], None),
            CriterionValue("contracts", CRITERIA[3][1], None if number < 10 else 80.0),
        )
        points.append(TrendPoint(commit, overall=70.0 + number % 5, criteria=values))
    return Trend(points=tuple(points), paths=("src",), criteria=CRITERIA)


def test_trend_chart_renders_in_chromium(browser: Driver, tmp_path: Path) -> None:
    page = tmp_path / "trend.svg"
    page.write_text(render_svg(_trend(50)), encoding="utf-8")
    browser.get(page.as_uri())

    assert browser.execute_script("return document.documentElement.tagName") == "svg"
    assert browser.execute_script("return document.getElementsByTagName('parsererror').length") == 0
    drawn = browser.execute_script(
        "return Array.from(document.querySelectorAll('polyline.series')).map(function (line) {"
        "  var box = line.getBBox();"
        "  return [line.dataset.series, line.points.numberOfItems, box.width > 0];"
        "});"
    )
    # The failed commit 7 has no point; the locator is never measured: no line; contracts are
    # measured from commit 10 on.
    assert drawn == [
        ["overall", 49, True],
        ["absolute-imports", 49, True],
        ["no-cycles", 49, True],
        ["contracts", 40, True],
    ]
    assert browser.execute_script("return document.querySelectorAll('circle').length") == 187
    assert [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"] == []
    browser.save_screenshot(str(tmp_path / "trend.png"))
    assert (tmp_path / "trend.png").stat().st_size > 5_000
