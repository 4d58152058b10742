"""The start-up budget (issue 18) on small projects on disk, judged by real Python imports."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema

from importmap.heavy.reference import REFERENCE
from tests.conftest import write_tree
from tests.functional.helpers import run_importmap

SCHEMA = Path(__file__).parents[2] / "importmap" / "report" / "schema" / "report-v1.schema.json"

# Two heavy packages outside the project: fakeheavy is loaded by two of the entry point's
# modules (deferring either alone saves nothing); slowthing by one (the site worth deferring).
SITE = {
    "fakeheavy/__init__.py": "VALUE = 1\n",
    "slowthing/__init__.py": "VALUE = 2\n",
}
PROJECT = {
    "pyproject.toml": """\
        [project]
        name = "app"
        version = "0"
        requires-python = ">=3.10"
        [project.scripts]
        app = "app.cli:main"
        [tool.importmap]
        heavy = ["fakeheavy", "slowthing"]
        """,
    "app/__init__.py": "",
    "app/cli.py": "from app import views\nfrom app import models\n\ndef main():\n    pass\n",
    "app/views.py": (
        "import fakeheavy\nfrom app import report\n\n"
        "def show():\n    return fakeheavy.VALUE, report.render()\n"
    ),
    "app/models.py": "import fakeheavy\n\ndef load():\n    return fakeheavy.VALUE\n",
    "app/report.py": "import slowthing\n\ndef render():\n    return slowthing.VALUE\n",
    "app/tests/__init__.py": "",
    "app/tests/test_views.py": "import slowthing\n\ndef test():\n    assert slowthing\n",
    "migrations/0001_initial.py": "import slowthing\n\ndef up():\n    return slowthing\n",
}
DEFERRED_REPORT = "def render():\n    import slowthing\n\n    return slowthing.VALUE\n"
DEFERRED_VIEWS = (
    "from app import report\n\n"
    "def show():\n    import fakeheavy\n\n    return fakeheavy.VALUE, report.render()\n"
)


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_importmap(*args, cwd=cwd)


def _analyze(root: Path, *extra: str) -> dict[str, Any]:
    done = _run("analyze", ".", "-f", "json", "--no-render", "--out", "../out", *extra, cwd=root)
    assert done.returncode in (0, 1), done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    jsonschema.validate(report, json.loads(SCHEMA.read_text(encoding="utf-8")))
    return report


def _loaded(root: Path, site: Path, entry: str) -> dict[str, bool]:
    """Which heavy packages importing `entry` loads, asked of a fresh interpreter."""
    code = (
        f"import sys, {entry}\nprint({{m: m in sys.modules for m in ('fakeheavy', 'slowthing')}})"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": f"{site}{os.pathsep}{root}"},
        check=True,
    )
    found: dict[str, bool] = eval(done.stdout)  # noqa: S307 - our own dict literal
    return found


def test_entry_budget_one_site_worth_deferring_and_the_loaded_anyway_ones_folded(
    tmp_path: Path,
) -> None:
    site = write_tree(tmp_path / "site", SITE)
    root = write_tree(tmp_path / "project", PROJECT)
    report = _analyze(root)
    startup = report["startup"]
    (entry,) = startup["entry_points"]
    assert (entry["module"], entry["why"], entry["source"]) == (
        "app.cli",
        "console-script app",
        "reference",
    )
    loads = {load["package"]: load for load in entry["loads"]}
    assert sorted(loads) == ["fakeheavy", "slowthing"]
    assert [(s["path"], s["line"]) for s in loads["slowthing"]["chain"]] == [
        ("app/cli.py", 1),
        ("app/views.py", 2),
        ("app/report.py", 1),
    ]
    sites = [
        (s["path"], s["line"], s["package"], s["saving_ms"], s["entry_points"], s["folded"])
        for s in startup["sites"]
    ]
    # Configured heavy modules count as the threshold (100 ms). fakeheavy's two imports are
    # folded into the one in the module most modules import; tests and migrations are left out.
    assert sites == [
        ("app/report.py", 1, "slowthing", 100.0, ["app.cli"], []),
        ("app/models.py", 1, "fakeheavy", 0.0, [], ["app/views.py:1"]),
    ]
    findings = [
        (f["code"], f["path"], f["line"]) for f in report["findings"] if f["code"] == "IMP201"
    ]
    assert findings == [("IMP201", "app/report.py", 1)]
    imp201 = next(f for f in report["findings"] if f["code"] == "IMP201")
    assert imp201["fix"].startswith("move the import into `render`; or `__lazy_modules__")

    # Python is the judge: defer each site alone in a copy, import the entry point afresh.
    assert _loaded(root, site, "app.cli") == {"fakeheavy": True, "slowthing": True}
    deferred = tmp_path / "deferred"
    shutil.copytree(root, deferred)
    (deferred / "app/report.py").write_text(DEFERRED_REPORT, encoding="utf-8")
    assert _loaded(deferred, site, "app.cli") == {"fakeheavy": True, "slowthing": False}
    folded = tmp_path / "folded"
    shutil.copytree(root, folded)
    (folded / "app/views.py").write_text(DEFERRED_VIEWS, encoding="utf-8")
    # Loaded anyway: deferring the folded site alone saves nothing.
    assert _loaded(folded, site, "app.cli") == {"fakeheavy": True, "slowthing": True}


def test_tests_and_migrations_are_left_out_unless_configured(tmp_path: Path) -> None:
    # No entry point: every production module is its own candidate.
    config = '[tool.importmap]\nheavy = ["fakeheavy", "slowthing"]\n'
    files = {**PROJECT, "pyproject.toml": config}
    default = _analyze(write_tree(tmp_path / "default", files))
    assert default["startup"]["candidates"] is True
    paths = {f["path"] for f in default["findings"] if f["code"] == "IMP201"}
    assert paths == {"app/report.py", "app/views.py", "app/models.py"}
    counted = config + "heavy-in-tests = true\nheavy-ignore = []\n"
    configured = _analyze(write_tree(tmp_path / "configured", {**files, "pyproject.toml": counted}))
    paths = {f["path"] for f in configured["findings"] if f["code"] == "IMP201"}
    assert paths == {
        "app/report.py",
        "app/views.py",
        "app/models.py",
        "app/tests/test_views.py",
        "migrations/0001_initial.py",
    }


def test_exclude_glob_matches_a_directory_at_the_root_of_the_analysed_path(
    tmp_path: Path,
) -> None:
    root = write_tree(tmp_path / "project", PROJECT)
    report = _analyze(root, "--exclude", "*/migrations/*")
    names = [m["name"] for m in report["modules"]]
    assert "app.report" in names
    assert not [n for n in names if n.startswith("migrations")]


def test_import_time_use_is_said_once_per_module_and_not_reported(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "project",
        {
            "app/__init__.py": "",
            "app/models.py": """\
                import sqlalchemy
                import pandas

                class Row(sqlalchemy.Table):
                    pass

                FRAME = pandas.DataFrame()
                """,
        },
    )
    report = _analyze(root)
    assert [f for f in report["findings"] if f["code"] == "IMP201"] == []
    advice = [
        (s["line"], s["used_at_import_time"], s["advice"]) for s in report["startup"]["sites"]
    ]
    # By saving, pandas first: its advice is the one said in full.
    assert [a[:2] for a in advice] == [(2, True), (1, True)]
    assert advice[0][2].startswith("`pandas` is used at import time (line 7")
    assert "deferring the import won't help unless that use moves into a function" in advice[0][2]
    assert advice[1][2] == "used at import time: see app.models above"


def test_application_entry_points_and_configured_ones(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "project",
        {
            "pyproject.toml": '[tool.importmap]\nentry-points = ["app.worker:run"]\n',
            "app/__init__.py": "",
            "app/web.py": "from flask import Flask\nimport pandas\n\napp = Flask(__name__)\n",
            "app/factory.py": "from flask import Flask\n\ndef create():\n    return Flask('x')\n",
            "app/worker.py": "import sympy\n\ndef run():\n    return sympy\n",
            "manage.py": "import sys\n",
        },
    )
    entries = {e["module"]: e["why"] for e in _analyze(root)["startup"]["entry_points"]}
    assert entries == {
        "app.worker": "entry-points",
        "manage": "manage.py",
        "app.web": "Flask application",
    }


def test_tests_and_migrations_with_a_main_guard_are_not_entry_points(tmp_path: Path) -> None:
    """redash's tests and CTFd's migrations end in `if __name__ == "__main__":`; a `wsgi/`
    package (saleor) is what the server imports."""
    guard = 'import pandas\n\nif __name__ == "__main__":\n    print(pandas)\n'
    files = {
        "app/__init__.py": "",
        "app/wsgi/__init__.py": "from app import tool\n",
        "app/tool.py": guard,
        "tests/__init__.py": "",
        "tests/test_tool.py": guard,
        "migrations/1_upgrade.py": guard,
    }
    root = write_tree(tmp_path / "project", files)
    entries = {e["module"]: e["why"] for e in _analyze(root)["startup"]["entry_points"]}
    assert entries == {"app.wsgi": "wsgi.py", "app.tool": "main-guard"}
    config = '[tool.importmap]\nentry-points = ["tests.test_tool"]\n'
    configured = {**files, "pyproject.toml": config}
    root = write_tree(tmp_path / "configured", configured)
    entries = {e["module"]: e["why"] for e in _analyze(root)["startup"]["entry_points"]}
    assert entries == {
        "tests.test_tool": "entry-points",
        "app.wsgi": "wsgi.py",
        "app.tool": "main-guard",
    }


def test_must_stay_eager_modules_are_flagged(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "project",
        {
            "app/__init__.py": "",
            "app/plugins.py": """\
                import pandas
                from app.registry import registry

                @registry.register
                def frame():
                    return pandas.DataFrame()
                """,
            "app/registry.py": "class R:\n    def register(self, f):\n        return f\n\nregistry = R()\n",
        },
    )
    done = _run("heavy", "app", cwd=root)
    assert done.returncode == 0, done.stderr
    assert (
        "    must stay eager: app.plugins fills a registry (@registry.register) at import "
        "(line 4); importing it lazily would change what start-up does\n"
    ) in done.stdout


def test_an_extension_package_loads_its_heavy_package_anyway(tmp_path: Path) -> None:
    """flask_login imports flask: deferring `import flask` beside it saves nothing."""
    root = write_tree(
        tmp_path / "project",
        {
            "app/__init__.py": "",
            "app/web.py": (
                "import flask\nimport flask_login\nimport pandas\n\n"
                "def page():\n    return flask, flask_login, pandas\n"
            ),
        },
    )
    report = _analyze(root)
    reported = [(f["path"], f["line"]) for f in report["findings"] if f["code"] == "IMP201"]
    assert reported == [("app/web.py", 3)]


def test_an_availability_check_whose_name_is_used_at_import_time_is_not_reported(
    tmp_path: Path,
) -> None:
    """Found on sqlite-web: `try: from flask import Flask / except ImportError` then
    `app = Flask(__name__)`: neither find_spec nor a move would help."""
    root = write_tree(
        tmp_path / "project",
        {
            "app/__init__.py": "",
            "app/web.py": (
                "try:\n    from flask import Flask\nexcept ImportError:\n    raise RuntimeError\n"
                "try:\n    import pandas\nexcept ImportError:\n    pandas = None\n\n"
                "app = Flask(__name__)\n\ndef page():\n    return pandas\n"
            ),
        },
    )
    report = _analyze(root)
    (finding,) = [f for f in report["findings"] if f["code"] == "IMP201"]
    assert (finding["line"], finding["fix"][:47]) == (
        6,
        "this import checks whether pandas is installed ",
    )
    assert "find_spec" in finding["fix"]
    flask = next(s for s in report["startup"]["sites"] if s["package"] == "flask")
    assert flask["used_at_import_time"] and not flask["availability_check"]


RUNNER = """\
import os

try:
    import fakeheavy

    enabled = True
except ImportError:
    enabled = False


def run():
    return fakeheavy.VALUE
"""
# What the advice says, applied: the check without the import, the import where it is used.
RUNNER_FIND_SPEC = """\
import importlib.util

enabled = importlib.util.find_spec("fakeheavy") is not None


def run():
    import fakeheavy

    return fakeheavy.VALUE
"""


def _enabled(root: Path, site: Path | None) -> tuple[bool, bool]:
    """(enabled, fakeheavy loaded) after importing app.runner, asked of a fresh interpreter."""
    paths = [str(root)] if site is None else [str(site), str(root)]
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, app.runner as r\nprint(r.enabled, 'fakeheavy' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
        check=True,
    )
    enabled, loaded = done.stdout.split()
    return enabled == "True", loaded == "True"


def test_every_listed_availability_check_gets_find_spec_advice(tmp_path: Path) -> None:
    """redash's query runners: `try: import boto3 / except ImportError:` in modules no entry
    point loads. The `heavy` listing of every eager site said "move the import into ..."."""
    site = write_tree(tmp_path / "site", SITE)
    files = {
        "pyproject.toml": '[tool.importmap]\nheavy = ["fakeheavy"]\n',
        "app/__init__.py": "",
        "app/runner.py": RUNNER,
    }
    root = write_tree(tmp_path / "project", files)
    done = _run("heavy", ".", "--format", "json", cwd=root)
    assert done.returncode == 0, done.stderr
    (listed,) = json.loads(done.stdout)["eager_sites"]
    assert (listed["path"], listed["line"]) == ("app/runner.py", 4)
    assert listed["fix"].startswith(
        "this import checks whether fakeheavy is installed (try/except ImportError): check with "
        '`importlib.util.find_spec("fakeheavy") is not None` instead'
    )
    # Python is the judge: the advice keeps the check's answer, installed or not, and defers.
    assert _enabled(root, site) == (True, True)
    assert _enabled(root, None) == (False, False)
    advised = write_tree(tmp_path / "advised", {**files, "app/runner.py": RUNNER_FIND_SPEC})
    assert _enabled(advised, site) == (True, False)
    assert _enabled(advised, None) == (False, False)


def test_a_factory_re_exported_by_its_package_is_followed_from_the_call(tmp_path: Path) -> None:
    """redash's wsgi.py: `from redash import create_app; app = create_app()`, where
    redash/__init__.py re-exports create_app from redash.app and create_app imports the models
    (which load sqlalchemy.orm). Deferring the other eager import of it saves nothing."""
    site = write_tree(tmp_path / "site", SITE)
    files = {
        "pyproject.toml": '[tool.importmap]\nheavy = ["fakeheavy"]\n',
        "wsgi.py": "from app import create_app\n\napplication = create_app()\n",
        "app/__init__.py": "from app.factory import create_app\nfrom app import helpers\n",
        "app/helpers.py": "import fakeheavy\n\ndef value():\n    return fakeheavy.VALUE\n",
        "app/factory.py": "def create_app():\n    from app import models\n\n    return models\n",
        "app/models.py": "import fakeheavy\n\ndef load():\n    return fakeheavy.VALUE\n",
    }
    root = write_tree(tmp_path / "project", files)
    report = _analyze(root)
    called = [
        (i["imported"], i["line"], i["via"])
        for i in report["imports"]
        if i["importer"] == "wsgi" and i["context"] == "called"
    ]
    assert called == [
        ("app.models", 3, "app/factory.py:2 from app import models (in app.factory.create_app)")
    ]
    assert [f for f in report["findings"] if f["code"] == "IMP201"] == []
    (entry,) = report["startup"]["entry_points"]
    assert entry["module"] == "wsgi"
    # Python is the judge: deferring the helpers' import alone leaves fakeheavy loaded.
    assert _loaded(root, site, "wsgi")["fakeheavy"] is True
    deferred = write_tree(
        tmp_path / "deferred",
        {
            **files,
            "app/helpers.py": "def value():\n    import fakeheavy\n\n    return fakeheavy.VALUE\n",
        },
    )
    assert _loaded(deferred, site, "wsgi")["fakeheavy"] is True


def test_the_bundled_example_shows_an_entry_budget_and_the_one_site_worth_deferring(
    tmp_path: Path,
) -> None:
    """The example's own import cycle crashes its import (that is what it shows), so only the
    static answer is checked here; the budget's claims are judged by Python above."""
    example = Path(__file__).parents[2] / "examples" / "backend"
    root = tmp_path / "backend"
    shutil.copytree(example, root, ignore=shutil.ignore_patterns("__pycache__"))
    done = _run("heavy", "src", "--no-cache", cwd=root)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("start-up budget (per entry point; costs from importmap's ")
    pandas = f"≈{REFERENCE['pandas'].cost_ms:g} ms"
    assert lines[1:6] == [
        f"  src.main [main-guard]: {pandas} of heavy imports (reference)",
        f"    pandas ({pandas}): main.py:3 → routes/__init__.py:1 → jobs.py:4 → summary.py:1 "
        "→ pandas",
        "import sites worth deferring (saving ≥ 100 ms), by saving:",
        f"  src/reports/summary.py:1: pandas: saves {pandas} for src.main",
        "    fix: move the import into `weekly_summary`",
    ]
    report = _analyze(root)
    assert [(f["path"], f["line"]) for f in report["findings"] if f["code"] == "IMP201"] == [
        ("src/reports/summary.py", 1)
    ]


def test_an_unmeasured_module_of_the_heavy_package_may_load_it(tmp_path: Path) -> None:
    """saleor's asgi: `from django.core.asgi import get_asgi_application` loads
    django.db.models, which the reference table cannot say of a module it does not measure.
    No saving is claimed beside such an import, and no entry point is said to load the heavy
    submodule through it alone; the package itself (`import fakepkg`) is known not to."""
    site = write_tree(
        tmp_path / "site",
        {
            "fakepkg/__init__.py": "",
            "fakepkg/models.py": "VALUE = 1\n",
            "fakepkg/asgi.py": "from fakepkg import models\n\ndef handler():\n    return models\n",
            "fakepkg/conf.py": "SETTINGS = {}\n",
        },
    )
    guard = 'if __name__ == "__main__":\n    print(telemetry)\n'
    files = {
        "pyproject.toml": '[tool.importmap]\nheavy = ["fakepkg.models"]\n',
        "app/__init__.py": "",
        "app/cli.py": f"from app import telemetry\nfrom fakepkg.asgi import handler\n\n{guard}",
        "app/light.py": f"import fakepkg\nfrom app import telemetry\n\n{guard}",
        "app/worker.py": f"from fakepkg.conf import SETTINGS\n\n{guard}",
        "app/telemetry.py": "from fakepkg.models import VALUE\n\ndef count():\n    return VALUE\n",
    }
    root = write_tree(tmp_path / "project", files)
    report = _analyze(root)
    budget = {
        e["module"]: [load["package"] for load in e["loads"]]
        for e in report["startup"]["entry_points"]
    }
    assert budget == {
        "app.cli": ["fakepkg.models"],
        "app.light": ["fakepkg.models"],
        "app.worker": [],
    }
    (site_found,) = report["startup"]["sites"]
    assert (site_found["path"], site_found["line"], site_found["entry_points"]) == (
        "app/telemetry.py",
        1,
        ["app.light"],
    )

    def models_loaded(where: Path, entry: str) -> bool:
        code = f"import sys, {entry}\nprint('fakepkg.models' in sys.modules)"
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": f"{site}{os.pathsep}{where}"},
            check=True,
        )
        return done.stdout.strip() == "True"

    # Python is the judge: before, every entry but the worker loads it; with the telemetry
    # import deferred alone, app.cli still does (through fakepkg.asgi), app.light does not.
    assert [models_loaded(root, e) for e in ("app.cli", "app.light", "app.worker")] == [
        True,
        True,
        False,
    ]
    deferred = write_tree(
        tmp_path / "deferred",
        {
            **files,
            "app/telemetry.py": "def count():\n    from fakepkg.models import VALUE\n\n    return VALUE\n",
        },
    )
    assert [models_loaded(deferred, e) for e in ("app.cli", "app.light")] == [True, False]
