"""IMP501 banned-call through the installed command: the example's goal, every format, the score
criterion and the configuration errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import MakeTree
from tests.functional.helpers import REPO, run_importmap, validate_report

MESSAGE = (
    "use @transactional from src.utils.database_helpers; allowed in src.utils.database_helpers"
)
# Every db.session.commit() of examples/backend outside the transaction helper, the alias too.
EXAMPLE_IMP501 = [
    ("src/main.py", 12, 5, "db.session.commit() is called in src.main.create_app: " + MESSAGE),
    (
        "src/services/job_service.py",
        8,
        9,
        "db.session.commit() is called in src.services.job_service.JobService.mark_done: "
        + MESSAGE,
    ),
    (
        "src/services/job_service.py",
        14,
        9,
        "db.session.commit() is called in src.services.job_service.JobService.archive "
        "(as session.commit()): " + MESSAGE,
    ),
    (
        "src/tasks/utils.py",
        9,
        5,
        "db.session.commit() is called in src.tasks.utils.process_job: " + MESSAGE,
    ),
    (
        "src/tasks/utils.py",
        15,
        5,
        "db.session.commit() is called in src.tasks.utils.retry_job: " + MESSAGE,
    ),
]


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """examples/backend with its pyproject.toml, run from its own directory as its README says."""
    copy = tmp_path / "backend"
    shutil.copytree(REPO / "examples" / "backend", copy, ignore=shutil.ignore_patterns("*.pyc"))
    return copy


def test_check_finds_every_commit_outside_the_helper_including_the_alias(example: Path) -> None:
    result = run_importmap("check", "src", "--format", "json", "--no-cache", cwd=example)
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    found = [
        (f["path"], f["line"], f["column"], f["message"])
        for f in document["findings"]
        if f["code"] == "IMP501"
    ]
    assert found == EXAMPLE_IMP501
    assert all(f["severity"] == "error" for f in document["findings"] if f["code"] == "IMP501")
    # The helper's own commit is found too, and left out only because allowed-in names it.
    pyproject = example / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"src.utils.database_helpers"', ""))
    everywhere = run_importmap("check", "src", "--format", "json", "--no-cache", cwd=example)
    assert [
        (f["path"], f["line"], f["column"])
        for f in json.loads(everywhere.stdout)["findings"]
        if f["code"] == "IMP501"
    ] == sorted(
        [(p, line, col) for p, line, col, _ in EXAMPLE_IMP501]
        + [("src/utils/database_helpers.py", 21, 9)]
    )
    assert "IMP501" in document["gate"]["fail_on"]
    # Only IMP501 fails here: it is what makes the exit code 1 besides the cycle.
    failing = run_importmap("check", "src", "--select", "IMP501", "--no-cache", cwd=example)
    assert failing.returncode == 1
    clean = run_importmap(
        "check", "src", "--select", "IMP501", "--fail-on", "IMP001", "--no-cache", cwd=example
    )
    assert clean.returncode == 0, clean.stdout


@pytest.mark.parametrize("output_format", ["text", "github", "sarif", "junit"])
def test_every_check_format_gives_the_place_and_the_message(
    example: Path, output_format: str
) -> None:
    result = run_importmap(
        "check", "src", "--select", "IMP501", "--format", output_format, "--no-cache", cwd=example
    )
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert out.count("IMP501") >= len(EXAMPLE_IMP501)
    for path, line, column, _ in EXAMPLE_IMP501:
        if output_format == "text":
            assert f"{path}:{line}:{column}" in out
        elif output_format == "github":
            assert f"file={path},line={line},col={column}" in out
        elif output_format == "sarif":
            assert f'"startLine": {line}' in out and path in out
        else:
            assert f"{path}:{line}" in out
    assert "(as session.commit())" in out
    assert "use @transactional from src.utils.database_helpers" in out


def test_analyze_reports_and_scores_the_banned_calls(example: Path) -> None:
    result = run_importmap("analyze", "src", "--out", "out", "--no-cache", cwd=example)
    assert result.returncode == 0, result.stderr
    document = json.loads((example / "out" / "report.json").read_text())
    validate_report(document)
    assert [
        (f["path"], f["line"], f["column"]) for f in document["findings"] if f["code"] == "IMP501"
    ] == [(path, line, column) for path, line, column, _ in EXAMPLE_IMP501]
    criterion = next(c for c in document["score"]["criteria"] if c["id"] == "banned-calls")
    # 20 modules, 3 of them (main, job_service, tasks.utils) call it outside the helper.
    assert criterion["detail"] == "17 of 20 production modules make no banned call"
    assert criterion["score"] == 85.0 and criterion["weight"] == 2.0
    markdown = (example / "out" / "report.md").read_text()
    assert "IMP501" in markdown and "src/services/job_service.py:14" in markdown
    html = (example / "out" / "report.html").read_text()
    assert "IMP501" in html and "(as session.commit())" in html


def test_without_banned_calls_the_criterion_is_not_listed(make_tree: MakeTree) -> None:
    root = make_tree({"app/__init__.py": "", "app/a.py": "db.session.commit()\n"})
    result = run_importmap("analyze", "app", "--format", "json", "--out", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert "banned-calls" not in [c["id"] for c in document["score"]["criteria"]]
    assert [f for f in document["findings"] if f["code"] == "IMP501"] == []


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            '"db.session.commit" = "src.utils"',
            "'banned-calls.\"db.session.commit\"' in [tool.importmap] must be a table: "
            '{ allowed-in = [...], message = "..." }',
        ),
        (
            '"db..commit" = {}',
            "'banned-calls.\"db..commit\"' in [tool.importmap] must be a dotted call path such "
            "as db.session.commit",
        ),
        (
            '"db.session.commit" = { allowed = ["src.utils"] }',
            "unknown key 'allowed' in [tool.importmap.banned-calls.\"db.session.commit\"]; "
            "did you mean 'allowed-in'?",
        ),
        (
            '"db.session.commit" = { allowed-in = [1] }',
            "'allowed-in' of 'banned-calls.\"db.session.commit\"' in [tool.importmap] must be a "
            "list of module names or patterns",
        ),
        (
            '"db.session.commit" = { message = 3 }',
            "'message' of 'banned-calls.\"db.session.commit\"' in [tool.importmap] must be a "
            "string",
        ),
    ],
)
def test_a_malformed_table_exits_2_with_one_line(
    make_tree: MakeTree, table: str, message: str
) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "pyproject.toml": f"[tool.importmap.banned-calls]\n{table}\n",
        }
    )
    result = run_importmap("check", "app", cwd=root)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"importmap: error: {root / 'pyproject.toml'}: {message}"]
