"""Whether a line begins in code or inside a string, judged from the lines below it.

The block readers find a block's header by indentation. A line inside a multi-line string can
look like a header (`def fake():` in a docstring), so a header is trusted only once it is shown
to begin in code, without reading the file from its top. The lines from the header down are
read from each state the header could begin in: code, inside a triple double-quoted string,
inside a triple single-quoted string. Some lines below are known to begin in code (an import
statement grimp's parser placed there, on a line with no quote; the end of the file); each rules
out the states whose reading is not in code there. Once only code is left, the header begins in
code.

Each line is read by the lexer's one string reader (`lexer.after_line`). A line a state cannot
be read from (IMPOSSIBLE: a one-line string left open, a syntax error) rules that state out. A
line whose reading is UNSURE makes the answer False: a one-line string continued by a
backslash, a triple-quoted f-string, or a one-line f-string whose braces do not pair up (from
Python 3.12 its braces may hold the same quote that opened it, which the lexer does not follow).

`starts_statement` reads the same way from a line known to start a statement, counting brackets,
to tell a statement's start from a line inside brackets; `lines_in_code` says which lines of a
piece begin in code, so that dedenting it leaves the strings that span lines as they are.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

from importmap.scan.lexer import (
    CODE,
    IMPOSSIBLE,
    IN_DOUBLE,
    IN_SINGLE,
    UNSURE,
    after_line,
    bracket_balance,
    continues_above,
    has_token,
)


class CodeStarts:
    """Whether lines of one file surely begin in code, from the lines known to begin in code.

    `known_code`: indexes of lines known to begin in code, such as a line grimp's parser placed
    an import statement on that holds no quote (a line beginning inside a string that closes on
    it would hold the closing quote). The end of the file is one too.
    """

    def __init__(self, lines: Sequence[str], known_code: Iterable[int]) -> None:
        self._lines = lines
        self._known_code = frozenset(known_code) | {len(lines)}
        self._answers: dict[int, bool] = {}
        # Where `starts_statement` last stopped: (line, state, brackets open) at its beginning.
        self._cursor: tuple[int, str, int] = (-1, CODE, 0)

    def begins_in_code(self, start: int) -> bool:
        """Whether `lines[start]` surely begins in code; False when unsure."""
        answer = self._answers.get(start)
        if answer is None:
            answer = self._answers[start] = self._read_from(start)
        return answer

    def starts_statement(self, index: int, known_starts: Sequence[int]) -> bool:
        """Whether a statement surely starts at the beginning of `lines[index]`: read from the
        nearest of `known_starts` (sorted lines a statement starts on at their beginning, such
        as a plain import read at column 0) above it, or from the top of the file, the line
        begins in code, outside brackets, not continuing a line ended by a backslash."""
        lines = self._lines
        nearest = bisect_right(known_starts, index)
        start = known_starts[nearest - 1] if nearest else 0
        # Go on from where the last question's reading stopped when it is on the way: the
        # questions come down the file, and a reading from each known start could be long.
        reached, state, depth = self._cursor
        if not start <= reached <= index or state is IMPOSSIBLE or state is UNSURE:
            reached, state, depth = start, CODE, 0
        opened = [depth]
        for above in range(reached, index):
            line = lines[above]
            if has_token(line) is None:
                if state is CODE:
                    opened[0] += bracket_balance(line, 0, len(line))
                continue
            state = after_line(line, state, opened)
            if state is IMPOSSIBLE or state is UNSURE:
                break
        self._cursor = (index, state, opened[0])
        return state is CODE and opened[0] == 0 and not continues_above(lines, index)

    def _read_from(self, start: int) -> bool:
        lines = self._lines
        if start in self._known_code:
            return True
        if continues_above(lines, start):
            return False  # perhaps inside a one-line string continued by the backslash
        # Where the reading from each possible start has reached; None once that start is ruled
        # out. A line known to begin in code rules out the string starts not in code there.
        from_code: str = CODE
        from_double: str | None = IN_DOUBLE
        from_single: str | None = IN_SINGLE
        for index in range(start, len(lines)):
            line = lines[index]
            if has_token(line) is not None:
                from_code = after_line(line, from_code)
                if from_code is IMPOSSIBLE or from_code is UNSURE:
                    return False
                if from_double is not None:
                    from_double = _ruled_out(after_line(line, from_double))
                if from_single is not None:
                    from_single = _ruled_out(after_line(line, from_single))
                if from_double is UNSURE or from_single is UNSURE:
                    return False
            if index + 1 in self._known_code:
                if from_code is not CODE:
                    return False  # read from code, a line known to begin in code does not
                if from_double is not CODE:
                    from_double = None
                if from_single is not CODE:
                    from_single = None
                if from_double is None and from_single is None:
                    return True
        return False


def lines_in_code(lines: Sequence[str], start: int, stop: int) -> list[bool] | None:
    """Whether each of `lines[start:stop]` begins in code, given that `lines[start]` does; None
    when a line's reading is unsure."""
    found: list[bool] = []
    state = CODE
    for index in range(start, stop):
        found.append(state is CODE)
        line = lines[index]
        if has_token(line) is not None:
            state = after_line(line, state)
            if state is IMPOSSIBLE or state is UNSURE:
                return None
    return found


def _ruled_out(state: str) -> str | None:
    return None if state is IMPOSSIBLE else state
