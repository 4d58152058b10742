"""`CallIndex` reads every call of the text in one pass; it must answer as reading each name on
each line, with each line's enclosing headers read upwards, did (the reference below, the
implementation it replaced), on real files: the standard library's."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

from importmap.scan.called_text import CallIndex, enclosing_def
from importmap.scan.lexer import physical_lines

_DEF_NAME = re.compile(r"(?:async[ \t]+)?def[ \t]+(\w+)")
_NAMES = re.compile(r"(?<![\w.])([A-Za-z_]\w*)\(")


def _reference(text: str, names: set[str]) -> tuple[set[str], set[str], set[int]]:
    wanted = {name for name in names if f"{name}(" in text}
    if not wanted:
        return set(), set(), set()
    lines = physical_lines(text)
    at_import: set[str] = set()
    in_bodies: set[str] = set()
    at_lines: set[int] = set()
    for index, line in enumerate(lines):
        for name in wanted:
            if f"{name}(" not in line or f"def {name}(" in line or not _calls(line, name):
                continue
            if _at_import_time(lines, index):
                at_import.add(name)
                at_lines.add(index)
            else:
                holder = enclosing_def(lines, index)
                if holder is not None:
                    in_bodies.add(holder)
    return at_import, in_bodies, at_lines


def _calls(line: str, name: str) -> bool:
    written = f"{name}("
    position = line.find(written)
    while position >= 0:
        before = line[position - 1] if position else " "
        if not (before.isalnum() or before == "_"):
            return True
        position = line.find(written, position + 1)
    return False


def _at_import_time(lines: list[str], index: int) -> bool:
    line = lines[index]
    level = len(line) - len(line.lstrip())
    for above in range(index - 1, -1, -1):
        if level == 0:
            return True
        text = lines[above]
        stripped = text.lstrip()
        if not stripped or stripped[0] in "#)]}":
            continue
        indent = len(text) - len(stripped)
        if indent >= level:
            continue
        if _DEF_NAME.match(stripped):
            return False
        level = indent
    return True


def _stdlib_files() -> list[Path]:
    library = Path(sys.modules["os"].__file__ or "").parent
    files = sorted(library.glob("*.py")) + sorted(library.glob("*/*.py"))
    return random.Random(3).sample(files, 40)


@pytest.mark.parametrize("path", _stdlib_files(), ids=lambda path: path.name)
def test_one_pass_answers_as_the_line_by_line_reading(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    called = sorted(set(_NAMES.findall(text)))
    chooser = random.Random(path.name)
    for size in (1, 5, 40, len(called)):
        names = set(chooser.sample(called, min(size, len(called))))
        # Names a file does not call, and prefixes of ones it does: `setup` in `_setup(`.
        names |= {"no_such_function", *(name[1:] for name in list(names)[:5] if len(name) > 1)}
        assert CallIndex(text).where_named(names) == _reference(text, names)


def test_hand_written_cases() -> None:
    text = (
        "import x\n"
        "app = create_app()\n"
        "_setup()\n"
        "def setup(a=make()):\n"
        "    helper()\n"
        "    if y:\n"
        "        create_app(\n"
        "            1)\n"
        "class C:\n"
        "    value = helper()\n"
        "    def m(self):\n"
        "        make()\n"
        "x = (\n"
        ")\n"
        "    # a comment\n"
        "async def run():\n"
        "    return create_app()\n"
    )
    names = {"create_app", "helper", "make", "setup"}
    index = CallIndex(text)
    assert index.where_named(names) == _reference(text, names)
    assert index.where_named(names) == (
        {"create_app", "helper", "make"},
        {"setup", "run"},
        {1, 3, 9},
    )
