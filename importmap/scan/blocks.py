"""Parse only the blocks that decide where a file's imports run, not the whole file.

grimp's scanner gives the first line of every import statement. An import at column 0 runs at
module level, and its own lines are enough to read it. An indented import runs inside blocks, and
which blocks decides its context. Everything inside a function is deferred whatever surrounds the
function, so the innermost enclosing `def` is enough; with no `def` around it, the whole top-level
statement is. Those pieces, dedented, make one small module that is parsed once.

The pieces are found from indentation alone, so a multi-line string or bracket at a lower
indentation can mislead the search. The result is used only when the small module parses, each
piece holds whole statements (none starts in one piece and ends in another), and it shows an
import on exactly the located lines; otherwise the caller parses the whole file. A line between a
piece's start and its import that hides a triple quote behind `#` or among other quotes is not
trusted either: that is how a string's end could pass for a comment in the piece.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from importmap.scan.collect import DYNAMIC_HINTS, RawImport, collect_imports
from importmap.scan.source import parse

# Python ends lines at \n, \r\n and \r only; str.splitlines also splits at \f, \v and others,
# which would shift every line number after a form feed.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_DEF = re.compile(r"(?:async[ \t]+)?def[ \t]")
# Clauses that continue a compound statement at its own indentation.
_CLAUSE = re.compile(r"(?:else|elif|except|finally)\b")
_CLOSERS = (")", "]", "}")


@dataclass(frozen=True)
class _Piece:
    start: int  # 0-based index of the first line
    end: int  # index one past the last line
    dedent: int  # leading characters removed from each line


def physical_lines(text: str) -> list[str]:
    # str.split is several times faster than the pattern, and right whenever there is no \r.
    return _LINE_BREAK.split(text) if "\r" in text else text.split("\n")


def imports_from_blocks(text: str, import_lines: Iterable[int]) -> list[RawImport] | None:
    """The imports on the 1-based `import_lines`, read from their blocks; None if unsure.

    Literal `import_module(...)`/`__import__(...)` calls, which grimp does not report, are read
    from the blocks of every line that mentions them.
    """
    lines = physical_lines(text)
    located = set(import_lines)
    mentions = _dynamic_mentions(text, lines)
    pieces = _pieces(lines, sorted(located | mentions))
    if pieces is None:
        return None
    kept: list[str] = []
    # Per line of the small module: its line in the file, the dedent, and which piece it is in.
    origin: list[tuple[int, int, int]] = []
    for number, piece in enumerate(pieces):
        for index in range(piece.start, piece.end):
            kept.append(_dedented(lines[index], piece.dedent))
            origin.append((index + 1, piece.dedent, number))
    tree, source, _ = parse("\n".join(kept))
    if tree is None or not _whole_statements(tree, origin, len(pieces)):
        return None
    found = []
    for raw in collect_imports(tree, source.text, source.lazy_positions):
        line, dedent, _ = origin[raw.line - 1]
        found.append(replace(raw, line=line, column=raw.column + dedent))
    if {raw.line for raw in found if not raw.dynamic} != located:
        return None
    return found


def _dynamic_mentions(text: str, lines: list[str]) -> set[int]:
    if not any(hint in text for hint in DYNAMIC_HINTS):
        return set()
    return {
        number
        for number, line in enumerate(lines, start=1)
        if any(hint in line for hint in DYNAMIC_HINTS)
    }


def _whole_statements(tree: ast.Module, origin: list[tuple[int, int, int]], pieces: int) -> bool:
    """Whether every piece starts a statement and no statement runs from one piece into another."""
    started: set[int] = set()
    for statement in tree.body:
        first = min([statement.lineno, *(d.lineno for d in _decorators(statement))])
        last = statement.end_lineno or statement.lineno
        piece = origin[first - 1][2]
        if origin[last - 1][2] != piece:
            return False
        if first == 1 or origin[first - 2][2] != piece:
            started.add(piece)
    return len(started) == pieces


def _decorators(statement: ast.stmt) -> list[ast.expr]:
    return list(getattr(statement, "decorator_list", []))


def _pieces(lines: list[str], located: list[int]) -> list[_Piece] | None:
    pieces: list[_Piece] = []
    for number in located:
        index = number - 1
        if index >= len(lines):
            return None
        if pieces and pieces[-1].start <= index < pieces[-1].end:
            continue
        piece = _enclosing_piece(lines, index)
        if piece is None:
            return None
        # A top-level statement found for a later import holds the pieces found inside it.
        while pieces and pieces[-1].start >= piece.start:
            pieces.pop()
        if pieces and pieces[-1].end > piece.start:
            return None
        if any(_hides_quotes(line) for line in lines[piece.start : index]):
            return None
        pieces.append(piece)
    return pieces


def _enclosing_piece(lines: list[str], index: int) -> _Piece | None:
    """The innermost `def` holding line `index`, else the top-level statement holding it."""
    level = _indent(lines[index])
    if level == 0:
        return _top_level_piece(lines, index, index)
    after_closer = False
    for above in range(index - 1, -1, -1):
        text = lines[above]
        stripped = text.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(text) - len(stripped)
        if indent > level or (indent == level and not after_closer):
            continue
        # A line opening with `)` ends a header that started higher up at this indentation.
        after_closer = stripped.startswith(_CLOSERS)
        level = indent
        if after_closer:
            continue
        if _DEF.match(stripped):
            return _Piece(above, _block_end(lines, index, indent), indent)
        if indent == 0:
            return _top_level_piece(lines, above, index)
    return None


def _top_level_piece(lines: list[str], header: int, inside: int) -> _Piece | None:
    start: int | None = header
    while start is not None and (_CLAUSE.match(lines[start]) or lines[start].startswith(_CLOSERS)):
        start = _previous_statement(lines, start)
    return None if start is None else _Piece(start, _block_end(lines, inside, 0), 0)


def _previous_statement(lines: list[str], index: int) -> int | None:
    for above in range(index - 1, -1, -1):
        text = lines[above]
        if text[:1] not in ("", " ", "\t", "\f", "#"):
            return above
    return None


def _block_end(lines: list[str], inside: int, indent: int) -> int:
    """One past the last line of the block at `indent` that holds line `inside`."""
    for below in range(inside + 1, len(lines)):
        text = lines[below]
        stripped = text.lstrip()
        if not stripped or stripped.startswith("#") or stripped.startswith(_CLOSERS):
            continue
        if len(text) - len(stripped) > indent:
            continue
        if indent == 0 and _CLAUSE.match(stripped):
            continue
        return below
    return len(lines)


def _hides_quotes(line: str) -> bool:
    if '"""' not in line and "'''" not in line:
        return False
    return "#" in line or ('"' in line and "'" in line)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _dedented(line: str, dedent: int) -> str:
    if not dedent:
        return line
    head = line[:dedent]
    keep = len(head) - len(head.lstrip())
    return line[keep:]
