"""The standard library of the running Python and of every Python the project targets.

`sys.stdlib_module_names` only knows the running interpreter: run on 3.11, a project for 3.14
that imports `annotationlib` would have it drawn as a third-party package. The names that
differ between the Pythons importmap supports (3.10 on) are listed here with the version that
added or removed them; tests check the table against the running interpreter.
"""

from __future__ import annotations

import sys

Version = tuple[int, int]

# Top-level standard-library modules added after 3.10, with the first version that has them.
ADDED: dict[str, Version] = {
    "tomllib": (3, 11),
    "_pydatetime": (3, 12),
    "_pylong": (3, 12),
    "_sha2": (3, 12),
    "_wmi": (3, 12),
    "_android_support": (3, 13),
    "_colorize": (3, 13),
    "_interpchannels": (3, 13),
    "_interpqueues": (3, 13),
    "_interpreters": (3, 13),
    "_ios_support": (3, 13),
    "_opcode_metadata": (3, 13),
    "_pyrepl": (3, 13),
    "_suggestions": (3, 13),
    "_sysconfig": (3, 13),
    "annotationlib": (3, 14),
    "compression": (3, 14),
    "_hmac": (3, 14),
    "_remote_debugging": (3, 14),
    "_zstd": (3, 14),
}

# Top-level standard-library modules removed since 3.10, with the first version without them.
REMOVED: dict[str, Version] = {
    **dict.fromkeys(
        ("asynchat", "asyncore", "distutils", "imp", "smtpd", "_sha256", "_sha512"), (3, 12)
    ),
    **dict.fromkeys(
        (
            "aifc", "audioop", "cgi", "cgitb", "chunk", "crypt", "imghdr", "lib2to3", "mailcap",
            "msilib", "nis", "nntplib", "ossaudiodev", "pipes", "sndhdr", "spwd", "sunau",
            "telnetlib", "uu", "xdrlib", "_crypt", "_msi",
        ),
        (3, 13),
    ),
}  # fmt: skip


def is_stdlib(name: str, target: Version | None = None) -> bool:
    """Whether `name` is in the standard library of the running Python, of `__main__`, or of
    a Python the project admits: `target` (the lower bound of requires-python) or any later
    one. With no target known, every version in the table counts."""
    top = name.partition(".")[0]
    if top in sys.stdlib_module_names or top == "__main__":
        return True
    if top in ADDED:
        return True  # a project admits every Python from its lower bound on
    removed = REMOVED.get(top)
    return removed is not None and (target is None or target < removed)


def parse_version(text: str) -> Version | None:
    """'3.14' -> (3, 14); '' (unknown) -> None."""
    major, _, minor = text.partition(".")
    if not (major.isdigit() and minor.isdigit()):
        return None
    return int(major), int(minor)
