"""A cloned repository's `.importmap_cache` is hostile: it never runs code, and no symlink planted
in it makes importmap read, write or delete anything outside it."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
from pathlib import Path

import pytest

from tests.conftest import MakeTree
from tests.hardening.cli import importmap

CACHE = ".importmap_cache"
TREE = {
    "app/__init__.py": "",
    # A cycle that raises when entered from either side (IMP001, fails the gate).
    "app/models.py": "from app.services import Service\n\nclass Job:\n    pass\n",
    "app/services.py": "from app.models import Job\n\nclass Service:\n    pass\n",
    "app/util.py": "import os\n",
}
# Every command that reads the scan cache, as a user or the GitHub Action runs it.
COMMANDS = [
    ("check", "app"),
    ("check", "app", "--select", "IMP001"),
    ("check", "app", "--format", "sarif"),
    ("check", "app", "--diff-base", "HEAD", "--format", "sarif"),
    ("analyze", "app", "--no-render", "--out", "out"),
    ("analyze", "app", "--format", "json", "--out", "out"),
    ("cycles", "app"),
    ("why", "app.models", "app.services"),
    ("graph", "app", "-o", "graph.dot"),
    ("heavy", "app"),
    ("baseline", "app"),
    ("fix", "app", "--diff"),
]


class Payload:
    """Unpickling this runs `touch MARKER`: what a crafted cache would do to a `pickle.load`."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def git_repo(root: Path) -> None:
    for command in (
        ["git", "init", "-q"],
        ["git", "add", "-A"],
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init"],
    ):
        subprocess.run(command, cwd=root, check=True, capture_output=True)


@pytest.mark.parametrize("name", ["scan-cache.json", "scan-cache.pickle"])
def test_a_crafted_pickle_in_the_cache_never_runs(
    make_tree: MakeTree, tmp_path: Path, name: str
) -> None:
    root = make_tree(TREE)
    marker = tmp_path / "pwned"
    (root / CACHE).mkdir()
    crafted = pickle.dumps(Payload(marker))
    (root / CACHE / name).write_bytes(crafted)
    git_repo(root)
    for command in COMMANDS:
        result = importmap(*command, cwd=root)
        assert result.returncode in (0, 1), (command, result.stderr)
        assert "Traceback" not in result.stderr, command
        assert not marker.exists(), f"{command} ran code from the cache"
    # The crafted file was ignored with one warning, then replaced by a cache of data.
    assert json.loads((root / CACHE / "scan-cache.json").read_bytes())["header"]["format"] > 0


def test_truncated_and_garbage_caches_are_ignored_with_one_warning(make_tree: MakeTree) -> None:
    root = make_tree(TREE)
    clean = importmap("check", "app", "--no-cache", cwd=root)
    first = importmap("check", "app", cwd=root)
    assert (first.returncode, first.stdout, first.stderr) == (1, clean.stdout, "")
    cache_file = root / CACHE / "scan-cache.json"
    original = cache_file.read_bytes()
    for damaged in (original[: len(original) // 2], b"\xff\xfe garbage", b"[]", b"{}", b"null"):
        cache_file.write_bytes(damaged)
        for outcome in (root / CACHE / "outcomes").iterdir():
            outcome.unlink()
        result = importmap("check", "app", cwd=root)
        assert (result.returncode, result.stdout) == (1, clean.stdout), damaged
        assert result.stderr.count("\n") == 1 and "ignoring" in result.stderr, damaged
        assert "Traceback" not in result.stderr


def test_entries_of_the_wrong_shape_are_misses(make_tree: MakeTree) -> None:
    root = make_tree(TREE)
    clean = importmap("analyze", "app", "--no-render", "--format", "json", "--no-cache", cwd=root)
    importmap("analyze", "app", "--no-render", "--format", "json", cwd=root)
    cache_file = root / CACHE / "scan-cache.json"
    document = json.loads(cache_file.read_bytes())
    hostile = [
        "not a list",
        [1, 2, True, {"a": 1}],
        [1, 2, True, [[[1, 2, "m", 0, [], "no-such-context", "import m", False, False]]]],
        [True, 2, True, []],
    ]
    for key, entry in zip(sorted(document["entries"]), hostile, strict=False):
        document["entries"][key] = entry
    cache_file.write_text(json.dumps(document))
    result = importmap("analyze", "app", "--no-render", "--format", "json", cwd=root)
    assert (result.returncode, result.stdout, result.stderr) == (0, clean.stdout, "")


def test_a_huge_cache_file_is_not_read(make_tree: MakeTree) -> None:
    root = make_tree(TREE)
    (root / CACHE).mkdir()
    with (root / CACHE / "scan-cache.json").open("wb") as handle:
        handle.truncate(1024**3)  # 1 GiB, sparse: costs no disk
    result = importmap("check", "app", cwd=root)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "larger than" in result.stderr and "Traceback" not in result.stderr


def test_a_cache_directory_that_is_a_symlink_is_not_used(
    make_tree: MakeTree, tmp_path: Path
) -> None:
    root = make_tree(TREE)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / CACHE).symlink_to(outside)
    result = importmap("check", "app", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "symlink" in result.stderr
    assert list(outside.iterdir()) == []


def test_symlinks_planted_inside_the_cache_are_never_followed(
    make_tree: MakeTree, tmp_path: Path
) -> None:
    root = make_tree(TREE)
    victims = tmp_path / "victims"
    victims.mkdir()
    precious = [victims / f"{'ab' * 16}{n:02d}.json" for n in range(12)]
    for n, path in enumerate(precious):
        path.write_text(json.dumps({"n": n}))
    secret = victims / "secret.json"
    secret.write_text('{"kind": "not yours"}')
    cache = root / CACHE
    cache.mkdir()
    # Dangling links where importmap writes its markers: written through, they would create
    # files outside the tree.
    (cache / ".gitignore").symlink_to(victims / "gitignore-target")
    (cache / "CACHEDIR.TAG").symlink_to(victims / "tag-target")
    # The scan cache's name pointing at a file outside.
    (cache / "scan-cache.json").symlink_to(secret)
    # The outcomes directory pointing at a directory of JSON files outside: pruning would
    # delete all but the newest 8.
    (cache / "outcomes").symlink_to(victims)
    before = {path.name: path.read_bytes() for path in victims.iterdir()}

    for options in ((), ("--select", "IMP001"), ("--select", "IMP001")):
        result = importmap("check", "app", *options, cwd=root)
        assert result.returncode == 1 and "Traceback" not in result.stderr
    importmap("heavy", "app", cwd=root)

    after = {path.name: path.read_bytes() for path in victims.iterdir()}
    assert after == before
    assert not (victims / "gitignore-target").exists()
    assert not (victims / "tag-target").exists()
    # The link at the cache's name was replaced by importmap's own file, never written through.
    assert not (cache / "scan-cache.json").is_symlink()
    assert (cache / "outcomes").is_symlink()


def test_pruning_deletes_only_files_importmap_wrote(make_tree: MakeTree, tmp_path: Path) -> None:
    root = make_tree(TREE)
    outcomes = root / CACHE / "outcomes"
    outcomes.mkdir(parents=True)
    theirs = [outcomes / "notes.json", outcomes / "README", outcomes / f"{'cd' * 16}.json.bak"]
    for path in theirs:
        path.write_text("kept")
    outside = tmp_path / "outside.json"
    outside.write_text("kept")
    link = outcomes / f"{'ef' * 32}.json"
    link.symlink_to(outside)
    # Twelve option sets: twelve outcomes, of which the newest eight are kept.
    for n in range(12):
        importmap("check", "app", "--fail-under", str(n), cwd=root)
    ours = [p for p in outcomes.glob("*.json") if not p.is_symlink() and p.name != "notes.json"]
    assert len(ours) == 8
    assert all(path.read_text() == "kept" for path in theirs)
    assert link.is_symlink() and outside.read_text() == "kept"
