"""The grimp-located fast path gives exactly the records the full AST scan gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from importmap.scan.imports_only.blocks import imports_from_blocks
from importmap.scan.imports_only.locate import SourceFile, locate_import_lines, locate_in_turn
from importmap.scan.scanner import scan_bytes

LONG_NAMES = ",\n".join(f"    name{i}" for i in range(150))

SOURCES = {
    "pkg": "from pkg import mod\nimport os, sys; import json\n",
    "pkg.mod": f"from pkg.sub import (\n{LONG_NAMES},\n)\nfrom pkg import \\\n    sub\n",
    "pkg.sub": "lazy import pkg.mod\nlazy from pkg import mod as m2\nif X: import collections\n",
    "pkg.blank_first": "\n\nimport os\nimport sys\n",
    "pkg.indented": "def f():\n    import os\n",
    "pkg.klass": "class A:\n    import os\n",
    "pkg.dynamic": "import importlib\nm = importlib.import_module('pkg.mod')\n",
    "pkg.broken": "import os\ndef f(:\n",
}
PACKAGES = {"pkg", "pkg.sub"}


@pytest.fixture
def sources(tmp_path: Path) -> list[SourceFile]:
    result = []
    for module, text in SOURCES.items():
        relative = module.replace(".", "/") + ("/__init__.py" if module in PACKAGES else ".py")
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        result.append(SourceFile(module, str(path), module in PACKAGES))
    return result


def test_located_lines_cover_every_import_of_files_that_parse(sources: list[SourceFile]) -> None:
    located = locate_import_lines(sources)
    assert located is not None
    assert "pkg.broken" not in located
    for module, text in SOURCES.items():
        if module == "pkg.broken":
            continue
        expected = {r.line for r in scan_bytes(text.encode()).imports if not r.dynamic}
        assert located[module] == expected, module


def test_blocks_at_located_lines_give_what_the_full_scan_gives(sources: list[SourceFile]) -> None:
    located = locate_import_lines(sources)
    assert located is not None
    for module, text in SOURCES.items():
        if module not in located:
            continue
        fast = imports_from_blocks(text, located[module])
        assert fast == list(scan_bytes(text.encode()).imports), module


def test_a_file_grimp_cannot_decode_leaves_the_others_located(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_bytes(b"import os\n")
    (package / "latin.py").write_bytes(b"# -*- coding: latin-1 -*-\nimport sys\nx = '\xe9'\n")
    (package / "broken.py").write_bytes(b"import json\nx = '\xff\xfe'\n")
    sources = [
        SourceFile("pkg", str(package / "__init__.py"), True),
        SourceFile("pkg.latin", str(package / "latin.py"), False),
        SourceFile("pkg.broken", str(package / "broken.py"), False),
    ]
    assert locate_import_lines(sources) == {"pkg": {1}, "pkg.latin": {2}}


def test_slices_located_in_turn_give_what_one_call_gives(tmp_path: Path) -> None:
    """Enough files for several slices, with files grimp cannot read in two of them: each slice
    is answered in order, and together they give the lines one call gives."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("from pkg import m0\n", encoding="utf-8")
    sources = [SourceFile("pkg", str(package / "__init__.py"), True)]
    for number in range(600):
        text = f"import os\nfrom pkg import m{(number + 1) % 600}\ndef f():\n    import json\n"
        if number in (5, 450):
            text += "def broken(:\n"
        path = package / f"m{number}.py"
        path.write_text(text, encoding="utf-8")
        sources.append(SourceFile(f"pkg.m{number}", str(path), False))
    in_turn = list(locate_in_turn(sources))
    assert len(in_turn) > 2
    assert [source for piece, _ in in_turn for source in piece] == sources
    merged: dict[str, frozenset[int]] = {}
    for piece, located in in_turn:
        assert located is not None
        assert set(located) <= {source.module for source in piece}
        merged.update(located)
    whole = locate_import_lines(sources)
    assert merged == whole
    assert "pkg.m5" not in merged and "pkg.m450" not in merged
    assert merged["pkg.m7"] == {1, 2, 4}
