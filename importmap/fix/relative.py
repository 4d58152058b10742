"""Rewrite relative `from` imports to absolute ones, changing only the module part."""

from __future__ import annotations

import io
import tokenize
from collections.abc import Mapping

from importmap.fix.source_file import FixSkipped, split_lines


def absolutize(text: str, targets: Mapping[tuple[int, int], str]) -> str:
    """Replace `from .x` by `from pkg.x` in the statements starting at (line, 1-based column).

    Everything between `from` and `import` is replaced by one space, the absolute module and one
    space; the names, parentheses, comments and the rest of the file are untouched.
    """
    if not targets:
        return text
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError) as error:
        raise FixSkipped(f"cannot tokenize: {error}") from error
    index_by_start = {token.start: index for index, token in enumerate(tokens)}
    spans: list[tuple[tuple[int, int], tuple[int, int], str]] = []
    for (line, column), module in sorted(targets.items()):
        index = index_by_start.get((line, column - 1))
        if index is None:
            raise FixSkipped(f"no import statement at line {line}, column {column}")
        if tokens[index].string == "lazy":
            index += 1
        if tokens[index].string != "from":
            raise FixSkipped(f"line {line}: not a `from` import")
        end = index + 1
        while end < len(tokens) and tokens[end].string != "import":
            if tokens[end].type not in (tokenize.OP, tokenize.NAME, tokenize.NL):
                raise FixSkipped(f"line {line}: unexpected text in the import")
            end += 1
        if end == len(tokens):
            raise FixSkipped(f"line {line}: no `import` keyword")
        spans.append((tokens[index].end, tokens[end].start, f" {module} "))
    return _replace_spans(text, spans)


def _replace_spans(text: str, spans: list[tuple[tuple[int, int], tuple[int, int], str]]) -> str:
    lines = split_lines(text)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    pieces: list[str] = []
    position = 0
    for (start_line, start_col), (end_line, end_col), replacement in sorted(spans):
        start = offsets[start_line - 1] + start_col
        end = offsets[end_line - 1] + end_col
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def replace_ranges(text: str, ranges: list[tuple[int, int, int, int, str]]) -> str:
    """Replace (line, col, end_line, end_col, content) ranges; 1-based lines and columns."""
    spans = [((a, b - 1), (c, d - 1), content) for a, b, c, d, content in ranges]
    return _replace_spans(text, spans)
