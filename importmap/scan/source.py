"""Read a Python file into text and an AST, whatever state the file is in."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass

_LAZY_HINT = re.compile(r"^[ \t]*lazy[ \t]+(?:import|from)\b", re.MULTILINE)
_STARTS_LOGICAL_LINE = frozenset(
    {tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING}
)


@dataclass(frozen=True)
class Source:
    text: str
    # Positions (line, column 0-based) of PEP 810 `lazy` soft keywords removed before parsing.
    lazy_positions: frozenset[tuple[int, int]]


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


def decode(data: bytes) -> tuple[str, Problem | None]:
    """Decode with the file's coding cookie or BOM; undecodable bytes become U+FFFD."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        return data.decode("utf-8", errors="replace"), Problem(1, f"bad encoding: {error.msg}")
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        line = _line_of_offset(data, getattr(error, "start", 0))
        return data.decode("utf-8", errors="replace"), Problem(
            line, f"cannot decode as {encoding}: {error}"
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, None


def parse(text: str) -> tuple[ast.Module | None, Source, Problem | None]:
    """Parse `text`, accepting PEP 810 `lazy import` even where `ast` does not."""
    plain = Source(text, frozenset())
    try:
        return ast.parse(text), plain, None
    except SyntaxError as error:
        first_error = error
    except (ValueError, RecursionError, MemoryError) as error:
        return None, plain, Problem(1, _describe(error))
    if _LAZY_HINT.search(text):
        rewritten = _strip_lazy_keywords(text)
        if rewritten is not None:
            try:
                return ast.parse(rewritten.text), rewritten, None
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                pass
    return None, plain, Problem(first_error.lineno or 1, f"syntax error: {first_error.msg}")


def _strip_lazy_keywords(text: str) -> Source | None:
    """Blank out `lazy` before `import`/`from` at the start of a logical line.

    Only the soft keyword is removed, so line numbers and the statement's column are unchanged.
    """
    positions: list[tuple[int, int, int]] = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return None
    previous_type = tokenize.NEWLINE
    previous_string = ""
    for index, token in enumerate(tokens[:-1]):
        if token.type == tokenize.COMMENT:
            continue
        at_line_start = previous_type in _STARTS_LOGICAL_LINE or previous_string == ";"
        following = tokens[index + 1]
        if (
            at_line_start
            and token.type == tokenize.NAME
            and token.string == "lazy"
            and following.type == tokenize.NAME
            and following.string in ("import", "from")
            and following.start[0] == token.start[0]
        ):
            positions.append((token.start[0], token.start[1], following.start[1]))
        previous_type = token.type
        previous_string = token.string
    if not positions:
        return None
    lines = io.StringIO(text, newline="").readlines()
    for line_number, start, end in positions:
        line = lines[line_number - 1]
        lines[line_number - 1] = line[:start] + line[end:]
    return Source("".join(lines), frozenset((line, col) for line, col, _ in positions))


def _describe(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "too deeply nested to parse"
    if isinstance(error, MemoryError):
        # CPython's parser reports a too-deep stack as MemoryError too.
        return "too deeply nested or too large to parse"
    return f"cannot parse: {error}"


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, max(offset, 0)) + 1
