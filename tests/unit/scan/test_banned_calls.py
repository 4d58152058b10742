"""Where a banned call is made: resolved through imports and aliases, judged by running Python."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from importmap.scan import banned_calls
from importmap.scan.banned_calls import BannedCall, BannedCallSite, find_banned_calls
from importmap.scan.codebase import scan_codebase
from importmap.scan.source import Problem, Source, parse
from tests.conftest import MakeTree

# `db.session.commit` records where Python called it from; `Other.commit` records nothing.
EXTENSIONS = """\
import sys

CALLS = []


class _Session:
    def commit(self):
        caller = sys._getframe(1)
        CALLS.append([caller.f_code.co_filename, caller.f_lineno])


class _Db:
    session = _Session()


db = _Db()


def helper():
    db.session.commit()
"""

CALLER = """\
from app.extensions import db
import app.extensions as ext
import app.extensions
from .. import extensions
from ..extensions import db as database


class Other:
    def commit(self):
        pass


def plain():
    db.session.commit()


def alias():
    session = db.session
    session.commit()


def spelled():
    ext.db.session.commit()
    app.extensions.db.session.commit()
    extensions.db.session.commit()
    database.session.commit()


def decoys():
    session = Other()
    session.commit()
    holder = Other()
    holder.commit()


def rebound():
    session = db.session
    session = Other()
    session.commit()


class Service:
    db = Other()

    def method(self):
        db.session.commit()


session = db.session
session.commit()


def bound_method():
    commit = db.session.commit
    commit()


def run_all():
    bound_method()
    plain()
    alias()
    spelled()
    decoys()
    rebound()
    Service().method()
"""

TREE = {
    "app/__init__.py": "",
    "app/extensions.py": EXTENSIONS,
    "app/tasks/__init__.py": "",
    "app/tasks/work.py": CALLER,
}


def _sites(root: Path, banned: list[BannedCall]) -> tuple[BannedCallSite, ...]:
    codebase = scan_codebase((root / "app",), base_dir=root)
    return find_banned_calls(codebase, root, banned).sites


def _python_calls(root: Path) -> list[tuple[str, int]]:
    """Where Python itself calls db.session.commit while the package runs."""
    script = (
        "import json, os, app.tasks.work as work, app.extensions as ext\n"
        "ext.helper(); work.run_all()\n"
        "print(json.dumps([[os.path.relpath(f), line] for f, line in ext.CALLS]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True
    )
    return sorted((path, line) for path, line in json.loads(result.stdout))


def test_every_call_python_makes_to_db_session_commit_is_found_and_no_other(
    make_tree: MakeTree,
) -> None:
    root = make_tree(TREE)
    sites = _sites(root, [BannedCall("db.session.commit", ("app.extensions",))])
    found = sorted((site.path, site.line) for site in sites)
    assert found == _python_calls(root)
    assert [(s.path, s.line, s.column, s.function, s.written, s.allowed) for s in sites] == [
        ("app/extensions.py", 20, 5, "helper", "db.session.commit", True),
        ("app/tasks/work.py", 14, 5, "plain", "db.session.commit", False),
        ("app/tasks/work.py", 19, 5, "alias", "session.commit", False),
        ("app/tasks/work.py", 23, 5, "spelled", "ext.db.session.commit", False),
        ("app/tasks/work.py", 24, 5, "spelled", "app.extensions.db.session.commit", False),
        ("app/tasks/work.py", 25, 5, "spelled", "extensions.db.session.commit", False),
        ("app/tasks/work.py", 26, 5, "spelled", "database.session.commit", False),
        ("app/tasks/work.py", 46, 9, "Service.method", "db.session.commit", False),
        ("app/tasks/work.py", 50, 1, "", "session.commit", False),
        ("app/tasks/work.py", 55, 5, "bound_method", "commit", False),
    ]


def test_the_fully_qualified_path_matches_the_same_calls(make_tree: MakeTree) -> None:
    root = make_tree(TREE)
    short = _sites(root, [BannedCall("db.session.commit")])
    full = _sites(root, [BannedCall("app.extensions.db.session.commit")])
    assert [(s.path, s.line) for s in full] == [(s.path, s.line) for s in short]
    middle = _sites(root, [BannedCall("extensions.db.session.commit")])
    assert [(s.path, s.line) for s in middle] == [(s.path, s.line) for s in short]


def test_a_configured_path_starts_at_a_name_not_at_an_attribute(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/extensions.py": "db = object()\n",
            "app/use.py": (
                "from app.extensions import db\n"
                "def direct():\n"
                "    db.session.commit()\n"
                "def aliased():\n"
                "    session = db.session\n"
                "    session.commit()\n"
                "def local(make):\n"
                "    session = make()\n"
                "    session.commit()\n"
            ),
        }
    )
    # `session` in `db.session.commit()` is an attribute: `session.commit` does not name it.
    # A name the code binds (an alias, or a local it cannot follow) is where a path may start.
    sites = _sites(root, [BannedCall("session.commit")])
    assert [(s.line, s.function) for s in sites] == [(6, "aliased"), (9, "local")]


def test_a_module_level_alias_of_an_attribute_is_reached_by_its_name(make_tree: MakeTree) -> None:
    # CTFd's populate.py: `app = create_app()`, then `db = app.db` at module level.
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/populate.py": (
                "from app.factory import create_app\n"
                "app = create_app()\n"
                "if __name__ == '__main__':\n"
                "    db = app.db\n"
                "    db.session.commit()\n"
                "    app.db.session.commit()\n"
            ),
        }
    )
    sites = _sites(root, [BannedCall("db.session.commit")])
    assert [(s.line, s.written) for s in sites] == [(5, "db.session.commit")]
    # `app.db` is an attribute of an object: configured as written, it is found.
    sites = _sites(root, [BannedCall("app.db.session.commit")])
    assert [(s.line, s.written) for s in sites] == [
        (5, "db.session.commit"),
        (6, "app.db.session.commit"),
    ]


def test_self_attributes_match_only_when_configured_as_written(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/extensions.py": "db = object()\n",
            "app/repo.py": (
                "from app.extensions import db\n"
                "class Repo:\n"
                "    def __init__(self):\n"
                "        self.db = db\n"
                "    def save(self):\n"
                "        self.db.session.commit()\n"
                "def by_parameter(db):\n"
                "    db.session.commit()\n"
                "def by_package_name(app):\n"
                "    app.extensions.db.session.commit()\n"
            ),
        }
    )
    assert [(s.line, s.written) for s in _sites(root, [BannedCall("db.session.commit")])] == [
        # A parameter is reached by its own name: `db`; a parameter `app` is not the package.
        (8, "db.session.commit")
    ]
    configured = _sites(root, [BannedCall("self.db.session.commit")])
    assert [(s.line, s.function) for s in configured] == [(6, "Repo.save")]


def test_a_function_sees_names_the_module_binds_after_it(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/late.py": "def save():\n    db.session.commit()\nfrom flask_sqlalchemy_app import db\n",
        }
    )
    sites = _sites(root, [BannedCall("flask_sqlalchemy_app.db.session.commit")])
    assert [(s.path, s.line) for s in sites] == [("app/late.py", 2)]


def test_a_file_without_the_last_segment_is_not_parsed(
    make_tree: MakeTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/a.py": "from app.extensions import db\ndb.session.flush()\n",
            "app/extensions.py": "db = object()\n",
        }
    )
    codebase = scan_codebase((root / "app",), base_dir=root)
    parsed: list[str] = []

    def recording_parse(text: str) -> tuple[ast.Module | None, Source, Problem | None]:
        parsed.append(text)
        return parse(text)

    monkeypatch.setattr(banned_calls, "parse", recording_parse)
    assert find_banned_calls(codebase, root, [BannedCall("db.session.commit")]).sites == ()
    assert parsed == []
    flush = find_banned_calls(codebase, root, [BannedCall("db.session.flush")]).sites
    assert [(s.path, s.line) for s in flush] == [("app/a.py", 2)]
    assert len(parsed) == 1


@pytest.mark.parametrize(
    ("pattern", "allowed"),
    [
        ("app.utils", True),
        ("app.utils.db_transaction", True),
        ("app.*.db_transaction", True),
        ("app.util", False),
        ("app.services", False),
    ],
)
def test_allowed_in_takes_a_module_its_submodules_or_a_glob(pattern: str, allowed: bool) -> None:
    assert BannedCall("db.session.commit", (pattern,)).allows("app.utils.db_transaction") is allowed


def test_a_third_party_or_builtin_call(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/run.py": (
                "import os\n"
                "from os import system as shell\n"
                "def go(command):\n"
                "    os.system(command)\n"
                "    shell(command)\n"
                "    eval(command)\n"
                "    os.path.join(command)\n"
            ),
        }
    )
    sites = _sites(root, [BannedCall("os.system"), BannedCall("eval")])
    assert [(s.line, s.banned, s.written) for s in sites] == [
        (4, "os.system", "os.system"),
        (5, "os.system", "shell"),
        (6, "eval", "eval"),
    ]


SHADOWS = """\
from app.extensions import db


class _Session:
    def commit(self):
        pass


class Other:
    session = _Session()


def comprehension():
    return [db.session.commit() for db in [Other()]]


def walrus():
    if (db := Other()):
        db.session.commit()


def through_lambda():
    call = lambda db: db.session.commit()
    call(Other())


def real():
    db.session.commit()


def run_all():
    comprehension()
    walrus()
    through_lambda()
    real()
"""


def test_a_name_a_comprehension_walrus_or_lambda_binds_is_not_the_imported_one(
    make_tree: MakeTree,
) -> None:
    # Each `db` but the last is an Other(): Python never calls the configured object there.
    root = make_tree({**TREE, "app/tasks/work.py": SHADOWS})
    sites = _sites(root, [BannedCall("app.extensions.db.session.commit")])
    assert sorted((site.path, site.line) for site in sites) == _python_calls(root)
    assert [(s.path, s.line, s.function) for s in sites] == [
        ("app/extensions.py", 20, "helper"),
        ("app/tasks/work.py", 28, "real"),
    ]
