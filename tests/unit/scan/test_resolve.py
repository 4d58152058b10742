"""Resolution of imports as written to absolute module names, against an in-memory module set."""

from __future__ import annotations

import pytest

from importmap.domain import Context, Import
from importmap.scan.resolve import Resolver
from importmap.scan.whole_file.collect import RawImport

MODULES = {
    "app": True,
    "app.core": False,
    "app.models": True,
    "app.models.user": False,
    "app.models.deep": True,
    "app.models.deep.leaf": False,
    "solo": False,
}


def resolve(
    importer: str, module: str, level: int = 0, names: tuple[str, ...] = ()
) -> list[Import]:
    raw = RawImport(
        line=1,
        column=1,
        module=module,
        level=level,
        names=names,
        context=Context.MODULE,
        statement="...",
        is_from=bool(names),
    )
    return Resolver(MODULES).resolve(importer, "x.py", raw)


def imported(importer: str, module: str, level: int = 0, names: tuple[str, ...] = ()) -> list[str]:
    """The modules the statement names (not the ancestors Python imports first)."""
    return [
        record.imported for record in resolve(importer, module, level, names) if not record.implicit
    ]


def implicit(importer: str, module: str, level: int = 0, names: tuple[str, ...] = ()) -> list[str]:
    return [
        record.imported for record in resolve(importer, module, level, names) if record.implicit
    ]


@pytest.mark.parametrize(
    ("importer", "module", "level", "names", "expected"),
    [
        # `import app.models.deep.leaf` from outside runs app, app.models, app.models.deep first
        ("solo", "app.models.deep.leaf", 0, (), ["app", "app.models", "app.models.deep"]),
        # `from app.models.deep import leaf`: app.models.deep is imported, then its submodule
        ("solo", "app.models.deep", 0, ("leaf",), ["app", "app.models", "app.models.deep"]),
        # a name, not a submodule: the statement names app.models.deep itself
        ("solo", "app.models.deep", 0, ("X",), ["app", "app.models"]),
        # the importer's own ancestors are in sys.modules already while it runs
        ("app.core", "app.models.deep.leaf", 0, (), ["app.models", "app.models.deep"]),
        ("app.models.user", "deep", 1, ("leaf",), ["app.models.deep"]),
        ("app.models.deep.leaf", "", 1, ("X",), []),
        ("app", "app.models.user", 0, (), ["app.models"]),
        # external imports have no first-party ancestors
        ("app.core", "os.path", 0, (), []),
    ],
)
def test_implicit_ancestor_imports(
    importer: str, module: str, level: int, names: tuple[str, ...], expected: list[str]
) -> None:
    assert implicit(importer, module, level, names) == expected
    for record in resolve(importer, module, level, names):
        # Same statement, same place, same context: only the module differs.
        assert (record.line, record.column, record.context) == (1, 1, Context.MODULE)


@pytest.mark.parametrize(
    ("importer", "module", "level", "names", "expected"),
    [
        # from . import x in a package's __init__ is relative to the package itself
        ("app", "", 1, ("core",), ["app.core"]),
        ("app", "", 1, ("__version__",), ["app"]),
        # in a plain module, level 1 is its package
        ("app.models.user", "", 1, ("deep",), ["app.models.deep"]),
        ("app.models.user", "deep", 1, ("leaf",), ["app.models.deep.leaf"]),
        ("app.models.user", "", 2, ("core",), ["app.core"]),
        ("app.models.deep.leaf", "", 3, ("core",), ["app.core"]),
        ("app.models.deep", "", 2, ("user",), ["app.models.user"]),
        ("app.models.deep", "", 3, ("core",), ["app.core"]),
        # submodule versus attribute
        ("app.core", "app.models", 0, ("user", "User"), ["app.models.user", "app.models"]),
        ("app.core", "app.models", 0, ("*",), ["app.models"]),
    ],
)
def test_from_imports(
    importer: str, module: str, level: int, names: tuple[str, ...], expected: list[str]
) -> None:
    assert imported(importer, module, level, names) == expected


def test_import_dotted_module_and_missing_submodule() -> None:
    assert imported("app.core", "app.models.deep.leaf") == ["app.models.deep.leaf"]
    # not a module: the nearest first-party ancestor
    assert imported("app.core", "app.models.nothing.here") == ["app.models"]


def test_external_keeps_its_top_level_name_and_stdlib_is_marked() -> None:
    (numpy,) = resolve("app.core", "numpy.linalg")
    assert (numpy.imported, numpy.external, numpy.stdlib, numpy.target) == (
        "numpy",
        True,
        False,
        "numpy.linalg",
    )
    (path,) = resolve("app.core", "os.path")
    assert (path.imported, path.external, path.stdlib) == ("os", True, True)


def test_relative_import_beyond_top_level_is_flagged_never_named_empty() -> None:
    (record,) = resolve("app.core", "foo", 2, ("bar",))
    assert record.beyond_top_level
    assert record.imported == "..foo"
    assert not record.internal
    (top,) = resolve("solo", "", 1, ("x",))
    assert top.beyond_top_level
    assert top.imported == "."


def test_one_record_per_distinct_module_of_a_statement() -> None:
    assert imported("app.core", "app.models", 0, ("User", "Group")) == ["app.models"]


def test_records_equal_those_built_field_by_field() -> None:
    # Records are built without the dataclass __init__: every field must still be in place, and
    # compare, hash and sort like an Import built the ordinary way.
    resolver = Resolver(MODULES)
    raws = [
        RawImport(3, 4, "app.models", 0, ("user",), Context.FUNCTION, "from m import user", True),
        RawImport(1, 0, "os.path", 0, (), Context.LAZY, "import os.path", dynamic=True),
        RawImport(2, 0, "", 1, ("*",), Context.MODULE, "from . import *", True),
    ]
    records = resolver.resolve_all("app.core", "x.py", raws)
    expected = [
        Import(
            importer="app.core",
            line=3,
            column=4,
            imported="app.models.user",
            statement="from m import user",
            path="x.py",
            context=Context.FUNCTION,
            target="app.models",
            names=("user",),
        ),
        Import(
            importer="app.core",
            line=3,
            column=4,
            imported="app.models",
            statement="from m import user",
            path="x.py",
            context=Context.FUNCTION,
            target="app.models",
            names=("user",),
            implicit=True,
        ),
        Import(
            importer="app.core",
            line=1,
            column=0,
            imported="os",
            statement="import os.path",
            path="x.py",
            external=True,
            stdlib=True,
            context=Context.LAZY,
            dynamic=True,
            target="os.path",
        ),
        Import(
            importer="app.core",
            line=2,
            column=0,
            imported="app",
            statement="from . import *",
            path="x.py",
            level=1,
            wildcard=True,
            target="app",
            names=("*",),
        ),
    ]
    assert [vars(record) for record in records] == [vars(record) for record in expected]
    assert records == expected
    assert [hash(record) for record in records] == [hash(record) for record in expected]
    assert sorted(records) == sorted(expected)
