"""Facts only where a rule needs them: the analysis parses whole only the files whose facts a
selected rule reads, and its report is byte for byte the report of parsing every file whole."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from importmap.analysis import AnalysisRequest, analyze
from importmap.config import ServiceSettings, Settings
from importmap.heavy.settings import HeavySettings
from importmap.report.json_report import render_json
from importmap.scan.cache import ScanCache
from importmap.scan.needs import EVERY_FILE
from importmap.scan.stamp import Stamp
from importmap.selection import Selection
from importmap.usecases.analyze import build_request
from importmap.usecases.inputs import Scope
from tests.conftest import MakeTree
from tests.functional.helpers import REPO

# One file for each reason a file's facts are read, and files that give none.
TREE: dict[str, str | bytes] = {
    "app/__init__.py": "",
    # A heavy import, and one made lazy by __lazy_modules__.
    "app/frames.py": "import pandas\n\n\ndef frame():\n    return pandas.DataFrame()\n",
    "app/lazy_frames.py": '__lazy_modules__ = ["numpy"]\nimport numpy\n',
    # A main guard: an entry point that loads app.frames eagerly.
    "app/cli.py": (
        "import app.frames\n\n\ndef main():\n    return app.frames\n\n\n"
        'if __name__ == "__main__":\n    main()\n'
    ),
    # An application built at import time.
    "app/web.py": "from flask import Flask\n\napp = Flask(__name__)\n",
    # A LazyLoader helper in one file, called with a heavy module's name from another.
    "app/loader.py": (
        "import importlib.util\nimport sys\n\n\ndef lazy(name):\n"
        "    spec = importlib.util.find_spec(name)\n"
        "    loader = importlib.util.LazyLoader(spec.loader)\n"
        "    spec.loader = loader\n    module = importlib.util.module_from_spec(spec)\n"
        "    sys.modules[name] = module\n    loader.exec_module(module)\n    return module\n"
    ),
    "app/plots.py": 'from app.loader import lazy\n\nplt = lazy("matplotlib.pyplot")\n',
    # lazy_loader's own helper, and a configured one.
    "app/arrays.py": 'import lazy_loader\n\nnp = lazy_loader.load("numpy")\n',
    "app/util.py": "def defer(name):\n    return name\n",
    "app/models.py": 'from app.util import defer\n\ntorch = defer("torch")\n',
    # Services: a conventional locator, a service class, an instantiation outside it, and a
    # service class whose name Python reads in NFKC form only (fullwidth letters).
    "app/registry.py": (
        "from app.users import UserService\n\n\nclass ServiceRegistry:\n"
        "    def users(self):\n        return UserService()\n"
    ),
    "app/users.py": "class UserService:\n    pass\n",
    "app/views.py": "from app.users import UserService\n\n\ndef view():\n    return UserService()\n",
    "app/wide.py": "class \uff26oo\uff33ervice:\n    pass\n\n\nthing = \uff26oo\uff33ervice()\n",
    # Syntax the running Python may reject, a file that does not decode, one that does not parse.
    "app/generic.py": "import app.util\n\ntype Pair = tuple[int, int]\n",
    "app/latin.py": b"import app.util\n# caf\xe9\n",
    "app/broken.py": "import app.util\ndef f(:\n",
    # Files no rule reads facts of.
    "app/plain.py": "import os\nimport app.util\n\n\ndef f():\n    import json\n    return json\n",
    "app/strings.py": 'NAMES = ["numpy", "pandas"]\n',
}
# The files a selected rule reads facts of, or whose scan needs a whole parse to be exact (the
# file that does not decode is parsed whole by the imports-only scan already; the one that does
# not parse gives no facts, however it is parsed).
# app/frames.py's facts are read when its site's advice is written, not by the scan.
NEEDED = {
    "app/lazy_frames.py",
    "app/cli.py",
    "app/web.py",
    "app/loader.py",
    "app/plots.py",
    "app/arrays.py",
    "app/models.py",
    "app/registry.py",
    "app/users.py",
    "app/views.py",
    "app/wide.py",
    "app/generic.py",
    "app/latin.py",
    # Names a heavy module in a string, and every file may call app.loader's LazyLoader helper.
    "app/strings.py",
}
SETTINGS = Settings(heavy=HeavySettings(lazy_helpers=("app.util.defer",)))


def _request(root: Path, settings: Settings = SETTINGS, **more: object) -> AnalysisRequest:
    return AnalysisRequest(paths=(root / "app",), base_dir=root, settings=settings, **more)  # type: ignore[arg-type]


def _both_ways(request: AnalysisRequest) -> tuple[str, str]:
    every = render_json(analyze(replace(request, fact_needs=EVERY_FILE)))
    needed = render_json(analyze(request))
    return every, needed


def _parsed_whole(root: Path, cache_dir: Path) -> set[str]:
    """The files whose cached scan holds their facts: those the run parsed whole."""
    cache = ScanCache.load(cache_dir, print)
    found = set()
    for path in sorted((root / "app").glob("*.py")):
        key = os.path.abspath(path)
        if cache.get(key, Stamp.of(key), with_facts=True) is not None:
            found.add(path.relative_to(root).as_posix())
    return found


def test_each_reason_to_read_facts_gives_the_report_of_every_file_parsed_whole(
    make_tree: MakeTree,
) -> None:
    root = make_tree(TREE)
    every, needed = _both_ways(_request(root))
    assert needed == every
    # The report measured what the facts say: an application, a main guard, and the advice on
    # app.frames' eager pandas, read from its facts (used in a function only: move it there).
    assert '"app.web"' in needed and '"app.cli"' in needed
    assert "move the import into `frame`" in needed
    analyze(_request(root, cache_dir=root / "cache"))
    assert _parsed_whole(root, root / "cache") == NEEDED


def test_without_a_lazyloader_helper_a_string_alone_is_not_read(make_tree: MakeTree) -> None:
    tree = {path: text for path, text in TREE.items() if path not in ("app/loader.py",)}
    tree["app/plots.py"] = "import os\n"
    root = make_tree(tree)
    every, needed = _both_ways(_request(root))
    assert needed == every
    analyze(_request(root, cache_dir=root / "cache"))
    assert _parsed_whole(root, root / "cache") == NEEDED - {
        "app/loader.py",
        "app/plots.py",
        "app/strings.py",
    }


@pytest.mark.parametrize(
    "settings",
    [
        Settings(services=ServiceSettings(locators=("app.registry",))),
        Settings(services=ServiceSettings(class_patterns=("*Users*", "Foo?ervice"))),
        Settings(services=ServiceSettings(class_patterns=("*",))),
        Settings(heavy=HeavySettings(heavy=("app_heavy_dep",), threshold_ms=1000.0)),
        Settings(selection=Selection(ignore=("IMP301",))),
        Settings(selection=Selection(select=("IMP301",))),
    ],
    ids=["locator", "patterns", "every-name", "heavy-list", "no-services", "services-only"],
)
def test_configured_patterns_and_selections_give_the_same_report(
    make_tree: MakeTree, settings: Settings
) -> None:
    tree = {**TREE, "app/dep.py": "import app_heavy_dep\n"}
    root = make_tree(tree)
    every, needed = _both_ways(_request(root, settings))
    assert needed == every


def test_the_bundled_example_gives_the_same_report_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO / "examples" / "backend")
    request = build_request(Scope(paths=(Path("src"),), no_cache=True))
    every, needed = _both_ways(request)
    assert needed == every


def test_a_file_scanned_without_facts_is_scanned_again_when_they_are_needed(
    make_tree: MakeTree,
) -> None:
    root = make_tree(TREE)
    cache_dir = root / "cache"
    cold = render_json(analyze(_request(root)))
    gate = replace(SETTINGS, selection=Selection(select=("IMP001", "IMP002")))
    analyze(_request(root, gate, cache_dir=cache_dir))
    assert _parsed_whole(root, cache_dir) == set()
    assert render_json(analyze(_request(root, cache_dir=cache_dir))) == cold
    assert _parsed_whole(root, cache_dir) == NEEDED
    # Warm: every scan from the cache, nothing read again.
    warm_cache = ScanCache.load(cache_dir, print)
    warm = analyze(_request(root, cache_dir=cache_dir, scans=warm_cache))
    assert render_json(warm) == cold
    assert (warm_cache.hits, warm_cache.misses) == (len(TREE), 0)


def test_an_edit_that_makes_a_file_needed_parses_it_and_other_probes_scan_again(
    make_tree: MakeTree,
) -> None:
    root = make_tree(TREE)
    cache_dir = root / "cache"
    analyze(_request(root, cache_dir=cache_dir))
    plain = root / "app" / "plain.py"
    plain.write_text("import numpy\n", encoding="utf-8")
    os.utime(plain, ns=(0, plain.stat().st_mtime_ns + 1_000_000_000))
    assert render_json(analyze(_request(root, cache_dir=cache_dir))) == render_json(
        analyze(_request(root))
    )
    assert _parsed_whole(root, cache_dir) == NEEDED
    # Another helper configured: the probes differ, so the cached mentions are not used.
    helper = replace(SETTINGS, heavy=HeavySettings(lazy_helpers=("app.util.defer", "x.plain")))
    strings = root / "app" / "strings.py"
    strings.write_text('import os\nNAMES = plain("numpy")\n', encoding="utf-8")
    os.utime(strings, ns=(0, strings.stat().st_mtime_ns + 1_000_000_000))
    assert render_json(analyze(_request(root, helper, cache_dir=cache_dir))) == render_json(
        analyze(_request(root, helper))
    )
