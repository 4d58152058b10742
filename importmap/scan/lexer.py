"""The one hand lexer of scan/: what Python's tokenizer would say about a line, read without it.

The imports-only readers (`imports_only/`), the salvage of files that do not parse and the
filters for calls at import time (`called_text`) read lines as text: tokenizing or parsing the
whole file is the cost they exist to avoid. Whatever they ask about strings, comments, line
joints and brackets is answered here, one way:

- lines: `physical_lines`, numbered as Python numbers them;
- strings: one reader, `after_line`, follows a line from the state it begins in (code, or inside
  a triple-quoted string) through its one-line strings, triple quotes, prefixes and comment to
  the state it ends in. A line it cannot follow for sure is UNSURE (a one-line string continued
  by a backslash, a triple-quoted f-string, an f-string whose braces do not pair up: from Python
  3.12 its braces may hold the quote that opened it), and a line that is no Python from that
  state is IMPOSSIBLE; with `best_guess` (for files that do not parse) it always answers code or
  a string. `has_token` finds the lines it needs to read at all;
- comments: `code_before_comment`, for a line that holds no string;
- line joints and brackets: `joins_next`, `continues_above`, `bracket_balance`, and
  `continuation_end`, how far an import statement's brackets or joints carry it;
- how a line begins: `opens_with_string`, `CLOSERS`, `CLAUSE`, `DEF`, `INSIDE_STATEMENT`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# The states a line can begin or end in. Plain strings, compared by identity: this runs on every
# line of a function's docstring, where an Enum's hashing showed in profiles.
CODE = "code"
IN_DOUBLE = '"""'
IN_SINGLE = "'''"
# The line is not valid Python read from the state (that start is ruled out); and a line whose
# reading is not sure.
IMPOSSIBLE = "impossible"
UNSURE = "unsure"

TRIPLE_QUOTES = (IN_DOUBLE, IN_SINGLE)
# A line opening with one ends a bracketed statement begun above.
CLOSERS = (")", "]", "}")
# What a line inside a top-level statement may begin with: indentation, a comment, a closer.
INSIDE_STATEMENT = frozenset(" \t\f#)]}")
# Clauses that continue a compound statement at its own indentation.
CLAUSE = re.compile(r"(?:else|elif|except|finally)\b")
# A function's header, from its first character; group 1 is its name.
DEF = re.compile(r"(?:async[ \t]+)?def[ \t]+(\w+)")

# Python ends lines at \n, \r\n and \r only; str.splitlines also splits at \f, \v and others,
# which would shift every line number after a form feed.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Only a line holding a quote, `#` or backslash can change the state or hide brackets: the
# others need no reading (`has_token(line) is None`).
has_token = re.compile(r"""["'#\\]""").search
# In code: a comment, a triple quote, a single quote, or a backslash (a line joint).
_CODE_TOKEN = re.compile(r"""#|\"\"\"|'''|["'\\]""")
# The rest of a string, up to its closing quote, by the quote that opened it.
_STRING_REST = {
    '"': re.compile(r'(?:\\.|[^"\\])*"'),
    "'": re.compile(r"(?:\\.|[^'\\])*'"),
    IN_DOUBLE: re.compile(r'(?:\\.|[^"\\]|"(?!""))*"""'),
    IN_SINGLE: re.compile(r"(?:\\.|[^'\\]|'(?!''))*'''"),
}
# A string's prefix and opening quote at the start of a line.
_STRING_START = re.compile(r"[rRbBuUfFtT]{0,2}['\"]")
# A line inside a parenthesised import: names, `as`, commas, dots, maybe the `)` or a comment.
_NAMES_LINE = re.compile(r"^[\w\s,.]*(\).*|#.*)?$")
# A statement joined by backslashes rarely spans more lines than this; it bounds the work on
# broken files.
MAX_CONTINUATION_LINES = 100


def physical_lines(text: str) -> list[str]:
    """The lines as Python numbers them."""
    # str.split is several times faster than the pattern, and right whenever there is no \r.
    return _LINE_BREAK.split(text) if "\r" in text else text.split("\n")


def after_line(
    line: str, state: str, depth: list[int] | None = None, *, best_guess: bool = False
) -> str:
    """The state at the end of `line` read from `state` (code or inside a triple string); with
    `depth`, its one item counts the brackets left open in the line's code.

    With `best_guess`, never UNSURE or IMPOSSIBLE: a triple-quoted f-string is read as any
    triple-quoted string, an f-string's braces are not checked, a one-line string continued by a
    backslash is a state of its own (its quote) until it closes, and a string or a joint left
    open otherwise ends the line in code."""
    position = 0
    while True:
        if state is not CODE:
            end = line.find(state, position)
            if end < 0:
                # The string goes on past the line: a one-line one only past a backslash.
                return state if not best_guess or _goes_on(line, state) else CODE
            if line.find("\\", position, end) < 0:
                position = end + len(state)
            else:
                # A backslash may escape a quote of what looked like the end.
                closed = _STRING_REST[state].match(line, position)
                if closed is None:
                    return state if not best_guess or _goes_on(line, state) else CODE
                position = closed.end()
            state = CODE
            continue
        token = _CODE_TOKEN.search(line, position)
        if depth is not None:
            stop = len(line) if token is None else token.start()
            depth[0] += bracket_balance(line, position, stop)
        if token is None:
            return CODE
        text = token.group()
        if text == "#":
            return CODE
        if text == "\\":
            # Outside a string a backslash joins lines: it ends the line's code.
            return CODE if best_guess or not line[token.end() :].strip(" ") else IMPOSSIBLE
        template = _is_template(line, token.start())
        if text == IN_DOUBLE or text == IN_SINGLE:
            if template and not best_guess:
                return UNSURE  # an f-string's braces may hold the same quotes (Python 3.12)
            state, position = text, token.end()
            continue
        closed = _STRING_REST[text].match(line, token.end())
        if closed is None:
            if best_guess:
                return text if line.endswith("\\") else CODE
            # Left open: continued by a backslash at the line's end, else a syntax error.
            return UNSURE if line.rstrip(" ").endswith("\\") else IMPOSSIBLE
        if template and not best_guess and not _braces_pair(line, token.end(), closed.end()):
            return UNSURE  # the quote that seemed to end it may sit inside its braces
        position = closed.end()


def _goes_on(line: str, state: str) -> bool:
    """Whether the string `state` opened goes on past `line`: a triple-quoted one always, a
    one-line one only when a backslash ends the line."""
    return len(state) == 3 or line.endswith("\\")


def _is_template(line: str, quote: int) -> bool:
    """Whether the string opening at `quote` has an f or t prefix (f-string, template string):
    the name right before the quote is a string prefix holding f or t."""
    start = quote
    while start > 0 and (line[start - 1].isalnum() or line[start - 1] == "_"):
        start -= 1
    prefix = line[start:quote].lower()
    return len(prefix) <= 2 and not prefix.strip("rbuft") and ("f" in prefix or "t" in prefix)


def _braces_pair(line: str, start: int, stop: int) -> bool:
    return line.count("{", start, stop) == line.count("}", start, stop)


def holds_quote(line: str) -> bool:
    return "'" in line or '"' in line


def holds_triple_quote(line: str) -> bool:
    return IN_DOUBLE in line or IN_SINGLE in line


def opens_with_string(line: str) -> bool:
    """Whether `line` opens with a string (its prefix and quote): at column 0, such a line most
    likely ends a multi-line string rather than starting a statement."""
    return _STRING_START.match(line) is not None


def code_before_comment(line: str) -> str:
    """The line up to its comment; only for a line holding no string (a `#` in it would count)."""
    return line.partition("#")[0]


def joins_next(line: str) -> bool:
    """Whether `line` ends with `\\`, joining the next line to it into one logical line."""
    return line.rstrip(" \t\f").endswith("\\")


def continues_above(lines: Sequence[str], index: int) -> bool:
    """Whether the line above `index` ends with `\\`, joining the two into one logical line."""
    return index > 0 and joins_next(lines[index - 1])


def bracket_balance(line: str, start: int, stop: int) -> int:
    """Brackets opened minus brackets closed in `line[start:stop]` (code, no strings)."""
    return (
        line.count("(", start, stop)
        + line.count("[", start, stop)
        + line.count("{", start, stop)
        - line.count(")", start, stop)
        - line.count("]", start, stop)
        - line.count("}", start, stop)
    )


def continuation_end(lines: Sequence[str], index: int) -> int:
    """How many lines follow an import's first line: to the closing `)` or past `\\` endings."""
    code = code_before_comment(lines[index])
    if "(" in code and ")" not in code.partition("(")[2]:
        # A long import may list hundreds of names, so there is no line bound; stopping at the
        # first line that cannot be part of a name list keeps a file of unclosed imports linear.
        for offset, line in enumerate(lines[index + 1 :], start=1):
            if ")" in code_before_comment(line):
                return offset
            if not _NAMES_LINE.match(line):
                return 0
        return 0
    following = lines[index + 1 : index + 1 + MAX_CONTINUATION_LINES]
    offset = 0
    while offset < len(following) and joins_next(lines[index + offset]):
        offset += 1
    return offset
