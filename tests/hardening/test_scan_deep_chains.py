"""A chain of 50,000 links (`x = 1+1+...`) used to kill the cycle gate inside grimp's scanner
(signal 11, no message). Now it is read without crashing, and reported as Python reports it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from importmap.scan.imports_only.locate import (
    SourceFile,
    _Scanner,
    chain_limit,
    locate_import_lines,
)
from tests.conftest import MakeTree
from tests.hardening.cli import importmap

# A cycle that raises whichever member comes first (IMP001 fails the gate).
CYCLE = {
    "pkg/__init__.py": "",
    "pkg/a.py": "from pkg.b import B\nA = 1\n",
    "pkg/b.py": "from pkg.a import A\nB = 1\n",
}
# grimp 3.15-3.17 crash at 32,619 links, 3.18-3.20 at 43,498 (benchmarks/scanner_depth.py).
TERMS = 50_000


def one_line_chain(terms: int) -> bytes:
    return b"import pkg.a\nx = " + b"+".join([b"1"] * terms) + b"\n"


def bracketed_chain(terms: int) -> bytes:
    """The same chain over one line per term, inside brackets: one statement, many lines."""
    return b"import pkg.a\nx = (\n" + b"\n+ ".join([b"1"] * terms) + b"\n)\n"


def python_rejects(root: Path, module: str) -> bool:
    """Whether `import module` fails in the running Python (the judge of what parses)."""
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode in (0, 1), result.stderr
    return result.returncode == 1


def assert_no_crash(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode >= 0, f"killed by signal {-result.returncode}"
    assert "Traceback" not in result.stderr
    assert "panicked" not in result.stderr


@pytest.mark.parametrize("shape", [one_line_chain, bracketed_chain])
def test_cycle_gate_survives_a_50000_term_expression(make_tree: MakeTree, shape: object) -> None:
    assert callable(shape)
    root = make_tree({**CYCLE, "pkg/deep.py": shape(TERMS)})
    result = importmap("check", "pkg", "--select", "IMP001", "--no-cache", cwd=root)
    assert_no_crash(result)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "pkg/a.py:1:1: IMP001 import-cycle" in result.stdout
    imp900 = "pkg/deep.py:1:1: IMP900 unparsable-file (fails the gate): too deeply nested to parse"
    if shape is one_line_chain:
        # Left to Python's parser, whose verdict is the one `import` gives.
        assert (imp900 in result.stdout) == python_rejects(root, "pkg.deep")
        if python_rejects(root, "pkg.deep"):
            assert "2 failing the gate (IMP001, IMP900)" in result.stdout
    else:
        # Read by grimp alone on a thread with the stack it needs: imports found, no finding.
        assert "IMP900" not in result.stdout


def test_the_whole_check_and_the_cycle_gate_agree_on_the_one_line_chain(
    make_tree: MakeTree,
) -> None:
    root = make_tree({**CYCLE, "pkg/deep.py": one_line_chain(TERMS)})
    gate = importmap("check", "pkg", "--select", "IMP001,IMP900", "--no-cache", cwd=root)
    whole = importmap("check", "pkg", "--select", "IMP001,IMP900,IMP105", "--no-cache", cwd=root)
    assert_no_crash(gate)
    assert_no_crash(whole)

    def unparsable(output: str) -> list[str]:
        return [line for line in output.splitlines() if "IMP900 unparsable" in line]

    assert unparsable(gate.stdout) == unparsable(whole.stdout)
    assert len(unparsable(gate.stdout)) == int(python_rejects(root, "pkg.deep"))


def test_unguarded_grimp_crashes_where_the_located_scan_does_not(tmp_path: Path) -> None:
    """The guard is needed: grimp's scanner on its own threads dies on this file (so this test
    fails when a grimp inside the pinned range stops crashing: update the measured constant)."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("import pkg.deep\n")
    (package / "deep.py").write_bytes(bracketed_chain(2 * 43_507))
    files = (
        "[SourceFile('pkg', 'pkg/__init__.py', True), SourceFile('pkg.deep', 'pkg/deep.py', False)]"
    )
    raw = f"from importmap.scan.imports_only.locate import SourceFile, _Scanner; print(_Scanner().scan({files}))"
    guarded = (
        "from importmap.scan.imports_only.locate import SourceFile, locate_import_lines; "
        f"print(sorted(locate_import_lines({files}).items()))"
    )
    # rayon's threads get their 2 MiB default, whatever this shell's RUST_MIN_STACK says.
    env = {name: value for name, value in os.environ.items() if name != "RUST_MIN_STACK"}
    crashed = subprocess.run(
        [sys.executable, "-c", raw],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert crashed.returncode < 0, crashed.stdout + crashed.stderr
    located = subprocess.run(
        [sys.executable, "-c", guarded], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert located.returncode == 0, located.stderr
    assert located.stdout == "[('pkg', frozenset({1})), ('pkg.deep', frozenset({1}))]\n"


def test_files_over_the_limit_are_located_alone_with_the_same_lines(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("import os\n")
    limit = chain_limit()
    texts = {
        "pkg.small": b"import os\nx = 1+1\n",
        # Over the limit when all its links are counted, though each statement is short.
        "pkg.many": b"import os\n" + b"x = a.b(c)[d] + e\n" * (limit // 3) + b"import sys\n",
        "pkg.lone_line": b"import os\nx = " + b"+".join([b"1"] * (limit + 10)) + b"\n",
    }
    sources = [SourceFile("pkg", str(package / "__init__.py"), True)]
    for module, text in texts.items():
        path = package / f"{module.rpartition('.')[2]}.py"
        path.write_bytes(text)
        sources.append(SourceFile(module, str(path), False))
    notices: list[str] = []
    located = locate_import_lines(sources, notices.append)
    assert notices == []
    assert located == {
        "pkg": {1},
        "pkg.small": {1},
        "pkg.many": {1, limit // 3 + 2},
        # A chain on one line goes to Python's parser: not located here.
    }
    # The same lines as grimp gives when nothing is at risk.
    assert _Scanner().scan(sources[:3]) == {
        key: located[key] for key in ("pkg", "pkg.small", "pkg.many")
    }


def test_chain_limit_follows_rusts_thread_stack() -> None:
    assert chain_limit({}) == 16_309
    assert chain_limit({"RUST_MIN_STACK": str(8 << 20)}) == 65_238
    assert chain_limit({"RUST_MIN_STACK": "262144"}) == 2_038
    assert chain_limit({"RUST_MIN_STACK": "lots"}) == 16_309
