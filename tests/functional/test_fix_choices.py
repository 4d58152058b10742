"""`fix` honours the project's choices, writes only inside the named roots, and `--diff` shows
exactly the bytes it would write."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write_tree
from tests.functional.helpers import run_in as importmap

BASE = {
    "app/__init__.py": "",
    "app/a.py": "x = 1\n",
}


def test_inline_suppression_per_file_ignores_and_ignore_are_honoured(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            **BASE,
            "pyproject.toml": (
                "[tool.importmap]\n[tool.importmap.per-file-ignores]\n"
                '"app/legacy.py" = ["IMP101"]\n'
            ),
            "app/kept.py": "from .a import x  # importmap: ignore[IMP101]\nfrom . import a\n",
            "app/legacy.py": "from .a import x\n",
        },
    )
    result = importmap(tmp_path, "fix", ".")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "fixed: app/kept.py\n"
    # Then sorted (issue 17.5); the suppressed import stays relative.
    assert (tmp_path / "app/kept.py").read_text() == (
        "from app import a\n\nfrom .a import x  # importmap: ignore[IMP101]\n"
    )
    assert (tmp_path / "app/legacy.py").read_text() == "from .a import x\n"


@pytest.mark.parametrize("table", ['ignore = ["IMP101"]', 'select = ["IMP0"]', 'ignore = ["IMP1"]'])
def test_a_deselected_rule_is_not_fixed(tmp_path: Path, table: str) -> None:
    write_tree(
        tmp_path,
        {
            **BASE,
            "pyproject.toml": f"[tool.importmap]\n{table}\n",
            "app/m.py": "from .a import x\n",
        },
    )
    result = importmap(tmp_path, "fix", ".")
    assert (result.returncode, result.stdout) == (0, "")
    assert (tmp_path / "app/m.py").read_text() == "from .a import x\n"


def test_files_the_relative_fix_changed_are_left_sorted(tmp_path: Path) -> None:
    files = {**BASE, "app/m.py": "import sys\nfrom .a import x\nimport os\n"}
    sorted_, unsorted = write_tree(tmp_path / "one", files), write_tree(tmp_path / "two", files)
    result = importmap(sorted_, "fix", ".")
    assert result.stdout == "fixed: app/m.py\n"
    assert (sorted_ / "app/m.py").read_text() == "import os\nimport sys\n\nfrom app.a import x\n"
    check = importmap(sorted_, "check", "app/m.py", "--select", "IMP104")
    assert check.returncode == 0, check.stdout
    opted_out = importmap(unsorted, "fix", ".", "--no-sort")
    assert opted_out.stdout == "fixed: app/m.py\n"
    assert (unsorted / "app/m.py").read_text() == "import sys\nfrom app.a import x\nimport os\n"


def test_configured_paths_outside_the_project_need_allow_outside(tmp_path: Path) -> None:
    write_tree(tmp_path / "other", {"lib/__init__.py": "", "lib/m.py": "from . import x\n"})
    write_tree(
        tmp_path / "project",
        {"pyproject.toml": '[tool.importmap]\npaths = ["../other"]\n', **BASE},
    )
    result = importmap(tmp_path / "project", "fix")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"importmap: error: configured path {tmp_path / 'project' / '../other'} lies outside "
        f"{(tmp_path / 'project').resolve()}; name it on the command line or pass "
        "--allow-outside to fix it"
    ]
    assert (tmp_path / "other/lib/m.py").read_text() == "from . import x\n"
    allowed = importmap(tmp_path / "project", "fix", "--allow-outside")
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert (tmp_path / "other/lib/m.py").read_text() == "from lib import x\n"


def test_a_symlink_is_never_written_through_even_to_outside_the_tree(tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text("from .a import x\n")
    write_tree(tmp_path / "project", {**BASE, "app/inside.py": "from .a import x\n"})
    (tmp_path / "project/app/linked.py").symlink_to(outside)
    (tmp_path / "project/app/alias.py").symlink_to(tmp_path / "project/app/inside.py")
    # Named on the command line, a link is still not written through.
    named = importmap(tmp_path / "project", "fix", "app/alias.py")
    assert named.stdout.splitlines()[0] == (
        "left untouched: app/alias.py: it is a symlink; importmap does not write through links"
    )
    result = importmap(tmp_path / "project", "fix", "app")
    assert "fixed: app/inside.py" in result.stdout.splitlines()
    assert outside.read_text() == "from .a import x\n"
    assert (tmp_path / "project/app/linked.py").is_symlink()
    assert (tmp_path / "project/app/alias.py").is_symlink()
    refused = [line for line in result.stdout.splitlines() if line.startswith("left untouched")]
    assert refused == [
        "left untouched: app/alias.py: it is a symlink; importmap does not write through links",
        "left untouched: app/linked.py: it lies outside the paths named for this run",
    ]


# Every byte a rewriter might mishandle: a BOM, a form feed, U+2028 in a string, CRLF, a
# file mixing \n and \r\n, and a last line without a newline.
AWKWARD: dict[str, str | bytes] = {
    "app/__init__.py": "",
    "app/a.py": "x = 1\n",
    "app/bom.py": "\ufeffimport sys\nfrom .a import x\nimport os\n".encode(),
    "app/feed.py": b"from .a import x\n\x0c\ndef f():\n    return x\n",
    "app/sep.py": "S = '\u2028'\nfrom .a import x\n".encode(),
    "app/crlf.py": b"import sys\r\nfrom .a import x\r\nimport os\r\n",
    "app/mixed.py": b"from .a import x\r\ny = 2\nfrom . import a\r\n",
    "app/last.py": b"from .a import x",
}


def _git(cwd: Path, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False)


@pytest.mark.e2e
@pytest.mark.parametrize("select", ["IMP101", "IMP104", "IMP101,IMP104"])
def test_diff_is_exactly_what_is_written(tmp_path: Path, select: str) -> None:
    for copy in ("shown", "written"):
        write_tree(tmp_path / copy, AWKWARD)
    _git(tmp_path / "shown", "init", "-q")
    # Spawned: the patch is the bytes the process writes on its standard output.
    shown = subprocess.run(
        [sys.executable, "-m", "importmap", "fix", ".", "--select", select, "--diff"],
        cwd=tmp_path / "shown",
        capture_output=True,
        check=False,
    )
    patch = shown.stdout
    assert shown.returncode in (0, 1), shown.stderr
    assert b"left untouched" not in shown.stderr
    checked = _git(tmp_path / "shown", "apply", "--check", "-", stdin=patch)
    assert checked.returncode == 0, checked.stderr
    applied = _git(tmp_path / "shown", "apply", "-", stdin=patch)
    assert applied.returncode == 0, applied.stderr
    written = importmap(tmp_path / "written", "fix", ".", "--select", select)
    assert written.returncode in (0, 1), written.stdout + written.stderr
    for name in AWKWARD:
        assert (tmp_path / "shown" / name).read_bytes() == (
            tmp_path / "written" / name
        ).read_bytes()
    changed = {n for n in AWKWARD if (tmp_path / "written" / n).read_bytes() != _bytes(AWKWARD[n])}
    assert "app/mixed.py" in changed if "IMP101" in select else True
    analysed = importmap(tmp_path / "written", "analyze", ".", "-f", "json", "--no-render")
    report = json.loads(analysed.stdout)
    left = [f for f in report["findings"] if f["code"] in select.split(",")]
    assert left == []


def _bytes(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode()


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another owner")
def test_run_as_root_the_owner_group_and_mode_are_kept(tmp_path: Path) -> None:
    write_tree(tmp_path, {**BASE, "app/m.py": "from .a import x\n"})
    target = tmp_path / "app/m.py"
    os.chown(target, 1234, 2345)
    target.chmod(0o604)
    result = importmap(tmp_path, "fix", ".")
    assert result.stdout == "fixed: app/m.py\n"
    status = target.stat()
    assert (status.st_uid, status.st_gid, status.st_mode & 0o777) == (1234, 2345, 0o604)
    assert target.read_text() == "from app.a import x\n"
