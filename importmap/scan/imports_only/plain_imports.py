"""Read a plain import at column 0 without Python's parser.

Most import statements are one ASCII line at module level: `import a.b as c, d` or
`from ..a import b as c, d` (or `*`), maybe followed by a comment; most of the rest list their names
in brackets, one or several per line, over as many lines as they need. Such a statement, once grimp
has said where it starts, needs no parse: its records follow from the text. Anything else (`\\`,
`;`, `lazy`, a `TYPE_CHECKING` alias that later blocks must know, non-ASCII names that Python
would normalise, a quote) returns None and goes to the parser. The caller declines a line that
continues the one above (which ends with `\\`): it belongs to the statement started there. The
records are exactly those `collect_imports` gives for the same line
(tests/unit/scan/test_plain_imports.py).
"""

from __future__ import annotations

import re

from importmap.domain import Context
from importmap.scan.lexer import code_before_comment, holds_quote
from importmap.scan.whole_file.collect import RawImport, one_line

_NAME = r"[A-Za-z_]\w*"
_ALIAS = rf"{_NAME}(?:[ \t]+as[ \t]+{_NAME})?"
_DOTTED_ALIAS = rf"{_NAME}(?:\.{_NAME})*(?:[ \t]+as[ \t]+{_NAME})?"
_TAIL = r"[ \t]*(?:#.*)?"
_PLAIN_FROM = re.compile(
    rf"(?P<statement>from[ \t]+(?P<dots>\.*)[ \t]*(?P<module>{_NAME}(?:\.{_NAME})*)?"
    rf"[ \t]+import[ \t]+(?P<names>\*|{_ALIAS}(?:[ \t]*,[ \t]*{_ALIAS})*)){_TAIL}"
)
_PLAIN_IMPORT = re.compile(
    rf"(?P<statement>import[ \t]+(?P<names>{_DOTTED_ALIAS}(?:[ \t]*,[ \t]*{_DOTTED_ALIAS})*))"
    rf"{_TAIL}"
)
_SEPARATOR = re.compile(r"[ \t]*,[ \t]*")
_OPEN_FROM = re.compile(
    rf"from[ \t]+(?P<dots>\.*)[ \t]*(?P<module>{_NAME}(?:\.{_NAME})*)?[ \t]+import[ \t]*\("
)
_LISTED = re.compile(rf"[ \t]*(?P<names>{_ALIAS}(?:[ \t]*,[ \t]*{_ALIAS})*)[ \t]*,?[ \t]*")
# What a line inside the brackets may hold before its comment: names, commas, blanks, the `)`.
_INSIDE = re.compile(r"[\w \t,]*\)?[ \t]*")


def read_plain_import(line: str, number: int) -> list[RawImport] | None:
    """The records of the import statement that is the whole of `line`, or None if unsure."""
    if not _may_read(line):
        return None
    if line.startswith("from"):
        return _from_records(line, number)
    if line.startswith("import"):
        return _import_records(line, number)
    return None


def _may_read(line: str) -> bool:
    """Whether the line can be read as text at all.

    A quote is never part of an import statement, but it can mean the line starts inside a
    string that closes on it, before the import grimp found further along: the text of a
    bracketed import, a comment holding three quotes, then `; from y import (z,`.
    """
    return line.isascii() and "TYPE_CHECKING" not in line and not holds_quote(line)


def read_bracketed_import(
    lines: list[str], index: int, indent: int = 0
) -> tuple[list[RawImport], int] | None:
    """The records of `from m import (...)` starting at column `indent` on `lines[index]` (its
    column-1 records: the caller places them), and the index of its last line; None if unsure."""
    first = lines[index][indent:]
    opened = _OPEN_FROM.match(first)
    if opened is None or not _may_read(first):
        return None
    codes = [code_before_comment(first[opened.end() :])]
    last = index
    while ")" not in codes[-1]:
        last += 1
        # Stops at the first line that cannot be inside the brackets: linear in the file.
        if last == len(lines) or not _INSIDE.fullmatch(code := code_before_comment(lines[last])):
            return None
        if not lines[last].isascii() or "TYPE_CHECKING" in lines[last]:
            return None
        codes.append(code)
    listed, _, after = codes[-1].partition(")")
    if after.strip(" \t"):
        return None  # `; import x` after the brackets
    names = _LISTED.fullmatch(" ".join([*codes[:-1], listed]))
    if names is None:
        return None
    if last == index:
        statement = first[: opened.end() + len(listed) + 1]
    else:
        statement = one_line([code_before_comment(first), *codes[1:-1], f"{listed})"])
    record = RawImport(
        index + 1,
        1,
        opened.group("module") or "",
        len(opened.group("dots")),
        _names(names.group("names")),
        Context.MODULE,
        statement,
        True,
        False,
    )
    return [record], last


def _from_records(line: str, number: int) -> list[RawImport] | None:
    match = _PLAIN_FROM.fullmatch(line)
    if match is None:
        return None
    names = _names(match.group("names"))
    module = match.group("module") or ""
    level = len(match.group("dots"))
    statement = match.group("statement")
    return [RawImport(number, 1, module, level, names, Context.MODULE, statement, True, False)]


def _import_records(line: str, number: int) -> list[RawImport] | None:
    match = _PLAIN_IMPORT.fullmatch(line)
    if match is None:
        return None
    statement = match.group("statement")
    return [
        RawImport(number, 1, name, 0, (), Context.MODULE, statement, False, False)
        for name in _names(match.group("names"))
    ]


def _names(listed: str) -> tuple[str, ...]:
    # `b as c` -> `b`. Keywords in name places need no check: grimp located this statement in a
    # file its parser accepted.
    if "\t" not in listed and " as " not in listed:
        # Most lists: names, commas and spaces only (a third of the time spent reading here).
        return tuple(listed.replace(" ", "").split(","))
    return tuple(alias.split(None, 1)[0] for alias in _SEPARATOR.split(listed))
