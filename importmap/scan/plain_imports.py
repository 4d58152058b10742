"""Read a plain one-line import at column 0 without Python's parser.

Most import statements are one ASCII line at module level: `import a.b as c, d` or
`from ..a import b as c, d` (or `*`), maybe followed by a comment. Such a line, once grimp has said
it starts an import statement, needs no parse: its records follow from the text. Anything else
(brackets, `\\`, `;`, `lazy`, a `TYPE_CHECKING` alias that later blocks must know, non-ASCII names
that Python would normalise) returns None and goes to the parser. The records are exactly those
`collect_imports` gives for the same line (tests/unit/scan/test_plain_imports.py).
"""

from __future__ import annotations

import re

from importmap.domain import Context
from importmap.scan.collect import RawImport

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


def read_plain_import(line: str, number: int) -> list[RawImport] | None:
    """The records of the import statement that is the whole of `line`, or None if unsure."""
    if not line.isascii() or "TYPE_CHECKING" in line:
        return None
    if line.startswith("from"):
        return _from_records(line, number)
    if line.startswith("import"):
        return _import_records(line, number)
    return None


def _from_records(line: str, number: int) -> list[RawImport] | None:
    match = _PLAIN_FROM.fullmatch(line)
    if match is None:
        return None
    names = _names(match.group("names"))
    module = match.group("module") or ""
    level = len(match.group("dots"))
    statement = match.group("statement")
    return [
        RawImport(number, 1, module, level, names, Context.MODULE, statement, True, False)
    ]


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
    return tuple(alias.split(None, 1)[0] for alias in _SEPARATOR.split(listed))
