"""Each rule of the import machinery the simulator follows, on a tiny tree, judged by CPython."""

from __future__ import annotations

from pathlib import Path

import pytest

from importmap.import_outcome import Verdict
from tests.semantics.judge_by_python import agree, predict, run_python, tree


def test_from_import_of_a_name_not_bound_yet_raises_import_error(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg.b import g\ndef f(): pass\n",
            "pkg/b.py": "from pkg.a import f\ndef g(): pass\n",
        },
    )
    outcome = agree(root, "pkg.a")
    assert outcome.exception == "ImportError"
    assert outcome.message == (
        "cannot import name 'f' from partially initialized module 'pkg.a' "
        f"(most likely due to a circular import) ({root / 'pkg' / 'a.py'})"
    )
    # It raises in pkg.b at line 1, while pkg.a is at its line 1.
    assert (outcome.path, outcome.line) == (str(root / "pkg" / "b.py"), 1)
    assert [(frame.module, frame.line) for frame in outcome.chain] == [
        ("pkg", 0),
        ("pkg.a", 1),
        ("pkg.b", 1),
    ][1:]
    assert agree(root, "pkg.b").message.startswith("cannot import name 'g'")


def test_from_import_of_a_name_bound_above_succeeds(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "def f(): pass\nfrom pkg.b import g\n",
            "pkg/b.py": "from pkg.a import f\ndef g(): pass\n",
        },
    )
    assert agree(root, "pkg.a").verdict is Verdict.SURVIVES
    # From the other side, pkg.a reads g before pkg.b has bound it.
    assert agree(root, "pkg.b").exception == "ImportError"


def test_from_package_import_submodule_works_on_a_partial_package(tmp_path: Path) -> None:
    # The Flask blueprint idiom: the package binds an object, then imports submodules that
    # read it back.
    root = tree(
        tmp_path,
        {
            "app/__init__.py": "registry = {}\nfrom app import views\nfrom . import models\n",
            "app/views.py": "from app import registry\nfrom app import models\n",
            "app/models.py": "import app\nVALUE = app.registry\n",
        },
    )
    for entry in ("app", "app.views", "app.models"):
        assert agree(root, entry).verdict is Verdict.SURVIVES


@pytest.mark.parametrize(
    "reader",
    [
        "import pkg.a\nclass B(pkg.a.Base): pass\n",
        "import pkg.a\n@pkg.a.decorate\ndef g(): pass\n",
        "import pkg.a\ndef g(x=pkg.a.DEFAULT): pass\n",
        "import pkg.a\nVALUE = pkg.a.DEFAULT + 1\n",
        "import pkg.a\npkg.a.setup()\n",
        "from pkg import a\nclass B:\n    value = a.DEFAULT\n",
        "import pkg.a as alias\nVALUE = [alias.DEFAULT for _ in range(1)]\n",
        "import pkg.a\ndef g(x: pkg.a.Base) -> None: pass\n",
    ],
)
def test_attribute_read_of_a_partial_module_at_import_time_raises(
    tmp_path: Path, reader: str
) -> None:
    root = tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "import pkg.b\nBase = object\nDEFAULT = 1\n"
            "def decorate(f): return f\ndef setup(): pass\n",
            "pkg/b.py": reader,
        },
    )
    outcome = agree(root, "pkg.a")
    assert outcome.exception == "AttributeError"
    # pkg.a is read as pkg's attribute (not set until it finishes) or as a partial module.
    assert outcome.message.endswith("(most likely due to a circular import)")
    # Entered from pkg.b, pkg.a runs to its end first: nothing raises.
    assert agree(root, "pkg.b").verdict is Verdict.SURVIVES


def test_reads_inside_functions_and_postponed_annotations_do_not_run(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "import pkg.b\nBase = object\n",
            "pkg/b.py": "from __future__ import annotations\nimport pkg.a\n"
            "def g(x: pkg.a.Base) -> pkg.a.Base:\n    return pkg.a.Base\n"
            "h = lambda: pkg.a.Base\n",
        },
    )
    assert agree(root, "pkg.a").verdict is Verdict.SURVIVES


def test_star_import_copies_what_is_bound_and_reads_all_names(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "p/__init__.py": "",
            "p/a.py": "EARLY = 1\nfrom p.b import *\nLATE = 2\n",
            "p/b.py": "from p.a import *\nSEEN = EARLY\n",
            "q/__init__.py": "__all__ = ['X', 'b']\nfrom . import b\nX = 1\n",
            "q/b.py": "from q import *\n",
        },
    )
    assert agree(root, "p.a").verdict is Verdict.SURVIVES
    # With __all__, every listed name is read: X is not bound yet.
    assert agree(root, "q").exception == "AttributeError"


def test_import_as_always_succeeds(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "p/__init__.py": "",
            "p/a.py": "import p.sub.b as bb\nimport p.b as b2\n",
            "p/b.py": "import p.a as aa\n",
            "p/sub/__init__.py": "import p.a as aa\n",
            "p/sub/b.py": "import p.sub as s\nimport p.a\n",
        },
    )
    for entry in ("p.a", "p.b", "p.sub", "p.sub.b"):
        assert agree(root, entry).verdict is Verdict.SURVIVES


def test_parents_run_before_their_children(tmp_path: Path) -> None:
    # `import pkg.b.c` runs pkg/b/__init__.py first, which reads pkg.a before it is ready.
    root = tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "import pkg.b.c\nVALUE = 1\n",
            "pkg/b/__init__.py": "from pkg.a import VALUE\n",
            "pkg/b/c.py": "",
        },
    )
    outcome = agree(root, "pkg.a")
    assert outcome.exception == "ImportError"
    assert outcome.chain[-1].module == "pkg.b"
    assert agree(root, "pkg.b.c").verdict is Verdict.SURVIVES


def test_submodule_still_importing_is_not_an_attribute_of_its_parent(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "p/__init__.py": "",
            "p/a.py": "import p.b\ndef f(): pass\n",
            "p/b.py": "import p.a\nx = p.a.f\n",
        },
    )
    outcome = agree(root, "p.a")
    assert outcome.exception == "AttributeError"


@pytest.mark.parametrize(
    "guard",
    [
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n",
        "import typing\nif typing.TYPE_CHECKING:\n",
        "from typing import TYPE_CHECKING as TC\nif TC:\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING is True:\n",
        "from typing import TYPE_CHECKING\nif not TYPE_CHECKING:\n    pass\nelse:\n",
        "if False:\n",
        "import sys\nif sys.version_info < (3, 0):\n",
        "TYPE_CHECKING = False\nif TYPE_CHECKING:\n",
    ],
)
def test_type_checking_bodies_never_run(tmp_path: Path, guard: str) -> None:
    root = tree(
        tmp_path,
        {
            "p/__init__.py": "",
            "p/a.py": "import p.b\nX = 1\n",
            "p/b.py": guard + "    from p.a import X\n",
        },
    )
    assert agree(root, "p.a").verdict is Verdict.SURVIVES


def test_a_caught_import_error_falls_back(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "p/__init__.py": "",
            "p/a.py": "import p.b\nX = 1\n",
            "p/b.py": "try:\n    from p.a import X\nexcept ImportError:\n    X = None\n"
            "try:\n    from p.a import X\nexcept ModuleNotFoundError:\n    pass\n",
        },
    )
    # The first try catches; the second does not (a circular ImportError is no
    # ModuleNotFoundError).
    outcome = agree(root, "p.a")
    assert (outcome.exception, outcome.line) == ("ImportError", 6)


def test_third_party_and_standard_library_imports_succeed(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "p/__init__.py": "import json\nimport os.path\nfrom collections import OrderedDict\n",
            "p/a.py": "import p.b\nimport json as j\nVALUE = j.dumps\n",
            "p/b.py": "import p.a\nfrom os import path\n",
        },
    )
    assert agree(root, "p.a").verdict is Verdict.SURVIVES


def test_version_checks_are_decided_for_the_running_interpreter(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "p/__init__.py": "",
            "p/a.py": "import p.b\nX = 1\n",
            "p/b.py": "import sys\nif sys.version_info >= (3, 8):\n    from p.a import X\n",
        },
    )
    assert agree(root, "p.a").exception == "ImportError"


def test_an_entry_outside_the_cycle(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "p/__init__.py": "",
            "p/main.py": "from p import b\nfrom p import a\n",
            "p/a.py": "from p.b import Y\nX = 1\n",
            "p/b.py": "from p.a import X\nY = 2\n",
        },
    )
    assert agree(root, "p.main").exception == "ImportError"


@pytest.mark.parametrize(
    ("partner", "reason", "real"),
    [
        ("globals()['X'] = 1\nimport p.b\n", "globals()", "AttributeError"),
        ("def __getattr__(name): return 1\nimport p.b\n", "__getattr__", None),
        ("exec('Z = 1')\nimport p.b\n", "exec()", None),
    ],
)
def test_code_that_defeats_static_reading_is_unknown(
    tmp_path: Path, partner: str, reason: str, real: str | None
) -> None:
    root = tree(
        tmp_path,
        {"p/__init__.py": "", "p/a.py": partner, "p/b.py": "from p import a\nY = a.Z\n"},
    )
    outcome = predict(root, "p.a")
    assert outcome.verdict is Verdict.UNKNOWN
    assert reason in outcome.message
    # Whether it raises depends on what the dynamic code binds: Python says either.
    assert run_python(root, "p.a").exception == real


def test_a_name_bound_on_one_branch_of_an_unknown_condition_is_unknown(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "p/__init__.py": "",
            "p/a.py": "import os\nif os.environ.get('FLAG'):\n    X = 1\nimport p.b\n",
            "p/b.py": "from p.a import X\n",
        },
    )
    outcome = predict(root, "p.a")
    assert outcome.verdict is Verdict.UNKNOWN
    assert "p/a.py:2" in outcome.message
    # Bound on both branches: it does not matter which one runs.
    (root / "p" / "a.py").write_text(
        "import os\nif os.environ.get('FLAG'):\n    X = 1\nelse:\n    X = 2\nimport p.b\n"
    )
    assert agree(root, "p.a").verdict is Verdict.SURVIVES


def test_a_leaf_module_imported_on_one_branch_only_does_not_matter(tmp_path: Path) -> None:
    # The SQLAlchemy idiom: a pure-Python module or its compiled twin, chosen at run time.
    root = tree(
        tmp_path,
        {
            "p/__init__.py": "",
            "p/_py_row.py": "class Row: pass\n",
            "p/a.py": "import os\nif os.environ.get('NO_SUCH_FLAG'):\n"
            "    from p._py_row import Row\nelse:\n    Row = object\n"
            "import p.b\nLATE = 1\n",
            "p/b.py": "from p.a import Row\nfrom p.a import LATE\n",
        },
    )
    # Row is bound on both branches; LATE is not bound yet: it raises, whichever branch ran.
    outcome = agree(root, "p.a")
    assert outcome.message.startswith("cannot import name 'LATE'")
