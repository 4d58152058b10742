"""`importmap check` replays a previous outcome when nothing changed, and only then.

Whether a run analysed is observed on disk: the per-file scan cache is deleted before the run,
and only an analysis writes it again. A file rewritten with the same size and modification time
is the proof that a replayed outcome comes from the outcome cache: analysing would see the new
text, a replay cannot.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MakeTree, write_tree
from tests.functional.helpers import run_in
from tests.functional.test_pr_mode import git

B_WITH_CYCLE = "import os\n\nfrom app import a\n\nA = (a, os)\n"
EAGER_CYCLE = {
    "app/__init__.py": "",
    "app/a.py": "import app.b\n\nB = app.b\n",
    "app/b.py": B_WITH_CYCLE,
}
# The same size as B_WITH_CYCLE, without the import of app.a: no cycle, the gate passes.
B_WITHOUT_CYCLE = B_WITH_CYCLE.replace("from app import a", "from abc import a")
CACHE = ".importmap_cache"


def check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_in(root, "check", "app", *args)


def outcomes(root: Path) -> list[Path]:
    return sorted((root / CACHE / "outcomes").glob("*.json"))


def forget_scans(root: Path) -> None:
    (root / CACHE / "scan-cache.json").unlink()


def analysed(root: Path) -> bool:
    """After `forget_scans`: whether a run since then scanned files (and so analysed)."""
    return (root / CACHE / "scan-cache.json").exists()


def rewrite_keeping_stamp(path: Path, text: str) -> None:
    before = path.stat()
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size == before.st_size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def touch(path: Path) -> None:
    before = path.stat()
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))


def test_an_unchanged_project_replays_the_outcome_without_analysing(make_tree: MakeTree) -> None:
    root = make_tree(EAGER_CYCLE)
    first = check(root)
    assert first.returncode == 1 and "IMP001" in first.stdout
    assert len(outcomes(root)) == 1
    forget_scans(root)
    rewrite_keeping_stamp(root / "app" / "b.py", B_WITHOUT_CYCLE)
    replayed = check(root)
    assert (replayed.returncode, replayed.stdout, replayed.stderr) == (1, first.stdout, "")
    assert not analysed(root)
    # A new modification time is a change: the run analyses and sees the cycle is gone.
    touch(root / "app" / "b.py")
    fresh = check(root)
    assert analysed(root)
    assert fresh.returncode == 0
    assert fresh.stdout == check(root, "--no-cache").stdout


def test_a_passing_outcome_replays_exit_0_and_rewrites_the_output_file(
    make_tree: MakeTree,
) -> None:
    root = make_tree({**EAGER_CYCLE, "app/b.py": B_WITHOUT_CYCLE})
    first = check(root, "--format", "junit", "-o", "out/junit.xml")
    written = (root / "out" / "junit.xml").read_text(encoding="utf-8")
    assert (first.returncode, first.stdout) == (0, "")
    forget_scans(root)
    (root / "out" / "junit.xml").unlink()
    replayed = check(root, "--format", "junit", "-o", "out/junit.xml")
    assert (replayed.returncode, replayed.stdout, replayed.stderr) == (0, "", "")
    assert (root / "out" / "junit.xml").read_text(encoding="utf-8") == written
    assert not analysed(root)


def edit(root: Path) -> tuple[str, ...]:
    (root / "app" / "b.py").write_text("import os\n\nA = os\n", encoding="utf-8")
    return ()


def add(root: Path) -> tuple[str, ...]:
    write_tree(root, {"app/c.py": "import app.d\n\nD = app.d\n", "app/d.py": "from app import c\n"})
    return ()


def delete(root: Path) -> tuple[str, ...]:
    (root / "app" / "b.py").unlink()
    return ()


def touch_a(root: Path) -> tuple[str, ...]:
    touch(root / "app" / "a.py")
    return ()


def configure(root: Path) -> tuple[str, ...]:
    (root / "pyproject.toml").write_text(
        '[tool.importmap]\nfail-on = ["IMP002"]\n', encoding="utf-8"
    )
    return ()


def record_baseline(root: Path) -> tuple[str, ...]:
    recorded = run_in(root, "baseline", "app", "-o", "baseline.json")
    assert recorded.returncode == 0, recorded.stderr
    return ("--baseline", "baseline.json")


def select_other_codes(root: Path) -> tuple[str, ...]:
    return ("--select", "IMP002")


def json_format(root: Path) -> tuple[str, ...]:
    return ("--format", "json")


EMPTY_BASELINE = '{"importmap_baseline": 1, "entries": []}\n'


@pytest.mark.parametrize(
    "change",
    [edit, add, delete, touch_a, configure, record_baseline, select_other_codes, json_format],
)
def test_any_real_change_gives_the_fresh_result(
    make_tree: MakeTree, change: Callable[[Path], tuple[str, ...]]
) -> None:
    root = make_tree({**EAGER_CYCLE, "baseline.json": EMPTY_BASELINE})
    first_args = ("--baseline", "baseline.json")
    first = check(root, *first_args)
    assert first.returncode == 1
    args = change(root) or first_args
    forget_scans(root)
    again = check(root, *args)
    assert analysed(root)
    expected = check(root, *args, "--no-cache")
    assert (again.returncode, again.stdout, again.stderr) == (
        expected.returncode,
        expected.stdout,
        "",
    )
    if change is not touch_a:
        assert (again.returncode, again.stdout) != (first.returncode, first.stdout)


def test_changed_ruff_settings_count_when_imp104_runs(make_tree: MakeTree) -> None:
    root = make_tree(
        {"app/__init__.py": "", "app/m.py": "from os import path, sep\n\nX = path, sep\n"}
    )
    first = check(root, "--select", "IMP104")
    assert first.returncode == 0 and "IMP104" not in first.stdout
    forget_scans(root)
    (root / "ruff.toml").write_text("[lint.isort]\nforce-single-line = true\n", encoding="utf-8")
    again = check(root, "--select", "IMP104", "--show", "all")
    assert analysed(root)
    assert "app/m.py:1:1: IMP104" in again.stdout


def test_a_corrupt_or_foreign_outcome_is_ignored_with_one_warning(make_tree: MakeTree) -> None:
    root = make_tree(EAGER_CYCLE)
    first = check(root)
    [entry] = outcomes(root)
    foreign = {"format": 1, "key": "another key", "exit_code": 0, "output": "all fine\n"}
    for damage in (entry.read_bytes()[:40], b"\xff\x00", json.dumps(foreign).encode()):
        entry.write_bytes(damage)
        again = check(root)
        assert (again.returncode, again.stdout) == (1, first.stdout)
        assert again.stderr.count("\n") == 1
        assert "warning: ignoring an unreadable check outcome" in again.stderr
        # Rewritten by that run: the next one replays silently.
        forget_scans(root)
        assert check(root).stderr == ""
        assert not analysed(root)


def test_no_cache_never_reads_or_writes_outcomes(make_tree: MakeTree) -> None:
    root = make_tree(EAGER_CYCLE)
    assert check(root, "--no-cache").returncode == 1
    assert not (root / CACHE).exists()
    check(root)
    [entry] = outcomes(root)
    entry.write_bytes(b"damaged")
    uncached = check(root, "--no-cache")
    assert (uncached.returncode, uncached.stderr) == (1, "")
    assert outcomes(root) == [entry] and entry.read_bytes() == b"damaged"


def test_update_baseline_and_diff_base_always_analyse(make_tree: MakeTree) -> None:
    root = make_tree({**EAGER_CYCLE, "baseline.json": EMPTY_BASELINE})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    for args in (
        ("--baseline", "baseline.json", "--update-baseline"),
        ("--diff-base", "main"),
    ):
        for _ in range(2):
            result = check(root, *args)
            assert result.returncode in (0, 1), result.stderr
            assert analysed(root)
            forget_scans(root)
        assert outcomes(root) == []


@pytest.mark.e2e
def test_concurrent_runs_share_one_outcome_and_leave_no_temporary_file(
    make_tree: MakeTree,
) -> None:
    # Each module reads its successor's X at import time: entered anywhere, it raises.
    files = {f"app/m{i}.py": f"from app.m{(i + 1) % 30} import X\n\nX = 1\n" for i in range(30)}
    root = make_tree({"app/__init__.py": "", **files})
    command = [sys.executable, "-m", "importmap", "check", "app"]
    runs = [
        subprocess.Popen(
            command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [1, 1, 1, 1]
    assert len({stdout for stdout, _ in outputs}) == 1
    assert all(stderr == "" for _, stderr in outputs)
    assert len(outcomes(root)) == 1
    assert not [p for p in (root / CACHE / "outcomes").iterdir() if "tmp" in p.name]
    forget_scans(root)
    replayed = check(root)
    assert (replayed.returncode, replayed.stdout, replayed.stderr) == (1, outputs[0][0], "")
    assert not analysed(root)


def test_only_the_most_recent_outcomes_are_kept(make_tree: MakeTree) -> None:
    root = make_tree(EAGER_CYCLE)
    option_sets = [("--select", code) for code in ("IMP001", "IMP002", "IMP101", "IMP103")] + [
        ("--format", name) for name in ("json", "github", "sarif", "junit")
    ]
    option_sets += [("--fail-under", "50"), ("--fail-under", "60")]
    for options in option_sets:
        check(root, *options)
    assert len(outcomes(root)) == 8
    # The stamps kept beside the outcomes (one file per set of options) are pruned alike.
    assert len(list((root / CACHE / "outcomes").glob("*.stamps"))) == 8
    forget_scans(root)
    check(root, *option_sets[-1])
    assert not analysed(root)


# Cycle-gate runs: the selected rules read nothing of a file but its imports.
IMPORTS_ONLY = ("--select", "IMP001,IMP101,IMP900")


def scans_written_at(root: Path) -> int:
    return (root / CACHE / "scan-cache.json").stat().st_mtime_ns


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def test_an_edit_that_keeps_the_imports_replays_an_imports_only_gate(make_tree: MakeTree) -> None:
    root = make_tree({**EAGER_CYCLE, "app/c.py": "from . import a\n"})
    # IMP101 and IMP900 read nothing of a file but its imports (IMP001 reads its statements).
    gate = ("--select", "IMP101,IMP900", "--fail-on", "IMP101")
    first = check(root, *gate)
    assert first.returncode == 1 and "IMP101" in first.stdout
    written = scans_written_at(root)
    # Two edits in a row, neither touching an import: each compares one file and replays.
    for body in ("\n\ndef f():\n    return A\n", "# a comment\n"):
        append(root / "app" / "b.py", body)
        again = check(root, *gate)
        assert (again.returncode, again.stdout, again.stderr) == (1, first.stdout, "")
        assert scans_written_at(root) == written  # nothing was analysed, nor the cache rewritten
        assert again.stdout == check(root, *gate, "--no-cache").stdout


def test_an_edit_that_keeps_the_imports_can_make_a_cycle_raise(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/a.py": "import app.b\n\nA = 1\n",
            "app/b.py": "import app.a\n\nB = 1\n",
        }
    )
    first = check(root, "--select", "IMP001")
    assert first.returncode == 0, first.stdout
    # No import changes, but b now reads app.a while it is half-imported: Python raises.
    append(root / "app" / "b.py", "X = app.a.A\n")
    judged = subprocess.run(
        [sys.executable, "-c", "import app.a"], cwd=root, capture_output=True, text=True
    )
    assert "AttributeError: cannot access submodule 'a' of module 'app'" in judged.stderr
    again = check(root, "--select", "IMP001")
    assert again.returncode == 1 and "IMP001" in again.stdout, again.stdout
    assert again.stdout == check(root, "--select", "IMP001", "--no-cache").stdout


def line_shift(root: Path) -> None:
    path = root / "app" / "b.py"
    path.write_text("# moved\n" + path.read_text(encoding="utf-8"), encoding="utf-8")


def new_import(root: Path) -> None:
    append(root / "app" / "b.py", "\n\ndef f():\n    from . import a\n")


def broken(root: Path) -> None:
    append(root / "app" / "b.py", "\ndef f(:\n")


def suppression_moved(root: Path) -> None:
    append(root / "app" / "a.py", "# importmap: ignore[IMP001]\n")


@pytest.mark.parametrize("change", [line_shift, new_import, broken, suppression_moved])
def test_an_edit_of_imports_lines_or_suppressions_analyses_again(
    make_tree: MakeTree, change: Callable[[Path], None]
) -> None:
    root = make_tree(EAGER_CYCLE)
    first = check(root, *IMPORTS_ONLY)
    assert first.returncode == 1
    written = scans_written_at(root)
    change(root)
    again = check(root, *IMPORTS_ONLY)
    assert scans_written_at(root) != written
    expected = check(root, *IMPORTS_ONLY, "--no-cache")
    assert (again.returncode, again.stdout) == (expected.returncode, expected.stdout)
    assert again.stdout != first.stdout


def test_rules_that_read_more_than_imports_analyse_after_any_edit(make_tree: MakeTree) -> None:
    root = make_tree(EAGER_CYCLE)
    first = check(root, "--select", "IMP001,IMP105")
    written = scans_written_at(root)
    # `os` is used only by the line removed: IMP105 (unused import) now fires.
    path = root / "app" / "b.py"
    path.write_text(B_WITH_CYCLE.replace("A = (a, os)", "A = a"), encoding="utf-8")
    again = check(root, "--select", "IMP001,IMP105")
    assert scans_written_at(root) != written
    assert "IMP105" in again.stdout and "IMP105" not in first.stdout


@pytest.mark.parametrize(
    "silence", ["from os.path import *  # noqa: F403\n", "from os.path import *\n# ruff: noqa\n"]
)
def test_a_noqa_comment_added_beside_kept_imports_silences_the_wildcard_finding(
    make_tree: MakeTree, silence: str
) -> None:
    # IMP103 reads noqa comments, on the import's line or alone on any line: an edit that
    # keeps every import record can silence it, so the gate must not replay.
    root = make_tree({"app/__init__.py": "", "app/a.py": "from os.path import *\n"})
    gate = ("--select", "IMP103", "--fail-on", "IMP103")
    first = check(root, *gate)
    assert first.returncode == 1 and "IMP103" in first.stdout
    (root / "app" / "a.py").write_text(silence, encoding="utf-8")
    again = check(root, *gate)
    assert (again.returncode, "IMP103" in again.stdout) == (0, False), again.stdout
    expected = check(root, *gate, "--no-cache")
    assert (again.returncode, again.stdout) == (expected.returncode, expected.stdout)


def test_an_edit_outside_what_the_crash_judgement_reads_replays_the_cycle_gate(
    make_tree: MakeTree,
) -> None:
    root = make_tree({**EAGER_CYCLE, "app/c.py": "import os\n\n\ndef f():\n    return os.sep\n"})
    first = check(root, "--select", "IMP001")
    assert first.returncode == 1 and "IMP001" in first.stdout
    written = scans_written_at(root)
    # app.c is no member of the cycle: the simulation never read it, and its imports stay.
    append(root / "app" / "c.py", "\n\ndef g():\n    return f()\n")
    again = check(root, "--select", "IMP001")
    assert (again.returncode, again.stdout, again.stderr) == (1, first.stdout, "")
    assert scans_written_at(root) == written
    assert again.stdout == check(root, "--select", "IMP001", "--no-cache").stdout
    # app.b is a member: its statements decide the verdict, so an edit of it analyses.
    append(root / "app" / "b.py", "\n\ndef g():\n    return A\n")
    check(root, "--select", "IMP001")
    assert scans_written_at(root) != written


CALLED_AT_IMPORT_TIME = {
    "app/__init__.py": "",
    "app/a.py": "import app.main\n\nX = 1\n",
    "app/b.py": "from app.a import X\n",
    "app/main.py": "from app.factory import create_app\n\ncreate_app()\n",
    "app/factory.py": "from app import helpers\n\n\ndef create_app():\n    return 1\n",
    "app/helpers.py": "def register():\n    import app.b\n",
}


def test_an_edit_of_a_body_the_calls_at_import_time_read_analyses_again(
    make_tree: MakeTree,
) -> None:
    root = make_tree(CALLED_AT_IMPORT_TIME)
    first = check(root, "--select", "IMP001")
    assert first.returncode == 0, first.stdout
    # The same imports, but create_app (called while app.main runs) now calls register, whose
    # import of app.b closes a cycle app.a -> app.main -> app.b -> app.a: importing app.a first
    # raises, as app.b reads X from it half-imported.
    factory = root / "app" / "factory.py"
    factory.write_text(
        factory.read_text(encoding="utf-8").replace("return 1", "return helpers.register()"),
        encoding="utf-8",
    )
    judged = subprocess.run(
        [sys.executable, "-c", "import app.a"], cwd=root, capture_output=True, text=True
    )
    assert "ImportError: cannot import name 'X' from partially initialized module" in (
        judged.stderr
    )
    again = check(root, "--select", "IMP001")
    assert again.returncode == 1 and "IMP001" in again.stdout, again.stdout
    assert again.stdout == check(root, "--select", "IMP001", "--no-cache").stdout


def test_an_imports_only_gate_analyses_after_a_body_edit_the_calls_at_import_time_read(
    make_tree: MakeTree,
) -> None:
    contract = (
        '[[tool.importmap.contracts]]\nname = "main stays off b"\ntype = "forbidden"\n'
        'when = "import-time"\nsource = ["app.main"]\nforbidden = ["app.b"]\n'
    )
    root = make_tree({**CALLED_AT_IMPORT_TIME, "pyproject.toml": contract})
    # IMP401 reads only imports: in the kept outcome app.main reaches app.b only through
    # register's function-level import, which does not run at import time.
    gate = ("--select", "IMP401")
    first = check(root, *gate)
    assert first.returncode == 0, first.stdout
    factory = root / "app" / "factory.py"
    factory.write_text(
        factory.read_text(encoding="utf-8").replace("return 1", "return helpers.register()"),
        encoding="utf-8",
    )
    # The same imports, but the call at import time in app.main now runs `import app.b`: a
    # replayed outcome (what an earlier version gave) would pass.
    again = check(root, *gate)
    assert again.returncode == 1 and "IMP401" in again.stdout, again.stdout
    assert "app.main -> app.b  app/main.py:3  create_app()" in again.stdout, again.stdout
    assert again.stdout == check(root, *gate, "--no-cache").stdout
