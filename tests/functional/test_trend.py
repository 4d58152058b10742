"""`importmap trend` on a real git repository built here: rows, files, exit codes, the cache,
and a working tree left exactly as it was."""

from __future__ import annotations

import json
import os
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tests.functional.helpers import run_in

SVG = "{http://www.w3.org/2000/svg}"

A = "from app import b\n\nX = b.Y\n"
B_PLAIN = "Y = 2\n"
# b reads a.X while a is half-imported: importing either module first raises.
B_CYCLE = "from app import a\n\nY = 2\nZ = a.X\n"
C_RELATIVE = "from . import b\n\nW = b.Y\n"


def _git(repo: Path, *arguments: str, day: int = 1) -> str:
    when = f"2026-01-0{day}T12:00:00+00:00"
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    done = subprocess.run(
        ["git", *arguments], cwd=repo, env=environment, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _write(repo: Path, name: str, text: str) -> None:
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """4 commits: a clean start, a cycle that raises, a README only, the cycle removed and a
    relative import added."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _write(repo, "src/app/__init__.py", "")
    _write(repo, "src/app/a.py", A)
    _write(repo, "src/app/b.py", B_PLAIN)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "start", day=1)
    _write(repo, "src/app/b.py", B_CYCLE)
    _git(repo, "commit", "-q", "-a", "-m", "cycle", day=2)
    _write(repo, "README.md", "# app\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "docs", day=3)
    _write(repo, "src/app/b.py", B_PLAIN)
    _write(repo, "src/app/c.py", C_RELATIVE)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "fix the cycle | add c", day=4)
    return repo


def _shas(repo: Path) -> list[str]:
    return _git(repo, "log", "--reverse", "--format=%h", "--abbrev=7").split()


def _mtimes(repo: Path) -> dict[str, int]:
    return {name: (repo / name).stat().st_mtime_ns for name in _git(repo, "ls-files").splitlines()}


def test_trend_rows_files_and_cache(repo: Path, tmp_path: Path) -> None:
    before = _mtimes(repo)
    head = _git(repo, "rev-parse", "HEAD")
    index = (repo / ".git" / "index").stat().st_mtime_ns
    out = tmp_path / "out"

    result = run_in(repo, "trend", "--out", str(out))

    assert result.returncode == 0, result.stderr
    one, two, three, four = _shas(repo)
    criteria = (
        "absolute-imports  no-wildcard-imports  service-locator  lazy-heavy-imports  "
        "import-order  import-lint  no-cycles  singleton-services  IMP001  IMP003  IMP401  IMP101"
    )
    assert result.stdout == (
        f"date        commit   score  {criteria}\n"
        f"2026-01-01  {one}  100.0  100.0             100.0                -                "
        "-                   100.0         100.0        100.0      -                   "
        "0       0       0       0\n"
        f"2026-01-02  {two}  77.8   100.0             100.0                -                "
        "-                   100.0         100.0        33.3       -                   "
        "1       0       0       0\n"
        f"2026-01-03  {three}  77.8   100.0             100.0                -                "
        "-                   100.0         100.0        33.3       -                   "
        "1       0       0       0\n"
        f"2026-01-04  {four}  94.4   75.0              100.0                -                "
        "-                   100.0         100.0        100.0      -                   "
        "0       0       0       1\n"
        "files scanned: 5, reused from the cache: 8\n"
        f"trend: {out / 'trend.md'}\n"
    )

    # Nothing in the working tree moved: no index write (checked before `git status`, which
    # refreshes the index), no file rewritten, no checkout.
    assert (repo / ".git" / "index").stat().st_mtime_ns == index
    assert _mtimes(repo) == before
    assert _git(repo, "status", "--porcelain") == ""
    assert _git(repo, "rev-parse", "HEAD") == head

    document = json.loads((out / "trend.json").read_text(encoding="utf-8"))
    assert document["kind"] == "importmap-trend"
    assert [c["short"] for c in document["commits"]] == [one, two, three, four]
    assert [c["overall"] for c in document["commits"]] == [100.0, 77.8, 77.8, 94.4]
    assert [c["findings"]["IMP001"] for c in document["commits"]] == [0, 1, 1, 0]
    assert [c["criteria"]["no-cycles"] for c in document["commits"]] == [100.0, 33.3, 33.3, 100.0]
    # The start scans 3 files, the cycle 1 (b.py), the README commit none, the fix only c.py:
    # b.py's blob is the start's again.
    assert [c["files_scanned"] for c in document["commits"]] == [3, 1, 0, 1]
    assert document["cache"] == {"files_scanned": 5, "files_reused": 8}
    # The last commit is the working tree: analyze there scores what trend gave it.
    analysed = run_in(repo, "analyze", "--format", "json", "--no-render", "--out", str(out / "a"))
    head_report = json.loads(analysed.stdout)
    assert head_report["score"]["overall"] == 94.4
    assert {c["id"]: c["score"] for c in head_report["score"]["criteria"]} == {
        **document["commits"][3]["criteria"]
    }
    assert document["commits"][3]["subject"] == "fix the cycle | add c"

    markdown = (out / "trend.md").read_text(encoding="utf-8")
    assert "| Overall score | 100.0 | 94.4 | -5.6 | ⚠️ regressed |" in markdown
    assert (
        "| All imports follow the absolute path convention (`absolute-imports`) "
        "| 100.0 | 75.0 | -25.0 | ⚠️ regressed |"
    ) in markdown
    assert "| No circular import dependencies (`no-cycles`) | 100.0 | 100.0 | 0.0 | ✅ met |" in (
        markdown
    )
    assert (
        "| Consistent service instantiation via service locator (`service-locator`) "
        "| - | - | - | ⬜ not started |"
    ) in markdown
    assert f"| 2026-01-04 | `{four}` | fix the cycle \\| add c | 94.4 | 0 | 0 | 0 | 1 |" in markdown

    svg = ElementTree.parse(out / "trend.svg").getroot()
    lines = svg.findall(f"{SVG}polyline")
    # The overall score and the 5 criteria measured at some commit; 4 points on each.
    assert [line.get("data-series") for line in lines] == [
        "overall",
        "absolute-imports",
        "no-wildcard-imports",
        "import-order",
        "import-lint",
        "no-cycles",
    ]
    assert len(svg.findall(f"{SVG}circle")) == 6 * 4

    again = run_in(repo, "trend", "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert "files scanned: 0, reused from the cache: 13\n" in again.stdout
    document = json.loads((out / "trend.json").read_text(encoding="utf-8"))
    assert [c["files_scanned"] for c in document["commits"]] == [0, 0, 0, 0]
    assert _mtimes(repo) == before


def test_selection_options(repo: Path, tmp_path: Path) -> None:
    one, two, three, four = _shas(repo)
    last = run_in(repo, "trend", "--last", "2", "--out", str(tmp_path / "o1"))
    assert last.returncode == 0, last.stderr
    assert [line.split()[1] for line in last.stdout.splitlines()[1:3]] == [three, four]
    ranged = run_in(repo, "trend", "--rev-range", f"{one}..{three}", "--out", str(tmp_path / "o2"))
    assert ranged.returncode == 0, ranged.stderr
    assert [line.split()[1] for line in ranged.stdout.splitlines()[1:3]] == [two, three]
    # From outside the repository, a PATH inside it: the same commits.
    outside = run_in(tmp_path, "trend", str(repo / "src"), "--last", "2", "--out", "o4")
    assert outside.returncode == 0, outside.stderr
    assert outside.stdout.splitlines()[1:3] == last.stdout.splitlines()[1:3]
    since = run_in(repo, "trend", "--since", "2026-01-03T00:00:00", "--out", str(tmp_path / "o3"))
    assert since.returncode == 0, since.stderr
    assert [line.split()[1] for line in since.stdout.splitlines()[1:3]] == [three, four]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--rev-range", "nope..HEAD"],
            "importmap: error: 'nope' is not a known revision\n",
        ),
        # What selects nothing says which option to change, and how.
        (
            ["--rev-range", "HEAD..HEAD~2"],
            "importmap: error: no commit selected: --rev-range 'HEAD..HEAD~2' is empty (A..B is "
            "what B has and A has not: is it reversed?)\n",
        ),
        (
            ["--since", "garbage"],
            "importmap: error: no commit selected: none since 'garbage' as git reads the date "
            "(git takes what it cannot read as now); give one such as 2026-01-31 or "
            "'3 weeks ago'\n",
        ),
        (
            ["--since", "2026-01-01", "--last", "2"],
            "importmap: error: --since and --last are mutually exclusive: give one\n",
        ),
    ],
)
def test_bad_selection_exits_2(
    repo: Path, tmp_path: Path, arguments: list[str], message: str
) -> None:
    result = run_in(repo, "trend", *arguments, "--out", str(tmp_path / "out"))
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message)
    assert not (tmp_path / "out").exists()


def test_not_a_git_repository_exits_2(tmp_path: Path) -> None:
    _write(tmp_path / "plain", "src/app/__init__.py", "")
    result = run_in(tmp_path / "plain", "trend", "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.startswith("importmap: error: ")
    assert result.stderr.endswith(" is not in a git repository\n")
    assert result.stderr.count("\n") == 1


def test_a_commit_without_the_path_gets_a_row_saying_why(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _write(repo, "README.md", "# app\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "readme", day=1)
    _write(repo, "src/app/__init__.py", "")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "app", day=2)
    one, two = _shas(repo)

    result = run_in(repo, "trend", "src", "--no-cache", "--out", str(tmp_path / "out"))

    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.splitlines()[1]
        == f"2026-01-01  {one}  not analysed: path does not exist: src"
    )
    assert result.stdout.splitlines()[2].startswith(f"2026-01-02  {two}  100.0  ")
    document = json.loads((tmp_path / "out" / "trend.json").read_text(encoding="utf-8"))
    assert [(c["error"], c["overall"]) for c in document["commits"]] == [
        ("path does not exist: src", None),
        (None, 100.0),
    ]
    # --no-cache: the blob cache lived in memory only.
    assert not (repo / ".importmap_cache").exists()
    markdown = (tmp_path / "out" / "trend.md").read_text(encoding="utf-8")
    assert (
        f"| 2026-01-01 | `{one}` | readme | not analysed: path does not exist: src | - | - | - |"
        in (markdown)
    )


def test_a_contract_naming_a_module_a_commit_lacks_is_not_judged_there(tmp_path: Path) -> None:
    # Today's contract names app.services, which the first commit does not have yet: that
    # commit is analysed, without the contract; `analyze` on it would be a configuration error.
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _write(repo, "src/app/__init__.py", "")
    _write(repo, "src/app/models.py", "X = 1\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "models", day=1)
    _write(repo, "src/app/services.py", "from app import models\n")
    _write(
        repo,
        "pyproject.toml",
        '[[tool.importmap.contracts]]\nname = "layers"\ntype = "layers"\n'
        'layers = ["app.services", "app.models"]\n',
    )
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "services", day=2)

    result = run_in(repo, "trend", "src", "--no-cache", "--out", str(tmp_path / "out"))

    assert result.returncode == 0, result.stderr
    document = json.loads((tmp_path / "out" / "trend.json").read_text(encoding="utf-8"))
    assert [(c["error"], c["criteria"].get("contracts")) for c in document["commits"]] == [
        (None, None),
        (None, 100.0),
    ]
    # analyze on the first commit's tree, with today's contract, names the nearest module.
    _git(repo, "checkout", "-q", "HEAD~1", "--", "src")
    (repo / "src" / "app" / "services.py").unlink()
    checked = run_in(repo, "check", "src", "--select", "IMP401", "--no-cache")
    assert checked.returncode == 2
    assert "contract 'layers' names 'app.services', which is not a module" in checked.stderr
