"""A source file as read for fixing: its exact bytes, encoding and text, and the atomic writer."""

from __future__ import annotations

import io
import os
import stat
import tokenize
from dataclasses import dataclass
from pathlib import Path

from importmap.safe_fs import UnsafePath, open_directory, read_regular, replace_file


class FixSkipped(Exception):
    """A file is left untouched; the message says why."""


@dataclass(frozen=True)
class SourceFile:
    path: Path
    original: bytes
    encoding: str
    text: str

    def encode(self, text: str) -> bytes:
        try:
            return text.encode(self.encoding)
        except UnicodeEncodeError as error:
            raise FixSkipped(f"the fixed text cannot be encoded as {self.encoding}") from error


def read_source(path: Path) -> SourceFile:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FixSkipped(f"cannot read: {error.strerror}") from error
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        # Decoding keeps "\r\n" as written, so line endings survive the round trip.
        text = data.decode(encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError) as error:
        raise FixSkipped(f"cannot decode: {error}") from error
    return SourceFile(path, data, encoding, text)


def refuse_lone_carriage_returns(data: bytes) -> None:
    """Refuse a file with a `\r` not followed by `\n`.

    Python and ruff end a line at a lone `\r`; the rewriters count lines at `\n` only. Rather
    than edit the wrong line (a fix once deleted `print(a)` this way), such files are left alone.
    """
    position = data.find(b"\r")
    while position != -1:
        if data[position + 1 : position + 2] != b"\n":
            # Every `\r` before this one began a `\r\n`.
            line = data.count(b"\n", 0, position) + 1
            raise FixSkipped(
                f"line {line} ends with a lone \\r (old Mac line ending), which importmap does "
                "not rewrite; convert the line endings first"
            )
        position = data.find(b"\r", position + 2)


def split_lines(text: str) -> list[str]:
    """Lines with their endings, split as the tokenizer splits them."""
    return io.StringIO(text).readlines()


def replace_atomically(path: Path, expected: bytes, content: bytes) -> None:
    """Write `content` over `path` unless the file no longer holds `expected`.

    Through `safe_fs.replace_file`: the new bytes go to a temporary file in the same directory,
    are flushed to disk and renamed over the original, so a reader sees either the old file or
    the new one. A symlink is never written through (the link would be replaced by a file and
    its target, maybe outside the project, rewritten): it is refused. The owner, group and mode
    are kept; a read-only file is left alone.
    """
    try:
        with open_directory(path.parent) as directory:
            try:
                status = os.stat(path.name, dir_fd=directory, follow_symlinks=False)
            except OSError as error:
                raise FixSkipped(f"cannot read: {error.strerror}") from error
            if stat.S_ISLNK(status.st_mode):
                raise FixSkipped("it is a symlink; importmap does not write through links")
            if not stat.S_ISREG(status.st_mode):
                raise FixSkipped("it is not a regular file")
            mode = stat.S_IMODE(status.st_mode)
            if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
                # Renaming over it would succeed (only the directory must be writable), but
                # whoever made the file read-only did not want it rewritten.
                raise FixSkipped("the file is read-only")
            if status.st_size != len(expected) or (
                read_regular(directory, path.name, len(expected)) != expected
            ):
                raise FixSkipped("the file changed since it was read")
            replace_file(
                directory,
                path.name,
                content,
                mode=mode,
                owner=(status.st_uid, status.st_gid),
                durable=True,
            )
    except FixSkipped:
        raise
    except UnsafePath as error:
        raise FixSkipped(f"not a regular file: {error.strerror}") from error
    except OSError as error:
        raise FixSkipped(f"cannot write: {error.strerror or error}") from error
