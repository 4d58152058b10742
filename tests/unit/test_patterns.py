"""Module-name patterns and path globs: one meaning for every setting that takes them."""

from __future__ import annotations

from fnmatch import fnmatchcase

from importmap.patterns import ModulePattern, PathGlobs, module_matches_any, within
from importmap.score import DEFAULT_TEST_PATTERNS, MIGRATION_PATTERNS

PATHS = (
    "tests/a.py",
    "a/tests/b.py",
    "test_x.py",
    "a/b/test_y.py",
    "x_test.py",
    "a/conftest.py",
    "a/b.py",
    "testsx/a.py",
    "tests",
    "a\nb/tests/c.py",
    "a/b_test.pyx",
    "migrations/0001_initial.py",
    "app/migrations/0001_initial.py",
    "app/migration.py",
    "/abs/app/migrations/x.py",
    "build",
    "src/build",
)
PATTERN_SETS = (
    DEFAULT_TEST_PATTERNS,
    MIGRATION_PATTERNS,
    ("*.py",),
    (),
    ("[ab]*", "?/x", "a\\*"),
    ("migrations/*",),
    ("build",),
    ("*migrations/*", "*/alembic/versions/*"),
)


def _oracle(path: str, pattern: str, directory: bool) -> bool:
    # The documented meaning, spelled out with fnmatch: the path, the path with a leading "/",
    # the path below any directory, the file name; a directory also with a trailing "/".
    shown = [path] if path.startswith("/") else [path, "/" + path]
    if directory:
        shown += [f"{p}/" for p in shown]
    name = path.rpartition("/")[2]
    return fnmatchcase(name, pattern) or any(
        fnmatchcase(p, pattern) or fnmatchcase(p, f"*/{pattern}") for p in shown
    )


def test_path_globs_match_as_documented() -> None:
    for patterns in PATTERN_SETS:
        globs = PathGlobs(patterns)
        for path in PATHS:
            for directory in (False, True):
                expected = [p for p in patterns if _oracle(path, p, directory)]
                assert globs.matches(path, directory) == bool(expected), (path, patterns)
                assert globs.first_match(path, directory) == (expected[0] if expected else None), (
                    path,
                    patterns,
                )


def test_path_globs_examples() -> None:
    migrations = PathGlobs(("*/migrations/*",))
    assert migrations.matches("migrations/0001_initial.py")
    assert migrations.matches("app/migrations/0001_initial.py")
    assert not migrations.matches("app/migration.py")
    assert PathGlobs(("test_*.py",)).matches("app/tests/test_x.py")
    assert PathGlobs(("migrations/*",)).matches("app/migrations/0001_initial.py")
    assert not PathGlobs(("*/tests/*",)).matches("a/tests")
    assert PathGlobs(("*/tests/*",)).matches("a/tests", directory=True)
    assert PathGlobs(("build",)).first_match("src/build", directory=True) == "build"
    assert not PathGlobs(()).matches("a.py")


def test_a_module_pattern_is_the_module_its_submodules_or_a_glob() -> None:
    pattern = ModulePattern("app.db")
    assert [pattern.matches(m) for m in ("app.db", "app.db.session", "app.dbx", "app")] == [
        True,
        True,
        False,
        False,
    ]
    glob = ModulePattern("app.*.views")
    assert [glob.matches(m) for m in ("app.a.views", "app.a.b.views", "app.views")] == [
        True,
        True,
        False,
    ]
    assert module_matches_any("lib.x", ("app", "lib"))
    assert not module_matches_any("lib", ())


def test_within_is_the_package_itself_or_below_it() -> None:
    assert [within(m, "a.b") for m in ("a.b", "a.b.c", "a.bc", "a", "x.a.b")] == [
        True,
        True,
        False,
        False,
        False,
    ]
