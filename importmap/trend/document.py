"""trend.json: the trend as data (its shape is in docs/report-schema.md, "trend.json")."""

from __future__ import annotations

import json
from typing import Any

from importmap.trend.model import Trend, TrendPoint
from importmap.version import __version__

TREND_SCHEMA_VERSION = 1


def trend_to_dict(trend: Trend) -> dict[str, Any]:
    return {
        "schema_version": TREND_SCHEMA_VERSION,
        "kind": "importmap-trend",
        "tool": {"name": "importmap", "version": __version__},
        "paths": list(trend.paths),
        "criteria": [{"id": id_, "title": title} for id_, title in trend.criteria],
        "codes": list(trend.codes),
        "commits": [_point(point, trend) for point in trend.points],
        "summary": [
            {
                "id": row.id,
                "title": row.title,
                "first": row.first,
                "last": row.last,
                "change": row.change,
                "status": row.status.name.replace("_", "-"),
            }
            for row in trend.summary()
        ],
        "cache": {"files_scanned": trend.files_scanned, "files_reused": trend.files_reused},
    }


def _point(point: TrendPoint, trend: Trend) -> dict[str, Any]:
    return {
        "sha": point.commit.sha,
        "short": point.commit.short,
        "date": point.commit.date,
        "subject": point.commit.subject,
        "error": point.error or None,
        "overall": point.overall,
        "criteria": {id_: point.score_of(id_) for id_, _ in trend.criteria},
        "findings": {code: point.count(code) for code in trend.codes},
        "files_scanned": point.files_scanned,
        "files_reused": point.files_reused,
    }


def render_json(trend: Trend) -> str:
    return json.dumps(trend_to_dict(trend), indent=2, ensure_ascii=False) + "\n"
