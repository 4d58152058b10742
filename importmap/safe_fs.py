"""The one way importmap creates, replaces, reads back and deletes its own files.

A repository importmap analyses is not trusted: whoever committed it chose every name in it,
symlinks included. So nothing here follows a symlink at a name it writes or deletes. A directory
is opened with O_NOFOLLOW and every later step names files relative to that open directory
(`dir_fd`), so a symlink swapped in between two steps is not followed either. A file is replaced
by writing a temporary file beside it and renaming it over the name: a reader sees the old bytes
or the new ones, never a torn file, and a symlink at the name is replaced, never written through.

Errors are OSError (the caller decides whether that is a warning or a refusal); `UnsafePath` is
the OSError for a path that is a symlink or not a regular file.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_TEMP_SUFFIX = ".importmap-tmp"
# A temporary file this old belongs to a run that was killed before it could rename it.
ABANDONED_AFTER_SECONDS = 3600.0


class UnsafePath(OSError):
    """A path importmap will not write, read back or delete: a symlink, or not a regular file."""


@contextmanager
def open_directory(path: Path, create: bool = False) -> Iterator[int]:
    """A descriptor of the directory `path`, never reached through a symlink at its last name.

    `create`: make it (and missing parents) first. Parents named by the user may be symlinks;
    the last component is the one a repository can plant.
    """
    if create:
        try:
            os.makedirs(path.parent, exist_ok=True)
            os.mkdir(path)
        except FileExistsError:
            pass
    try:
        descriptor = os.open(path, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR) and os.path.islink(path):
            raise UnsafePath(
                errno.ELOOP, "is a symlink; importmap does not follow it", str(path)
            ) from error
        raise
    try:
        yield descriptor
    finally:
        os.close(descriptor)


@contextmanager
def open_subdirectory(parent: int, name: str, create: bool = False) -> Iterator[int]:
    """Like `open_directory`, for `name` inside the open directory `parent`."""
    if create:
        try:
            os.mkdir(name, dir_fd=parent)
        except FileExistsError:
            pass
    try:
        descriptor = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=parent)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            raise UnsafePath(error.errno, "is a symlink or not a directory", name) from error
        raise
    try:
        yield descriptor
    finally:
        os.close(descriptor)


def read_regular(directory: int, name: str, limit: int) -> bytes | None:
    """The bytes of the regular file `name`, or None when there is none.

    Raises UnsafePath for a symlink, a non-regular file or one larger than `limit` bytes (read
    no further than that: a planted huge file costs nothing).
    """
    try:
        descriptor = os.open(name, os.O_RDONLY | _NOFOLLOW | _CLOEXEC, dir_fd=directory)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnsafePath(error.errno, "is a symlink", name) from error
        raise
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise UnsafePath(errno.EINVAL, "is not a regular file", name)
        if status.st_size > limit:
            raise UnsafePath(errno.EFBIG, f"is larger than {limit} bytes", name)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UnsafePath(errno.EFBIG, f"is larger than {limit} bytes", name)
    return data


def write_if_missing(directory: int, name: str, data: bytes) -> None:
    """Create `name` holding `data` unless something, a dangling symlink included, has it."""
    try:
        descriptor = os.open(
            name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o644,
            dir_fd=directory,
        )
    except FileExistsError:
        return
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def replace_file(
    directory: int,
    name: str,
    data: bytes,
    mode: int = 0o644,
    owner: tuple[int, int] | None = None,
    durable: bool = False,
) -> None:
    """Put `data` at `name` in `directory` atomically: a temporary file renamed over the name.

    `owner`: (uid, gid) to give the new file (kept when a file is rewritten); silently kept as
    the running user's when that is not allowed. `durable`: fsync the file and the directory,
    for files a user owns (sources), not for caches.
    """
    temporary = f".{name[:64]}.{os.getpid()}-{time.monotonic_ns()}{_TEMP_SUFFIX}"
    descriptor = os.open(
        temporary,
        os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC,
        0o600,
        dir_fd=directory,
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            if owner is not None:
                try:
                    os.fchown(handle.fileno(), *owner)
                except OSError:
                    pass
            os.fchmod(handle.fileno(), mode)
            if durable:
                os.fsync(handle.fileno())
        os.replace(temporary, name, src_dir_fd=directory, dst_dir_fd=directory)
    except BaseException:
        _unlink_quietly(directory, temporary)
        raise
    if durable:
        try:
            os.fsync(directory)
        except OSError:
            pass


def prune(directory: int, pattern: re.Pattern[str], keep: int) -> None:
    """Keep the `keep` most recently modified regular files whose names match `pattern`; delete
    the rest, and temporary files of runs killed before they could rename them.

    Only files importmap wrote are touched: names matching `pattern` or its temporary-file
    suffix, regular files by lstat (a symlink or directory of that name stays). Another run may
    prune at the same time: a file already gone is simply not there.
    """
    found: list[tuple[int, str]] = []
    now = time.time()
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        matches = pattern.fullmatch(name) is not None
        temporary = name.startswith(".") and name.endswith(_TEMP_SUFFIX)
        if not (matches or temporary):
            continue
        try:
            status = os.stat(name, dir_fd=directory, follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(status.st_mode):
            continue
        if matches:
            found.append((status.st_mtime_ns, name))
        elif now - status.st_mtime > ABANDONED_AFTER_SECONDS:
            _unlink_quietly(directory, name)
    found.sort(reverse=True)
    for _, name in found[keep:]:
        _unlink_quietly(directory, name)


def write_output(path: Path, data: bytes) -> None:
    """Write a file the user asked for (a report, a picture, a baseline) at `path`, atomically.

    Missing directories are made. The file's directory is opened without following a symlink
    at its own name, and a symlink at the file's name is replaced, never written through: a
    repository that commits `reports -> ~/.ssh` or `reports/report.json -> ~/.bashrc` gets a
    refusal or importmap's own file, never a write outside it.
    """
    parent = path.parent if str(path.parent) else Path(".")
    with open_directory(parent, create=not parent.exists()) as directory:
        replace_file(directory, path.name, data)


def touch(directory: int, name: str) -> None:
    """Mark `name` as just used (its modification time), without following a symlink."""
    try:
        os.utime(name, dir_fd=directory, follow_symlinks=False)
    except (OSError, NotImplementedError):
        pass


def _unlink_quietly(directory: int, name: str) -> None:
    try:
        os.unlink(name, dir_fd=directory)
    except OSError:
        pass
