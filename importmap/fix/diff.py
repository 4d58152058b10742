"""A unified diff of exactly the bytes `fix` would write, in the form `git apply` reads.

Lines are split at `\\n` only, as git splits them: a `\\r`, a form feed or U+2028 stays inside its
line, and a byte-order mark stays at the start of the first. A last line without `\\n` gets git's
"\\ No newline at end of file" marker.
"""

from __future__ import annotations

import difflib

_NO_NEWLINE = b"\n\\ No newline at end of file\n"


def unified_diff(path: str, before: bytes, after: bytes) -> bytes:
    lines = difflib.diff_bytes(
        difflib.unified_diff,
        _split(before),
        _split(after),
        fromfile=f"a/{path}".encode(),
        tofile=f"b/{path}".encode(),
    )
    out: list[bytes] = []
    for line in lines:
        out.append(line if line.endswith(b"\n") else line + _NO_NEWLINE)
    return b"".join(out)


def _split(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    last = lines.pop()
    split = [line + b"\n" for line in lines]
    if last:
        split.append(last)
    return split
