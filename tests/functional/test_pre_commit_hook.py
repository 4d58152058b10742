"""The `importmap-check` hook, run by pre-commit itself against a fixture repository.

pre-commit installs the hook repository into its own virtualenv (pip, as users get it), so the
hook repository is a copy of this checkout's current files committed to a scratch git repo.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write_tree
from tests.functional.helpers import REPO

# The real process: the installed script, its streams and exit (tests/functional/helpers.py).
# pip fetches the hook's build backend and dependencies from the package index.
pytestmark = [pytest.mark.e2e, pytest.mark.network]

HOOK_FILES = (".pre-commit-hooks.yaml", "pyproject.toml", "README.md", "LICENSE")


def git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def commit_all(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("hook-repo")
    for name in HOOK_FILES:
        if (REPO / name).exists():
            shutil.copy2(REPO / name, root / name)
    shutil.copytree(
        REPO / "importmap", root / "importmap", ignore=shutil.ignore_patterns("__pycache__")
    )
    git(root, "init", "-q", "-b", "main")
    return root, commit_all(root, "hook")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def run_pre_commit(project: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def test_hook_fails_on_a_cycle_and_passes_once_it_is_deferred(
    tmp_path: Path, hook_repo: tuple[Path, str], pre_commit_home: Path
) -> None:
    hook_root, rev = hook_repo
    project = write_tree(
        tmp_path / "project",
        {
            "src/app/__init__.py": "",
            "src/app/a.py": "import app.b\n\nVALUE = app.b.VALUE\n",
            "src/app/b.py": "import app.a\n\nVALUE = 1\n",
            ".pre-commit-config.yaml": (
                f"repos:\n- repo: {hook_root}\n  rev: {rev}\n  hooks:\n  - id: importmap-check\n"
            ),
        },
    )
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "cycle")

    failed = run_pre_commit(project, pre_commit_home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "importmap check" in failed.stdout and "Failed" in failed.stdout
    assert (
        "src/app/a.py:1:1: IMP001 import-cycle (fails the gate): import cycle of 2 module(s), "
        "every edge at import time: app.a -> app.b -> app.a"
    ) in failed.stdout

    write_tree(project, {"src/app/b.py": "VALUE = 1\n\n\ndef late():\n    import app.a\n"})
    commit_all(project, "defer")
    passed = run_pre_commit(project, pre_commit_home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "importmap check" in passed.stdout and "Passed" in passed.stdout
