"""The calls at import time parse a module with its function bodies cut and each body alone when
it is walked. The answers must be those of the whole parse: the same functions, bindings and
calls at import time, and for every function the same imports, calls and sure ones. The oracle
is the whole parse, on standard-library modules."""

from __future__ import annotations

import ast
import random
import sys
from pathlib import Path

import pytest

from importmap.domain import Module
from importmap.scan import called


def _stdlib_files() -> list[Path]:
    library = Path(sys.modules["os"].__file__ or "").parent
    files = sorted(library.glob("*.py")) + sorted(library.glob("*/*.py"))
    return random.Random(5).sample(files, 40)


def _both(text: str) -> tuple[called._Parsed, called._Parsed]:
    reader = called._Reader({"m": Module("m", "m.py", False)}, Path("/nowhere"))
    reader._texts["m"] = text
    cut = reader.read("m")
    assert cut is not None
    return cut, reader._parsed("m", ast.parse(text), text, cut=False)


def _answers(parsed: called._Parsed) -> object:
    functions = {
        name: (
            sorted(function.import_lines),
            [ast.dump(callee) for callee in function.calls],
            sorted(function.sure_import_lines),
            len(function.sure_calls),
        )
        for name in parsed.defs
        for function in [parsed.function(name)]
    }
    at_import = [
        (call.lineno, call.col_offset, sure)
        for call, sure in called._import_time_calls(parsed.tree.body, parsed.guards)
    ]
    return sorted(parsed.defs), parsed.bound, functions, at_import


@pytest.mark.parametrize("path", _stdlib_files(), ids=lambda path: path.name)
def test_the_cut_parse_answers_as_the_whole_parse(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    cut, whole = _both(text)
    assert _answers(cut) == _answers(whole)


def test_a_module_is_cut_and_a_function_parsed_alone_keeps_its_lines() -> None:
    text = (
        "import os\n\n\n"
        "@decorate(make())\n"
        "def create_app():\n"
        "    from app import views\n"
        "    return views.make()\n\n\n"
        "app = create_app()\n"
    )
    cut, whole = _both(text)
    assert cut.cut_spans == {"create_app": (4, 9)}
    assert whole.cut_spans is None
    assert cut.function("create_app").import_lines == {6}
    assert _answers(cut) == _answers(whole)
