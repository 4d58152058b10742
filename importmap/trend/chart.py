"""trend.svg: the overall score and each criterion over the commits, as plain SVG.

No charting library: a line per series (`<polyline class="series">`) through its measured
points (`<circle>`, with a `<title>` naming commit and value), a 0-100 axis, a legend. A commit
where a criterion was not measured has no point on its line; a series never measured has no
line. Everything written comes from `html.escape`d text and computed numbers.
"""

from __future__ import annotations

from html import escape

from importmap.trend.model import OVERALL, Trend

WIDTH = 960
HEIGHT = 420
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 200, 24, 64
# Colour-blind-safe (Okabe-Ito, its yellow swapped for a green that reads on white), then more.
_PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#117733",
    "#999999",
    "#555555",
    "#332288",
    "#882255",
)
_MAX_LABELS = 12


def _x(index: int, count: int) -> float:
    span = WIDTH - _LEFT - _RIGHT
    if count == 1:
        return _LEFT + span / 2
    return _LEFT + span * index / (count - 1)


def _y(value: float) -> float:
    return _TOP + (HEIGHT - _TOP - _BOTTOM) * (100 - value) / 100


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def render_svg(trend: Trend) -> str:
    points = trend.points
    count = len(points)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
        "<title>importmap trend: score and criteria per commit</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    for level in (0, 25, 50, 75, 100):
        y = _number(_y(level))
        parts.append(
            f'<line x1="{_LEFT}" y1="{y}" x2="{WIDTH - _RIGHT}" y2="{y}" stroke="#dddddd"/>'
            f'<text x="{_LEFT - 6}" y="{y}" text-anchor="end" dominant-baseline="middle">'
            f"{level}</text>"
        )
    step = max(1, -(-count // _MAX_LABELS))
    for index, point in enumerate(points):
        if index % step and index != count - 1:
            continue
        x = _number(_x(index, count))
        parts.append(
            f'<text x="{x}" y="{HEIGHT - _BOTTOM + 16}" text-anchor="middle" '
            f'font-family="monospace">{escape(point.commit.short)}</text>'
        )
    series = [(OVERALL, "Overall score"), *trend.criteria]
    for number, (criterion, title) in enumerate(series):
        colour = "#000000" if criterion == OVERALL else _PALETTE[(number - 1) % len(_PALETTE)]
        parts.append(_legend(number, criterion, title, colour))
        measured = [
            (index, value)
            for index, point in enumerate(points)
            if not point.error and (value := point.score_of(criterion)) is not None
        ]
        if not measured:
            continue
        width = 3 if criterion == OVERALL else 1.5
        line = " ".join(f"{_number(_x(i, count))},{_number(_y(v))}" for i, v in measured)
        parts.append(
            f'<polyline class="series" data-series="{escape(criterion)}" points="{line}" '
            f'fill="none" stroke="{colour}" stroke-width="{width}"/>'
        )
        for index, value in measured:
            commit = points[index].commit
            parts.append(
                f'<circle cx="{_number(_x(index, count))}" cy="{_number(_y(value))}" r="3" '
                f'fill="{colour}"><title>{escape(commit.short)} {escape(commit.day)}: '
                f"{escape(title)} {value:.1f}</title></circle>"
            )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _legend(number: int, criterion: str, title: str, colour: str) -> str:
    """The criterion's id (short enough for the margin); its title shows on hover."""
    x = WIDTH - _RIGHT + 16
    y = _TOP + 18 * number
    shown = "score" if criterion == OVERALL else criterion
    return (
        f'<g class="legend"><title>{escape(title)}</title>'
        f'<rect x="{x}" y="{y - 2}" width="14" height="4" fill="{colour}"/>'
        f'<text x="{x + 20}" y="{y}" dominant-baseline="middle">{escape(shown)}</text></g>'
    )
