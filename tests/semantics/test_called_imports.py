"""Imports run through calls at import time (`app = create_app()`): eager, Context.CALLED, at the
call site, naming the import they run. Python is the judge: each module prints its name when it
runs, and the crash through a factory is raised by CPython itself.
"""

from __future__ import annotations

import json
from pathlib import Path

from importmap.domain import Context
from importmap.scan.called import MAX_DEPTH
from tests.functional.helpers import run_in, validate_report
from tests.semantics.graph_judge import both_scans, records, run_python, write_tree


def _called(root: Path, importer: str) -> list[set[tuple[str, int]]]:
    """Per scan path: (imported, call line) of the CALLED records of `importer`."""
    return [
        {
            (r.imported, r.line)
            for r in records(codebase, importer)
            if r.context is Context.CALLED and not r.implicit
        }
        for codebase in both_scans(root)
    ]


FACTORY = {
    "app/__init__.py": "from app.factory import create_app\n\napp = create_app()\n",
    "app/factory.py": "def create_app():\n    from app import views\n\n    return views.make()\n",
    "app/views.py": "from app import app as application\n\n\ndef make():\n    return 1\n",
}


def test_the_app_factory_crash_is_an_import_time_cycle(tmp_path: Path) -> None:
    root = write_tree(tmp_path, FACTORY)
    judged = run_python(root, "import app")
    assert judged.returncode == 1
    assert "cannot import name 'app' from partially initialized module 'app'" in judged.stderr
    assert "app/factory.py" in judged.stderr
    assert _called(root, "app") == [{("app.views", 3)}] * 2
    (record,) = [r for r in records(both_scans(root)[1], "app") if r.context is Context.CALLED]
    assert record.eager and record.statement == "create_app()"
    assert record.via == "app/factory.py:2 from app import views (in app.factory.create_app)"
    result = run_in(root, "check", "app", "--select", "IMP001")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "app -> app.views" in result.stdout


def test_report_json_and_why_name_the_call_site(tmp_path: Path) -> None:
    root = write_tree(tmp_path, FACTORY)
    report = json.loads(run_in(root, "analyze", "app", "--format", "json", "--out", "o").stdout)
    validate_report(report)
    called = [r for r in report["imports"] if r["context"] == "called"]
    assert [(r["importer"], r["imported"], r["path"], r["line"], r["eager"]) for r in called] == [
        ("app", "app.views", "app/__init__.py", 3, True)
    ]
    why = run_in(root, "why", "app", "app.views", "app", "--eager")
    assert why.returncode == 0, why.stderr
    assert (
        "app -> app.views  app/__init__.py:3  create_app()  (called at import time: runs "
        "app/factory.py:2 from app import views (in app.factory.create_app))"
    ) in why.stdout


def test_a_function_called_in_its_own_module(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "pkg/__init__.py": "def register():\n    from pkg import plugins\n\n\nregister()\n",
            "pkg/plugins.py": "print('pkg.plugins')\n",
        },
    )
    assert run_python(root, "import pkg").stdout == "pkg.plugins\n"
    assert _called(root, "pkg") == [{("pkg.plugins", 5)}] * 2


def test_decorators_defaults_class_bodies_and_module_attributes_run_calls(tmp_path: Path) -> None:
    helpers = "".join(
        f"def {name}(*args):\n    import pkg.m_{name}\n    return lambda f: f\n\n\n"
        for name in ("deco", "default", "in_class", "base", "attr", "never", "lazy")
    )
    root = write_tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/helpers.py": helpers,
            **{
                f"pkg/m_{name}.py": f"print('m_{name}')\n"
                for name in ("deco", "default", "in_class", "base", "attr", "never", "lazy")
            },
            "pkg/use.py": """\
                import pkg.helpers as h
                from pkg.helpers import base, deco, default, in_class, lazy, never


                @deco()
                def f(x=default()):
                    never()


                class A(base() and object):
                    value = in_class()
                    later = lambda self: lazy()


                h.attr()
                """,
        },
    )
    judged = run_python(root, "import pkg.use")
    assert judged.returncode == 0, judged.stderr
    assert judged.stdout.split() == ["m_deco", "m_default", "m_base", "m_in_class", "m_attr"]
    expected = {
        ("pkg.m_deco", 5),
        ("pkg.m_default", 6),
        ("pkg.m_base", 10),
        ("pkg.m_in_class", 11),
        ("pkg.m_attr", 15),
    }
    assert _called(root, "pkg.use") == [expected] * 2


def test_calls_are_followed_through_first_party_functions(tmp_path: Path) -> None:
    assert MAX_DEPTH == 3
    root = write_tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg.b import second\n\n\ndef first():\n    second()\n",
            "pkg/b.py": """\
                from typing import TYPE_CHECKING


                def second():
                    third()
                    if TYPE_CHECKING:
                        import pkg.typed


                def third():
                    import pkg.deep

                    def nested():
                        import pkg.nested
                """,
            "pkg/deep.py": "print('pkg.deep')\n",
            "pkg/typed.py": "print('pkg.typed')\n",
            "pkg/nested.py": "print('pkg.nested')\n",
            "pkg/main.py": "from pkg.a import first\n\nfirst()\n",
        },
    )
    judged = run_python(root, "import pkg.main")
    assert judged.stdout.split() == ["pkg.deep"], judged.stderr
    assert _called(root, "pkg.main") == [{("pkg.deep", 3)}] * 2


def test_calls_under_a_main_guard_or_a_type_checking_guard_do_not_run(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/plugins.py": "print('pkg.plugins')\n",
            "pkg/cli.py": """\
                from typing import TYPE_CHECKING


                def register():
                    from pkg import plugins


                if __name__ == "__main__":
                    register()
                if TYPE_CHECKING:
                    register()
                """,
        },
    )
    assert run_python(root, "import pkg.cli").stdout == ""
    assert (
        run_python(root, "import runpy; runpy.run_module('pkg.cli', run_name='__main__')").stdout
        == "pkg.plugins\n"
    )
    assert _called(root, "pkg.cli") == [set(), set()]


ALIASED = {
    "pkg/__init__.py": "",
    "pkg/views.py": "print('pkg.views runs')\n",
    "pkg/factory.py": "def create_app():\n    import pkg.views\n",
    "pkg/wsgi.py": (
        "from pkg.factory import create_app as make\n\n\n"
        "def helper():\n    import pkg.views\n\n\napp = make()\n"
    ),
    "pkg/run.py": (
        "from pkg.wsgi import helper\nfrom pkg.factory import create_app\nhelper()\ncreate_app()\n"
    ),
}


def test_a_call_by_an_alias_in_a_module_read_for_another_call_is_followed(
    tmp_path: Path,
) -> None:
    # pkg.wsgi is read because pkg.run calls its `helper`; its own `make()` is create_app
    # under another name, which the text search (by a function's own name) does not see.
    root = write_tree(tmp_path, ALIASED)
    judged = run_python(root, "import pkg.wsgi")
    assert judged.returncode == 0 and "pkg.views runs" in judged.stdout
    assert _called(root, "pkg.wsgi") == [{("pkg.views", 8)}] * 2
    assert _called(root, "pkg.run") == [{("pkg.views", 3), ("pkg.views", 4)}] * 2
