"""The commented starter `[tool.importmap]` section that `importmap init` writes."""

from __future__ import annotations

from importmap.heavy.settings import DEFAULT_THRESHOLD_MS as DEFAULT_HEAVY_THRESHOLD_MS
from importmap.score import DEFAULT_TEST_PATTERNS, DEFAULT_WEIGHTS
from importmap.selection import DEFAULT_FAIL_ON


def starter_section(paths: tuple[str, ...], header: str = "[tool.importmap]") -> str:
    def strings(values: tuple[str, ...]) -> str:
        return "[" + ", ".join(f'"{value}"' for value in values) + "]"

    weights = "\n".join(f"# {key} = {value:g}" for key, value in DEFAULT_WEIGHTS.items())
    return f"""{header}
# Packages or source roots to analyse, relative to this file.
paths = {strings(paths)}
# Globs of files to skip.
exclude = []

# Rule codes or prefixes (IMP1 = IMP101..IMP199, ALL = every rule).
# select = ["ALL"]
# ignore = []
# per-file-ignores = {{ "tests/*" = ["IMP103"] }}
# severities = {{ IMP104 = "info" }}

# The CI gate of `importmap check`: codes that fail it, and the lowest acceptable score.
fail-on = {strings(DEFAULT_FAIL_ON)}
# fail-under = 80
# Progress needs no setting: `importmap trend --last 10` scores each of the last 10 commits
# (trend.json, trend.md, trend.svg in reports/); `importmap analyze --compare-to
# reports/report.json` shows what changed since a saved report.

# Test code is not production code (IMP103 reports wildcard imports there only as info).
test-patterns = {strings(DEFAULT_TEST_PATTERNS)}

# Where services must be built (IMP301). Without these, a class named ServiceRegistry or
# ServiceLocator marks the locator and "*Service" the service classes.
# service-locator = "app.services.registry"
# service-classes = "*Service"

# Heavy packages that should be imported lazily.
# heavy = ["pandas", "numpy"]
# not-heavy = []
# heavy-threshold-ms = {DEFAULT_HEAVY_THRESHOLD_MS:g}
# lazy-helpers = ["app.utils.lazy_imports.lazy"]
# Entry points whose start-up IMP201 budgets, besides the ones found ([project.scripts],
# __main__, manage.py, wsgi.py/asgi.py, module-level Flask/FastAPI/Celery applications).
# entry-points = ["app.cli:main"]
# Left out of IMP201 and the lazy-heavy-imports criterion (tests too, unless heavy-in-tests).
# heavy-ignore = ["*migrations/*", "*/alembic/versions/*"]
# heavy-in-tests = false

# Architecture contracts (IMP401), one [[tool.importmap.contracts]] table each; `importmap
# contracts suggest` proposes layers that today's code keeps. Types: layers (top first; "a | b"
# are siblings that never import each other), forbidden (source, forbidden), independence
# (modules), acyclic (packages). when = "import-time" counts only imports that run at import
# time (not in functions, not under TYPE_CHECKING). ignore: "importer -> imported" edges, where
# * is one dotted segment and ** any number.
# [[tool.importmap.contracts]]
# name = "layers"
# type = "layers"
# when = "import-time"
# layers = ["app.routes", "app.tasks | app.reports", "app.services", "app.models"]
# ignore = ["app.models.* -> app.services.registry"]

# Weights of the score's criteria (the overall score is their weighted mean).
# [tool.importmap.weights]
{weights}

# Calls allowed only in some modules (IMP501): a dotted call path as the code reaches it,
# followed through imports and aliases; allowed-in takes module names or fnmatch patterns.
# [tool.importmap.banned-calls]
# "db.session.commit" = {{ allowed-in = ["app.db_helpers"], message = "use @transactional" }}
"""
