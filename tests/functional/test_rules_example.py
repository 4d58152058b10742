"""The rules and the score on the bundled example, through the installed command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.functional.helpers import run_importmap

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def example_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The example analysed once for the tests that read its report."""
    # Run from the repository for the paths the findings show; its cache goes to tmp_path, not
    # into the repository, where another test (or worker) may be writing one.
    tmp_path = tmp_path_factory.mktemp("example")
    result = run_importmap(
        "analyze",
        "examples/backend/src",
        "-f",
        "json",
        "--out",
        str(tmp_path),
        "--cache-dir",
        str(tmp_path / "cache"),
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout)
    schema = REPO / "importmap" / "report" / "schema" / "report-v1.schema.json"
    jsonschema.validate(report, json.loads(schema.read_text(encoding="utf-8")))
    return report


def test_exact_findings_on_the_example(example_report: dict[str, object]) -> None:
    found = [
        (f["code"], f["path"].removeprefix("examples/backend/"), f["line"], f["column"], f["fix"])
        for f in example_report["findings"]  # type: ignore[attr-defined]
    ]
    assert found == [
        ("IMP101", "src/models/__init__.py", 1, 1, "from src.models.job import Job"),
        ("IMP101", "src/models/__init__.py", 2, 1, "from src.models.user import User"),
        (
            "IMP001",
            "src/models/job.py",
            3,
            1,
            # The smallest change the simulator shows makes both members import first.
            "move the import at examples/backend/src/models/job.py:3 below the definition of "
            "'Job' at examples/backend/src/models/job.py:8, which its partner reads while "
            "src.models.job is partially initialised; and move the import at "
            "examples/backend/src/services/job_service.py:1 below the definition of "
            "'JobService' at examples/backend/src/services/job_service.py:5, which its partner "
            "reads while src.services.job_service is partially initialised",
        ),
        ("IMP101", "src/models/job.py", 3, 1, "from src.services.job_service import JobService"),
        ("IMP101", "src/models/job.py", 4, 1, "from src.models.user import User"),
        ("IMP301", "src/models/job.py", 15, 16, None),
        (
            "IMP201",
            "src/reports/summary.py",
            1,
            1,
            "move the import into `weekly_summary`; or `__lazy_modules__ = [\"pandas\"]` at the "
            "top of the module (PEP 810: lazy on Python 3.15+, eager on the older Pythons this "
            "project also allows)",
        ),
        ("IMP101", "src/routes/__init__.py", 1, 1, "from src.routes.jobs import register_routes"),
        ("IMP103", "src/routes/jobs.py", 1, 1, None),
        ("IMP104", "src/routes/jobs.py", 1, 1, None),
        (
            "IMP002",
            "src/routes/jobs.py",
            3,
            1,
            "defer or remove the import src.routes.jobs -> src.tasks "
            "(examples/backend/src/routes/jobs.py:3)",
        ),
        (
            "IMP101",
            "src/services/__init__.py",
            1,
            1,
            "from src.services.registry import ServiceRegistry",
        ),
        ("IMP101", "src/tasks/__init__.py", 1, 1, "from src.tasks.utils import process_job"),
        ("IMP101", "src/tasks/utils.py", 1, 1, "from src.services.job_service import JobService"),
        ("IMP101", "src/tasks/utils.py", 2, 1, "from src.utils.database_helpers import db"),
        ("IMP301", "src/tasks/utils.py", 8, 5, None),
        ("IMP101", "src/utils/__init__.py", 1, 1, "from src.utils.lazy_imports import lazy"),
        (
            "IMP101",
            "src/utils/__init__.py",
            2,
            1,
            "from src.utils.security_utils import hash_password",
        ),
        (
            "IMP101",
            "src/utils/security_middleware.py",
            1,
            1,
            "from src.utils import security_utils",
        ),
        (
            "IMP101",
            "src/utils/security_utils.py",
            3,
            1,
            "from src.utils.database_helpers import db",
        ),
    ]


def test_score_on_the_example(example_report: dict[str, object]) -> None:
    score = example_report["score"]
    criteria = {c["id"]: (c["score"], c["measured"]) for c in score["criteria"]}  # type: ignore[index]
    assert criteria == {
        "absolute-imports": (55.0, True),  # 11 of 20 modules
        "no-wildcard-imports": (95.0, True),  # 19 of 20 production modules
        "service-locator": (50.0, True),  # 2 of 4 JobService/FileManagementService calls
        "lazy-heavy-imports": (50.0, True),  # pandas eager, boto3 under TYPE_CHECKING
        "import-order": (95.0, True),  # src/routes/jobs.py is unsorted
        "import-lint": (100.0, True),
        # 5 of 20 modules: src.models(.job) <-> src.services(.job_service, .registry)
        "no-cycles": (75.0, True),
        "singleton-services": (100.0, True),  # both providers use functools.cache
    }
    # Run from the repository root, the example's own pyproject (its contract, its banned calls)
    # is not read: neither criterion is listed.
    # Under 20 things counted, a weight shrinks: service-locator 4 instantiations (1 -> 0.2),
    # lazy-heavy 2 sites (2 -> 0.2), singleton 2 providers (1 -> 0.1); the others count 20.
    # (55*2 + 95*2 + 50*0.2 + 50*0.2 + 95 + 100 + 75*3 + 100*0.1) / 9.5 = 750 / 9.5
    assert score["overall"] == 78.9  # type: ignore[index]
    locator = next(c for c in score["criteria"] if c["id"] == "service-locator")  # type: ignore[index]
    assert (
        "assumed src.services.registry (defines ServiceRegistry or ServiceLocator)"
        in (locator["detail"])
    )


@pytest.mark.e2e
def test_text_output_shows_the_score_table(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "importmap",
            "analyze",
            "examples/backend/src",
            "--out",
            str(tmp_path),
            "--cache-dir",
            str(tmp_path / "cache"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "compliance score" in result.stdout
    rows = [line for line in result.stdout.splitlines() if "absolute-imports" in line]
    assert len(rows) == 1
    assert "55" in rows[0] and "11 of 20 modules use absolute imports only" in rows[0]
    assert "score: 78.9/100" in result.stdout
