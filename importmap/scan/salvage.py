"""Recover import statements from a file that does not parse, line by line."""

from __future__ import annotations

import ast
import io
import textwrap
import tokenize

from importmap.domain import Context
from importmap.scan.collect import RawImport, collect_imports

_BLOCK_KEYWORDS = frozenset(
    {"def", "async", "class", "if", "elif", "else", "try", "except", "finally", "with", "for",
     "while", "match", "case"}
)  # fmt: skip


def salvage_imports(text: str) -> list[RawImport]:
    """Parse each logical line that starts with `import`/`from` on its own.

    The context comes from the indentation blocks seen so far, which is what a reader would
    infer; the tokenizer stops at the first unrecoverable error and what came before is kept.
    """
    found: list[RawImport] = []
    blocks: list[str] = []  # kind of each open indented block
    current: list[tokenize.TokenInfo] = []
    last_opener = "if"
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.INDENT:
                blocks.append(last_opener)
            elif token.type == tokenize.DEDENT:
                if blocks:
                    blocks.pop()
            elif token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                if current:
                    last_opener = _opener(current, last_opener)
                    found.extend(_parse_logical_line(current, blocks))
                current = []
            elif token.type not in (tokenize.NL, tokenize.COMMENT, tokenize.ENCODING):
                current.append(token)
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return found


def _opener(tokens: list[tokenize.TokenInfo], previous: str) -> str:
    first = tokens[0].string
    if first in _BLOCK_KEYWORDS:
        if first == "async" and len(tokens) > 1:
            first = tokens[1].string
        if first == "if" and any(t.string == "TYPE_CHECKING" for t in tokens):
            return "type_checking"
        return first
    return previous


def _context(blocks: list[str]) -> Context:
    if any(kind == "def" for kind in blocks):
        return Context.FUNCTION
    if any(kind == "type_checking" for kind in blocks):
        return Context.TYPE_CHECKING
    if blocks and blocks[-1] == "class" and all(kind == "class" for kind in blocks):
        return Context.CLASS
    return Context.CONDITIONAL if blocks else Context.MODULE


def _parse_logical_line(tokens: list[tokenize.TokenInfo], blocks: list[str]) -> list[RawImport]:
    first = tokens[0]
    lazy = first.string == "lazy" and len(tokens) > 1 and tokens[1].string in ("import", "from")
    if first.string not in ("import", "from") and not lazy:
        return []
    start_line, start_col = (tokens[1] if lazy else first).start
    end_line = tokens[-1].end[0]
    source_lines = tokens[0].line.splitlines() if start_line == end_line else None
    text = _logical_text(tokens, lazy) if source_lines is None else source_lines[0]
    if source_lines is not None:
        text = text[start_col:]
    try:
        tree = ast.parse(textwrap.dedent(text))
    except (SyntaxError, ValueError):
        return []
    context = Context.LAZY if lazy and not blocks else _context(blocks)
    shift_column = first.start[1]
    return [
        RawImport(
            line=start_line,
            column=shift_column + 1,
            module=raw.module,
            level=raw.level,
            names=raw.names,
            context=context if context is not Context.LAZY or lazy else Context.MODULE,
            statement=f"lazy {raw.statement}" if lazy else raw.statement,
            is_from=raw.is_from,
        )
        for raw in collect_imports(tree, text)
        if not raw.dynamic
    ]


def _logical_text(tokens: list[tokenize.TokenInfo], lazy: bool) -> str:
    used = tokens[1:] if lazy else tokens
    return " ".join(token.string for token in used)
