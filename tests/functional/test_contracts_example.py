"""The example backend's layers contract (examples/backend/pyproject.toml): the models ->
services import at import time is IMP401 at its line; moved into a function, it is allowed by
`when = "import-time"` and still caught by `when = "any"`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.functional.helpers import run_in

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "backend"

MODELS_TO_SERVICES = (
    "src/models/job.py:3:1: IMP401 contract-broken (fails the gate): contract 'backend layers' "
    "(layers) broken: src.models imports src.services at import time in 1 step: src.models.job "
    "-> src.services.job_service  src/models/job.py:3  from ..services.job_service import "
    "JobService"
)


def _example(tmp_path: Path) -> Path:
    root = tmp_path / "backend"
    shutil.copytree(EXAMPLE / "src", root / "src")
    shutil.copy(EXAMPLE / "pyproject.toml", root / "pyproject.toml")
    return root


def _imp401(root: Path) -> tuple[int, list[str]]:
    result = run_in(root, "check", "--select", "IMP401", "--no-cache")
    return result.returncode, [line for line in result.stdout.splitlines() if " IMP401 " in line]


def test_the_example_breaks_its_layers_at_import_time(tmp_path: Path) -> None:
    assert _imp401(_example(tmp_path)) == (1, [MODELS_TO_SERVICES])


def test_deferred_into_a_function_it_is_allowed_at_import_time_only(tmp_path: Path) -> None:
    root = _example(tmp_path)
    job = root / "src" / "models" / "job.py"
    text = job.read_text(encoding="utf-8")
    job.write_text(
        text.replace("from ..services.job_service import JobService\n", "").replace(
            "    def service(self) -> JobService:\n        return JobService()\n",
            "    def service(self) -> object:\n"
            "        from ..services.job_service import JobService\n\n"
            "        return JobService()\n",
        ),
        encoding="utf-8",
    )
    # Python agrees: importing the models no longer runs the services.
    ran = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, src.models.job; print('src.services.job_service' in sys.modules)",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    assert ran.stdout.strip() == "False"
    assert _imp401(root) == (0, [])

    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8").replace('when = "import-time"', 'when = "any"'),
        encoding="utf-8",
    )
    code, lines = _imp401(root)
    assert code == 1
    assert lines == [
        "src/models/job.py:14:1: IMP401 contract-broken (fails the gate): contract 'backend "
        "layers' (layers) broken: src.models imports src.services in 1 step: src.models.job -> "
        "src.services.job_service  src/models/job.py:14  from ..services.job_service import "
        "JobService",
        "src/tasks/utils.py:6:1: IMP401 contract-broken (fails the gate): contract 'backend "
        "layers' (layers) broken: src.tasks imports src.routes in 1 step: src.tasks.utils -> "
        "src.routes.jobs  src/tasks/utils.py:6  from src.routes.jobs import notify",
    ]
