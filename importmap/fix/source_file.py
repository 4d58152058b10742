"""A source file as read for fixing: its exact bytes, encoding and text, and the atomic writer."""

from __future__ import annotations

import io
import os
import stat
import tempfile
import tokenize
from dataclasses import dataclass
from pathlib import Path


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


def split_lines(text: str) -> list[str]:
    """Lines with their endings, split as the tokenizer splits them."""
    return io.StringIO(text).readlines()


def replace_atomically(path: Path, expected: bytes, content: bytes) -> None:
    """Write `content` over `path` unless the file no longer holds `expected`.

    The new bytes go to a temporary file in the same directory, are flushed to disk and then
    renamed over the original, so a reader sees either the old file or the new one. The file
    mode is kept; a read-only file is left alone.
    """
    target = path.resolve()
    try:
        current = target.read_bytes()
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError as error:
        raise FixSkipped(f"cannot read: {error.strerror}") from error
    if current != expected:
        raise FixSkipped("the file changed since it was read")
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        # Renaming over it would succeed (only the directory must be writable), but whoever
        # made the file read-only did not want it rewritten.
        raise FixSkipped("the file is read-only")
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".importmap-tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise FixSkipped(f"cannot write: {error.strerror}") from error
    _sync_directory(target.parent)


def _sync_directory(directory: Path) -> None:
    # Makes the rename durable; not every platform lets a directory be opened.
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
