"""Whether a line begins in code or inside a string, judged from the lines below it.

The block readers find a block's header by indentation. A line inside a multi-line string can
look like a header (`def fake():` in a docstring), so a header is trusted only once it is shown
to begin in code, without reading the file from its top. The lines from the header down are
read from each state the header could begin in: code, inside a triple double-quoted string,
inside a triple single-quoted string. Some lines below are known to begin in code (an import
statement grimp's parser placed there, on a line with no quote; the end of the file); each rules
out the states whose reading is not in code there. Once only code is left, the header begins in
code.

A line a state cannot be read from (a one-line string left open: a syntax error) rules that
state out. A line whose reading is unsure makes the answer False: a one-line string continued by
a backslash, a triple-quoted f-string, or a one-line f-string whose braces do not pair up (from
Python 3.12 its braces may hold the same quote that opened it, which this reading does not follow).

`starts_statement` reads the same way from a line known to start a statement, counting brackets,
to tell a statement's start from a line inside brackets; `lines_in_code` says which lines of a
piece begin in code, so that dedenting it leaves the strings that span lines as they are.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

# The states a line can begin or end in. Plain strings, compared by identity: this runs on every
# line of a function's docstring, where an Enum's hashing showed in profiles.
_CODE = "code"
_IN_DOUBLE = '"""'
_IN_SINGLE = "'''"
# The line is not valid Python read from the state: that start is ruled out.
_IMPOSSIBLE = "impossible"
# A one-line string goes on past the line: not read here.
_UNSURE = "unsure"

_QUOTE_HASH_OR_BACKSLASH = re.compile(r"""["'#\\]""")
# In code: a comment, a triple quote, a single quote, or a backslash (a line joint).
_CODE_TOKEN = re.compile(r"""#|\"\"\"|'''|["'\\]""")
_ONE_LINE_REST = {
    '"': re.compile(r'(?:\\.|[^"\\])*"'),
    "'": re.compile(r"(?:\\.|[^'\\])*'"),
}
_TRIPLE_REST = {
    _IN_DOUBLE: re.compile(r'(?:\\.|[^"\\]|"(?!""))*"""'),
    _IN_SINGLE: re.compile(r"(?:\\.|[^'\\]|'(?!''))*'''"),
}


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
        self._cursor: tuple[int, str, int] = (-1, _CODE, 0)

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
        if not start <= reached <= index or state is _IMPOSSIBLE or state is _UNSURE:
            reached, state, depth = start, _CODE, 0
        opened = [depth]
        for above in range(reached, index):
            line = lines[above]
            if _QUOTE_HASH_OR_BACKSLASH.search(line) is None:
                if state is _CODE:
                    opened[0] += _balance(line, 0, len(line))
                continue
            state = _after_line(line, state, opened)
            if state is _IMPOSSIBLE or state is _UNSURE:
                break
        self._cursor = (index, state, opened[0])
        return state is _CODE and opened[0] == 0 and not continues_above(lines, index)

    def _read_from(self, start: int) -> bool:
        lines = self._lines
        if start in self._known_code:
            return True
        if continues_above(lines, start):
            return False  # perhaps inside a one-line string continued by the backslash
        # Where the reading from each possible start has reached; None once that start is ruled
        # out. A line known to begin in code rules out the string starts not in code there.
        from_code: str = _CODE
        from_double: str | None = _IN_DOUBLE
        from_single: str | None = _IN_SINGLE
        for index in range(start, len(lines)):
            line = lines[index]
            if _QUOTE_HASH_OR_BACKSLASH.search(line) is not None:
                from_code = _after_line(line, from_code)
                if from_code is _IMPOSSIBLE or from_code is _UNSURE:
                    return False
                if from_double is not None:
                    from_double = _ruled_out(_after_line(line, from_double))
                if from_single is not None:
                    from_single = _ruled_out(_after_line(line, from_single))
                if from_double is _UNSURE or from_single is _UNSURE:
                    return False
            if index + 1 in self._known_code:
                if from_code is not _CODE:
                    return False  # read from code, a line known to begin in code does not
                if from_double is not _CODE:
                    from_double = None
                if from_single is not _CODE:
                    from_single = None
                if from_double is None and from_single is None:
                    return True
        return False


def continues_above(lines: Sequence[str], index: int) -> bool:
    """Whether the line above `index` ends with `\\`, joining the two into one logical line."""
    return index > 0 and lines[index - 1].rstrip(" \t\f").endswith("\\")


def lines_in_code(lines: Sequence[str], start: int, stop: int) -> list[bool] | None:
    """Whether each of `lines[start:stop]` begins in code, given that `lines[start]` does; None
    when a line's reading is unsure."""
    found: list[bool] = []
    state = _CODE
    for index in range(start, stop):
        found.append(state is _CODE)
        line = lines[index]
        if _QUOTE_HASH_OR_BACKSLASH.search(line) is not None:
            state = _after_line(line, state)
            if state is _IMPOSSIBLE or state is _UNSURE:
                return None
    return found


def _ruled_out(state: str) -> str | None:
    return None if state is _IMPOSSIBLE else state


def _after_line(line: str, state: str, depth: list[int] | None = None) -> str:
    """The state at the end of `line` read from `state` (code or inside a triple string); with
    `depth`, its one item counts the brackets left open in the line's code."""
    position = 0
    while True:
        if state is not _CODE:
            end = line.find(state, position)
            if end < 0:
                return state  # the string goes on past the line
            if line.find("\\", position, end) < 0:
                position = end + 3
            else:
                # A backslash may escape a quote of what looked like the end.
                closed = _TRIPLE_REST[state].match(line, position)
                if closed is None:
                    return state
                position = closed.end()
            state = _CODE
            continue
        token = _CODE_TOKEN.search(line, position)
        if depth is not None:
            depth[0] += _balance(line, position, len(line) if token is None else token.start())
        if token is None:
            return _CODE
        text = token.group()
        if text == "#":
            return _CODE
        if text == "\\":
            # Outside a string a backslash joins lines: it ends the line's code.
            return _CODE if not line[token.end() :].strip(" ") else _IMPOSSIBLE
        template = _is_template(line, token.start())
        if text == _IN_DOUBLE or text == _IN_SINGLE:
            if template:
                return _UNSURE  # an f-string's braces may hold the same quotes (Python 3.12)
            state, position = text, token.end()
            continue
        closed = _ONE_LINE_REST[text].match(line, token.end())
        if closed is None:
            # Left open: continued by a backslash at the line's end, else a syntax error.
            return _UNSURE if line.rstrip(" ").endswith("\\") else _IMPOSSIBLE
        if template and line.count("{", token.end(), closed.end()) != line.count(
            "}", token.end(), closed.end()
        ):
            return _UNSURE  # the quote that seemed to end it may sit inside its braces
        position = closed.end()


def _is_template(line: str, quote: int) -> bool:
    """Whether the string opening at `quote` has an f or t prefix (f-string, template string):
    the name right before the quote is a string prefix holding f or t."""
    start = quote
    while start > 0 and (line[start - 1].isalnum() or line[start - 1] == "_"):
        start -= 1
    prefix = line[start:quote].lower()
    return len(prefix) <= 2 and not prefix.strip("rbuft") and ("f" in prefix or "t" in prefix)


def _balance(line: str, start: int, stop: int) -> int:
    """Brackets opened minus brackets closed in `line[start:stop]` (code, no strings)."""
    return (
        line.count("(", start, stop)
        + line.count("[", start, stop)
        + line.count("{", start, stop)
        - line.count(")", start, stop)
        - line.count("]", start, stop)
        - line.count("}", start, stop)
    )
