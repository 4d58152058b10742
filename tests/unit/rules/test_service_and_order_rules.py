"""IMP301 direct-service-instantiation and IMP104 unsorted-imports."""

from __future__ import annotations

from pathlib import Path

from importmap.adapters.ruff_sorter import RuffSorter
from importmap.analysis import AnalysisRequest, analyze
from importmap.config import ServiceSettings, Settings
from importmap.result import Report
from tests.conftest import MakeTree

SERVICES = {
    "app/__init__.py": "",
    "app/locator.py": (
        "import functools\n"
        "from app.jobs import JobService, Helper\n"
        "class ServiceRegistry:\n"
        "    @functools.lru_cache(maxsize=None)\n"
        "    def jobs(self):\n"
        "        return JobService()\n"
        "    def fresh(self):\n"
        "        return JobService()\n"
        "    def stored(self):\n"
        "        self._cache['h'] = MailService()\n"
        "        return Helper()\n"
        "class MailService: ...\n"
    ),
    "app/jobs.py": "class JobService: ...\nclass Helper: ...\n",
    "app/use.py": (
        "from app import jobs\n"
        "from app.jobs import JobService\n"
        "service = JobService()\n"
        "def run():\n"
        "    built = jobs.JobService()\n"
        "    return built, JobService()  # noqa: IMP301\n"
    ),
}


def run(root: Path, settings: Settings | None = None) -> Report:
    chosen = settings or Settings()
    return analyze(AnalysisRequest(paths=(root,), base_dir=root, settings=chosen))


def test_without_configuration_the_service_registry_is_assumed(make_tree: MakeTree) -> None:
    report = run(make_tree(SERVICES))
    found = [(f.path, f.line, f.column) for f in report.findings if f.code == "IMP301"]
    assert found == [("app/use.py", 3, 11), ("app/use.py", 5, 13)]
    first = next(f for f in report.findings if f.code == "IMP301")
    assert first.message == (
        "JobService() is built directly in app.use: get it from the service locator "
        "app.locator (no service-locator configured: assumed app.locator (defines "
        "ServiceRegistry or ServiceLocator); service classes assumed: '*Service')"
    )
    by_id = {c.id: c for c in report.score.criteria}
    # 3 of the 6 JobService/MailService calls are in the locator (jobs, fresh, stored).
    assert by_id["service-locator"].score == 50.0
    assert by_id["service-locator"].detail.startswith(
        "3 of 6 service instantiations go through the locator"
    )
    # jobs() is cached, stored() keeps its instance in a dict, fresh() builds a new one.
    assert by_id["singleton-services"].score == 66.7


def test_configured_locator_and_classes(make_tree: MakeTree) -> None:
    settings = Settings(services=ServiceSettings(locators=("app.use",), class_patterns=("Help*",)))
    report = run(make_tree(SERVICES), settings)
    found = [(f.path, f.line, f.message) for f in report.findings if f.code == "IMP301"]
    assert found == [
        (
            "app/locator.py",
            11,
            "Helper() is built directly in app.locator.ServiceRegistry.stored: "
            "get it from the service locator app.use",
        )
    ]


def test_no_locator_means_not_measured(make_tree: MakeTree) -> None:
    report = run(
        make_tree({"app/__init__.py": "", "app/a.py": "class AService: ...\nAService()\n"})
    )
    assert [f for f in report.findings if f.code == "IMP301"] == []
    by_id = {c.id: c for c in report.score.criteria}
    assert not by_id["service-locator"].measured
    assert by_id["service-locator"].score is None


def test_unsorted_blocks_follow_the_projects_isort_settings(make_tree: MakeTree) -> None:
    files = {
        "app/__init__.py": "",
        "app/a.py": "import sys\nimport os\n\nx = 1\n",
        "app/b.py": "from os import path, sep\n",
    }
    root = make_tree(files)
    request = AnalysisRequest(paths=(root / "app",), base_dir=root, sorter=RuffSorter())
    report = analyze(request)
    assert [(f.path, f.line, f.column) for f in report.findings if f.code == "IMP104"] == [
        ("app/a.py", 1, 1)
    ]
    (root / "pyproject.toml").write_text(
        "[tool.ruff.lint.isort]\nforce-single-line = true\n", encoding="utf-8"
    )
    report = analyze(request)
    assert [(f.path, f.line) for f in report.findings if f.code == "IMP104"] == [
        ("app/a.py", 1),
        ("app/b.py", 1),
    ]
    order = next(c for c in report.score.criteria if c.id == "import-order")
    assert (order.score, order.detail) == (
        33.3,
        "1 of 3 files have sorted imports (only 3, under 20: weight 1 counts as 0.15)",
    )
