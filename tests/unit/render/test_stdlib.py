"""The standard-library table, judged by the running Python's own `sys.stdlib_module_names`."""

from __future__ import annotations

import sys

from importmap.render.stdlib import ADDED, REMOVED, is_stdlib, parse_version

RUNNING = sys.version_info[:2]


def test_added_modules_agree_with_the_running_python() -> None:
    for name, version in ADDED.items():
        assert (name in sys.stdlib_module_names) == (RUNNING >= version), name


def test_removed_modules_agree_with_the_running_python() -> None:
    for name, version in REMOVED.items():
        assert (name in sys.stdlib_module_names) == (RUNNING < version), name


def test_running_newer_and_main_are_stdlib_third_party_is_not() -> None:
    assert is_stdlib("os.path") and is_stdlib("__main__")
    assert is_stdlib("annotationlib", (3, 14)) and is_stdlib("compression.zstd", (3, 14))
    assert is_stdlib("_interpreters", (3, 13))
    assert not is_stdlib("requests", (3, 14)) and not is_stdlib("annotationlibx")


def test_removed_modules_count_only_for_a_target_that_still_has_them() -> None:
    assert is_stdlib("asynchat", (3, 10)) and is_stdlib("asynchat", None)
    if "asynchat" not in sys.stdlib_module_names:  # running 3.12 or later
        assert not is_stdlib("asynchat", (3, 12))


def test_parse_version() -> None:
    assert parse_version("3.14") == (3, 14)
    assert parse_version("") is None and parse_version("3") is None
