"""Trees that real repositories contain and that must neither crash, hang nor silently lose code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from importmap.errors import ImportmapError
from importmap.scan.codebase import scan_codebase
from importmap.scan.discovery import SkippedPath, discover
from importmap.scan.scanner import scan_file
from tests.conftest import MakeTree
from tests.functional.helpers import validate_report
from tests.hardening.cli import analyze_json, errors, importmap, internal_edges, module_names

# The entries of each list of the 10,000-module report that are validated against the schema.
SCHEMA_SAMPLE = 200
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def test_symlink_loop_and_links_out_of_the_tree(make_tree: MakeTree, tmp_path: Path) -> None:
    root = make_tree(
        {
            "pkg/__init__.py": "",
            "pkg/sub/__init__.py": "from pkg import core\n",
            "pkg/core.py": "import os\n",
            "outside/elsewhere.py": "import pkg.core\n",
            "outside/deep/__init__.py": "",
        }
    )
    (root / "pkg/sub/loop").symlink_to("..")  # a directory link back up: a loop
    (root / "pkg/outdir").symlink_to(root / "outside")  # a directory link out of the tree
    (root / "pkg/linked.py").symlink_to(root / "outside/elsewhere.py")  # a file link out
    report = analyze_json("pkg", cwd=root, timeout=60)
    # Directory links are never followed; a file link is the module at the link's place, as
    # Python would import it.
    assert module_names(report) == ["pkg", "pkg.core", "pkg.linked", "pkg.sub"]
    assert internal_edges(report) == {("pkg.linked", "pkg.core"), ("pkg.sub", "pkg.core")}
    assert errors(report) == []


def test_dangling_link_fifo_and_undecodable_names_are_skipped_not_fatal(
    make_tree: MakeTree,
) -> None:
    root = make_tree({"pkg/__init__.py": "", "pkg/good.py": "import pkg\n"})
    (root / "pkg/dangling.py").symlink_to("missing.py")
    os.mkfifo(root / "pkg/fifo.py")  # reading it would block forever
    os.mkdir(os.fsencode(root / "pkg") + b"/bad\xffdir")
    (Path(os.fsdecode(os.fsencode(root / "pkg") + b"/bad\xffdir")) / "__init__.py").touch()
    Path(os.fsdecode(os.fsencode(root / "pkg") + b"/bad\xff.py")).write_text("import os\n")
    report = analyze_json("pkg", cwd=root, timeout=60)
    assert module_names(report) == ["pkg", "pkg.good"]
    # Skipped paths are reported (and fail the gate as IMP900), never silently left out.
    assert errors(report) == [
        ("pkg/bad\ufffd.py", 0, "name is not valid in the file system's encoding"),
        ("pkg/bad\ufffddir", 0, "name is not valid in the file system's encoding"),
        ("pkg/dangling.py", 0, "symbolic link to a missing file"),
    ]

    skipped = discover([root / "pkg"]).skipped
    assert [
        (entry.path.name.encode("utf-8", "surrogateescape"), entry.reason) for entry in skipped
    ] == [
        (b"bad\xff.py", "name is not valid in the file system's encoding"),
        (b"bad\xffdir", "name is not valid in the file system's encoding"),
        (b"dangling.py", "symbolic link to a missing file"),
    ]


def test_unreadable_file_is_one_error_and_the_rest_is_analysed(make_tree: MakeTree) -> None:
    root = make_tree({"pkg/__init__.py": "", "pkg/good.py": "import pkg.bad\n"})
    # Even root cannot read /proc/self/mem through read(): a real unreadable regular file.
    (root / "pkg/bad.py").symlink_to("/proc/self/mem")
    report = analyze_json("pkg", cwd=root, timeout=60)
    assert module_names(report) == ["pkg", "pkg.bad", "pkg.good"]
    assert errors(report) == [("pkg/bad.py", 0, "cannot read: Input/output error")]
    assert internal_edges(report) == {("pkg.good", "pkg.bad")}


@pytest.mark.skipif(IS_ROOT, reason="root reads files whatever their mode")
def test_permission_denied_file_and_directory(make_tree: MakeTree) -> None:
    root = make_tree(
        {"pkg/__init__.py": "", "pkg/locked.py": "", "pkg/closed/__init__.py": "", "pkg/a.py": ""}
    )
    (root / "pkg/locked.py").chmod(0)
    (root / "pkg/closed").chmod(0)
    try:
        report = analyze_json("pkg", cwd=root, timeout=60)
        assert ("pkg/locked.py", 0, "cannot read: Permission denied") in errors(report)
        assert "pkg.a" in module_names(report)
        assert (
            SkippedPath(root / "pkg/closed", "cannot list: Permission denied")
            in discover([root / "pkg"]).skipped
        )
    finally:
        (root / "pkg/locked.py").chmod(0o644)
        (root / "pkg/closed").chmod(0o755)


def test_permission_denied_messages(make_tree: MakeTree, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root chmod 000 stops nothing, so the operating system's refusal is simulated."""
    root = make_tree({"pkg/__init__.py": "", "pkg/a.py": "", "pkg/closed/__init__.py": ""})
    real_scandir = os.scandir
    real_read_bytes = Path.read_bytes

    def scandir(path: Path):  # type: ignore[no-untyped-def]
        if Path(path).name == "closed":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def read_bytes(self: Path) -> bytes:
        if self.name == "a.py":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    real_stat = os.stat

    def stat(path: str, *args: object, **kwargs: object) -> os.stat_result:
        if Path(path).parent.name == "closed":
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    discovery = discover([root / "pkg"])
    assert discovery.skipped == (
        SkippedPath(root / "pkg/closed", "cannot list: Permission denied"),
    )
    assert [m.name for m in discovery.modules] == ["pkg", "pkg.a", "pkg.closed"]
    scan = scan_file(root / "pkg/a.py")
    assert scan.problem is not None
    assert (scan.problem.line, scan.problem.message) == (0, "cannot read: Permission denied")
    directory_scan = scan_file(root / "pkg/closed")
    assert directory_scan.problem is not None
    assert directory_scan.problem.message == "cannot read: Is a directory"


def test_file_that_vanishes_mid_run(make_tree: MakeTree) -> None:
    root = make_tree({f"pkg/m{i}.py": f"import pkg.m{(i + 1) % 5}\n" for i in range(5)})
    (root / "pkg/__init__.py").write_text("")

    def delete_a_later_file(done: int, total: int) -> None:
        if done == 2:
            (root / "pkg/m3.py").unlink()

    codebase = scan_codebase([root / "pkg"], base_dir=root, progress=delete_a_later_file)
    assert [(e.path, e.line, e.message) for e in codebase.errors] == [
        ("pkg/m3.py", 0, "cannot read: No such file or directory")
    ]
    assert [m.name for m in codebase.modules] == ["pkg", *(f"pkg.m{i}" for i in range(5))]
    edges = {(r.importer, r.imported) for r in codebase.imports}
    assert edges == {
        ("pkg.m0", "pkg.m1"),
        ("pkg.m1", "pkg.m2"),
        ("pkg.m2", "pkg.m3"),
        ("pkg.m4", "pkg.m0"),
    }


def test_module_and_package_of_the_same_name_resolve_as_python_does(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "src/pkg/__init__.py": "",
            "src/pkg/a.py": "import os\n",  # shadowed by the package pkg/a/
            "src/pkg/a/__init__.py": "import json\n",
            "src/pkg/user.py": "import pkg.a\nimport foo\n",
            "src/foo.py": "import sys\n",  # wins over the namespace directory foo/
            "src/foo/bar.py": "import pkg\n",
        }
    )
    report = analyze_json("src", cwd=root, timeout=60)
    assert module_names(report) == ["foo", "pkg", "pkg.a", "pkg.user"]
    paths = {module["name"]: module["path"] for module in report["modules"]}
    assert paths["pkg.a"] == "src/pkg/a/__init__.py"
    assert paths["foo"] == "src/foo.py"
    assert internal_edges(report) == {("pkg.user", "pkg.a"), ("pkg.user", "foo")}
    python = subprocess.run(
        [sys.executable, "-c", "import foo, pkg.a; print(foo.__file__); print(pkg.a.__file__)"],
        cwd=root / "src",
        capture_output=True,
        text=True,
        check=True,
    )
    assert python.stdout.splitlines() == [
        str(root / "src/foo.py"),
        str(root / "src/pkg/a/__init__.py"),
    ]


def test_init_py_that_is_a_directory(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "src/pkg/__init__.py": "",
            "src/pkg/odd/__init__.py/keep.txt": "",
            "src/pkg/odd/inner.py": "import pkg\n",
            "src/ns/__init__.py/keep.txt": "",
            "src/ns/mod.py": "import pkg\n",
            "src/pkg/weird.py/keep.txt": "",  # a directory named like a module
        }
    )
    report = analyze_json("src", cwd=root, timeout=60)
    # Not a regular package: a namespace portion, inside a package as at a source root
    # (Python imports pkg.odd.inner; tests/semantics/test_namespace_portions.py has it judge).
    assert module_names(report) == ["ns", "ns.mod", "pkg", "pkg.odd", "pkg.odd.inner"]
    assert internal_edges(report) == {("ns.mod", "pkg"), ("pkg.odd.inner", "pkg")}
    assert errors(report) == []


def test_ten_thousand_files_in_one_directory(tmp_path: Path) -> None:
    package = tmp_path / "big"
    package.mkdir()
    (package / "__init__.py").write_text("")
    count = 10_000
    for index in range(count):
        (package / f"m{index}.py").write_text(f"import big.m{(index + 1) % count}\n")
    # What a directory this big tests is discovery, scanning, the graph and the cycle search.
    # Without IMP001 and IMP003 the cycle is found but its entries are not simulated (each of the
    # 10,000 would be followed until the recursion limit: the next test shows that on a ring of
    # 300), and without IMP105 ruff is not run on 10,000 files to find each import unused.
    # 35 s -> 12 s -> 4 s of CPU: validating all 10,000 modules and imports against the schema
    # took 1.7 s; an entry's shape does not depend on how many there are, so the first of each
    # list are validated, and every other field of the report (the 10,000-module cycle included).
    result = importmap(
        "analyze", "big", "--no-render", "--format", "json", "--out", "out",
        "--ignore", "IMP001,IMP003,IMP105", cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    validate_report({key: cut(value) for key, value in report.items()})
    assert len(report["modules"]) == count + 1
    assert len(internal_edges(report)) == count
    assert [(len(c["modules"]), c["eager"]) for c in report["cycles"]] == [(count, True)]
    assert report["findings"] == []


def cut(value: object) -> object:
    """A list of the report cut to its first SCHEMA_SAMPLE entries; any other value as it is."""
    return value[:SCHEMA_SAMPLE] if isinstance(value, list) else value


def test_bad_files_are_one_error_each_and_the_rest_is_analysed(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "pkg/__init__.py": "",
            "pkg/good.py": "import pkg.other\n",
            "pkg/other.py": "def f():\n    import pkg.good\n",
            "pkg/syntax.py": "import pkg.good\ndef f(:\n",
            "pkg/encoding.py": b"# coding: no-such-codec\nimport pkg.good\n",
            "pkg/undecodable.py": b"import pkg.good\nx = '\xff'\n",
            "pkg/nulls.py": b"import pkg.good\n\x00\x00\n",
            "pkg/deep.py": "import pkg.good\nx = " + "(" * 300 + ")" * 300 + "\n",
            "pkg/junk.py": bytes(range(256)) * 64,
            "pkg/elifs.py": "import pkg.good\nif x: pass\n" + "elif x: pass\n" * 1500,
        }
    )
    report = analyze_json("pkg", cwd=root, timeout=60)
    found = {path: (line, message) for path, line, message in errors(report)}
    assert sorted(found) == [
        "pkg/deep.py",
        "pkg/encoding.py",
        "pkg/junk.py",
        "pkg/nulls.py",
        "pkg/syntax.py",
        "pkg/undecodable.py",
    ]
    assert found["pkg/syntax.py"] == (2, "syntax error: invalid syntax")
    assert found["pkg/encoding.py"] == (1, "bad encoding: unknown encoding: no-such-codec")
    assert found["pkg/undecodable.py"][0] == 2
    assert found["pkg/undecodable.py"][1].startswith("cannot decode as utf-8:")
    assert found["pkg/deep.py"] == (2, "syntax error: too many nested parentheses")
    assert found["pkg/nulls.py"][0] in (1, 2)
    # The imports of every broken file are still found; the rest is analysed in full.
    edges = internal_edges(report)
    for broken in ("syntax", "encoding", "undecodable", "nulls", "deep", "elifs"):
        assert (f"pkg.{broken}", "pkg.good") in edges, broken
    assert {("pkg.good", "pkg.other"), ("pkg.other", "pkg.good")} <= edges
    assert [(c["modules"], c["eager"]) for c in report["cycles"]] == [
        (["pkg.good", "pkg.other"], False)
    ]
    imp900 = sorted(f["path"] for f in report["findings"] if f["code"] == "IMP900")
    assert imp900 == sorted(found)


def test_unlistable_path_says_why_nothing_was_found(
    make_tree: MakeTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_tree({"src/mod.py": ""})
    real_scandir = os.scandir

    def scandir(path: Path):  # type: ignore[no-untyped-def]
        if Path(path).name == "src":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(ImportmapError) as raised:
        discover([root / "src"])
    assert str(raised.value) == (
        f"no Python modules found in {root / 'src'} ({root / 'src'}: cannot list: Permission denied)"
    )
