"""The scanner's walks: what each finds does not depend on the shortcuts they take."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import importmap
from importmap.domain import Context
from importmap.scan.scanner import scan_file
from importmap.scan.whole_file.collect import collect_imports, collect_imports_and_bindings
from importmap.scan.whole_file.fact_walk import walk_facts
from importmap.scan.whole_file.heavy_facts import heavy_bindings

_REPOSITORY = Path(importmap.__file__).resolve().parent.parent


def _repository_files() -> list[Path]:
    return [
        path
        for path in sorted(_REPOSITORY.glob("*/**/*.py"))
        if not any(part.startswith(".") for part in path.relative_to(_REPOSITORY).parts)
    ]


def _dynamic(text: str) -> list[tuple[int, str, Context]]:
    found = collect_imports(ast.parse(text), text)
    return [(raw.line, raw.module, raw.context) for raw in found if raw.dynamic]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The decorator sits above the line the def starts at.
        (
            '@register(import_module("pkg.a"))\ndef f():\n    pass\n',
            [(1, "pkg.a", Context.MODULE)],
        ),
        (
            "x = call(\n    1,\n    importlib.import_module(\n        'pkg.b'\n    ),\n)\n",
            [(3, "pkg.b", Context.MODULE)],
        ),
        ("a = 1\rb = __import__('pkg.c')\r", [(2, "pkg.c", Context.MODULE)]),
        ("a = 1\r\nb = __import__('pkg.c')\r\n", [(2, "pkg.c", Context.MODULE)]),
        ("f = lambda: import_module('pkg.d')\n", [(1, "pkg.d", Context.FUNCTION)]),
        (
            "with open(x) as handle, ctx(import_module('pkg.e')):\n    pass\n",
            [(1, "pkg.e", Context.MODULE)],
        ),
        ("def f(x=import_module('pkg.f')):\n    pass\n", [(1, "pkg.f", Context.MODULE)]),
        ("x = 1  # import_module('not.code')\n", []),
    ],
)
def test_dynamic_imports_on_lines_naming_the_function(
    text: str, expected: list[tuple[int, str, Context]]
) -> None:
    assert _dynamic(text) == expected


def test_the_collector_finds_the_heavy_bindings_of_every_real_file() -> None:
    for path in _repository_files():
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        imports, bindings = collect_imports_and_bindings(tree, text)
        assert imports == collect_imports(tree, text), path
        assert sorted(bindings) == sorted(heavy_bindings(tree)), path
        assert walk_facts(tree, text, bindings) == walk_facts(tree, text), path


def test_the_walk_looks_for_words_the_text_spells_another_way() -> None:
    # Identifiers are NFKC-normalised: fullwidth letters spell `setdefault`.
    fullwidth = "".join(chr(ord(letter) + 0xFEE0) for letter in "setdefault")
    text = f"cache = {{}}\ncache.{fullwidth}('k', JobService())\n"
    calls = walk_facts(ast.parse(text), text).calls
    assert [(call.name, call.stored) for call in calls] == [("JobService", True)]


def test_what_the_text_never_mentions_is_not_looked_for(tmp_path: Path) -> None:
    path = tmp_path / "plain.py"
    path.write_text(
        "import functools\n"
        "__all__ = ['run']\n"
        "__all__ += ['stop']\n"
        "cache = {}\n"
        "def run():\n"
        "    return cache.setdefault('k', JobService())\n"
        "loader = importlib.util.LazyLoader(spec.loader)\n",
        encoding="utf-8",
    )
    facts = scan_file(path).facts
    assert facts is not None
    assert [(call.name, call.stored) for call in facts.calls] == [
        ("JobService", True),
        ("LazyLoader", False),
    ]
    assert facts.uses_lazy_loader
    path.write_text("import functools\n__all__ = ['run']\n", encoding="utf-8")
    facts = scan_file(path).facts
    assert facts is not None and facts.calls == () and not facts.uses_lazy_loader
    assert scan_file(path, with_facts=False).facts is None
