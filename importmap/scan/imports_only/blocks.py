"""Parse only the blocks that decide where a file's imports run, not the whole file.

grimp's scanner gives the first line of every import statement. An import at column 0 runs at
module level, and its own lines are enough to read it. An indented import runs inside blocks, and
which blocks decides its context. Everything inside a function is deferred whatever surrounds the
function, so the innermost enclosing `def` is enough; with no `def` around it, the top-level
statement is. Only the lines from that header down to the end of the last import in it count (the
rest of the block cannot change where the import runs); when such a cut does not parse (a `try:`
cut before its `except`), the whole blocks are taken. The pieces, dedented, make one small module
that is parsed once.

The pieces are found from indentation alone, so a multi-line string or bracket at a lower
indentation can mislead the search. A header is used only when the lines from it down to the
import show that it begins in code, not inside a string (`string_state`). The result is used only
when the small module parses, each piece holds whole statements (none starts in one piece and
ends in another), and it shows an import on exactly the located lines; otherwise the caller
parses the whole file.

Most indented imports sit in a function and are one plain statement: once its `def` is found and
shown to begin in code, the import's own lines give its records, and nothing is parsed.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, replace

from importmap.domain import Context
from importmap.guards import guard_names
from importmap.scan.imports_only.plain_imports import read_bracketed_import, read_plain_import
from importmap.scan.imports_only.string_state import CodeStarts, lines_in_code
from importmap.scan.lexer import (
    CLAUSE,
    CLOSERS,
    DEF,
    continuation_end,
    continues_above,
    holds_quote,
    holds_triple_quote,
    joins_next,
    opens_with_string,
    physical_lines,
)
from importmap.scan.source import parse
from importmap.scan.whole_file.collect import DYNAMIC_HINTS, RawImport, collect_imports


@dataclass(frozen=True)
class _Piece:
    start: int  # 0-based index of the first line (the header)
    stop: int  # index one past the last line to parse
    dedent: int  # leading characters removed from each line


def imports_from_blocks(text: str, import_lines: Iterable[int]) -> list[RawImport] | None:
    """The imports on the 1-based `import_lines`, read from their blocks; None if unsure.

    Literal `import_module(...)`/`__import__(...)` calls, which grimp does not report, are read
    from the blocks of every line that mentions them.
    """
    lines = physical_lines(text)
    headers: _Headers | None = None
    plain: list[RawImport] = []
    plain_lines: set[int] = set()
    # Lines a statement starts on at their beginning: plain imports read at column 0.
    statement_starts: list[int] = []
    located: set[int] = set()
    # In file order, so that each search for a header can stop at the imports searched before.
    import_lines = sorted(import_lines)
    for number in import_lines:
        records, last = _read_plain(lines, number)
        if records is not None:
            statement_starts.append(number - 1)
        else:
            headers = headers or _Headers(lines, import_lines)
            records, last = _read_in_function(headers, number)
        if records is None:
            located.add(number)
        else:
            plain.extend(records)
            plain_lines.update(range(number, last + 1))
    # `from importlib import import_module` mentions the call but is read already.
    wanted = sorted(located | (_dynamic_mentions(text, lines) - plain_lines))
    if not wanted:
        return sorted(plain, key=_position)
    headers = headers or _Headers(lines, import_lines)
    for whole_blocks in (False, True):
        pieces = _pieces(headers, wanted, statement_starts, whole_blocks)
        found = (
            None
            if pieces is None
            else _read_pieces(lines, pieces, located, plain_lines, guard_names(text))
        )
        if found is not None:
            return sorted(plain + found, key=_position)
    return None


def _read_plain(lines: list[str], number: int) -> tuple[list[RawImport] | None, int]:
    """The records of a plain import on the 1-based line `number`, and its last line."""
    if number > len(lines) or continues_above(lines, number - 1):
        return None, number
    records = read_plain_import(lines[number - 1], number)
    if records is not None:
        return records, number
    bracketed = read_bracketed_import(lines, number - 1)
    if bracketed is None:
        return None, number
    return bracketed[0], bracketed[1] + 1


def _read_in_function(headers: _Headers, number: int) -> tuple[list[RawImport] | None, int]:
    """The records of a plain import on the 1-based line `number` inside a `def`, and its last
    line; None when the lines do not show that without a parse.

    Inside a function everything is deferred, whatever else surrounds it, so the innermost `def`
    found from indentation settles the context. No line inside brackets starts with `def` (a
    keyword), so the search is misled only by a line inside a string, and the header is used
    only when it is shown to begin in code.
    """
    lines = headers.lines
    index = number - 1
    if index >= len(lines) or continues_above(lines, index):
        return None, number
    line = lines[index]
    code = line.lstrip(" \t")
    dedent = len(line) - len(code)
    if not dedent:
        return None, number
    read = read_plain_import(code, number)
    last = number
    if read is None:
        bracketed = read_bracketed_import(lines, index, dedent)
        if bracketed is None:
            return None, number
        read, last = bracketed[0], bracketed[1] + 1
    header = headers.enclosing(index)
    if header is None or not header.is_def:
        return None, number
    if not headers.code_starts.begins_in_code(header.start):
        return None, number
    return [
        RawImport(
            raw.line,
            raw.column + dedent,
            raw.module,
            raw.level,
            raw.names,
            Context.FUNCTION,
            raw.statement,
            raw.is_from,
            raw.dynamic,
        )
        for raw in read
    ], last


def _position(raw: RawImport) -> tuple[int, int]:
    return (raw.line, raw.column)


def _read_pieces(
    lines: list[str],
    pieces: list[_Piece],
    located: set[int],
    read_already: set[int],
    guards: frozenset[str],
) -> list[RawImport] | None:
    """The imports in `pieces`: those on `located` lines, and the dynamic ones. A piece read for
    another line may also hold a function's import read from its text already (`read_already`):
    that record is kept once, from the text. `guards`: the whole file's names for TYPE_CHECKING
    (its alias may be bound in a piece not read)."""
    kept: list[str] = []
    # Per line of the small module: its line in the file, the dedent, and which piece it is in.
    origin: list[tuple[int, int, int]] = []
    for number, piece in enumerate(pieces):
        # A line that begins inside a string keeps its text: dedenting it would change the string.
        in_code = _lines_to_dedent(lines, piece)
        if in_code is None:
            return None
        for index, dedented in zip(range(piece.start, piece.stop), in_code, strict=True):
            kept.append(_dedented(lines[index], piece.dedent) if dedented else lines[index])
            origin.append((index + 1, piece.dedent if dedented else 0, number))
    tree, source, _ = parse("\n".join(kept))
    if tree is None or not _whole_statements(tree, origin, len(pieces)):
        return None
    found = []
    for raw in collect_imports(tree, source.text, source.lazy_positions, guards):
        line, dedent, _ = origin[raw.line - 1]
        if line in read_already and not raw.dynamic:
            continue
        # Built directly: dataclasses.replace costs more than the parse on files of plain imports.
        found.append(
            RawImport(
                line,
                raw.column + dedent,
                raw.module,
                raw.level,
                raw.names,
                raw.context,
                raw.statement,
                raw.is_from,
                raw.dynamic,
            )
        )
    if {raw.line for raw in found if not raw.dynamic} != located:
        return None
    return found


def _lines_to_dedent(lines: list[str], piece: _Piece) -> list[bool] | None:
    """Per line of `piece`, whether it is dedented: all of them, unless a string spans lines."""
    region = lines[piece.start : piece.stop]
    if not piece.dedent or not any(holds_triple_quote(line) or joins_next(line) for line in region):
        return [True] * len(region)
    return lines_in_code(lines, piece.start, piece.stop)


def _dynamic_mentions(text: str, lines: list[str]) -> set[int]:
    if not any(hint in text for hint in DYNAMIC_HINTS):
        return set()
    first, second = DYNAMIC_HINTS
    # Two `in` tests, not any() over a generator: transformers names import_module in hundreds
    # of files, thousands of lines each.
    return {number for number, line in enumerate(lines, start=1) if first in line or second in line}


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


def _pieces(
    headers: _Headers, wanted: list[int], statement_starts: list[int], whole_blocks: bool
) -> list[_Piece] | None:
    lines = headers.lines
    pieces: list[_Piece] = []
    for number in wanted:
        index = number - 1
        if index >= len(lines):
            return None
        if whole_blocks and pieces and pieces[-1].start <= index < pieces[-1].stop:
            continue
        header = headers.enclosing(index)
        if header is None:
            return None
        start, dedent = header.start, header.indent
        if not headers.code_starts.begins_in_code(start):
            return None
        # A line at column 0 may continue a bracket opened above (`z = f(` then `__import__(x)`):
        # no `def` can, but any other statement start is read from a known one above.
        if not header.is_def and not headers.code_starts.starts_statement(start, statement_starts):
            return None
        if whole_blocks:
            stop = _block_end(lines, index, dedent)
        else:
            stop = min(index + 1 + continuation_end(lines, index), len(lines))
        # A header above the previous pieces holds them; one inside the last piece is held by it.
        while pieces and pieces[-1].start >= start:
            stop = max(stop, pieces.pop().stop)
        if pieces and pieces[-1].stop > start:
            if whole_blocks:
                return None
            pieces[-1] = replace(pieces[-1], stop=max(stop, pieces[-1].stop))
            continue
        pieces.append(_Piece(start, stop, dedent))
    return pieces


@dataclass(frozen=True)
class _Header:
    start: int  # 0-based index of the header's first line
    indent: int
    # Found as the innermost `def` by the search itself, not as the top-level statement's start
    # (which may be a `def` reached through its clauses or closing bracket: not trusted as one).
    is_def: bool


class _Headers:
    """The enclosing headers of one file's lines, and whether each header begins in code."""

    def __init__(self, lines: list[str], import_lines: Iterable[int]) -> None:
        self.lines = lines
        self._found: dict[int, _Header | None] = {}
        # A line holding an import statement begins in code unless a string closes on it.
        known_code = (
            number - 1
            for number in import_lines
            if number <= len(lines) and not holds_quote(lines[number - 1])
        )
        self.code_starts = CodeStarts(lines, known_code)

    def enclosing(self, index: int) -> _Header | None:
        """The innermost `def` holding line `index`, else the top-level statement holding it."""
        if index not in self._found:
            self._found[index] = self._search(index)
        return self._found[index]

    def _search(self, index: int) -> _Header | None:
        lines = self.lines
        level = _indent(lines[index])
        if lines[index].find("\f", 0, level) >= 0:
            return None  # a form feed resets Python's count of the indentation
        if level == 0:
            return _top_level_header(lines, index)
        after_closer = False
        for above in range(index - 1, -1, -1):
            text = lines[above]
            stripped = text.lstrip()
            if not stripped or stripped.startswith("#"):
                continue
            indent = len(text) - len(stripped)
            if text.find("\f", 0, indent) >= 0:
                # A form feed resets Python's count of the indentation. (A tab counted as one
                # character compares as Python compares: mixing them where the width of a tab
                # would matter is a TabError.)
                return None
            if indent > level:
                continue
            if indent == level and not after_closer:
                # A line searched already from this very state: its answer is this one's.
                # (Without this, each of a block's many imports would search it all again.)
                if above in self._found:
                    return self._found[above]
                continue
            # A line opening with `)` ends a header that started higher up at this indentation.
            after_closer = stripped.startswith(CLOSERS)
            level = indent
            if after_closer:
                continue
            if DEF.match(stripped):
                return _Header(above, indent, is_def=True)
            if indent == 0:
                return _top_level_header(lines, above)
        return None


def _top_level_header(lines: list[str], index: int) -> _Header | None:
    start = _top_level_start(lines, index)
    return None if start is None else _Header(start[0], 0, is_def=False)


def _top_level_start(lines: list[str], header: int) -> tuple[int, int] | None:
    start: int | None = header
    while start is not None and (CLAUSE.match(lines[start]) or lines[start].startswith(CLOSERS)):
        start = _previous_statement(lines, start)
    # A statement that opens with a string holds no block: such a line ends a multi-line string.
    # A line that holds a triple quote may start inside a string that ends on it; one that
    # continues the line above (`if TYPE_CHECKING: \\`) belongs to the statement there.
    if start is None or opens_with_string(lines[start]) or continues_above(lines, start):
        return None
    if holds_triple_quote(lines[start]):
        return None
    return start, 0


def _previous_statement(lines: list[str], index: int) -> int | None:
    """The nearest line above `index` starting a statement at column 0; None if unsure."""
    for above in range(index - 1, -1, -1):
        text = lines[above]
        if text[:1] not in ("", " ", "\t", "\f", "#"):
            return above
        stripped = text.lstrip()
        if stripped and stripped[0] != "#" and "\f" in text[: len(text) - len(stripped)]:
            return None  # a form feed resets the column: this line may start at column 0
    return None


def _block_end(lines: list[str], inside: int, indent: int) -> int:
    """One past the last line of the block at `indent` that holds line `inside`."""
    for below in range(inside + 1, len(lines)):
        text = lines[below]
        stripped = text.lstrip()
        if not stripped or stripped.startswith("#") or stripped.startswith(CLOSERS):
            continue
        if len(text) - len(stripped) > indent:
            continue
        if indent == 0 and CLAUSE.match(stripped):
            continue
        return below
    return len(lines)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _dedented(line: str, dedent: int) -> str:
    if not dedent:
        return line
    head = line[:dedent]
    keep = len(head) - len(head.lstrip())
    return line[keep:]
