"""`importmap check --diff-base REV` on a real git repository."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import MakeTree, write_tree
from tests.functional.helpers import run_importmap

TREE = {
    "app/__init__.py": "",
    "app/a.py": "import app.b\n",
    "app/b.py": "import app.a\n",
    "app/c.py": "from . import d\n\nd.run()\n",
    "app/d.py": "def run():\n    pass\n",
    "app/e.py": "def helper():\n    pass\n",
}

# Unused imports would double every finding of these tiny modules.
FAIL_ALL = ("--fail-on", "ALL", "--ignore", "IMP105")


def git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    completed = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True, env=env
    )
    return completed.stdout


def make_repo(make_tree: MakeTree) -> Path:
    root = make_tree(TREE)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "feature")
    return root


def lines_with_codes(stdout: str) -> list[str]:
    return [line.split(": ", 1)[0] for line in stdout.splitlines() if ": IMP" in line]


def test_without_diff_base_every_finding_counts(make_tree: MakeTree) -> None:
    root = make_repo(make_tree)
    result = run_importmap("check", "app", *FAIL_ALL, cwd=root)
    assert result.returncode == 1
    assert lines_with_codes(result.stdout) == ["app/a.py:1:1", "app/c.py:1:1"]


def test_no_change_since_the_base_passes_and_says_what_it_left_out(make_tree: MakeTree) -> None:
    root = make_repo(make_tree)
    result = run_importmap("check", "app", *FAIL_ALL, "--diff-base", "main", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert lines_with_codes(result.stdout) == []
    assert result.stderr.splitlines() == [
        "importmap: PR mode: 0 file(s) changed since main; 2 finding(s) elsewhere not reported"
    ]


def test_a_committed_change_reports_only_its_own_findings(make_tree: MakeTree) -> None:
    root = make_repo(make_tree)
    write_tree(root, {"app/e.py": "from .d import run\n\n\ndef helper():\n    run()\n"})
    git(root, "commit", "-q", "-am", "relative import in e")
    result = run_importmap("check", "app", *FAIL_ALL, "--diff-base", "main", cwd=root)
    assert result.returncode == 1
    assert lines_with_codes(result.stdout) == ["app/e.py:1:1"]
    assert "IMP101 relative-import" in result.stdout
    assert "1 file(s) changed since main; 2 finding(s) elsewhere" in result.stderr


def test_uncommitted_and_untracked_files_count_as_changed(make_tree: MakeTree) -> None:
    root = make_repo(make_tree)
    write_tree(root, {"app/new.py": "from app.d import *\n"})
    result = run_importmap("check", "app", *FAIL_ALL, "--diff-base", "main", cwd=root)
    assert result.returncode == 1
    assert lines_with_codes(result.stdout) == ["app/new.py:1:1"]
    assert "IMP103 wildcard-import" in result.stdout


def test_a_new_cycle_through_a_changed_file_is_reported(make_tree: MakeTree) -> None:
    root = make_repo(make_tree)
    # d.py now imports c.py, which already imported d: a new cycle closed by the changed d.py.
    write_tree(root, {"app/d.py": "import app.c\n\n\ndef run():\n    app.c.d.run()\n"})
    git(root, "commit", "-q", "-am", "d imports c")
    result = run_importmap("check", "app", "--fail-on", "IMP001", "--diff-base", "main", cwd=root)
    assert result.returncode == 1
    assert "IMP001 import-cycle" in result.stdout
    assert "app.c -> app.d -> app.c" in result.stdout
    # The old app.a <-> app.b cycle touches no changed file.
    assert "app.a" not in result.stdout


def test_changes_on_the_target_branch_after_branching_do_not_count(make_tree: MakeTree) -> None:
    root = make_repo(make_tree)
    git(root, "checkout", "-q", "main")
    write_tree(root, {"app/e.py": "from app.d import *\n"})
    git(root, "commit", "-q", "-am", "wildcard on main")
    git(root, "checkout", "-q", "feature")
    result = run_importmap("check", "app", *FAIL_ALL, "--diff-base", "main", cwd=root)
    assert result.returncode == 0, result.stdout
    assert "0 file(s) changed since main" in result.stderr


def test_paths_are_matched_from_a_subdirectory_of_the_repository(make_tree: MakeTree) -> None:
    root = make_tree({f"service/{path}": text for path, text in TREE.items()})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    write_tree(root, {"service/app/e.py": "from .d import run\n"})
    result = run_importmap("check", "app", *FAIL_ALL, "--diff-base", "HEAD", cwd=root / "service")
    assert result.returncode == 1
    assert lines_with_codes(result.stdout) == ["app/e.py:1:1"]


def test_an_unknown_revision_exits_2_with_one_line(make_tree: MakeTree) -> None:
    root = make_repo(make_tree)
    result = run_importmap("check", "app", "--diff-base", "no-such-branch", cwd=root)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "importmap: error: --diff-base: git rev-parse failed: 'no-such-branch' is not a known "
        "revision"
    ]


def test_an_option_is_not_taken_for_a_revision(make_tree: MakeTree) -> None:
    root = make_repo(make_tree)
    result = run_importmap("check", "app", "--diff-base=--output=x", cwd=root)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "importmap: error: --diff-base: '--output=x' is not a git revision"
    ]


@pytest.mark.e2e
def test_outside_a_git_repository_exits_2(make_tree: MakeTree) -> None:
    root = make_tree(TREE)
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(root.parent)}
    result = run_importmap("check", "app", "--diff-base", "main", cwd=root, env=env)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("importmap: error: --diff-base: git rev-parse failed:")
