"""noqa comments read line by line agree with the tokenizer, or the tokenizer is asked."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import importmap
from importmap.scan import noqa
from importmap.scan.fact_walk import collect_facts
from importmap.scan.noqa import noqa_lines

_REPOSITORY = Path(importmap.__file__).resolve().parent.parent


def _through_the_walk(text: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """What the scanner records: the walk hands over where strings span lines."""
    return collect_facts(ast.parse(text), text).noqa


@pytest.mark.parametrize(
    "text",
    [
        "import a  # noqa\nimport b  # NOQA: F401, IMP106\nimport c  # no qa\n",
        'x = "# noqa"  # other\n',
        "x = 'a\\'#'  # noqa: IMP105\n",
        'x = """# noqa"""  # noqa: F401\n',
        'def f():\n    """Say\n    # noqa: F401\n    """\n    import a  # noqa\n',
        'x = ("a"  # noqa: F401\n     "b")\n',
        "x = f'{y}#'  # noqa: IMP105\n",
        "x = rb'\\'#'  # noqa\n",
        "import a  # noqa\r\nimport b  # noqa: F401\r\n",
        "import a  # noqa\rimport b  # noqa: F401\r",
        "x = 1  #\nnoqa = 2  # noqa: F401\n",
        "x = 1  # noqa # noqa: F401\n",
        "x = 1\n",
        "# a comment about noqa\nx = 1\n",
    ],
)
def test_lines_read_alone_agree_with_the_tokenizer(text: str) -> None:
    assert _through_the_walk(text) == noqa_lines(text)


def test_codes_are_read_and_upper_cased() -> None:
    text = "import a  # noqa\nimport b  # noqa: f401,imp106\nx = '# noqa'\n"
    assert _through_the_walk(text) == ((1, ()), (2, ("F401", "IMP106")))


def test_plain_lines_are_read_without_the_tokenizer(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_tokenizer(*_: object) -> None:
        raise AssertionError("tokenized")

    monkeypatch.setattr(noqa.tokenize, "generate_tokens", no_tokenizer)
    text = 'import a  # noqa\nx = "q # noqa"  # noqa: F401\ny = """one line"""  # noqa\n'
    assert _through_the_walk(text) == ((1, ()), (2, ("F401",)), (3, ()))


@pytest.mark.parametrize(
    "text",
    [
        'HELP = """\nimport a  # noqa\n"""\n',
        'x = ("a"  # noqa: F401\n     "b")\n',
        "import a  # noqa\rimport b\r",
    ],
)
def test_lines_strings_may_span_go_to_the_tokenizer(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokenized: list[str] = []
    real = noqa.tokenize.generate_tokens

    def counting(readline):  # type: ignore[no-untyped-def]
        tokenized.append(text)
        return real(readline)

    monkeypatch.setattr(noqa.tokenize, "generate_tokens", counting)
    assert _through_the_walk(text) == noqa_lines(text)
    assert len(tokenized) == 2


def test_every_file_of_this_repository_reads_the_same_either_way() -> None:
    checked = 0
    for path in sorted(_REPOSITORY.glob("*/**/*.py")):
        if any(part.startswith(".") for part in path.relative_to(_REPOSITORY).parts):
            continue
        text = path.read_text(encoding="utf-8")
        if "noqa" not in text.lower():
            continue
        assert _through_the_walk(text) == noqa_lines(text), path
        checked += 1
    assert checked > 10
