"""ruff's verdicts kept per file content: the real ruff runs only on what changed, and the
verdicts equal those of a run on every file."""

from __future__ import annotations

import os
from pathlib import Path

from importmap.adapters.ruff_sorter import RuffSorter
from importmap.trend.lint_memo import LintMemo

CODES = ("F401", "I001")


def test_only_changed_files_are_linted_again(tmp_path: Path) -> None:
    root = Path(os.path.realpath(tmp_path))
    a, b, c = root / "a.py", root / "b.py", root / "c.py"
    a.write_text("import sys\nimport os\n\nprint(os)\n", encoding="utf-8")
    b.write_text("import os\n\nprint(os)\n", encoding="utf-8")
    c.write_text("import json\n", encoding="utf-8")
    ruff = RuffSorter()
    memo = LintMemo(ruff)
    keys = {str(a): "a1", str(b): "b1", str(c): "c1"}
    memo.move_to(keys, "layout")
    first = memo.lint([a, b, c], CODES)
    assert first == ruff.lint([a, b, c], CODES)
    assert memo.linted == 3
    assert [(d.path.name, d.code) for d in first.diagnostics] == [
        ("a.py", "F401"),
        ("c.py", "F401"),
    ]
    assert [block.path.name for block in first.unsorted] == ["a.py"]

    # b changes (now unsorted, with an unused import); a and c keep their blobs.
    b.write_text("import sys\nimport json\n\nprint(sys)\n", encoding="utf-8")
    memo.move_to({**keys, str(b): "b2"}, "layout")
    second = memo.lint([a, b, c], CODES)
    assert memo.linted == 4
    assert second == ruff.lint([a, b, c], CODES)
    assert sorted(block.path.name for block in second.unsorted) == ["a.py", "b.py"]

    # The same blobs in another layout (a package appeared): everything is linted again.
    memo.move_to({**keys, str(b): "b2"}, "another layout")
    assert memo.lint([a, b, c], CODES) == second
    assert memo.linted == 7
