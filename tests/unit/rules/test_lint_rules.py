"""IMP105 unused-import and IMP106 duplicate-import on small trees."""

from __future__ import annotations

from pathlib import Path

from importmap.analysis import AnalysisRequest, analyze
from tests.conftest import MakeTree


def found(root: Path, code: str) -> list[tuple[str, int, int, str]]:
    report = analyze(AnalysisRequest(paths=(root,), base_dir=root))
    return [(f.path, f.line, f.column, f.message) for f in report.findings if f.code == code]


def test_unused_imports_respect_all_reexports_noqa_and_string_annotations(
    make_tree: MakeTree,
) -> None:
    root = make_tree(
        {
            "pkg/__init__.py": "from pkg.a import helper\nfrom pkg.a import other\n",
            "pkg/a.py": (
                "from __future__ import annotations\n"
                "import os\n"
                "import json\n"
                "import os.path\n"
                "from typing import TYPE_CHECKING\n"
                "from collections import (\n"
                "    OrderedDict,\n"
                "    deque,\n"
                ")\n"
                "import re as re\n"
                "import sys  # noqa: F401\n"
                "import abc  # noqa: IMP105\n"
                "import csv  # noqa: E501\n"
                "if TYPE_CHECKING:\n"
                "    from decimal import Decimal\n"
                "def helper(value: 'Decimal') -> None:\n"
                "    import math\n"
                "    return json.dumps(deque())\n"
                "def other(): ...\n"
            ),
            "pkg/b.py": (
                "from pkg.a import helper, other\n"
                "from pkg.a import helper as exported\n"
                "__all__ = ['exported']\n"
            ),
            "pkg/sub/__init__.py": (
                "from pkg.a import helper\nfrom pkg.a import other\n__all__ = ['helper']\n"
            ),
        }
    )
    assert found(root, "IMP105") == [
        ("pkg/a.py", 2, 8, "'os' is imported but never used"),
        ("pkg/a.py", 4, 8, "'os.path' is imported but never used"),
        ("pkg/a.py", 7, 5, "'OrderedDict' is imported but never used"),
        ("pkg/a.py", 13, 8, "'csv' is imported but never used"),
        ("pkg/a.py", 17, 12, "'math' is imported in helper but never used"),
        ("pkg/b.py", 1, 19, "'helper' is imported but never used"),
        ("pkg/b.py", 1, 27, "'other' is imported but never used"),
        ("pkg/sub/__init__.py", 2, 19, "'other' is imported but never used"),
    ]


def test_duplicate_imports_but_not_alternatives_or_submodules(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "pkg/__init__.py": "",
            "pkg/a.py": (
                "import os\n"
                "import os.path\n"
                "import xml.dom\n"
                "import xml.sax\n"
                "from json import loads\n"
                "from pickle import loads\n"
                "try:\n"
                "    import tomllib as toml\n"
                "except ImportError:\n"
                "    import tomli as toml\n"
                "if os.sep:\n"
                "    import csv\n"
                "else:\n"
                "    import csv\n"
                "import os  # noqa: F811\n"
                "def f():\n"
                "    import os\n"
                "    import sys, sys\n"
                "    return os, sys, xml, loads, toml, csv\n"
            ),
        }
    )
    assert found(root, "IMP106") == [
        ("pkg/a.py", 6, 20, "'loads' is imported again ('loads'); first imported on line 5"),
        ("pkg/a.py", 18, 17, "'sys' is imported again ('sys'); first imported on line 18"),
    ]


def test_submodule_imports_and_type_checking_twins_are_not_reported(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "pkg/__init__.py": "",
            "pkg/a.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n"
                "    from decimal import Decimal\n"
                "def draw():\n"
                "    import xml as x\n"
                "    import xml.dom  # makes x.dom usable\n"
                "    import json.decoder\n"
                "    return x.dom\n"
                "if __name__ == '__main__':\n"
                "    from decimal import Decimal\n"
                "    print(Decimal(1))\n"
            ),
        }
    )
    assert found(root, "IMP106") == []
    assert found(root, "IMP105") == [
        ("pkg/a.py", 7, 12, "'json.decoder' is imported in draw but never used")
    ]
